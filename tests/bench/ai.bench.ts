import { createAi } from '../../main/ai/layer';
import { aiSettings } from '../../main/ai/settings';
import { writeDraft } from '../../main/ai/two-stage';
import { startProviderSim, tokenize, type ProviderSim } from '../support/provider-sim';
import { startProviderSimInWorker } from '../support/provider-sim/worker';
import { MemorySink } from '../support/provider-sim/memory-sink';
import { draftContext } from '../main/ai/fixtures';
import { percentile, round, type BenchResult } from './harness';
import { rawFirstTokenMs } from '../support/provider-sim/raw-first-token';

const TTFT_MS = 120;
const GROQ_TPS = 400;
const CLAUDE_TPS = 200;

/** A fixed answer (no subject line, so the first token is the first text the rep sees). */
const ANSWER =
  'Hi Anita, I read your post on invisible aligners for adults at Bright Smile Dental and liked how plainly it explains the treatment. ' +
  'We fill empty chair hours for clinics in Mumbai with patients who book online. Would a 15-minute call next week be useful? Sam';
const TOKENS = tokenize(ANSWER).length;

function aiFor(sim: { url: string }, providers: 'groq' | 'both') {
  return createAi(
    aiSettings({
      groq: { apiKey: 'gsk_benchKEY0000000000', baseURL: sim.url, timeoutMs: 10_000, idleTimeoutMs: 5_000 },
      anthropic: providers === 'both' ? { apiKey: 'sk-ant-benchKEY000000', baseURL: sim.url, timeoutMs: 10_000, idleTimeoutMs: 5_000 } : null,
      models: { draft: ['openai/gpt-oss-20b'], refine: ['claude-haiku-4-5'] },
    }),
  );
}

/** Time from asking for a draft to its first `draft` event. */
async function firstTokenMs(ai: ReturnType<typeof aiFor>, i: number): Promise<number> {
  const t0 = performance.now();
  let first = NaN;
  for await (const e of writeDraft(draftContext(), ai, { sink: new MemorySink(), chargeKey: `bench:ttft:${i}` })) {
    if (e.type === 'draft' && Number.isNaN(first)) first = performance.now() - t0;
  }
  return first;
}


export default async function aiBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sim = await startProviderSim({ answer: () => ANSWER, ttftMs: TTFT_MS, tokensPerSecond: GROQ_TPS });
  try {
    // 1. Time to the first draft token through the whole layer (prompt, SDK, idle timer, subject
    //    splitting, event queue), against the simulator's configured time to first token.
    const groqOnly = aiFor(sim, 'groq');
    for (let i = 0; i < 3; i++) await firstTokenMs(groqOnly, -i); // warm up the SDK and the connection
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 30; i++) {
      ours.push(await firstTokenMs(groqOnly, i));
      raw.push(await rawFirstTokenMs(sim));
    }
    ours.sort((a, b) => a - b);
    raw.sort((a, b) => a - b);
    const p50 = percentile(ours, 50);
    const overhead = p50 - TTFT_MS;
    results.push({
      name: 'time to first draft token, p50 of 30 (Groq through our layer)',
      value: round(p50, 1),
      unit: 'ms',
      baseline: TTFT_MS,
      baseline_label: "simulator's configured time to first token",
      ratio: round(overhead, 1),
      goal: 'overhead (value − baseline) ≤ 10 ms',
      pass: overhead <= 10,
      notes: `p90 ${round(percentile(ours, 90), 1)} ms; plain fetch without SDK p50 ${round(percentile(raw, 50), 1)} ms (overhead ${round(percentile(raw, 50) - TTFT_MS, 1)} ms)`,
    });
  } finally {
    await sim.stop();
  }

  // 2. 100 two-stage drafts, 32 at a time, against the ideal schedule: ceil(100/32) waves, each as long
  //    as one draft takes on the simulator's clock (a Groq stream, then a Claude stream). The simulator
  //    runs on its own thread here: a real provider does not spend our CPU.
  const worker = await startProviderSimInWorker({ fixedAnswer: ANSWER, ttftMs: TTFT_MS, tokensPerSecond: { groq: GROQ_TPS, anthropic: CLAUDE_TPS } });
  try {
    const both = aiFor(worker, 'both');
    const stageMs = (tps: number) => TTFT_MS + ((TOKENS - 1) * 1000) / tps;
    const ideal = Math.ceil(100 / 32) * (stageMs(GROQ_TPS) + stageMs(CLAUDE_TPS));
    // Warm up with one full wave, so the connection pool holds 32 connections as it would in a run.
    await Promise.all(Array.from({ length: 32 }, (_, i) => drain(both, `warm${i}`)));
    const before = await worker.requestCount();
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < 100) {
          const i = next++;
          await drain(both, `c${i}`);
          done++;
        }
      }),
    );
    const took = performance.now() - t0;
    const ratio = took / ideal;
    results.push({
      name: '100 two-stage drafts at concurrency 32',
      value: round(took, 0),
      unit: 'ms',
      baseline: round(ideal, 0),
      baseline_label: `ideal schedule: 4 waves × (Groq ${round(stageMs(GROQ_TPS), 0)} ms + Claude ${round(stageMs(CLAUDE_TPS), 0)} ms)`,
      ratio: round(ratio, 3),
      goal: '≤ 1.05',
      pass: ratio <= 1.05 && done === 100,
      notes: `${(await worker.requestCount()) - before} requests, ${TOKENS} tokens per answer, simulator on a worker thread`,
    });
  } finally {
    await worker.stop();
  }
  return results;
}
async function drain(ai: ReturnType<typeof aiFor>, key: string): Promise<void> {
  for await (const e of writeDraft(draftContext(), ai, { sink: new MemorySink(), chargeKey: `bench:${key}` })) {
    if (e.type === 'error') throw new Error(`bench draft failed: ${e.code} ${e.message}`);
  }
}
