const MONTHS: Record<string, number> = {};
const NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro']],
  [2, ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fev', 'febrero', 'febbraio', 'fevereiro']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'março', 'marco']],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho']],
  [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago']],
  [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set', 'setembro']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out']],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro']],
];
for (const [n, names] of NAMES) for (const name of names) MONTHS[name] = n;

const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function valid(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A machine date ("2024-05-03T10:00:00+02:00") as ISO 8601: full timestamps become UTC instants, plain
 * dates stay dates. Returns null for anything unparseable.
 */
export function isoDate(value: string): string | null {
  const s = value.trim();
  const dateOnly = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (dateOnly) return valid(+dateOnly[1]!, +dateOnly[2]!, +dateOnly[3]!);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    if (Number.isNaN(t)) return null;
    const y = new Date(t).getUTCFullYear();
    return y >= 1990 && y <= 2100 ? new Date(t).toISOString() : null;
  }
  return parseLooseDate(s);
}

/** A date as people write it on pages, in a few languages; returns YYYY-MM-DD or null. */
export function parseLooseDate(text: string): string | null {
  const s = text.toLowerCase();
  let m = s.match(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  // 03.05.2024 (day first, as in most of Europe).
  m = s.match(/\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b/);
  if (m) return valid(+m[3]!, +m[2]!, +m[1]!);
  m = s.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.)?\\s+(?:de\\s+)?(${MONTH_RE})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`, 'u'));
  if (m) return valid(+m[3]!, MONTHS[m[2]!]!, +m[1]!);
  m = s.match(new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'u'));
  if (m) return valid(+m[3]!, MONTHS[m[1]!]!, +m[2]!);
  // 2024/05/03
  m = s.match(/\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  return null;
}

/** Dates after `now` (plus a day of time-zone slack) are typos or schedules, not freshness. */
export function notInFuture(iso: string, now: Date): boolean {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) <= now.getTime() + 86_400_000;
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
