import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Channel, RequestOf, Responses, RunEventView } from '../../preload/contract';
import { ok } from '../support/bridge/calls';
import { createTestApp } from '../support/bridge/in-process';
import { writeSampleCsv } from '../support/sample-csv';
import { startServices } from '../support/services';
import { tempDir } from '../support/temp';
import { round, type BenchResult } from './harness';

/**
 * The window's thread while a run works: how late its event loop gets (a late loop is a stalled window:
 * input, painting and IPC wait). Measured idle first (the baseline), then during the same run done on
 * this thread (the handlers in-process) and on the services thread, as the app does it.
 */
const LEADS = 5000;
const AGENT: RequestOf<'agents:save'>['config'] = {
  name: 'Bench', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'], threshold: 0.6, tone: 'friendly',
  value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'parallel',
};

type Call = <C extends Channel>(channel: C, req: RequestOf<C>) => Promise<Responses[C]>;

interface Delay { p50: number; p99: number; max: number; seconds: number }

/** Event-loop delay on this thread (ms) while `work` runs. */
async function delayWhile(work: () => Promise<void>): Promise<Delay> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, seconds };
}

/** Creates a workspace and an agent, picks the CSV and runs it to the end, measuring this thread meanwhile. */
async function runMeasured(call: Call, pick: (file: string) => void, onRun: (fn: (e: RunEventView[]) => void) => () => void, dir: string): Promise<Delay> {
  await call('workspace:create', { name: 'Bench', sender_name: 'Alex Rivera', sender_email: 'alex@chairfill.example' });
  const agent = await call('agents:save', { config: AGENT });
  const csv = `${dir}/leads.csv`;
  writeSampleCsv(csv, LEADS);
  pick(csv);
  await call('dialog:open-csv', {});
  return delayWhile(async () => {
    let off = () => undefined as void;
    const finished = new Promise<void>((resolve) => {
      off = onRun((events) => {
        if (events.some((e) => ['completed', 'partial', 'failed'].includes(e.run.status))) resolve();
      });
    });
    await call('runs:start', { agent_id: agent.id, csv_path: csv });
    await finished;
    off();
  });
}

async function inProcess(): Promise<Delay> {
  const t = createTestApp();
  try {
    const call: Call = (channel, req) => ok(t, channel, req);
    return await runMeasured(call, (f) => t.pickQueue.push(f), (fn) => {
      t.emitter.on('run:events', fn);
      return () => void t.emitter.off('run:events', fn);
    }, t.dir);
  } finally {
    await t.close();
  }
}

async function onServicesThread(): Promise<Delay> {
  const tmp = tempDir('hunter-bench-services-');
  const s = await startServices({ dbFile: tmp.file('hunter.db'), dataDir: tmp.dir });
  try {
    return await runMeasured(s.call, (f) => s.pickQueue.push(f), (fn) => {
      s.events.on('run:events', fn);
      return () => void s.events.off('run:events', fn);
    }, tmp.dir);
  } finally {
    await s.host.close();
    tmp.cleanup();
  }
}

export default async function servicesBench(): Promise<BenchResult[]> {
  const idle = await delayWhile(() => new Promise((r) => setTimeout(r, 3000)));
  const here = await inProcess();
  const off = await onServicesThread();
  const fmt = (d: Delay) => `p50 ${round(d.p50, 1)} ms, p99 ${round(d.p99, 1)} ms, max ${round(d.max, 1)} ms over ${round(d.seconds, 1)} s`;
  return [
    {
      name: `window thread's event-loop delay p99 during a ${LEADS.toLocaleString('en')}-lead run on the services thread`,
      value: round(off.p99, 1), unit: 'ms', baseline: round(idle.p99, 1), baseline_label: 'idle, same run',
      ratio: round(off.p99 / idle.p99, 2), goal: 'p99 ≤ 16.7 ms (one frame)', pass: off.p99 <= 16.7,
      notes: `services thread: ${fmt(off)}; the same run on the window's thread: ${fmt(here)}; idle: ${fmt(idle)}`,
    },
    {
      // The longest single stall; an idle loop on a busy machine has some too, so that is the baseline.
      name: `window thread's longest stall during the run on the services thread`,
      value: round(off.max, 1), unit: 'ms', baseline: round(idle.max, 1), baseline_label: 'idle, same run',
      ratio: round(off.max / idle.max, 2), goal: '≤ idle + 16.7 ms (one frame)', pass: off.max <= idle.max + 16.7,
    },
    {
      name: `run time of ${LEADS.toLocaleString('en')} leads on the services thread`,
      value: round(off.seconds, 2), unit: 's', baseline: round(here.seconds, 2), baseline_label: 'same run on the window thread',
      ratio: round(off.seconds / here.seconds, 2), goal: '≤ 1.2 (moving the work costs little)', pass: off.seconds / here.seconds <= 1.2,
    },
  ];
}
