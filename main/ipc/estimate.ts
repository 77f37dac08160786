import type { HunterApp } from '../app';
import { draftCostCeilingMicros, jsonCostCeilingMicros } from '../ai';
import { actionMicros } from '../core/action-prices';
import type { AgentConfig } from '../core/agent-config';
import { fromMicros, toMicros } from '../core/credits';
import { PAID_LOOKUP_CREDITS } from '../recipes/intelligence/web-enricher';
import { previewCsv } from '../sources/csv';
import type { WorkspaceStore } from '../store';
import type { EstimateView } from '../../preload/contract';

/**
 * What a run will cost at most, before it starts: every lead read is scored, and every lead is assumed
 * to qualify for premium enrichment and get a message. Per lead it is what the engine reserves before
 * each step (the metered action, plus the model calls' ceilings when the app has model keys, plus a
 * paid e-mail lookup when a finder key is set), so the run cannot cost more. The real run usually
 * costs less (leads below the threshold stop after scoring); the rep sees the ceiling and the balance
 * after it.
 */
export async function estimateRun(app: HunterApp, store: WorkspaceStore, agent: AgentConfig, csvPath: string | undefined): Promise<EstimateView> {
  let leads = 0;
  if (agent.sources.includes('csv') && csvPath) leads += (await previewCsv(csvPath, {}, 0)).total_rows_estimate;
  // A search source finds at most max_results places.
  if (agent.sources.some((s) => s !== 'csv')) leads += agent.max_results;
  const enabled = new Set(agent.recipes.filter((r) => r.enabled).map((r) => r.id));
  const models = app.aiFor(store)?.settings ?? null;
  const groq = !!models?.groq;
  const paidLookup = app.models.keyFor('hunter_io') ? toMicros(PAID_LOOKUP_CREDITS) : 0;
  const perLead: Array<{ recipe_id: string; micros: number }> = [
    { recipe_id: 'discovery', micros: groq && models ? jsonCostCeilingMicros(models) + 1_000 : actionMicros('discovery.score.heuristic') },
    { recipe_id: 'intelligence', micros: actionMicros('intelligence.route') + actionMicros('intelligence.premium') + paidLookup + (groq && models ? jsonCostCeilingMicros(models) : 0) },
    { recipe_id: 'personalization', micros: models ? draftCostCeilingMicros(models) : actionMicros('personalization.offline') },
    { recipe_id: 'outreach', micros: actionMicros('outreach.draft') },
  ].filter((r) => enabled.has(r.recipe_id as AgentConfig['recipes'][number]['id']));
  const per_recipe = perLead.map((r) => ({ recipe_id: r.recipe_id, credits: fromMicros(r.micros * leads) }));
  const totalMicros = perLead.reduce((s, r) => s + r.micros * leads, 0);
  const balance = store.ledger.balance().balance_micros;
  return {
    leads,
    credits: fromMicros(totalMicros),
    // 1 credit = 1 US dollar of the plan (resources/action-prices.json).
    cost_usd: fromMicros(totalMicros),
    balance: fromMicros(balance),
    balance_after: fromMicros(balance - totalMicros),
    per_recipe,
  };
}
