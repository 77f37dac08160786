/**
 * Google's place data is a deeply nested positional array whose shape drifts over time. Every read goes
 * through these helpers so that a missing index is an absent value, never a TypeError.
 */
export function at(value: unknown, ...path: number[]): unknown {
  let cur: unknown = value;
  for (const i of path) {
    if (!Array.isArray(cur) || i < 0 || i >= cur.length) return undefined;
    cur = cur[i];
  }
  return cur;
}

export function str(value: unknown, ...path: number[]): string | undefined {
  const v = at(value, ...path);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function num(value: unknown, ...path: number[]): number | undefined {
  const v = at(value, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function arr(value: unknown, ...path: number[]): unknown[] {
  const v = at(value, ...path);
  return Array.isArray(v) ? v : [];
}

/** Every string anywhere below `value`, depth-bounded so a hostile payload cannot blow the stack. */
export function* strings(value: unknown, maxDepth = 12): Generator<string> {
  if (typeof value === 'string') {
    yield value;
    return;
  }
  if (!Array.isArray(value) || maxDepth <= 0) return;
  for (const item of value) yield* strings(item, maxDepth - 1);
}
