import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAgentConfig, type AgentConfig, type AgentConfigInput } from '../../core/agent-config';
import { HunterError } from '../../core/errors';
import { ExecutionControl } from '../../engine/runner';
import { loadSampleWorkspace, sampleDir } from '../../sample';
import type { Ctx, Services } from '../../services';
import { RunsService, type RunSummary } from '../../services/runs';
import { toCsvPreviewView } from '../../services/views';
import { CSV_FIELDS, CSV_PRESETS, importOptions, previewCsv, type CsvField, type CsvImportOptions } from '../../sources/csv';
import { userDataDir } from '../../store/paths';
import type { CsvPreviewView } from '../../../preload/contract';
import type { Action } from '../program';
import { int, makeCli, num, UsageError, type Cli } from '../io';
import { ProgressReporter } from '../progress';

const SOURCES = ['csv', 'google_maps', 'osm'] as const;

/** The agent in a JSON file given with --agent, parsed as the app parses the agent form. */
export function readAgentFile(file: string): AgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `Cannot read the agent file ${file}: ${(err as Error).message}`);
  }
  return parseAgentConfig(raw);
}

/** `--preset ID` and `--map FIELD=HEADER` as import options, refusing an unknown preset or field with the ones there are. */
export function csvImportFlags(opts: Record<string, unknown>): CsvImportOptions | undefined {
  const preset = opts.preset as string | undefined;
  if (preset !== undefined && !(CSV_PRESETS as readonly string[]).includes(preset)) {
    throw new UsageError(`--preset "${preset}" is not an export The Hunter recognises. Choose one of: ${CSV_PRESETS.join(', ')}.`);
  }
  const mapping: Partial<Record<CsvField, string | null>> = {};
  for (const pair of (opts.map as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    const field = eq === -1 ? '' : pair.slice(0, eq).trim();
    if (!field) throw new UsageError(`--map "${pair}" is not FIELD=HEADER. Write it like --map name=Organisation (or --map website= to leave a column out).`);
    if (!(CSV_FIELDS as readonly string[]).includes(field)) throw new UsageError(`--map names the field "${field}", which does not exist. Fields: ${CSV_FIELDS.join(', ')}.`);
    mapping[field as CsvField] = pair.slice(eq + 1);
  }
  return importOptions({ ...(preset ? { preset: preset as CsvImportOptions['preset'] } : {}), mapping });
}

/** The agent a run or an estimate uses: the file's, with --keywords, --location, --source and --budget over it. */
function agentFrom(opts: Record<string, unknown>): AgentConfigInput {
  const base = opts.agent ? readAgentFile(String(opts.agent)) : parseAgentConfig({});
  const agent: Record<string, unknown> = { ...base };
  if (opts.keywords) agent.keywords = opts.keywords as string[];
  if (opts.location !== undefined) agent.location = String(opts.location);
  const sources = opts.source as string[] | undefined;
  if (sources) {
    const bad = sources.filter((x) => !(SOURCES as readonly string[]).includes(x));
    if (bad.length) throw new UsageError(`--source "${bad[0]}" is not a source. Sources: ${SOURCES.join(', ')}.`);
    agent.sources = [...new Set(sources)];
  } else if (!opts.agent) {
    agent.sources = opts.csv ? ['csv'] : ['osm'];
  }
  const budget = num(opts.budget as string | undefined, '--budget', 0, 1_000_000);
  if (budget !== undefined) agent.budget = budget;
  const sourcesOf = agent.sources as string[];
  if (!opts.csv && sourcesOf.includes('csv') && sourcesOf.length === 1) throw new UsageError('Give the businesses with --csv FILE, or search with --keywords K… --location PLACE.');
  if (!opts.csv && sourcesOf.some((x) => x !== 'csv') && (agent.keywords as string[]).length === 0) throw new UsageError('A search needs --keywords (what to look for) and --location (where).');
  return parseAgentConfig(agent);
}

/** Runs an execution with a progress display; Ctrl-C pauses it cleanly (a second Ctrl-C quits at once). */
async function runWithProgress(cli: Cli, s: Pick<Services, 'account' | 'runs'>, ctx: Ctx, executionId: string): Promise<RunSummary> {
  // A run is the moment a day's backup is taken, before it writes anything.
  const backup = await s.account.dailyBackup();
  if (backup) cli.note(`Backed up the database to ${backup.file}.`);
  const control = new ExecutionControl();
  const reporter = new ProgressReporter(process.stderr, !!process.stderr.isTTY, !!cli.opts.json && !process.stderr.isTTY);
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
    return await s.runs.runToEnd(ctx, executionId, { control, onEvent: reporter.handle });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function human(s: RunSummary): string {
  const lines = [`Execution ${s.execution_id}: ${s.status}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`];
  for (const x of s.recipes) {
    lines.push(`  ${x.recipe_id.padEnd(16)} ${String(x.status).padEnd(8)} ${'records_processed' in x ? `${x.records_succeeded} ok, ${x.records_failed} failed, ${x.credits_consumed} credits` : ''}`);
  }
  const d = s.recipes.find((x) => x.recipe_id === 'discovery')?.summary as { merged_into_known_leads?: number; may_be_related?: number; score_spread?: { min: number; max: number; mean: number } | null } | undefined;
  if (d?.merged_into_known_leads) lines.push(`${d.merged_into_known_leads} row(s) or place(s) were the same business as a known lead and joined it (see hunter leads show LEAD).`);
  if (d?.may_be_related) lines.push(`${d.may_be_related} pair(s) of leads may be one business: they share a phone or a website but not the rest (hunter leads show LEAD).`);
  // The final scores are intelligence's, made after the websites were read; discovery's are provisional.
  const i = s.recipes.find((x) => x.recipe_id === 'intelligence')?.summary as { score_spread?: { min: number; max: number; mean: number } | null; gold?: number; silver?: number; filtered_out?: number } | undefined;
  const spread = i?.score_spread ?? d?.score_spread;
  if (spread) lines.push(`${i?.score_spread ? 'Scores after reading the websites' : 'Provisional scores'} from ${spread.min.toFixed(2)} to ${spread.max.toFixed(2)} (mean ${spread.mean.toFixed(2)})${i?.score_spread ? `: ${i.gold ?? 0} gold, ${i.silver ?? 0} silver, ${i.filtered_out ?? 0} below the threshold` : ''}.`);
  if (s.failed_records > 0) lines.push(`${s.failed_records} record(s) failed: hunter runs failures ${s.execution_id} (add --csv FILE for the failed rows, to fix and import again).`);
  lines.push(`${s.drafts_pending_review} draft(s) waiting for review. Credits used: ${s.credits_consumed}; left: ${s.credits_remaining}.`);
  if (s.why_no_drafts) lines.push(s.why_no_drafts);
  if (s.status === 'paused') lines.push('Resume with: hunter resume ' + s.execution_id);
  else if (s.drafts_pending_review > 0) lines.push('Review them with: hunter drafts list');
  return lines.join('\n');
}

function exitCodeFor(s: RunSummary): number {
  if (s.status === 'completed' || s.status === 'partial') return 0;
  if (s.status === 'paused') return 3;
  return 1;
}

export const demo: Action = async (cli, _args, opts) => {
  // The sample lives in its own file, made afresh each time, so the demo never touches the rep's data.
  const file = cli.opts.db ?? join(userDataDir(), 'sample-workspace.db');
  if (!cli.opts.db) for (const f of [file, file + '-wal', file + '-shm', file + '.health.json']) if (existsSync(f)) rmSync(f);
  return makeCli({ ...cli.opts, db: file }).withApp(['runs', 'account'], async (app, s) => {
    const { store, execution } = loadSampleWorkspace(app, { mode: opts.mode as string | undefined });
    cli.note(`The Hunter demo: sample workspace from ${sampleDir()}, database ${file}`);
    const r = await runWithProgress(cli, s, { store, actor: { type: 'cli', id: 'hunter' } }, execution.id);
    cli.print(r, () => human(r) + `\nSee one: hunter drafts show ID --db "${file}"`);
    return exitCodeFor(r);
  });
};

export const run: Action = async (cli, _args, opts) => {
  const agent = agentFrom(opts);
  const csv = opts.csv as string | undefined;
  const csvOptions = csvImportFlags(opts);
  // A file the run would refuse is refused before the database is opened (or made): nothing is written.
  await RunsService.checkInput(parseAgentConfig(agent), { csv, csv_options: csvOptions });
  return cli.withApp(['runs', 'account'], async (_app, s) => {
    const ctx = cli.ctx(s, { createFirst: true });
    const execution = await s.runs.create(ctx, { agent, csv, csv_options: csvOptions, offline: !!opts.offline, contact_again: !!opts.contactAgain });
    for (const n of s.runs.sourceNotices(ctx, ctx.store.agents.get(execution.agent_id).config)) cli.note(`Note: ${n}`);
    cli.note(`Execution ${execution.id} started (workspace ${ctx.store.workspaceId}).`);
    const r = await runWithProgress(cli, s, ctx, execution.id);
    cli.print(r, () => human(r));
    return exitCodeFor(r);
  });
};

export const resume: Action = async (cli, args) =>
  cli.withApp(['runs', 'account'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const id = args[0] ?? s.runs.latestUnfinished(ctx)?.id;
    if (!id) {
      cli.print({ resumed: null, message: 'nothing to resume' }, () => 'Nothing to resume: every execution has finished.');
      return 0;
    }
    const r = await runWithProgress(cli, s, ctx, id);
    cli.print(r, () => human(r));
    return exitCodeFor(r);
  });

export const estimate: Action = async (cli, _args, opts) => {
  const agent = agentFrom(opts);
  return cli.withApp(['runs'], async (_app, s) => {
    const e = await s.runs.estimate(cli.ctx(s), { agent, csv: opts.csv as string | undefined, csv_options: csvImportFlags(opts) });
    cli.print(e, () =>
      [
        `Up to ${e.credits} credits ($${e.money.amount.toFixed(2)}) for ${e.leads} lead(s); balance ${e.balance}, after the run at least ${e.balance_after}.`,
        `  counted as: ${e.outlook.may_be_gold} may be gold, ${e.outlook.at_most_silver} at most silver, ${e.outlook.left_out} left out by discovery${e.outlook.rejected_rows ? `, ${e.outlook.rejected_rows} row(s) that will be refused` : ''}`,
        ...e.per_recipe.map((r) => `  ${r.recipe_id.padEnd(16)} up to ${r.credits}`),
      ].join('\n'),
    );
    return 0;
  });
};

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe ("|")' };

export const csvPreview: Action = async (cli, args, opts) => {
  const limit = int(opts.limit as string | undefined, '--limit', 1, 1000) ?? 20;
  const view = toCsvPreviewView(args[0]!, await previewCsv(args[0]!, csvImportFlags(opts), limit));
  cli.print(view, () => previewText(view));
  return 0;
};

function previewText(v: CsvPreviewView): string {
  const lines = [
    `${v.path}: about ${v.total_rows_estimate} row${v.total_rows_estimate === 1 ? '' : 's'}, ${v.encoding}, ${DELIMITER_NAMES[v.delimiter] ?? JSON.stringify(v.delimiter)}-separated, read as a ${v.preset} export`,
    'Columns (field <- header):',
  ];
  const mapped = CSV_FIELDS.filter((f) => v.mapping[f] !== undefined);
  const width = Math.max(...mapped.map((f) => f.length), 4);
  for (const f of mapped) lines.push(`  ${f.padEnd(width)} <- ${JSON.stringify(v.mapping[f])}`);
  const used = new Set(Object.values(v.mapping));
  const unused = v.headers.filter((h) => !used.has(h));
  if (unused.length > 0) lines.push(`  ${'not used'.padEnd(width)}    ${unused.map((h) => JSON.stringify(h)).join(', ')}`);
  if (v.mapping.name === undefined) lines.push('No column is chosen as the company name: add --map name=HEADER with the column that holds it.');
  if (v.refusal) lines.push(`A run would refuse this file: ${v.refusal.message}`);
  lines.push(v.rows.length === 0 ? 'No data rows.' : v.rows.length === 1 ? 'The first row:' : `The first ${v.rows.length} rows:`);
  let warned = 0;
  let failed = 0;
  for (const r of v.rows) {
    const at = `  row ${String(r.row).padEnd(5)}`;
    if (r.kind === 'error') {
      failed++;
      lines.push(`${at} error ${r.code}: ${r.message}`);
      continue;
    }
    lines.push(`${at} ${[r.name, r.website, r.phone, r.email, r.city, r.person].filter((x) => x !== null && x !== '').join(' | ')}`);
    if (r.warnings.length > 0) warned++;
    for (const w of r.warnings) lines.push(`  ${' '.repeat(9)} warning: ${w}`);
  }
  if (warned + failed > 0) lines.push(`${failed} row${failed === 1 ? '' : 's'} left out, ${warned} imported with a warning, of the ${v.rows.length} shown.`);
  lines.push(
    'Correct the reading with --map FIELD=HEADER (e.g. --map name="Organisation"; --map website= leaves a column out) ' +
      `or --preset ${CSV_PRESETS.join('|')}; "hunter run --csv FILE" takes the same options.`,
  );
  return lines.join('\n');
}

export const list: Action = async (cli, _args, opts) =>
  cli.withApp(['runs'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const runs = s.runs.list(ctx, int(opts.limit as string | undefined, '--limit', 1, 1000) ?? 20).map((e) => s.runs.view(ctx, e.id));
    cli.print(runs, () =>
      runs.length === 0
        ? 'No runs yet: start one with hunter run --csv FILE (or --keywords K --location PLACE).'
        : runs.map((r) => `${r.id}  ${r.status.padEnd(11)} ${r.started_at.slice(0, 16).replace('T', ' ')}  ${r.agent_name.slice(0, 30).padEnd(30)} ${r.funnel.find((f) => f.stage === 'drafted')?.count ?? 0} drafts, ${r.credits} credits`).join('\n'),
    );
    return 0;
  });

export const show: Action = async (cli, args) =>
  cli.withApp(['runs'], async (_app, s) => {
    const v = s.runs.view(cli.ctx(s), args[0]!);
    cli.print(v, () =>
      [
        `${v.id}  ${v.status}  ${v.agent_name}  started ${v.started_at}${v.completed_at ? `, finished ${v.completed_at}` : ''}`,
        ...v.funnel.map((f) => `  ${f.stage.padEnd(11)} ${String(f.count).padStart(7)}  ${f.credits ? `${f.credits} credits` : ''}`),
        ...(v.map_search ?? []).map((q) => `  Google Maps "${q.query}": ${q.places} place(s), ${q.areas_done} of ${q.areas} area(s) searched${q.latest ? `; latest ${q.latest.area}: ${q.latest.places}${q.latest.done ? '' : ' (searching)'}` : ''}`),
        v.error ? `Stopped: ${v.error.code}: ${v.error.message}` : '',
        ...v.errors.map((g) => `  ${g.recipe_id} ${g.code} ×${g.count}: ${g.hint}\n    ${g.examples.join('\n    ')}`),
      ].filter(Boolean).join('\n'),
    );
    return 0;
  });

export const failures: Action = async (cli, args, opts) =>
  cli.withApp(['runs'], async (_app, s) => {
    const ctx = cli.ctx(s);
    if (opts.csv) {
      const out = await s.runs.failedRowsCsv(ctx, args[0]!);
      writeFileSync(String(opts.csv), out.csv);
      cli.print({ file: opts.csv, rows: out.rows }, () => `Wrote ${out.rows} failed row(s) to ${opts.csv}, each with its error: fix them there and import the file again.`);
      return 0;
    }
    const page = s.runs.failures(ctx, args[0]!, { offset: int(opts.offset as string | undefined, '--offset', 0, 1e9) ?? 0, limit: int(opts.limit as string | undefined, '--limit', 1, 5000) ?? 200 });
    cli.print(page, () =>
      page.total === 0
        ? 'Nothing failed in this run.'
        : [...page.rows.map((f) => `${(f.lead_name ?? f.record_id).padEnd(28)} ${f.recipe_id.padEnd(15)} ${f.code}: ${f.message}`), `${page.rows.length} of ${page.total} shown.`].join('\n'),
    );
    return 0;
  });

export const cancel: Action = async (cli, args) =>
  cli.withApp(['runs'], async (_app, s) => {
    const e = s.runs.cancelStopped(cli.ctx(s), args[0]!);
    cli.print({ id: e.id, status: e.status }, () => `${e.id}: ${e.status}`);
    return 0;
  });

export const setBudget: Action = async (cli, args) => {
  const credits = args[1] === 'none' ? null : num(args[1], 'the budget', 0, 1_000_000);
  if (credits === undefined) throw new UsageError('Give the budget in credits (or "none").');
  return cli.withApp(['runs'], async (_app, s) => {
    const e = s.runs.setBudget(cli.ctx(s), args[0]!, credits);
    cli.print({ id: e.id, status: e.status, budget: credits }, () => `${e.id}: budget ${credits ?? 'none'}${e.status === 'paused' ? `. Resume it with: hunter resume ${e.id}` : ''}`);
    return 0;
  });
};

