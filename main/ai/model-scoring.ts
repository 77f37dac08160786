import * as z from 'zod';
import type { AgentConfig } from '../core/agent-config';
import type { QualityTier, ScoreBreakdown, ScoredBy } from '../core/domain';
import { round, tierFor } from '../core/tiers';
import { weightedScore } from '../core/scoring';
import { callJson, type JsonCallResult } from './json-call';
import type { Ai } from './layer';
import { prepareFacts, type PromptFact, type PromptLead } from './prompt-data';
import { routePrompt, scorePrompt } from './prompts';
import type { UsageSink } from './usage';

/** A 0..1 number; models sometimes answer "0.7" or 70 (a percentage). */
const unit = z.preprocess((v) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && n > 1 && n <= 100 ? n / 100 : n;
}, z.number().min(0).max(1));

export const ModelScoreSchema = z.object({
  business_maturity: unit,
  intent_signals: unit,
  fit_match: unit,
  reasons: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().trim().min(1).max(300)).min(1).max(10)),
});

export const ModelRouteSchema = z.object({
  route: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['premium', 'basic', 'skip'])),
  reason: z.string().trim().max(500).default(''),
});

/** Which model answered, whether it needed a correction, what it cost, and the attempts that failed. */
export type ModelCallInfo = Omit<JsonCallResult<unknown>, 'value'>;

export interface ModelScore extends ModelCallInfo {
  lead_score: number;
  score_breakdown: ScoreBreakdown;
  quality_tier: QualityTier;
  reasons: string[];
  scored_by: ScoredBy;
}

export interface ScoreInput {
  lead: PromptLead;
  facts: readonly PromptFact[];
  agent: Pick<AgentConfig, 'keywords' | 'location' | 'business_type' | 'threshold' | 'value_proposition'>;
}

export interface ModelCallOptions {
  /** Base of the per-attempt charge keys (e.g. `${execution_id}:${lead_id}:score`). */
  chargeKey: string;
  signal?: AbortSignal | undefined;
}

/**
 * Scores one lead with the fast model. Throws (a HunterError, with what it spent when it is a
 * CallError) when no model answered with valid JSON; the caller then scores with scoreHeuristic and
 * records `scored_by: 'heuristic'`.
 */
export async function scoreLeadWithModel(input: ScoreInput, ai: Ai, sink: UsageSink, opts: ModelCallOptions): Promise<ModelScore> {
  const { used } = prepareFacts(input.facts);
  const g = ai.settings.generation;
  const r = await callJson(ai, {
    request: scorePrompt(input.lead, used, input.agent, { maxTokens: g.jsonMaxTokens, temperature: g.jsonTemperature }),
    schema: ModelScoreSchema,
    chargeKey: opts.chargeKey,
    sink,
    signal: opts.signal,
  });
  const score_breakdown: ScoreBreakdown = {
    business_maturity: round(r.value.business_maturity),
    intent_signals: round(r.value.intent_signals),
    fit_match: round(r.value.fit_match),
  };
  const lead_score = weightedScore(score_breakdown);
  return {
    lead_score,
    score_breakdown,
    quality_tier: tierFor(lead_score, input.agent.threshold),
    reasons: r.value.reasons.slice(0, 5),
    scored_by: `model:${r.model}`,
    ...callInfo(r),
  };
}

export type Route = 'premium' | 'basic' | 'skip';

export interface ModelRoute extends ModelCallInfo {
  route: Route;
  reason: string;
  routed_by: `model:${string}`;
}

export interface RouteInput {
  lead: PromptLead;
  facts: readonly PromptFact[];
  score: { lead_score: number; quality_tier: QualityTier };
}

/** Routes one lead (premium / basic / skip) with the fast model; throws like scoreLeadWithModel. */
export async function routeLeadWithModel(input: RouteInput, ai: Ai, sink: UsageSink, opts: ModelCallOptions): Promise<ModelRoute> {
  const { used } = prepareFacts(input.facts);
  const g = ai.settings.generation;
  const r = await callJson(ai, {
    request: routePrompt(input.lead, used, input.score, { maxTokens: g.jsonMaxTokens, temperature: g.jsonTemperature }),
    schema: ModelRouteSchema,
    chargeKey: opts.chargeKey,
    sink,
    signal: opts.signal,
  });
  return {
    route: r.value.route,
    reason: r.value.reason,
    routed_by: `model:${r.model}`,
    ...callInfo(r),
  };
}

function callInfo<T>({ value: _value, ...info }: JsonCallResult<T>): ModelCallInfo {
  return info;
}
