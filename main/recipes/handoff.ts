import { z } from 'zod';
import type { StepRecord } from '../store/executions';
import type { WorkspaceStore } from '../store';

/**
 * What one recipe's step hands the next, as types and schemas: recipes never import each other, and a
 * result read back from the store is checked at the hand-over instead of cast. A result that does not
 * parse (written by an older version, or damaged) is treated as no result, so the lead is skipped with a
 * reason rather than drafted from garbage.
 */

const Breakdown = z.object({ business_maturity: z.number(), intent_signals: z.number(), fit_match: z.number() });

/** Discovery's verdict on a lead. */
export const ScoreResultSchema = z.object({
  lead_score: z.number().min(0).max(1),
  score_breakdown: Breakdown,
  quality_tier: z.enum(['gold', 'silver', 'skipped']),
  scored_by: z.union([z.literal('heuristic'), z.templateLiteral(['model:', z.string()])]),
  reasons: z.array(z.string()),
  /** Set when the model scorer failed and the heuristic decided: the code of the failure. */
  fallback_code: z.string().nullable().default(null),
});
export type ScoreResult = z.infer<typeof ScoreResultSchema>;

/** What personalization wrote for a lead. */
export const PersonalizationResultSchema = z.object({
  subject: z.string(),
  body: z.string(),
  model_used: z.string(),
  refined: z.object({ subject: z.string(), body: z.string(), model_used: z.string() }).nullable(),
  message_quality_score: z.number(),
  quality_checks: z.record(z.string(), z.union([z.boolean(), z.number()])),
  facts_used: z.array(z.string()),
  metrics: z.record(z.string(), z.unknown()),
  /** A provider that refused its key while writing (the work moved to another, or offline). */
  auth_failed: z.string().nullable().default(null),
  /** The message check of the version shown: its findings (each with a code) and its claims, matched to facts. */
  message_check: z
    .object({
      issues: z.array(z.object({ code: z.string(), message: z.string(), text: z.string().optional() })),
      claims: z.array(z.object({ text: z.string(), kind: z.string(), supported: z.enum(['supported', 'contradicted', 'unsupported']), fact_id: z.string().optional(), specific: z.boolean(), why: z.string().optional() })),
      language: z.string(),
      supported_specific: z.number(),
    })
    .nullable()
    .default(null),
  /** The kind of fact the observation uses (news_hire, hours, …), for varying a run and learning from outcomes. */
  angle: z.string().nullable().default(null),
  /** The stored facts the message cites. */
  fact_ids_used: z.array(z.string()).default([]),
  /** A refinement that scored lower than the draft: kept here, beside the draft shown, for the rep to choose. */
  set_aside: z.object({ subject: z.string(), body: z.string(), model_used: z.string(), score: z.number() }).nullable().default(null),
  /** The check left something for the rep to decide: nothing specific was known, no sender is set, or the offer does not fit the lead. */
  needs_review: z.boolean().default(false),
});
export type PersonalizationResult = z.infer<typeof PersonalizationResultSchema>;

function parsed<T>(schema: z.ZodType<T>, step: StepRecord | null): T | null {
  if (step?.status !== 'done') return null;
  const r = schema.safeParse(step.result);
  return r.success ? r.data : null;
}

/** A lead's score from discovery in this execution, or null when it was not scored. */
export function scoreOf(store: WorkspaceStore, executionId: string, leadId: string): ScoreResult | null {
  return parsed(ScoreResultSchema, store.executions.step(executionId, 'discovery', leadId));
}

/** Whether discovery let the lead through (gold or silver). */
export function isQualified(score: ScoreResult | null): score is ScoreResult {
  return !!score && score.quality_tier !== 'skipped';
}

/** The message personalization wrote for a lead in this execution, or null. */
export function messageOf(store: WorkspaceStore, executionId: string, leadId: string): PersonalizationResult | null {
  return parsed(PersonalizationResultSchema, store.executions.step(executionId, 'personalization', leadId));
}

/**
 * The leads a recipe hands on, as a reference rather than a list: an envelope of 100 000 lead ids is
 * megabytes of JSON nobody reads, while the store answers who they are at any time.
 */
export function leadsReference(executionId: string, from: string, filter: string, count: number): { from: string; filter: string; count: number; list_with: string } {
  return { from, filter, count, list_with: `hunter leads list --execution ${executionId}` };
}

/** How many leads discovery let through in an execution. */
export function qualifiedCount(store: WorkspaceStore, executionId: string): number {
  const t = store.executions.tally(executionId, 'discovery', 'quality_tier', 'done');
  return (t.gold ?? 0) + (t.silver ?? 0);
}
