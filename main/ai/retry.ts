import { HunterError } from '../core/errors';
import { retryWaitMs, type BackoffRule, type Sleep } from '../core/pacing';
import { sleep as timerSleep } from '../core/sleep';
import type { RetrySettings } from './settings';

export type { Sleep };

/** A timer that a cancelled run does not wait out. */
export const sleep: Sleep = (ms, signal) => timerSleep(Math.max(0, ms), signal, cancelled().message);

export function cancelled(): HunterError {
  return new HunterError('CANCELLED', 'The run was cancelled.');
}

/** The provider layer's retry settings as the backoff rule the engine follows too (core/pacing.ts). */
export function backoffRule(s: RetrySettings): BackoffRule {
  return { strategy: 'exponential', baseMs: s.baseDelayMs, maxMs: s.maxDelayMs, maxRetryAfterMs: s.maxRetryAfterMs };
}

/**
 * How long to wait before attempt `attempt + 1`, or null when the error must not be retried: it is not
 * retryable, the attempts are used up, or the provider's retry-after is longer than `maxRetryAfterMs`
 * (the call fails with it and the engine decides).
 */
export function retryDelay(err: HunterError, attempt: number, s: RetrySettings, random: () => number = Math.random): number | null {
  if (!err.retryable) return null;
  if (attempt >= s.maxAttempts) return null;
  return retryWaitMs(attempt, backoffRule(s), err.retryAfterMs, random);
}
