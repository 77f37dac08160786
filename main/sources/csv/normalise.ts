import { getCountries, isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { emailKey, parseEmailAddress, type EmailAddress } from '../../core/email-address';
import { normaliseWebsite } from '../../core/web-address';

// C0 controls and DEL say nothing in a business name; bidi overrides can make a name display as something
// else than what it is ("Trojan source"), so they go too. Everything else is kept as the rep's text.
const INVISIBLE_CHARS = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069]';
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS);
const INVISIBLE = new RegExp(INVISIBLE_CHARS, 'g');
const WHITESPACE_RUN = /\s+/g;
/** What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;
const PLACEHOLDER = /^(?:n\/?a|null|none|undefined|nil|-+|—|–|#n\/a|\?)$/i;

/**
 * A cell as plain one-line text: trimmed, inner whitespace and line breaks collapsed; placeholders are
 * empty. An apostrophe before = + - @ (or a tab or carriage return) is the spreadsheet's "this is text"
 * mark, which failed-rows.ts writes (as do some exports, to keep a phone's "+"): it is not part of the value.
 */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined || raw.length === 0) return '';
  let s = raw.charCodeAt(0) === 0x27 && FORMULA_START.test(raw.slice(1, 2)) ? raw.slice(1) : raw;
  if (needsCleaning(s)) {
    if (HAS_INVISIBLE.test(s)) s = s.replace(INVISIBLE, '');
    s = s.replace(WHITESPACE_RUN, ' ').trim();
  }
  return s.length <= 9 && PLACEHOLDER.test(s) ? '' : s;
}

/** Most cells are already clean; one pass over the characters spares them two regex replaces. */
function needsCleaning(s: string): boolean {
  const n = s.length;
  if (s.charCodeAt(0) <= 0x20 || s.charCodeAt(n - 1) <= 0x20) return true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
    if (c === 0x20) {
      if (s.charCodeAt(i + 1) === 0x20) return true;
    } else if (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || (c >= 0x2028 && c <= 0x202f) || c === 0x205f || (c >= 0x2066 && c <= 0x2069) || c === 0x3000 || c === 0xfeff)) {
      return true;
    }
  }
  return false;
}

/**
 * The first website in a cell ("acme.com, shop.acme.com" names two), as every source stores one (core's
 * normaliseWebsite); undefined when it is none ("n/a", "acme", "ftp://…", an e-mail address).
 */
export function websiteOf(value: string): string | undefined {
  return normaliseWebsite(firstItem(value)) ?? undefined;
}

/** Every e-mail address in a cell ("a@x.com; b@x.com"), each once whatever its case, as core's parser writes it. */
export function emailsOf(value: string): EmailAddress[] {
  const out: EmailAddress[] = [];
  const seen = new Set<string>();
  for (const part of value.split(/[\s,;]+/)) {
    const e = parseEmailAddress(part);
    if (!e || seen.has(emailKey(e))) continue;
    seen.add(emailKey(e));
    out.push(e);
  }
  return out;
}

function firstItem(value: string): string {
  return value.split(/[\s,;]+/)[0] ?? '';
}

let countryByName: Map<string, CountryCode> | null = null;

const COUNTRY_ALIASES: Record<string, CountryCode> = {
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  deutschland: 'DE',
  österreich: 'AT',
  schweiz: 'CH',
  suisse: 'CH',
  españa: 'ES',
  italia: 'IT',
  nederland: 'NL',
  holland: 'NL',
  belgië: 'BE',
  belgique: 'BE',
  polska: 'PL',
  sverige: 'SE',
  norge: 'NO',
  danmark: 'DK',
  suomi: 'FI',
  brasil: 'BR',
  méxico: 'MX',
  uae: 'AE',
  bharat: 'IN',
};

/** "Germany", "de", "Deutschland" → DE; unknown names → undefined. */
export function countryCodeOf(country: string): CountryCode | undefined {
  const key = country.trim().toLowerCase().replace(/\./g, '');
  if (!key) return undefined;
  if (key.length === 2 && isSupportedCountry(key.toUpperCase())) return key.toUpperCase() as CountryCode;
  if (!countryByName) {
    countryByName = new Map(Object.entries(COUNTRY_ALIASES));
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name) countryByName.set(name.toLowerCase(), code);
    }
  }
  return countryByName.get(key);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false };

/** A 0–5 star rating: "4.5", "4,5", "4.5/5", "4.5 stars". */
export function parseRating(value: string): Parsed<number> {
  const m = /^(\d{1,2}(?:[.,]\d+)?)\s*(?:\/\s*5|stars?|★)?$/i.exec(value);
  if (!m) return { ok: false };
  const n = Number(m[1]!.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 && n <= 5 ? { ok: true, value: n } : { ok: false };
}

/** A count written by humans or scrapers: "1,234", "1.234", "1 234", "(87)", "87 reviews", "1.2k". */
export function parseCount(value: string): Parsed<number> {
  const s = value.replace(/^\(|\)$/g, '').replace(/\s*(?:reviews?|ratings?|bewertungen)$/i, '').trim();
  const k = /^(\d+(?:[.,]\d+)?)\s*k$/i.exec(s);
  if (k) return { ok: true, value: Math.round(Number(k[1]!.replace(',', '.')) * 1000) };
  if (/^\d+$/.test(s)) return { ok: true, value: Number(s) };
  if (/^\d{1,3}(?:([,.' \u00a0\u2009’])\d{3})(?:\1\d{3})*$/.test(s)) return { ok: true, value: Number(s.replace(/\D/g, '')) };
  return { ok: false };
}

/** A company size: "120", "51-200", "10,001+". Sizes are context, so unreadable text is kept, not refused. */
export function parseEmployees(value: string): { employees?: number; employees_range?: string } {
  const exact = parseCount(value.replace(/\+$/, ''));
  if (exact.ok) return { employees: exact.value };
  const range = /^(\d[\d,.]*)\s*[-–]\s*(\d[\d,.]*)$/.exec(value);
  if (range) return { employees_range: `${range[1]!.replace(/\D/g, '')}-${range[2]!.replace(/\D/g, '')}` };
  return {};
}
