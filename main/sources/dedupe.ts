import { isReservedTestHost, reservedTestDomain } from '../core/hosts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parse as parseDomain } from 'tldts';
import { nameNumbers, nameWords, normaliseName, similarityBlocks } from '../core/business-name';
import type { LeadInput, LeadSource } from '../core/domain';

export { normaliseName, similarityBlocks };

/**
 * One business found by several sources (Maps, OSM, a CSV) or in several runs is one lead. It is recognised
 * by its own web domain, its phone number in E.164, its Google place id, or a similar name at a similar
 * address — in that order of trust.
 */

export interface DedupeOptions {
  /** For phone numbers written without a country code (the agent's country). */
  defaultCountry?: string;
}

/** Hosts that are not a business's own domain: a profile there identifies the platform, not the business. */
const SHARED_HOSTS = new Set([
  'facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'twitter.com', 'x.com', 'youtube.com', 'youtu.be', 'tiktok.com', 'pinterest.com',
  'google.com', 'goo.gl', 'g.page', 'business.site', 'linktr.ee', 'yelp.com', 'tripadvisor.com', 'booking.com', 'doctolib.fr', 'doctolib.de',
  'jameda.de', 'practo.com', 'justdial.com', 'yellowpages.com', 'gelbeseiten.de', 'pagesjaunes.fr', 'wa.me', 'whatsapp.com', 'm.me',
  'sites.google.com', 'blogspot.com', 'wordpress.com', 'medium.com', 'about.me', 'carrd.co', 'bit.ly', 'tinyurl.com', 'calendly.com',
]);

