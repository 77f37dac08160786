import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { writeSampleCsv } from '../../support/sample-csv';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-crash-');
afterAll(() => tmp.cleanup());
const LEADS = 3000;


describe('a run killed at any instant', () => {
  const csv = tmp.file('leads.csv');
  writeSampleCsv(csv, LEADS);

  // Twelve runs of 3 000 leads, each killed and resumed: about 4 minutes with both cores busy, so 10 to wait.
  it('finishes with `hunter resume`: every step once, one draft per qualified lead, ledger exact, audit chain intact', { timeout: 600_000 }, async () => {
    const trials = 12;
    const killedAt: string[] = [];
    for (let t = 0; t < trials; t++) {
      const db = tmp.file(`crash-${t}.db`);
      // Kill at a point of progress, not of time (machines differ): from the CSV import (0 steps) to the
      // last commits of outreach (4 steps per lead), spread over the trials with some randomness.
      const target = t === 0 ? 0 : Math.floor(((t + Math.random()) / trials) * 4 * LEADS * 0.98);
      let reader: ReturnType<typeof openDatabase> | null = null;
      const progress = () => {
        try {
          reader ??= new Database(db, { readonly: true, fileMustExist: true });
          return (reader.prepare('SELECT COUNT(*) AS n FROM steps').get() as { n: number }).n;
        } catch {
          return 0;
        }
      };
      const first = await runHunter(['run', '--csv', csv, '--db', db, '--offline'], { interruptAfterStartMs: 0, interruptWhen: () => progress() >= target });
      (reader as ReturnType<typeof openDatabase> | null)?.close();
      const delay = `${target} steps`;
      const resumed = await runHunter(['resume', '--db', db, '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const summary = JSON.parse(resumed.stdout);
      killedAt.push(`${delay}:${first.signal ?? 'finished'}:${summary.status ?? summary.message}`);

      const raw = openDatabase(db);
      const ws = new Workspaces(raw).list()[0]!;
      const store = workspaceStore(raw, ws.id);
      const ex = store.executions.list(1)[0]!;
      expect(['completed', 'partial']).toContain(ex.status);
      const leadIds = store.executions.leadIds(ex.id);
      expect(leadIds.length).toBe(LEADS);
      for (const recipe of ['discovery', 'intelligence', 'personalization', 'outreach']) {
        const r = raw.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT lead_id) AS d FROM steps WHERE execution_id = ? AND recipe_id = ?').get(ex.id, recipe) as { n: number; d: number };
        expect(r.n, `${recipe} steps`).toBe(LEADS);
        expect(r.d).toBe(LEADS);
      }
      const qualified = store.executions.steps(ex.id, 'discovery', 'done').filter((s) => (s.result as { quality_tier: string }).quality_tier !== 'skipped').length;
      const drafts = raw.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT lead_id) AS d FROM drafts WHERE execution_id = ?').get(ex.id) as { n: number; d: number };
      expect(drafts.n).toBe(qualified);
      expect(drafts.d).toBe(qualified);
      const steps = raw.prepare('SELECT COALESCE(SUM(credits_micros), 0) AS s FROM steps WHERE execution_id = ?').get(ex.id) as { s: number };
      expect(store.ledger.chargedFor(ex.id)).toBe(steps.s);
      const bal = store.ledger.balance();
      expect(bal.charged_micros).toBe(steps.s);
      const dupKeys = raw.prepare('SELECT COUNT(*) - COUNT(DISTINCT charge_key) AS d FROM credit_ledger WHERE charge_key IS NOT NULL').get() as { d: number };
      expect(dupKeys.d).toBe(0);
      expect(store.audit.verify().ok).toBe(true);
      // Deductions are audited per transaction: each entry counts (and digests) the charges it covers.
      const deducted = store.audit.list({ action: 'credit_deducted' }).reduce((n, e) => n + Number((e.changes as { charges?: number } | null)?.charges ?? 1), 0);
      const charges = raw.prepare("SELECT COUNT(*) AS n FROM credit_ledger WHERE kind = 'charge'").get() as { n: number };
      expect(deducted).toBe(charges.n);
      raw.close();
    }
    console.log(`crash trials (killed at: outcome): ${killedAt.join(', ')}`);
    expect(killedAt.filter((k) => k.includes('SIGKILL') && k.endsWith('completed')).length).toBeGreaterThanOrEqual(10);
  });

  it('pauses cleanly on Ctrl-C (SIGINT): exit code 3, status paused, and resume finishes it', { timeout: 120_000 }, async () => {
    const db = tmp.file('sigint.db');
    const first = await runHunter(['run', '--csv', csv, '--db', db, '--offline'], { interruptAfterStartMs: 300, signal: 'SIGINT' });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/Pausing after the steps in flight/);
    expect(first.stdout).toMatch(/paused/);
    const raw = openDatabase(db);
    const store = workspaceStore(raw, new Workspaces(raw).list()[0]!.id);
    expect(store.executions.list(1)[0]!.status).toBe('paused');
    raw.close();
    const resumed = await runHunter(['resume', '--db', db, '--json']);
    expect(JSON.parse(resumed.stdout).status).toBe('completed');
  });
});
