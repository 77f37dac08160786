import { DEFAULT_OSM_SETTINGS, sharedGates } from '../osm/search-osm';
import { geocode } from '../osm/nominatim';
import { assertBox, type BoundingBox } from './grid';

export interface AreaLookup {
  /** Nominatim's address; the public one unless the rep runs their own. */
  nominatimUrl?: string | undefined;
  userAgent?: string | undefined;
  language?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The area a place name covers (Nominatim's bounding box), which a Maps search that shows the cap is split
 * into a grid of. Through the app's one Nominatim gate, the same one OpenStreetMap searches wait at.
 */
export async function areaOf(location: string, o: AreaLookup = {}): Promise<BoundingBox> {
  const settings = { ...DEFAULT_OSM_SETTINGS, ...(o.nominatimUrl ? { nominatimUrl: o.nominatimUrl } : {}), ...(o.userAgent ? { userAgent: o.userAgent } : {}) };
  const place = await geocode(location, {
    endpoint: settings.nominatimUrl, userAgent: settings.userAgent, pacer: sharedGates(settings).nominatim,
    ...(o.language ? { language: o.language } : {}), ...(o.signal ? { signal: o.signal } : {}),
  });
  return assertBox(place.box);
}
