import type { QualityTier } from './domain';

export const GOLD_THRESHOLD = 0.85;

/** Gold ≥ 0.85; silver from the agent's threshold (0.60 by default); below it the lead is skipped. */
export function tierFor(score: number, threshold: number): QualityTier {
  if (score >= GOLD_THRESHOLD && score >= threshold) return 'gold';
  if (score >= threshold) return 'silver';
  return 'skipped';
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
