import { HunterError } from '../../core/errors';
import { Pacer, type Sleep } from '../../core/pacing';
import { assertBox, type BoundingBox } from '../google-maps/grid';
import { geocode, type GeocodedPlace } from './nominatim';
import { elementToLead, type OsmLead } from './osm-to-lead';
import { buildOverpassQuery, queryOverpass } from './overpass';
import { canonicalKeyword, DEFAULT_KEYWORD_TAGS, tagsForKeyword, type KeywordTagMap, type OsmTag } from './tag-map';

/** Where the OSM services live and how to present ourselves: all settable (a rep may run their own Overpass). */
export interface OsmSettings {
  nominatimUrl: string;
  overpassUrl: string;
  /** A real User-Agent naming the app and a contact, as Nominatim's usage policy requires. */
  userAgent: string;
  /** Minimum spacing between Nominatim calls (policy: at most 1 per second). */
  nominatimIntervalMs: number;
  overpassIntervalMs: number;
}

export const DEFAULT_OSM_SETTINGS: OsmSettings = {
  nominatimUrl: 'https://nominatim.openstreetmap.org',
  overpassUrl: 'https://overpass-api.de/api/interpreter',
  userAgent: 'TheHunter/0.1 (desktop lead research app; https://github.com/the-hunter-app)',
  nominatimIntervalMs: 1100,
  overpassIntervalMs: 1000,
};

export interface OsmSearchOptions {
  keywords: string[];
  /** A place name, geocoded with Nominatim; or give `area` directly. */
  location?: string;
  area?: BoundingBox;
  settings?: Partial<OsmSettings>;
  /** Merged over the default keyword → tag map (Settings). */
  keywordTags?: KeywordTagMap;
  language?: string;
  limit?: number;
  signal?: AbortSignal;
  /** The pacing of each service; without it, the app's own (shared by every search, as the policies are per application). */
  gates?: OsmGates;
}

/** One pacer per service, keyed by endpoint: a rep's own Overpass is paced apart from the public one. */
export interface OsmGates {
  nominatim: Pacer;
  overpass: Pacer;
}

export interface OsmSearchResult {
  leads: OsmLead[];
  area: BoundingBox;
  place?: GeocodedPlace;
  query: string;
}

/**
 * Nominatim: one request at a time, starts at least the interval apart (its policy is a rate, 1 a second).
 * Overpass: one query at a time and a pause after each answer (a query holds one of its slots until done).
 */
export function createOsmGates(settings: Partial<OsmSettings> = {}, clock: { now?: () => number; sleep?: Sleep } = {}): OsmGates {
  const s = { ...DEFAULT_OSM_SETTINGS, ...settings };
  return {
    nominatim: new Pacer({ concurrency: 1, intervalMs: s.nominatimIntervalMs, from: 'start', ...clock }),
    overpass: new Pacer({ concurrency: 1, intervalMs: s.overpassIntervalMs, from: 'end', ...clock }),
  };
}

// Per spacing asked for, so two searches (two runs, the app and a CLI command in one process) share one.
const appGates = new Map<string, OsmGates>();

export function sharedGates(s: OsmSettings): OsmGates {
  const key = `${s.nominatimIntervalMs}|${s.overpassIntervalMs}`;
  let g = appGates.get(key);
  if (!g) appGates.set(key, (g = createOsmGates(s)));
  return g;
}

/** Finds businesses for the keywords in a place: Nominatim for the area, one Overpass query for the tags. */
export async function searchOsm(o: OsmSearchOptions): Promise<OsmSearchResult> {
  const s = { ...DEFAULT_OSM_SETTINGS, ...o.settings };
  if (!/\S+\/\S+/.test(s.userAgent)) throw new HunterError('INVALID_INPUT', 'OpenStreetMap needs a real User-Agent ("App/1.0 (contact)") in Settings.');
  const gates = o.gates ?? sharedGates(s);
  const map = { ...DEFAULT_KEYWORD_TAGS, ...o.keywordTags };
  const keywords = o.keywords.map((k) => k.trim()).filter(Boolean);
  if (keywords.length === 0) throw new HunterError('INVALID_INPUT', 'Give at least one keyword to search OpenStreetMap for.');

  let place: GeocodedPlace | undefined;
  let area = o.area ? assertBox(o.area) : undefined;
  if (!area) {
    place = await geocode(o.location ?? '', { endpoint: s.nominatimUrl, userAgent: s.userAgent, pacer: gates.nominatim, language: o.language, signal: o.signal });
    area = place.box;
  }

  const matched: { keyword: string; tags: OsmTag[] }[] = [];
  const names: string[] = [];
  for (const k of keywords) {
    const tags = tagsForKeyword(k, map);
    if (tags.length > 0) matched.push({ keyword: canonicalKeyword(k, map), tags });
    else names.push(k);
  }
  const query = buildOverpassQuery({ tags: matched.flatMap((m) => m.tags), names }, area, { limit: o.limit ?? 500 });
  const elements = await queryOverpass(query, { endpoint: s.overpassUrl, userAgent: s.userAgent, pacer: gates.overpass, signal: o.signal });

  const observedAt = new Date().toISOString();
  const seen = new Set<string>();
  const leads: OsmLead[] = [];
  for (const el of elements) {
    const lead = elementToLead(el, { matched, defaultCountry: place?.country_code, observedAt });
    if (!lead || seen.has(lead.osm_id)) continue;
    seen.add(lead.osm_id);
    leads.push(lead);
  }
  const result: OsmSearchResult = { leads, area, query };
  if (place) result.place = place;
  return result;
}
