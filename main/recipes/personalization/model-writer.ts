import { draftCostCeilingMicros, DraftCache, writeDraftToEnd, type Ai, type AiSettings, type UsageSink } from '../../ai';
import { HunterError } from '../../core/errors';
import type { StepCharge, StepRuntime } from '../../engine/types';
import type { MessageWriter } from './index';

/**
 * Collects what provider attempts cost, as charges of the step: they are written to the ledger in the
 * same transaction that records the step, one per attempt key.
 */
export function stepUsageSink(rt: Pick<StepRuntime, 'chargeKey'>): { sink: UsageSink; charges: StepCharge[]; calls: () => number } {
  const charges: StepCharge[] = [];
  let calls = 0;
  const sink: UsageSink = {
    charge(attemptKey, u) {
      const key = attemptKey.startsWith(rt.chargeKey) ? `${u.provider}${attemptKey.slice(rt.chargeKey.length)}` : attemptKey;
      charges.push({ key, micros: u.cost_micros, description: `${u.provider} ${u.model}: ${u.input_tokens} tokens in, ${u.output_tokens} out` });
    },
    apiCall() {
      calls++;
    },
  };
  return { sink, charges, calls: () => calls };
}

/**
 * The model-backed writer: Groq's fast draft and Claude's refinement (or whichever is configured), with
 * the offline composer as the labelled fallback, and the draft cache in front of any paid call.
 */
export function modelWriter(ai: Ai, settings: AiSettings): MessageWriter {
  return {
    maxMicros: draftCostCeilingMicros(settings),
    // Retries and fallbacks over both providers, each model in its list.
    maxApiCalls: settings.retry.maxAttempts * (settings.models.draft.length + settings.models.refine.length + 2),
    async write(ctx, rt) {
      const usage = stepUsageSink(rt);
      const cache = new DraftCache(rt.store.db, rt.store.workspaceId);
      let result;
      try {
        ({ result } = await writeDraftToEnd(ctx, ai, { sink: usage.sink, chargeKey: rt.chargeKey, signal: rt.signal, cache }));
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
      };
    },
  };
}
