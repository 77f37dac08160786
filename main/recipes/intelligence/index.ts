import { actionMicros } from '../../core/action-prices';
import type { Fact, FactInput, Lead } from '../../core/domain';
import type { Recipe, StepCharge, StepRuntime } from '../../engine/types';
import { isQualified, leadsReference, qualifiedCount, scoreOf, type ScoreResult } from '../handoff';

export type EnrichmentLevel = 'premium' | 'basic' | 'skip';

/** The AI component of intelligence: how much to spend on a lead, from its score. */
export interface EnrichmentRouter {
  route(lead: Lead, score: ScoreResult, rt: StepRuntime): Promise<{ level: EnrichmentLevel; routed_by: string; cost_micros: number; api_calls: number; charges?: StepCharge[] }>;
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

/** The action component of intelligence: learns facts about a lead at the given level. */
export interface Enricher {
  enrich(lead: Lead, known: Fact[], level: Exclude<EnrichmentLevel, 'skip'>, rt: StepRuntime): Promise<EnrichmentOutcome>;
}

export interface IntelligenceDeps {
  router: EnrichmentRouter;
  enricher: Enricher;
  maxStepMicros?: number;
  maxStepApiCalls?: number;
}

/**
 * Intelligence: decides per lead how much enrichment its score deserves, learns what is true about it
 * (each fact with its source and method) and keeps it.
 */
export function intelligenceRecipe(deps: IntelligenceDeps): Recipe {
  return {
    id: 'intelligence',
    provider: 'web',
    // A step waits on DNS and the site; the crawler's host limiter keeps it polite (2 per host, 32 in all).
    minConcurrency: 32,
    maxStepMicros: deps.maxStepMicros ?? actionMicros('intelligence.premium'),
    maxStepApiCalls: deps.maxStepApiCalls ?? 0,
    buildPayload: ({ store, execution }) => ({
      leads: leadsReference(execution.id, 'discovery', 'qualified', qualifiedCount(store, execution.id)),
      enrichment_level: 'by_score',
    }),

    async step(leadId, rt) {
      const score = scoreOf(rt.store, rt.execution.id, leadId);
      if (!isQualified(score)) return { status: 'skipped', result: { level: 'skip', reason: score ? 'below the threshold' : 'not scored' } };
      const lead = rt.store.leads.get(leadId);
      const route = await deps.router.route(lead, score, rt);
      if (route.level === 'skip') {
        // A model's "skip" still cost its call: the charge goes with the skipped step.
        return { status: 'skipped', result: { level: 'skip', routed_by: route.routed_by }, charges: route.charges ?? [], api_calls: route.api_calls };
      }
      const known = rt.store.leads.facts(leadId);
      const out = await deps.enricher.enrich(lead, known, route.level, rt);
      const emails = out.facts.filter((f) => f.kind === 'email');
      return {
        status: 'done',
        result: {
          level: route.level, routed_by: route.routed_by, facts_found: out.facts.length, pages_read: out.pages_read,
          email_found: emails.length > 0 || !!lead.email, warnings: out.warnings,
        },
        charges: [
          { key: 'route', micros: route.cost_micros, description: `routed ${lead.name} to ${route.level}` },
          ...(route.charges ?? []),
          { key: 'enrich', micros: out.cost_micros, description: `${route.level} enrichment of ${lead.name}` },
        ],
        api_calls: route.api_calls + out.api_calls,
        write: (store) => {
          store.leads.addFacts(leadId, out.facts);
          store.leads.fillMissing(leadId, out.fields);
        },
      };
    },

    summarize(rt) {
      const { store, execution } = rt;
      const levels = store.executions.tally(execution.id, 'intelligence', 'level', 'done');
      const withEmail = store.executions.tally(execution.id, 'intelligence', 'email_found', 'done');
      const enriched = Object.values(levels).reduce((a, b) => a + b, 0);
      return {
        summary: {
          enriched,
          premium: levels.premium ?? 0,
          basic: levels.basic ?? 0,
          // json_extract gives 1 / 0 for JSON booleans.
          without_email: withEmail['0'] ?? 0,
        },
        leads: leadsReference(execution.id, 'intelligence', 'enriched', enriched),
      };
    },
  };
}
