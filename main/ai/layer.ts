import { HunterError, type ErrorCode } from '../core/errors';
import { CircuitBreaker, label, systemClock, type Clock } from './circuit-breaker';
import { costMicros } from './pricing';
import { toProviderError } from './providers/errors';
import { loadedOnFirstUse } from './providers/lazy';
import { emptyUsage, type AttemptResult, type ChatRequest, type ProviderClient, type UsageReport } from './providers/types';
import { cancelled, retryDelay, sleep as realSleep, type Sleep } from './retry';
import type { AiSettings, ProviderName, ProviderSettings } from './settings';
import type { UsageSink } from './usage';

export interface CallSpec {
  provider: ProviderName;
  /** Tried in order; a decommissioned model moves on to the next. */
  models: readonly string[];
  request: ChatRequest;
  stream: boolean;
  /** Base of the per-attempt charge keys: attempt n is charged as `${chargeKey}#n`. */
  chargeKey: string;
  sink: UsageSink;
  signal?: AbortSignal | undefined;
  /**
   * Streamed text. `restart` is true on the first piece of a new attempt after an earlier attempt had
   * already sent text: whoever shows the text drops what it has and starts again.
   */
  onDelta?: ((text: string, restart: boolean) => void) | undefined;
}

export interface AttemptFailure {
  provider: ProviderName;
  model: string;
  attempt: number;
  code: ErrorCode;
  message: string;
}

export interface CallResult {
  text: string;
  provider: ProviderName;
  /** The model that answered. */
  model: string;
  /** A model after the first in the list answered. */
  model_fallback: boolean;
  attempts: number;
  failures: AttemptFailure[];
  /** Summed over every attempt of this call, failed ones included. */
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  /** From the start of the call to the first text of the attempt that succeeded. */
  ttft_ms: number | null;
  duration_ms: number;
  finish_reason: string | null;
}

/** A failed call still says what it cost and what was tried. */
export class CallError extends HunterError {
  constructor(
    last: HunterError,
    readonly spent: { input_tokens: number; output_tokens: number; cost_micros: number; attempts: number; failures: AttemptFailure[] },
  ) {
    super(last.code, last.message, {
      retryable: last.retryable,
      ...(last.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}),
      cause: last,
    });
  }
}

export interface AiDeps {
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * The provider layer: one long-lived object per app (or CLI run) holding both SDK clients, one
 * circuit breaker per provider, the retry policy and the price table. Every model call of the product
 * goes through `call`.
 */
export class Ai {
  readonly breakers: Record<ProviderName, CircuitBreaker>;
  // Private (#) so that neither JSON nor util.inspect of this object can reach the SDK clients' keys.
  readonly #clients: Partial<Record<ProviderName, ProviderClient>>;
  private readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(readonly settings: AiSettings, deps: AiDeps = {}) {
    const clock = deps.clock ?? systemClock;
    this.breakers = {
      groq: new CircuitBreaker('groq', settings.breaker, clock),
      anthropic: new CircuitBreaker('anthropic', settings.breaker, clock),
    };
    this.#clients = {
      ...(settings.groq ? { groq: groqClient(settings.groq) } : {}),
      ...(settings.anthropic ? { anthropic: anthropicClient(settings.anthropic) } : {}),
    };
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
  }

  has(provider: ProviderName): boolean {
    return this.#clients[provider] !== undefined;
  }

  /** Configured and its circuit not open right now. */
  usable(provider: ProviderName): boolean {
    return this.has(provider) && this.breakers[provider].state !== 'open';
  }

