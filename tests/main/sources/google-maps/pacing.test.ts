import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pacer, type EnterOptions } from '../../../../main/core/pacing';
import { launchBrowser, type BrowserSession } from '../../../../main/browser/launch';
import { searchGoogleMaps, type GmapsSearchOptions } from '../../../../main/sources/google-maps/search-flow';
import { clonePayload, startFakeGoogleMaps, type FakeMaps, type FakePlace } from '../../../support/fixture-sites/fake-google-maps';
import { sharedFixture } from '../../../support/shared-fixtures';
import { FakeClock } from '../../core/fake-clock';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`google-maps pacing: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const payload = JSON.parse(readFileSync(sharedFixture('gmaps', 'place-payload-paris-doctor.json'), 'utf8')) as unknown[];

function fakePlace(i: number): FakePlace {
  const dataId = `0x47e66d0f9b0a${(0xd000 + i).toString(16)}:0xa8144bae9d44${(0x4000 + i).toString(16)}`;
  const name = `Cabinet ${i}`;
  const lat = 48.86 + i / 1000;
  return { name, dataId, lat, lng: 2.35, payload: clonePayload(payload, { name, placeId: `ChIJpace${i}`, dataId, lat, lng: 2.35 }) };
}

interface Paced {
  gap: number;
  start: number;
  end: number;
}

/** The pacer every page of a search goes through, noting each page's pause, start and end in its own clock. */
class RecordingPacer extends Pacer {
  readonly pages: Paced[] = [];
  constructor(private readonly clock: FakeClock) {
    super({ concurrency: 1, from: 'end', now: clock.now, sleep: clock.sleep });
  }

  override run<T>(key: string, fn: () => Promise<T>, o: EnterOptions = {}): Promise<T> {
    return super.run(
      key,
      async () => {
        const page: Paced = { gap: o.gapMs ?? 0, start: this.clock.now(), end: Number.NaN };
        this.pages.push(page);
        try {
          return await fn();
        } finally {
          page.end = this.clock.now();
        }
      },
      o,
    );
  }
}

// The pauses as shipped; the clock jumps straight through them, so the test takes no longer for them.
const PACING: GmapsSearchOptions['pacing'] = { placeDelayMs: [1500, 4000], searchDelayMs: [3000, 6000], scrollDelayMs: 100 };

describe.skipIf(!hasChromium)('Google Maps pacing', () => {
  let session: BrowserSession;
  let maps: FakeMaps;

  beforeAll(async () => {
    session = await launchBrowser({ executablePath: CHROMIUM, navigationTimeoutMs: 15_000 });
    maps = await startFakeGoogleMaps({ places: [1, 2, 3, 4].map(fakePlace), batch: 4 });
  });
  afterAll(async () => {
    await maps?.close();
    await session?.close();
  });

  it('opens one page at a time, each a random pause after the last one was read, from the ranges set', async () => {
    const clock = new FakeClock(0, { auto: true });
    const pacer = new RecordingPacer(clock);
    let dice = 0;
    const random = () => [0, 1, 0.5, 0.25, 0.75][dice++ % 5]!;
    const result = await searchGoogleMaps(session.page, {
      keywords: ['dentist', 'cabinet'], location: 'Paris', baseUrl: maps.baseUrl, pacing: PACING, pacer, random, feedTimeoutMs: 5000, stallRounds: 2,
    });
    expect(result.errors).toEqual([]);
    expect(result.searches).toHaveLength(2);
    // Two search pages and four place pages, each opened once: every page went through the pacer.
    expect(pacer.pages).toHaveLength(6);
    expect(maps.requests.filter((r) => r.startsWith('/maps/place/'))).toHaveLength(4);
    for (const [i, p] of pacer.pages.entries()) {
      const isSearch = i === 0 || i === 5;
      const [low, high] = isSearch ? PACING.searchDelayMs! : PACING.placeDelayMs!;
      expect(p.gap, `page ${i}`).toBeGreaterThanOrEqual(low);
      expect(p.gap, `page ${i}`).toBeLessThanOrEqual(high);
      if (i > 0) expect(p.start - pacer.pages[i - 1]!.end, `page ${i}`).toBeGreaterThanOrEqual(p.gap);
    }
  });

  it('keeps two searches at once to one page at a time between them, and a cancelled one stops waiting', async () => {
    const clock = new FakeClock(0, { auto: true });
    const pacer = new RecordingPacer(clock);
    const other = await session.context.newPage();
    try {
      const o = { keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl, pacing: PACING, pacer, feedTimeoutMs: 5000, stallRounds: 2 };
      const [a, b] = await Promise.all([searchGoogleMaps(session.page, o), searchGoogleMaps(other, o)]);
      expect(a.places).toHaveLength(4);
      expect(b.places).toHaveLength(4);
      const pages = [...pacer.pages].sort((x, y) => x.start - y.start);
      expect(pages).toHaveLength(10);
      for (let i = 1; i < pages.length; i++) expect(pages[i]!.start - pages[i - 1]!.end).toBeGreaterThanOrEqual(pages[i]!.gap);

      const ac = new AbortController();
      const held = await pacer.enter(maps.baseUrl);
      const waiting = searchGoogleMaps(other, { ...o, signal: ac.signal });
      ac.abort();
      await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
      held();
    } finally {
      await other.close();
    }
  });
});
