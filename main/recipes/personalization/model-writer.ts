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
        // Only someone watching needs the text as it comes; a run's step asks for whole, schema-constrained answers.
        const stream = !!hooks?.onEvent;
        for await (const e of writeDraft(ctx, ai, { sink: usage.sink, chargeKey: rt.chargeKey, signal: rt.signal, cache, isEditedByRep: hooks?.isEditedByRep, stream })) {
          if (e.type === 'done') result = e.result;
          else hooks?.onEvent?.(e);
        }
      } catch (err) {
        // What the attempts spent stays with the step, even when it fails.
        throw Object.assign(err as object, { charges: usage.charges });
      }
      if (!result) throw Object.assign(new HunterError('CANCELLED', 'The draft was stopped.'), { charges: usage.charges });
      // The refinement is the version shown only when it scored at least as well as the draft; a worse one is set aside.
      const refinement = result.refined_text !== null ? { subject: result.refined_subject ?? result.subject, body: result.refined_text, model_used: result.refine_model ?? 'unknown' } : null;
      const better = refinement !== null && (result.refined_score ?? 0) >= result.draft_score;
      const used = ctx.facts.filter((f) => result!.fact_ids_used.includes(f.id));
      return {
        subject: result.draft_subject,
        body: result.draft_text,
        model_used: result.model_used,
        refined: better ? refinement : null,
        set_aside: refinement && !better ? { ...refinement, score: result.refined_score ?? 0 } : null,
        facts_used: [ctx.lead.name, ...used.map((f) => (typeof f.detail?.title === 'string' ? f.detail.title : f.value))],
        fact_ids_used: result.fact_ids_used,
        declared_claims: result.declared_claims,
        angle: result.angle,
        metrics: {
          ...result.metrics, fallback_used: result.fallback_used, cached: result.cached, errors: result.errors, facts_withheld: result.facts_withheld,
          contacts_removed: result.contacts_removed, claims_removed: result.claims_removed, refine_decision: result.refine_decision,
          draft_score: result.draft_score, refined_score: result.refined_score, rejected: result.rejected,
        },
        charges: usage.charges,
        api_calls: usage.calls(),
        auth_failed: result.failures.find((f) => f.code === 'AUTHENTICATION_FAILED')?.provider ?? null,
      };
    },
  };
}