  async call(spec: CallSpec): Promise<CallResult> {
    const client = this.#clients[spec.provider];
    if (!client) {
      throw new HunterError('AUTHENTICATION_FAILED', `${label(spec.provider)} is not configured: add its API key in Settings.`);
    }
    const breaker = this.breakers[spec.provider];
    const started = performance.now();
    const failures: AttemptFailure[] = [];
    const spent = { input_tokens: 0, output_tokens: 0, cost_micros: 0 };
    let attemptNo = 0;
    let textSent = false;
    const fail = (err: HunterError): never => {
      throw new CallError(err, { ...spent, attempts: attemptNo, failures });
    };

    for (let m = 0; m < spec.models.length; m++) {
      const model = spec.models[m]!;
      for (let attempt = 1; ; attempt++) {
        if (spec.signal?.aborted) fail(cancelled());
        try {
          breaker.enter();
        } catch (err) {
          fail(err as HunterError);
        }
        attemptNo++;
        const usage = emptyUsage();
        const attemptStart = performance.now();
        let firstOfAttempt = true;
        const onDelta = spec.onDelta
          ? (t: string) => {
              spec.onDelta!(t, firstOfAttempt && textSent);
              firstOfAttempt = false;
              textSent = true;
            }
          : undefined;
        let result: AttemptResult | undefined;
        let failure: HunterError | undefined;
        try {
          result = await this.runAttempt(client, spec, model, usage, onDelta);
        } catch (err) {
          failure = err as HunterError;
        }
        // Charged whether it worked or not, as long as the provider reported usage.
        if (usage.reported) {
          const cost = costMicros(spec.provider, model, usage.input_tokens, usage.output_tokens);
          spent.input_tokens += usage.input_tokens;
          spent.output_tokens += usage.output_tokens;
          spent.cost_micros += cost;
          spec.sink.charge(`${spec.chargeKey}#${attemptNo}`, {
            provider: spec.provider,
            model,
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cost_micros: cost,
          });
        }
        if (result) {
          breaker.success();
          return {
            text: result.text,
            provider: spec.provider,
            model,
            model_fallback: m > 0,
            attempts: attemptNo,
            failures,
            ...spent,
            ttft_ms: result.ttft_ms === null ? null : attemptStart - started + result.ttft_ms,
            duration_ms: performance.now() - started,
            finish_reason: result.finish_reason,
          };
        }
        const err = failure!;
        failures.push({ provider: spec.provider, model, attempt: attemptNo, code: err.code, message: err.message });
        if (err.code === 'CANCELLED') {
          breaker.release();
          fail(err);
        }
        breaker.failure(err);
        if (err.code === 'MODEL_DECOMMISSIONED') {
          if (m + 1 < spec.models.length) break;
          fail(err);
        }
        const delay = retryDelay(err, attempt, this.settings.retry, this.random);
        if (delay === null) fail(err);
        try {
          await this.sleep(delay!, spec.signal);
        } catch (e) {
          fail(e as HunterError);
        }
      }
    }
    // Unreachable: the loop either returns or fails; kept for the type checker.
    return fail(new HunterError('INTERNAL', 'no model to call'));
  }

  /**
   * One attempt with our own timers: the SDK's timeout covers only the time to the response headers,
   * so a stream that goes quiet is cut by the idle timer (STREAM_STALLED) and a JSON answer whose body
   * never ends by the overall deadline (TIMEOUT).
   */
  private async runAttempt(
    client: ProviderClient,
    spec: CallSpec,
    model: string,
    usage: UsageReport,
    onDelta: ((t: string) => void) | undefined,
  ): Promise<AttemptResult> {
    const p = spec.provider === 'groq' ? this.settings.groq! : this.settings.anthropic!;
    const ac = new AbortController();
    let reason: 'stalled' | 'timeout' | 'cancelled' | null = null;
    const stop = (why: 'stalled' | 'timeout' | 'cancelled') => {
      reason ??= why;
      ac.abort();
    };
    const onUserAbort = () => stop('cancelled');
    spec.signal?.addEventListener('abort', onUserAbort, { once: true });
    // One timer, not one per event: each event only notes the time, and the timer, when it fires,
    // either finds the stream quiet for long enough or sleeps again for the time that is left.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastActivity = 0;
    let idleMode = false;
    const watch = (ms: number) => {
      timer = setTimeout(() => {
        if (!idleMode) return stop('timeout');
        const quiet = performance.now() - lastActivity;
        if (quiet >= p.idleTimeoutMs) return stop('stalled');
        watch(p.idleTimeoutMs - quiet);
      }, ms);
    };
    const onActivity = () => {
      lastActivity = performance.now();
      if (!idleMode) {
        idleMode = true;
        clearTimeout(timer);
        watch(p.idleTimeoutMs);
      }
    };
    // Before the headers the SDK's own timeout should fire first; this is the backstop.
    watch(p.timeoutMs + (spec.stream ? 1000 : p.idleTimeoutMs));
    try {
      return await client.attempt(
        spec.request,
        {
          model,
          stream: spec.stream,
          signal: ac.signal,
          onDelta,
          onActivity: spec.stream ? onActivity : undefined,
          onRequest: () => spec.sink.apiCall?.(spec.provider),
        },
        usage,
      );
    } catch (err) {
      if (reason === 'stalled') {
        throw new HunterError('STREAM_STALLED', `${label(spec.provider)} ${model}: the stream sent nothing for ${p.idleTimeoutMs} ms and was cut off`);
      }
      if (reason === 'timeout') throw new HunterError('TIMEOUT', `${label(spec.provider)} ${model}: no complete answer within ${p.timeoutMs} ms`);
      if (reason === 'cancelled') throw cancelled();
      throw toProviderError(err, { provider: spec.provider, model, keys: [this.settings.groq?.apiKey, this.settings.anthropic?.apiKey] });
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onUserAbort);
    }
  }
}

export function createAi(settings: AiSettings, deps?: AiDeps): Ai {
  return new Ai(settings, deps);
}

const groqClient = (settings: ProviderSettings) => loadedOnFirstUse('groq', async () => new (await import('./providers/groq')).GroqProvider(settings));
const anthropicClient = (settings: ProviderSettings) => loadedOnFirstUse('anthropic', async () => new (await import('./providers/anthropic')).AnthropicProvider(settings));
