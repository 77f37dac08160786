import type { ProviderName } from '../../../main/ai/settings';
import type { Usage, UsageSink } from '../../../main/ai/usage';

/**
 * A UsageSink that keeps every charge in memory and, like the real ledger, refuses to charge one
 * attempt key twice (it counts such tries, so a test can assert there were none).
 */
export class MemorySink implements UsageSink {
  readonly charges = new Map<string, Usage>();
  readonly calls: ProviderName[] = [];
  duplicateCharges = 0;

  charge(attemptKey: string, usage: Usage): void {
    if (this.charges.has(attemptKey)) {
      this.duplicateCharges++;
      return;
    }
    this.charges.set(attemptKey, usage);
  }

  apiCall(provider: ProviderName): void {
    this.calls.push(provider);
  }

  get totalMicros(): number {
    let n = 0;
    for (const u of this.charges.values()) n += u.cost_micros;
    return n;
  }

  /** Tokens charged, summed per provider and model (to compare with ProviderSim.reportedUsage()). */
  byModel(): Array<{ provider: ProviderName; model: string; input_tokens: number; output_tokens: number }> {
    const out = new Map<string, { provider: ProviderName; model: string; input_tokens: number; output_tokens: number }>();
    for (const u of this.charges.values()) {
      const k = `${u.provider}\u0000${u.model}`;
      const e = out.get(k) ?? { provider: u.provider, model: u.model, input_tokens: 0, output_tokens: 0 };
      e.input_tokens += u.input_tokens;
      e.output_tokens += u.output_tokens;
      out.set(k, e);
    }
    return [...out.values()];
  }
}
