import * as z from 'zod';
import { HunterError } from '../../core/errors';
import type { Pacer } from '../../core/pacing';
import type { BoundingBox } from '../google-maps/grid';
import { requestJson } from './http-json';

export interface GeocodedPlace {
  name: string;
  lat: number;
  lng: number;
  box: BoundingBox;
  /** ISO 3166-1 alpha-2, upper case, when Nominatim gives it. */
  country_code?: string;
}

const NominatimResult = z.object({
  lat: z.coerce.number(),
  lon: z.coerce.number(),
  display_name: z.string(),
  // [south, north, west, east] as strings.
  boundingbox: z.tuple([z.coerce.number(), z.coerce.number(), z.coerce.number(), z.coerce.number()]),
  address: z.object({ country_code: z.string().optional() }).partial().optional(),
});

export interface GeocodeOptions {
  endpoint: string;
  userAgent: string;
  /** Nominatim's usage policy is per application: every geocode of the app waits its turn here. */
  pacer: Pacer;
  language?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Geocodes a place name to its bounding box with Nominatim (one request, through the 1-per-second gate). */
export async function geocode(location: string, o: GeocodeOptions): Promise<GeocodedPlace> {
  const q = location.trim();
  if (!q) throw new HunterError('INVALID_INPUT', 'Give a location to search OpenStreetMap in.');
  const url = new URL(`${o.endpoint.replace(/\/+$/, '')}/search`);
  url.searchParams.set('q', q);
  url.searchParams.set('format', 'jsonv2');
  url.searchParams.set('limit', '1');
  url.searchParams.set('addressdetails', '1');
  const body = await o.pacer.run(
    o.endpoint,
    () => requestJson({ url: url.toString(), userAgent: o.userAgent, timeoutMs: o.timeoutMs ?? 20_000, service: 'Nominatim', signal: o.signal, acceptLanguage: o.language }),
    { signal: o.signal },
  );
  if (!Array.isArray(body)) throw new HunterError('PROVIDER_ERROR', 'Nominatim answered in an unexpected shape (expected a list).', { retryable: false });
  if (body.length === 0) throw new HunterError('INVALID_INPUT', `OpenStreetMap knows no place called "${q}"; check the spelling or add the country.`);
  const parsed = NominatimResult.safeParse(body[0]);
  if (!parsed.success) throw new HunterError('PROVIDER_ERROR', `Nominatim's result lacks coordinates or a bounding box: ${parsed.error.issues[0]?.message ?? ''}`, { retryable: false });
  const r = parsed.data;
  const [south, north, west, east] = r.boundingbox;
  const place: GeocodedPlace = { name: r.display_name, lat: r.lat, lng: r.lon, box: { south, north, west, east } };
  const cc = r.address?.country_code;
  if (cc && /^[a-z]{2}$/i.test(cc)) place.country_code = cc.toUpperCase();
  return place;
}
