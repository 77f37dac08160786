import type { HunterApp } from '../app';
import type { AgentConfig } from '../core/agent-config';
import { fromMicros } from '../core/credits';
import { checkCsv, type CsvImportOptions } from '../sources/csv';
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
export async function estimateRun(
  app: HunterApp,
  store: WorkspaceStore,
  agent: AgentConfig,
  csvPath: string | undefined,
  csvOptions: CsvImportOptions = {},
): Promise<EstimateView> {
  let leads = 0;
  // Read with the rep's mapping: a mapping the file cannot satisfy is refused here, as the run would refuse it.
  if (agent.sources.includes('csv') && csvPath) leads += (await checkCsv(csvPath, csvOptions)).total_rows_estimate;
  // A search source finds at most max_results places.
  if (agent.sources.some((s) => s !== 'csv')) leads += agent.max_results;
  // Exactly what the engine reserves before each step, from the same cookbook a run would use.
  const enabled = new Set(agent.recipes.filter((r) => r.enabled).map((r) => r.id));
  const perLead = app
    .cookbook(store, agent, { csv: csvPath ?? null })
    .filter((r) => r.step && enabled.has(r.id))
    .map((r) => ({ recipe_id: r.id, micros: r.maxStepMicros }));
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
