import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Fault, FaultKind, QueuedFault } from './faults';
import { defaultAnswer, promptTokens, tokenize, type SimRequest } from './text';

export type { Fault, FaultKind } from './faults';
export type { SimRequest } from './text';
export { defaultAnswer, tokenize } from './text';
export { simulatedWriter, type WriterOptions } from './writer';

export type SimProvider = 'groq' | 'anthropic';

export interface SimOptions {
  /** Time from the response headers to the first token, ms. */
  ttftMs?: number;
  /** Tokens per second after the first (one rate, or one per provider); 0 sends them all at once. */
  tokensPerSecond?: number | Partial<Record<SimProvider, number>>;
  /** The answer's text for a request; the default writes a short message from the prompt's words. */
  answer?: (req: SimRequest) => string;
  /** When set, requests must carry this key (Authorization: Bearer; for Anthropic also x-api-key). */
  keys?: Partial<Record<SimProvider, string>>;
}

/** One request as the simulator saw it, and what it told the client it used. */
export interface SimRecord {
  index: number;
  provider: SimProvider;
  path: string;
  model: string;
  stream: boolean;
  json: boolean;
  /** The structured shape the request asked for (json_schema or forced tool name, or the writer prompt's), or null. */
  schema: string | null;
  status: number;
  fault: FaultKind | null;
  /** The usage the client was told, as last reported (Anthropic reports in two steps); null if none. */
  reported: { input_tokens: number; output_tokens: number } | null;
  /** The text actually sent before the answer ended or broke. */
  text_sent: string;
  /** Request headers, lower-cased (to check which key was sent). */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** ms from receiving the request to sending the first token (streams), or the body. */
  first_token_ms: number | null;
}

const GROQ_PATH = '/openai/v1/chat/completions';
const ANTHROPIC_PATH = '/v1/messages';

/**
 * A loopback server that speaks Groq's OpenAI-compatible chat completions and Anthropic's Messages API
 * on one port, with the real wire formats (JSON and SSE), a settable time to first token and token
 * rate, and injected faults. Point both SDKs' baseURL at `url`.
 */