/** The registrable domain of a website ("https://www.shop.example.co.uk/x" → "example.co.uk"), or null. */
function safeHostname(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

export function normaliseDomain(website: string | null | undefined): string | null {
  if (!website) return null;
  const raw = website.trim();
  if (!raw) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const hostname = safeHostname(withScheme);
  if (hostname && isReservedTestHost(hostname)) return reservedTestDomain(hostname);
  const info = parseDomain(withScheme, { allowPrivateDomains: true });
  if (!info.domain || info.isIp || !(info.isIcann || info.isPrivate)) return null;
  const domain = info.domain.toLowerCase();
  const icannDomain = parseDomain(withScheme).domain?.toLowerCase();
  if (SHARED_HOSTS.has(domain) || (icannDomain && SHARED_HOSTS.has(icannDomain) && domain === icannDomain)) return null;
  return domain;
}

/** A phone number in E.164 ("+4989123456"), or null when it is not a valid number. */
export function normalisePhone(phone: string | null | undefined, defaultCountry?: string): string | null {
  if (!phone) return null;
  const p = parsePhoneNumberFromString(phone, defaultCountry?.toUpperCase() as CountryCode | undefined);
  return p?.isValid() ? p.number : null;
}

function normaliseAddress(lead: Pick<LeadInput, 'address' | 'city'>): string {
  return normaliseName([lead.address, lead.city].filter(Boolean).join(' '))
    .replace(/\b(strasse|str|street|st|road|rd|avenue|ave|rue|via|calle|platz|pl)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = ` ${s} `;
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice similarity on character bigrams, 0..1; robust to word order and small typos. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return dice(bigrams(a), a.length + 1, bigrams(b), b.length + 1);
}

/** Dice of two bigram bags holding `na` and `nb` bigrams. */
function dice(A: Map<string, number>, na: number, B: Map<string, number>, nb: number): number {
  let overlap = 0;
  for (const [g, n] of A) overlap += Math.min(n, B.get(g) ?? 0);
  return (2 * overlap) / (na + nb);
}

type KeyedLead = Partial<LeadInput> & Pick<LeadInput, 'name'>;

/**
 * Every identity a lead can be recognised by, strongest first. Its name in its place is an identity only
 * for a lead with no other: a name alone does not tell two branches, two addresses or two websites of the
 * same name apart, so otherwise names are compared by isSameBusiness, which weighs all three.
 */
export function dedupeKeys(lead: KeyedLead, o: DedupeOptions = {}): string[] {
  const keys: string[] = [];
  const domain = normaliseDomain(lead.website);
  if (domain) keys.push(`domain:${domain}`);
  const phone = normalisePhone(lead.phone, lead.country ?? o.defaultCountry);
  if (phone) keys.push(`phone:${phone}`);
  if (lead.place_id?.trim()) keys.push(`place:${lead.place_id.trim()}`);
  if (keys.length === 0) keys.push(`name:${normaliseName(lead.name)}|${normaliseAddress(lead)}`);
  return keys;
}

/** The one key stored in `leads.dedupe_key` (UNIQUE per workspace): the strongest identity the lead has. */
export function dedupeKey(lead: KeyedLead, o: DedupeOptions = {}): string {
  return dedupeKeys(lead, o)[0]!;
}

/** What isSameBusiness compares, worked out once per lead: in a large block one lead meets many others. */
interface Sighting {
  defaultCountry: string | undefined;
  /** Domain, phone and place keys; the name key is what the fuzzy rule refines. */
  ids: string[];
  domain: string | null;
  name: string;
  nameGrams: Map<string, number>;
  words: string[];
  numbers: string;
  city: string;
  /** Address and town, normalised; null without an address. */
  address: string | null;
}

// Keyed by the lead object: leads are values here (merging makes a new object), so one compared is never
// changed afterwards.
const sightings = new WeakMap<object, Sighting>();

function sightingOf(lead: KeyedLead, o: DedupeOptions): Sighting {
  const known = sightings.get(lead);
  if (known && known.defaultCountry === o.defaultCountry) return known;
  const name = normaliseName(lead.name);
  const s: Sighting = {
    defaultCountry: o.defaultCountry,
    ids: dedupeKeys(lead, o).filter((k) => !k.startsWith('name:')),
    domain: normaliseDomain(lead.website),
    name,
    nameGrams: bigrams(name),
    words: nameWords(name),
    numbers: nameNumbers(name),
    city: normaliseName(lead.city ?? ''),
    address: lead.address ? normaliseAddress(lead) : null,
  };
  sightings.set(lead, s);
  return s;
}

const SAME_NAME = 0.85;
const SAME_WORD = 0.75;
const SAME_ADDRESS = 0.6;

/**
 * Every telling word of the name with fewer words has a like word in the other ("muller" and "mueller"):
 * a long shared word such as "zahnarztpraxis" makes "Dr. Weber" and "Dr. Becker" look 0.86 alike as a whole.
 */
function wordsAgree(a: readonly string[], b: readonly string[]): boolean {
  const [few, many] = a.length <= b.length ? [a, b] : [b, a];
  return few.every((w) => many.some((v) => v === w || similarity(w, v) >= SAME_WORD));
}

/**
 * Whether two leads are the same business: a shared own domain, phone or place id; or names at least 0.85
 * similar, word for word alike, in the same place (addresses 0.6 similar, or the same city when an address
 * is missing).
 */
export function isSameBusiness(a: KeyedLead, b: KeyedLead, o: DedupeOptions = {}): boolean {
  const sa = sightingOf(a, o);
  const sb = sightingOf(b, o);
  if (sa.ids.some((k) => sb.ids.includes(k))) return true;
  // Two different own websites are two businesses, however alike their names.
  if (sa.domain && sb.domain && sa.domain !== sb.domain) return false;
  // "Branch 2" is not "Branch 12": numbers in a name must agree.
  if (sa.numbers !== sb.numbers) return false;
  if (!sa.name || !sb.name) return false;
  if (sa.name !== sb.name) {
    // Dice can reach 0.85 only when the lengths are close; most names in a block fail here, before counting.
    const na = sa.name.length + 1;
    const nb = sb.name.length + 1;
    if (2 * Math.min(na, nb) < SAME_NAME * (na + nb)) return false;
    if (dice(sa.nameGrams, na, sb.nameGrams, nb) < SAME_NAME) return false;
    if (!wordsAgree(sa.words, sb.words)) return false;
  }
  if (sa.address !== null && sb.address !== null) return similarity(sa.address, sb.address) >= SAME_ADDRESS;
  return !!sa.city && sa.city === sb.city;
}

export type MergedLead = LeadInput & { sources: LeadSource[] };

const FIELDS = ['website', 'phone', 'email', 'address', 'city', 'country', 'category', 'rating', 'review_count', 'first_name', 'last_name', 'title', 'linkedin', 'place_id', 'source_ref'] as const;

/**
 * One lead from two sightings: the first one's values win, the second fills what the first lacks, and the
 * lead keeps both sources. Ratings come with their review count from whichever sighting has more reviews.
 */
export function mergeLeads(a: LeadInput & { sources?: LeadSource[] }, b: LeadInput & { sources?: LeadSource[] }): MergedLead {
  const out: MergedLead = { ...a, name: a.name || b.name, sources: [] };
  for (const f of FIELDS) {
    const cur = out[f];
    if (cur === undefined || cur === null || cur === '') (out as unknown as Record<string, unknown>)[f] = b[f];
  }
  if ((b.review_count ?? -1) > (a.review_count ?? -1) && b.rating !== undefined) {
    out.rating = b.rating;
    out.review_count = b.review_count;
  }
  const sources = [...(a.sources ?? [a.source]), ...(b.sources ?? [b.source])];
  out.sources = [...new Set(sources)];
  for (const k of Object.keys(out) as (keyof MergedLead)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Folds a list of leads into distinct businesses, keeping input order (first sighting first). Exact keys are
 * matched in a map; the fuzzy name-and-place match is tried only among leads that share a similarity block.
 */
export function dedupeLeads(leads: readonly (LeadInput & { sources?: LeadSource[] })[], o: DedupeOptions = {}): MergedLead[] {
  const out: MergedLead[] = [];
  const byKey = new Map<string, number>();
  const byBlock = new Map<string, number[]>();
  for (const lead of leads) {
    const keys = dedupeKeys(lead, o).filter((k) => !k.startsWith('name:'));
    const blocks = similarityBlocks(lead);
    let idx = keys.map((k) => byKey.get(k)).find((i) => i !== undefined);
    if (idx === undefined) {
      const nearby = [...new Set(blocks.flatMap((b) => byBlock.get(b) ?? []))].sort((x, y) => x - y);
      idx = nearby.find((i) => isSameBusiness(out[i]!, lead, o));
    }
    if (idx === undefined) {
      idx = out.length;
      out.push(mergeLeads(lead, { ...lead, sources: lead.sources ?? [lead.source] }));
    } else {
      out[idx] = mergeLeads(out[idx]!, lead);
    }
    // Filed under this sighting's blocks too: a later one may resemble it more than the first.
    for (const b of blocks) {
      const list = byBlock.get(b);
      if (!list) byBlock.set(b, [idx]);
      else if (!list.includes(idx)) list.push(idx);
    }
    for (const k of dedupeKeys(out[idx]!, o)) if (!k.startsWith('name:') && !byKey.has(k)) byKey.set(k, idx);
  }
  return out;
}
