import {
  CONTENT_READ_PATTERNS, DAYS, EVENT_WORDS, GENERIC_WORDS, MONTHS, numberWord, PRAISE_PATTERNS, SECTOR_NOUNS, STOP_WORDS, TECH_CATEGORY, TECH_NAMES,
  isRemarkableRating, sectorOf, type Language, type Sector,
} from './message-lexicon';

/**
 * Claims in a message and the facts behind them. A claim is a statement about the lead (a number, a date,
 * a name, an event, a product, a property of its site or business); each is matched against the lead's
 * facts and comes out supported, contradicted (a fact says otherwise) or unsupported (no fact says so).
 * Deterministic and conservative: a statement that cannot be tied to a fact is unsupported, never assumed.
 */

export interface ClaimLead {
  name: string;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  title?: string | null | undefined;
  city?: string | null | undefined;
  category?: string | null | undefined;
  website?: string | null | undefined;
  address?: string | null | undefined;
  country?: string | null | undefined;
  rating?: number | null | undefined;
  review_count?: number | null | undefined;
}

export interface ClaimFact {
  id?: string | undefined;
  kind: string;
  value: string;
  source_url?: string | null | undefined;
  method?: string | undefined;
  detail?: Record<string, unknown> | null | undefined;
}

export type ClaimKind =
  | 'rating' | 'reviews' | 'year' | 'hours' | 'date' | 'count' | 'number' | 'title' | 'topic' | 'tech' | 'booking' | 'person' | 'location'
  | 'event' | 'praise' | 'content' | 'sector' | 'assumption';

export type Support = 'supported' | 'contradicted' | 'unsupported';

export interface Claim {
  text: string;
  kind: ClaimKind;
  supported: Support;
  fact_id?: string | undefined;
  /** Says something particular to this lead (not its city or category, which every lead of a search shares). */
  specific: boolean;
  /** Why it is not supported, in the rep's words. */
  why?: string | undefined;
}

/** One fact as the matcher sees it: its words, numbers and dates, flattened once. */
interface Evidence {
  id: string;
  kind: string;
  text: string;
  lower: string;
  stems: Set<string>;
  dates: string[];
}

export interface ClaimContext {
  lead: ClaimLead;
  facts: readonly ClaimFact[];
  /** The rep's own words (offer, call to action, sender): sentences made of them are not about the lead. */
  ownWords: readonly string[];
  language: Language;
}

export function buildEvidence(lead: ClaimLead, facts: readonly ClaimFact[]): Evidence[] {
  const out: Evidence[] = [];
  const add = (id: string, kind: string, text: string, dates: string[] = []) => {
    if (!text.trim()) return;
    out.push({ id, kind, text, lower: text.toLowerCase(), stems: stemSet(text), dates });
  };
  facts.forEach((f, i) => {
    const detail = flatDetail(f.detail);
    const dates = [f.detail?.date, f.detail?.latest_date, f.detail?.founding_date].filter((d): d is string => typeof d === 'string');
    add(f.id ?? `F${i + 1}`, f.kind, `${f.value}${detail ? ` ${detail}` : ''}`, dates);
  });
  add('lead.name', 'business', lead.name);
  const contact = [lead.title, lead.first_name, lead.last_name].filter(Boolean).join(' ');
  if (contact) add('lead.contact', 'person', contact);
  if (lead.city) add('lead.city', 'address', lead.city);
  if (lead.address) add('lead.address', 'address', lead.address);
  if (lead.country) add('lead.country', 'address', lead.country);
  if (lead.category) add('lead.category', 'category', lead.category);
  if (lead.rating != null) add('lead.rating', 'rating', String(lead.rating));
  if (lead.review_count != null) add('lead.review_count', 'review_count', String(lead.review_count));
  if (lead.website) add('lead.website', 'website', lead.website);
  return out;
}

function flatDetail(detail: Record<string, unknown> | null | undefined, depth = 0): string {
  if (!detail || depth > 2) return '';
  const parts: string[] = [];
  for (const v of Object.values(detail)) {
    if (typeof v === 'string' || typeof v === 'number') parts.push(String(v));
    else if (Array.isArray(v)) for (const x of v.slice(0, 10)) parts.push(typeof x === 'object' && x ? flatDetail(x as Record<string, unknown>, depth + 1) : String(x));
    else if (v && typeof v === 'object') parts.push(flatDetail(v as Record<string, unknown>, depth + 1));
  }
  return parts.join(' ');
}

