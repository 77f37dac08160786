import { HunterError } from '../../core/errors';

/** A map rectangle in degrees. Nominatim's `boundingbox` converts to this (see osm/nominatim). */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface Viewport {
  lat: number;
  lng: number;
  zoom: number;
}

export function assertBox(box: BoundingBox): BoundingBox {
  const ok =
    [box.south, box.west, box.north, box.east].every(Number.isFinite) &&
    box.south >= -90 && box.north <= 90 && box.south < box.north &&
    box.west >= -180 && box.east <= 180 && box.west < box.east;
  if (!ok) throw new HunterError('INVALID_INPUT', `Not a valid area: ${JSON.stringify(box)} (needs south < north, west < east, in degrees).`);
  return box;
}

/** Four equal quarters: one search shows ~120 places at most, so a full area is searched again in parts. */
export function splitBox(box: BoundingBox): BoundingBox[] {
  const midLat = (box.south + box.north) / 2;
  const midLng = (box.west + box.east) / 2;
  return [
    { south: midLat, west: box.west, north: box.north, east: midLng },
    { south: midLat, west: midLng, north: box.north, east: box.east },
    { south: box.south, west: box.west, north: midLat, east: midLng },
    { south: box.south, west: midLng, north: midLat, east: box.east },
  ];
}

/**
 * The map view that shows the box in a 1280×900 window. At zoom z a 256-px tile spans 360/2^z degrees of
 * longitude, so the window spans 1800/2^z; latitude is approximated the same way (good enough for a search).
 */
export function viewportFor(box: BoundingBox): Viewport {
  const lat = (box.south + box.north) / 2;
  const lng = (box.west + box.east) / 2;
  const lngSpan = Math.max(1e-6, (box.east - box.west) * Math.cos((lat * Math.PI) / 180));
  const latSpan = Math.max(1e-6, box.north - box.south);
  const z = Math.floor(Math.min(Math.log2(1800 / lngSpan), Math.log2(1265 / latSpan)));
  return { lat: round(lat, 7), lng: round(lng, 7), zoom: Math.max(3, Math.min(18, z)) };
}

function round(n: number, d: number): number {
  const f = 10 ** d;
  return Math.round(n * f) / f;
}
