/** A word of the new text, and whether it is new (not in the old text at that place). */
export interface DiffWord {
  text: string;
  changed: boolean;
}

/**
 * A word-level diff (longest common subsequence) of two short messages, to show briefly what the
 * refinement changed. Messages are short (≤ 400 words), so the quadratic table is small; longer texts
 * are marked as one change rather than compared.
 */
export function wordDiff(before: string, after: string): DiffWord[] {
  const a = before.split(/(\s+)/).filter((w) => w.length > 0);
  const b = after.split(/(\s+)/).filter((w) => w.length > 0);
  if (a.length * b.length > 1_000_000) return [{ text: after, changed: true }];
  const n = a.length;
  const m = b.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffWord[] = [];
  let i = 0;
  let j = 0;
  while (j < m) {
    if (i < n && a[i] === b[j]) {
      out.push({ text: b[j]!, changed: false });
      i++;
      j++;
    } else if (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      i++;
    } else {
      out.push({ text: b[j]!, changed: /\S/.test(b[j]!) });
      j++;
    }
  }
  // A space between two changed words belongs to the change, so a rewritten phrase reads as one mark.
  for (let k = 1; k < out.length - 1; k++) {
    if (!out[k]!.changed && !/\S/.test(out[k]!.text) && out[k - 1]!.changed && out[k + 1]!.changed) out[k]!.changed = true;
  }
  // Join neighbours of the same kind so the view has few elements.
  const joined: DiffWord[] = [];
  for (const w of out) {
    const last = joined[joined.length - 1];
    if (last && last.changed === w.changed) last.text += w.text;
    else joined.push({ ...w });
  }
  return joined;
}
