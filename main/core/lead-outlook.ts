import { CALIBRATION_TOLERANCE, certainlyOut, enrichmentFloor, scoreHeuristic, type ScoredFact, type ScoredLead, type ScoringAgent } from './scoring';
import { GOLD_THRESHOLD } from './tiers';

/**
 * What a lead can come to before its website is read, from the same rules a run applies: left out by
 * discovery (certainly out, or not able to reach the threshold even at its best), at most silver (basic
 * enrichment and a message, no premium pass), or possibly gold (premium enrichment too). The estimate
 * charges each lead at the most its outlook allows, so it is an upper bound without assuming every lead
 * becomes gold.
 */
export type LeadOutlook = 'left_out' | 'at_most_silver' | 'may_be_gold';

export function outlookOf(lead: ScoredLead, facts: readonly ScoredFact[], agent: ScoringAgent): LeadOutlook {
  if (certainlyOut(lead, facts, agent)) return 'left_out';
  const best = scoreHeuristic(lead, facts, agent).potential;
  if (best < enrichmentFloor(agent.threshold)) return 'left_out';
  // A model judges within the calibration tolerance of the heuristic, so it may call gold a little below.
  return best >= GOLD_THRESHOLD - CALIBRATION_TOLERANCE ? 'may_be_gold' : 'at_most_silver';
}