export class ProviderSim {
  options: Required<Omit<SimOptions, 'keys'>> & Pick<SimOptions, 'keys'>;
  readonly requests: SimRecord[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly queues: Record<SimProvider, QueuedFault[]> = { groq: [], anthropic: [] };
  private readonly rules: Record<SimProvider, Map<string, Fault>> = { groq: new Map(), anthropic: new Map() };
  private port = 0;

  constructor(options: SimOptions = {}) {
    this.options = {
      ttftMs: options.ttftMs ?? 0,
      tokensPerSecond: options.tokensPerSecond ?? 0,
      answer: options.answer ?? defaultAnswer,
      keys: options.keys,
    };
  }

  /** The base URL for both SDKs (each adds its own path). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    server.keepAliveTimeout = 5000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The next request to `provider` (for `model`, if given) fails this way; queued faults are used in order. */
  fault(provider: SimProvider, fault: Fault, opts: { model?: string; times?: number } = {}): this {
    for (let i = 0; i < (opts.times ?? 1); i++) this.queues[provider].push({ fault, model: opts.model });
    return this;
  }

  /** Every request to this model fails this way until cleared (a retired model, an account at its limit). */
  rule(provider: SimProvider, model: string, fault: Fault | null): this {
    if (fault) this.rules[provider].set(model, fault);
    else this.rules[provider].delete(model);
    return this;
  }

  clearFaults(): this {
    this.queues.groq.length = 0;
    this.queues.anthropic.length = 0;
    this.rules.groq.clear();
    this.rules.anthropic.clear();
    return this;
  }

  reset(): this {
    this.clearFaults();
    this.requests.length = 0;
    return this;
  }

  /** Usage told to clients, summed per provider and model. */
  reportedUsage(): Array<{ provider: SimProvider; model: string; input_tokens: number; output_tokens: number }> {
    const out = new Map<string, { provider: SimProvider; model: string; input_tokens: number; output_tokens: number }>();
    for (const r of this.requests) {
      if (!r.reported) continue;
      const k = `${r.provider}\u0000${r.model}`;
      const e = out.get(k) ?? { provider: r.provider, model: r.model, input_tokens: 0, output_tokens: 0 };
      e.input_tokens += r.reported.input_tokens;
      e.output_tokens += r.reported.output_tokens;
      out.set(k, e);
    }
    return [...out.values()];
  }

  private takeFault(provider: SimProvider, model: string): Fault | null {
    const q = this.queues[provider];
    const i = q.findIndex((f) => f.model === undefined || f.model === model);
    if (i >= 0) return q.splice(i, 1)[0]!.fault;
    return this.rules[provider].get(model) ?? null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const provider: SimProvider | null =
      req.method === 'POST' && path === GROQ_PATH ? 'groq' : req.method === 'POST' && path === ANTHROPIC_PATH ? 'anthropic' : null;
    const raw = await readBody(req);
    if (!provider) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Unknown request URL: ${req.method} ${path}`, type: 'invalid_request_error', code: 'unknown_url' } }));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendError(res, provider, 400, 'invalid_request_error', 'The request body is not valid JSON.');
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const model = typeof body.model === 'string' ? body.model : '';
    const stream = body.stream === true;
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
    const system =
      provider === 'groq'
        ? messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n')
        : textOf(body.system);
    const prompt = messages.filter((m) => m.role !== 'system').map((m) => textOf(m.content)).join('\n');
    const format = body.response_format as { type?: string; json_schema?: { name?: string } } | undefined;
    const tool = provider === 'anthropic' ? forcedTool(body) : null;
    const schema = format?.type === 'json_schema' ? (format.json_schema?.name ?? 'schema') : tool ?? schemaInPrompt(system);
    const json = provider === 'groq' ? format?.type === 'json_object' || format?.type === 'json_schema' || schema !== null : /\bJSON\b/.test(system) || tool !== null;
    const record: SimRecord = {
      index: this.requests.length,
      provider,
      path,
      model,
      stream,
      json,
      schema,
      status: 200,
      fault: null,
      reported: null,
      text_sent: '',
      headers,
      body,
      first_token_ms: null,
    };
    this.requests.push(record);

    // The checks the real APIs make before anything else.
    const expected = this.options.keys?.[provider];
    // Anthropic takes x-api-key; its SDK 1.x sends the key as a Bearer token instead. Both are accepted.
    const bearer = (headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const sentKey = provider === 'groq' ? bearer : headers['x-api-key'] || bearer;
    if (!sentKey || (expected !== undefined && sentKey !== expected)) return this.failWith(res, record, { kind: 'auth' });
    if (provider === 'anthropic' && !headers['anthropic-version']) {
      record.status = 400;
      return sendError(res, provider, 400, 'invalid_request_error', 'anthropic-version: header is required');
    }
    if (!model || messages.length === 0 || (provider === 'anthropic' && typeof body.max_tokens !== 'number')) {
      record.status = 400;
      return sendError(res, provider, 400, 'invalid_request_error', 'model, messages and (for Messages) max_tokens are required');
    }

    const fault = this.takeFault(provider, model);
    if (fault && isBeforeResponse(fault.kind)) return this.failWith(res, record, fault);
    record.fault = fault?.kind ?? null;

    const simReq: SimRequest = { provider, model, stream, json, schema, system, prompt, index: record.index };
    const text = this.options.answer(simReq);
    const tokens = tokenize(text);
    const usage = { input_tokens: promptTokens(system, prompt), output_tokens: tokens.length };
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const ttft = this.options.ttftMs;
    const tpsSetting = this.options.tokensPerSecond;
    const tps = typeof tpsSetting === 'number' ? tpsSetting : (tpsSetting[provider] ?? 0);
    const gap = tps > 0 ? 1000 / tps : 0;

    if (!stream) {
      await delayUntil(received + ttft + gap * Math.max(0, tokens.length - 1));
      if (closed) return;
      record.first_token_ms = performance.now() - received;
      if (fault?.kind === 'malformed_json') {
        res.writeHead(200, { 'content-type': 'application/json', ...this.rateHeaders(provider) });
        res.end('{"id": "chatcmpl-sim", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hel');
        return;
      }
      if (fault?.kind === 'stall' || fault?.kind === 'cut_off') {
        res.writeHead(200, { 'content-type': 'application/json', ...this.rateHeaders(provider) });
        res.write('{"id": "chatcmpl-sim", ');
        if (fault.kind === 'cut_off') res.socket?.end();
        return;
      }
      record.reported = usage;
      record.text_sent = text;
      res.writeHead(200, { 'content-type': 'application/json', ...this.rateHeaders(provider) });
      res.end(JSON.stringify(provider === 'groq' ? groqCompletion(model, text, usage) : anthropicMessage(model, text, usage, tool)));
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...this.rateHeaders(provider) });
    res.flushHeaders();
    const wire = provider === 'groq' ? new GroqWire(model) : new AnthropicWire(model, tool !== null && isJsonObject(text) ? tool : null);
    const send = (chunk: string) => {
      if (!closed) res.write(chunk);
    };
    send(wire.start(usage));
    if (provider === 'anthropic' && !closed) record.reported = { input_tokens: usage.input_tokens, output_tokens: 1 };

    const breakAt = fault && 'afterTokens' in fault ? Math.min(tokens.length, fault.afterTokens ?? Math.floor(tokens.length / 2)) : -1;
    const t0 = received + ttft;
    for (let i = 0; i < tokens.length; i++) {
      if (i === breakAt || (fault?.kind === 'malformed_json' && i === Math.floor(tokens.length / 2))) break;
      await delayUntil(t0 + gap * i);
      if (closed) return;
      if (i === 0) record.first_token_ms = performance.now() - received;
      send(wire.delta(tokens[i]!));
      record.text_sent += tokens[i]!;
    }
    if (closed) return;
    switch (fault?.kind) {
      case 'stall':
        // Keep the connection open and say nothing more: only the client's idle timer ends this.
        return;
      case 'cut_off':
        // end(), not destroy(): what was written still arrives, then the connection closes mid-body.
        res.socket?.end();
        return;
      case 'malformed_json':
        send(wire.malformed());
        res.end();
        return;
      case 'overloaded_mid_stream':
        send(wire.midStreamError());
        res.end();
        return;
      default:
        break;
    }
    send(wire.finish(usage));
    record.reported = { ...usage };
    res.end();
  }

  private failWith(res: ServerResponse, record: SimRecord, fault: Fault): void {
    record.fault = fault.kind;
    const p = record.provider;
    const m = record.model;
    const extra = this.rateHeaders(p);
    switch (fault.kind) {
      case 'auth':
        record.status = 401;
        return p === 'groq'
          ? sendJson(res, 401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }, extra)
          : sendError(res, p, 401, 'authentication_error', 'invalid x-api-key');
      case 'rate_limit': {
        const ms = fault.retryAfterMs ?? 1000;
        record.status = 429;
        const h = { ...extra, 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))), 'retry-after-ms': String(ms) };
        return p === 'groq'
          ? sendJson(res, 429, {
              error: {
                message: `Rate limit reached for model \`${m}\` in organization \`org_sim\` service tier \`on_demand\` on tokens per minute (TPM): Limit 6000, Used 5900, Requested 420. Please try again in ${(ms / 1000).toFixed(2)}s.`,
                type: 'tokens',
                code: 'rate_limit_exceeded',
              },
            }, h)
          : sendError(res, p, 429, 'rate_limit_error', 'This request would exceed your rate limit. Please try again later.', h);
      }
      case 'server_error':
        record.status = 500;
        return p === 'groq'
          ? sendJson(res, 500, { error: { message: 'Internal Server Error', type: 'internal_server_error' } }, extra)
          : sendError(res, p, 500, 'api_error', 'Internal server error', extra);
      case 'overloaded':
        record.status = p === 'groq' ? 503 : 529;
        return p === 'groq'
          ? sendJson(res, 503, { error: { message: 'Groq is currently over capacity. Please try again and back off exponentially.', type: 'internal_server_error' } }, extra)
          : sendError(res, p, 529, 'overloaded_error', 'Overloaded', extra);
      case 'decommissioned':
        record.status = p === 'groq' ? 400 : 404;
        return p === 'groq'
          ? sendJson(res, 400, {
              error: {
                message: `The model \`${m}\` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.`,
                type: 'invalid_request_error',
                code: 'model_decommissioned',
              },
            }, extra)
          : sendError(res, p, 404, 'not_found_error', `model: ${m}`, extra);
      case 'spend_limit':
        if (p === 'groq') {
          record.status = 400;
          return sendJson(res, 400, {
            error: { message: 'Organization has been restricted due to reaching its spend limit. Raise the limit in Settings → Billing → Limits.', type: 'invalid_request_error', code: 'blocked_api_access' },
          }, extra);
        }
        if (fault.variant === 'billing') {
          record.status = 400;
          return sendError(res, p, 400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.', extra);
        }
        record.status = 429;
        return sendJson(res, 429, {
          type: 'error',
          error: { type: 'rate_limit_error', message: 'You have reached your specified API usage limits.', details: { error_code: 'enforced_spend_limit_reached' } },
          request_id: requestId('req'),
        }, { ...extra, 'retry-after': '3600' });
      default:
        throw new Error(`fault ${fault.kind} is not sent before the response`);
    }
  }

  private rateHeaders(p: SimProvider): Record<string, string> {
    const left = Math.max(0, 14_400 - this.requests.length);
    return p === 'groq'
      ? {
          'x-request-id': requestId('req'),
          'x-ratelimit-limit-requests': '14400',
          'x-ratelimit-limit-tokens': '6000',
          'x-ratelimit-remaining-requests': String(left),
          'x-ratelimit-remaining-tokens': '5580',
          'x-ratelimit-reset-requests': '6s',
          'x-ratelimit-reset-tokens': '4.2s',
        }
      : {
          'request-id': requestId('req'),
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '49',
          'anthropic-ratelimit-requests-reset': new Date(Date.now() + 60_000).toISOString(),
          'anthropic-ratelimit-input-tokens-limit': '30000',
          'anthropic-ratelimit-input-tokens-remaining': '29000',
          'anthropic-ratelimit-output-tokens-limit': '8000',
          'anthropic-ratelimit-output-tokens-remaining': '7800',
        };
  }
}

