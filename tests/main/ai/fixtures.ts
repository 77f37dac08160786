import type { Fact, FactInput, Lead } from '../../../main/core/domain';
import type { DraftContext } from '../../../main/ai/offline-composer';
import { createAi, type Ai, type AiDeps } from '../../../main/ai/layer';
import { aiSettings, type AiSettingsInput } from '../../../main/ai/settings';
import type { ProviderSim } from '../../support/provider-sim';

export const GROQ_KEY = 'gsk_sim-TEST-key-0123456789-abcdef';
export const ANTHROPIC_KEY = 'sk-ant-api03-sim.TEST.key.0123456789';

export function lead(over: Partial<Lead> = {}): Lead {
  return {
    id: 'lead_1',
    workspace_id: 'ws_1',
    name: 'Bright Smile Dental',
    website: 'https://brightsmile.example.com',
    phone: '+91 22 4000 1234',
    email: 'hello@brightsmile.example.com',
    city: 'Mumbai',
    category: 'Dentist',
    rating: 4.7,
    review_count: 212,
    first_name: 'Anita',
    source: 'csv',
    domain: 'brightsmile.example.com',
    sources: ['csv'],
    lead_score: 0.8,
    score_breakdown: null,
    quality_tier: 'silver',
    scored_by: 'heuristic',
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

let factSeq = 0;
export function fact(kind: FactInput['kind'], value: string, detail?: Record<string, unknown>): Fact {
  factSeq++;
  return {
    id: `fact_${factSeq}`,
    workspace_id: 'ws_1',
    lead_id: 'lead_1',
    kind,
    value,
    detail,
    source_url: 'https://brightsmile.example.com/blog',
    method: 'heading',
    confidence: 0.9,
    observed_at: '2026-11-01T00:00:00.000Z',
  };
}

export function draftContext(over: Partial<DraftContext> = {}): DraftContext {
  return {
    lead: lead(),
    facts: [
      fact('blog_post', 'Invisible aligners for adults', { title: 'Invisible aligners for adults', date: '2026-10-20' }),
      fact('tech', 'WordPress'),
      fact('phone', '+91 22 4000 1234'),
    ],
    agent: {
      tone: 'friendly',
      value_proposition: 'We fill empty chair hours for dental clinics with patients who book online.',
      max_length: 75,
      call_to_action: 'Would a 15-minute call next week be useful?',
      keywords: ['dentist'],
      location: 'Mumbai',
    },
    sender: { name: 'Sam Rivera', company: 'ChairFill' },
    ...over,
  };
}

/** An Ai pointed at the simulator, with fast retries and timers so fault tests run in milliseconds. */
export function simAi(
  sim: ProviderSim,
  input: AiSettingsInput & { only?: 'groq' | 'anthropic' | 'none'; timeoutMs?: number; idleTimeoutMs?: number } = {},
  deps: AiDeps = {},
): Ai {
  const { only, timeoutMs = 2000, idleTimeoutMs = 300, ...rest } = input;
  const groq = only === 'anthropic' || only === 'none' ? null : { apiKey: GROQ_KEY, baseURL: sim.url, timeoutMs, idleTimeoutMs };
  const anthropic = only === 'groq' || only === 'none' ? null : { apiKey: ANTHROPIC_KEY, baseURL: sim.url, timeoutMs, idleTimeoutMs };
  return createAi(
    aiSettings({
      groq,
      anthropic,
      ...rest,
      models: { draft: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'], refine: ['claude-sonnet-4-6', 'claude-haiku-4-5'], ...(rest.models ?? {}) },
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000, ...(rest.retry ?? {}) },
    }),
    deps,
  );
}
