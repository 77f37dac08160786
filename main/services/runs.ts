import { existsSync } from 'node:fs';
import type { HunterApp } from '../app';
import { parseAgentConfig, type AgentConfig } from '../core/agent-config';
import { fromMicros } from '../core/credits';
import { ERROR_CODES, HunterError, isErrorCode } from '../core/errors';
import { ExecutionControl, recordCancel, type ExecutionResult } from '../engine/runner';
import { verdicts } from '../recipes/handoff';
import { outlookOf, type LeadOutlook } from '../core/lead-outlook';
import { GOOGLE_MAPS, mapAreaName } from '../core/map-area';
import type { ExecutionEvent } from '../engine/types';
import type { CsvImportOptions } from '../sources/csv/import-options';
import type { CsvRawRow } from '../sources/csv/raw-row';
import type { WorkspaceStore } from '../store';
import type { Execution } from '../store/executions';
import type { ErrorGroupView, EstimateView, MapSearchView, RunView, StageView } from '../../preload/contract';
import type { Ctx } from './context';

/** The workspace setting that records that the Google Maps notice was shown. */
const MAPS_TERMS_SHOWN = 'google_maps_terms_shown';
const STEP_RECIPES = ['discovery', 'intelligence', 'personalization', 'outreach'] as const;
/** How "why no drafts" names discovery's rules for leaving a lead out. */
const DROPPED_AS: Record<string, string> = {
  other_kind: 'of another kind', permanently_closed: 'closed for good', outside_area: 'in another country', cannot_qualify: 'with too little to go on',
  do_not_contact: 'on your do-not-contact list', already_contacted: 'already written to (run with --contact-again to write again)',
};
const FINISHED = new Set(['completed', 'partial', 'failed', 'cancelled']);

export interface StartRequest {
  /** A saved agent, or an agent config to save (validated; unknown fields refused). */
  agent_id?: string | undefined;
  agent?: unknown;
  csv?: string | undefined;
  csv_options?: CsvImportOptions | undefined;
  offline?: boolean | undefined;
  /** Write to leads already written to (an exported draft in an earlier run). */
  contact_again?: boolean | undefined;
}

/** What the CLI prints at the end of a run (and `--json` gives scripts). */
export interface RunSummary {
  execution_id: string;
  status: Execution['status'];
  error: { code: string; message: string } | null;
  recipes: Array<Record<string, unknown> & { recipe_id: string; status: string }>;
  drafts_pending_review: number;
  credits_consumed: number;
  credits_remaining: number;
  /** When nothing was drafted: why, in the rep's words, and what to do. */
  why_no_drafts: string | null;
  failed_records: number;
}

export interface FailureView {
  recipe_id: string;
  /** The lead, or for a record that never became one, where it was read ("csv:row 17"). */
  record_id: string;
  /** The business's name when the record is a lead, so the rep reads who failed rather than an id. */
  lead_name: string | null;
  code: string;
  message: string;
  retryable: boolean;
  /** For a bad CSV row: its number and cells as read, to fix and import again. */
  row: CsvRawRow | null;
}

/** Runs: start one, estimate it, follow it, pause, resume and cancel it, and see what failed. */
export class RunsService {
  constructor(private readonly app: HunterApp, private readonly dataDefaults: { offline: boolean }) {}

  /**
   * Refuses, before a run exists (and before a database is touched), input a run would refuse: a CSV that is
   * not there, a mapping the file cannot satisfy, a file with no company column or no way to reach a business.
   */
  static async checkInput(agent: AgentConfig, req: Pick<StartRequest, 'csv' | 'csv_options'>): Promise<void> {
    if (req.csv === undefined) return;
    if (!existsSync(req.csv)) throw new HunterError('CSV_UNREADABLE', `No file at ${req.csv}.`);
    // The CSV reader (and its encodings) load here, not with every command.
    const { checkCsv } = await import('../sources/csv');
    if (agent.sources.includes('csv')) await checkCsv(req.csv, req.csv_options ?? {});
  }

