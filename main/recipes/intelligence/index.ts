import { actionMicros } from '../../core/action-prices';
import type { Fact, FactInput, Lead } from '../../core/domain';
import type { Recipe, StepCharge, StepRuntime } from '../../engine/types';
import type { ScoreResult } from '../discovery';

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
    maxStepMicros: deps.maxStepMicros ?? actionMicros('intelligence.premium'),
    maxStepApiCalls: deps.maxStepApiCalls ?? 0,
    buildPayload: ({ store, execution }) => ({
      leads: qualifiedLeads(store.executions.steps(execution.id, 'discovery', 'done')).map((id) => ({ id })),
      enrichment_level: 'by_score',
    }),

    async step(leadId, rt) {
      const scored = rt.store.executions.step(rt.execution.id, 'discovery', leadId);
      const score = scored?.status === 'done' ? (scored.result as ScoreResult) : null;
      if (!score || score.quality_tier === 'skipped') return { status: 'skipped', result: { level: 'skip', reason: score ? 'below the threshold' : 'not scored' } };
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
      const steps = rt.store.executions.steps(rt.execution.id, 'intelligence', 'done');
      const leads = rt.store.leads.getMany(steps.map((s) => s.lead_id));
      const byId = new Map(steps.map((s) => [s.lead_id, s.result as { level: string; facts_found: number; email_found: boolean }]));
      return {
        leads: leads.map((l) => {
          const facts = rt.store.leads.facts(l.id);
          return {
            id: l.id, name: l.name, website: l.website ?? null, enrichment_level: byId.get(l.id)?.level,
            emails: facts.filter((f) => f.kind === 'email').map((f) => ({ email: f.value, confidence: f.confidence, source: f.method, status: f.detail?.status ?? null })),
            phone_contacts: facts.filter((f) => f.kind === 'person').map((f) => ({ name: f.value, role: f.detail?.role ?? null, email: f.detail?.email ?? null, phone: f.detail?.phone ?? null })),
            website_metadata: websiteMetadata(facts),
          };
        }),
        summary: {
          enriched: steps.length,
          premium: steps.filter((s) => (s.result as { level: string }).level === 'premium').length,
          basic: steps.filter((s) => (s.result as { level: string }).level === 'basic').length,
          without_email: steps.filter((s) => !(s.result as { email_found: boolean }).email_found).length,
        },
      };
    },
  };
}

export function qualifiedLeads(discoverySteps: Array<{ lead_id: string; result: unknown }>): string[] {
  return discoverySteps.filter((s) => (s.result as ScoreResult | null)?.quality_tier !== 'skipped').map((s) => s.lead_id);
}

function websiteMetadata(facts: Fact[]) {
  const posts = facts.filter((f) => f.kind === 'blog_post');
  const updated = facts.find((f) => f.kind === 'last_updated')?.value ?? null;
  const freshness = facts.find((f) => f.kind === 'content_freshness')?.value ?? null;
  return {
    last_updated: updated,
    blog_posts_count: Number(facts.find((f) => f.kind === 'blog_activity')?.detail?.count ?? posts.length),
    content_freshness: freshness,
    tech_stack: facts.filter((f) => f.kind === 'tech').map((f) => f.value),
  };
}
