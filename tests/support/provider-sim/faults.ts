/**
 * Failures the simulator can inject, each sent the way the real provider sends it.
 * - rate_limit: 429 with retry-after (seconds, rounded up) and retry-after-ms.
 * - server_error: 500.
 * - overloaded: Anthropic 529 overloaded_error; Groq 503 (Groq's "over capacity").
 * - stall: a stream that stops sending after `afterTokens` tokens and keeps the connection open.
 * - malformed_json: 200 whose body (or, streaming, one SSE event) is not JSON.
 * - cut_off: the connection is destroyed after `afterTokens` tokens.
 * - decommissioned: Groq 400 `model_decommissioned`; Anthropic 404 not_found_error naming the model.
 * - overloaded_mid_stream: after a 200 and `afterTokens` tokens, an error event (Anthropic
 *   `event: error` with overloaded_error; Groq a `data: {"error": ...}` chunk).
 * - spend_limit: Groq 400 `blocked_api_access` (its documented spend-limit answer); Anthropic 429
 *   rate_limit_error whose details.error_code is `enforced_spend_limit_reached`, or with
 *   variant 'billing' a 400 "credit balance is too low".
 * - auth: 401 with the provider's invalid-key body.
 */
export type Fault =
  | { kind: 'rate_limit'; retryAfterMs?: number }
  | { kind: 'server_error' }
  | { kind: 'overloaded' }
  | { kind: 'stall'; afterTokens?: number }
  | { kind: 'malformed_json' }
  | { kind: 'cut_off'; afterTokens?: number }
  | { kind: 'decommissioned' }
  | { kind: 'overloaded_mid_stream'; afterTokens?: number }
  | { kind: 'spend_limit'; variant?: 'billing' }
  | { kind: 'auth' };

export type FaultKind = Fault['kind'];

export interface QueuedFault {
  fault: Fault;
  /** Only requests for this model take it; undefined: any model. */
  model?: string | undefined;
}
