import type { Page, Response } from 'playwright-core';
import { HunterError, toHunterError } from '../../core/errors';
import { Pacer } from '../../core/pacing';
import { sleep } from '../../core/sleep';
import { assertBox, splitBox, viewportFor, type BoundingBox } from './grid';
import { acceptConsent, assertNotBlocked, isConsentPage } from './page-guards';
import { parsePlace, type GmapsPlace } from './place-parser';
import { GOOGLE_BASE_URL, placeLinkKey, searchUrl, withLanguage } from './urls';

export interface GmapsPacing {
  /** Random pause between the end of the last page's reading and opening a place page, ms. */
  placeDelayMs: [number, number];
  /** Wait after each scroll of the result feed, ms. */
  scrollDelayMs: number;
  /** Random pause between the end of the last page's reading and opening a search page, ms. */
  searchDelayMs: [number, number];
}

export const DEFAULT_PACING: GmapsPacing = { placeDelayMs: [1500, 4000], scrollDelayMs: 1200, searchDelayMs: [3000, 6000] };

/**
 * The app's one pace for Google Maps: one page at a time, each opened a random pause after the last one was
 * read, whichever search (or run) opens it. Two searches at once would otherwise look twice as eager.
 */
const APP_PACER = new Pacer({ concurrency: 1, from: 'end' });

export interface GmapsSearchOptions {
  keywords: string[];
  /** A place name ("Mumbai"); used in the query when no `area` is given. */
  location?: string;
  /** Page language (`hl`), e.g. "en", "de". */
  language?: string;
  /** The area to cover; with it, a saturated search is split into a grid of smaller searches. */
  area?: BoundingBox;
  /** Injected so tests run this very code against a loopback server. */
  baseUrl?: string;
  maxPlaces?: number;
  /** A search returning at least this many places is assumed cut off by Google's ~120 cap, and split. */
  splitThreshold?: number;
  maxSplitDepth?: number;
  pacing?: Partial<GmapsPacing>;
  maxScrolls?: number;
  /** Scrolls in a row without a new result before the feed counts as finished. */
  stallRounds?: number;
  /** Keys of places already done in an earlier run (resume). */
  done?: Iterable<string>;
  /** Where an earlier run of this search stopped: its cells by key, and how many places it found. */
  resume?: GmapsResume;
  /** Called after each place is read; store `keys` to resume later. The search waits for it. */
  onPlace?: (found: GmapsFound) => void | Promise<void>;
  /** Called as a cell's search page is opened, and once its feed is dealt with; store it to resume later. */
  onCell?: (event: GmapsCellEvent) => void | Promise<void>;
  signal?: AbortSignal;
  /** Opens each page in turn with the pauses of `pacing`; the app's own unless given (tests give one with a clock of theirs). */
  pacer?: Pacer;
  /** The wait between scrolls of the feed. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  feedTimeoutMs?: number;
  /** Texts that mark the end of the result list, per language. */
  endOfList?: RegExp[];
}

/** One search page: a query over the whole area (path "") or over a part of it after a grid split. */
export interface GmapsCell {
  /** Stable across runs of the same search: what a resume finds the cell's progress by. */
  key: string;
  query: string;
  /** "" for the whole area, "2" for its third quarter, "2.0" for that quarter's first quarter … */
  path: string;
  depth: number;
  box?: BoundingBox;
}

export type GmapsCellEvent =
  | { kind: 'opened'; cell: GmapsCell }
  | { kind: 'finished'; cell: GmapsCell; results: number; ended: GmapsSearchLog['ended'] };

/** A cell as an earlier run left it: done (its feed dealt with) or open, and how far its feed was read. */
export interface GmapsCellProgress {
  status: 'open' | 'done';
  links_read: number;
  results: number | null;
}

export interface GmapsResume {
  cells: ReadonlyMap<string, GmapsCellProgress>;
  /** Places the earlier run found; they count toward `maxPlaces`. */
  found: number;
}

export interface GmapsFound {
  place: GmapsPlace;
  url: string;
  /** Every key this place is known by (feature id, place_id); a resumed run skips them. */
  keys: string[];
  query: string;
  cell: GmapsCell;
  /** Links of the cell's feed dealt with once this place is read (its scroll position). */
  linksRead: number;
}

export interface GmapsSearchLog {
  url: string;
  query: string;
  results: number;
  ended: 'end_of_list' | 'stalled' | 'max_scrolls' | 'enough' | 'single_place' | 'no_results';
  depth: number;
}

export interface GmapsSearchResult {
  places: GmapsFound[];
  /** Places that could not be read (each with its own coded error); the others went on. */
  errors: HunterError[];
  searches: GmapsSearchLog[];
  /** Links skipped because an earlier run (or another search here) already read them. */
  skipped: number;
  /** Cells an earlier run had finished, so their search pages were not opened again. */
  cellsResumed: number;
}

/** The key a cell's progress is stored under: its query and its place in the grid. */
export function cellKey(query: string, path: string): string {
  return `${query}@${path || '*'}`;
}

