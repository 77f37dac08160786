import { HunterError } from '../core/errors';
import { Secret } from './secret';

export type ProviderName = 'groq' | 'anthropic';

/** One provider account: where to reach it and how long to wait. */
export interface ProviderSettings {
  apiKey: Secret;
  /** A proxy or a compatible local server; undefined means the provider's own address. */
  baseURL: string | undefined;
  /** How long to wait for the response headers of one attempt. */
  timeoutMs: number;
  /** The longest silence allowed inside a stream (the SDK's own timeout stops at the headers). */
  idleTimeoutMs: number;
}

export interface GenerationSettings {
  draftMaxTokens: number;
  refineMaxTokens: number;
  jsonMaxTokens: number;
  /** null: the provider's default (some newer Claude models refuse a non-default temperature). */
  draftTemperature: number | null;
  refineTemperature: number | null;
  jsonTemperature: number | null;
}

export interface RetrySettings {
  /** Attempts per model, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry-after longer than this is not waited for: the call fails and the engine decides. */
  maxRetryAfterMs: number;
}

export interface BreakerSettings {
  /** Consecutive provider failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  cooldownMs: number;
}

export interface AiSettings {
  groq: ProviderSettings | null;
  anthropic: ProviderSettings | null;
  models: {
    /** Groq models for the fast first draft, in order; a decommissioned one moves to the next. */
    draft: string[];
    /** Claude models for the refinement, in order. */
    refine: string[];
    /** Groq models for scoring and routing (JSON answers). */
    fast: string[];
    /** Claude models for scoring, routing and drafting when Groq is not configured. */
    fastAnthropic: string[];
  };
  generation: GenerationSettings;
  retry: RetrySettings;
  breaker: BreakerSettings;
}

export const DEFAULT_MODELS: AiSettings['models'] = {
  // llama-3.1-8b-instant (the seed's model) was deprecated in 2026; gpt-oss-20b is Groq's cheapest current one.
  draft: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'],
  refine: ['claude-sonnet-4-6', 'claude-haiku-4-5'],
  fast: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'],
  fastAnthropic: ['claude-haiku-4-5'],
};

export const DEFAULT_GENERATION: GenerationSettings = {
  draftMaxTokens: 700,
  refineMaxTokens: 600,
  jsonMaxTokens: 600,
  draftTemperature: 0.7,
  refineTemperature: null,
  jsonTemperature: 0,
};

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };
export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, cooldownMs: 30_000 };

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 15_000;

export interface ProviderInput {
  apiKey: string | Secret;
  baseURL?: string | undefined;
  timeoutMs?: number | undefined;
  idleTimeoutMs?: number | undefined;
}

export interface AiSettingsInput {
  groq?: ProviderInput | null | undefined;
  anthropic?: ProviderInput | null | undefined;
  models?: Partial<AiSettings['models']> | undefined;
  generation?: Partial<GenerationSettings> | undefined;
  retry?: Partial<RetrySettings> | undefined;
  breaker?: Partial<BreakerSettings> | undefined;
}

/** Fills in defaults and checks what a rep or a config file gave. Keys become Secrets at once. */
export function aiSettings(input: AiSettingsInput = {}): AiSettings {
  const models = { ...DEFAULT_MODELS, ...stripUndefined(input.models ?? {}) };
  for (const [name, list] of Object.entries(models)) {
    if (!Array.isArray(list) || list.length === 0 || list.some((m) => typeof m !== 'string' || !m.trim())) {
      throw new HunterError('INVALID_INPUT', `AI settings: models.${name} must list at least one model name`);
    }
  }
  return {
    groq: provider('groq', input.groq),
    anthropic: provider('anthropic', input.anthropic),
    models,
    generation: { ...DEFAULT_GENERATION, ...stripUndefined(input.generation ?? {}) },
    retry: { ...DEFAULT_RETRY, ...stripUndefined(input.retry ?? {}) },
    breaker: { ...DEFAULT_BREAKER, ...stripUndefined(input.breaker ?? {}) },
  };
}

