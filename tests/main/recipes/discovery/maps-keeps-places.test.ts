import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../../../main/browser/launch';
import type { ExecutionEvent } from '../../../../main/engine/types';
import { ExecutionControl } from '../../../../main/engine/runner';
import { googleMapsSource, type GoogleMapsSourceOptions } from '../../../../main/recipes/discovery/map-sources';
import { world, type TestWorld } from '../../../support/engine-fixtures';
import { clonePayload, startFakeGoogleMaps, type FakeMaps, type FakePlace } from '../../../support/fixture-sites/fake-google-maps';
import { startFakeNominatim, type FakeNominatim } from '../../../support/fixture-sites/fake-nominatim';
import { sharedFixture } from '../../../support/shared-fixtures';
import { tempDir } from '../../../support/temp';
import { mapSearchOf } from '../../../../main/services/runs';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`maps-keeps-places: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const payload = JSON.parse(readFileSync(sharedFixture('gmaps', 'place-payload-paris-doctor.json'), 'utf8')) as unknown[];

function fakePlace(i: number, lat: number, lng: number): FakePlace {
  const dataId = `0x47e66d0f9b0a${(0xd000 + i).toString(16)}:0xa8144bae9d44${(0x4000 + i).toString(16)}`;
  const name = `Cabinet ${i}`;
  return { name, dataId, lat, lng, payload: clonePayload(payload, { name, placeId: `ChIJkeep${i}`, dataId, lat, lng }) };
}

// Paris as Nominatim gives it: [south, north, west, east].
const PARIS = { display_name: 'Paris, Île-de-France, France', lat: 48.86, lon: 2.35, boundingbox: [48.8, 48.92, 2.25, 2.45] as [number, number, number, number], country_code: 'fr' };
const QUARTER_CENTRES = [[48.89, 2.3], [48.89, 2.4], [48.83, 2.3], [48.83, 2.4]] as const;
/** Three places in each quarter of Paris: more than a search with a cap of 5 shows. */
const GRID_PLACES = QUARTER_CENTRES.flatMap(([lat, lng], q) => [0, 1, 2].map((j) => fakePlace(q * 3 + j + 1, lat + (j - 1) / 100, lng + (j - 1) / 200)));

const FAST: GoogleMapsSourceOptions['search'] = { pacing: { placeDelayMs: [0, 0], scrollDelayMs: 150, searchDelayMs: [0, 0] }, feedTimeoutMs: 5000, stallRounds: 3 };

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe.skipIf(!hasChromium)('discovery keeps what Google Maps found (real Chromium, loopback Maps and Nominatim)', () => {
  let session: BrowserSession;
  let nominatim: FakeNominatim;
  let maps: FakeMaps | undefined;
  let w: TestWorld | undefined;
  let n = 0;

  beforeAll(async () => {
    session = await launchBrowser({ executablePath: CHROMIUM, navigationTimeoutMs: 15_000 });
    nominatim = await startFakeNominatim({ paris: PARIS });
  });
  afterAll(async () => {
    await session?.close();
    await nominatim?.close();
  });
  afterEach(async () => {
    await maps?.close();
    maps = undefined;
    w?.close();
    w = undefined;
    await session.context.clearCookies();
  });

  /** A run over the Maps source alone, its notes collected, in a fresh workspace. */
  function setUp(m: FakeMaps, search: GoogleMapsSourceOptions['search'] = {}) {
    w = world(tmp.file(`maps-${n++}.db`), []);
    const source = googleMapsSource({
      offline: false, baseUrl: m.baseUrl, nominatimUrl: nominatim.url, search: { ...FAST, ...search },
      // One browser for the whole file: the source drives its page and leaves it open.
      openPage: async () => ({ page: session.page, close: async () => {} }),
    });
    const engine = w.engineFor({ discovery: { sources: () => [source] } });
    const notes: string[] = [];
    engine.on('event', (e: ExecutionEvent) => {
      if (e.type === 'progress' && e.progress?.phase === 'preparing' && e.progress.note) notes.push(e.progress.note);
    });
    const ex = w.newExecution({ sources: ['google_maps'], keywords: ['dentist'], location: 'Paris', max_results: 50 });
    return { engine, ex, notes, store: w.store };
  }

  const placePages = (m: FakeMaps) => m.placesServed;
  const searchPages = (m: FakeMaps) => m.requests.filter((r) => r.startsWith('/maps/search/'));

  it('a block after N places keeps the N, pauses the run with BLOCKED, and the resume reads only the rest', async () => {
    const places = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => fakePlace(i, 48.86 + i / 1000, 2.35));
    maps = await startFakeGoogleMaps({ places, blockAfter: 4, batch: 5 });
    const { engine, ex, notes, store } = setUp(maps);
    const geocodes = nominatim.queries.length;

    const first = await engine.run(ex);
    expect(first.status).toBe('paused');
    expect(first.error?.code).toBe('BLOCKED');
    // The message says what happened to the places and what to do next.
    expect(first.error?.message).toMatch(/unusual traffic/);
    expect(first.error?.message).toMatch(/The 4 place\(s\) found before the block are kept/);
    expect(first.error?.message).toContain(`hunter resume ${ex}`);
    expect(first.error?.message).toMatch(/OpenStreetMap/);
    expect(store.leads.query({ execution_id: ex }).map((l) => l.name).sort()).toEqual(['Cabinet 1', 'Cabinet 2', 'Cabinet 3', 'Cabinet 4']);
    expect(store.mapProgress.places(ex, 'google_maps')).toHaveLength(4);
    expect(store.mapProgress.cells(ex, 'google_maps')).toMatchObject([{ path: '', status: 'open', places_found: 4, links_read: 4 }]);
    // What the run monitor and `hunter runs show` say of the paused search.
    expect(mapSearchOf(store, ex)).toEqual([{ query: 'dentist', areas: 1, areas_done: 0, places: 4, latest: { area: 'whole area', places: 4, done: false } }]);
    expect(placePages(maps)).toHaveLength(4);
    // Places were reported one by one as they were read, per query and cell.
    expect(notes).toContain('Google Maps "dentist" whole area: 1 place(s), 1 in all');
    expect(notes).toContain('Google Maps "dentist" whole area: 4 place(s), 4 in all');

    maps.unblock();
    const second = await engine.run(ex);
    expect(second.status).not.toBe('paused');
    expect(second.status).not.toBe('failed');
    expect(store.leads.query({ execution_id: ex })).toHaveLength(10);
    // No place page was opened twice: the resume skipped the four it had, by their keys.
    expect(placePages(maps)).toHaveLength(10);
    expect(new Set(placePages(maps)).size).toBe(10);
    expect(store.mapProgress.cells(ex, 'google_maps')).toMatchObject([{ path: '', status: 'done', places_found: 10, results: 10, ended: 'end_of_list' }]);
    expect(notes).toContain('Google Maps "dentist" whole area: done, 10 new place(s) of 10 shown (end of list), 10 in all');
    // Geocoded once: the resume kept the area its cells were made of.
    expect(nominatim.queries.slice(geocodes)).toEqual(['Paris']);
  });

  it('a search that shows the cap is split into the grid of the place\'s area, in a real run', async () => {
    maps = await startFakeGoogleMaps({ places: GRID_PLACES, cap: 5, batch: 5 });
    const { engine, ex, notes, store } = setUp(maps, { splitThreshold: 5, maxSplitDepth: 1 });
    const before = nominatim.queries.length;
    const r = await engine.run(ex);
    expect(r.status).not.toBe('failed');
    expect(nominatim.queries.slice(before)).toEqual(['Paris']);
    expect(store.leads.query({ execution_id: ex })).toHaveLength(12);
    const cells = store.mapProgress.cells(ex, 'google_maps');
    expect(cells.map((c) => [c.path, c.status])).toEqual([['', 'done'], ['0', 'done'], ['1', 'done'], ['2', 'done'], ['3', 'done']]);
    expect(cells[0]!.box).toEqual({ south: 48.8, north: 48.92, west: 2.25, east: 2.45 });
    expect(cells.reduce((a, c) => a + c.places_found, 0)).toBe(12);
    expect(mapSearchOf(store, ex)).toMatchObject([{ query: 'dentist', areas: 5, areas_done: 5, places: 12, latest: { area: 'cell 3', done: true } }]);
    expect(searchPages(maps)).toHaveLength(5);
    expect(new Set(placePages(maps)).size).toBe(placePages(maps).length);
    expect(notes.some((t) => /^Google Maps "dentist" cell 3: done, \d+ new place\(s\) of 3 shown/.test(t))).toBe(true);
  });

  it('a block inside the grid resumes from the next cell: finished cells are not searched again', async () => {
    maps = await startFakeGoogleMaps({ places: GRID_PLACES, cap: 5, batch: 5, blockAfter: 8 });
    const { engine, ex, store } = setUp(maps, { splitThreshold: 5, maxSplitDepth: 1 });
    const first = await engine.run(ex);
    expect(first).toMatchObject({ status: 'paused', error: { code: 'BLOCKED' } });
    expect(store.leads.query({ execution_id: ex })).toHaveLength(8);
    const stopped = store.mapProgress.cells(ex, 'google_maps');
    const done = stopped.filter((c) => c.status === 'done').map((c) => c.path);
    expect(done.length).toBeGreaterThanOrEqual(2);
    const searchedBefore = searchPages(maps).length;

    maps.unblock();
    const second = await engine.run(ex);
    expect(second.status).not.toBe('paused');
    expect(store.leads.query({ execution_id: ex })).toHaveLength(12);
    expect(placePages(maps)).toHaveLength(12);
    expect(new Set(placePages(maps)).size).toBe(12);
    // Only the cell that was open and those after it were searched on resume.
    expect(searchPages(maps).length - searchedBefore).toBe(5 - done.length);
    expect(store.mapProgress.cells(ex, 'google_maps').every((c) => c.status === 'done')).toBe(true);
  });

  it('a pause mid-search keeps the places read, and the resume goes on from there', async () => {
    const places = [1, 2, 3, 4, 5, 6].map((i) => fakePlace(i, 48.86, 2.35 + i / 1000));
    maps = await startFakeGoogleMaps({ places, batch: 6 });
    const { engine, ex, store } = setUp(maps);
    const control = new ExecutionControl();
    const pauseAt = (e: ExecutionEvent) => {
      if (e.progress?.note?.includes(': 3 place(s), 3 in all')) control.pause();
    };
    engine.on('event', pauseAt);
    const first = await engine.run(ex, control);
    engine.off('event', pauseAt);
    expect(first.status).toBe('paused');
    const kept = store.leads.query({ execution_id: ex }).length;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(6);
    const second = await engine.run(ex);
    expect(second.status).not.toBe('paused');
    expect(store.leads.query({ execution_id: ex })).toHaveLength(6);
    expect(new Set(placePages(maps)).size).toBe(placePages(maps).length);
    expect(placePages(maps)).toHaveLength(6);
  });
});
