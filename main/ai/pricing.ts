import prices from '../../resources/prices.json';
import type { ProviderName } from './settings';

export interface ModelPrice {
  /** USD per 1M input tokens. */
  input: number;
  /** USD per 1M output tokens. */
  output: number;
}

interface PriceTable {
  providers: Record<ProviderName, { unknown_model: ModelPrice; models: Record<string, ModelPrice> }>;
}

const TABLE = prices as PriceTable;

/** Dated ids ("claude-haiku-4-5-20251001") cost what their alias costs. */
function baseName(model: string): string {
  return model.replace(/-\d{8}$/, '');
}

export function priceOf(provider: ProviderName, model: string): ModelPrice & { known: boolean } {
  const p = TABLE.providers[provider];
  const hit = p.models[model] ?? p.models[baseName(model)];
  return hit ? { ...hit, known: true } : { ...p.unknown_model, known: false };
}

/**
 * Cost in micro-credits. USD per 1M tokens × tokens / 1M × 1M micros per USD is simply tokens × price;
 * rounded up so a call that used tokens is never free.
 */
export function costMicros(provider: ProviderName, model: string, inputTokens: number, outputTokens: number): number {
  const p = priceOf(provider, model);
  const raw = Math.max(0, inputTokens) * p.input + Math.max(0, outputTokens) * p.output;
  return Math.max(0, Math.ceil(raw - 1e-9));
}
