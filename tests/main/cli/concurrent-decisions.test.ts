import { afterAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../main/app';
import { parseAgentConfig } from '../../../main/core/agent-config';
import { toHunterError } from '../../../main/core/errors';
import { runHunter } from '../../support/hunter-cli';
import { writeSampleCsv } from '../../support/sample-csv';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-decisions-');
afterAll(() => tmp.cleanup());

/** Polls until `ok` holds, on the loop's own clock: no fixed sleep that a busy machine would outrun. */
async function until(ok: () => boolean, what: string, limitMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the rep\'s decisions while runs write', () => {
  it('saves 20 approvals, edits, a rejection and a grant made during two concurrent runs in other processes', { timeout: 300_000 }, async () => {
    const db = tmp.file('busy.db');
    const small = tmp.file('small.csv');
    const big = tmp.file('big.csv');
    writeSampleCsv(small, 40);
    writeSampleCsv(big, 2500);
    // Drafts to decide on, from a first run.
    const app = HunterApp.open({ dbFile: db, env: {} });
    const store = app.createWorkspace('Busy', { credits: 10_000 });
    const first = app.createExecution(store, { csv: small, agent: parseAgentConfig({ keywords: ['dentist'], location: 'Portland' }), offline: true });
    await app.run(store, first.id);
    const drafts = store.drafts.list({ status: 'pending_review' });
    expect(drafts.length).toBeGreaterThanOrEqual(24);

    // Two runs in two other processes, writing to the same file.
    const runs = [0, 1].map(() => runHunter(['run', '--csv', big, '--db', db, '--workspace', 'Busy', '--offline', '--json']));
    const steps = () => (store.db.prepare("SELECT COUNT(DISTINCT execution_id) AS n FROM steps WHERE execution_id <> ?").get(first.id) as { n: number }).n;
    await until(() => steps() >= 2, 'both runs to write steps');

    const failures: string[] = [];
    const decide = (what: string, fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        failures.push(`${what}: ${toHunterError(err).code} ${toHunterError(err).message}`);
      }
    };
    const rep = { type: 'rep' as const, id: 'rep' };
    for (const d of drafts.slice(0, 20)) decide(`approve ${d.id}`, () => store.drafts.setStatus(d.id, 'approved', rep));
    decide('edit', () => store.drafts.edit(drafts[20]!.id, 'Hi Maya,\n\nA shorter note from me.\n\nAlex', null, rep));
    decide('reject', () => store.drafts.setStatus(drafts[21]!.id, 'rejected', rep));
    decide('grant', () => store.ledger.grant(5_000_000, 'top-up during a run', rep));
    // An approval needs an address to export to; these two are given one (as the rep would in the window).
    for (const d of drafts.slice(22, 24)) if (!d.recipient) store.drafts.setRecipient(d.id, `office+${d.id.slice(-6)}@practice.example`, null, rep);
    // And from the CLI, in its own process, while both runs still write.
    const cli = await runHunter(['drafts', 'approve', drafts[22]!.id, drafts[23]!.id, '--db', db, '--workspace', 'Busy', '--json']);
    // The CLI answers with what the app answers: the drafts as rows.
    expect(JSON.parse(cli.stdout).map((d: { status: string }) => d.status)).toEqual(['approved', 'approved']);
    expect(cli.code, cli.stderr).toBe(0);
    const stillWriting = steps();

    const done = await Promise.all(runs);
    for (const r of done) expect(r.code, r.stderr).toBe(0);
    expect(failures).toEqual([]);
    expect(stillWriting).toBe(2);
    const after = new Map(store.drafts.list({}).map((d) => [d.id, d]));
    for (const d of [...drafts.slice(0, 20), drafts[22]!, drafts[23]!]) expect(after.get(d.id)!.status).toBe('approved');
    expect(after.get(drafts[20]!.id)!.current_version).toBe('edited');
    expect(after.get(drafts[21]!.id)!.status).toBe('rejected');
    expect(store.audit.verify().ok).toBe(true);
    app.close();
  });

  it('two runs at once stop near an empty balance instead of spending it twice', { timeout: 300_000 }, async () => {
    const db = tmp.file('money.db');
    const csv = tmp.file('money.csv');
    writeSampleCsv(csv, 2500);
    const app = HunterApp.open({ dbFile: db, env: {} });
    const store = app.createWorkspace('Money', { credits: 4 });
    const runs = await Promise.all([0, 1].map(() => runHunter(['run', '--csv', csv, '--db', db, '--workspace', 'Money', '--offline', '--json'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(3);
    // Each process holds its own steps in flight; what the other spent is re-read before the balance runs out.
    const left = store.ledger.balance().balance_micros / 1e6;
    expect(left).toBeLessThan(0.05);
    expect(left).toBeGreaterThan(-0.05);
    app.close();
  });
});
