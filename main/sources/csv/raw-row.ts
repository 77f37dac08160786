/**
 * A failed row as it was read, kept so the rep can get it back: its line, the file's header cells and
 * its own cells, decoded but not cleaned. Bounded, because a failed row is often a huge or broken one:
 * each list (headers, cells) serialises to at most RAW_LIST_JSON_CHARS characters of JSON, so the
 * whole record stays under 8.2 KB whatever the file holds, while an ordinary row (Apollo's 60 columns
 * included) is kept whole.
 */

export interface CsvRawRow {
  /** 1-based line in the file where the row starts. */
  row: number;
  /** The file's header cells as read. */
  headers: string[];
  /** The row's cells as read (decoded, before normalisation). */
  cells: string[];
}

/** A cell or header longer than this keeps its start, then RAW_CUT_MARKER. */
export const RAW_CELL_CHARS = 1024;
/** Most entries kept per list: a longer one keeps RAW_MAX_ENTRIES - 1 and ends with RAW_CUT_MARKER. */
export const RAW_MAX_ENTRIES = 512;
/** Most characters one list (headers or cells) takes as JSON. */
export const RAW_LIST_JSON_CHARS = 4096;
/**
 * Ends every entry that was cut ("[…]" is the mark of an omission in quoted text), and is the last
 * entry of a list that had more entries than kept. Nothing else in a record is cut.
 */
export const RAW_CUT_MARKER = '[…]';

const MARKER_COST = jsonCost(RAW_CUT_MARKER);

/**
 * A list bounded as described above. The entries at `first` (the mapped columns, which a re-import
 * reads) are charged to the budget before the others; `cut` names entries that are already only their
 * start (the reader counts a cell over its limit, it does not keep it), `more` counts entries after
 * the list that were counted, not kept. Every entry that is cut ends with the marker.
 */
export function boundList(list: readonly string[], first: readonly number[] = [], cut: ReadonlySet<number> = NO_CUT, more = 0): string[] {
  const overLength = list.length + more > RAW_MAX_ENTRIES;
  const kept = overLength ? RAW_MAX_ENTRIES - 1 : list.length;
  const out: string[] = new Array<string>(kept).fill('');
  const nonEmpty = list.slice(0, kept).filter((s) => s.length > 0).length;
  // Brackets, quotes and commas, as if every entry were empty; then one marker per non-empty entry and
  // one for a list cut short, reserved so that each cut still shows.
  let pool = RAW_LIST_JSON_CHARS - (1 + 3 * (kept + (overLength ? 1 : 0))) - MARKER_COST * (nonEmpty + (overLength ? 1 : 0));
  const order = [...new Set(first.filter((i) => i >= 0 && i < kept)), ...Array.from({ length: kept }, (_, i) => i)];
  const done = new Set<number>();
  for (const i of order) {
    if (done.has(i)) continue;
    done.add(i);
    const text = list[i]!;
    if (text.length === 0) continue;
    const whole = !cut.has(i) && text.length <= RAW_CELL_CHARS;
    if (whole) {
      const cost = jsonCost(text);
      // The entry's reserved marker is released when it is kept whole.
      if (cost <= pool + MARKER_COST) {
        out[i] = detach(text);
        pool -= cost - MARKER_COST;
        continue;
      }
    }
    const head = prefixWithin(text, Math.min(RAW_CELL_CHARS, text.length), Math.max(0, pool));
    pool -= jsonCost(head);
    out[i] = detach(head) + RAW_CUT_MARKER;
  }
  if (overLength) out.push(RAW_CUT_MARKER);
  return out;
}

const NO_CUT: ReadonlySet<number> = new Set();

/** Characters `s` adds inside a JSON string: escapes count as written. */
function jsonCost(s: string): number {
  return JSON.stringify(s).length - 2;
}

/** The longest start of `s` (at most `maxChars` code units) whose JSON costs at most `budget`, never splitting a surrogate pair. */
function prefixWithin(s: string, maxChars: number, budget: number): string {
  let cost = 0;
  let i = 0;
  while (i < maxChars) {
    const c = s.charCodeAt(i);
    let width = 1;
    let add = 1;
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) add = 2;
    else if (c < 0x20) add = 6;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width = 2;
        add = 2;
      } else add = 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) add = 6;
    if (i + width > maxChars || cost + add > budget) break;
    cost += add;
    i += width;
  }
  return s.slice(0, i);
}

/**
 * A copy of `s` that shares no memory with the text it was cut from: V8 keeps a slice's whole parent
 * alive, and the parent of a failed cell can be a 64 KB chunk of the file.
 */
export function detach(s: string): string {
  return s.length === 0 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}