function isBeforeResponse(kind: FaultKind): boolean {
  return kind === 'rate_limit' || kind === 'server_error' || kind === 'overloaded' || kind === 'decommissioned' || kind === 'spend_limit' || kind === 'auth';
}

interface Wire {
  start(usage: { input_tokens: number }): string;
  delta(text: string): string;
  finish(usage: { input_tokens: number; output_tokens: number }): string;
  malformed(): string;
  midStreamError(): string;
}

/** Groq: OpenAI-style `data:` events, usage in the last chunk's x_groq, then `data: [DONE]`. */
class GroqWire implements Wire {
  private readonly id = requestId('chatcmpl');
  private readonly xid = requestId('req');
  private readonly created = Math.floor(Date.now() / 1000);
  constructor(private readonly model: string) {}

  private chunk(delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): string {
    const c = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      system_fingerprint: 'fp_sim',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    };
    return `data: ${JSON.stringify(c)}\n\n`;
  }

  start(): string {
    return this.chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: this.xid } });
  }
  delta(text: string): string {
    return this.chunk({ content: text }, null);
  }
  finish(u: { input_tokens: number; output_tokens: number }): string {
    const usage = {
      queue_time: 0.01,
      prompt_tokens: u.input_tokens,
      prompt_time: 0.002,
      completion_tokens: u.output_tokens,
      completion_time: 0.05,
      total_tokens: u.input_tokens + u.output_tokens,
      total_time: 0.052,
    };
    return this.chunk({}, 'stop', { x_groq: { id: this.xid, usage } }) + 'data: [DONE]\n\n';
  }
  malformed(): string {
    return `data: {"id":"${this.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"br\n\n`;
  }
  midStreamError(): string {
    return `data: ${JSON.stringify({ error: { message: 'Service Unavailable: the model is over capacity', type: 'internal_server_error' } })}\n\n`;
  }
}

