import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { CallError, type CallSpec } from '../../../main/ai/layer';
import { costMicros } from '../../../main/ai/pricing';
import type { ProviderName } from '../../../main/ai/settings';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';
import { MemorySink } from '../../support/provider-sim/memory-sink';
import { ANTHROPIC_KEY, GROQ_KEY, simAi } from './fixtures';

let sim: ProviderSim;
beforeAll(async () => {
  sim = await startProviderSim({ keys: { groq: GROQ_KEY, anthropic: ANTHROPIC_KEY } });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  sim.options.ttftMs = 0;
  sim.options.tokensPerSecond = 0;
});

const MODELS: Record<ProviderName, string[]> = { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'], anthropic: ['claude-sonnet-4-6', 'claude-haiku-4-5'] };

function spec(provider: ProviderName, sink: MemorySink, over: Partial<CallSpec> = {}): CallSpec {
  return {
    provider,
    models: MODELS[provider],
    request: { system: 'Write a short note.', messages: [{ role: 'user', content: 'Bright Smile Dental in Mumbai posts about invisible aligners.' }], maxTokens: 200, temperature: 0.5 },
    stream: true,
    chargeKey: `t:${provider}`,
    sink,
    ...over,
  };
}

/** The ledger must hold exactly what the provider reported, attempt by attempt, priced by the table. */
function expectChargesMatchSim(sink: MemorySink): void {
  expect(sink.duplicateCharges).toBe(0);
  const reported = sim.reportedUsage().sort((a, b) => a.model.localeCompare(b.model));
  const charged = sink.byModel().sort((a, b) => a.model.localeCompare(b.model));
  expect(charged).toEqual(reported);
  const expectedMicros = sim.requests
    .filter((r) => r.reported)
    .reduce((n, r) => n + costMicros(r.provider, r.model, r.reported!.input_tokens, r.reported!.output_tokens), 0);
  expect(sink.totalMicros).toBe(expectedMicros);
  // Every HTTP request was counted for the quota.
  expect(sink.calls.length).toBe(sim.requests.length);
}

async function failure(p: Promise<unknown>): Promise<CallError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallError);
  return err as CallError;
}

