import type { RetryPolicy } from '../core/agent-config';
import { HunterError, toHunterError } from '../core/errors';
import { DEFAULT_MAX_RETRY_AFTER_MS, retryWaitMs, type BackoffRule } from '../core/pacing';
import { sleep } from '../core/sleep';

/**
 * Whether an error is retried: the policy's lists win over the code's default, so a rep can make a code
 * retryable or not per agent.
 */
export function shouldRetry(err: HunterError, policy: RetryPolicy): boolean {
  if (policy.non_retryable_errors.includes(err.code)) return false;
  if (policy.retryable_errors.includes(err.code)) return true;
  return err.retryable;
}

/** The agent's retry policy as the one backoff rule every retry in the product follows (core/pacing.ts). */
export function backoffRule(policy: RetryPolicy, maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS): BackoffRule {
  return { strategy: policy.backoff_strategy, baseMs: policy.backoff_base_ms, maxMs: policy.backoff_max_ms, maxRetryAfterMs };
}

export interface AttemptInfo {
  attempt: number;
}

/** Runs fn until it succeeds, fails with an error not to retry, or runs out of attempts. */
export async function withRetry<T>(
  fn: (info: AttemptInfo) => Promise<T>,
  policy: RetryPolicy,
  opts: {
    signal?: AbortSignal;
    onRetry?: (err: HunterError, attempt: number, waitMs: number) => void;
    /** A retry-after longer than this ends the step now (it stays retryable for a resume), as in the AI layer. */
    maxRetryAfterMs?: number;
    random?: () => number;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  } = {},
): Promise<{ value: T; attempts: number }> {
  const rule = backoffRule(policy, opts.maxRetryAfterMs);
  const wait = opts.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn({ attempt }), attempts: attempt };
    } catch (raw) {
      const err = toHunterError(raw);
      const waitMs = err.code === 'CANCELLED' || attempt >= policy.max_attempts || !shouldRetry(err, policy) ? null : retryWaitMs(attempt, rule, err.retryAfterMs, opts.random);
      if (waitMs === null) throw Object.assign(err, { attempts: attempt });
      opts.onRetry?.(err, attempt, waitMs);
      await wait(waitMs, opts.signal);
    }
  }
}
