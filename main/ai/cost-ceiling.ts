import { priceOf } from './pricing';
import type { AiSettings, ProviderName } from './settings';

/** A generous prompt size: 30 facts of 300 characters, the lead, the offer and the rules. */
const PROMPT_TOKENS_CEILING = 4000;

function callCeiling(provider: ProviderName, models: readonly string[], maxTokens: number, attempts: number): number {
  let most = 0;
  for (const m of models) {
    const p = priceOf(provider, m);
    most = Math.max(most, PROMPT_TOKENS_CEILING * p.input + maxTokens * p.output);
  }
  // Every attempt of every model may be charged (a retired model costs nothing, but count it anyway).
  return Math.ceil(most * attempts * models.length);
}

/**
 * The most one two-stage draft can cost, in micro-credits, for reserving credits before the step runs:
 * every attempt of every model of both stages charged at full length. Real drafts cost a small part.
 */
export function draftCostCeilingMicros(s: AiSettings): number {
  const a = s.retry.maxAttempts;
  let n = 0;
  if (s.groq) n += callCeiling('groq', s.models.draft, s.generation.draftMaxTokens, a);
  if (s.anthropic) {
    // Claude either refines, or writes the draft when Groq is missing or failed.
    n += callCeiling('anthropic', s.models.refine, Math.max(s.generation.draftMaxTokens, s.generation.refineMaxTokens), a);
  }
  return n;
}

/** The most one scoring or routing call can cost (a correction request included). */
export function jsonCostCeilingMicros(s: AiSettings): number {
  const a = s.retry.maxAttempts;
  let n = 0;
  if (s.groq) n += 2 * callCeiling('groq', s.models.fast, s.generation.jsonMaxTokens, a);
  if (s.anthropic) n += 2 * callCeiling('anthropic', s.models.fastAnthropic, s.generation.jsonMaxTokens, a);
  return n;
}
