import type { ProviderName } from './settings';

/** What one attempt cost, from the usage the provider reported. 1 credit = 1 USD = 1 000 000 micros. */
export interface Usage {
  provider: ProviderName;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
}

/**
 * Where the provider layer reports money and calls. `charge` is called once per attempt that reported
 * usage, with a key unique to that attempt, so a retry never charges one attempt twice and a failed
 * attempt that still reported usage is charged. `apiCall` is called for every HTTP request (the monthly
 * quota counts calls, paid or not).
 */
export interface UsageSink {
  charge(attemptKey: string, usage: Usage): void;
  apiCall?(provider: ProviderName): void;
}

/** A sink that adds up what passes through it, then forwards to another. */
export class UsageTally implements UsageSink {
  input_tokens = 0;
  output_tokens = 0;
  cost_micros = 0;
  api_calls = 0;
  readonly charges: Array<{ key: string; usage: Usage }> = [];

  constructor(private readonly next?: UsageSink) {}

  charge(attemptKey: string, usage: Usage): void {
    this.input_tokens += usage.input_tokens;
    this.output_tokens += usage.output_tokens;
    this.cost_micros += usage.cost_micros;
    this.charges.push({ key: attemptKey, usage });
    this.next?.charge(attemptKey, usage);
  }

  apiCall(provider: ProviderName): void {
    this.api_calls++;
    this.next?.apiCall?.(provider);
  }
}

/** The shape of CreditLedger.charge, so this folder need not import the store. */
export interface LedgerLike {
  charge(key: string, amountMicros: number, ctx: { execution_id?: string; recipe_id?: string; lead_id?: string }, description: string): boolean;
}

/** A sink that writes each attempt's cost to the credit ledger (idempotent by attempt key). */
export function ledgerSink(
  ledger: LedgerLike,
  ctx: { execution_id?: string; recipe_id?: string; lead_id?: string },
  onApiCall?: (provider: ProviderName) => void,
): UsageSink {
  return {
    charge(key, u) {
      ledger.charge(key, u.cost_micros, ctx, `${u.provider} ${u.model}: ${u.input_tokens} in + ${u.output_tokens} out tokens`);
    },
    apiCall(provider) {
      onApiCall?.(provider);
    },
  };
}