const FEED = "div[role='feed']";
const DEFAULT_END_OF_LIST = [
  /reached the end of the list/i,
  /fin de la liste/i,
  /Ende der Liste/i,
  /final de la lista/i,
  /fine dell'elenco/i,
  /final da lista/i,
  /einde van de lijst/i,
  /koniec listy/i,
];

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, signal, 'The search was cancelled.');
}

/**
 * Searches Google Maps in the rep's browser: for each keyword, the search page, its consent page, the
 * scrolled result feed, then each place page read from its embedded JSON. Blocks (/sorry/, captcha) stop
 * the search with BLOCKED; places found before that were already handed to `onPlace`.
 */
export async function searchGoogleMaps(page: Page, options: GmapsSearchOptions): Promise<GmapsSearchResult> {
  const o = resolve(options);
  const seen = new Set<string>([...(options.done ?? [])].map((k) => k.toLowerCase()));
  const result: GmapsSearchResult = { places: [], errors: [], searches: [], skipped: 0, cellsResumed: 0 };
  const foundBefore = options.resume?.found ?? 0;
  const remaining = () => o.maxPlaces - foundBefore - result.places.length;
  const enough = () => remaining() <= 0;

  // The page is opened and read in the pacer's slot: the pause before the next page counts from the end of this one.
  const paced = <T>(range: [number, number], fn: () => Promise<T>): Promise<T> =>
    o.pacer.run(o.baseUrl, fn, { signal: options.signal, gapMs: Math.round(range[0] + (range[1] - range[0]) * o.random()) });

  const goto = async (url: string): Promise<void> => {
    if (options.signal?.aborted) throw new HunterError('CANCELLED', 'The search was cancelled.');
    let response: Response | null;
    try {
      response = await page.goto(url, { waitUntil: 'domcontentloaded' });
    } catch (err) {
      throw navigationError(err, url);
    }
    await assertNotBlocked(page, response?.status());
    if (await isConsentPage(page)) {
      await acceptConsent(page);
      await assertNotBlocked(page);
    }
  };

  const readPlace = async (href: string, linkKey: string, cell: GmapsCell, linksRead: number): Promise<void> => {
    const read = await paced(o.pacing.placeDelayMs, async (): Promise<{ place: GmapsPlace } | { error: unknown }> => {
      await goto(withLanguage(href, options.language));
      try {
        return { place: await parsePlaceFromPage(page, o.feedTimeoutMs) };
      } catch (err) {
        return { error: err };
      }
    });
    if ('error' in read) {
      const e = toHunterError(read.error);
      result.errors.push(new HunterError(e.code, `${href}: ${e.message}`, { cause: read.error, recordId: linkKey }));
      seen.add(linkKey);
      return;
    }
    const { place } = read;
    const keys = [linkKey, place.data_id?.toLowerCase(), place.place_id?.toLowerCase()].filter((k): k is string => !!k);
    const duplicate = keys.some((k) => k !== linkKey && seen.has(k));
    for (const k of keys) seen.add(k);
    if (duplicate) {
      result.skipped++;
      return;
    }
    const found: GmapsFound = { place, url: page.url(), keys: [...new Set(keys)], query: cell.query, cell, linksRead };
    result.places.push(found);
    await options.onPlace?.(found);
  };

  /** Searches one cell (unless an earlier run finished it), then its quarters if it showed the cap. */
  const searchArea = async (query: string, box: BoundingBox | undefined, path: string, depth: number): Promise<void> => {
    if (enough()) return;
    const cell: GmapsCell = { key: cellKey(query, path), query, path, depth, ...(box ? { box } : {}) };
    const before = options.resume?.cells.get(cell.key);
    let results: number;
    if (before?.status === 'done') {
      results = before.results ?? 0;
      result.cellsResumed++;
    } else {
      await options.onCell?.({ kind: 'opened', cell });
      const url = searchUrl(o.baseUrl, query, box ? viewportFor(box) : undefined, options.language);
      // Scrolled past the links an earlier run dealt with (they are skipped as known) to as many new ones as wanted.
      const feed = await paced(o.pacing.searchDelayMs, async () => {
        await goto(url);
        return collectFeed(page, o, remaining() + (before?.links_read ?? 0));
      });
      result.searches.push({ url, query, results: feed.links.length, ended: feed.ended, depth });
      let linksRead = 0;
      for (const href of feed.links) {
        if (enough()) break;
        linksRead++;
        const key = placeLinkKey(href);
        if (seen.has(key)) {
          result.skipped++;
          continue;
        }
        await readPlace(href, key, cell, linksRead);
      }
      results = feed.links.length;
      await options.onCell?.({ kind: 'finished', cell, results, ended: enough() && linksRead < results ? 'enough' : feed.ended });
    }
    if (enough()) return;
    if (box && results >= o.splitThreshold && depth < o.maxSplitDepth) {
      let i = 0;
      for (const part of splitBox(box)) await searchArea(query, part, path ? `${path}.${i++}` : String(i++), depth + 1);
    }
  };

  const keywords = options.keywords.map((k) => k.trim()).filter(Boolean);
  if (keywords.length === 0) throw new HunterError('INVALID_INPUT', 'Give at least one keyword to search Google Maps for.');
  if (!options.area && !options.location?.trim()) throw new HunterError('INVALID_INPUT', 'Give a location (or an area) to search Google Maps in.');
  const area = options.area ? assertBox(options.area) : undefined;
  for (const keyword of keywords) {
    if (enough()) break;
    // With an area the viewport says where; without one, the query does.
    const query = area ? keyword : `${keyword} in ${options.location!.trim()}`;
    await searchArea(query, area, '', 0);
  }
  return result;
}

