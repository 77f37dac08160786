import { citableFacts } from './citable-facts';
import { composeOffline, type DraftContext } from './offline-composer';

export interface SecondVariant {
  subject: string;
  body: string;
  angle: string;
  fact_ids_used: string[];
  language: string;
}

/**
 * A lead's second variant (issue 16, the agent's `variants: 2`): the same offer said from another angle,
 * written by the offline composer from the facts of the angles the first message did not use. Null when
 * the lead has no other angle: two messages about the same fact are not a choice worth the rep's time.
 * One function for a run's drafts and for "Write a second variant" in review.
 */
export function secondVariant(ctx: DraftContext, firstAngle: string | null): SecondVariant | null {
  const other = new Set(citableFacts(ctx.lead, ctx.facts, ctx.agent, { now: ctx.now }).facts.filter((c) => c.angle !== firstAngle).map((c) => c.id));
  if (other.size === 0) return null;
  const m = composeOffline({ ...ctx, facts: ctx.facts.filter((f) => other.has(f.id)) });
  if (m.angle === 'none' || m.angle === firstAngle) return null;
  return { subject: m.subject, body: m.body, angle: m.angle, fact_ids_used: m.fact_ids_used, language: m.language };
}
