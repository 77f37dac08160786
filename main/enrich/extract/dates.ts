const MONTHS: Record<string, number> = {};
const NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'jaenner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro', 'januari', 'stycznia', 'styczeń']],
  [2, ['february', 'feb', 'febr', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'fév', 'fev', 'febrero', 'febbraio', 'fevereiro', 'februari', 'lutego', 'luty']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mrz', 'mars', 'marzo', 'março', 'marco', 'maart', 'marca', 'marzec']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'kwietnia', 'kwiecień']],
  [5, ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei', 'maja', 'maj']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'czerwca', 'czerwiec']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'lipca', 'lipiec']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus', 'sierpnia', 'sierpień']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'settembre', 'set', 'setembro', 'września', 'wrzesień']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out', 'października', 'październik']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopada', 'listopad']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro', 'grudnia', 'grudzień']],
];
for (const [n, names] of NAMES) for (const name of names) MONTHS[name] = n;

const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Letters of the languages above, so "mai" inside "maintenant" is not a month. */
const L = 'a-zà-öø-ÿąćęłńśźż';

/** The earliest date any web page can carry; older dates on a page are history, not its freshness. */
export const WEB_EPOCH = '1995-01-01';

/** Day-first or month-first, for numeric dates like 03/05/2024 whose order only the page's locale settles. */
export type DayOrder = 'dmy' | 'mdy';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function valid(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function fullYear(y: string): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  // Two-digit years on web pages are this century's, bar the late 1990s.
  return n >= 90 ? 1900 + n : 2000 + n;
}

/**
 * A machine date ("2024-05-03T10:00:00+02:00") as ISO 8601: timestamps with a zone become UTC instants,
 * timestamps without one keep only their day (the zone they meant is unknown), plain dates stay dates.
 * Returns null for anything unparseable.
 */
export function isoDate(value: string, order: DayOrder = 'dmy'): string | null {
  const s = value.trim();
  const dateOnly = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (dateOnly) return valid(+dateOnly[1]!, +dateOnly[2]!, +dateOnly[3]!);
  const stamp = s.match(/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})([.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i);
  if (stamp) {
    const day = valid(+stamp[1]!, +stamp[2]!, +stamp[3]!);
    if (!day) return null;
    if (!stamp[8]) return day;
    const zone = /^(z|utc|gmt)$/i.test(stamp[8]) ? 'Z' : stamp[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const fraction = stamp[7] ? `.${stamp[7].slice(1, 4).padEnd(3, '0')}` : '';
    const t = Date.parse(`${day}T${stamp[4]}:${stamp[5]}:${stamp[6] ?? '00'}${fraction}${zone}`);
    if (Number.isNaN(t)) return day;
    const y = new Date(t).getUTCFullYear();
    return y >= 1990 && y <= 2100 ? new Date(t).toISOString() : null;
  }
  // RFC 1123, as in HTTP headers and RSS: "Wed, 19 Oct 2022 14:24:05 GMT".
  const rfc = s.match(/^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(gmt|utc|z|[+-]\d{4})$/i);
  if (rfc && MONTHS[rfc[2]!.toLowerCase()]) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return parseLooseDate(s, order);
}

/**
 * The calendar day a machine date was written in: "2011-03-30T21:05:00-07:00" is the 30th where the page
 * was written, though its UTC instant falls on the 31st. The page's day is the one its readers saw.
 */
export function writtenDay(value: string): string | null {
  const m = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)/);
  return m ? valid(+m[1]!, +m[2]!, +m[3]!) : null;
}

/**
 * A date as people write it on pages, in the languages above ("3. März 2024", "March 5th, 2024",
 * "le 12 janvier 2023", "05.03.2024", "2020年2月19日"); numeric dates with slashes follow `order`, unless one
 * part is above 12. Returns YYYY-MM-DD, or null.
 */
export function parseLooseDate(text: string, order: DayOrder = 'dmy'): string | null {
  return findDates(text, { order, limit: 1 })[0]?.date ?? null;
}

export interface TextDate {
  date: string;
  /** Where in the text it starts. */
  index: number;
  length: number;
  precision: 'day' | 'month';
}

interface Pattern {
  re: RegExp;
  read: (m: RegExpExecArray, order: DayOrder) => string | null;
  /** Two-digit years ("1.4.18") read only where a label says a date follows: elsewhere they are versions and scores. */
  short?: boolean;
}

