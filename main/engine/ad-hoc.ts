import type { AgentConfig } from '../core/agent-config';
import { parseRecipeInput, type RecipeId } from '../core/envelope';
import { fromMicros } from '../core/credits';
import { HunterError, toHunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';
import type { Execution } from '../store/executions';
import type { StepCharge, StepRuntime } from './types';

/**
 * One step done outside a run, at the rep's request ("write again" on a draft): the same reservation
 * before it starts, the same charges from what its calls cost, written in one transaction with what the
 * step produced, so a rewrite is metered exactly as the run's step would be.
 */
export async function runAdHocStep<T>(
  store: WorkspaceStore,
  s: { execution: Execution; agent: AgentConfig; recipe_id: RecipeId; lead_id: string; maxMicros: number; signal: AbortSignal; key: string },
  work: (rt: StepRuntime) => Promise<{ value: T; charges: StepCharge[]; api_calls: number }>,
  write: (value: T, store: WorkspaceStore) => void,
): Promise<T> {
  const left = store.ledger.balance().balance_micros;
  if (s.maxMicros > 0 && left < s.maxMicros) {
    throw new HunterError('INSUFFICIENT_CREDITS', `Not enough credits for this: it may cost up to ${fromMicros(s.maxMicros)} and ${fromMicros(Math.max(0, left))} are left. Add credits on the Credits screen.`);
  }
  const chargeKey = `${s.execution.id}:${s.recipe_id}:${s.lead_id}:${s.key}`;
  const rt: StepRuntime = {
    store, execution: s.execution, agent: s.agent, signal: s.signal, attempt: 1, chargeKey,
    input: parseRecipeInput({ recipe_id: s.recipe_id, execution_id: s.execution.id, customer_id: store.workspaceId, payload: { lead_id: s.lead_id, on_request: true } }),
    report: () => undefined,
  };
  const ctx = { execution_id: s.execution.id, recipe_id: s.recipe_id, lead_id: s.lead_id };
  const charge = (charges: readonly StepCharge[], calls: number) => {
    store.ledger.chargeMany(charges.map((c) => ({ key: `${chargeKey}:${c.key}`, micros: c.micros, ctx, description: c.description })));
    store.usage.add(calls);
  };
  let out: { value: T; charges: StepCharge[]; api_calls: number };
  try {
    out = await work(rt);
  } catch (err) {
    // What the attempts spent is charged even when the step fails, as in a run.
    const spent = (err as { charges?: StepCharge[] }).charges;
    if (spent?.length) store.tx(() => charge(spent, 0));
    throw toHunterError(err);
  }
  store.tx(() => {
    charge(out.charges, out.api_calls);
    write(out.value, store);
  });
  return out.value;
}