function provider(name: ProviderName, p: ProviderInput | null | undefined): ProviderSettings | null {
  if (!p) return null;
  const key = p.apiKey instanceof Secret ? p.apiKey : new Secret(String(p.apiKey ?? ''));
  if (!key.reveal().trim()) return null;
  if (p.baseURL !== undefined && p.baseURL !== '') {
    let url: URL;
    try {
      url = new URL(p.baseURL);
    } catch {
      throw new HunterError('INVALID_INPUT', `AI settings: the ${name} base URL is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HunterError('INVALID_INPUT', `AI settings: the ${name} base URL must start with http:// or https://`);
    }
  }
  return {
    apiKey: key,
    baseURL: p.baseURL ? p.baseURL.replace(/\/+$/, '') : undefined,
    timeoutMs: positive(p.timeoutMs, DEFAULT_TIMEOUT_MS),
    idleTimeoutMs: positive(p.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS),
  };
}

/**
 * The CLI's settings: keys and addresses from the environment. Reads GROQ_API_KEY, ANTHROPIC_API_KEY,
 * GROQ_BASE_URL, ANTHROPIC_BASE_URL, HUNTER_DRAFT_MODELS, HUNTER_REFINE_MODEL (one or a comma list),
 * HUNTER_FAST_MODELS, HUNTER_AI_TIMEOUT_MS, HUNTER_AI_IDLE_TIMEOUT_MS, HUNTER_DRAFT_MAX_TOKENS,
 * HUNTER_REFINE_MAX_TOKENS, HUNTER_DRAFT_TEMPERATURE.
 */
export function settingsFromEnv(env: Record<string, string | undefined> = process.env): AiSettings {
  const timeoutMs = int(env, 'HUNTER_AI_TIMEOUT_MS');
  const idleTimeoutMs = int(env, 'HUNTER_AI_IDLE_TIMEOUT_MS');
  const groqKey = env.GROQ_API_KEY?.trim();
  const anthropicKey = env.ANTHROPIC_API_KEY?.trim();
  return aiSettings({
    groq: groqKey ? { apiKey: new Secret(groqKey), baseURL: env.GROQ_BASE_URL?.trim() || undefined, timeoutMs, idleTimeoutMs } : null,
    anthropic: anthropicKey
      ? { apiKey: new Secret(anthropicKey), baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined, timeoutMs, idleTimeoutMs }
      : null,
    models: {
      draft: list(env.HUNTER_DRAFT_MODELS),
      refine: list(env.HUNTER_REFINE_MODEL ?? env.HUNTER_REFINE_MODELS),
      fast: list(env.HUNTER_FAST_MODELS),
    },
    generation: {
      draftMaxTokens: int(env, 'HUNTER_DRAFT_MAX_TOKENS'),
      refineMaxTokens: int(env, 'HUNTER_REFINE_MAX_TOKENS'),
      draftTemperature: num(env, 'HUNTER_DRAFT_TEMPERATURE'),
    },
  });
}

/** What may be shown or stored about the settings: never a key. */
export function describeSettings(s: AiSettings): Record<string, unknown> {
  const p = (x: ProviderSettings | null) =>
    x ? { configured: true, base_url: x.baseURL ?? 'default', timeout_ms: x.timeoutMs, idle_timeout_ms: x.idleTimeoutMs } : { configured: false };
  return { groq: p(s.groq), anthropic: p(s.anthropic), models: s.models, generation: s.generation };
}

function list(v: string | undefined): string[] | undefined {
  const items = v?.split(',').map((x) => x.trim()).filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function int(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new HunterError('INVALID_INPUT', `${name} must be a positive whole number`);
  return n;
}

function num(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 2) throw new HunterError('INVALID_INPUT', `${name} must be a number from 0 to 2`);
  return n;
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
