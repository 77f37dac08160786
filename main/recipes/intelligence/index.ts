import { actionMicros } from '../../core/action-prices';
import type { FactInput, Lead } from '../../core/domain';
import { toHunterError } from '../../core/errors';
import type { Recipe, StepCharge, StepResult, StepRuntime } from '../../engine/types';
import {
  goesOn, heuristicScorer, isQualified, leadsReference, passedCount, provisionalScoreOf, toScoreResult,
  type LeadScorer, type ScorerAnswer, type ScoreResult,
} from '../handoff';

export type EnrichmentLevel = 'premium' | 'basic' | 'skip';

/**
 * The AI component of intelligence: whether a lead's final score earns it the premium part (more pages,
 * the paid finders) on top of the basic pass it has had. "basic" and "skip" both stop at the basic pass.
 */
export interface EnrichmentRouter {
  route(lead: Lead, score: ScoreResult, rt: StepRuntime, facts: readonly FactInput[]): Promise<{ level: EnrichmentLevel; routed_by: string; cost_micros: number; api_calls: number; charges?: StepCharge[] }>;
}

/** The seed's routing: gold → premium (every source), silver → basic (free crawl), below → skip. */
export const tierRouter: EnrichmentRouter = {
  async route(_lead, score) {
    const level: EnrichmentLevel = score.quality_tier === 'gold' ? 'premium' : score.quality_tier === 'silver' ? 'basic' : 'skip';
    return { level, routed_by: 'tier', cost_micros: actionMicros('intelligence.route'), api_calls: 0 };
  },
};

export interface EnrichmentOutcome {
  facts: FactInput[];
  /** Fields the lead lacked that enrichment found (a contact's name, an e-mail). */
  fields: Partial<Pick<Lead, 'email' | 'phone' | 'first_name' | 'last_name' | 'title'>>;
  cost_micros: number;
  api_calls: number;
  pages_read: number;
  /** Per-page problems that did not stop the lead (a page too large, robots.txt said no). */
  warnings: Array<{ code: string; message: string; url?: string }>;
}

/**
 * The action component of intelligence: learns facts about a lead. "basic" is the free pass every lead
 * that discovery sends on gets; "premium" is the part on top of it, for the leads whose score earns it.
 */
export interface Enricher {
  enrich(lead: Lead, known: readonly FactInput[], level: Exclude<EnrichmentLevel, 'skip'>, rt: StepRuntime): Promise<EnrichmentOutcome>;
}

/**
 * What a level meters: the basic pass at its price, the premium part at what premium enrichment costs
 * beyond the basic pass, so a lead that had both pays premium's price once (resources/action-prices.json).
 */
export function levelMicros(level: Exclude<EnrichmentLevel, 'skip'>): number {
  return level === 'basic' ? actionMicros('intelligence.basic') : Math.max(0, actionMicros('intelligence.premium') - actionMicros('intelligence.basic'));
}

export interface IntelligenceDeps {
  router: EnrichmentRouter;
  enricher: Enricher;
  /** Gives the final score from every fact, after the basic pass; the heuristic when absent. */
  scorer?: LeadScorer;
  /** The most enrichment and routing may cost in one step; the scorer's ceiling is added to it. */
  maxStepMicros?: number;
  maxStepApiCalls?: number;
}

type Fields = EnrichmentOutcome['fields'];

/** The basic pass and the verdict on it: what a retry of the premium part need not do (and pay for) again. */
interface Judged {
  lead: Lead;
  facts: FactInput[];
  basic: EnrichmentOutcome;
  answer: ScorerAnswer;
  score: ScoreResult;
  route: Awaited<ReturnType<EnrichmentRouter['route']>> | null;
  charges: StepCharge[];
  api_calls: number;
}

/**
 * Intelligence: reads every lead discovery sent on (the basic pass: home, contact, about, team, imprint
 * and blog pages), scores it from all it now knows, and, when the score earns it, does the premium part
 * (more pages, the paid finders), all in one step: the engine records the step once with exactly what it
 * charged, so a crash or a resume never pays for a pass twice. The final score and tier it records are
 * what later recipes read (handoff.ts `scoreOf`).
 */
