/**
 * One offline pipeline run in a process of its own, for `npm run bench -- pipeline`: the parent starts
 * it (with --cpu-prof when a profile is asked for) so that its peak memory is the run's alone, and reads
 * what it measured from the JSON file it writes.
 *
 *   node --import tsx tests/bench/pipeline-child.ts CSV DB OUT.json ROWS
 *
 * Measured: wall time of the run; peak RSS (getrusage's ru_maxrss, which no sampling can miss) and a
 * sampled heap, for telling the live set from a heap that just grew; every engine event's time, from
 * which the longest stall (no progress event and no step committed) and the gaps between one recipe's
 * last step and the next one's first are worked out; each recipe's window on the monotonic clock the
 * CPU profile uses, so the parent can say where discovery's time went.
 */
import { statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HunterApp } from '../../main/app';
import { parseAgentConfig } from '../../main/core/agent-config';
import type { ExecutionEvent } from '../../main/engine/types';

const [csv, dbFile, outFile, rowsArg] = process.argv.slice(2) as [string, string, string, string];
const ROWS = Number(rowsArg);

/** Microseconds on the monotonic clock (uv_hrtime: CLOCK_MONOTONIC, the clock V8's profiler stamps samples with). */
const micros = () => Number(process.hrtime.bigint() / 1000n);

interface Mark { t: number; type: ExecutionEvent['type']; recipe: string | null; phase: string | null; processed: number | null }

const marks: Mark[] = [];
let peakHeapUsed = 0;
let peakHeapTotal = 0;
let peakExternal = 0;
let sampledRss = 0;
/** RSS and heap in use over the run, a point every quarter second. */
const timeline: Array<{ t: number; rss: number; heap: number }> = [];
let lastPoint = 0;
const sample = () => {
  const m = process.memoryUsage();
  const t = micros();
  if (t - lastPoint >= 250_000) {
    timeline.push({ t, rss: m.rss, heap: m.heapUsed });
    lastPoint = t;
  }
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
  peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
  sampledRss = Math.max(sampledRss, m.rss);
};
const sampler = setInterval(sample, 50);
const loop = monitorEventLoopDelay({ resolution: 10 });

const app = HunterApp.open({ dbFile });
const store = app.createWorkspace('Bench', { credits: 1_000_000 });
const agent = parseAgentConfig({ keywords: ['dentist'], location: 'Portland', concurrency: 32 });
const ex = app.createExecution(store, { csv, agent, offline: true });
// The recipes load when a run first needs them; loaded here, so that tsx compiling them (the product's
// build is one bundle) is in neither the run's time nor its stalls.
await import('../../main/run-cookbook');
const rssBefore = process.memoryUsage().rss;
loop.enable();
const t0 = micros();
marks.push({ t: t0, type: 'progress', recipe: null, phase: 'start', processed: null });
const r = await app.run(store, ex.id, {
  onEvent: (e) => marks.push({ t: micros(), type: e.type, recipe: e.progress?.recipe_id ?? e.recipe_id ?? null, phase: e.progress?.phase ?? null, processed: e.progress?.processed ?? null }),
});
const t1 = micros();
loop.disable();
clearInterval(sampler);
sample();
const drafts = store.drafts.count({ execution_id: ex.id });
const leads = store.leads.count();
// Bytes per table and index, from SQLite's own page accounting, for the database size per lead.
let tables: Array<{ name: string; bytes: number }> = [];
try {
  tables = app.db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12').all() as typeof tables;
} catch {
  // dbstat is not compiled into every SQLite.
}
app.close();
const size = (f: string) => {
  try {
    return statSync(f).size;
  } catch {
    return 0;
  }
};

writeFileSync(outFile, JSON.stringify({
  rows: ROWS,
  status: r.status,
  error: r.error,
  drafts,
  leads,
  start_us: t0,
  end_us: t1,
  seconds: (t1 - t0) / 1e6,
  // ru_maxrss is in kilobytes on Linux.
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  sampled_peak_rss_bytes: sampledRss,
  rss_before_run_bytes: rssBefore,
  peak_heap_used_bytes: peakHeapUsed,
  peak_heap_total_bytes: peakHeapTotal,
  peak_external_bytes: peakExternal,
  heap_limit_bytes: (await import('node:v8')).getHeapStatistics().heap_size_limit,
  event_loop_max_delay_ms: loop.max / 1e6,
  db_bytes: size(dbFile) + size(`${dbFile}-wal`),
  tables,
  marks,
  timeline,
}));