/** Lower-case word stems, crude but the same on both sides of a comparison. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '').replace(/[^\p{L}\p{N}-]/gu, '');
  if (w.length > 5) w = w.replace(/(?:ungen|ings|ing|ers|ern|en|er|es|ed|e|s|n)$/u, '');
  else if (w.length > 3) w = w.replace(/(?:es|s)$/u, '');
  return w;
}

function stemSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    for (const part of m[0].split('-')) if (part.length >= 3) out.add(stem(part));
    out.add(stem(m[0]));
  }
  return out;
}

function stemMatch(a: string, stems: Set<string>): boolean {
  if (stems.has(a)) return true;
  if (a.length < 5) return false;
  for (const s of stems) if (s.length >= 5 && (s.startsWith(a) || a.startsWith(s))) return true;
  return false;
}

const ABBREVIATIONS = /(?:\b(?:Dr|Mr|Mrs|Ms|St|Prof|Nr|Str|ca|bzw|vs|etc|Inc|Ltd|Co|No|Jr|Sr)|\b[A-Z]|\bz\.B|\bu\.a|\bi\.e|\be\.g)\.$/u;

/** Sentences, not cut after "Dr." or inside "4.8". */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/u)) {
    let cur = '';
    const parts = line.split(/(?<=[.!?…])(\s+)/u);
    for (let i = 0; i < parts.length; i += 2) {
      cur += parts[i]!;
      const next = parts[i + 2];
      if (next === undefined) break;
      const end = cur.trimEnd();
      // "St." after a street's name ends the sentence ("on SW Alder St. On a busy…"); before a name it is Saint.
      const abbreviation = ABBREVIATIONS.test(end) && !/\b\p{Lu}\p{Ll}+\s+(?:St|Ave|Rd|Blvd|Str)\.$/u.test(end);
      if (abbreviation || !/^["'“„(\p{Lu}\p{N}]/u.test(next)) {
        cur += parts[i + 1] ?? ' ';
        continue;
      }
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    }
    if (cur.trim()) out.push(cur.trim());
  }
  return out;
}