describe.each(['groq', 'anthropic'] as const)('%s through the real SDK against the simulator', (provider) => {
  it('streams an answer, reports each piece, and charges the usage the provider reported', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    const pieces: string[] = [];
    const r = await ai.call(spec(provider, sink, { onDelta: (t) => pieces.push(t) }));
    expect(r.text.length).toBeGreaterThan(40);
    expect(pieces.join('')).toBe(r.text);
    expect(r.text).toBe(sim.requests[0]!.text_sent);
    expect(r.model).toBe(MODELS[provider][0]);
    expect(r.attempts).toBe(1);
    expect(r.ttft_ms).not.toBeNull();
    expect(r.cost_micros).toBeGreaterThan(0);
    expect([...sink.charges.keys()]).toEqual([`t:${provider}#1`]);
    expectChargesMatchSim(sink);
    expect(sim.requests[0]!.path).toBe(provider === 'groq' ? '/openai/v1/chat/completions' : '/v1/messages');
  });

  it('answers without streaming (JSON) and charges it', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    const r = await ai.call(spec(provider, sink, { stream: false, request: { system: 'Score business_maturity as JSON', messages: [{ role: 'user', content: 'x' }], json: true, maxTokens: 100, temperature: 0 } }));
    expect(JSON.parse(r.text)).toHaveProperty('business_maturity');
    if (provider === 'groq') expect(sim.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
    expectChargesMatchSim(sink);
  });

  it('retries a 429 after the retry-after the provider gave, and charges only what was reported', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'rate_limit', retryAfterMs: 120 });
    const t = performance.now();
    const r = await ai.call(spec(provider, sink));
    expect(performance.now() - t).toBeGreaterThanOrEqual(115);
    expect(r.attempts).toBe(2);
    expect(r.failures.map((f) => f.code)).toEqual(['API_RATE_LIMIT']);
    expect(sim.requests.map((q) => q.status)).toEqual([429, 200]);
    expect([...sink.charges.keys()]).toEqual([`t:${provider}#2`]);
    expectChargesMatchSim(sink);
  });

  it('does not wait out a retry-after longer than the limit: the call fails with API_RATE_LIMIT and the wait', async () => {
    const ai = simAi(sim, { retry: { maxRetryAfterMs: 1000 } });
    sim.fault(provider, { kind: 'rate_limit', retryAfterMs: 90_000 });
    const err = await failure(ai.call(spec(provider, new MemorySink())));
    expect(err.code).toBe('API_RATE_LIMIT');
    expect(err.retryAfterMs).toBe(90_000);
    expect(sim.requests).toHaveLength(1);
  });

  it('retries a 500 and gives PROVIDER_ERROR when every attempt fails', async () => {
    const ai = simAi(sim);
    sim.fault(provider, { kind: 'server_error' }, { times: 3 });
    const err = await failure(ai.call(spec(provider, new MemorySink())));
    expect(err.code).toBe('PROVIDER_ERROR');
    expect(err.spent.failures.map((f) => f.code)).toEqual(['PROVIDER_ERROR', 'PROVIDER_ERROR', 'PROVIDER_ERROR']);
    expect(sim.requests).toHaveLength(3);
  });

  it('treats an overloaded provider (Anthropic 529, Groq 503) as PROVIDER_OVERLOADED and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'overloaded' });
    const r = await ai.call(spec(provider, sink));
    expect(r.failures.map((f) => f.code)).toEqual(['PROVIDER_OVERLOADED']);
    expect(sim.requests[0]!.status).toBe(provider === 'groq' ? 503 : 529);
    expectChargesMatchSim(sink);
  });

  it('cuts a stalled stream with the idle timer (STREAM_STALLED), retries, and charges what the stalled attempt reported', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'stall', afterTokens: 3 });
    const pieces: Array<[string, boolean]> = [];
    const t = performance.now();
    const r = await ai.call(spec(provider, sink, { onDelta: (x, restart) => pieces.push([x, restart]) }));
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    expect(r.failures.map((f) => f.code)).toEqual(['STREAM_STALLED']);
    // The second attempt's first piece says "start again".
    const restartAt = pieces.findIndex(([, restart]) => restart);
    expect(restartAt).toBe(3);
    expect(pieces.slice(restartAt).map(([x]) => x).join('')).toBe(r.text);
    // Anthropic reported input tokens in message_start before stalling: that attempt is charged too.
    expect(sink.charges.size).toBe(provider === 'anthropic' ? 2 : 1);
    expectChargesMatchSim(sink);
  });

  it('reports a malformed JSON body as MALFORMED_RESPONSE and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'malformed_json' });
    const r = await ai.call(spec(provider, sink, { stream: false }));
    expect(r.failures.map((f) => f.code)).toEqual(['MALFORMED_RESPONSE']);
    expectChargesMatchSim(sink);
  });

  it('reports a malformed SSE event as MALFORMED_RESPONSE and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'malformed_json' });
    const r = await ai.call(spec(provider, sink));
    expect(r.failures.map((f) => f.code)).toEqual(['MALFORMED_RESPONSE']);
    expectChargesMatchSim(sink);
  });

  it('reports a connection cut mid-stream as CONNECTION_ERROR and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault(provider, { kind: 'cut_off', afterTokens: 4 });
    const r = await ai.call(spec(provider, sink));
    expect(r.failures.map((f) => f.code)).toEqual(['CONNECTION_ERROR']);
    expect(r.text).toBe(sim.requests[1]!.text_sent);
    expectChargesMatchSim(sink);
  });

  it('moves a decommissioned model to the next in the list, without retrying it', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.rule(provider, MODELS[provider][0]!, { kind: 'decommissioned' });
    const r = await ai.call(spec(provider, sink));
    expect(r.model).toBe(MODELS[provider][1]);
    expect(r.model_fallback).toBe(true);
    expect(r.failures.map((f) => [f.code, f.model])).toEqual([['MODEL_DECOMMISSIONED', MODELS[provider][0]]]);
    expect(sim.requests.map((q) => q.model)).toEqual(MODELS[provider]);
    expectChargesMatchSim(sink);
  });

  it('fails with MODEL_DECOMMISSIONED when every model in the list is retired', async () => {
    const ai = simAi(sim);
    for (const m of MODELS[provider]) sim.rule(provider, m, { kind: 'decommissioned' });
    const err = await failure(ai.call(spec(provider, new MemorySink())));
    expect(err.code).toBe('MODEL_DECOMMISSIONED');
    expect(err.retryable).toBe(false);
    expect(sim.requests).toHaveLength(2);
  });

  it('never retries a spend limit', async () => {
    const ai = simAi(sim);
    sim.fault(provider, { kind: 'spend_limit' });
    const err = await failure(ai.call(spec(provider, new MemorySink())));
    expect(err.code).toBe('SPEND_LIMIT');
    expect(err.retryable).toBe(false);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]!.status).toBe(provider === 'groq' ? 400 : 429);
  });

  it('reports a wrong key as AUTHENTICATION_FAILED, not retried, without the key in any message', async () => {
    const ai = simAi(sim);
    sim.options.keys = { groq: 'gsk_someOTHERkey', anthropic: 'sk-ant-someOTHERkey' };
    try {
      const err = await failure(ai.call(spec(provider, new MemorySink())));
      expect(err.code).toBe('AUTHENTICATION_FAILED');
      expect(sim.requests).toHaveLength(1);
      // The key did go out (the simulator saw it) but comes back nowhere.
      expect(JSON.stringify(sim.requests[0]!.headers)).toContain(provider === 'groq' ? GROQ_KEY : ANTHROPIC_KEY);
      for (const text of [err.message, String(err.cause), inspect(err, { depth: 10 }), JSON.stringify(err), err.stack ?? '']) {
        expect(text).not.toContain(GROQ_KEY);
        expect(text).not.toContain(ANTHROPIC_KEY);
      }
    } finally {
      sim.options.keys = { groq: GROQ_KEY, anthropic: ANTHROPIC_KEY };
    }
  });

  it('stops at once when the rep cancels, and does not retry', async () => {
    const ai = simAi(sim);
    sim.options.tokensPerSecond = 50;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 80);
    const err = await failure(ai.call(spec(provider, new MemorySink(), { signal: ac.signal })));
    expect(err.code).toBe('CANCELLED');
    expect(sim.requests).toHaveLength(1);
    expect(ai.breakers[provider].state).toBe('closed');
  });

  it('times out when no headers come within the timeout (TIMEOUT) and retries', async () => {
    const ai = simAi(sim, { retry: { maxAttempts: 2 }, timeoutMs: 250 });
    sim.options.ttftMs = 600;
    const err = await failure(ai.call(spec(provider, new MemorySink(), { stream: false })));
    expect(err.code).toBe('TIMEOUT');
    expect(sim.requests).toHaveLength(2);
  });
});

