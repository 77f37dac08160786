import * as z from 'zod';
import { actionMicros } from '../core/action-prices';
import type { AgentConfig } from '../core/agent-config';
import type { FactInput, Lead, ScoreBreakdown, ScoredBy } from '../core/domain';
import { scoreHeuristic, SIGNALS, type RepliedTraits, type ScoreSignal } from '../core/scoring';
import { tierFor } from '../core/tiers';
import type { StepCharge, StepRuntime } from '../engine/types';
import type { StepRecord, StepTallies } from '../store/executions';
import type { WorkspaceStore } from '../store';

/**
 * What one recipe's step hands the next, as types and schemas: recipes never import each other, and a
 * result read back from the store is checked at the hand-over instead of cast. A result that does not
 * parse (written by an older version, or damaged) is treated as no result, so the lead is skipped with a
 * reason rather than drafted from garbage.
 *
 * A lead is judged twice in a run. Discovery gives a provisional score from what its source said, and
 * drops only what is certainly out; intelligence reads the lead's website and gives the final score
 * from every fact. Later recipes ask `scoreOf`, which answers with the final score when there is one.
 */

const Breakdown = z.object({ business_maturity: z.number(), intent_signals: z.number(), fit_match: z.number() });

const SIGNAL_NAMES = SIGNALS.map((s) => s.name) as [ScoreSignal['name'], ...ScoreSignal['name'][]];
const SignalSchema = z.object({
  name: z.enum(SIGNAL_NAMES),
  part: z.enum(['business_maturity', 'intent_signals', 'fit_match']),
  weight: z.number(),
  value: z.number(),
  evidence: z.string(),
});

/** A verdict on a lead: discovery's provisional one, or intelligence's final one. */
export const ScoreResultSchema = z.object({
  lead_score: z.number().min(0).max(1),
  score_breakdown: Breakdown,
  quality_tier: z.enum(['gold', 'silver', 'skipped']),
  scored_by: z.union([z.literal('heuristic'), z.templateLiteral(['model:', z.string()])]),
  reasons: z.array(z.string()),
  /** Set when the model scorer failed and the heuristic decided: the code of the failure. */
  fallback_code: z.string().nullable().default(null),
  /** Null on results written before the final score moved after enrichment, when discovery's score was the verdict. */
  stage: z.enum(['provisional', 'final']).nullable().default(null),
  /** The named signals and their weights, as the heuristic read them from the same facts. */
  signals: z.array(SignalSchema).default([]),
  /** Discovery's: the best the lead could score once its website is read. */
  potential: z.number().nullable().default(null),
  /** Discovery's: why the lead went no further (a rule such as "other_kind", or "cannot_qualify"); null when it went on. */
  dropped_rule: z.string().nullable().default(null),
  dropped_reason: z.string().nullable().default(null),
  /** When a model scored: what the heuristic said on the same facts, to see the two side by side. */
  heuristic_score: z.number().nullable().default(null),
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
  /** The agent asked for two variants: the second, on another angle (null when the lead has no other angle). */
  variant: z.object({
    subject: z.string(), body: z.string(), angle: z.string(), fact_ids_used: z.array(z.string()), language: z.string(),
    message_quality_score: z.number(),
    message_check: z.object({ issues: z.array(z.unknown()), claims: z.array(z.unknown()) }),
  }).nullable().default(null),
});
export type PersonalizationResult = z.infer<typeof PersonalizationResultSchema>;

/** What a scorer answers for one lead. */
export interface ScorerAnswer {
  lead_score: number;
  score_breakdown: ScoreBreakdown;
  scored_by: ScoredBy;
  reasons: string[];
  cost_micros: number;
  api_calls: number;
  /** What model attempts cost, one charge per attempt (a model scorer's). */
  charges?: StepCharge[];
  /** The code of the failure when a model scorer could not answer and the heuristic decided instead. */
  fallback_code?: string | null;
  signals?: ScoreSignal[];
  potential?: number;
  heuristic_score?: number | null;
}

/**
 * The AI component that judges a lead 0..1 with the seed's breakdown: the fast model, or the offline
 * heuristic. Discovery uses one for the provisional score, intelligence for the final one.
 */
