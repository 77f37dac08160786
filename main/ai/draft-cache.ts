import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/json';
import type { DraftContext } from './offline-composer';
import { prepareFacts } from './prompt-data';
import { PROMPT_VERSION } from './prompts';
import type { AiSettings, ProviderName } from './settings';

/** What a cache hit gives back: the model's texts, never the costs or timings of the call that made them. */
export interface CachedDraft {
  draft_subject: string;
  draft_text: string;
  refined_subject: string | null;
  refined_text: string | null;
  model_used: string;
  draft_provider: ProviderName | 'offline';
  refine_model: string | null;
  fallback_used: boolean;
  facts_withheld: number;
  contacts_removed: string[];
  /** Sentences taken out because the check found an untrue claim in them. */
  claims_removed?: string[] | undefined;
  /** The claims each model said it made, with their fact ids (F1…), for the check on a cache hit. */
  draft_claims?: Array<{ text: string; fact_id: string | null }> | undefined;
  refined_claims?: Array<{ text: string; fact_id: string | null }> | null | undefined;
  refine_decision?: 'keep' | 'rewrite' | null | undefined;
  angle?: string | undefined;
  fact_ids_used?: string[] | undefined;
}

/**
 * The key covers everything that shapes a message: the lead's fields and facts, how the agent writes,
 * who signs, which providers and models would write it, and the prompt version. The same inputs give
 * the cached draft instead of a new paid call; any change gives a new one.
 */
export function draftCacheKey(ctx: DraftContext, settings: AiSettings): string {
  const { lead, agent, sender } = ctx;
  const { used } = prepareFacts(ctx.facts);
  const facts = used
    .map((f) => canonicalJson({ kind: f.kind, value: f.value, detail: f.detail ?? null, source_url: f.source_url ?? null }))
    .sort();
  const material = {
    v: PROMPT_VERSION,
    lead: {
      name: lead.name, first_name: lead.first_name, last_name: lead.last_name, title: lead.title, category: lead.category,
      city: lead.city, country: lead.country, address: lead.address, website: lead.website, email: lead.email, phone: lead.phone,
      rating: lead.rating, review_count: lead.review_count, linkedin: lead.linkedin,
    },
    facts,
    agent: { tone: agent.tone, value_proposition: agent.value_proposition, max_length: agent.max_length, call_to_action: agent.call_to_action ?? null },
    sender: { name: sender.name, company: sender.company ?? null, signature: !!sender.signature?.trim() },
    language: agent.language ?? null,
    providers: { groq: settings.groq !== null, anthropic: settings.anthropic !== null },
    models: { draft: settings.models.draft, refine: settings.models.refine, fastAnthropic: settings.models.fastAnthropic },
    generation: settings.generation,
    // The rep's voice shapes the prompt and the frame: a new edit of theirs is a new draft, not a cached one.
    voice: ctx.voice ? { language: ctx.voice.language, greeting: ctx.voice.greeting, closing: ctx.voice.closing, removed: ctx.voice.removed, examples: ctx.voice.examples } : null,
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** Where cached drafts are kept (the store's draft cache of one workspace). */
export interface DraftCache {
  /** The cached draft, or null; an entry older than `maxAgeMs` (when given) counts as missing. */
  get(key: string, maxAgeMs?: number): CachedDraft | null;
  put(key: string, value: CachedDraft): void;
}