type Resolved = Required<Pick<GmapsSearchOptions, 'baseUrl' | 'maxPlaces' | 'splitThreshold' | 'maxSplitDepth' | 'maxScrolls' | 'stallRounds' | 'feedTimeoutMs' | 'endOfList'>> & {
  pacing: GmapsPacing;
  pacer: Pacer;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  signal: AbortSignal | undefined;
};

function resolve(options: GmapsSearchOptions): Resolved {
  return {
    baseUrl: options.baseUrl ?? GOOGLE_BASE_URL,
    maxPlaces: options.maxPlaces ?? 200,
    splitThreshold: options.splitThreshold ?? 100,
    maxSplitDepth: options.maxSplitDepth ?? 2,
    maxScrolls: options.maxScrolls ?? 60,
    stallRounds: options.stallRounds ?? 4,
    feedTimeoutMs: options.feedTimeoutMs ?? 15_000,
    endOfList: options.endOfList ?? DEFAULT_END_OF_LIST,
    pacing: { ...DEFAULT_PACING, ...options.pacing },
    pacer: options.pacer ?? APP_PACER,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    signal: options.signal,
  };
}

interface FeedResult {
  links: string[];
  ended: GmapsSearchLog['ended'];
}

/** Scrolls the result feed until Google says the list ended, nothing new arrives, or enough is known. */
async function collectFeed(page: Page, o: Resolved, wanted: number): Promise<FeedResult> {
  if (/\/maps\/place\//.test(page.url())) return { links: [page.url()], ended: 'single_place' };
  try {
    await page.waitForSelector(FEED, { timeout: o.feedTimeoutMs });
  } catch {
    await assertNotBlocked(page);
    if (/\/maps\/place\//.test(page.url())) return { links: [page.url()], ended: 'single_place' };
    return { links: [], ended: 'no_results' };
  }
  const endSources = o.endOfList.map((r) => r.source);
  const readFeed = () =>
    page.$eval(
      FEED,
      (feed, sources) => {
        const links = Array.from(feed.querySelectorAll('a[href*="/maps/place/"]')).map((a) => (a as HTMLAnchorElement).href);
        const tail = Array.from(feed.children).slice(-3).map((c) => c.textContent ?? '').join(' ');
        const ended = !!feed.querySelector('span.HlvSq') || sources.some((s) => new RegExp(s, 'i').test(tail));
        return { links: Array.from(new Set(links)), ended };
      },
      endSources,
    );
  let state = await readFeed();
  let stall = 0;
  let ended: GmapsSearchLog['ended'] = 'max_scrolls';
  for (let i = 0; i < o.maxScrolls; i++) {
    if (state.ended) {
      ended = 'end_of_list';
      break;
    }
    if (state.links.length >= wanted) {
      ended = 'enough';
      break;
    }
    await page.$eval(FEED, (feed) => {
      feed.scrollTop = feed.scrollHeight;
    });
    await o.sleep(o.pacing.scrollDelayMs, o.signal);
    await assertNotBlocked(page);
    const next = await readFeed();
    stall = next.links.length > state.links.length ? 0 : stall + 1;
    state = next;
    if (stall >= o.stallRounds) {
      ended = state.ended ? 'end_of_list' : 'stalled';
      break;
    }
  }
  if (ended === 'max_scrolls' && state.ended) ended = 'end_of_list';
  return { links: state.links.slice(0, Math.max(0, wanted)), ended };
}

/** Reads the place from the page's own APP_INITIALIZATION_STATE (not CSS classes, which Google renames). */
async function parsePlaceFromPage(page: Page, timeoutMs: number): Promise<GmapsPlace> {
  try {
    await page.waitForFunction(() => (window as unknown as { APP_INITIALIZATION_STATE?: unknown }).APP_INITIALIZATION_STATE !== undefined, undefined, { timeout: timeoutMs });
  } catch {
    // Fall through: the raw HTML may still carry the state in a script that did not run.
  }
  const state = await page.evaluate(() => {
    const s = (window as unknown as { APP_INITIALIZATION_STATE?: unknown }).APP_INITIALIZATION_STATE;
    return s === undefined ? null : JSON.stringify(s);
  });
  return parsePlace(state ?? (await page.content()));
}

function navigationError(err: unknown, url: string): HunterError {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  if (/Timeout/i.test(message)) return new HunterError('TIMEOUT', `Google Maps did not load in time: ${url}`, { cause: err });
  if (/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|ERR_NETWORK/i.test(message)) {
    return new HunterError('CONNECTION_ERROR', `Could not reach Google Maps (${message}).`, { cause: err });
  }
  return new HunterError('CONNECTION_ERROR', `Navigation failed: ${message}`, { cause: err });
}