export function intelligenceRecipe(deps: IntelligenceDeps): Recipe {
  const scorer = deps.scorer ?? heuristicScorer;
  // A retried step (a timeout in the premium part) reuses the basic pass and the verdict of the attempt
  // before it, whose charges the engine already kept: the model is not asked, nor paid, twice.
  const judgedBefore = new Map<string, { attempt: number; judged: Judged }>();
  return {
    id: 'intelligence',
    provider: 'web',
    // A step waits on DNS and the site; the crawler's host limiter keeps it polite (2 per host, 32 in all).
    minConcurrency: 32,
    maxStepMicros: (deps.maxStepMicros ?? actionMicros('intelligence.premium')) + (scorer.offline ? 0 : (scorer.maxMicros ?? 0)),
    maxStepApiCalls: (deps.maxStepApiCalls ?? 0) + (scorer.maxApiCalls ?? 0),
    buildPayload: ({ store, execution }) => ({
      leads: leadsReference(execution.id, 'discovery', 'sent on', passedCount(store, execution.id)),
      enrichment_level: 'basic for every lead sent on, premium by the final score',
    }),

    async step(leadId, rt): Promise<StepResult> {
      const provisional = provisionalScoreOf(rt.store, rt.execution.id, leadId);
      if (!goesOn(provisional)) {
        return { status: 'skipped', result: { level: 'skip', reason: provisional ? (provisional.dropped_reason ?? 'below the threshold') : 'not scored' } };
      }
      const key = rt.chargeKey.replace(/#\d+$/u, '');
      const before = judgedBefore.get(key);
      const reused = before && before.attempt === rt.attempt - 1 ? before.judged : null;
      judgedBefore.delete(key);
      const judged = reused ?? (await judge(leadId, rt));

      let premium: EnrichmentOutcome | null = null;
      if (judged.route?.level === 'premium') {
        try {
          premium = await deps.enricher.enrich(judged.lead, judged.facts, 'premium', rt);
        } catch (raw) {
          const err = toHunterError(raw);
          if (err.code !== 'CANCELLED') judgedBefore.set(key, { attempt: rt.attempt, judged });
          // What this attempt spent goes with its error, so the engine charges it whether or not a retry follows.
          throw Object.assign(err, { charges: [...((err as { charges?: StepCharge[] }).charges ?? []), ...(reused ? [] : judged.charges)] });
        }
      }

      const { lead, basic, score } = judged;
      const fields: Fields = { ...basic.fields, ...(premium?.fields ?? {}) };
      const found = [...basic.facts, ...(premium?.facts ?? [])];
      return {
        status: 'done',
        result: {
          ...score,
          level: premium ? 'premium' : 'basic',
          route: judged.route?.level ?? 'skip',
          routed_by: judged.route?.routed_by ?? 'score below the threshold',
          facts_found: found.length,
          pages_read: basic.pages_read + (premium?.pages_read ?? 0),
          email_found: found.some((f) => f.kind === 'email' && f.detail?.status !== 'guessed_unverified') || !!lead.email,
          warnings: [...basic.warnings, ...(premium?.warnings ?? [])],
        },
        charges: [
          ...(reused ? [] : judged.charges),
          ...(premium ? [{ key: 'premium', micros: premium.cost_micros, description: `premium enrichment of ${lead.name} (beyond the basic pass)` }] : []),
        ],
        api_calls: (reused ? 0 : judged.api_calls) + (premium?.api_calls ?? 0),
        write: (store) => {
          store.leads.addFacts(leadId, basic.facts);
          if (premium) store.leads.addFacts(leadId, premium.facts);
          store.leads.fillMissing(leadId, fields);
          store.leads.setScore(leadId, score);
        },
      };
    },

    alerts(_rt, out) {
      const s = out.data.summary as { scored: number; scored_by_fallback: number; fallback_codes: Record<string, number> } | undefined;
      // A few fallbacks are noise; most of a run scored without the model is a broken provider.
      if (!s || s.scored_by_fallback === 0 || s.scored_by_fallback * 2 < s.scored) return [];
      const codes = Object.entries(s.fallback_codes).map(([c, n]) => `${c} ×${n}`).join(', ');
      return [{
        trigger: 'recipe_failed', title: 'Leads were scored without the model', context: { error_code: Object.keys(s.fallback_codes)[0] ?? null }, action_required: true,
        message: `The model could not score ${s.scored_by_fallback} of ${s.scored} leads (${codes}); the heuristic scored them on the same scale instead and they are marked so.`,
        suggested_action: 'Check the Groq key and balance in Settings, then resume the run: those leads are scored again by the model (their pages come from the page cache).',
      }];
    },

    summarize(rt) {
      const { store, execution } = rt;
      const x = store.executions;
      // One pass over the steps' results for every figure (each pass reads every result's JSON).
      const t = x.tallies(execution.id, 'intelligence', ['level', 'email_found', 'quality_tier', 'fallback_code'], { status: 'done', spreadOf: 'lead_score' });
      const { level: levels, email_found: withEmail, quality_tier: tiers, fallback_code: fallback } = t.by as Record<'level' | 'email_found' | 'quality_tier' | 'fallback_code', Record<string, number>>;
      const enriched = Object.values(levels).reduce((a, b) => a + b, 0);
      const scored = (tiers.gold ?? 0) + (tiers.silver ?? 0) + (tiers.skipped ?? 0);
      return {
        summary: {
          enriched,
          premium: levels.premium ?? 0,
          basic: levels.basic ?? 0,
          // json_extract gives 1 / 0 for JSON booleans.
          without_email: withEmail['0'] ?? 0,
          // The final verdicts, from every fact: what personalization and outreach go by.
          scored,
          qualified_leads: (tiers.gold ?? 0) + (tiers.silver ?? 0),
          gold: tiers.gold ?? 0,
          silver: tiers.silver ?? 0,
          filtered_out: tiers.skipped ?? 0,
          threshold: rt.agent.threshold,
          scored_by_fallback: scored - (fallback.none ?? 0),
          fallback_codes: Object.fromEntries(Object.entries(fallback).filter(([k]) => k !== 'none')),
          score_spread: t.spread,
        },
        leads: leadsReference(execution.id, 'intelligence', 'enriched', enriched),
      };
    },
  };

  async function judge(leadId: string, rt: StepRuntime): Promise<Judged> {
    const stored = rt.store.leads.get(leadId);
    const known = rt.store.leads.facts(leadId);
    const basic = await deps.enricher.enrich(stored, known, 'basic', rt);
    const charges: StepCharge[] = [{ key: 'enrich', micros: basic.cost_micros, description: `basic enrichment of ${stored.name}` }];
    try {
      const lead = withFields(stored, basic.fields);
      const facts = [...known, ...basic.facts];
      const answer = await scorer.score(lead, facts, rt.agent, { ...rt, chargeKey: `${rt.chargeKey}:score` });
      // The heuristic's judgement was metered by discovery; a model's is charged here, attempt by attempt.
      const micros = scorer.offline || answer.scored_by === 'heuristic' ? 0 : answer.cost_micros;
      charges.push({ key: 'score', micros, description: `scored ${lead.name} (${answer.scored_by}) after reading its site` }, ...(answer.charges ?? []));
      const score = toScoreResult(answer, rt.agent.threshold, 'final');
      const route = isQualified(score) ? await deps.router.route(lead, score, rt, facts) : null;
      if (route) charges.push({ key: 'route', micros: route.cost_micros, description: `routed ${lead.name} to ${route.level}` }, ...(route.charges ?? []));
      return { lead, facts, basic, answer, score, route, charges, api_calls: basic.api_calls + answer.api_calls + (route?.api_calls ?? 0) };
    } catch (raw) {
      const err = toHunterError(raw);
      throw Object.assign(err, { charges: [...((err as { charges?: StepCharge[] }).charges ?? []), ...charges] });
    }
  }
}

/** The lead as the scorer should see it: its fields, and the ones it lacked that the pass found. */
function withFields(lead: Lead, fields: Fields): Lead {
  const out: Lead = { ...lead };
  for (const [k, v] of Object.entries(fields) as Array<[keyof Fields, string | undefined]>) {
    if (v && !out[k]) out[k] = v;
  }
  return out;
}
