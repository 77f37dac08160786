import { describe, expect, it } from 'vitest';
import { createAi } from '../../../main/ai/layer';
import { scoreLeadWithModel } from '../../../main/ai/model-scoring';
import { settingsFromEnv } from '../../../main/ai/settings';
import { writeDraftToEnd } from '../../../main/ai/two-stage';
import { MemorySink } from '../../support/provider-sim/memory-sink';
import { draftContext, lead } from './fixtures';

/**
 * Against the real providers, only when real keys are set (GROQ_API_KEY, ANTHROPIC_API_KEY; the base
 * URLs may point at a proxy). Each test spends a fraction of a cent.
 */
const hasGroq = !!process.env.GROQ_API_KEY?.trim();
const hasClaude = !!process.env.ANTHROPIC_API_KEY?.trim();
if (!hasGroq) console.warn('\n*** LIVE GROQ TESTS SKIPPED: GROQ_API_KEY is not set. Set it to run tests/main/ai/live.test.ts against the real Groq API. ***\n');
if (!hasClaude) console.warn('\n*** LIVE ANTHROPIC TESTS SKIPPED: ANTHROPIC_API_KEY is not set. Set it to run tests/main/ai/live.test.ts against the real Claude API. ***\n');

function liveAi() {
  return createAi(settingsFromEnv(process.env));
}

describe('live providers', () => {
  it.skipIf(!hasGroq)('Groq streams a draft and reports usage that is charged', async () => {
    const ai = liveAi();
    const sink = new MemorySink();
    const pieces: string[] = [];
    const r = await ai.call({
      provider: 'groq',
      models: ai.settings.models.draft,
      request: { system: 'Answer in one short sentence.', messages: [{ role: 'user', content: 'Say hello to a dentist in Mumbai.' }], maxTokens: 300, temperature: 0.2 },
      stream: true,
      chargeKey: 'live:groq',
      sink,
      onDelta: (t) => pieces.push(t),
    });
    expect(r.text.trim().length).toBeGreaterThan(0);
    expect(pieces.join('')).toBe(r.text);
    expect(r.input_tokens).toBeGreaterThan(0);
    expect(r.output_tokens).toBeGreaterThan(0);
    expect(sink.totalMicros).toBe(r.cost_micros);
  });

  it.skipIf(!hasClaude)('Claude streams and reports usage that is charged', async () => {
    const ai = liveAi();
    const sink = new MemorySink();
    const r = await ai.call({
      provider: 'anthropic',
      models: ai.settings.models.refine,
      request: { system: 'Answer in one short sentence.', messages: [{ role: 'user', content: 'Say hello to a dentist in Mumbai.' }], maxTokens: 60, temperature: null },
      stream: true,
      chargeKey: 'live:anthropic',
      sink,
    });
    expect(r.text.trim().length).toBeGreaterThan(0);
    expect(r.input_tokens).toBeGreaterThan(0);
    expect(sink.totalMicros).toBe(r.cost_micros);
  });

  it.skipIf(!hasGroq)('Groq scores a lead as valid JSON', async () => {
    const s = await scoreLeadWithModel(
      { lead: lead(), facts: [], agent: { keywords: ['dentist'], location: 'Mumbai', business_type: undefined, threshold: 0.6, value_proposition: '' } },
      liveAi(),
      new MemorySink(),
      { chargeKey: 'live:score' },
    );
    expect(s.lead_score).toBeGreaterThanOrEqual(0);
    expect(s.lead_score).toBeLessThanOrEqual(1);
    expect(s.scored_by).toMatch(/^model:/);
  });

  it.skipIf(!(hasGroq || hasClaude))('writes a checked draft end to end', async () => {
    const { result } = await writeDraftToEnd(draftContext(), liveAi(), { sink: new MemorySink(), chargeKey: 'live:draft' });
    expect(result).not.toBeNull();
    expect(result!.model_used).not.toBe('offline');
    expect(result!.final_text.split(/\s+/).length).toBeLessThanOrEqual(75);
    expect(result!.quality.checks.contacts_verified).toBe(true);
    console.log(`live draft (${result!.model_used} → ${result!.refine_model ?? 'no refinement'}):\n${result!.subject}\n\n${result!.final_text}`);
  });
});
