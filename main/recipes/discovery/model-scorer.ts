import { jsonCostCeilingMicros, scoreLeadWithModel, type Ai, type AiSettings } from '../../ai';
import { toHunterError } from '../../core/errors';
import { scoreHeuristic } from '../../core/scoring';
import { stepUsageSink } from '../../engine/usage-sink';
import { heuristicScorer, type LeadScorer } from '../handoff';

/** The most provider calls one JSON question may make: every attempt of every fast model, and a correction each. */
function jsonCallsCeiling(s: AiSettings): number {
  const per = (models: readonly string[]) => 2 * s.retry.maxAttempts * models.length;
  return (s.groq ? per(s.models.fast) : 0) + (s.anthropic ? per(s.models.fastAnthropic) : 0);
}

/**
 * Scores with the fast model (JSON, validated, repaired once); when the model cannot give a valid
 * answer the heuristic scorer decides, on the same scale, and the lead records which one did. Either
 * way the heuristic's signal table goes with the score, so the rep sees what the facts were.
 */
export function modelScorer(ai: Ai, settings: AiSettings): LeadScorer & { maxMicros: number } {
  return {
    maxMicros: jsonCostCeilingMicros(settings) + 1_000,
    maxApiCalls: jsonCallsCeiling(settings),
    async score(lead, facts, agent, rt) {
      const usage = stepUsageSink(rt);
      try {
        const s = await scoreLeadWithModel({ lead, facts, agent }, ai, usage.sink, { chargeKey: rt.chargeKey, signal: rt.signal });
        const h = scoreHeuristic(lead, facts, agent);
        return {
          lead_score: s.lead_score, score_breakdown: s.score_breakdown, scored_by: s.scored_by,
          reasons: [...s.reasons, `the heuristic, on the same facts: ${h.lead_score.toFixed(2)}`],
          signals: h.signals, potential: h.potential, heuristic_score: h.lead_score,
          cost_micros: 0, api_calls: usage.calls(), charges: usage.charges,
        };
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
