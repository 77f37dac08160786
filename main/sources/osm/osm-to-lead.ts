import type { FactInput, LeadInput } from '../../core/domain';
import { parseEmailAddress } from '../../core/email-address';
import { parsePhone } from '../../core/phone';
import { normaliseWebsite } from '../../core/web-address';
import { classifyEmail } from '../../core/email-class';
import type { OsmElement } from './overpass';
import type { OsmTag } from './tag-map';

export interface OsmLead {
  lead: LeadInput;
  facts: FactInput[];
  /** "node/123", the element's identity in OSM. */
  osm_id: string;
}

// Countries that write the house number before the street.
const NUMBER_FIRST = new Set(['US', 'GB', 'CA', 'AU', 'NZ', 'IE', 'FR', 'IN', 'ZA', 'SG', 'MY', 'PH', 'LU', 'BE']);

/** OSM separates several values with ";": the first one that reads as what the tag is meant to hold. */
function firstRead<T>(v: string | undefined, read: (s: string) => T | null | undefined): T | undefined {
  for (const part of v?.split(';') ?? []) {
    const s = part.trim();
    const r = s ? read(s) : null;
    if (r !== null && r !== undefined) return r;
  }
  return undefined;
}

function formatAddress(tags: Record<string, string>, country: string | undefined): string | undefined {
  if (tags['addr:full']) return tags['addr:full'];
  const street = tags['addr:street'] ?? tags['addr:place'];
  const number = tags['addr:housenumber'];
  let line: string | undefined;
  if (street && number) line = country && NUMBER_FIRST.has(country) ? `${number} ${street}` : `${street} ${number}`;
  else line = street;
  const town = [tags['addr:postcode'], tags['addr:city']].filter(Boolean).join(' ');
  const parts = [line, town].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : undefined;
}

const SOCIAL_TAGS: Record<string, string> = {
  'contact:facebook': 'facebook',
  facebook: 'facebook',
  'contact:instagram': 'instagram',
  'contact:twitter': 'x',
  'contact:linkedin': 'linkedin',
  'contact:youtube': 'youtube',
};

/**
 * An OSM business becomes a lead. Elements without a name are not leads (a dentist's building outline, an
 * untitled shop). `category` is the keyword the rep searched for that matched this element's tags.
 */
export function elementToLead(
  el: OsmElement,
  o: { matched?: { keyword: string; tags: OsmTag[] }[]; defaultCountry?: string; observedAt?: string } = {},
): OsmLead | null {
  const tags = el.tags;
  const name = tags.name ?? tags.brand ?? tags.operator;
  if (!name?.trim()) return null;
  const country = tags['addr:country']?.toUpperCase() ?? o.defaultCountry;
  const osm_id = `${el.type}/${el.id}`;
  const source_url = `https://www.openstreetmap.org/${osm_id}`;
  const observed_at = o.observedAt ?? new Date().toISOString();
  const category =
    o.matched?.find((m) => m.tags.some((t) => tags[t.key] !== undefined && (t.value === undefined || tags[t.key] === t.value)))?.keyword ??
    tags.amenity ?? tags.shop ?? tags.office ?? tags.craft ?? tags.healthcare ?? tags.leisure ?? tags.tourism;

  const lead: LeadInput = { name: name.trim(), source: 'osm', source_ref: source_url };
  const set = <K extends keyof LeadInput>(k: K, v: LeadInput[K] | undefined) => {
    if (v !== undefined && v !== '') lead[k] = v;
  };
  set('website', firstRead(tags.website ?? tags['contact:website'] ?? tags.url, normaliseWebsite));
  // A number that is not one (a typo in the map, digits missing) is left out, not kept as if it could be dialled.
  set('phone', firstRead(tags.phone ?? tags['contact:phone'] ?? tags['contact:mobile'], (p) => parsePhone(p, country)?.e164));
  set('email', firstRead(tags.email ?? tags['contact:email'], (e) => parseEmailAddress(e)?.address));
  set('address', formatAddress(tags, country));
  set('city', tags['addr:city']);
  set('country', country);
  set('category', category?.replace(/_/g, ' '));

  const facts: FactInput[] = [];
  const fact = (kind: FactInput['kind'], value: string, detail?: Record<string, unknown>) =>
    facts.push({ kind, value, detail, source_url, method: 'osm', confidence: 0.85, observed_at });
  if (lead.address) fact('address', lead.address, { lat: el.lat, lng: el.lon, postcode: tags['addr:postcode'], city: tags['addr:city'] });
  if (tags.opening_hours) fact('opening_hours', tags.opening_hours, { format: 'osm_opening_hours' });
  if (lead.category) fact('category', lead.category);
  if (lead.phone) fact('phone', lead.phone);
  if (lead.email) fact('email', lead.email, { status: 'from_source', class: classifyEmail(lead.email) });
  for (const [key, network] of Object.entries(SOCIAL_TAGS)) {
    const v = tags[key];
    if (v) fact('social', v, { network });
  }
  return { lead, facts, osm_id };
}
