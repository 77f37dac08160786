import { actionMicros } from '../../core/action-prices';
import type { AgentConfig } from '../../core/agent-config';
import type { Fact, FactInput, LeadInput, ScoreBreakdown, ScoredBy } from '../../core/domain';
import { scoreHeuristic } from '../../core/scoring';
import { tierFor } from '../../core/tiers';
import type { Recipe, RecipeRuntime, StepCharge, StepRuntime } from '../../engine/types';
import { fileSightings } from '../../store/lead-filing';
import { leadsReference, type ScoreResult } from '../handoff';

export type { ScoreResult };
import type { Lead } from '../../core/domain';

/** One record from a discovery source: a business, or a coded error for the row or place it came from. */
export type SourceRecord =
  | { kind: 'lead'; lead: LeadInput; facts: FactInput[] }
  | {
      kind: 'error';
      ref: string;
      code: string;
      message: string;
      /**
       * A failed file row as read, so it can be listed with its error and written back for the rep to
       * fix and import again: its line, the file's header cells and its own cells (decoded, not cleaned),
       * bounded to a few KB (an entry cut short ends with "[…]").
       */
      raw?: { row: number; headers: string[]; cells: string[] };
    };

/** The action component of discovery: a source of businesses (CSV, Google Maps, OpenStreetMap). */
export interface DiscoverySource {
  id: string;
  records(rt: RecipeRuntime): AsyncIterable<SourceRecord>;
}

/** The AI component of discovery: scores a lead 0..1 with a breakdown. */
export interface LeadScorer {
  score(lead: Lead, facts: Fact[], agent: AgentConfig, rt: StepRuntime): Promise<{
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
  }>;
}

export const heuristicScorer: LeadScorer = {
  async score(lead, facts, agent) {
    const s = scoreHeuristic(lead, facts, agent);
    return { ...s, scored_by: 'heuristic', cost_micros: actionMicros('discovery.score.heuristic'), api_calls: 0 };
  },
};

export interface DiscoveryDeps {
  sources: (rt: RecipeRuntime) => DiscoverySource[];
  scorer: LeadScorer;
  /** For phone numbers written without a country code (the agent's country), when it is known. */
  defaultCountry?: string | undefined;
  /** The most one scoring step may cost (a model call), reserved before it runs. */
  maxScoreMicros?: number;
}

const BATCH = 1000;

/**
 * Discovery: reads businesses from the agent's sources into leads (de-duplicated), then scores each one
 * and sorts it into gold, silver or skipped by the agent's threshold.
 */