/** Anthropic: named SSE events with a ping, usage in message_start and (cumulative) message_delta. */
class AnthropicWire implements Wire {
  private readonly id = requestId('msg');
  /** A forced tool: the answer streams as the tool's input, in input_json_delta pieces. */
  constructor(private readonly model: string, private readonly tool: string | null = null) {}

  private event(name: string, data: Record<string, unknown>): string {
    return `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  }

  start(u: { input_tokens: number }): string {
    return (
      this.event('message_start', {
        message: {
          id: this.id,
          type: 'message',
          role: 'assistant',
          content: [],
          model: this.model,
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: u.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      }) +
      this.event('content_block_start', {
        index: 0,
        content_block: this.tool ? { type: 'tool_use', id: requestId('toolu'), name: this.tool, input: {} } : { type: 'text', text: '' },
      }) +
      this.event('ping', {})
    );
  }
  delta(text: string): string {
    return this.event('content_block_delta', { index: 0, delta: this.tool ? { type: 'input_json_delta', partial_json: text } : { type: 'text_delta', text } });
  }
  finish(u: { input_tokens: number; output_tokens: number }): string {
    return (
      this.event('content_block_stop', { index: 0 }) +
      this.event('message_delta', { delta: { stop_reason: this.tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: u.output_tokens } }) +
      this.event('message_stop', {})
    );
  }
  malformed(): string {
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"br\n\n`;
  }
  midStreamError(): string {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;
  }
}