  /**
   * What the rep should know once about a source the agent uses: Google Maps' terms forbid bulk copying
   * and storing place data, so the product keeps only what a lead needs (name, address, phone, website,
   * category, the rating and how many reviews: no review texts, no photos). Said the first time a run of
   * the workspace uses it, then remembered.
   */
  sourceNotices(ctx: Ctx, agent: AgentConfig): string[] {
    if (!agent.sources.includes('google_maps') || ctx.store.settings.get<boolean>(MAPS_TERMS_SHOWN)) return [];
    ctx.store.settings.set(MAPS_TERMS_SHOWN, true);
    return [
      "Google Maps' terms do not allow copying or storing its place data in bulk. The Hunter keeps only what a lead needs: the business's name, address, phone, website, category, rating and number of reviews (no review texts, no photos), and reads slowly, as a person would. OpenStreetMap (--source osm) has no such limits.",
    ];
  }

  /** Checks the input and creates the execution. */
  async create(ctx: Ctx, req: StartRequest): Promise<Execution> {
    const { store } = ctx;
    const agent = req.agent_id ? store.agents.get(req.agent_id).config : parseAgentConfig(req.agent ?? {});
    await RunsService.checkInput(agent, req);
    return this.app.createExecution(store, { csv: req.csv, csvOptions: req.csv_options, agent: req.agent_id ? undefined : agent, agentId: req.agent_id, offline: req.offline ?? this.dataDefaults.offline, contactAgain: req.contact_again });
  }

  /** Runs an execution to its end (or a pause) in this process: what `hunter run` and `hunter resume` do. */
  async runToEnd(ctx: Ctx, executionId: string, opts: { control?: ExecutionControl; onEvent?: (e: ExecutionEvent) => void } = {}): Promise<RunSummary> {
    const r = await this.app.run(ctx.store, executionId, opts);
    return this.summary(ctx, r);
  }

  /** The newest execution that did not finish, for `hunter resume` without an id. */
  latestUnfinished(ctx: Ctx): Execution | null {
    return ctx.store.executions.latestUnfinished();
  }

  summary(ctx: Ctx, r: ExecutionResult): RunSummary {
    const { store } = ctx;
    const pending = store.drafts.count({ status: 'pending_review', execution_id: r.execution_id });
    return {
      execution_id: r.execution_id,
      status: r.status,
      error: r.error,
      recipes: r.recipes.map((o) =>
        'metadata' in o
          ? { recipe_id: o.recipe_id, status: o.status, ...o.metadata, errors: (o.data as { errors_total?: number }).errors_total ?? o.errors.length, summary: (o.data as { summary?: unknown }).summary ?? null }
          : { recipe_id: o.recipe_id, status: o.status },
      ),
      drafts_pending_review: pending,
      credits_consumed: r.credits_consumed,
      credits_remaining: fromMicros(store.ledger.balance().balance_micros),
      why_no_drafts: r.status === 'completed' || r.status === 'partial' ? this.whyNoDrafts(store, r.execution_id) : null,
      failed_records: store.executions.failures(r.execution_id, { offset: 0, limit: 1 }).total,
    };
  }

  /** A finished run that drafted nothing says why, with the numbers and what to change. */
  whyNoDrafts(store: WorkspaceStore, executionId: string): string | null {
    if (store.drafts.count({ execution_id: executionId }) > 0) return null;
    const execution = store.executions.get(executionId);
    const agent = store.agents.find(execution.agent_id)?.config;
    const discovered = store.executions.leadCount(executionId);
    if (discovered === 0) {
      const failed = store.executions.failures(executionId, { offset: 0, limit: 1 }).total;
      return failed > 0
        ? `No business was read: all ${failed} record(s) failed. See them with: hunter runs failures ${executionId}`
        : 'No business was found. Check the file, or the keywords and the place of the agent.';
    }
    // The verdicts the leads ended with: the final scores, made after their websites were read.
    const v = verdicts(store, executionId);
    const dropped = Object.values(v.dropped).reduce((a, b) => a + b, 0);
    if (agent && v.gold + v.silver === 0 && (v.stage === 'final' ? v.skipped + dropped : v.skipped) >= discovered) {
      const why = Object.entries(v.dropped).map(([rule, n]) => `${n} ${DROPPED_AS[rule] ?? rule.replace(/_/g, ' ')}`).join(', ');
      const below = v.stage === 'final' ? v.skipped : v.skipped - dropped;
      if (below === 0) return `All ${discovered} leads were left out before their websites were read (${why}): check the agent's keywords and location.`;
      return `${below} of ${discovered} leads scored below your threshold ${agent.threshold.toFixed(2)}${v.stage === 'final' ? ' after their websites were read' : ''} (highest ${v.spread?.max.toFixed(2) ?? '?'})` +
        `${dropped > 0 ? `, and ${dropped} were left out before (${why})` : ''}: lower the threshold in the agent, or add leads with working websites, e-mails or ratings.`;
    }
    const already = store.executions.tally(executionId, 'outreach', 'reason', 'skipped')['already has a draft'] ?? 0;
    if (already > 0) return `${already} qualified lead(s) already have a draft from an earlier run (review or export those first).`;
    return null;
  }

