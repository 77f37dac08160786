import { createHash } from 'node:crypto';
import type { Ai } from './layer';
import { DEFAULT_MODELS, settingsFromEnv, type AiSettings } from './settings';

/** The models the rep chose in Settings (stored per workspace; never a key). */
export interface ModelChoice {
  draft_models: string[];
  refine_model: string;
}

export const MODELS_SETTING = 'ai_models';

export function modelChoice(settings: { get<T>(key: string): T | null }, env: NodeJS.ProcessEnv = {}): ModelChoice {
  const saved = settings.get<Partial<ModelChoice>>(MODELS_SETTING) ?? {};
  const envDraft = env.HUNTER_DRAFT_MODELS?.split(',').map((m) => m.trim()).filter(Boolean);
  return {
    draft_models: saved.draft_models && saved.draft_models.length > 0 ? saved.draft_models : envDraft?.length ? envDraft : DEFAULT_MODELS.draft,
    refine_model: saved.refine_model || env.HUNTER_REFINE_MODEL?.split(',')[0]?.trim() || DEFAULT_MODELS.refine[0]!,
  };
}

/** Where keys come from: the OS keychain in the app, the environment in the CLI. */
export interface KeySource {
  get(name: 'groq' | 'anthropic' | 'hunter_io'): string | null;
}

/**
 * The model layer as the rep configured it: keys from the key source (else the environment), models
 * from the workspace's choice. One Ai per configuration, kept while it holds, so circuit breakers live
 * across runs and rewrites; a new key or model choice gives a new one.
 */
export class ConfiguredAi {
  private cached: { signature: string; ai: Ai; settings: AiSettings } | null = null;
  private keys: KeySource | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  useKeys(keys: KeySource): void {
    this.keys = keys;
    this.cached = null;
  }

  keyFor(name: 'groq' | 'anthropic' | 'hunter_io'): string | null {
    const stored = this.keys?.get(name);
    if (stored) return stored;
    const fromEnv = { groq: this.env.GROQ_API_KEY, anthropic: this.env.ANTHROPIC_API_KEY, hunter_io: this.env.HUNTER_IO_API_KEY }[name];
    return fromEnv?.trim() ? fromEnv.trim() : null;
  }

  /**
   * The model layer for a choice of models. Async because the provider SDKs load only here, when a run or a
   * rewrite first needs them: a command that never calls a model never pays for loading them.
   */
  async for(choice: ModelChoice): Promise<{ ai: Ai; settings: AiSettings; configured: boolean }> {
    const groq = this.keyFor('groq');
    const anthropic = this.keyFor('anthropic');
    const refine = [choice.refine_model, ...DEFAULT_MODELS.refine.filter((m) => m !== choice.refine_model)];
    const effective: NodeJS.ProcessEnv = {
      ...this.env,
      GROQ_API_KEY: groq ?? '',
      ANTHROPIC_API_KEY: anthropic ?? '',
      HUNTER_DRAFT_MODELS: choice.draft_models.join(','),
      HUNTER_REFINE_MODEL: refine.join(','),
    };
    // Compared by digest so the cache key holds no key.
    const signature = createHash('sha256')
      .update(JSON.stringify([groq, anthropic, choice, this.env.GROQ_BASE_URL, this.env.ANTHROPIC_BASE_URL]))
      .digest('hex');
    if (this.cached?.signature !== signature) {
      const settings = settingsFromEnv(effective);
      const { createAi } = await import('./layer');
      this.cached = { signature, ai: createAi(settings), settings };
    }
    return { ai: this.cached.ai, settings: this.cached.settings, configured: !!groq || !!anthropic };
  }
}
