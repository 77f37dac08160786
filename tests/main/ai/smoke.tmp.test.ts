import { it, expect } from 'vitest';
import { startProviderSim } from '../../support/provider-sim';
import { MemorySink } from '../../support/provider-sim/memory-sink';
import { createAi } from '../../../main/ai/layer';
import { aiSettings } from '../../../main/ai/settings';

it('smoke', async () => {
  const sim = await startProviderSim({ ttftMs: 20, tokensPerSecond: 500 });
  const ai = createAi(aiSettings({ groq: { apiKey: 'gsk_test', baseURL: sim.url }, anthropic: { apiKey: 'sk-ant-test', baseURL: sim.url } }));
  const sink = new MemorySink();
  const deltas: string[] = [];
  const r = await ai.call({ provider: 'groq', models: ['openai/gpt-oss-20b'], request: { system: 'Write', messages: [{ role: 'user', content: 'Acme Dental in Mumbai' }], maxTokens: 100, temperature: 0.5 }, stream: true, chargeKey: 'k', sink, onDelta: (t) => deltas.push(t) });
  console.log(r, deltas.length);
  const r2 = await ai.call({ provider: 'anthropic', models: ['claude-haiku-4-5'], request: { system: 'Write', messages: [{ role: 'user', content: 'Acme Dental in Mumbai' }], maxTokens: 100, temperature: null }, stream: true, chargeKey: 'k2', sink });
  console.log(r2);
  const r3 = await ai.call({ provider: 'groq', models: ['openai/gpt-oss-20b'], request: { system: 'score business_maturity', messages: [{ role: 'user', content: 'x' }], maxTokens: 100, temperature: 0, json: true }, stream: false, chargeKey: 'k3', sink });
  console.log(r3.text, sink.charges, sim.reportedUsage(), sim.requests.map(q => q.headers['user-agent']));
  await sim.stop();
});
