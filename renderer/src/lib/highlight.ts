/** A run of message text: plain, or a mention of one of the evidence terms. */
export interface Segment {
  text: string;
  /** Index into the terms list when this run mentions a term. */
  term: number | null;
}

/** Terms worth matching: at least three characters, each once (case-insensitive), in the order given. */
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

const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined) => c !== undefined && WORD.test(c);

/**
 * Where `term` occurs in `text` as whole words (case-insensitive): "Dentist" is not inside "Dentistry".
 * Plain string search, not regular expressions: scraped values may contain any character.
 */
export function wholeWordHits(text: string, term: string): number[] {
  const t = term.trim().toLowerCase();
  if (t.length < 3 || !text) return [];
  const lower = text.toLowerCase();
  const out: number[] = [];
  for (let from = 0; ; ) {
    const at = lower.indexOf(t, from);
    if (at < 0) break;
    // A term that starts or ends with a non-word character (a phone's "+") needs no boundary on that side.
    const startOk = !isWord(t[0]) || !isWord(lower[at - 1]);
    const endOk = !isWord(t[t.length - 1]) || !isWord(lower[at + t.length]);
    if (startOk && endOk) out.push(at);
    from = at + 1;
  }
  return out;
}

/** Splits text into runs, marking the whole-word mentions of each term; longer terms win where they overlap. */
export function segments(text: string, terms: readonly string[]): Segment[] {
  const order = terms.map((t, i) => ({ t: t.trim(), i })).filter((x) => x.t.length >= 3).sort((a, b) => b.t.length - a.t.length);
  if (order.length === 0 || !text) return [{ text, term: null }];
  const owner: Array<number | null> = new Array(text.length).fill(null);
  for (const { t, i } of order) {
    for (const at of wholeWordHits(text, t)) {
      let free = true;
      for (let k = at; k < at + t.length; k++) if (owner[k] !== null) free = false;
      if (free) for (let k = at; k < at + t.length; k++) owner[k] = i;
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

/** Which terms the text mentions as whole words. */
export function mentioned(text: string, terms: readonly string[]): Set<number> {
  const out = new Set<number>();
  terms.forEach((t, i) => {
    if (wholeWordHits(text, t).length > 0) out.add(i);
  });
  return out;
}

/** The first place the text mentions a term (whole words), or -1: the message's order of its facts. */
export function firstMention(text: string, term: string): number {
  return wholeWordHits(text, term)[0] ?? -1;
}