  list(ctx: Ctx, limit = 100): Execution[] {
    return ctx.store.executions.list(limit);
  }

  /** A run as the monitor draws it: a funnel of counts and credits per stage, and its errors grouped by code. */
  view(ctx: Ctx, executionId: string, live: { active: boolean; secondsLeft: number | null; lastError: { code: string; message: string } | null } = { active: false, secondsLeft: null, lastError: null }): RunView {
    const { store } = ctx;
    const execution = store.executions.get(executionId);
    const agent = store.agents.find(execution.agent_id);
    const stepRecipes = agent ? agent.config.recipes.filter((r) => r.enabled && r.id !== 'subscription').map((r) => r.id) : [...STEP_RECIPES];
    const discovered = store.executions.leadCount(executionId);
    const totals = store.executions.stepTotals(executionId);
    const credits = store.ledger.chargedByRecipe(executionId);
    const drafts = store.drafts.countByStatus(executionId);
    const c = (id: string) => round(fromMicros(credits.get(id) ?? 0));
    const v = verdicts(store, executionId);
    const draftTotal = [...drafts.values()].reduce((a, b) => a + b, 0);
    const funnel: StageView[] = [
      { stage: 'discovered', count: discovered, credits: 0 },
      { stage: 'qualified', count: v.gold + v.silver, credits: c('discovery') },
      { stage: 'enriched', count: totals.get('intelligence')?.done ?? 0, credits: c('intelligence') },
      { stage: 'drafted', count: draftTotal, credits: round(c('personalization') + c('outreach')) },
      { stage: 'approved', count: (drafts.get('approved') ?? 0) + (drafts.get('exported') ?? 0), credits: 0 },
      { stage: 'exported', count: drafts.get('exported') ?? 0, credits: 0 },
    ];
    const processed = stepRecipes.reduce((sum, id) => sum + (totals.get(id)?.processed ?? 0), 0);
    // A run the database calls running that no process is running was interrupted (the app quit).
    // A run this process has just started or resumed is running, even before the engine has written so.
    const status = live.active
      ? (FINISHED.has(execution.status) && execution.completed_at && execution.updated_at > execution.started_at ? execution.status : 'running')
      : execution.status === 'running' || execution.status === 'pending' ? 'interrupted' : execution.status;
    const err = live.lastError ?? (execution.error_code ? { code: execution.error_code, message: execution.error_message ?? '' } : null);
    return {
      id: execution.id,
      agent_id: execution.agent_id,
      agent_name: agent?.name ?? '(agent removed)',
      status,
      started_at: execution.started_at,
      completed_at: execution.completed_at,
      current_recipe: execution.current_recipe,
      // A pause or a cancel is the rep's choice, not an error to show.
      error: err && err.code !== 'CANCELLED' ? err : null,
      total: discovered * stepRecipes.length,
      processed: Math.min(processed, discovered * stepRecipes.length),
      seconds_left: live.secondsLeft,
      credits: fromMicros(store.ledger.chargedFor(execution.id)),
      funnel,
      errors: this.errorGroups(store, executionId),
      // The monitor says why a finished run drafted nothing, as the CLI's summary does.
      why_no_drafts: status === 'completed' || status === 'partial' ? this.whyNoDrafts(store, executionId) : null,
      failed_records: store.executions.failures(executionId, { offset: 0, limit: 1 }).total,
      map_search: mapSearchOf(store, executionId),
    };
  }

