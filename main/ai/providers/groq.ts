import Groq, * as GroqSdk from 'groq-sdk';
import { HunterError } from '../../core/errors';
import { incompleteStream, registerSdkErrors } from './errors';
import type { ProviderSettings } from '../settings';
import type { AttemptOptions, AttemptResult, ChatRequest, ProviderClient, UsageReport } from './types';

const GROQ_DEFAULT_URL = 'https://api.groq.com';

// Its connection errors are recognised once this module (and so the SDK) is loaded.
registerSdkErrors(GroqSdk);

/**
 * Groq through groq-sdk (OpenAI-compatible chat completions). The SDK's own retries are off: our layer
 * retries, so it can charge each attempt and honour retry-after across the whole run.
 */
export class GroqProvider implements ProviderClient {
  readonly name = 'groq' as const;
  private readonly client: Groq;

  constructor(settings: ProviderSettings) {
    this.client = new Groq({
      apiKey: settings.apiKey.reveal(),
      baseURL: settings.baseURL ?? GROQ_DEFAULT_URL,
      maxRetries: 0,
      timeout: settings.timeoutMs,
      logLevel: 'off',
    });
  }

  async attempt(req: ChatRequest, opts: AttemptOptions, usage: UsageReport): Promise<AttemptResult> {
    const body = {
      model: opts.model,
      messages: [{ role: 'system' as const, content: req.system }, ...req.messages],
      max_completion_tokens: req.maxTokens,
      ...(req.temperature !== null ? { temperature: req.temperature } : {}),
      ...responseFormat(req, opts),
      ...modelExtras(opts.model),
    };
    const started = performance.now();
    opts.onRequest?.();
    if (!opts.stream) {
      const res = await this.client.chat.completions.create({ ...body, stream: false }, { signal: opts.signal });
      if (!res || typeof res !== 'object' || !Array.isArray(res.choices)) {
        throw new HunterError('MALFORMED_RESPONSE', `Groq ${opts.model}: the answer had no choices`);
      }
      if (res.usage) {
        usage.reported = true;
        usage.input_tokens = res.usage.prompt_tokens ?? 0;
        usage.output_tokens = res.usage.completion_tokens ?? 0;
        usage.model = res.model ?? null;
      }
      const choice = res.choices[0];
      return { text: choice?.message?.content ?? '', finish_reason: choice?.finish_reason ?? null, ttft_ms: performance.now() - started };
    }

    const stream = await this.client.chat.completions.create({ ...body, stream: true }, { signal: opts.signal });
    opts.onActivity?.();
    let text = '';
    let ttft: number | null = null;
    let finish: string | null = null;
    for await (const chunk of stream) {
      opts.onActivity?.();
      const choice = chunk.choices?.[0];
      const delta = choice?.delta?.content;
      if (delta) {
        if (ttft === null) ttft = performance.now() - started;
        text += delta;
        opts.onDelta?.(delta);
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      const u = chunk.x_groq?.usage ?? (chunk as { usage?: Groq.CompletionUsage | null }).usage;
      if (u) {
        usage.reported = true;
        usage.input_tokens = u.prompt_tokens ?? 0;
        usage.output_tokens = u.completion_tokens ?? 0;
        usage.model = chunk.model ?? null;
      }
      if (chunk.x_groq?.error) {
        throw new HunterError('PROVIDER_ERROR', `Groq ${opts.model}: the stream stopped early (${chunk.x_groq.error})`);
      }
    }
    // The SDK ends the loop quietly when the request is aborted, and so does a connection closed
    // cleanly: only the final chunk (with finish_reason) proves the answer is whole.
    if (finish === null) throw incompleteStream('Groq', opts.model);
    return { text, finish_reason: finish, ttft_ms: ttft };
  }
}

/**
 * Structured output when it is asked for and allowed: Groq's documentation has structured outputs and JSON
 * mode without streaming, so a streamed answer relies on the prompt's JSON rule and is validated after.
 * Strict (constrained) decoding only on the models Groq lists for it; best-effort on the others.
 */
function responseFormat(req: ChatRequest, opts: AttemptOptions): Record<string, unknown> {
  if (req.schema && !opts.stream) {
    return { response_format: { type: 'json_schema', json_schema: { name: req.schema.name, description: req.schema.description, schema: req.schema.json, strict: /^openai\/gpt-oss/u.test(opts.model) } } };
  }
  if (req.json) return { response_format: { type: 'json_object' as const } };
  return {};
}

/** Reasoning models spend tokens thinking before they write; a first draft needs little of that. */
function modelExtras(model: string): Record<string, unknown> {
  if (model.startsWith('openai/gpt-oss')) return { reasoning_effort: 'low', include_reasoning: false };
  if (model.startsWith('qwen/qwen3')) return { reasoning_format: 'hidden' };
  return {};
}
