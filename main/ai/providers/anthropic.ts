import Anthropic, * as AnthropicSdk from '@anthropic-ai/sdk';
import { HunterError } from '../../core/errors';
import type { ProviderSettings } from '../settings';
import { incompleteStream, registerSdkErrors } from './errors';
import type { AttemptOptions, AttemptResult, ChatRequest, ProviderClient, UsageReport } from './types';

const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

// Its connection errors are recognised once this module (and so the SDK) is loaded.
registerSdkErrors(AnthropicSdk);

/**
 * Claude through @anthropic-ai/sdk (Messages API). Usage arrives in two places while streaming:
 * message_start (input tokens) and message_delta (cumulative output tokens); both are recorded as they
 * come, so an attempt cut off after message_start is still charged what Anthropic reported.
 */
export class AnthropicProvider implements ProviderClient {
  readonly name = 'anthropic' as const;
  private readonly client: Anthropic;

  constructor(settings: ProviderSettings) {
    this.client = new Anthropic({
      apiKey: settings.apiKey.reveal(),
      baseURL: settings.baseURL ?? ANTHROPIC_DEFAULT_URL,
      maxRetries: 0,
      timeout: settings.timeoutMs,
      logLevel: 'off',
    });
  }

  async attempt(req: ChatRequest, opts: AttemptOptions, usage: UsageReport): Promise<AttemptResult> {
    const system = req.json
      ? `${req.system}\n\nAnswer with one JSON object only: no prose before or after it, no code fence.`
      : req.system;
    // Structured output through a forced tool: every Claude model takes tools, and the tool's input is the JSON.
    const tool = req.schema
      ? { tools: [{ name: req.schema.name, description: req.schema.description, input_schema: { ...req.schema.json, type: 'object' as const } }], tool_choice: { type: 'tool' as const, name: req.schema.name } }
      : {};
    const params = {
      model: opts.model,
      system,
      messages: req.messages,
      max_tokens: req.maxTokens,
      ...(req.temperature !== null ? { temperature: req.temperature } : {}),
      ...tool,
    };
    const started = performance.now();
    opts.onRequest?.();
    if (!opts.stream) {
      const msg = await this.client.messages.create({ ...params, stream: false }, { signal: opts.signal });
      if (!msg || typeof msg !== 'object' || !Array.isArray(msg.content)) {
        throw new HunterError('MALFORMED_RESPONSE', `Anthropic ${opts.model}: the answer had no content`);
      }
      record(usage, msg.usage, msg.model);
      const used = msg.content.find((b) => b.type === 'tool_use');
      const text = used && used.type === 'tool_use' ? JSON.stringify(used.input) : msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      return { text, finish_reason: msg.stop_reason ?? null, ttft_ms: performance.now() - started };
    }

    const stream = await this.client.messages.create({ ...params, stream: true }, { signal: opts.signal });
    opts.onActivity?.();
    let text = '';
    let ttft: number | null = null;
    let finish: string | null = null;
    let stopped = false;
    for await (const ev of stream) {
      opts.onActivity?.();
      switch (ev.type) {
        case 'message_start':
          record(usage, ev.message.usage, ev.message.model);
          break;
        case 'content_block_delta': {
          // A forced tool streams its input as JSON pieces; they are the answer's text here.
          const piece = ev.delta.type === 'text_delta' ? ev.delta.text : ev.delta.type === 'input_json_delta' ? ev.delta.partial_json : '';
          if (piece) {
            if (ttft === null) ttft = performance.now() - started;
            text += piece;
            opts.onDelta?.(piece);
          }
          break;
        }
        case 'message_delta':
          // Cumulative: each message_delta replaces the count before it.
          record(usage, ev.usage as AnthropicUsage, null);
          finish = ev.delta.stop_reason ?? finish;
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    }
    if (!stopped) throw incompleteStream('Anthropic', opts.model);
    return { text, finish_reason: finish, ttft_ms: ttft };
  }
}

function record(usage: UsageReport, u: AnthropicUsage | null | undefined, model: string | null): void {
  if (!u) return;
  usage.reported = true;
  const input = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  // message_delta may leave input_tokens out (or null): keep what message_start said.
  if (u.input_tokens != null) usage.input_tokens = input;
  if (u.output_tokens != null) usage.output_tokens = u.output_tokens;
  if (model) usage.model = model;
}