describe('Anthropic specifics', () => {
  it('turns an overloaded_error event after a 200 into PROVIDER_OVERLOADED, charges the cut attempt, and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault('anthropic', { kind: 'overloaded_mid_stream', afterTokens: 5 });
    const r = await ai.call(spec('anthropic', sink));
    expect(sim.requests[0]!.status).toBe(200);
    expect(r.failures.map((f) => f.code)).toEqual(['PROVIDER_OVERLOADED']);
    expect(sink.charges.size).toBe(2);
    expectChargesMatchSim(sink);
  });

  it('reads a low credit balance (400) as SPEND_LIMIT', async () => {
    const ai = simAi(sim);
    sim.fault('anthropic', { kind: 'spend_limit', variant: 'billing' });
    const err = await failure(ai.call(spec('anthropic', new MemorySink())));
    expect(err.code).toBe('SPEND_LIMIT');
    expect(sim.requests).toHaveLength(1);
  });

  it('sends max_tokens, the system prompt and the API version the Messages API requires', async () => {
    const ai = simAi(sim);
    await ai.call(spec('anthropic', new MemorySink()));
    const q = sim.requests[0]!;
    expect(q.body.max_tokens).toBe(200);
    expect(q.body.system).toBe('Write a short note.');
    expect(q.headers['anthropic-version']).toBeTruthy();
  });
});

