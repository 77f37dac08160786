import { launchBrowser, type LaunchOptions } from '../../browser/launch';
import { searchGoogleMaps, type GmapsSearchOptions, type GmapsSearchResult } from './search-flow';

export { parsePlace, extractInitState, type GmapsPlace, type GmapsStatus, type GmapsHours, type GmapsAddressParts } from './place-parser';
export { placeToLead, type PlaceLead } from './place-to-lead';
export { findBrowser, browserCandidates, howToGetABrowser, type FindBrowserOptions, type FoundBrowser } from '../../browser/finder';
export { launchBrowser, CHROMIUM_ARGS, type LaunchOptions, type BrowserSession } from '../../browser/launch';
export { searchGoogleMaps, cellKey, defaultSleep, DEFAULT_PACING, type GmapsSearchOptions, type GmapsSearchResult, type GmapsFound, type GmapsSearchLog, type GmapsPacing, type GmapsCell, type GmapsCellEvent, type GmapsResume } from './search-flow';
export { streamSearch, type GmapsEvent } from './place-stream';
export { areaOf, type AreaLookup } from './area';
export { splitBox, viewportFor, assertBox, type BoundingBox, type Viewport } from './grid';
export { searchUrl, placeLinkKey, GOOGLE_BASE_URL } from './urls';

/** Starts the rep's browser, runs the search, and always closes the browser again. */
export async function runGoogleMapsSearch(options: GmapsSearchOptions & { browser?: LaunchOptions }): Promise<GmapsSearchResult> {
  const session = await launchBrowser(options.browser);
  try {
    return await searchGoogleMaps(session.page, options);
  } finally {
    await session.close();
  }
}
