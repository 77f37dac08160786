/** Credits are counted in micro-credits (integers) so that sums are exact; 1 credit = 1 000 000. */
export const MICROS_PER_CREDIT = 1_000_000;

export function toMicros(credits: number): number {
  return Math.round(credits * MICROS_PER_CREDIT);
}

export function fromMicros(micros: number): number {
  return micros / MICROS_PER_CREDIT;
}

/** For display: up to 4 decimals, trailing zeros trimmed. */
export function formatCredits(micros: number): string {
  return (Math.round(micros / 100) / 10_000).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
