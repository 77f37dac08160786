import type { ProviderName } from '../settings';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** What to ask, the same for every provider. */
export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  /** Ask for a JSON object (Groq's json_object mode; an instruction for Claude). */
  json?: boolean;
  /**
   * Ask for JSON of this shape: Groq's json_schema response format (when not streaming: Groq documents
   * structured outputs without streaming), a forced tool for Claude. The system prompt describes the same
   * shape, so an answer is usable whichever way it came.
   */
  schema?: JsonSchemaSpec | undefined;
  maxTokens: number;
  /** null: the model's default. */
  temperature: number | null;
}

export interface JsonSchemaSpec {
  name: string;
  description: string;
  json: Record<string, unknown>;
}

export interface AttemptOptions {
  model: string;
  stream: boolean;
  /** Aborts the attempt (our idle timer and the rep's cancel both use it). */
  signal: AbortSignal;
  /** Each piece of text as it streams in. */
  onDelta?: ((text: string) => void) | undefined;
  /** Every event the stream sends, text or not: resets the idle timer. */
  onActivity?: (() => void) | undefined;
  /** Called just before the HTTP request goes out (the monthly quota counts calls). */
  onRequest?: (() => void) | undefined;
}

/**
 * What the provider has reported about usage so far. Filled in as it arrives, so an attempt that fails
 * half-way (Anthropic reports input tokens in message_start) can still be charged what was reported.
 */
export interface UsageReport {
  reported: boolean;
  input_tokens: number;
  output_tokens: number;
  model: string | null;
}

export interface AttemptResult {
  text: string;
  finish_reason: string | null;
  /** ms from sending the request to the first text delta (streams) or to the whole answer. */
  ttft_ms: number | null;
}

/** One HTTP request to one provider, no retries: the layer above decides about those. */
export interface ProviderClient {
  readonly name: ProviderName;
  attempt(req: ChatRequest, opts: AttemptOptions, usage: UsageReport): Promise<AttemptResult>;
}

export function emptyUsage(): UsageReport {
  return { reported: false, input_tokens: 0, output_tokens: 0, model: null };
}
