import table from '../../resources/keywords/industries.json';

/**
 * Keyword expansion: "dentists" → dental clinic, orthodontist, … From a bundled table of industries
 * (resources/keywords/industries.json: the words per language, Google Maps' categories, OSM's tags),
 * offline; a model's proposals are checked against the same table before the rep sees them. The rep
 * edits the list before a run; nothing here runs a search.
 */

export const KEYWORD_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
export type KeywordLanguage = (typeof KEYWORD_LANGUAGES)[number];

interface Industry {
  id: string;
  osm: string[];
  google: string[];
  terms: Partial<Record<KeywordLanguage, string[]>>;
}

const INDUSTRIES: readonly Industry[] = (table as { industries: Industry[] }).industries;

/** Where a suggested keyword comes from: the rep's own, the bundled table, or a model (checked). */
export type KeywordOrigin = 'yours' | 'table' | 'model';

export interface KeywordSuggestion {
  keyword: string;
  origin: KeywordOrigin;
  /** The table's industry it belongs to; null for the rep's own words the table does not know. */
  industry: string | null;
  /** A search term people type, or a Google Maps category businesses are listed under. */
  kind: 'term' | 'category';
  /** How a model's proposal was checked: found in the table, or only of the right shape (a short name of a kind of business). */
  checked?: 'table' | 'shape';
}

export interface KeywordRejection {
  keyword: string;
  reason: string;
}

export interface KeywordExpansion {
  /** The language the suggestions are in: the one asked for, else the one the rep's words are in, else English. */
  language: KeywordLanguage;
  /** The table's industries the rep's words belong to. */
  industries: string[];
  /** The rep's words first, then the table's, then a model's, without repeats; the rep picks from them. */
  suggestions: KeywordSuggestion[];
  /** The rep's words the table does not know: kept as they are, with nothing added for them. */
  unknown: string[];
  /** OpenStreetMap tags of the industries (what the OSM source searches by). */
  osm_tags: string[];
  /** A model's proposals that were left out, each with why. */
  rejected: KeywordRejection[];
}

export interface ExpandOptions {
  language?: string | null | undefined;
  /** How many suggestions at most (the rep's own words always stay). */
  max?: number;
}

const DEFAULT_MAX = 24;

/** Lower case, one space, no accents lost (NFC): the form words are compared in. */
export function normaliseKeyword(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}

/** A plural and its singular compare equal ("dentists" ~ "dentist", "zahnärzte" ~ "zahnarzt" is in the table itself). */
function stem(word: string): string {
  const w = normaliseKeyword(word);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

function asLanguage(lang: string | null | undefined): KeywordLanguage | null {
  const l = (lang ?? '').toLowerCase().slice(0, 2);
  return (KEYWORD_LANGUAGES as readonly string[]).includes(l) ? (l as KeywordLanguage) : null;
}

/** The industry and language a word belongs to in the table, by its words (singular or plural) or its Google category. */
function lookUp(word: string): { industry: Industry; language: KeywordLanguage | null } | null {
  const s = stem(word);
  for (const industry of INDUSTRIES) {
    for (const lang of KEYWORD_LANGUAGES) {
      if ((industry.terms[lang] ?? []).some((t) => stem(t) === s)) return { industry, language: lang };
    }
    if (industry.google.some((g) => stem(g) === s)) return { industry, language: 'en' };
  }
  return null;
}

/**
 * The rep's words and what the table adds to them, in one language: every term of the industries they
 * belong to, then (in English) Google Maps' categories for them. Words the table does not know stay, as
 * the rep wrote them.
 */
export function expandKeywords(keywords: readonly string[], o: ExpandOptions = {}): KeywordExpansion {
  const words = keywords.map((k) => k.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const found = words.map((w) => ({ word: w, hit: lookUp(w) }));
  const language = asLanguage(o.language) ?? found.find((f) => f.hit?.language)?.hit?.language ?? 'en';
  const industries = [...new Set(found.flatMap((f) => (f.hit ? [f.hit.industry] : [])))];
  const out: KeywordExpansion = {
    language,
    industries: industries.map((i) => i.id),
    suggestions: [],
    unknown: found.filter((f) => !f.hit).map((f) => f.word),
    osm_tags: [...new Set(industries.flatMap((i) => i.osm))],
    rejected: [],
  };
  const max = Math.max(words.length, o.max ?? DEFAULT_MAX);
  const has = new Set<string>();
  const push = (s: KeywordSuggestion) => {
    const key = stem(s.keyword);
    if (has.has(key) || out.suggestions.length >= max) return;
    has.add(key);
    out.suggestions.push(s);
  };
  for (const f of found) push({ keyword: f.word, origin: 'yours', industry: f.hit?.industry.id ?? null, kind: 'term' });
  for (const i of industries) for (const t of i.terms[language] ?? []) push({ keyword: t, origin: 'table', industry: i.id, kind: 'term' });
  if (language === 'en') for (const i of industries) for (const g of i.google) push({ keyword: g.toLowerCase(), origin: 'table', industry: i.id, kind: 'category' });
  return out;
}

/** What a keyword must look like: a short name of a kind of business, not a sentence, an address or an instruction. */
const SHAPE = /^[\p{L}][\p{L}\p{M}'’&.\- ]{1,58}[\p{L}.]$/u;

/** Why a proposal is not a keyword, or null when it is one. */
function shapeProblem(k: string): string | null {
  if (!SHAPE.test(k)) return 'not a short name of a kind of business (letters, spaces and - \' & only, 3 to 60 characters)';
  if (k.split(' ').length > 5) return 'more than five words';
  if (/\b(?:www|http|https|com|ignore|instruction|prompt)\b/i.test(k)) return 'reads like an address or an instruction, not a kind of business';
  return null;
}

/**
 * Adds a model's proposals to an expansion, each checked: one the table knows for the same industries is
 * taken as the table's; one the table files under another industry ("lawyers" for dentists) is left
 * out; an unknown one is taken only when it has the shape of a keyword. Repeats are dropped silently.
 */
export function addProposals(expansion: KeywordExpansion, proposals: readonly unknown[], o: { max?: number } = {}): KeywordExpansion {
  const out: KeywordExpansion = { ...expansion, suggestions: [...expansion.suggestions], rejected: [...expansion.rejected] };
  const has = new Set(out.suggestions.map((s) => stem(s.keyword)));
  const max = Math.max(out.suggestions.length, o.max ?? DEFAULT_MAX + 12);
  for (const raw of proposals.slice(0, 50)) {
    if (typeof raw !== 'string') {
      out.rejected.push({ keyword: String(raw).slice(0, 60), reason: 'not text' });
      continue;
    }
    const k = normaliseKeyword(raw);
    if (!k || has.has(stem(k))) continue;
    const problem = shapeProblem(k);
    if (problem) {
      out.rejected.push({ keyword: raw.slice(0, 60), reason: problem });
      continue;
    }
    const hit = lookUp(k);
    if (hit && !out.industries.includes(hit.industry.id)) {
      out.rejected.push({ keyword: k, reason: `another kind of business (${hit.industry.id.replace(/_/g, ' ')})` });
      continue;
    }
    if (out.suggestions.length >= max) {
      out.rejected.push({ keyword: k, reason: `the list already has ${max} keywords` });
      continue;
    }
    has.add(stem(k));
    out.suggestions.push({ keyword: k, origin: 'model', industry: hit?.industry.id ?? out.industries[0] ?? null, kind: 'term', checked: hit ? 'table' : 'shape' });
  }
  return out;
}