  private errorGroups(store: WorkspaceStore, executionId: string): ErrorGroupView[] {
    return store.executions.errorGroups(executionId).map((g) => ({
      recipe_id: g.recipe_id,
      code: g.code,
      count: g.count,
      hint: isErrorCode(g.code) ? ERROR_CODES[g.code].hint : ERROR_CODES.INTERNAL.hint,
      examples: g.examples.map((e) => {
        const where = e.lead_id.includes(':') ? e.lead_id.split(':').slice(1).join(':') : e.lead_id;
        const message = (e.error_message ?? '').slice(0, 300);
        // A CSV row's message already names its row; say it once.
        return message.toLowerCase().startsWith(where.toLowerCase()) ? message : `${where}: ${message}`;
      }),
    }));
  }

  /** Every failed record of a run, a page at a time. */
  failures(ctx: Ctx, executionId: string, page: { offset: number; limit: number }): { rows: FailureView[]; total: number } {
    ctx.store.executions.get(executionId);
    const r = ctx.store.executions.failures(executionId, page);
    const names = new Map(ctx.store.leads.getMany(r.rows.map((s) => s.lead_id)).map((l) => [l.id, l.name]));
    return {
      total: r.total,
      rows: r.rows.map((s) => ({
        recipe_id: s.recipe_id, record_id: s.lead_id, lead_name: names.get(s.lead_id) ?? null, code: s.error_code ?? 'INTERNAL', message: s.error_message ?? '', retryable: !!s.retryable,
        row: ((s.result as { raw?: CsvRawRow } | null)?.raw) ?? null,
      })),
    };
  }

  /** The run's failed CSV rows as a CSV the rep can fix and import again (with an `error` column). */
  async failedRowsCsv(ctx: Ctx, executionId: string): Promise<{ csv: string; rows: number }> {
    const { failedRowsCsv } = await import('../sources/csv/failed-rows');
    const rows: Array<{ code: string; message: string; raw: CsvRawRow }> = [];
    let headers: string | null = null;
    for (let offset = 0; ; offset += 1000) {
      const page = this.failures(ctx, executionId, { offset, limit: 1000 });
      for (const f of page.rows) {
        if (!f.row) continue;
        // Rows of one file share its header; a second file's rows would not fit under it.
        const h = JSON.stringify(f.row.headers);
        if (headers !== null && h !== headers) continue;
        headers = h;
        rows.push({ code: f.code, message: f.message, raw: f.row });
      }
      if (offset + 1000 >= page.total) break;
    }
    if (rows.length === 0) throw new HunterError('NOT_FOUND', 'This run has no failed CSV rows to write out.');
    return { csv: failedRowsCsv(rows), rows: rows.length };
  }

