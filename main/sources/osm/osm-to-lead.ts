import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { FactInput, LeadInput } from '../../core/domain';
import { classifyEmail } from '../../enrich/email-class';
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

function first(v: string | undefined): string | undefined {
  // OSM separates several values with ";".
  const s = v?.split(';')[0]?.trim();
  return s ? s : undefined;
}

function normaliseWebsite(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const withScheme = /^https?:\/\//i.test(v) ? v : `https://${v}`;
  try {
    const u = new URL(withScheme);
    return u.hostname.includes('.') ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function normalisePhone(v: string | undefined, country: string | undefined): string | undefined {
  if (!v) return undefined;
  const p = parsePhoneNumberFromString(v, country as CountryCode | undefined);
  return p?.isValid() ? p.number : v;
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
  set('website', normaliseWebsite(first(tags.website ?? tags['contact:website'] ?? tags.url)));
  set('phone', normalisePhone(first(tags.phone ?? tags['contact:phone'] ?? tags['contact:mobile']), country));
  set('email', first(tags.email ?? tags['contact:email'])?.toLowerCase());
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