export function discoveryRecipe(deps: DiscoveryDeps): Recipe {
  return {
    id: 'discovery',
    provider: 'local',
    maxStepMicros: deps.maxScoreMicros ?? actionMicros('discovery.score.heuristic'),
    maxStepApiCalls: 0,
    buildPayload: ({ agent }) => ({
      keywords: agent.keywords,
      location: agent.location,
      business_type: agent.business_type ?? null,
      sources: agent.sources,
      max_results: agent.max_results,
    }),

    async setUp(rt) {
      const { store, execution } = rt;
      let ordinal = 0;
      let rows = 0;
      let batch: Array<{ lead: LeadInput; facts: FactInput[] }> = [];
      const flush = () => {
        if (batch.length === 0) return;
        const items = batch;
        batch = [];
        store.tx(() => {
          // Each sighting joins the lead it is the same business as (another source, another run, earlier in
          // this batch) or becomes a lead of its own; see core/identity.ts for when that is.
          const filed = fileSightings(store.leads, items, { execution_id: execution.id, ordinal: ordinal, defaultCountry: deps.defaultCountry });
          store.executions.addLeads(execution.id, filed.map((f) => f.lead_id), ordinal);
          ordinal += filed.length;
        });
      };
      for (const source of deps.sources(rt)) {
        for await (const rec of source.records(rt)) {
          rows++;
          if (rec.kind === 'error') {
            flush();
            store.executions.recordStepOnce(execution.id, {
              // The row as read goes with its error, so the rep can get every failed row back to fix and re-import.
              lead_id: `${source.id}:${rec.ref}`, recipe_id: 'discovery', status: 'failed', attempts: 1, result: rec.raw ? { raw: rec.raw } : null,
              error_code: rec.code, error_message: rec.message, retryable: false, credits_micros: 0, api_calls: 0,
            });
            continue;
          }
          batch.push(rec);
          if (batch.length >= BATCH) {
            flush();
            rt.report({ done: rows, label: `read ${rows} records from ${source.id}` });
          }
          if (rt.signal.aborted) break;
        }
      }
      flush();
      rt.report({ done: rows, total: rows, label: `read ${rows} records` });
    },

    async step(leadId, rt) {
      const lead = rt.store.leads.get(leadId);
      const facts = rt.store.leads.facts(leadId);
      const s = await deps.scorer.score(lead, facts, rt.agent, rt);
      const result: ScoreResult = {
        lead_score: s.lead_score,
        score_breakdown: s.score_breakdown,
        quality_tier: tierFor(s.lead_score, rt.agent.threshold),
        scored_by: s.scored_by,
        reasons: s.reasons,
        fallback_code: s.fallback_code ?? null,
      };
      return {
        status: 'done',
        result,
        charges: [{ key: 'score', micros: s.cost_micros, description: `scored ${lead.name} (${s.scored_by})` }, ...(s.charges ?? [])],
        api_calls: s.api_calls,
        write: (store) => store.leads.setScore(leadId, result),
      };
    },

    alerts(_rt, out) {
      const s = out.data.summary as { scored_by_fallback: number; qualified_leads: number; filtered_out: number; fallback_codes: Record<string, number> } | undefined;
      const scored = s ? s.qualified_leads + s.filtered_out : 0;
      // A few fallbacks are noise; most of a run scored without the model is a broken provider.
      if (!s || s.scored_by_fallback === 0 || s.scored_by_fallback * 2 < scored) return [];
      const codes = Object.entries(s.fallback_codes).map(([c, n]) => `${c} ×${n}`).join(', ');
      return [{
        trigger: 'recipe_failed', title: 'Leads were scored without the model', context: { error_code: Object.keys(s.fallback_codes)[0] ?? null }, action_required: true,
        message: `The model could not score ${s.scored_by_fallback} of ${scored} leads (${codes}); the heuristic scored them instead and they are marked so.`,
        suggested_action: 'Check the Groq key and balance in Settings, then resume the run: those leads are scored again by the model.',
      }];
    },

    summarize(rt) {
      const { store, execution } = rt;
      // Counted in SQL: the summary of 100 000 leads is a handful of numbers and a reference to the list.
      const tiers = store.executions.tally(execution.id, 'discovery', 'quality_tier', 'done');
      const fallback = store.executions.tally(execution.id, 'discovery', 'fallback_code', 'done');
      const scored = Object.values(tiers).reduce((a, b) => a + b, 0);
      const gold = tiers.gold ?? 0;
      const silver = tiers.silver ?? 0;
      const byFallback = scored - (fallback.none ?? 0);
      return {
        summary: {
          total_discovered: store.executions.leadCount(execution.id),
          qualified_leads: gold + silver,
          gold,
          silver,
          filtered_out: tiers.skipped ?? 0,
          threshold: rt.agent.threshold,
          merged_into_known_leads: store.leads.mergeCount(execution.id),
          may_be_related: store.leads.possibleLinkCount(execution.id),
          scored_by_fallback: byFallback,
          fallback_codes: Object.fromEntries(Object.entries(fallback).filter(([k]) => k !== 'none')),
          score_spread: store.executions.spread(execution.id, 'discovery', 'lead_score'),
        },
        leads: leadsReference(execution.id, 'discovery', 'all', scored),
      };
    },
  };
}