  /** The failed rows written to a file in `dir` (failed-rows-EXECUTION.csv), for the app's "Save failed rows". */
  async writeFailedRows(ctx: Ctx, executionId: string, dir: string): Promise<{ path: string; rows: number }> {
    const { csv, rows } = await this.failedRowsCsv(ctx, executionId);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `failed-rows-${executionId}.csv`);
    writeFileSync(path, csv);
    return { path, rows };
  }

  /** Cancels a run that no process is running (a paused or interrupted one); a running one is cancelled by whoever runs it. */
  cancelStopped(ctx: Ctx, executionId: string): Execution {
    const e = ctx.store.executions.get(executionId);
    if (FINISHED.has(e.status)) throw new HunterError('CONFLICT', `This run has already ${e.status === 'cancelled' ? 'been cancelled' : e.status}.`);
    recordCancel(ctx.store, e, ctx.actor);
    return ctx.store.executions.get(executionId);
  }

  /** Raises (or sets) the credits a run may spend; a paused run then goes on from where it stopped. */
  setBudget(ctx: Ctx, executionId: string, credits: number | null): Execution {
    if (credits !== null && (!Number.isFinite(credits) || credits < 0 || credits > 1_000_000)) throw new HunterError('INVALID_INPUT', 'A budget is a number of credits from 0 to 1 000 000.');
    const { store } = ctx;
    const before = store.executions.get(executionId);
    store.tx(() => {
      store.executions.setBudget(executionId, credits);
      store.audit.append({
        actor: ctx.actor, action: 'settings_changed', resource: 'execution', resource_id: executionId,
        changes: { before: { budget: (before.input as { budget?: number }).budget ?? null }, after: { budget: credits } }, context: { execution_id: executionId, agent_id: before.agent_id },
      });
    });
    return store.executions.get(executionId);
  }

  /**
   * What a run will cost at most, before it starts, in credits with the money beside it. Each lead is
   * charged what the engine reserves before each of its steps, but only for the steps its outlook allows
   * (core/lead-outlook): a row discovery will leave out pays for its scoring only, a lead that cannot be
   * gold pays for the basic pass and a message but not the premium pass. A CSV's rows are read for this
   * (as the run will read them); a map search is counted at max_results leads that may all be gold.
   */
  async estimate(ctx: Ctx, req: { agent_id?: string | undefined; agent?: unknown; csv?: string | undefined; csv_options?: CsvImportOptions | undefined }): Promise<EstimateView> {
    const { store } = ctx;
    const agent: AgentConfig = req.agent_id ? store.agents.get(req.agent_id).config : parseAgentConfig(req.agent ?? {});
    const outlooks: Record<LeadOutlook, number> = { left_out: 0, at_most_silver: 0, may_be_gold: 0 };
    let rejectedRows = 0;
    if (agent.sources.includes('csv') && req.csv) {
      const csv = await import('../sources/csv');
      // Read with the rep's mapping: a mapping the file cannot satisfy is refused here, as the run would refuse it.
      await csv.checkCsv(req.csv, req.csv_options ?? {});
      for await (const rec of csv.readCsvLeads(req.csv, req.csv_options ?? {})) {
        if (rec.kind === 'error') rejectedRows++;
        else outlooks[outlookOf(rec.lead, rec.facts, agent)]++;
      }
    }
    // A search source finds at most max_results places, and any of them may turn out gold.
    if (agent.sources.some((s) => s !== 'csv')) outlooks.may_be_gold += agent.max_results;
    const enabled = new Set(agent.recipes.filter((r) => r.enabled).map((r) => r.id));
    const recipes = (await this.app.cookbook(store, agent, { csv: req.csv ?? null })).filter((r) => r.step && enabled.has(r.id));
    const premiumPart = await this.app.premiumPartMicros();
    const leads = outlooks.left_out + outlooks.at_most_silver + outlooks.may_be_gold;
    const goesOn = outlooks.at_most_silver + outlooks.may_be_gold;
    const per_recipe = recipes.map((r) => {
      const micros =
        r.id === 'discovery' ? r.maxStepMicros * leads
        : r.id === 'intelligence' ? r.maxStepMicros * outlooks.may_be_gold + Math.max(0, r.maxStepMicros - premiumPart) * outlooks.at_most_silver
        : r.maxStepMicros * goesOn;
      return { recipe_id: r.id, micros };
    });
    const totalMicros = per_recipe.reduce((sum, r) => sum + r.micros, 0);
    const balance = store.ledger.balance().balance_micros;
    const credits = fromMicros(totalMicros);
    return {
      leads,
      credits,
      // 1 credit = 1 US dollar of the plan (resources/action-prices.json).
      cost_usd: credits,
      money: { amount: credits, currency: 'USD' },
      basis: 'up_to',
      outlook: { ...outlooks, rejected_rows: rejectedRows },
      balance: fromMicros(balance),
      balance_after: fromMicros(balance - totalMicros),
      per_recipe: per_recipe.map((r) => ({ recipe_id: r.recipe_id, credits: fromMicros(r.micros) })),
    };
  }
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A Google Maps search's progress per query, from what the search stored as it went (so a resume shows it too). */
export function mapSearchOf(store: WorkspaceStore, executionId: string): MapSearchView[] {
  const byQuery = new Map<string, MapSearchView>();
  for (const c of store.mapProgress.cells(executionId, GOOGLE_MAPS)) {
    const q = byQuery.get(c.query) ?? { query: c.query, areas: 0, areas_done: 0, places: 0, latest: null };
    q.areas++;
    if (c.status === 'done') q.areas_done++;
    q.places += c.places_found;
    // Cells come in the order they were opened: the last one is the one searched last, or now.
    q.latest = { area: mapAreaName(c), places: c.places_found, done: c.status === 'done' };
    byQuery.set(c.query, q);
  }
  return [...byQuery.values()];
}
