import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftRowView, EstimateView, RequestOf, RunView } from '../../../preload/contract';
import { ok, waitForRun } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-faces-');
let app: TestApp | null = null;
afterAll(async () => {
  await app?.close();
  tmp.cleanup();
});

const AGENT: RequestOf<'agents:save'>['config'] = {
  name: 'Dentists in Portland', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'], threshold: 0.6, tone: 'friendly',
  value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'sequential',
};

function csvFile(): string {
  const lines = ['Company,Website,Phone,Email,First Name,Title,Address,City,Category,Rating,Reviews'];
  for (let i = 0; i < 9; i++) {
    const thin = i % 3 === 2;
    lines.push([
      `Clinic ${i}`, thin ? '' : `https://clinic-${i}.example`, `+1 503-555-${String(1000 + i)}`, thin ? '' : `hello@clinic-${i}.example`,
      i % 2 ? 'Maya' : '', i % 2 ? 'Practice Owner' : '', `"${100 + i} SE Hawthorne Blvd, Portland, OR"`, 'Portland', 'Dentist', thin ? '' : '4.6', thin ? '' : String(60 + i),
    ].join(','));
  }
  const file = tmp.file('faces.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function cli(args: string[], db: string): Promise<unknown> {
  const r = await runHunter([...args, '--db', db, '--json']);
  expect(r.code, `hunter ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
}

/** What does not depend on which database the operation ran in: ids and times taken out. */
function same<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v), (k, x) => (/(^|_)(id|at|ids)$/.test(k) || k === 'path' || k === 'location' || k === 'started_at' || k === 'completed_at' || k === 'created_at' || k === 'expires_at' || k === 'seconds_left' ? '·' : x));
}

describe('the app and the CLI do the same things the same way', () => {
  it('run, estimate, drafts, approve, export and audit export answer alike through the IPC dispatch and through hunter', { timeout: 180_000 }, async () => {
    const csv = csvFile();
    const agentFile = tmp.file('agent.json');
    writeFileSync(agentFile, JSON.stringify(AGENT));

    // The app: a workspace, the agent, the file picked in the dialog, a run.
    app = createTestApp();
    await ok(app, 'workspace:create', { name: 'Faces', sender_name: 'Alex Rivera', sender_email: 'alex@chairfill.example', company: 'ChairFill' });
    const agent = await ok(app, 'agents:save', { config: AGENT });
    app.pickQueue.push(csv);
    await ok(app, 'dialog:open-csv', {});
    const estimateApp = await ok(app, 'runs:estimate', { agent_id: agent.id, csv_path: csv });
    const { execution_id } = await ok(app, 'runs:start', { agent_id: agent.id, csv_path: csv });
    const runApp = await waitForRun(app.emitter, execution_id, (r) => ['completed', 'partial', 'failed'].includes(r.status), 60_000);

    // The CLI: the same workspace, sender and agent, the same file.
    const db = tmp.file('cli.db');
    await cli(['workspaces', 'create', 'Faces'], db);
    for (const [k, v] of [['sender.name', 'Alex Rivera'], ['sender.email', 'alex@chairfill.example'], ['sender.company', 'ChairFill']]) await cli(['settings', 'set', k!, v!, '--workspace', 'Faces'], db);
    const estimateCli = (await cli(['estimate', '--csv', csv, '--agent', agentFile, '--workspace', 'Faces'], db)) as EstimateView;
    const summary = (await cli(['run', '--csv', csv, '--agent', agentFile, '--offline', '--workspace', 'Faces'], db)) as { execution_id: string };
    const runCli = (await cli(['runs', 'show', summary.execution_id, '--workspace', 'Faces'], db)) as RunView;

    expect(same(estimateCli)).toEqual(same(estimateApp));
    expect(same({ ...runCli, agent_name: '·' })).toEqual(same({ ...runApp, agent_name: '·' }));
    expect(runApp.funnel.find((f) => f.stage === 'drafted')!.count).toBeGreaterThan(3);

    const draftsApp = await ok(app, 'drafts:list', { status: 'pending_review' });
    const draftsCli = (await cli(['drafts', 'list', '--status', 'pending_review', '--workspace', 'Faces'], db)) as { rows: DraftRowView[]; total: number };
    expect(same(draftsCli)).toEqual(same(draftsApp));

    const firstApp = draftsApp.rows[0]!;
    const firstCli = draftsCli.rows[0]!;
    const approvedApp = await ok(app, 'drafts:approve', { id: firstApp.id });
    const [approvedCli] = (await cli(['drafts', 'approve', firstCli.id, '--workspace', 'Faces'], db)) as DraftRowView[];
    expect(same(approvedCli)).toEqual(same(approvedApp));

    const exportApp = await ok(app, 'export:run', { format: 'eml' });
    const exportCli = (await cli(['export', '--format', 'eml', '--out', tmp.file('eml-cli'), '--workspace', 'Faces'], db)) as { exported: number; skipped: unknown[]; format: string };
    expect({ format: exportCli.format, exported: exportCli.exported, skipped: exportCli.skipped.length }).toEqual({ format: exportApp.format, exported: exportApp.exported, skipped: exportApp.skipped.length });
    expect(exportApp.exported).toBe(1);

    const auditApp = await ok(app, 'audit:export', {});
    const out = tmp.file('audit-cli.json');
    const auditCli = (await cli(['audit', 'export', '--out', out, '--workspace', 'Faces'], db)) as { entries: number; verification: { ok: boolean } };
    expect(auditCli.verification.ok).toBe(true);
    expect(auditApp.verification.ok).toBe(true);
    // The same operations leave the same trail, entry for entry (the settings were set one by one in the CLI).
    // Charges are audited per commit batch, and how the steps fall into batches depends on timing: a run of
    // batch entries counts as one.
    const actions = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ action: { type: string } }> }).entries
      .map((e) => e.action.type).filter((a) => a !== 'settings_changed' && a !== 'workspace_created')
      .filter((a, i, all) => !(a === 'credit_deducted' && all[i - 1] === 'credit_deducted'));
    expect(actions(out)).toEqual(actions(auditApp.path));
    expect(join(auditApp.path)).toMatch(/audit-ws_.*\.json$/);
  });
});
