/**
 * The shape every benchmark returns. A figure is always compared with a baseline measured in the same
 * run (these machines are noisy), so the ratio is what the goal is about.
 */
export interface BenchResult {
  /** e.g. "offline pipeline, 100 000 leads" */
  name: string;
  /** What was measured, e.g. 1234.5 */
  value: number;
  unit: string;
  /** The same-run baseline it is compared with, and what it is. */
  baseline: number | null;
  baseline_label: string | null;
  /** value / baseline (or the figure the goal is stated in), and the goal for it. */
  ratio: number | null;
  goal: string;
  pass: boolean | null;
  notes?: string;
}

export type Bench = () => Promise<BenchResult[]>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
