import Database from 'better-sqlite3';
import { HunterApp } from '../../main/app';
import { parseAgentConfig } from '../../main/core/agent-config';
import { Engine } from '../../main/engine/runner';
import type { Recipe } from '../../main/engine/types';
import { openDatabase, workspaceStore, Workspaces } from '../../main/store';
import { MIGRATIONS } from '../../main/store/migrations';
import { migrate } from '../../main/store/migrate';
import { writeSampleCsv } from '../support/sample-csv';
import { tempDir } from '../support/temp';
import { round, type BenchResult } from './harness';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

/** The offline pipeline (all five recipes) on a 100 000-row CSV, against the seed's 1 000 leads/s. */
async function offlinePipeline(dir: ReturnType<typeof tempDir>): Promise<BenchResult[]> {
  const csv = dir.file('big.csv');
  writeSampleCsv(csv, ROWS);
  const app = HunterApp.open({ dbFile: dir.file('pipeline.db') });
  const store = app.createWorkspace('Bench', { credits: 100_000 });
  const agent = parseAgentConfig({ keywords: ['dentist'], location: 'Portland', concurrency: 32 });
  const ex = app.createExecution(store, { csv, agent, offline: true });
  const t = performance.now();
  const r = await app.run(store, ex.id);
  const secs = (performance.now() - t) / 1000;
  const drafts = store.drafts.count({ execution_id: ex.id });
  app.close();
  const rate = ROWS / secs;
  return [{
    name: `offline pipeline, ${ROWS.toLocaleString('en')} CSV rows, 5 recipes`,
    value: round(rate, 0), unit: 'leads/s', baseline: 1000, baseline_label: "seed's target", ratio: round(rate / 1000, 2),
    goal: '>= 1000 leads/s', pass: rate >= 1000, notes: `${secs.toFixed(1)} s, status ${r.status}, ${drafts} drafts`,
  }];
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
    return [...(await storeInsert(dir)), ...(await engineOverhead(dir)), ...(await offlinePipeline(dir))];
  } finally {
    dir.cleanup();
  }
}
