import type { FactInput } from '../core/domain';
import { HunterError } from '../core/errors';

/**
 * Whether a lead's website is there at all. A dead one is a fact about the lead, known at once and kept;
 * only a fault that may pass (a timeout, a reset, a 5xx, a resolver that did not answer) is worth asking
 * again. A live one is a fact too, so the score and the review pane can tell the two apart.
 */
export type DeadReason = 'dns_not_found' | 'refused' | 'gone' | 'parked';

export type SiteStatus =
  | { state: 'live'; url: string; http_status: number; observed_at: string }
  | { state: 'dead'; reason: DeadReason; evidence: string; url: string; observed_at: string; confidence: number };

/** A page answered with an HTTP error status; the status decides what it means for the site. */
export class HttpStatusError extends HunterError {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    // 408, 425, 429 and every 5xx say "not now"; the rest will say the same tomorrow.
    super('HTTP_ERROR', `${url} answered ${status}.`, { retryable: status === 408 || status === 425 || status === 429 || status >= 500 });
  }
}

/** Every low-level error code under a HunterError: its cause chain, and each attempt of a multi-address connect. */
function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [err instanceof HunterError ? err.cause : err];
  while (stack.length > 0) {
    const e = stack.pop() as { code?: unknown; cause?: unknown; errors?: unknown } | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      // An AggregateError (happy eyeballs over several addresses): its own code repeats the first attempt's.
      stack.push(...e.errors);
      continue;
    }
    if (typeof e.code === 'string') codes.push(e.code);
    if (e.cause) stack.push(e.cause);
  }
  return codes;
}

export interface Unreachable {
  reason: Exclude<DeadReason, 'parked'>;
  evidence: string;
}

/**
 * The permanent ways a site fails to answer: its name does not exist (ENOTFOUND, never EAI_AGAIN, which is
 * a resolver that could not answer now), nothing listens on its port, or its home page is gone (404, 410).
 */
export function unreachableReason(err: HunterError): Unreachable | null {
  if (err instanceof HttpStatusError) return err.status === 404 || err.status === 410 ? { reason: 'gone', evidence: `HTTP ${err.status}` } : null;
  if (err.code !== 'CONNECTION_ERROR') return null;
  const codes = causeCodes(err);
  if (codes.length === 0) return null;
  if (codes.every((c) => c === 'ENOTFOUND')) return { reason: 'dns_not_found', evidence: 'no such host name (DNS)' };
  if (codes.every((c) => c === 'ECONNREFUSED')) return { reason: 'refused', evidence: 'connection refused' };
  return null;
}

const DEAD_VALUE_CONFIDENCE: Record<DeadReason, number> = { dns_not_found: 0.95, refused: 0.85, gone: 0.9, parked: 0.9 };

export function deadConfidence(reason: DeadReason, strong = true): number {
  return strong ? DEAD_VALUE_CONFIDENCE[reason] : DEAD_VALUE_CONFIDENCE[reason] - 0.1;
}

/** The `website_status` fact: 'dead' with its reason and evidence, or 'live' with the status it answered. */
export function websiteStatusFact(status: SiteStatus): FactInput {
  if (status.state === 'live') {
    return {
      kind: 'website_status', value: 'live', detail: { http_status: status.http_status, final_url: status.url },
      source_url: status.url, method: 'derived', confidence: 0.9, observed_at: status.observed_at,
    };
  }
  return {
    kind: 'website_status', value: 'dead', detail: { reason: status.reason, evidence: status.evidence },
    source_url: status.url, method: 'derived', confidence: status.confidence, observed_at: status.observed_at,
  };
}