export interface LeadScorer {
  score(lead: Lead, facts: readonly FactInput[], agent: AgentConfig, rt: StepRuntime): Promise<ScorerAnswer>;
  /** The most one answer may cost (reserved before the step that asks runs); the heuristic's price when absent. */
  maxMicros?: number;
  /** The most provider calls one answer may make. */
  maxApiCalls?: number;
  /**
   * Answers from the facts alone, with no provider: its judgement is metered once per lead, by discovery,
   * and reading the lead again once its site is read is part of that pass, not a second charge.
   */
  offline?: boolean;
}

export const heuristicScorer: LeadScorer = {
  maxMicros: actionMicros('discovery.score.heuristic'),
  maxApiCalls: 0,
  offline: true,
  async score(lead, facts, agent, rt) {
    const s = scoreHeuristic(lead, facts, agent, new Date(), repliedTraitsFor(rt));
    return { ...s, scored_by: 'heuristic', cost_micros: actionMicros('discovery.score.heuristic'), api_calls: 0 };
  },
};

/**
 * What the leads that answered the rep have in common, read once per REPLIED_READ_EVERY leads of a run
 * (not per lead: it is a query over every outcome), so later leads like them score a little higher.
 */
const repliedByRun = new Map<string, { traits: RepliedTraits; uses: number }>();
const REPLIED_READ_EVERY = 500;

function repliedTraitsFor(rt: StepRuntime | undefined): RepliedTraits | null {
  if (!rt) return null;
  let r = repliedByRun.get(rt.execution.id);
  if (!r || r.uses >= REPLIED_READ_EVERY) {
    r = { traits: rt.store.outcomes.repliedTraits(), uses: 0 };
    repliedByRun.set(rt.execution.id, r);
    if (repliedByRun.size > 50) repliedByRun.delete(repliedByRun.keys().next().value!);
  }
  r.uses++;
  return r.traits;
}

/** A scorer's answer as the verdict a step records, tiered by the agent's threshold. */
export function toScoreResult(s: ScorerAnswer, threshold: number, stage: 'provisional' | 'final', drop: { rule: string; reason: string } | null = null): ScoreResult {
  return {
    lead_score: s.lead_score,
    score_breakdown: s.score_breakdown,
    quality_tier: drop ? 'skipped' : tierFor(s.lead_score, threshold),
    scored_by: s.scored_by,
    reasons: s.reasons,
    fallback_code: s.fallback_code ?? null,
    stage,
    signals: s.signals ?? [],
    potential: s.potential ?? null,
    dropped_rule: drop?.rule ?? null,
    dropped_reason: drop?.reason ?? null,
    heuristic_score: s.heuristic_score ?? null,
  };
}

function parsed<T>(schema: z.ZodType<T>, step: Pick<StepRecord, 'status' | 'result'> | null): T | null {
  if (step?.status !== 'done') return null;
  const r = schema.safeParse(step.result);
  return r.success ? r.data : null;
}

/** Discovery's verdict on a lead in this execution, or null when it was not scored. */
export function provisionalScoreOf(store: WorkspaceStore, executionId: string, leadId: string): ScoreResult | null {
  return parsed(ScoreResultSchema, store.executions.resultOf(executionId, 'discovery', leadId));
}

/** The score intelligence gave a lead after reading its site, or null when it has none (not enriched, failed, an older run). */
export function finalScoreOf(store: WorkspaceStore, executionId: string, leadId: string): ScoreResult | null {
  const s = parsed(ScoreResultSchema, store.executions.resultOf(executionId, 'intelligence', leadId));
  return s?.stage === 'final' ? s : null;
}

/**
 * The score a lead ended this execution with: the final one, else discovery's (a lead dropped before
 * enrichment, one whose enrichment failed, an agent without intelligence). The one answer to "which tier".
 */
export function scoreOf(store: WorkspaceStore, executionId: string, leadId: string): ScoreResult | null {
  return finalScoreOf(store, executionId, leadId) ?? provisionalScoreOf(store, executionId, leadId);
}

/** Whether the lead ended qualified (gold or silver). */
export function isQualified(score: ScoreResult | null): score is ScoreResult {
  return !!score && score.quality_tier !== 'skipped';
}

/** Whether discovery sent the lead on to be read and scored again (a result from before that split: when it qualified). */
export function goesOn(provisional: ScoreResult | null): boolean {
  if (!provisional) return false;
  return provisional.stage === null ? provisional.quality_tier !== 'skipped' : provisional.dropped_rule === null;
}