const PATTERNS: Pattern[] = [
  // 2024-05-03, 2024/05/03, 2024.05.03 (year first is unambiguous).
  { re: /(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g, read: (m) => valid(+m[1]!, +m[3]!, +m[4]!) },
  { re: /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g, read: (m) => valid(+m[1]!, +m[2]!, +m[3]!) },
  { re: /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/g, read: (m) => valid(+m[1]!, +m[2]!, +m[3]!) },
  // 03.05.2024: dots are day-first wherever they are used.
  { re: /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.]*\d)/g, read: (m) => valid(+m[3]!, +m[2]!, +m[1]!) },
  { re: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.]*\d)/g, read: (m) => valid(fullYear(m[3]!), +m[2]!, +m[1]!), short: true },
  // 03/05/2024, 03-05-2024: the page's locale decides, unless one part cannot be a month.
  {
    re: /(?<![\d/-])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?![\d/-])/g,
    read: (m, order) => {
      const a = +m[1]!;
      const b = +m[3]!;
      const y = +m[4]!;
      if (a > 12) return valid(y, b, a);
      if (b > 12) return valid(y, a, b);
      return order === 'mdy' ? valid(y, a, b) : valid(y, b, a);
    },
  },
  // 3. März 2024, 3 de marzo de 2024, 3rd March 2024, le 1er mars 2024.
  {
    re: new RegExp(`(?<![${L}\\d.])(\\d{1,2})(?:(?:st|nd|rd|th|er|e|º)?\\.?\\s+|\\.)(?:de\\s+)?(${MONTH_RE})(?![${L}])\\.?,?\\s*(?:de\\s+|del\\s+)?(\\d{4})(?!\\d)`, 'giu'),
    read: (m) => valid(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!),
  },
  // March 3, 2024 / Mar. 3rd 2024 / Mai 06 2018.
  {
    re: new RegExp(`(?<![${L}])(${MONTH_RE})(?![${L}])\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?(?!\\d),?\\s*(\\d{4})(?!\\d)`, 'giu'),
    read: (m) => valid(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!),
  },
];

const MONTH_ONLY = new RegExp(`(?<![${L}\\d.])(${MONTH_RE})(?![${L}])\\.?\\s+(\\d{4})(?!\\d)`, 'giu');

export interface FindOptions {
  order?: DayOrder;
  limit?: number;
  /** Also month-and-year mentions ("Juli 2018"); off by default, since archives and event lists are full of them. */
  months?: boolean;
  /** Also two-digit years ("Stand: 1.4.18"). */
  shortYears?: boolean;
}

/**
 * Every date in a text, in order of appearance. Overlapping readings keep the first pattern's
 * ("2024-05-03" is not also "05-03").
 */
export function findDates(text: string, o: FindOptions = {}): TextDate[] {
  const s = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const order = o.order ?? 'dmy';
  const found: TextDate[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && b > x);
  for (const p of PATTERNS) {
    if (p.short && !o.shortYears) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
      const end = m.index + m[0].length;
      if (overlaps(m.index, end)) continue;
      const date = p.read(m, order);
      if (!date) continue;
      taken.push([m.index, end]);
      found.push({ date, index: m.index, length: m[0].length, precision: 'day' });
    }
  }
  if (o.months) {
    MONTH_ONLY.lastIndex = 0;
    for (let m = MONTH_ONLY.exec(s); m; m = MONTH_ONLY.exec(s)) {
      const end = m.index + m[0].length;
      if (overlaps(m.index, end)) continue;
      const date = valid(+m[2]!, MONTHS[m[1]!.toLowerCase()]!, 1);
      if (date) found.push({ date, index: m.index, length: m[0].length, precision: 'month' });
    }
  }
  return found.sort((a, b) => a.index - b.index).slice(0, o.limit ?? 50);
}

/** Dates after `now` (plus a day of time-zone slack) are typos or schedules, not freshness. */
export function notInFuture(iso: string, now: Date): boolean {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) <= now.getTime() + 86_400_000;
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * How numeric dates are ordered on a page: month first only for US English (and the few places that
 * write dates the same way), day first everywhere else.
 */
export function dayOrderFor(lang: string | undefined, host: string): DayOrder {
  const l = (lang ?? '').toLowerCase().replace('_', '-');
  if (/^en-(us|ph|ca)$/.test(l)) return 'mdy';
  if (/^en(-|$)/.test(l) && !/\.(uk|ie|au|nz|in|za|sg|de|at|ch|fr|nl|be|it|es)$/.test(host)) return l === 'en' ? 'mdy' : 'dmy';
  return 'dmy';
}
