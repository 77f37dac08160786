import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../main/engine/runner';
import type { Recipe } from '../../main/engine/types';
import { openDatabase, workspaceStore, Workspaces } from '../../main/store';
import { MIGRATIONS } from '../../main/store/migrations';
import { migrate } from '../../main/store/migrate';
import { writeSampleCsv } from '../support/sample-csv';
import { tempDir } from '../support/temp';
import { round, type BenchResult } from './harness';
import { Profile } from './profile';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

interface ChildRun {
  rows: number; status: string; error: unknown; drafts: number; leads: number; start_us: number; end_us: number; seconds: number;
  peak_rss_bytes: number; sampled_peak_rss_bytes: number; rss_before_run_bytes: number; peak_heap_used_bytes: number; peak_heap_total_bytes: number;
  peak_external_bytes: number; heap_limit_bytes: number; event_loop_max_delay_ms: number; db_bytes: number;
  tables: Array<{ name: string; bytes: number }>;
  marks: Array<{ t: number; type: string; recipe: string | null; phase: string | null; processed: number | null }>;
  timeline: Array<{ t: number; rss: number; heap: number }>;
}

const CHILD = fileURLToPath(new URL('./pipeline-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Node flags for the run's process, e.g. BENCH_CHILD_FLAGS="--max-old-space-size=256" to try a heap cap. */
const CHILD_FLAGS = (process.env.BENCH_CHILD_FLAGS ?? '').split(/\s+/).filter(Boolean);
/** Rows of the profiled run (a second run, so the profiler's cost is in neither figure of the first); 0 for none. */
const PROFILE_ROWS = Number(process.env.BENCH_PROFILE_ROWS ?? Math.min(ROWS, 20_000));

/** One run of the pipeline in a child process (so its peak memory is the run's alone); what it measured. */
function runChild(dir: ReturnType<typeof tempDir>, csv: string, rows: number, name: string, flags: string[] = []): ChildRun {
  const out = dir.file(`${name}.json`);
  const r = spawnSync(process.execPath, [...CHILD_FLAGS, ...flags, '--import', 'tsx', CHILD, csv, dir.file(`${name}.db`), out, String(rows)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`the pipeline run (${name}) exited with ${r.status ?? r.signal}`);
  return JSON.parse(readFileSync(out, 'utf8')) as ChildRun;
}

/** The longest stretch with no engine event at all, and the gaps between one step recipe's last event and the next one's first. */
function stalls(run: ChildRun): { longest: { ms: number; after: string; before: string }; between: Array<{ from: string; to: string; ms: number }> } {
  const marks = [...run.marks, { t: run.end_us, type: 'end', recipe: null, phase: null, processed: null }].sort((a, b) => a.t - b.t);
  const label = (m: ChildRun['marks'][number]) => `${m.type}${m.recipe ? ` ${m.recipe}` : ''}${m.phase ? `/${m.phase}` : ''}${m.processed != null ? ` @${m.processed}` : ''}`;
  let longest = { ms: 0, after: '', before: '' };
  for (let i = 1; i < marks.length; i++) {
    const ms = (marks[i]!.t - marks[i - 1]!.t) / 1000;
    if (ms > longest.ms) longest = { ms, after: label(marks[i - 1]!), before: label(marks[i]!) };
  }
  const order: string[] = [];
  for (const m of run.marks) if (m.recipe && m.type === 'progress' && !order.includes(m.recipe)) order.push(m.recipe);
  const between: Array<{ from: string; to: string; ms: number }> = [];
  for (let i = 1; i < order.length; i++) {
    const last = Math.max(...run.marks.filter((m) => m.recipe === order[i - 1] && m.type === 'progress').map((m) => m.t));
    const first = Math.min(...run.marks.filter((m) => m.recipe === order[i] && m.type === 'progress').map((m) => m.t));
    between.push({ from: order[i - 1]!, to: order[i]!, ms: (first - last) / 1000 });
  }
  // The once-recipes (subscription) come after the last step recipe: the gap to the run's end.
  const lastStep = order.length ? Math.max(...run.marks.filter((m) => m.recipe === order[order.length - 1] && m.type === 'progress').map((m) => m.t)) : run.start_us;
  between.push({ from: order[order.length - 1] ?? 'start', to: 'end of run', ms: (run.end_us - lastStep) / 1000 });
  return { longest, between };
}

/** Each step recipe's window: from the end of the one before (the run's start for the first) to its recipe_finished. */
function windows(run: ChildRun): Array<{ recipe: string; from: number; to: number }> {
  const out: Array<{ recipe: string; from: number; to: number }> = [];
  let from = run.start_us;
  for (const m of run.marks) {
    if (m.type !== 'recipe_finished' || !m.recipe) continue;
    out.push({ recipe: m.recipe, from, to: m.t });
    from = m.t;
  }
  return out;
}

const MB = 1024 * 1024;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The offline pipeline (all five recipes) on a 100 000-row CSV, in a child process: leads/s (goal 2 000),
 * the peak RSS of the process doing the run (goal 400 MB, against the same process before the run), the
 * longest stall (goal 2 s: no progress event, no step committed, and between recipes), and in the notes
 * where discovery's time goes, from a CPU profile of a second run.
 */
async function offlinePipeline(dir: ReturnType<typeof tempDir>): Promise<BenchResult[]> {
  const csv = dir.file('big.csv');
  writeSampleCsv(csv, ROWS);
  const run = runChild(dir, csv, ROWS, 'pipeline');
  const rate = ROWS / run.seconds;
  const st = stalls(run);
  const w = windows(run);
  const phases = w.map((x) => `${x.recipe} ${((x.to - x.from) / 1e6).toFixed(1)} s`).join(', ');
  const peakMb = run.peak_rss_bytes / MB;
  const betweenMax = Math.max(...st.between.map((b) => b.ms));
  const stallMs = Math.max(st.longest.ms, betweenMax);
  const dbPerLead = run.db_bytes / Math.max(1, run.leads);
  const results: BenchResult[] = [
    {
      name: `offline pipeline, ${ROWS.toLocaleString('en')} CSV rows, 5 recipes`,
      value: round(rate, 0), unit: 'leads/s', baseline: 2000, baseline_label: 'goal', ratio: round(rate / 2000, 2),
      goal: '>= 2000 leads/s', pass: rate >= 2000 && run.status === 'completed',
      notes: `${run.seconds.toFixed(1)} s, status ${run.status}, ${run.leads} leads, ${run.drafts} drafts; ${phases}; ` +
        `database ${(run.db_bytes / MB).toFixed(0)} MB, ${(dbPerLead / 1024).toFixed(1)} KB a lead (${run.tables.slice(0, 6).map((t) => `${t.name} ${(t.bytes / MB).toFixed(0)} MB`).join(', ')})`,
    },
    {
      name: `offline pipeline, ${ROWS.toLocaleString('en')} rows: peak memory of the run's process`,
      value: round(peakMb, 0), unit: 'MB RSS', baseline: round(run.rss_before_run_bytes / MB, 0), baseline_label: 'the same process before the run',
      ratio: round(peakMb / 400, 2), goal: '<= 400 MB (ratio: of the goal)', pass: peakMb <= 400,
      notes: `getrusage peak; sampled RSS peak ${(run.sampled_peak_rss_bytes / MB).toFixed(0)} MB; heap used at most ${(run.peak_heap_used_bytes / MB).toFixed(0)} MB ` +
        `of ${(run.peak_heap_total_bytes / MB).toFixed(0)} MB allocated (limit ${(run.heap_limit_bytes / MB).toFixed(0)} MB); external+buffers ${(run.peak_external_bytes / MB).toFixed(0)} MB` +
        (CHILD_FLAGS.length ? `; node flags ${CHILD_FLAGS.join(' ')}` : '') +
        `; per recipe, peak RSS / heap used: ${w.map((x) => {
          const pts = run.timeline.filter((p) => p.t >= x.from && p.t <= x.to);
          return `${x.recipe} ${(Math.max(0, ...pts.map((p) => p.rss)) / MB).toFixed(0)}/${(Math.max(0, ...pts.map((p) => p.heap)) / MB).toFixed(0)} MB`;
        }).join(', ')}`,
    },
    {
      name: `offline pipeline, ${ROWS.toLocaleString('en')} rows: longest stall`,
      value: round(stallMs, 0), unit: 'ms', baseline: 2000, baseline_label: 'goal', ratio: round(stallMs / 2000, 2),
      goal: '<= 2000 ms with no progress event or step committed, and between recipes', pass: stallMs <= 2000,
      notes: `longest with no event ${Math.round(st.longest.ms)} ms (after ${st.longest.after}, before ${st.longest.before}); between recipes: ` +
        `${st.between.map((b) => `${b.from}→${b.to} ${Math.round(b.ms)} ms`).join(', ')}; event loop blocked at most ${Math.round(run.event_loop_max_delay_ms)} ms`,
    },
  ];
  if (PROFILE_ROWS > 0) {
    const profDir = dir.file('profile');
    const pcsv = PROFILE_ROWS === ROWS ? csv : dir.file('profile.csv');
    if (pcsv !== csv) writeSampleCsv(pcsv, PROFILE_ROWS);
    const prun = runChild(dir, pcsv, PROFILE_ROWS, 'profiled', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    // BENCH_PROFILE_OUT=DIR keeps the profile and the run's figures, to look at them further.
    if (file && process.env.BENCH_PROFILE_OUT) {
      mkdirSync(process.env.BENCH_PROFILE_OUT, { recursive: true });
      copyFileSync(join(profDir, file), join(process.env.BENCH_PROFILE_OUT, 'pipeline.cpuprofile'));
      writeFileSync(join(process.env.BENCH_PROFILE_OUT, 'pipeline-run.json'), JSON.stringify(prun));
    }
    if (file) {
      const profile = new Profile(join(profDir, file));
      const disc = windows(prun).find((x) => x.recipe === 'discovery');
      const all = windows(prun).map((x) => `${x.recipe} ${((x.to - x.from) / 1e6).toFixed(1)} s`).join(', ');
      if (disc) {
        const s = profile.selfTimes(disc.from, disc.to, 10);
        results[0]!.notes +=
          `\n  profile (${PROFILE_ROWS.toLocaleString('en')} rows, profiled run: ${all}), discovery's ${(s.total_ms / 1000).toFixed(1)} s by our file (SQLite's time under the file that ran the statement): ` +
          s.by_file.map((f) => `${f.file} ${pct(f.share)}`).join(', ') +
          `\n  discovery's top self time: ` +
          s.functions.map((f) => `${f.fn} ${pct(f.share)}${f.callers[0] ? ` (from ${f.callers.map((c) => `${c.fn} ${pct(c.share)}`).join('; ')})` : ''}`).join('\n    ');
      }
    }
  }
  return results;
}

/** Engine overhead: 1 000 leads, a step of fixed 50 ms, concurrency 16, vs the ideal schedule. */
async function engineOverhead(dir: ReturnType<typeof tempDir>): Promise<BenchResult[]> {
  const db = openDatabase(dir.file('overhead.db'));
  const ws = new Workspaces(db).create({ name: 'Bench' });
  const store = workspaceStore(db, ws.id);
  store.ledger.grant(1e12, 'bench', { type: 'system', id: 'bench' });
  const N = 1000;
  const C = 16;
  const STEP_MS = 50;
  const fixed: Recipe = {
    id: 'intelligence', provider: 'local', maxStepMicros: 10, maxStepApiCalls: 0, buildPayload: () => ({}),
    step: async () => {
      await new Promise((r) => setTimeout(r, STEP_MS));
      return { status: 'done', result: { ok: true }, charges: [{ key: 'x', micros: 10, description: 'bench step' }] };
    },
  };
  const sub: Recipe = { id: 'subscription', provider: 'local', maxStepMicros: 0, maxStepApiCalls: 0, buildPayload: () => ({}), once: async () => ({ data: {}, errors: [] }) };
  const agent = store.agents.save({ concurrency: C, recipes: [{ id: 'intelligence' }, { id: 'subscription' }] });
  const ex = store.executions.create(agent.id, {});
  store.tx(() => {
    const ids = store.leads.insertMany(Array.from({ length: N }, (_, i) => ({ name: `Lead ${i}`, source: 'csv' as const, dedupe_key: `k${i}` })));
    store.executions.addLeads(ex.id, ids, 0);
  });
  // The same-run baseline: the ideal schedule is ceil(N / C) rounds of a 50 ms step, measured with real timers.
  const tIdeal = performance.now();
  for (let round_ = 0; round_ < Math.ceil(N / C); round_++) await Promise.all(Array.from({ length: C }, () => new Promise((r) => setTimeout(r, STEP_MS))));
  const ideal = performance.now() - tIdeal;
  const t = performance.now();
  await new Engine(store, [fixed, sub]).run(ex.id);
  const actual = performance.now() - t;
  db.close();
  const ratio = actual / ideal;
  return [{
    name: 'engine overhead, 1 000 leads × 50 ms step, concurrency 16', value: round(actual, 0), unit: 'ms', baseline: round(ideal, 0),
    baseline_label: 'ideal schedule, same timers', ratio: round(ratio, 3), goal: '<= 1.05', pass: ratio <= 1.05,
  }];
}

/** Inserting 100 000 leads through the store vs a raw better-sqlite3 batched insert into the same table. */
async function storeInsert(dir: ReturnType<typeof tempDir>): Promise<BenchResult[]> {
  const N = 100_000;
  const leads = Array.from({ length: N }, (_, i) => ({
    name: `Harbor Dental ${i}`, website: `https://harbor-${i}.example`, domain: `harbor-${i}.example`, phone: `+1503555${String(i).padStart(4, '0')}`,
    city: 'Portland', category: 'Dentist', rating: 4.5, review_count: 100, source: 'csv' as const, dedupe_key: `domain:harbor-${i}.example`,
  }));
  const now = new Date().toISOString();
  // Raw: one prepared INSERT, same schema, same pragmas, batches of 1 000 per transaction as discovery writes.
  const rawRun = (file: string): number => {
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    migrate(raw, MIGRATIONS);
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'raw', '2026-01-01')").run();
    const ins = raw.prepare(`INSERT INTO leads (id, workspace_id, name, website, domain, phone, city, category, rating, review_count, sources, dedupe_key, created_at, updated_at)
      VALUES (?, 'ws', ?, ?, ?, ?, ?, ?, ?, ?, '["csv"]', ?, ?, ?)`);
    const t = performance.now();
    for (let b = 0; b < N; b += 1000) {
      raw.transaction(() => {
        for (let i = b; i < Math.min(N, b + 1000); i++) {
          const l = leads[i]!;
          ins.run(`lead_raw${i}`, l.name, l.website, l.domain, l.phone, l.city, l.category, l.rating, l.review_count, l.dedupe_key, now, now);
        }
      })();
    }
    const ms = performance.now() - t;
    raw.close();
    return ms;
  };
  const storeRun = (file: string): number => {
    const db = openDatabase(file);
    const store = workspaceStore(db, new Workspaces(db).create({ name: 'Bench' }).id);
    const t = performance.now();
    for (let i = 0; i < N; i += 1000) store.tx(() => store.leads.insertMany(leads.slice(i, i + 1000)));
    const ms = performance.now() - t;
    db.close();
    return ms;
  };
  // Alternate three rounds and take each side's median, so a noisy moment does not land on one side only.
  const rawTimes: number[] = [];
  const storeTimes: number[] = [];
  for (let r = 0; r < 3; r++) {
    rawTimes.push(rawRun(dir.file(`raw-${r}.db`)));
    storeTimes.push(storeRun(dir.file(`store-${r}.db`)));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
  const rawMs = median(rawTimes);
  const storeMs = median(storeTimes);
  const rawRate = N / (rawMs / 1000);
  const storeRate = N / (storeMs / 1000);
  return [{
    name: 'insert 100 000 leads through the store', value: round(storeRate, 0), unit: 'leads/s', baseline: round(rawRate, 0),
    baseline_label: 'raw better-sqlite3 batched insert', ratio: round(storeRate / rawRate, 3), goal: '>= 0.8 of raw', pass: storeRate / rawRate >= 0.8,
  }];
}

export default async function pipelineBench(): Promise<BenchResult[]> {
  const dir = tempDir('hunter-bench-');
  try {
    // BENCH_PARTS=offline runs only the pipeline (for quick iterations); all three by default.
    const parts = (process.env.BENCH_PARTS ?? 'insert,overhead,offline').split(',');
    return [
      ...(parts.includes('insert') ? await storeInsert(dir) : []),
      ...(parts.includes('overhead') ? await engineOverhead(dir) : []),
      ...(parts.includes('offline') ? await offlinePipeline(dir) : []),
    ];
  } finally {
    dir.cleanup();
  }
}
