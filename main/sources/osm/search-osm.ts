import { HunterError } from '../../core/errors';
import { assertBox, type BoundingBox } from '../google-maps/grid';
import { geocode, type GeocodedPlace } from './nominatim';
import { elementToLead, type OsmLead } from './osm-to-lead';
import { buildOverpassQuery, queryOverpass } from './overpass';
import { RateGate } from './rate-gate';
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
  /** Share gates between searches so the per-service spacing holds across calls. */
  gates?: { nominatim: RateGate; overpass: RateGate };
}

export interface OsmSearchResult {
  leads: OsmLead[];
  area: BoundingBox;
  place?: GeocodedPlace;
  query: string;
}

export function createOsmGates(settings: Partial<OsmSettings> = {}): { nominatim: RateGate; overpass: RateGate } {
  const s = { ...DEFAULT_OSM_SETTINGS, ...settings };
  return { nominatim: new RateGate(s.nominatimIntervalMs), overpass: new RateGate(s.overpassIntervalMs) };
}

/** Finds businesses for the keywords in a place: Nominatim for the area, one Overpass query for the tags. */
export async function searchOsm(o: OsmSearchOptions): Promise<OsmSearchResult> {
  const s = { ...DEFAULT_OSM_SETTINGS, ...o.settings };
  if (!/\S+\/\S+/.test(s.userAgent)) throw new HunterError('INVALID_INPUT', 'OpenStreetMap needs a real User-Agent ("App/1.0 (contact)") in Settings.');
  const gates = o.gates ?? createOsmGates(s);
  const map = { ...DEFAULT_KEYWORD_TAGS, ...o.keywordTags };
  const keywords = o.keywords.map((k) => k.trim()).filter(Boolean);
  if (keywords.length === 0) throw new HunterError('INVALID_INPUT', 'Give at least one keyword to search OpenStreetMap for.');

  let place: GeocodedPlace | undefined;
  let area = o.area ? assertBox(o.area) : undefined;
  if (!area) {
    place = await geocode(o.location ?? '', { endpoint: s.nominatimUrl, userAgent: s.userAgent, gate: gates.nominatim, language: o.language, signal: o.signal });
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
  const elements = await queryOverpass(query, { endpoint: s.overpassUrl, userAgent: s.userAgent, gate: gates.overpass, signal: o.signal });

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