const SECOND_PERSON_EN = /\b(?:you|your|yours|you're|you've|you'll|yourself|y'all)\b/iu;
const SECOND_PERSON_DE = /\b(?:Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b/u;

/** Whether a sentence says something about the lead (addresses it, or names it or its people). */
export function isAboutLead(sentence: string, lead: ClaimLead, people: readonly string[]): boolean {
  if (SECOND_PERSON_EN.test(sentence) || SECOND_PERSON_DE.test(sentence)) return true;
  const lower = sentence.toLowerCase();
  if (lead.name && lower.includes(lead.name.toLowerCase())) return true;
  return people.some((p) => p.length >= 3 && new RegExp(`\\b${escapeRe(p)}\\b`, 'iu').test(sentence));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function overlap(a: string, b: string): number {
  const ta = new Set(a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const tb = new Set(b.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  if (ta.size === 0 || tb.size === 0) return 0;
  let n = 0;
  for (const t of ta) if (tb.has(t)) n++;
  return n / Math.min(ta.size, tb.size);
}

/** A sentence that is (mostly) the rep's own offer or call to action: the rep speaking, not a claim. */
function isOwnWords(sentence: string, ownWords: readonly string[]): boolean {
  return ownWords.some((w) => w.trim().length > 0 && overlap(sentence, w) >= 0.75 && (sentence.length <= w.length * 1.6 || overlap(w, sentence) >= 0.75));
}

const ASSUMPTION = /\b(?:you|Sie)\s+(?:probably|likely|must|surely|often|wahrscheinlich|sicher|bestimmt)?\s*(?:find|get|see|spend|lose|struggle|need|want|deal with|have trouble|worry|kennen|haben oft|verlieren|brauchen)\b/iu;
const STATE_VERBS = /\b(?:is|are|was|were|has|have|had|uses|use|runs|run|offers|offer|lacks|lack|doesn't|don't|can't|cannot|isn't|aren't|looks|seems|seem|goes|go|lists|shows|says|hat|haben|bietet|bieten|nutzt|nutzen|läuft|fehlt|zeigt|steht|vergeben|vergibt|liegt|arbeiten|arbeitet|sind|ist|war|waren|wird|werden|bleibt)\b/iu;
/** The rep's courtesies and offers of help: addressed to the lead, but about the rep. */
const COURTESY = /^(?:i hope|hope|i'd love|i would love|i'd like|i would like|let me|happy to|glad to|thanks|thank you|i'm writing|i am writing|feel free|i can|we can|can i|could i|may i|ich hoffe|gerne|vielen dank|danke|darf ich|ich würde|ich möchte)\b/iu;
const TOPIC_LEAD = /\b(?:post|article|piece|blog|guide|page|note|beitrag|artikel)\s+(?:on|about|über|zu|zum|zur|called|titled)\s+(.+?)(?=[,.;?!]|\s+(?:and|which|that|und|der|die|das)\b|$)/iu;

/**
 * Every claim about the lead in a message (its greeting and sign-off already removed), each matched
 * against the facts.
 */
export function findClaims(content: string, ctx: ClaimContext, opts: { statements?: boolean } = {}): Claim[] {
  const evidence = buildEvidence(ctx.lead, ctx.facts);
  const people = peopleNames(ctx.lead, ctx.facts);
  const sector = sectorOf(ctx.lead.category, ctx.lead.name);
  const claims: Claim[] = [];
  for (const s of sentencesOf(content)) {
    if (!isAboutLead(s, ctx.lead, people)) continue;
    if (isOwnWords(s, ctx.ownWords)) continue;
    claims.push(...sentenceClaims(s, ctx, evidence, sector, opts.statements ?? true));
  }
  return claims;
}

function peopleNames(lead: ClaimLead, facts: readonly ClaimFact[]): string[] {
  const out: string[] = [];
  for (const f of facts) {
    if (f.kind !== 'person') continue;
    const name = typeof f.detail?.name === 'string' ? f.detail.name : f.value;
    for (const part of name.replace(/^(?:Dr\.?|Prof\.?|Frau|Herr|Mr\.?|Mrs\.?|Ms\.?)\s+/u, '').split(/\s+/u)) if (part.length >= 3) out.push(part);
  }
  if (lead.last_name) out.push(lead.last_name);
  return out;
}

/**
 * The day names and the products a sentence may name, each as a pattern to find it and one to take every
 * mention out: compiled once, not for every sentence of every message (a run checks 100 000 of them).
 */
const DAY_PATTERNS = Object.entries(DAYS).map(([word, code]) => ({ word, code, found: new RegExp(`\\b${word}\\b`, 'iu'), every: new RegExp(`\\b${word}\\b`, 'giu') }));
const TECH_PATTERNS = TECH_NAMES.map((name) => ({ name, found: new RegExp(`\\b${escapeRe(name)}\\b`, 'u'), every: new RegExp(`\\b${escapeRe(name)}\\b`, 'gu') }));

function sentenceClaims(s: string, ctx: ClaimContext, ev: Evidence[], sector: Sector, statements: boolean): Claim[] {
  const out: Claim[] = [];
  let rest = s;
  const take = (re: RegExp, fn: (m: RegExpMatchArray) => Claim | null) => {
    for (const m of [...rest.matchAll(re)]) {
      const c = fn(m);
      // Words that turned out not to be a claim stay for the later patterns ("Alder St" is no name, but "on SW Alder" is a place).
      if (!c) continue;
      out.push(c);
      rest = rest.replace(m[0], ' ');
    }
  };

  // Numbers about ratings and reviews first, so "4.8" is not also read as a count.
  take(/(\d(?:[.,]\d)?)\s*(?:-|\s)?(?:star|stars|sterne|★)(?:\s+(?:rating|average|bewertung))?/giu, (m) => ratingClaim(m[0], num(m[1]!), ev));
  take(/\b(?:rated|rating of|average of|averaging|durchschnittlich|bewertet mit)\s+(\d(?:[.,]\d)?)/giu, (m) => ratingClaim(m[0], num(m[1]!), ev));
  take(/(\d[.,]\d)\s*(?:out of|von|\/)\s*5/giu, (m) => ratingClaim(m[0], num(m[1]!), ev));
  take(/\b((?:over|more than|nearly|almost|about|around|close to|über|mehr als|fast|rund|knapp)\s+)?(\d[\d,.]*)\s+(?:\p{L}+\s+)?(?:reviews|ratings|google reviews|bewertungen|rezensionen)\b/giu, (m) =>
    reviewsClaim(m[0], m[1] ?? '', num(m[2]!.replace(/[,.](?=\d{3}\b)/gu, '')), ev));
  take(/\b(?:since|seit|founded in|established in|est\.?|gegründet)\s+((?:19|20)\d\d)\b/giu, (m) => yearClaim(m[0], m[1]!, ev, true));
  take(/\b(?:for|seit)\s+(\d{1,3}|\p{L}+)\s+(?:years|jahren)\b/giu, (m) => {
    const n = /^\d+$/u.test(m[1]!) ? Number(m[1]) : numberWord(m[1]!);
    return n === null ? null : countClaim(m[0], n, ev);
  });
  take(/\b(\d{1,2})(?::(\d\d))?\s*(?:-|–|to|until|till|bis)\s*(\d{1,2})(?::(\d\d))?\s*(am|pm|a\.m\.|p\.m\.|uhr|h)?/giu, (m) => hoursClaim(m[0], [m[1]!, m[3]!], ev));
  take(/\b(?:from|until|till|at|ab|bis|um)?\s*(\d{1,2})(?::(\d\d))?\s*(am|pm|a\.m\.|p\.m\.|uhr)(?=$|[^\p{L}])/giu, (m) => hoursClaim(m[0], [m[1]!], ev));
  take(/\b(?:from|until|till|at|ab|bis|um)\s+(\d{1,2})(?::(\d\d))?\b(?!\s*(?:%|percent|reviews|years|minutes|min\b|stars))/giu, (m) => hoursClaim(m[0], [m[1]!], ev));
  take(/\b(\d{1,2}):(\d\d)\b/gu, (m) => hoursClaim(m[0], [m[1]!], ev));
  take(/\b(\d{1,2}\.?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember)(\s+\d{1,2}(?:st|nd|rd|th)?)?(,?\s+(?:19|20)\d\d)?\b/giu, (m) => {
    // "May" is also a verb; only take it with a day or a year.
    if (m[2]!.toLowerCase() === 'may' && !m[1] && !m[3] && !m[4]) return null;
    return dateClaim(m[0], m[2]!, MONTHS[m[2]!.toLowerCase()]!, ev);
  });
  take(/\b((?:19|20)\d\d)\b/gu, (m) => yearClaim(m[0], m[1]!, ev, false));
  for (const { word, code, found, every } of DAY_PATTERNS) {
    if (found.test(rest)) {
      out.push(dayClaim(word, code, ev));
      rest = rest.replace(every, ' ');
    }
  }
  take(/\b(?:weekends?|wochenende\w*)\b/giu, (m) => dayClaim(m[0], 'sa', ev));
  take(/["“„«‘]([^"”“«»‘’]{3,120})["”“»’]/gu, (m) => titleClaim(m[1]!, ev));
  take(/\b(?:no|without|keine?n?|ohne)\s+(?:way to\s+)?(?:online[- ]booking|book(?:ing)? online|online[- ]terminbuchung|online[- ]termin\w*|booking (?:widget|system|tool|button))\b|\b(?:can't|cannot|can not)\s+book\s+online\b/giu, (m) => noBookingClaim(m[0], ev));
  take(/\b(?:online[- ]booking|book(?:ing)? online|online[- ]terminbuchung|online[- ]termine?|booking (?:widget|system|tool|button))\b/giu, (m) => bookingClaim(m[0], ev));
  for (const { name, found, every } of TECH_PATTERNS) {
    if (found.test(rest)) {
      out.push(techClaim(name, ev));
      rest = rest.replace(every, ' ');
    }
  }
  take(/\b(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|second|third|fourth|zwei|drei|vier|fünf|sechs|zehn|zweite[nr]?|dritte[nr]?)\s+(?:new\s+|neue[nr]?\s+)?(locations?|offices?|clinics?|practices?|branches|hygienists?|dentists?|doctors?|chairs?|rooms?|treatment rooms?|stylists?|lawyers?|attorneys?|partners?|employees?|staff|people|team members|coaches|trainers|standorte?n?|praxen|filialen?|mitarbeiter\w*|behandlungsräume?n?|behandlungszimmer\w*|anwält\w*|zimmer|räume?n?)\b/giu, (m) => {
    const n = /^\d+$/u.test(m[1]!) ? Number(m[1]) : numberWord(m[1]!);
    return n === null ? null : countClaim(m[0], n, ev);
  });
  take(/(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|percent|prozent|euro|dollars?))/giu, (m) => numberClaim(m[0], ev));
  take(/\b\d+(?:[.,]\d+)?\b/gu, (m) => numberClaim(m[0], ev));
  take(/\b(?:Dr|Prof|Mr|Mrs|Ms|Frau|Herr)\.?\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?)/gu, (m) => nameClaim(m[0], m[1]!, ev));
  if (ctx.language === 'en') {
    // Two or more capitalised words: a person, a place or a business. German capitalises every noun, so only titles count there.
    take(/\b(\p{Lu}[\p{Ll}'’-]+(?:[ \t]+(?:(?:of|de|van|von)[ \t]+)?\p{Lu}[\p{L}'’-]+)+)/gu, (m) => properClaim(m[1]!, ctx, ev));
    take(/\b(?:in|near|on|off)\s+((?:SE|NE|NW|SW|N|S|E|W)\s+)?(\p{Lu}[\p{Ll}'’-]{2,})\b/gu, (m) => placeClaim(m[0], m[2]!, ctx, ev));
  }

  const sectorClaim = sectorNounClaim(s, sector);
  if (sectorClaim) out.push(sectorClaim);
  for (const re of PRAISE_PATTERNS) {
    const m = re.exec(s);
    if (m) {
      out.push(praiseClaim(m[0], out, ctx, sector));
      break;
    }
  }
  for (const re of CONTENT_READ_PATTERNS) {
    const m = re.exec(s);
    if (m) {
      out.push(contentClaim(m[0], ev));
      break;
    }
  }
  const assumption = ASSUMPTION.exec(s);
  if (assumption && !/\?\s*$/u.test(s)) {
    out.push({ text: s, kind: 'assumption', supported: 'unsupported', specific: false, why: 'a guess about them dressed as a fact ("you find…")' });
  }
  const topic = TOPIC_LEAD.exec(s);
  if (topic && !out.some((c) => c.kind === 'title')) {
    const c = topicClaim(topic[1]!, ev);
    if (c) out.push(c);
  }
  // A statement of an event or a property with nothing particular in it is still a claim: it must name what a fact says.
  if (statements && !out.some((c) => c.specific || c.kind === 'praise' || c.kind === 'content') && !/\?\s*$/u.test(s) && !COURTESY.test(s) && (EVENT_WORDS.test(rest) || STATE_VERBS.test(rest))) {
    const c = statementClaim(s, rest, ctx, ev);
    if (c) out.push(c);
  }
  return out;
}

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

function first(ev: Evidence[], kinds: readonly string[]): Evidence | undefined {
  return ev.find((e) => kinds.includes(e.kind));
}

function claim(text: string, kind: ClaimKind, supported: Support, e?: Evidence, why?: string, specific = true): Claim {
  return { text: text.trim(), kind, supported, ...(e ? { fact_id: e.id } : {}), specific, ...(why && supported !== 'supported' ? { why } : {}) };
}

function ratingClaim(text: string, value: number, ev: Evidence[]): Claim {
  const facts = ev.filter((e) => e.kind === 'rating');
  const hit = facts.find((e) => Math.abs(num(e.text.split(/\s/u)[0]!) - value) <= 0.05);
  if (hit) return claim(text, 'rating', 'supported', hit);
  if (facts.length) return claim(text, 'rating', 'contradicted', facts[0], `the rating is ${facts[0]!.text.split(/\s/u)[0]}`);
  return claim(text, 'rating', 'unsupported', undefined, 'no rating is known');
}

function reviewsClaim(text: string, qualifier: string, value: number, ev: Evidence[]): Claim {
  const facts = ev.filter((e) => e.kind === 'review_count');
  const actual = facts.map((e) => ({ e, n: Number(e.text.split(/\s/u)[0]) })).filter((x) => Number.isFinite(x.n));
  if (actual.length === 0) return claim(text, 'reviews', 'unsupported', undefined, 'no review count is known');
  const q = qualifier.trim().toLowerCase();
  for (const { e, n } of actual) {
    if (n === value) return claim(text, 'reviews', 'supported', e);
    if (/^(?:over|more than|über|mehr als)$/u.test(q) && n > value && value >= n * 0.7) return claim(text, 'reviews', 'supported', e);
    if (/^(?:nearly|almost|close to|fast|knapp)$/u.test(q) && n < value && n >= value * 0.9) return claim(text, 'reviews', 'supported', e);
    if (/^(?:about|around|rund)$/u.test(q) && Math.abs(n - value) <= n * 0.1) return claim(text, 'reviews', 'supported', e);
  }
  return claim(text, 'reviews', 'contradicted', actual[0]!.e, `the review count is ${actual[0]!.n}`);
}

function yearClaim(text: string, year: string, ev: Evidence[], founding: boolean): Claim | null {
  const hit = ev.find((e) => e.lower.includes(year) || e.dates.some((d) => d.startsWith(year)));
  if (hit) return claim(text, 'year', 'supported', hit);
  if (founding) {
    const known = ev.find((e) => /founding|gegründet|since|seit/iu.test(e.text) && /\b(?:19|20)\d\d\b/u.test(e.text));
    if (known) return claim(text, 'year', 'contradicted', known, `the facts give ${/\b(?:19|20)\d\d\b/u.exec(known.text)![0]}`);
  }
  return claim(text, 'year', 'unsupported', undefined, `nothing known happened in ${year}`);
}

function hoursClaim(text: string, hours: string[], ev: Evidence[]): Claim {
  const hoursFacts = ev.filter((e) => e.kind === 'opening_hours' || /\b\d{1,2}:\d\d\b/u.test(e.text));
  const norm = (h: string) => String(Number(h));
  const hit = hoursFacts.find((e) => hours.every((h) => {
    const n = Number(h);
    const candidates = [n, n + 12, n - 12].filter((x) => x >= 0 && x <= 24).map((x) => String(x).padStart(2, '0'));
    return candidates.some((c) => e.text.includes(`${c}:`) || new RegExp(`\\b${norm(c)}\\s*(?:am|pm|uhr)`, 'iu').test(e.text));
  }));
  if (hit) return claim(text, 'hours', 'supported', hit);
  const official = ev.find((e) => e.kind === 'opening_hours');
  if (official) return claim(text, 'hours', 'contradicted', official, `the opening hours say ${official.text}`);
  return claim(text, 'hours', 'unsupported', undefined, 'no opening hours are known');
}

const DAY_CODES = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const DAY_SPELLINGS: Record<string, RegExp> = {
  mo: /\b(?:mo|mon|monday|montag)\b/iu, tu: /\b(?:tu|tue|tuesday|di|dienstag)\b/iu, we: /\b(?:we|wed|wednesday|mi|mittwoch)\b/iu,
  th: /\b(?:th|thu|thursday|do|donnerstag)\b/iu, fr: /\b(?:fr|fri|friday|freitag)\b/iu, sa: /\b(?:sa|sat|saturdays?|samstags?)\b/iu,
  su: /\b(?:su|sun|sundays?|so|sonntags?)\b/iu,
};

/** Does an opening-hours text cover a day, single ("Sa") or in a range ("Mo-Fr")? */
export function hoursCover(text: string, code: string): boolean {
  if (DAY_SPELLINGS[code]!.test(text)) return true;
  const idx = DAY_CODES.indexOf(code);
  for (const m of text.matchAll(/\b(Mo|Tu|Di|We|Mi|Th|Do|Fr|Sa|Su|So)\s*[-–]\s*(Mo|Tu|Di|We|Mi|Th|Do|Fr|Sa|Su|So)\b/giu)) {
    const a = DAY_CODES.indexOf(dayCode(m[1]!));
    const b = DAY_CODES.indexOf(dayCode(m[2]!));
    if (a >= 0 && b >= a && idx >= a && idx <= b) return true;
  }
  return false;
}

function dayCode(s: string): string {
  const l = s.toLowerCase();
  return ({ di: 'tu', mi: 'we', do: 'th', so: 'su' } as Record<string, string>)[l] ?? l;
}

function dayClaim(text: string, code: string, ev: Evidence[]): Claim {
  const hours = ev.filter((e) => e.kind === 'opening_hours');
  const hit = hours.find((e) => hoursCover(e.text, code)) ?? ev.find((e) => e.kind !== 'opening_hours' && DAY_SPELLINGS[code]!.test(e.text) && !/^\w{2}$/u.test(text));
  if (hit) return claim(text, 'hours', 'supported', hit);
  if (hours.length) return claim(text, 'hours', 'contradicted', hours[0], `the opening hours are ${hours[0]!.text}`);
  return claim(text, 'hours', 'unsupported', undefined, 'no opening hours are known');
}

function dateClaim(text: string, monthWord: string, month: number, ev: Evidence[]): Claim {
  const mm = String(month).padStart(2, '0');
  const word = new RegExp(`\\b${monthWord}\\b`, 'iu');
  const hit = ev.find((e) => e.dates.some((d) => d.slice(5, 7) === mm)) ?? ev.find((e) => new RegExp(`-${mm}-\\d\\d`, 'u').test(e.text) || word.test(e.text));
  if (hit) return claim(text, 'date', 'supported', hit);
  return claim(text, 'date', 'unsupported', undefined, 'no fact is dated then');
}

function titleClaim(quoted: string, ev: Evidence[]): Claim {
  const q = quoted.toLowerCase().replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/gu, ' ').trim();
  const hit = ev.find((e) => e.lower.replace(/[^\p{L}\p{N} ]/gu, ' ').replace(/\s+/gu, ' ').includes(q)) ?? ev.find((e) => overlap(quoted, e.text) >= 0.85 && wordsOf(quoted) >= 3);
  if (hit) return claim(`"${quoted}"`, 'title', 'supported', hit);
  return claim(`"${quoted}"`, 'title', 'unsupported', undefined, 'no page or post of theirs has this title');
}

function topicClaim(topic: string, ev: Evidence[]): Claim | null {
  const words = contentStems(topic, []);
  if (words.length === 0) return null;
  const hit = ev.find((e) => (e.kind === 'blog_post' || e.kind === 'description' || e.kind === 'blog_activity') && words.filter((w) => stemMatch(w, e.stems)).length >= Math.ceil(words.length * 0.6));
  if (hit) return claim(topic, 'topic', 'supported', hit);
  return claim(topic, 'topic', 'unsupported', undefined, 'no post of theirs is about this');
}

function wordsOf(s: string): number {
  return (s.match(/\S+/gu) ?? []).length;
}

function techClaim(name: string, ev: Evidence[]): Claim {
  const key = name.toLowerCase();
  const hit = ev.find((e) => e.kind === 'tech' && e.lower.includes(key)) ?? ev.find((e) => e.lower.includes(key));
  if (hit) return claim(name, 'tech', 'supported', hit);
  const cat = TECH_CATEGORY[key];
  // A site is built on one platform: a CMS and a site builder exclude each other as much as two builders do.
  const family = cat === 'cms' || cat === 'site_builder' ? ['cms', 'site_builder'] : cat ? [cat] : [];
  const rival = ev.find((e) => e.kind === 'tech' && family.some((c) => e.lower.includes(c)));
  if (rival) return claim(name, 'tech', 'contradicted', rival, `the site runs on ${rival.text.split(' ')[0]}`);
  return claim(name, 'tech', 'unsupported', undefined, `nothing shows they use ${name}`);
}

function bookingTech(ev: Evidence[]): Evidence | undefined {
  return ev.find((e) => e.kind === 'tech' && /\bbooking\b/u.test(e.lower));
}

function noBookingClaim(text: string, ev: Evidence[]): Claim {
  const booking = bookingTech(ev);
  if (booking) return claim(text, 'booking', 'contradicted', booking, `the site has ${booking.text.split(' ')[0]}`);
  const said = ev.find((e) => /online_booking false|no online booking|call to book|book by phone|telefonisch|keine online/iu.test(e.text));
  if (said) return claim(text, 'booking', 'supported', said);
  return claim(text, 'booking', 'unsupported', undefined, 'nothing known says they have no online booking');
}

function bookingClaim(text: string, ev: Evidence[]): Claim | null {
  // "online booking" in a sentence about the lead says they have it, unless it is about what could be.
  const booking = bookingTech(ev) ?? ev.find((e) => /online booking|book online|online-termin/iu.test(e.text) && !/online_booking false/iu.test(e.text));
  if (booking) return claim(text, 'booking', 'supported', booking);
  return null;
}

function countClaim(text: string, n: number, ev: Evidence[]): Claim {
  const words = Object.entries({ 2: 'two|second|zwei|zweite[nrs]?', 3: 'three|third|drei|dritte[nrs]?', 4: 'four|vier|vierte[nrs]?', 5: 'five|fünf' } as Record<number, string>);
  const alt = words.find(([k]) => Number(k) === n)?.[1];
  const re = new RegExp(`\\b(?:${n}${alt ? `|${alt}` : ''})\\b`, 'iu');
  const noun = stem(text.split(/\s+/u).pop() ?? '');
  const hit = ev.find((e) => re.test(e.text) && (stemMatch(noun, e.stems) || /year|jahr/iu.test(text)));
  if (hit) return claim(text, 'count', 'supported', hit);
  if (/team|staff|people|mitarbeiter|employees/iu.test(text)) {
    const team = ev.filter((e) => e.kind === 'person' && e.id !== 'lead.contact').length;
    if (team === n) return claim(text, 'count', 'supported', ev.find((e) => e.kind === 'person'));
  }
  return claim(text, 'count', 'unsupported', undefined, 'no fact gives this number');
}

function numberClaim(text: string, ev: Evidence[]): Claim | null {
  const digits = text.replace(/[^\d.,]/gu, '').replace(/[.,]$/u, '');
  if (!digits || /^0+$/u.test(digits)) return null;
  const hit = ev.find((e) => new RegExp(`(?:^|[^\\d])${escapeRe(digits)}(?:$|[^\\d])`, 'u').test(e.text));
  if (hit) return claim(text, 'number', 'supported', hit);
  return claim(text, 'number', 'unsupported', undefined, 'no fact has this number');
}

function nameClaim(text: string, name: string, ev: Evidence[]): Claim {
  const parts = name.split(/\s+/u).map((p) => p.toLowerCase().replace(/['’]s$/u, ''));
  const hit = ev.find((e) => e.kind === 'person' && parts.every((p) => e.lower.includes(p))) ?? ev.find((e) => parts.every((p) => new RegExp(`\\b${escapeRe(p)}\\b`, 'iu').test(e.text)));
  if (hit) return claim(text, 'person', 'supported', hit);
  return claim(text, 'person', 'unsupported', undefined, `no ${text} is known at this business`);
}

export const BUSINESS_SUFFIX = /^(?:Dental|Dentistry|Dentists|Clinic|Orthodontics|Studio|Roasters|Coffee|Café|Cafe|Bakery|Kanzlei|Praxis|GmbH|LLC|Inc|Ltd|Group|Partners|Salon|Fitness|Gym|Restaurant|Bistro|Law|Legal|Associates|Plumbing|Electric|Garage|Hotel|Spa|Smiles|Care|Center|Centre|Bäckerei|Zahnarztpraxis|Rechtsanwälte|Steuerberatung|Physiotherapie)$/u;

const CALENDAR_WORDS = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'I']);

function properClaim(phrase: string, ctx: ClaimContext, ev: Evidence[]): Claim | null {
  const words = phrase.split(/\s+/u).filter((w) => !/^(?:of|de|van|von)$/u.test(w));
  const lead = ctx.lead.name.toLowerCase();
  const own = ctx.ownWords.join(' ').toLowerCase();
  const lowerWords = words.map((w) => w.toLowerCase().replace(/['’]s$/u, ''));
  if (lowerWords.every((w) => lead.includes(w) || own.includes(w))) return null;
  if (words.every((w) => CALENDAR_WORDS.has(w) || TECH_NAMES.includes(w))) return null;
  // A business's name is the other-business check's to judge, not a claim about this lead.
  if (BUSINESS_SUFFIX.test(words[words.length - 1]!.replace(/[.,]$/u, '')) && !lowerWords.every((w) => lead.includes(w))) return null;
  // The first word of a sentence is capitalised anyway: "Saw Leo Brandt" names Leo Brandt.
  const hit = ev.find((e) => lowerWords.every((w) => e.lower.includes(w)));
  if (hit) return claim(phrase, hit.kind === 'person' ? 'person' : hit.kind === 'address' ? 'location' : 'topic', 'supported', hit, undefined, hit.id !== 'lead.city');
  const tail = lowerWords.slice(1);
  if (tail.length > 0) {
    const hitTail = ev.find((e) => tail.every((w) => e.lower.includes(w)));
    if (hitTail) return claim(words.slice(1).join(' '), hitTail.kind === 'person' ? 'person' : 'location', 'supported', hitTail, undefined, hitTail.id !== 'lead.city');
  }
  return claim(phrase, 'person', 'unsupported', undefined, `nothing known about them mentions ${phrase}`);
}

function placeClaim(text: string, place: string, ctx: ClaimContext, ev: Evidence[]): Claim | null {
  if (CALENDAR_WORDS.has(place) || TECH_NAMES.includes(place)) return null;
  const p = place.toLowerCase();
  // A street named like the business ("Alder Street Dental" on SW Alder St) is still where it is; only the rep's own words are not a place.
  if (ctx.ownWords.join(' ').toLowerCase().includes(p)) return null;
  if (ctx.lead.name.toLowerCase().includes(p) && !/\b(?:SE|NE|NW|SW|N|S|E|W)\s*$/u.test(text.slice(0, text.length - place.length))) return null;
  const hit = ev.find((e) => (e.kind === 'address' || e.kind === 'business') && e.lower.includes(p)) ?? ev.find((e) => e.lower.includes(p));
  if (hit) return claim(text, 'location', 'supported', hit, undefined, hit.id !== 'lead.city' && !(ctx.lead.city ?? '').toLowerCase().includes(p));
  return claim(text, 'location', 'unsupported', undefined, `nothing known places them ${text.trim()}`, false);
}

function sectorNounClaim(s: string, sector: Sector): Claim | null {
  if (sector === 'other') return null;
  for (const [re, sectors] of SECTOR_NOUNS) {
    const m = re.exec(s);
    if (m && !sectors.has(sector)) {
      return { text: m[0], kind: 'sector', supported: 'contradicted', specific: false, why: `"${m[0]}" does not fit a business of this kind` };
    }
  }
  return null;
}

function praiseClaim(text: string, found: readonly Claim[], ctx: ClaimContext, sector: Sector): Claim {
  const aboutRating = found.some((c) => (c.kind === 'rating' || c.kind === 'reviews') && c.supported === 'supported');
  if (aboutRating && isRemarkableRating(ctx.lead.rating ?? ratingFromFacts(ctx.facts, 'rating'), ctx.lead.review_count ?? ratingFromFacts(ctx.facts, 'review_count'), sector)) {
    return { text, kind: 'praise', supported: 'supported', specific: false };
  }
  return {
    text, kind: 'praise', supported: 'unsupported', specific: false,
    why: aboutRating ? 'the rating is usual for this kind of business, not remarkable' : 'praise with nothing known to back it',
  };
}

function ratingFromFacts(facts: readonly ClaimFact[], kind: string): number | null {
  const n = Number(facts.find((f) => f.kind === kind)?.value);
  return Number.isFinite(n) ? n : null;
}

function contentClaim(text: string, ev: Evidence[]): Claim {
  const read = ev.find((e) => e.kind === 'blog_post' && /\b(?:summary|excerpt|text)\b/u.test(e.lower));
  if (read) return claim(text, 'content', 'supported', read, undefined, false);
  return claim(text, 'content', 'unsupported', undefined, 'only the title was seen, not what the post says', false);
}

/** Content words of a statement, without the frame (stop words, generic nouns, event verbs, the lead's own name). */
function contentStems(text: string, exclude: readonly string[]): string[] {
  const excluded = new Set(exclude.flatMap((x) => (x.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem)));
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}][\p{L}'’-]*/gu)) {
    const w = m[0].toLowerCase().replace(/['’]s$/u, '');
    if (w.length < 3 || STOP_WORDS.has(w) || GENERIC_WORDS.has(w) || EVENT_WORDS.test(w)) continue;
    const st = stem(w);
    if (excluded.has(st) || GENERIC_WORDS.has(st)) continue;
    if (!out.includes(st)) out.push(st);
  }
  return out;
}

function statementClaim(s: string, rest: string, ctx: ClaimContext, ev: Evidence[]): Claim | null {
  const words = contentStems(rest, [ctx.lead.name, ctx.lead.first_name ?? '', ctx.lead.last_name ?? '', ctx.lead.category ?? '', ctx.lead.city ?? '']);
  const hasEvent = EVENT_WORDS.test(rest);
  if (words.length === 0) {
    // "I noticed your practice recently expanded its services": an event with nothing particular to check.
    return hasEvent ? claim(s, 'event', 'unsupported', undefined, 'an event no fact mentions', false) : null;
  }
  const need = Math.max(1, Math.ceil(words.length * 0.5));
  let best: { e: Evidence; n: number } | null = null;
  for (const e of ev) {
    if (e.id === 'lead.website') continue;
    const n = words.filter((w) => stemMatch(w, e.stems)).length;
    if (!best || n > best.n) best = { e, n };
  }
  if (best && best.n >= need) return claim(s, hasEvent ? 'event' : 'topic', 'supported', best.e);
  return claim(s, hasEvent ? 'event' : 'topic', 'unsupported', undefined, `no fact says this (${words.slice(0, 4).join(', ')})`, true);
}
