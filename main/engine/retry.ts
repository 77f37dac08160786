import type { RetryPolicy } from '../core/agent-config';
import { HunterError, toHunterError } from '../core/errors';
import { sleep } from '../core/sleep';

export { sleep };

/**
 * Whether an error is retried: the policy's lists win over the code's default, so a rep can make a code
 * retryable or not per agent.
 */
export function shouldRetry(err: HunterError, policy: RetryPolicy): boolean {
  if (policy.non_retryable_errors.includes(err.code)) return false;
  if (policy.retryable_errors.includes(err.code)) return true;
  return err.retryable;
}

/**
 * Exponential backoff with full jitter in its upper half (base·2^(n-1), between half and all of it),
 * capped; a provider's retry-after is a floor, since retrying earlier only earns another 429.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const raw = policy.backoff_strategy === 'fixed' ? policy.backoff_base_ms : policy.backoff_base_ms * 2 ** (attempt - 1);
  const capped = Math.min(policy.backoff_max_ms, raw);
  const jittered = capped / 2 + (capped / 2) * random();
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}


export interface AttemptInfo {
  attempt: number;
}

/** Runs fn until it succeeds, fails with an error not to retry, or runs out of attempts. */
export async function withRetry<T>(
  fn: (info: AttemptInfo) => Promise<T>,
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; onRetry?: (err: HunterError, attempt: number, waitMs: number) => void } = {},
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn({ attempt }), attempts: attempt };
    } catch (raw) {
      const err = toHunterError(raw);
      if (err.code === 'CANCELLED' || attempt >= policy.max_attempts || !shouldRetry(err, policy)) {
        throw Object.assign(err, { attempts: attempt });
      }
      const wait = backoffMs(attempt, policy, err.retryAfterMs);
      opts.onRetry?.(err, attempt, wait);
      await sleep(wait, opts.signal);
    }
  }
}
