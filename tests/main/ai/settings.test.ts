import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { costMicros, priceOf } from '../../../main/ai/pricing';
import { redactKeys, secret } from '../../../main/ai/secret';
import { aiSettings, DEFAULT_MODELS, describeSettings, settingsFromEnv } from '../../../main/ai/settings';
import prices from '../../../resources/prices.json';

const GROQ = 'gsk_env-KEY-abcdefghijklmnop';
const CLAUDE = 'sk-ant-api03-env.KEY.abcdefghij';

describe('settingsFromEnv', () => {
  it('reads keys, base URLs, models and limits from the environment', () => {
    const s = settingsFromEnv({
      GROQ_API_KEY: GROQ,
      ANTHROPIC_API_KEY: CLAUDE,
      GROQ_BASE_URL: 'http://127.0.0.1:9999/',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9998',
      HUNTER_DRAFT_MODELS: 'llama-3.3-70b-versatile, openai/gpt-oss-20b',
      HUNTER_REFINE_MODEL: 'claude-haiku-4-5',
      HUNTER_AI_TIMEOUT_MS: '5000',
      HUNTER_AI_IDLE_TIMEOUT_MS: '2500',
      HUNTER_DRAFT_MAX_TOKENS: '300',
    });
    expect(s.groq!.apiKey.reveal()).toBe(GROQ);
    expect(s.groq!.baseURL).toBe('http://127.0.0.1:9999');
    expect(s.anthropic!.baseURL).toBe('http://127.0.0.1:9998');
    expect(s.groq!.timeoutMs).toBe(5000);
    expect(s.anthropic!.idleTimeoutMs).toBe(2500);
    expect(s.models.draft).toEqual(['llama-3.3-70b-versatile', 'openai/gpt-oss-20b']);
    expect(s.models.refine).toEqual(['claude-haiku-4-5']);
    expect(s.models.fast).toEqual(DEFAULT_MODELS.fast);
    expect(s.generation.draftMaxTokens).toBe(300);
  });

  it('leaves a provider out when its key is missing or blank', () => {
    const s = settingsFromEnv({ GROQ_API_KEY: '  ', ANTHROPIC_API_KEY: undefined });
    expect(s.groq).toBeNull();
    expect(s.anthropic).toBeNull();
  });

  it('refuses a bad number or base URL with INVALID_INPUT, naming the variable', () => {
    expect(() => settingsFromEnv({ HUNTER_AI_TIMEOUT_MS: 'soon' })).toThrow(/HUNTER_AI_TIMEOUT_MS/);
    expect(() => settingsFromEnv({ GROQ_API_KEY: GROQ, GROQ_BASE_URL: 'ftp://x' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => aiSettings({ models: { draft: [] } })).toThrow(/models.draft/);
  });

  it('never shows a key when the settings are printed, logged or described', () => {
    const s = settingsFromEnv({ GROQ_API_KEY: GROQ, ANTHROPIC_API_KEY: CLAUDE });
    for (const text of [JSON.stringify(s), inspect(s, { depth: 10 }), String(s.groq!.apiKey), `${s.anthropic!.apiKey}`, JSON.stringify(describeSettings(s)), JSON.stringify({ ...s.groq })]) {
      expect(text).not.toContain(GROQ);
      expect(text).not.toContain(CLAUDE);
    }
    expect(describeSettings(s)).toMatchObject({ groq: { configured: true, base_url: 'default' } });
  });

  it('redacts keys we hold and keys of the known shapes from any text', () => {
    const k = secret('my-proxy-token-123');
    expect(redactKeys('sent my-proxy-token-123 and gsk_abcdefghijklmnop and sk-ant-xyz123456789', [k])).toBe('sent [redacted] and [redacted] and [redacted]');
  });
});

describe('price table', () => {
  it('lists the current Groq and Claude models with input and output prices, and a date', () => {
    expect(prices.checked_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const m of ['openai/gpt-oss-20b', 'llama-3.3-70b-versatile', 'meta-llama/llama-4-scout-17b-16e-instruct', 'llama-3.1-8b-instant']) {
      expect(priceOf('groq', m).known).toBe(true);
    }
    for (const m of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', ...DEFAULT_MODELS.refine]) expect(priceOf('anthropic', m).known).toBe(true);
    for (const m of [...DEFAULT_MODELS.draft, ...DEFAULT_MODELS.fast]) expect(priceOf('groq', m).known).toBe(true);
  });

  it('computes micro-credits from tokens (1 credit = 1 USD), rounding up', () => {
    // Claude Sonnet 4.5: $3 / $15 per 1M tokens → 1000 in + 100 out = $0.0045 = 4500 micros.
    expect(costMicros('anthropic', 'claude-sonnet-4-5', 1000, 100)).toBe(4500);
    // A dated model id costs what its alias costs.
    expect(costMicros('anthropic', 'claude-haiku-4-5-20251001', 1000, 0)).toBe(1000);
    // gpt-oss-20b: $0.075 in → 10 tokens = 0.75 micros, never free.
    expect(costMicros('groq', 'openai/gpt-oss-20b', 10, 0)).toBe(1);
    expect(costMicros('groq', 'openai/gpt-oss-20b', 0, 0)).toBe(0);
  });

  it('charges an unknown model at its provider’s highest listed rate', () => {
    const p = priceOf('groq', 'some/new-model');
    expect(p.known).toBe(false);
    expect(p.output).toBeGreaterThanOrEqual(Math.max(...Object.values(prices.providers.groq.models).map((m) => m.output)));
  });
});

describe('cost ceilings', () => {
  it('reserve more than a draft or a score can cost, and nothing for a provider that is not configured', async () => {
    const { draftCostCeilingMicros, jsonCostCeilingMicros } = await import('../../../main/ai/cost-ceiling');
    const both = aiSettings({ groq: { apiKey: GROQ }, anthropic: { apiKey: CLAUDE } });
    const none = aiSettings({});
    expect(draftCostCeilingMicros(none)).toBe(0);
    expect(jsonCostCeilingMicros(none)).toBe(0);
    // One full-length Claude Sonnet answer alone: 4000 × 3 + 700 × 15 micros.
    expect(draftCostCeilingMicros(both)).toBeGreaterThan(4000 * 3 + 700 * 15);
    expect(jsonCostCeilingMicros(both)).toBeGreaterThan(0);
  });
});
