import type { z } from 'zod';
import { HunterError } from '../core/errors';
import { CallError, type Ai, type AttemptFailure } from './layer';
import type { ChatRequest } from './providers/types';
import type { ProviderName } from './settings';
import type { UsageSink } from './usage';

export interface JsonCallSpec<T> {
  request: ChatRequest;
  schema: z.ZodType<T>;
  chargeKey: string;
  sink: UsageSink;
  signal?: AbortSignal | undefined;
}

export interface JsonCallResult<T> {
  value: T;
  provider: ProviderName;
  model: string;
  /** The first answer did not fit and the model was asked once to correct it. */
  repaired: boolean;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  failures: AttemptFailure[];
}

/**
 * Which provider answers the small JSON questions: Groq's fast models when it is configured and its
 * circuit is closed, else Claude's fast model; null when neither is available.
 */
export function fastProviders(ai: Ai): Array<{ provider: ProviderName; models: string[] }> {
  const out: Array<{ provider: ProviderName; models: string[] }> = [];
  if (ai.usable('groq')) out.push({ provider: 'groq', models: ai.settings.models.fast });
  if (ai.usable('anthropic')) out.push({ provider: 'anthropic', models: ai.settings.models.fastAnthropic });
  return out;
}

/**
 * Asks for JSON and validates it. A provider that fails outright hands over to the next one; an answer
 * that is not the JSON asked for gets one correction request; a second bad answer throws
 * MALFORMED_RESPONSE so the caller can fall back to its offline rule.
 */
export async function callJson<T>(ai: Ai, spec: JsonCallSpec<T>): Promise<JsonCallResult<T>> {
  const providers = fastProviders(ai);
  if (providers.length === 0) {
    throw new HunterError('CIRCUIT_OPEN', 'No model provider is available (none configured, or all paused after failures).');
  }
  const spent = { input_tokens: 0, output_tokens: 0, cost_micros: 0 };
  const failures: AttemptFailure[] = [];
  let last: HunterError | null = null;
  for (const { provider, models } of providers) {
    let answer;
    try {
      answer = await ai.call({ provider, models, request: spec.request, stream: false, chargeKey: `${spec.chargeKey}:${provider}`, sink: spec.sink, signal: spec.signal });
    } catch (err) {
      const e = err as HunterError;
      if (err instanceof CallError) add(spent, failures, err.spent);
      if (e.code === 'CANCELLED') throw e;
      last = e;
      continue;
    }
    add(spent, failures, answer);
    const first = parseAgainst(answer.text, spec.schema);
    if (first.ok) return { value: first.value, provider, model: answer.model, repaired: false, ...spent, failures };

    const repairRequest: ChatRequest = {
      ...spec.request,
      messages: [
        ...spec.request.messages,
        { role: 'assistant', content: answer.text.slice(0, 4000) },
        { role: 'user', content: `That answer is not the JSON asked for (${first.problem}). Reply with only the corrected JSON object.` },
      ],
    };
    let repaired;
    try {
      repaired = await ai.call({ provider, models: [answer.model], request: repairRequest, stream: false, chargeKey: `${spec.chargeKey}:${provider}:repair`, sink: spec.sink, signal: spec.signal });
    } catch (err) {
      if (err instanceof CallError) add(spent, failures, err.spent);
      throw withSpent(err as HunterError, spent, failures);
    }
    add(spent, failures, repaired);
    const second = parseAgainst(repaired.text, spec.schema);
    if (second.ok) return { value: second.value, provider, model: repaired.model, repaired: true, ...spent, failures };
    throw withSpent(
      new HunterError('MALFORMED_RESPONSE', `${provider} ${answer.model}: the answer was not the JSON asked for, twice (${second.problem})`, { retryable: false }),
      spent,
      failures,
    );
  }
  throw withSpent(last!, spent, failures);
}

function add(
  spent: { input_tokens: number; output_tokens: number; cost_micros: number },
  failures: AttemptFailure[],
  r: { input_tokens: number; output_tokens: number; cost_micros: number; failures: AttemptFailure[] },
): void {
  spent.input_tokens += r.input_tokens;
  spent.output_tokens += r.output_tokens;
  spent.cost_micros += r.cost_micros;
  failures.push(...r.failures);
}

function withSpent(err: HunterError, spent: { input_tokens: number; output_tokens: number; cost_micros: number }, failures: AttemptFailure[]): CallError {
  return new CallError(err instanceof CallError ? (err.cause as HunterError) : err, { ...spent, attempts: failures.length, failures });
}

/** Finds the JSON object in an answer (models sometimes wrap it in prose or a code fence) and checks it. */
export function parseAgainst<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problem: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, problem: 'no JSON object found' };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { ok: false, problem: `invalid JSON: ${(err as Error).message}` };
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    return { ok: false, problem: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') };
  }
  return { ok: true, value: r.data };
}
