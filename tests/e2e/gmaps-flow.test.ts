import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../main/core/errors';
import { launchBrowser, type BrowserSession } from '../../main/browser/launch';
import { searchGoogleMaps, type GmapsFound, type GmapsSearchOptions } from '../../main/sources/google-maps/search-flow';
import { clonePayload, startFakeGoogleMaps, type FakeMaps, type FakePlace } from '../support/fixture-sites/fake-google-maps';
import { sharedFixture } from '../support/shared-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`gmaps-flow: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const payload = JSON.parse(readFileSync(sharedFixture('gmaps', 'place-payload-paris-doctor.json'), 'utf8')) as unknown[];
const closedArray = JSON.parse(readFileSync(sharedFixture('gmaps', 'place-array-closed-business.json'), 'utf8')) as unknown[];

const PARIS: FakePlace = { name: 'Docteur Brault Nicolas', dataId: '0x47e66d0f9b0ad785:0xa8144bae9d444f92', lat: 48.8658015, lng: 2.4011098, payload };
const CLOSED: FakePlace = { name: 'Academia Fitness Buritis', dataId: '0xa697c2dbfa8547:0x1025291314b5b56d', lat: 48.87, lng: 2.39, payload: [null, null, null, null, null, null, closedArray] };

function fakePlace(i: number, lat: number, lng: number): FakePlace {
  const dataId = `0x47e66d0f9b0a${(0xd000 + i).toString(16)}:0xa8144bae9d44${(0x4000 + i).toString(16)}`;
  const name = `Cabinet ${i}`;
  return { name, dataId, lat, lng, payload: clonePayload(payload, { name, placeId: `ChIJfake${i}`, dataId, lat, lng }) };
}

const FAST: Partial<GmapsSearchOptions> = {
  pacing: { placeDelayMs: [0, 0], scrollDelayMs: 150, searchDelayMs: [0, 0] },
  feedTimeoutMs: 5000,
  stallRounds: 3,
};

