import { nameNumbers, nameWords, normaliseName, similarityBlocks } from './business-name';
import type { LeadInput } from './domain';
import { parsePhone } from './phone';
import { ownDomain } from './web-address';

/**
 * When two sightings of a business (a CSV row, a Maps place, an OSM node, a lead stored by an earlier
 * run) are one lead. The store files every sighting by this rule, so the rule the tests check is the rule
 * the product runs.
 *
 * - Strong keys merge: a Google place id names one place; a business's own domain names one business
 *   (a platform profile or a builder's shared domain is not one: see web-address.ts). Two different place
 *   ids under one domain are two branches: kept apart and linked.
 * - A shared phone merges only when the rest agrees: no two different own domains or place ids, and names
 *   that fit (one's telling words found in the other's). Group practices, shared buildings and
 *   call-tracking numbers share phones, so otherwise both leads are kept and linked as "may be related".
 * - Without a shared key, a similar name at a similar address merges (blocks keep the comparison cheap).
 */

export interface IdentityOptions {
  /** For phone numbers written without a country code. */
  defaultCountry?: string | undefined;
}

/** What a lead is compared by: its name, where it is, and its identities. */
export type Comparable = Pick<LeadInput, 'name'> & Partial<Pick<LeadInput, 'website' | 'phone' | 'address' | 'city' | 'country' | 'place_id'>>;

export type KeyKind = 'place' | 'domain' | 'phone' | 'name';

/** "place:…", "domain:…", "phone:+…", or for a lead with none of these "name:…|…". */
export type IdentityKey = `${KeyKind}:${string}`;

/** The kind of a key; a similar name at a similar address (no key at all) counts as 'name'. */
export function keyKind(key: string): KeyKind {
  const i = key.indexOf(':');
  return (i < 0 ? 'name' : key.slice(0, i)) as KeyKind;
}

/**
 * Every identity a lead can be found by, strongest first. Its name in its place is a key only for a lead
 * with no other: a name alone does not tell two branches, two addresses or two websites apart, so
 * otherwise names are compared by `judge`, which weighs all three.
 */
export function identityKeys<T extends Comparable>(lead: T, o: IdentityOptions = {}): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (lead.place_id?.trim()) keys.push(`place:${lead.place_id.trim()}`);
  const domain = ownDomain(lead.website);
  if (domain) keys.push(`domain:${domain}`);
  const phone = parsePhone(lead.phone, lead.country ?? o.defaultCountry);
  if (phone) keys.push(`phone:${phone.e164}`);
  if (keys.length === 0) keys.push(`name:${normaliseName(lead.name)}|${normaliseAddress(lead)}`);
  return keys;
}

export { similarityBlocks };

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

function dice(A: Map<string, number>, na: number, B: Map<string, number>, nb: number): number {
  let overlap = 0;
  for (const [g, n] of A) overlap += Math.min(n, B.get(g) ?? 0);
  return (2 * overlap) / (na + nb);
}

/** What the comparison needs of a lead, worked out once: in a large block one lead meets many others. */
interface Profile {
  defaultCountry: string | undefined;
  keys: IdentityKey[];
  place: string | null;
  domain: string | null;
  name: string;
  nameGrams: Map<string, number>;
  words: string[];
  numbers: string;
  city: string;
  /** Address and town, normalised; null without an address. */
  address: string | null;
}

// Keyed by the object: callers treat comparables as values (a merge makes a new object).
const profiles = new WeakMap<object, Profile>();

function profileOf(lead: Comparable, o: IdentityOptions): Profile {
  const known = profiles.get(lead);
  if (known && known.defaultCountry === o.defaultCountry) return known;
  const name = normaliseName(lead.name);
  const keys = identityKeys(lead, o);
  const p: Profile = {
    defaultCountry: o.defaultCountry,
    keys: keys.filter((k) => keyKind(k) !== 'name'),
    place: lead.place_id?.trim() || null,
    domain: ownDomain(lead.website),
    name,
    nameGrams: bigrams(name),
    words: nameWords(name),
    numbers: nameNumbers(name),
    city: normaliseName(lead.city ?? ''),
    address: lead.address ? normaliseAddress(lead) : null,
  };
  profiles.set(lead, p);
  return p;
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
  if (few.length === 0) return false;
  return few.every((w) => many.some((v) => v === w || similarity(w, v) >= SAME_WORD));
}

/** Names that can be one business's: the same numbers, and the shorter name's telling words all in the longer. */
function namesFit(a: Profile, b: Profile): boolean {
  if (a.numbers !== b.numbers) return false;
  if (a.name === b.name) return true;
  return wordsAgree(a.words, b.words);
}

/** A similar name (0.85 alike, word for word) in the same place (addresses 0.6 alike, or the same town without one). */
function lookAlike(a: Profile, b: Profile): boolean {
  if (a.numbers !== b.numbers || !a.name || !b.name) return false;
  if (a.name !== b.name) {
    // Dice can reach 0.85 only when the lengths are close; most names in a block fail here, before counting.
    const na = a.name.length + 1;
    const nb = b.name.length + 1;
    if (2 * Math.min(na, nb) < SAME_NAME * (na + nb)) return false;
    if (dice(a.nameGrams, na, b.nameGrams, nb) < SAME_NAME) return false;
    if (!wordsAgree(a.words, b.words)) return false;
  }
  if (a.address !== null && b.address !== null) return similarity(a.address, b.address) >= SAME_ADDRESS;
  return !!a.city && a.city === b.city;
}

export type Verdict =
  /** One business: the sighting joins the lead, by this key (or by a similar name at a similar address). */
  | { verdict: 'same'; by: IdentityKey | 'name' }
  /** They share a key but disagree elsewhere: two leads, linked for the rep to decide. */
  | { verdict: 'related'; by: IdentityKey }
  | { verdict: 'different' };

/** Whether a sighting is the same business as a known lead, a possibly related one, or another one. */
export function judge<A extends Comparable, B extends Comparable>(sighting: A, known: B, o: IdentityOptions = {}): Verdict {
  const a = profileOf(sighting, o);
  const b = profileOf(known, o);
  const shared = a.keys.filter((k) => b.keys.includes(k));
  const placesDiffer = a.place !== null && b.place !== null && a.place !== b.place;
  const domainsDiffer = a.domain !== null && b.domain !== null && a.domain !== b.domain;
  const place = shared.find((k) => keyKind(k) === 'place');
  if (place) return { verdict: 'same', by: place };
  const domain = shared.find((k) => keyKind(k) === 'domain');
  // Two Maps places under one website are two branches of one business.
  if (domain) return placesDiffer ? { verdict: 'related', by: domain } : { verdict: 'same', by: domain };
  const phone = shared.find((k) => keyKind(k) === 'phone');
  if (phone) return !placesDiffer && !domainsDiffer && namesFit(a, b) ? { verdict: 'same', by: phone } : { verdict: 'related', by: phone };
  if (placesDiffer || domainsDiffer) return { verdict: 'different' };
  return lookAlike(a, b) ? { verdict: 'same', by: 'name' } : { verdict: 'different' };
}

/** Whether two sightings are one business by the rule above (the 'same' verdict). */
export function isSameBusiness<A extends Comparable, B extends Comparable>(a: A, b: B, o: IdentityOptions = {}): boolean {
  return judge(a, b, o).verdict === 'same';
}
