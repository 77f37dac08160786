import { actionMicros } from '../../core/action-prices';
import type { AgentConfig } from '../../core/agent-config';
import type { Fact, FactInput, Lead, LeadInput } from '../../core/domain';
import { certainlyOut, enrichmentFloor, scoreHeuristic, type OutVerdict } from '../../core/scoring';
import type { Recipe, RecipeRuntime, StepRuntime } from '../../engine/types';
import { fileSightings } from '../../store/lead-filing';
import { finalScoreOf, heuristicScorer, leadsReference, PASSED_FIELDS, passedFrom, toScoreResult, type LeadScorer, type ScoreResult } from '../handoff';

export type { LeadScorer, OutVerdict, ScoreResult };
export { heuristicScorer };

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

/**
 * A rule that says a lead is certainly out, before anything is spent on it: the rep's do-not-contact
 * list, "already contacted", … A rule answers from what it knows of the lead (its fields, its facts, the
 * workspace's store), or null when it has nothing against it. The first rule that answers decides.
 */
export interface LeadExclusion {
  /** The name the verdict is counted under in the run's summary ("do_not_contact"). */
  rule: string;
  check(lead: Lead, facts: readonly Fact[], rt: StepRuntime): OutVerdict | null | Promise<OutVerdict | null>;
}

export interface DiscoveryDeps {
  sources: (rt: RecipeRuntime) => DiscoverySource[];
  /**
   * Scores the provisional verdict; the heuristic when absent. The final judgement comes after the
   * website is read (intelligence's scorer), so a model here is asked before anything is known.
   */
  scorer?: LeadScorer;
  /** More certainly-out rules, asked after the built-in ones (closed, another kind, another country). */
  exclusions?: readonly LeadExclusion[];
  /** For phone numbers written without a country code (the agent's country), when it is known. */
  defaultCountry?: string | undefined;
  /** The most one scoring step may cost (a model call), reserved before it runs; the scorer's own ceiling when absent. */
  maxScoreMicros?: number;
}

const BATCH = 1000;

/** The built-in rules, from the facts and fields a source gives. */
const FACT_RULES: LeadExclusion = {
  rule: 'facts',
  check: (lead, facts, rt) => certainlyOut(lead, facts, rt.agent),
};

/**
 * Discovery: reads businesses from the agent's sources into leads (de-duplicated), then gives each a
 * provisional score from what its source said and drops only what is certainly out: a business that
 * closed, one of another kind or in another country, one an exclusion rule names, and one that could
 * not reach the threshold whatever its website showed. Everything else goes on to be read and scored
 * again by intelligence; a rep's own list is never dropped for lacking the ratings it does not carry.
 */
export function discoveryRecipe(deps: DiscoveryDeps): Recipe {
  const scorer = deps.scorer ?? heuristicScorer;
  const rules: readonly LeadExclusion[] = [FACT_RULES, ...(deps.exclusions ?? [])];
  return {
    id: 'discovery',
    provider: 'local',
    maxStepMicros: deps.maxScoreMicros ?? scorer.maxMicros ?? actionMicros('discovery.score.heuristic'),
    maxStepApiCalls: scorer.maxApiCalls ?? 0,
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
      // A source that stops with an error (a block) has its records so far filed before the error goes on.
      try {
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
      } finally {
        flush();
      }
      rt.report({ done: rows, total: rows, label: `read ${rows} records` });
    },

    async step(leadId, rt) {
      const lead = rt.store.leads.get(leadId);
      const facts = rt.store.leads.facts(leadId);
      let out: OutVerdict | null = null;
      for (const r of rules) {
        out = await r.check(lead, facts, rt);
        if (out) break;
      }
      // A lead that is out is not worth a model's call: the heuristic says how it looked.
      const s = out ? await heuristicScorer.score(lead, facts, rt.agent, rt) : await scorer.score(lead, facts, rt.agent, rt);
      const potential = s.potential ?? scoreHeuristic(lead, facts, rt.agent).potential;
      const floor = enrichmentFloor(rt.agent.threshold);
      if (!out && potential < floor) {
        out = { rule: 'cannot_qualify', reason: `Even with the best its ${lead.website ? 'website' : 'source'} could show, ${lead.name} would score ${potential.toFixed(2)}, under ${floor.toFixed(2)} (the threshold ${rt.agent.threshold.toFixed(2)} less the scorers' tolerance).` };
      }
      const result: ScoreResult = toScoreResult({ ...s, potential }, rt.agent.threshold, 'provisional', out);
      if (out) result.reasons = [out.reason, ...result.reasons];
      // What the lead's row takes from the verdict; the write keeps only this until its batch commits.
      const score = { lead_score: result.lead_score, score_breakdown: result.score_breakdown, quality_tier: result.quality_tier, scored_by: result.scored_by };
      return {
        status: 'done',
        result,
        charges: [{ key: 'score', micros: s.cost_micros, description: `scored ${lead.name} (${s.scored_by}, provisional)` }, ...(s.charges ?? [])],
        api_calls: s.api_calls,
        write: (store) => {
          // A discovery step run again (a resume after a model failure) must not hide the final score.
          if (!finalScoreOf(store, rt.execution.id, leadId)) store.leads.setScore(leadId, score);
        },
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
      // One pass over the steps' results for every figure (each pass reads every result's JSON).
      const t = store.executions.tallies(execution.id, 'discovery', [...PASSED_FIELDS, 'fallback_code'], { status: 'done', spreadOf: 'lead_score' });
      const tiers = t.by.quality_tier!;
      const fallback = t.by.fallback_code!;
      const dropped = Object.fromEntries(Object.entries(t.by.dropped_rule!).filter(([k]) => k !== 'none'));
      const scored = Object.values(tiers).reduce((a, b) => a + b, 0);
      const passed = passedFrom(t);
      const byFallback = scored - (fallback.none ?? 0);
      return {
        summary: {
          total_discovered: store.executions.leadCount(execution.id),
          // Sent on to be read and scored again; the tiers they end with are intelligence's.
          qualified_leads: passed,
          filtered_out: scored - passed,
          filtered_because: dropped,
          provisional_gold: tiers.gold ?? 0,
          provisional_silver: tiers.silver ?? 0,
          threshold: rt.agent.threshold,
          enrichment_floor: enrichmentFloor(rt.agent.threshold),
          merged_into_known_leads: store.leads.mergeCount(execution.id),
          may_be_related: store.leads.possibleLinkCount(execution.id),
          scored_by_fallback: byFallback,
          fallback_codes: Object.fromEntries(Object.entries(fallback).filter(([k]) => k !== 'none')),
          score_spread: t.spread,
        },
        leads: leadsReference(execution.id, 'discovery', 'all', scored),
      };
    },
  };
}
