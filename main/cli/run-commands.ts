import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HunterApp } from '../app';
import { readAgentFile } from '../app';
import { HunterError } from '../core/errors';
import { ExecutionControl, type ExecutionResult } from '../engine/runner';
import type { WorkspaceStore } from '../store';
import { userDataDir } from '../store/paths';
import { checkCsv } from '../sources/csv';
import { type Cli, need } from './context';
import { csvImportFlags } from './csv-commands';
import { ProgressReporter } from './progress';
import { loadSampleWorkspace, sampleDir } from '../sample';

/** The JSON that `demo --json` and `run --json` end with. */
export function runSummary(store: WorkspaceStore, r: ExecutionResult) {
  return {
    execution_id: r.execution_id,
    status: r.status,
    error: r.error,
    recipes: r.recipes.map((o) => ('metadata' in o ? { recipe_id: o.recipe_id, status: o.status, ...o.metadata, errors: o.errors.length } : { recipe_id: o.recipe_id, status: o.status })),
    drafts_pending_review: store.drafts.count({ status: 'pending_review', execution_id: r.execution_id }),
    credits_consumed: r.credits_consumed,
    credits_remaining: store.ledger.balance().balance_micros / 1e6,
  };
}

function human(store: WorkspaceStore, r: ExecutionResult): string {
  const s = runSummary(store, r);
  const lines = [`Execution ${s.execution_id}: ${s.status}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`];
  for (const x of s.recipes) {
    lines.push(`  ${x.recipe_id.padEnd(16)} ${String(x.status).padEnd(8)} ${'records_processed' in x ? `${x.records_succeeded} ok, ${x.records_failed} failed, ${x.credits_consumed} credits` : ''}`);
  }
  lines.push(`${s.drafts_pending_review} draft(s) waiting for review. Credits used: ${s.credits_consumed}; left: ${s.credits_remaining}.`);
  if (s.status === 'paused') lines.push('Resume with: hunter resume ' + s.execution_id);
  else if (s.drafts_pending_review > 0) lines.push('Review them with: hunter drafts list');
  return lines.join('\n');
}

/** Runs an execution with a progress display; Ctrl-C pauses it cleanly (a second Ctrl-C quits at once). */
async function runWithProgress(cli: Cli, app: HunterApp, store: WorkspaceStore, executionId: string): Promise<ExecutionResult> {
  const control = new ExecutionControl();
  const reporter = new ProgressReporter(process.stderr, !!process.stderr.isTTY, cli.flags.json && !process.stderr.isTTY);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nPausing after the steps in flight… (Ctrl-C again to quit now; nothing committed is lost)\n');
    control.pause();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    return await app.run(store, executionId, { control, onEvent: reporter.handle });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function exitCodeFor(r: ExecutionResult): number {
  if (r.status === 'completed' || r.status === 'partial') return 0;
  if (r.status === 'paused') return 3;
  return 1;
}

export async function demoCommand(cli: Cli): Promise<number> {
  // The sample lives in its own file, made afresh each time, so the demo never touches the rep's data.
  const file = cli.flags.db ?? join(userDataDir(), 'sample-workspace.db');
  if (!cli.flags.db) for (const f of [file, file + '-wal', file + '-shm']) if (existsSync(f)) rmSync(f);
  const app = cli.openApp(file);
  try {
    const { store, execution } = loadSampleWorkspace(app, { mode: cli.flags.mode as string | undefined });
    if (!cli.flags.json) process.stderr.write(`The Hunter demo: sample workspace from ${sampleDir()}, database ${file}\n`);
    const r = await runWithProgress(cli, app, store, execution.id);
    cli.print(runSummary(store, r), () => human(store, r) + `\nSee one: hunter drafts show ID --db "${file}"`);
    return exitCodeFor(r);
  } finally {
    app.close();
  }
}

export async function runCommand(cli: Cli): Promise<number> {
  const csv = need(cli.flags.csv as string | undefined, '--csv FILE');
  if (!existsSync(csv)) throw new HunterError('CSV_UNREADABLE', `No file at ${csv}.`);
  const agent = cli.flags.agent ? readAgentFile(cli.flags.agent as string) : {};
  const csvOptions = csvImportFlags(cli);
  // A mapping to a column the file lacks (or no company column) is refused before a run exists.
  await checkCsv(csv, csvOptions);
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    const execution = app.createExecution(store, { csv, csvOptions, agent, offline: !!cli.flags.offline });
    if (!cli.flags.json) process.stderr.write(`Execution ${execution.id} started (workspace ${store.workspaceId}).\n`);
    const r = await runWithProgress(cli, app, store, execution.id);
    cli.print(runSummary(store, r), () => human(store, r));
    return exitCodeFor(r);
  } finally {
    app.close();
  }
}

export async function resumeCommand(cli: Cli): Promise<number> {
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    const id = cli.args[0] ?? store.executions.latestUnfinished()?.id;
    if (!id) {
      cli.print({ resumed: null, message: 'nothing to resume' }, () => 'Nothing to resume: every execution has finished.');
      return 0;
    }
    const r = await runWithProgress(cli, app, store, id);
    cli.print(runSummary(store, r), () => human(store, r));
    return exitCodeFor(r);
  } finally {
    app.close();
  }
}
