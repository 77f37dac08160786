import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HunterError } from '../../../main/core/errors';
import { scoreHeuristic } from '../../../main/core/scoring';
import { CallError } from '../../../main/ai/layer';
import { routeLeadWithModel, scoreLeadWithModel, type ScoreInput } from '../../../main/ai/model-scoring';
import { startProviderSim, type ProviderSim, type SimRequest } from '../../support/provider-sim';
import { MemorySink } from '../../support/provider-sim/memory-sink';
import { ANTHROPIC_KEY, fact, GROQ_KEY, lead, simAi } from './fixtures';

let sim: ProviderSim;
beforeAll(async () => {
  sim = await startProviderSim({ keys: { groq: GROQ_KEY, anthropic: ANTHROPIC_KEY } });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  sim.options.answer = (req: SimRequest) =>
    /business_maturity/.test(req.system)
      ? JSON.stringify({ business_maturity: 0.9, intent_signals: 0.6, fit_match: 0.8, reasons: ['212 reviews at 4.7', 'blog post in October 2026'] })
      : JSON.stringify({ route: 'premium', reason: 'gold lead with a named contact' });
});

const facts = [fact('blog_post', 'Invisible aligners for adults', { date: '2026-10-20' }), fact('tech', 'WordPress')];
const input: ScoreInput = {
  lead: lead(),
  facts,
  agent: { keywords: ['dentist'], location: 'Mumbai', business_type: undefined, threshold: 0.6, value_proposition: 'We fill empty chair hours.' },
};

/** What a recipe does: the model if it can, else the heuristic scorer, and it records which one scored. */
async function scoreWithFallback(ai: ReturnType<typeof simAi>, sink: MemorySink) {
  try {
    const m = await scoreLeadWithModel(input, ai, sink, { chargeKey: 'exec:lead_1:score' });
    return { lead_score: m.lead_score, scored_by: m.scored_by, error: null as HunterError | null };
  } catch (err) {
    const h = scoreHeuristic(input.lead, facts, input.agent);
    return { lead_score: h.lead_score, scored_by: 'heuristic' as const, error: err as HunterError };
  }
}

describe('scoring with a model', () => {
  it('asks the fast Groq model for JSON (json_object mode), validates it and weighs it like the heuristic scorer', async () => {
    const ai = simAi(sim);
    const sink = new MemorySink();
    const s = await scoreLeadWithModel(input, ai, sink, { chargeKey: 'exec:lead_1:score' });
    expect(s.score_breakdown).toEqual({ business_maturity: 0.9, intent_signals: 0.6, fit_match: 0.8 });
    expect(s.lead_score).toBe(Math.round((0.9 * 0.35 + 0.6 * 0.3 + 0.8 * 0.35) * 100) / 100);
    expect(s.quality_tier).toBe('silver');
    expect(s.scored_by).toBe('model:openai/gpt-oss-20b');
    expect(s.reasons).toHaveLength(2);
    expect(s.repaired).toBe(false);
    expect(sim.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
    expect(sim.requests[0]!.body.stream).toBeFalsy();
    expect(s.cost_micros).toBe(sink.totalMicros);
    expect([...sink.charges.keys()]).toEqual(['exec:lead_1:score:groq#1']);
  });

  it('asks once more when the answer is not the JSON asked for, and uses the corrected answer', async () => {
    const ai = simAi(sim);
    let n = 0;
    sim.options.answer = () => (n++ === 0 ? 'Sure! The lead looks great: maturity high.' : JSON.stringify({ business_maturity: '0.5', intent_signals: 40, fit_match: 0.7, reasons: 'one reason' }));
    const sink = new MemorySink();
    const s = await scoreLeadWithModel(input, ai, sink, { chargeKey: 'k' });
    expect(s.repaired).toBe(true);
    // "0.5" and 40 (a percentage) are read as 0.5 and 0.4.
    expect(s.score_breakdown).toEqual({ business_maturity: 0.5, intent_signals: 0.4, fit_match: 0.7 });
    const repair = sim.requests[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.at(-2)).toMatchObject({ role: 'assistant' });
    expect(repair.at(-1)!.content).toMatch(/not the JSON asked for/);
    expect(sink.charges.size).toBe(2);
    expect(s.cost_micros).toBe(sink.totalMicros);
  });

  it('throws MALFORMED_RESPONSE after a second bad answer, so the caller scores with the heuristic and says so', async () => {
    const ai = simAi(sim);
    sim.options.answer = () => JSON.stringify({ business_maturity: 3, verdict: 'good' });
    const sink = new MemorySink();
    const r = await scoreWithFallback(ai, sink);
    expect(r.scored_by).toBe('heuristic');
    expect(r.error?.code).toBe('MALFORMED_RESPONSE');
    expect(r.lead_score).toBe(scoreHeuristic(input.lead, facts, input.agent).lead_score);
    expect(sim.requests).toHaveLength(2);
    // The two paid answers are charged even though neither was usable.
    expect(sink.charges.size).toBe(2);
    expect((r.error as CallError).spent.cost_micros).toBe(sink.totalMicros);
  });

  it('hands over to Claude when Groq cannot answer (spend limit), and names the model that scored', async () => {
    const ai = simAi(sim);
    sim.rule('groq', 'openai/gpt-oss-20b', { kind: 'spend_limit' });
    const s = await scoreLeadWithModel(input, ai, new MemorySink(), { chargeKey: 'k' });
    expect(s.provider).toBe('anthropic');
    expect(s.scored_by).toBe('model:claude-haiku-4-5');
    expect(s.failures.map((f) => f.code)).toEqual(['SPEND_LIMIT']);
    expect(JSON.stringify(sim.requests[1]!.body.system)).toMatch(/JSON/);
  });

  it('falls back to the heuristic when every provider is down', async () => {
    const ai = simAi(sim, { retry: { maxAttempts: 1 } });
    sim.rule('groq', 'openai/gpt-oss-20b', { kind: 'server_error' });
    sim.rule('anthropic', 'claude-haiku-4-5', { kind: 'overloaded' });
    const r = await scoreWithFallback(ai, new MemorySink());
    expect(r.scored_by).toBe('heuristic');
    expect(r.error?.code).toBe('PROVIDER_OVERLOADED');
    expect((r.error as CallError).spent.failures.map((f) => f.code)).toEqual(['PROVIDER_ERROR', 'PROVIDER_OVERLOADED']);
  });

  it('throws CIRCUIT_OPEN without a call when no provider is configured', async () => {
    const ai = simAi(sim, { only: 'none' });
    const r = await scoreWithFallback(ai, new MemorySink());
    expect(r.error?.code).toBe('CIRCUIT_OPEN');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('routing with a model', () => {
  it('returns premium, basic or skip with a reason and the model that decided', async () => {
    const ai = simAi(sim);
    const r = await routeLeadWithModel({ lead: lead(), facts: input.facts, score: { lead_score: 0.9, quality_tier: 'gold' } }, ai, new MemorySink(), { chargeKey: 'k' });
    expect(r.route).toBe('premium');
    expect(r.reason).toMatch(/gold/);
    expect(r.routed_by).toBe('model:openai/gpt-oss-20b');
    expect(JSON.stringify(sim.requests[0]!.body)).toContain('tier: gold');
  });

  it('refuses a route that is not one of the three', async () => {
    const ai = simAi(sim);
    sim.options.answer = () => JSON.stringify({ route: 'platinum', reason: 'x' });
    await expect(routeLeadWithModel({ lead: lead(), facts: [], score: { lead_score: 0.9, quality_tier: 'gold' } }, ai, new MemorySink(), { chargeKey: 'k' })).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
    });
  });
});
