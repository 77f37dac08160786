/** A run of message text: plain, or a mention of one of the evidence terms. */
export interface Segment {
  text: string;
  /** Index into the terms list when this run mentions a term. */
  term: number | null;
}

/** Terms worth matching: at least three characters, longest first so "Bright Harbor Dental" wins over "Dental". */
export function usableTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of terms) {
    const v = t.trim();
    if (v.length < 3 || seen.has(v.toLowerCase())) continue;
    seen.add(v.toLowerCase());
    out.push(v);
  }
  return out;
}

/**
 * Splits text into runs, marking where it mentions a term (case-insensitive). Plain string search, not
 * regular expressions: scraped values may contain any character.
 */
export function segments(text: string, terms: readonly string[]): Segment[] {
  const order = terms.map((t, i) => ({ t: t.toLowerCase(), i })).filter((x) => x.t.length >= 3).sort((a, b) => b.t.length - a.t.length);
  if (order.length === 0 || !text) return [{ text, term: null }];
  const lower = text.toLowerCase();
  const owner: Array<number | null> = new Array(text.length).fill(null);
  for (const { t, i } of order) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(t, from);
      if (at < 0) break;
      let free = true;
      for (let k = at; k < at + t.length; k++) if (owner[k] !== null) free = false;
      if (free) for (let k = at; k < at + t.length; k++) owner[k] = i;
      from = at + t.length;
    }
  }
  const out: Segment[] = [];
  let start = 0;
  for (let k = 1; k <= text.length; k++) {
    if (k === text.length || owner[k] !== owner[start]) {
      out.push({ text: text.slice(start, k), term: owner[start] ?? null });
      start = k;
    }
  }
  return out;
}

/** Which terms the text mentions. */
export function mentioned(text: string, terms: readonly string[]): Set<number> {
  const lower = text.toLowerCase();
  const out = new Set<number>();
  terms.forEach((t, i) => {
    if (t.trim().length >= 3 && lower.includes(t.trim().toLowerCase())) out.add(i);
  });
  return out;
}