describe('Groq specifics', () => {
  it('sends the system prompt as a system message and max_completion_tokens; asks gpt-oss for low reasoning effort', async () => {
    const ai = simAi(sim);
    await ai.call(spec('groq', new MemorySink()));
    const b = sim.requests[0]!.body as { messages: Array<{ role: string }>; max_completion_tokens: number; reasoning_effort: string; include_reasoning: boolean };
    expect(b.messages[0]!.role).toBe('system');
    expect(b.max_completion_tokens).toBe(200);
    expect(b.reasoning_effort).toBe('low');
    expect(b.include_reasoning).toBe(false);
  });

  it('turns a mid-stream error chunk into PROVIDER_ERROR and retries', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    sim.fault('groq', { kind: 'overloaded_mid_stream', afterTokens: 2 });
    const r = await ai.call(spec('groq', sink));
    expect(r.failures.map((f) => f.code)).toEqual(['PROVIDER_ERROR']);
    expectChargesMatchSim(sink);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures, refuses calls without a request, and lets one trial through after the cooldown', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const ai = simAi(sim, { retry: { maxAttempts: 1 }, breaker: { failureThreshold: 2, cooldownMs: 30_000 } }, { clock });
    sim.fault('groq', { kind: 'server_error' }, { times: 2 });
    for (let i = 0; i < 2; i++) expect((await failure(ai.call(spec('groq', new MemorySink())))).code).toBe('PROVIDER_ERROR');
    expect(ai.breakers.groq.state).toBe('open');

    const before = sim.requests.length;
    const open = await failure(ai.call(spec('groq', new MemorySink())));
    expect(open.code).toBe('CIRCUIT_OPEN');
    expect(open.retryAfterMs).toBe(30_000);
    expect(sim.requests.length).toBe(before);
    // The other provider is not affected.
    await ai.call(spec('anthropic', new MemorySink()));

    now += 30_000;
    expect(ai.breakers.groq.state).toBe('half_open');
    const r = await ai.call(spec('groq', new MemorySink()));
    expect(r.text.length).toBeGreaterThan(0);
    expect(ai.breakers.groq.state).toBe('closed');
  });

  it('reopens when the trial call fails', async () => {
    let now = 0;
    const ai = simAi(sim, { retry: { maxAttempts: 1 }, breaker: { failureThreshold: 1, cooldownMs: 30_000 } }, { clock: { now: () => now } });
    sim.fault('anthropic', { kind: 'overloaded' }, { times: 2 });
    expect((await failure(ai.call(spec('anthropic', new MemorySink())))).code).toBe('PROVIDER_OVERLOADED');
    now += 30_000;
    expect((await failure(ai.call(spec('anthropic', new MemorySink())))).code).toBe('PROVIDER_OVERLOADED');
    expect(ai.breakers.anthropic.state).toBe('open');
  });

  it('does not count a retired model or a bad key against the provider', async () => {
    const ai = simAi(sim, { retry: { maxAttempts: 1 }, breaker: { failureThreshold: 1, cooldownMs: 30_000 } });
    sim.rule('groq', 'openai/gpt-oss-20b', { kind: 'decommissioned' });
    await ai.call(spec('groq', new MemorySink()));
    sim.fault('groq', { kind: 'spend_limit' });
    await failure(ai.call(spec('groq', new MemorySink())));
    expect(ai.breakers.groq.state).toBe('closed');
  });
});

describe('keys', () => {
  it('never shows a key in the layer, its settings or its results', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    const r = await ai.call(spec('groq', sink));
    for (const text of [JSON.stringify(ai), inspect(ai, { depth: 10, showHidden: true }), JSON.stringify(ai.settings), inspect(ai.settings, { depth: 10 }), JSON.stringify(r), JSON.stringify([...sink.charges])]) {
      expect(text).not.toContain(GROQ_KEY);
      expect(text).not.toContain(ANTHROPIC_KEY);
    }
    expect(ai.settings.groq!.apiKey.reveal()).toBe(GROQ_KEY);
  });

  it('a HunterError made from a provider message that echoes a key carries it redacted', async () => {
    const { toProviderError } = await import('../../../main/ai/providers/errors');
    const ai = simAi(sim);
    const fake = Object.assign(new Error('x'), { name: 'BadRequestError', status: 400, error: { error: { message: `bad header Authorization: Bearer ${GROQ_KEY}`, type: 'invalid_request_error' } } });
    const h = toProviderError(fake, { provider: 'groq', model: 'm', keys: [ai.settings.groq!.apiKey] });
    expect(h).toBeInstanceOf(HunterError);
    expect(h.message).not.toContain(GROQ_KEY);
    expect(h.message).toContain('[redacted]');
    expect(String(h.cause)).not.toContain(GROQ_KEY);
  });
});
