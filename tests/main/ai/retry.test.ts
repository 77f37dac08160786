import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryDelay } from '../../../main/ai/retry';
import { DEFAULT_RETRY, type RetrySettings } from '../../../main/ai/settings';
import { parseRetryPolicy } from '../../../main/core/agent-config';
import { HunterError } from '../../../main/core/errors';
import { DEFAULT_MAX_RETRY_AFTER_MS } from '../../../main/core/pacing';
import { withRetry } from '../../../main/engine/retry';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';
import { MemorySink } from '../../support/provider-sim/memory-sink';
import { ANTHROPIC_KEY, GROQ_KEY, simAi } from './fixtures';

const rateLimited = (retryAfterMs?: number) => new HunterError('API_RATE_LIMIT', '429', retryAfterMs === undefined ? {} : { retryAfterMs });

/** The wait the engine's withRetry chose before its second attempt, with the clock and dice given. */
async function engineWait(err: HunterError, random: () => number, maxRetryAfterMs?: number): Promise<number | null> {
  const policy = parseRetryPolicy({ max_attempts: 3, backoff_base_ms: DEFAULT_RETRY.baseDelayMs, backoff_max_ms: DEFAULT_RETRY.maxDelayMs });
  const waits: number[] = [];
  let calls = 0;
  const done = await withRetry(
    async () => {
      if (++calls === 1) throw err;
      return 'ok';
    },
    policy,
    { random, sleep: async (ms) => void waits.push(ms), ...(maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs }) },
  ).then(
    () => true,
    () => false,
  );
  return done ? waits[0]! : null;
}

describe('one backoff rule for the engine and the provider layer', () => {
  const settings: RetrySettings = { ...DEFAULT_RETRY };

  it('waits the same before a retry in both, with or without a retry-after', async () => {
    for (const [retryAfterMs, random] of [[undefined, 0], [undefined, 1], [undefined, 0.37], [250, 0.5], [2000, 0.1], [45_000, 0.9]] as const) {
      const dice = () => random;
      const ai = retryDelay(rateLimited(retryAfterMs), 1, settings, dice);
      expect(ai, `retry-after ${retryAfterMs}`).not.toBeNull();
      expect(await engineWait(rateLimited(retryAfterMs), dice)).toBe(ai);
    }
  });

  it('waits at least the retry-after in both, and gives up at once on one longer than the cap', async () => {
    expect(retryDelay(rateLimited(7000), 1, settings, () => 0)).toBe(7000);
    expect(await engineWait(rateLimited(7000), () => 0)).toBe(7000);
    expect(settings.maxRetryAfterMs).toBe(DEFAULT_MAX_RETRY_AFTER_MS);
    expect(retryDelay(rateLimited(DEFAULT_MAX_RETRY_AFTER_MS + 1000), 1, settings)).toBeNull();
    expect(await engineWait(rateLimited(DEFAULT_MAX_RETRY_AFTER_MS + 1000), Math.random)).toBeNull();
    // The cap is a setting in both.
    expect(retryDelay(rateLimited(5000), 1, { ...settings, maxRetryAfterMs: 1000 })).toBeNull();
    expect(await engineWait(rateLimited(5000), Math.random, 1000)).toBeNull();
  });

  it('in the engine, a retry-after past the cap ends the step with that error, still retryable, after one attempt', async () => {
    const policy = parseRetryPolicy({});
    const slept: number[] = [];
    const err = await withRetry(async () => Promise.reject(rateLimited(3_600_000)), policy, { sleep: async (ms) => void slept.push(ms) }).catch((e: unknown) => e as HunterError & { attempts?: number });
    expect(err).toMatchObject({ code: 'API_RATE_LIMIT', retryable: true, retryAfterMs: 3_600_000, attempts: 1 });
    expect(slept).toEqual([]);
  });

  it('keeps the provider layer\'s own refusals: not retryable, or out of attempts', () => {
    expect(retryDelay(new HunterError('AUTHENTICATION_FAILED', 'bad key'), 1, settings)).toBeNull();
    expect(retryDelay(rateLimited(10), settings.maxAttempts, settings)).toBeNull();
    expect(retryDelay(new HunterError('PROVIDER_ERROR', '500'), 2, settings, () => 1)).toBe(2000);
  });
});

describe('the provider layer waits through the clock it is given', () => {
  let sim: ProviderSim;
  beforeAll(async () => {
    sim = await startProviderSim({ keys: { groq: GROQ_KEY, anthropic: ANTHROPIC_KEY } });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('sleeps the 429\'s retry-after before the second attempt, without waiting it out in real time', async () => {
    const slept: number[] = [];
    const ai = simAi(sim, { retry: { maxRetryAfterMs: 60_000 } }, { sleep: async (ms) => void slept.push(ms) });
    sim.fault('groq', { kind: 'rate_limit', retryAfterMs: 30_000 });
    const r = await ai.call({
      provider: 'groq', models: ['openai/gpt-oss-20b'], stream: false, chargeKey: 'retry-test', sink: new MemorySink(),
      request: { system: 'Write a short note.', messages: [{ role: 'user', content: 'Hello' }], maxTokens: 50, temperature: 0 },
    });
    expect(r.attempts).toBe(2);
    expect(slept).toEqual([30_000]);
  });
});