function groqCompletion(model: string, text: string, u: { input_tokens: number; output_tokens: number }) {
  return {
    id: requestId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      queue_time: 0.01,
      prompt_tokens: u.input_tokens,
      prompt_time: 0.002,
      completion_tokens: u.output_tokens,
      completion_time: 0.05,
      total_tokens: u.input_tokens + u.output_tokens,
      total_time: 0.052,
    },
    system_fingerprint: 'fp_sim',
    x_groq: { id: requestId('req') },
  };
}

function anthropicMessage(model: string, text: string, u: { input_tokens: number; output_tokens: number }, tool: string | null = null) {
  // A forced tool answers with a tool_use block whose input is the JSON; an answer that is not JSON stays text.
  const asTool = tool !== null && isJsonObject(text);
  return {
    id: requestId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content: asTool ? [{ type: 'tool_use', id: requestId('toolu'), name: tool, input: JSON.parse(text) as unknown }] : [{ type: 'text', text }],
    stop_reason: asTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: u.input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: u.output_tokens },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Anthropic's error envelope; Groq's is `{error: {message, type}}`. */
function sendError(res: ServerResponse, p: SimProvider, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  if (p === 'groq') return sendJson(res, status, { error: { message, type } }, headers);
  return sendJson(res, status, { type: 'error', error: { type, message }, request_id: requestId('req') }, headers);
}

/** The tool a Messages request forces (tool_choice {type: "tool", name}), or null. */
function forcedTool(body: Record<string, unknown>): string | null {
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  return choice?.type === 'tool' && typeof choice.name === 'string' && Array.isArray(body.tools) ? choice.name : null;
}

/** A streamed request cannot carry Groq's json_schema; the writers' prompts name the shape they want instead. */
function schemaInPrompt(system: string): string | null {
  if (!/Answer with one JSON object only/u.test(system)) return null;
  if (/"decision"/u.test(system)) return 'refined_message';
  if (/"fact_ids_used"/u.test(system)) return 'first_message';
  return null;
}

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (typeof b === 'object' && b && 'text' in b ? String((b as { text: unknown }).text) : '')).join('');
  return '';
}

function requestId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits until a moment on the performance clock; a moment already past returns at once. */
function delayUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  if (ms <= 0.5) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a simulator for a test file; stop it in afterAll. */
export async function startProviderSim(options?: SimOptions): Promise<ProviderSim> {
  return new ProviderSim(options).start();
}
