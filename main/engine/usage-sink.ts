import type { UsageSink } from '../ai/usage';
import type { StepCharge, StepRuntime } from './types';

/**
 * What provider attempts cost, collected as charges of the step that made them: the engine writes them
 * to the ledger in the same transaction that records the step, one per attempt key, so a retry or a
 * resume never charges an attempt twice. Every recipe that calls a model charges through this.
 */
export function stepUsageSink(rt: Pick<StepRuntime, 'chargeKey'>): { sink: UsageSink; charges: StepCharge[]; calls: () => number } {
  const charges: StepCharge[] = [];
  let calls = 0;
  const sink: UsageSink = {
    charge(attemptKey, u) {
      const key = attemptKey.startsWith(rt.chargeKey) ? `${u.provider}${attemptKey.slice(rt.chargeKey.length)}` : attemptKey;
      charges.push({ key, micros: u.cost_micros, description: `${u.provider} ${u.model}: ${u.input_tokens} tokens in, ${u.output_tokens} out` });
    },
    apiCall() {
      calls++;
    },
  };
  return { sink, charges, calls: () => calls };
}
