import type { FactInput, LeadInput } from '../../core/domain';
import type { GmapsPlace } from './place-parser';

export interface PlaceLead {
  lead: LeadInput;
  facts: FactInput[];
}

/**
 * A place becomes a lead (what discovery stores) plus facts (what the rep sees with their source).
 * `sourceUrl` is the place page the data was read from; facts point at it.
 */
export function placeToLead(place: GmapsPlace, options: { sourceUrl?: string; observedAt?: string } = {}): PlaceLead {
  const observed_at = options.observedAt ?? new Date().toISOString();
  const source_url = options.sourceUrl ?? place.url ?? null;
  const lead: LeadInput = {
    name: place.name ?? place.full_address ?? place.place_id ?? 'Unnamed place',
    source: 'google_maps',
  };
  const set = <K extends keyof LeadInput>(k: K, v: LeadInput[K] | undefined) => {
    if (v !== undefined && v !== '') lead[k] = v;
  };
  set('website', place.website);
  // Only a valid number: the shown text of one that is not ("+33 1 56") stays on the place, never on the lead.
  set('phone', place.phone_e164);
  set('address', place.address);
  set('city', place.address_parts.city);
  set('country', place.address_parts.country_code);
  set('category', place.categories[0]);
  set('rating', place.rating);
  set('review_count', place.review_count);
  set('place_id', place.place_id);
  set('source_ref', source_url ?? undefined);

  const facts: FactInput[] = [];
  const fact = (kind: FactInput['kind'], value: string, detail?: Record<string, unknown>, confidence = 0.95) =>
    facts.push({ kind, value, detail, source_url, method: 'google_maps', confidence, observed_at });

  if (place.rating !== undefined) fact('rating', String(place.rating), { scale: 5 });
  if (place.review_count !== undefined) fact('review_count', String(place.review_count));
  for (const c of place.categories) fact('category', c);
  if (place.address) fact('address', place.address, { ...place.address_parts, lat: place.lat, lng: place.lng, plus_code: place.plus_code });
  if (place.phone_e164) fact('phone', place.phone_e164, { display: place.phone });
  if (place.hours.length > 0) {
    fact('opening_hours', place.hours.map((h) => `${h.day}: ${h.hours.join(', ') || 'closed'}`).join('; '), { hours: place.hours, timezone: place.timezone });
  }
  if (place.description) fact('description', place.description, undefined, 0.9);
  const business: Record<string, unknown> = { status: place.status, closed: place.closed };
  for (const k of ['place_id', 'data_id', 'cid', 'price_range', 'timezone', 'lat', 'lng', 'plus_code', 'status_text'] as const) {
    if (place[k] !== undefined) business[k] = place[k];
  }
  fact('business', place.closed ? `${lead.name} (${place.status === 'permanently_closed' ? 'permanently closed' : 'temporarily closed'})` : lead.name, business);
  return { lead, facts };
}