describe.skipIf(!hasChromium)('Google Maps flow in real Chromium against a loopback Maps', () => {
  let session: BrowserSession;
  let maps: FakeMaps | undefined;

  beforeAll(async () => {
    session = await launchBrowser({ executablePath: CHROMIUM, navigationTimeoutMs: 15_000 });
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    await maps?.close();
    maps = undefined;
    await session.context.clearCookies();
  });

  it('answers the consent page, scrolls the feed to its end and reads every place from its embedded JSON', async () => {
    const extra = [1, 2, 3, 4, 5].map((i) => fakePlace(i, 48.86 + i / 1000, 2.35));
    maps = await startFakeGoogleMaps({ places: [PARIS, CLOSED, ...extra], consent: true, batch: 3 });
    const seen: GmapsFound[] = [];
    const result = await searchGoogleMaps(session.page, {
      ...FAST,
      keywords: ['plastic surgeon'],
      location: 'Paris',
      language: 'en',
      baseUrl: maps.baseUrl,
      onPlace: (f) => {
        seen.push(f);
      },
    });
    expect(maps.consentAnswers).toEqual(['accepted']);
    expect(result.errors).toEqual([]);
    expect(result.searches).toHaveLength(1);
    expect(result.searches[0]).toMatchObject({ ended: 'end_of_list', results: 7 });
    expect(result.searches[0]!.url).toContain('/maps/search/plastic+surgeon+in+Paris');
    expect(result.places).toHaveLength(7);
    expect(seen).toHaveLength(7);
    const paris = result.places.find((f) => f.place.place_id === 'ChIJhdcKmw9t5kcRkk9Ena5LFKg')!.place;
    expect(paris).toMatchObject({ name: 'Docteur Brault Nicolas', rating: 4.8, review_count: 20, phone: '+33 1 56 01 75 69', categories: ['Chirurgien plasticien'] });
    const closed = result.places.find((f) => f.place.name === 'Academia Fitness Buritis')!.place;
    expect(closed.closed).toBe(true);
    // Each place page was opened exactly once, in the page language asked for.
    const placeRequests = maps.requests.filter((r) => r.startsWith('/maps/place/'));
    expect(placeRequests).toHaveLength(7);
    expect(new Set(placeRequests).size).toBe(7);
    expect(placeRequests.every((r) => r.includes('hl=en'))).toBe(true);
  });

  it('resumes: places done in an earlier run are not opened again', async () => {
    const extra = [1, 2, 3, 4].map((i) => fakePlace(i, 48.86, 2.35 + i / 1000));
    maps = await startFakeGoogleMaps({ places: [PARIS, ...extra], batch: 5 });
    const first = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl, maxPlaces: 2 });
    expect(first.places).toHaveLength(2);
    const done = first.places.flatMap((f) => f.keys);
    const before = maps.requests.length;
    const second = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl, done });
    expect(second.places).toHaveLength(3);
    expect(second.skipped).toBe(2);
    const names = new Set([...first.places, ...second.places].map((f) => f.place.name));
    expect(names.size).toBe(5);
    const reopened = maps.requests.slice(before).filter((r) => r.startsWith('/maps/place/') && first.places.some((f) => r.includes(f.keys[0]!)));
    expect(reopened).toEqual([]);
  });

  it('stops scrolling a feed that stops growing without an end-of-list line', async () => {
    const extra = [1, 2, 3, 4, 5, 6].map((i) => fakePlace(i, 48.86, 2.35 + i / 1000));
    maps = await startFakeGoogleMaps({ places: extra, endMarker: false, batch: 2 });
    const started = Date.now();
    const result = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl });
    expect(result.searches[0]!.ended).toBe('stalled');
    expect(result.places).toHaveLength(6);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('splits a saturated area into a grid and de-duplicates places by place_id', async () => {
    const centers = [
      [48.89, 2.3],
      [48.89, 2.4],
      [48.83, 2.3],
      [48.83, 2.4],
    ] as const;
    const places = centers.flatMap(([lat, lng], q) => [0, 1, 2].map((j) => fakePlace(q * 3 + j + 1, lat + (j - 1) / 100, lng + (j - 1) / 200)));
    maps = await startFakeGoogleMaps({ places, cap: 5, batch: 5 });
    const result = await searchGoogleMaps(session.page, {
      ...FAST,
      keywords: ['dentist'],
      area: { south: 48.8, west: 2.25, north: 48.92, east: 2.45 },
      baseUrl: maps.baseUrl,
      splitThreshold: 5,
      maxSplitDepth: 1,
    });
    expect(result.searches).toHaveLength(5);
    expect(result.searches.map((s) => s.depth)).toEqual([0, 1, 1, 1, 1]);
    expect(result.places).toHaveLength(12);
    expect(new Set(result.places.map((f) => f.place.place_id)).size).toBe(12);
    // Places found by the first, saturated search were not opened again by the grid searches.
    const placeRequests = maps.requests.filter((r) => r.startsWith('/maps/place/'));
    expect(placeRequests).toHaveLength(12);
    expect(result.skipped).toBe(5);
  });

  it('reports BLOCKED on the /sorry/ page and does not go on', async () => {
    maps = await startFakeGoogleMaps({ places: [PARIS], sorry: true });
    const err = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist', 'lawyer'], location: 'Paris', baseUrl: maps.baseUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('BLOCKED');
    expect((err as HunterError).retryable).toBe(false);
    expect(maps.requests.filter((r) => r.startsWith('/maps/search/'))).toHaveLength(1);
  });

  it('reports BLOCKED on a captcha', async () => {
    maps = await startFakeGoogleMaps({ places: [PARIS], captcha: true });
    const err = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl }).catch((e: unknown) => e);
    expect((err as HunterError).code).toBe('BLOCKED');
  });

  it('gives a coded error for a place page it cannot read and goes on with the others', async () => {
    const broken: FakePlace = { name: 'Broken', dataId: '0x1:0x2', lat: 48.86, lng: 2.35, payload: { rawState: '[[1],null,null,[null,"nothing here"]]' } };
    maps = await startFakeGoogleMaps({ places: [broken, PARIS] });
    const result = await searchGoogleMaps(session.page, { ...FAST, keywords: ['dentist'], location: 'Paris', baseUrl: maps.baseUrl, feedTimeoutMs: 2000 });
    expect(result.places.map((f) => f.place.name)).toEqual(['Docteur Brault Nicolas']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.code).toBe('INVALID_INPUT');
    expect(result.errors[0]!.recordId).toBe('0x1:0x2');
  });
});
