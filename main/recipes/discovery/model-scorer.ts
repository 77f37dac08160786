import { jsonCostCeilingMicros, scoreLeadWithModel, type Ai, type AiSettings } from '../../ai';
import { toHunterError } from '../../core/errors';
import { stepUsageSink } from '../../engine/usage-sink';
import { heuristicScorer, type LeadScorer } from './index';

/**
 * Scores with the fast model (JSON, validated, repaired once); when the model cannot give a valid
 * answer the heuristic scorer decides, and the lead records which one did.
 */
export function modelScorer(ai: Ai, settings: AiSettings): LeadScorer & { maxMicros: number } {
  return {
    maxMicros: jsonCostCeilingMicros(settings) + 1_000,
    async score(lead, facts, agent, rt) {
      const usage = stepUsageSink(rt);
      try {
        const s = await scoreLeadWithModel({ lead, facts, agent }, ai, usage.sink, { chargeKey: rt.chargeKey, signal: rt.signal });
        return { lead_score: s.lead_score, score_breakdown: s.score_breakdown, scored_by: s.scored_by, reasons: s.reasons, cost_micros: 0, api_calls: usage.calls(), charges: usage.charges };
      } catch (raw) {
        const err = toHunterError(raw);
        if (err.code === 'CANCELLED') throw raw;
        const h = await heuristicScorer.score(lead, facts, agent, rt);
        // Not a verdict: the lead is marked, the run counts these and raises an alert, and a resume asks the model again.
        return { ...h, reasons: [`the model could not score this lead (${err.code}); the heuristic scorer did`, ...h.reasons], api_calls: usage.calls(), charges: usage.charges, fallback_code: err.code };
      }
    },
  };
}