/** The message personalization wrote for a lead in this execution, or null. */
export function messageOf(store: WorkspaceStore, executionId: string, leadId: string): PersonalizationResult | null {
  return parsed(PersonalizationResultSchema, store.executions.resultOf(executionId, 'personalization', leadId));
}

/**
 * The leads a recipe hands on, as a reference rather than a list: an envelope of 100 000 lead ids is
 * megabytes of JSON nobody reads, while the store answers who they are at any time.
 */
export function leadsReference(executionId: string, from: string, filter: string, count: number): { from: string; filter: string; count: number; list_with: string } {
  return { from, filter, count, list_with: `hunter leads list --execution ${executionId}` };
}

/** The fields of discovery's results that say whether a lead went on (see `passedFrom`). */
export const PASSED_FIELDS = ['dropped_rule', 'stage', 'quality_tier'] as const;

/** How many leads discovery sent on, from a tally of its done steps over at least PASSED_FIELDS. */
export function passedFrom(t: StepTallies): number {
  // Results from before the split have no stage: their tier said whether they went on.
  if ((t.by.stage!.none ?? 0) > 0) return (t.by.quality_tier!.gold ?? 0) + (t.by.quality_tier!.silver ?? 0);
  return t.by.dropped_rule!.none ?? 0;
}

/** How many leads discovery sent on to enrichment. */
export function passedCount(store: WorkspaceStore, executionId: string): number {
  return passedFrom(store.executions.tallies(executionId, 'discovery', PASSED_FIELDS, { status: 'done' }));
}

/** The verdicts of an execution, counted in SQL: what the run summary, the funnel and "why no drafts" read. */
export interface Verdicts {
  /** Leads discovery left out, by rule ("other_kind", "permanently_closed", "cannot_qualify", …). */
  dropped: Record<string, number>;
  /** Leads sent on to be read and scored again. */
  passed: number;
  /** Of those, how many have a final score, and their tiers. */
  scored: number;
  gold: number;
  silver: number;
  skipped: number;
  /** The final scores' spread; discovery's when no final score exists yet. */
  spread: { min: number; max: number; mean: number; count: number } | null;
  /** Which score the tiers and the spread are: the final one, or discovery's (intelligence did not run). */
  stage: 'final' | 'provisional';
}

export function verdicts(store: WorkspaceStore, executionId: string): Verdicts {
  // One pass over each recipe's steps (each reads every result's JSON): discovery's, then intelligence's.
  const disc = store.executions.tallies(executionId, 'discovery', PASSED_FIELDS, { status: 'done', spreadOf: 'lead_score' });
  const end = endTiers(store, executionId, () => disc);
  return {
    dropped: Object.fromEntries(Object.entries(disc.by.dropped_rule!).filter(([k]) => k !== 'none')),
    passed: passedFrom(disc),
    scored: end.scored,
    gold: end.tiers.gold ?? 0,
    silver: end.tiers.silver ?? 0,
    skipped: end.tiers.skipped ?? 0,
    spread: end.spread,
    stage: end.stage,
  };
}

/**
 * The tiers an execution's leads ended with: intelligence's final ones once it has scored any, else
 * discovery's (read only then, by `provisional`: a pass over discovery's results is the dearest).
 */
function endTiers(store: WorkspaceStore, executionId: string, provisional: () => StepTallies): { tiers: Record<string, number>; scored: number; spread: StepTallies['spread']; stage: 'final' | 'provisional' } {
  const intel = store.executions.tallies(executionId, 'intelligence', ['quality_tier'], { status: 'done', spreadOf: 'lead_score' });
  const t = intel.by.quality_tier!;
  const scored = (t.gold ?? 0) + (t.silver ?? 0) + (t.skipped ?? 0);
  if (scored > 0) return { tiers: t, scored, spread: intel.spread, stage: 'final' };
  const disc = provisional();
  return { tiers: disc.by.quality_tier!, scored, spread: disc.spread, stage: 'provisional' };
}

/** How many leads ended qualified in an execution (the final tiers once intelligence has scored). */
export function qualifiedCount(store: WorkspaceStore, executionId: string): number {
  const { tiers } = endTiers(store, executionId, () => store.executions.tallies(executionId, 'discovery', ['quality_tier'], { status: 'done', spreadOf: 'lead_score' }));
  return (tiers.gold ?? 0) + (tiers.silver ?? 0);
}
