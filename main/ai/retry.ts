import { HunterError } from '../core/errors';
import type { RetrySettings } from './settings';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A timer that a cancelled run does not wait out. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function cancelled(): HunterError {
  return new HunterError('CANCELLED', 'The run was cancelled.');
}

/**
 * How long to wait before attempt `attempt + 1`. A provider's retry-after wins over our own backoff
 * (it knows when its window resets); otherwise exponential from the base, capped, with a little jitter
 * so parallel leads do not retry in lockstep. Returns null when the error must not be retried.
 */
export function retryDelay(err: HunterError, attempt: number, s: RetrySettings, random: () => number = Math.random): number | null {
  if (!err.retryable) return null;
  if (attempt >= s.maxAttempts) return null;
  if (err.retryAfterMs !== undefined) {
    if (err.retryAfterMs > s.maxRetryAfterMs) return null;
    return err.retryAfterMs;
  }
  const exp = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp * (0.9 + 0.2 * random()));
}
