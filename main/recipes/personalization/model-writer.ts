import { draftCostCeilingMicros, writeDraft, type Ai, type AiSettings, type CachedDraft, type DraftResult } from '../../ai';
import { DraftCacheTable } from '../../store/draft-cache';
import { HunterError } from '../../core/errors';
import { stepUsageSink } from '../../engine/usage-sink';
import type { MessageWriter } from './index';

/**
 * The model-backed writer: Groq's fast draft and Claude's refinement (or whichever is configured), with
 * the offline composer as the labelled fallback, and the draft cache in front of any paid call.
 */
export function modelWriter(ai: Ai, settings: AiSettings): MessageWriter {
  return {
    maxMicros: draftCostCeilingMicros(settings),
    // Retries and fallbacks over both providers, each model in its list.
    maxApiCalls: settings.retry.maxAttempts * (settings.models.draft.length + settings.models.refine.length + 2),
    async write(ctx, rt, hooks) {
      const usage = stepUsageSink(rt);
      const cache = hooks?.fresh ? undefined : new DraftCacheTable<CachedDraft>(rt.store.db, rt.store.workspaceId);
      let result: DraftResult | null = null;
      try {
        for await (const e of writeDraft(ctx, ai, { sink: usage.sink, chargeKey: rt.chargeKey, signal: rt.signal, cache, isEditedByRep: hooks?.isEditedByRep })) {
          if (e.type === 'done') result = e.result;
          else hooks?.onEvent?.(e);
        }
      } catch (err) {
        // What the attempts spent stays with the step, even when it fails.
        throw Object.assign(err as object, { charges: usage.charges });
      }
      if (!result) throw Object.assign(new HunterError('CANCELLED', 'The draft was stopped.'), { charges: usage.charges });
      return {
        subject: result.draft_subject,
        body: result.draft_text,
        model_used: result.model_used,
        refined: result.refined_text ? { subject: result.refined_subject ?? result.subject, body: result.refined_text, model_used: result.refine_model ?? 'unknown' } : null,
        facts_used: [],
        metrics: { ...result.metrics, fallback_used: result.fallback_used, cached: result.cached, errors: result.errors, facts_withheld: result.facts_withheld, contacts_removed: result.contacts_removed },
        charges: usage.charges,
        api_calls: usage.calls(),
        auth_failed: result.failures.find((f) => f.code === 'AUTHENTICATION_FAILED')?.provider ?? null,
      };
    },
  };
}
