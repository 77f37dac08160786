import { isReservedTestHost, reservedTestDomain } from '../core/hosts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parse as parseDomain } from 'tldts';
import type { LeadInput, LeadSource } from '../core/domain';

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

const LEGAL_FORMS = /\b(gmbh|mbh|ag|kg|ohg|gbr|ug|e\.?\s?k|ltd|limited|llc|llp|inc|incorporated|corp|corporation|co|company|plc|pvt|private|sarl|sas|sa|srl|spa|bv|nv|ab|as|oy|pty|s\.?l|s\.?a|s\.?r\.?l|and|und|et|the)\b/g;

/** "Dr. Müller & Co. GmbH" → "dr muller": accents folded, punctuation and legal forms dropped. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
  const A = bigrams(a);
  const B = bigrams(b);
  let overlap = 0;
  let total = 0;
  for (const [g, n] of A) {
    overlap += Math.min(n, B.get(g) ?? 0);
    total += n;
  }
  for (const n of B.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}

type KeyedLead = Partial<LeadInput> & Pick<LeadInput, 'name'>;

/** Every identity a lead can be recognised by, strongest first. */
export function dedupeKeys(lead: KeyedLead, o: DedupeOptions = {}): string[] {
  const keys: string[] = [];
  const domain = normaliseDomain(lead.website);
  if (domain) keys.push(`domain:${domain}`);
  const phone = normalisePhone(lead.phone, lead.country ?? o.defaultCountry);
  if (phone) keys.push(`phone:${phone}`);
  if (lead.place_id?.trim()) keys.push(`place:${lead.place_id.trim()}`);
  const name = normaliseName(lead.name);
  const where = normaliseName(lead.city ?? '') || normaliseAddress(lead);
  keys.push(`name:${name}|${where}`);
  return keys;
}

/** The one key stored in `leads.dedupe_key` (UNIQUE per workspace): the strongest identity the lead has. */
export function dedupeKey(lead: KeyedLead, o: DedupeOptions = {}): string {
  return dedupeKeys(lead, o)[0]!;
}

/**
 * Whether two leads are the same business: a shared own domain, phone or place id; or names at least 0.85
 * similar in the same place (addresses 0.6 similar, or the same city when an address is missing).
 */
export function isSameBusiness(a: KeyedLead, b: KeyedLead, o: DedupeOptions = {}): boolean {
  const ka = dedupeKeys(a, o);
  const kb = new Set(dedupeKeys(b, o));
  if (ka.some((k) => !k.startsWith('name:') && kb.has(k))) return true;
  // Two different own websites are two businesses, however alike their names.
  const da = normaliseDomain(a.website);
  const db = normaliseDomain(b.website);
  if (da && db && da !== db) return false;
  const na = normaliseName(a.name);
  const nb = normaliseName(b.name);
  // "Branch 2" is not "Branch 12": numbers in a name must agree.
  if ((na.match(/\d+/g) ?? []).join(' ') !== (nb.match(/\d+/g) ?? []).join(' ')) return false;
  if (similarity(na, nb) < 0.85) return false;
  const addrA = normaliseAddress(a);
  const addrB = normaliseAddress(b);
  if (a.address && b.address) return similarity(addrA, addrB) >= 0.6;
  const cityA = normaliseName(a.city ?? '');
  const cityB = normaliseName(b.city ?? '');
  return !!cityA && cityA === cityB;
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
 * matched in a map; the fuzzy name-and-place match is tried only within the same city or first name letter.
 */
export function dedupeLeads(leads: readonly (LeadInput & { sources?: LeadSource[] })[], o: DedupeOptions = {}): MergedLead[] {
  const out: MergedLead[] = [];
  const byKey = new Map<string, number>();
  const byBlock = new Map<string, number[]>();
  const blockOf = (l: KeyedLead) => `${normaliseName(l.city ?? '')}|${normaliseName(l.name).slice(0, 1)}`;
  for (const lead of leads) {
    const keys = dedupeKeys(lead, o).filter((k) => !k.startsWith('name:'));
    let idx = keys.map((k) => byKey.get(k)).find((i) => i !== undefined);
    if (idx === undefined) idx = (byBlock.get(blockOf(lead)) ?? []).find((i) => isSameBusiness(out[i]!, lead, o));
    if (idx === undefined) {
      idx = out.length;
      out.push(mergeLeads(lead, { ...lead, sources: lead.sources ?? [lead.source] }));
      const block = blockOf(lead);
      byBlock.set(block, [...(byBlock.get(block) ?? []), idx]);
    } else {
      out[idx] = mergeLeads(out[idx]!, lead);
    }
    for (const k of dedupeKeys(out[idx]!, o)) if (!k.startsWith('name:') && !byKey.has(k)) byKey.set(k, idx);
  }
  return out;
}
