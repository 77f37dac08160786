import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';

/** The simulator itself, read with plain fetch: the wire formats the SDKs rely on. */
let sim: ProviderSim;
beforeAll(async () => {
  sim = await startProviderSim({ answer: () => 'Hello there, Anita. Nice post.' });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'anthropic-version': '2023-06-01', ...headers }, body: JSON.stringify(body) });
}

function sse(text: string): Array<{ event: string | null; data: string }> {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((b) => {
      const lines = b.split('\n');
      return { event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null, data: lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n') };
    });
}

describe('Groq wire format', () => {
  it('streams chat.completion.chunk events, usage in the last chunk’s x_groq, then [DONE], with rate-limit headers', async () => {
    const res = await post('/openai/v1/chat/completions', { model: 'openai/gpt-oss-20b', stream: true, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }] });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    for (const h of ['x-ratelimit-limit-requests', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-requests']) expect(res.headers.get(h)).toBeTruthy();
    const events = sse(await res.text());
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Hello there, Anita. Nice post.');
    const last = chunks.at(-1);
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.x_groq.usage).toMatchObject({ completion_tokens: 5, total_tokens: last.x_groq.usage.prompt_tokens + 5 });
    expect(sim.requests[0]!.reported).toEqual({ input_tokens: last.x_groq.usage.prompt_tokens, output_tokens: 5 });
  });

  it('answers 429 with retry-after and the rate_limit_exceeded body', async () => {
    sim.fault('groq', { kind: 'rate_limit', retryAfterMs: 1500 });
    const res = await post('/openai/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'U' }] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('retry-after-ms')).toBe('1500');
    expect((await res.json()).error.code).toBe('rate_limit_exceeded');
  });

  it('answers a retired model with 400 model_decommissioned', async () => {
    sim.rule('groq', 'llama-3.1-8b-instant', { kind: 'decommissioned' });
    const res = await post('/openai/v1/chat/completions', { model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: 'U' }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'model_decommissioned' });
  });
});

describe('Anthropic wire format', () => {
  it('streams message_start, content_block_start, ping, deltas, content_block_stop, message_delta, message_stop', async () => {
    const res = await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 100, stream: true, system: 'S', messages: [{ role: 'user', content: 'U' }] }, { 'x-api-key': 'k' });
    const events = sse(await res.text());
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names.filter((n) => n === 'content_block_delta')).toHaveLength(5);
    const start = JSON.parse(events[0]!.data);
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    const delta = JSON.parse(events.at(-2)!.data);
    expect(delta.usage.output_tokens).toBe(5);
    expect(delta.delta.stop_reason).toBe('end_turn');
  });

  it('sends an error event after a 200 for a mid-stream overload', async () => {
    sim.fault('anthropic', { kind: 'overloaded_mid_stream', afterTokens: 2 });
    const res = await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'U' }] });
    expect(res.status).toBe(200);
    const events = sse(await res.text());
    expect(events.at(-1)!.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('answers errors as {type: "error", error: {type, message}} and 529 when overloaded', async () => {
    sim.fault('anthropic', { kind: 'overloaded' });
    const res = await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'U' }] });
    expect(res.status).toBe(529);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('refuses a request without max_tokens or the version header, like the real API', async () => {
    expect((await post('/v1/messages', { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'U' }] })).status).toBe(400);
    expect((await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'U' }] }, { 'anthropic-version': '' })).status).toBe(400);
  });
});

describe('timing', () => {
  it('sends the first token after the configured time and the rest at the configured rate', async () => {
    sim.options.ttftMs = 80;
    sim.options.tokensPerSecond = 100;
    const t = performance.now();
    const res = await post('/openai/v1/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'U' }] });
    await res.text();
    const took = performance.now() - t;
    // 80 ms to the first of 5 tokens, then 4 × 10 ms. Lower bounds only, with the few milliseconds a
    // timer may fire early against another clock: this checks the pacing is applied, not how fast we are.
    expect(took).toBeGreaterThanOrEqual(110);
    expect(sim.requests[0]!.first_token_ms).toBeGreaterThanOrEqual(75);
    sim.options.ttftMs = 0;
    sim.options.tokensPerSecond = 0;
  });
});
