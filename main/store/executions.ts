import type { RecipeOutput } from '../core/envelope';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { Db } from './database';
import { nowIso, sql } from './database';

export type ExecutionStatus = 'pending' | 'running' | 'paused' | 'completed' | 'partial' | 'failed' | 'cancelled';

export interface Execution {
  id: string;
  workspace_id: string;
  agent_id: string;
  status: ExecutionStatus;
  input: Record<string, unknown>;
  current_recipe: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  completed_at: string | null;
  updated_at: string;
}

export type StepStatus = 'done' | 'failed' | 'skipped';

export interface StepRecord {
  lead_id: string;
  recipe_id: string;
  status: StepStatus;
  attempts: number;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  retryable: boolean | null;
  credits_micros: number;
  api_calls: number;
}

export interface StepCounts {
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  credits_micros: number;
  api_calls: number;
}

/** What a pass over a recipe's steps counted (see Executions.tallies). */
export interface StepTallies {
  /** Steps counted. */
  steps: number;
  /** Per field, how many steps recorded each value of it ("none" when absent; 1 / 0 for a boolean). */
  by: Record<string, Record<string, number>>;
  /** The smallest, largest and mean of the numeric field asked for, over done steps; null when none has it. */
  spread: { min: number; max: number; mean: number; count: number } | null;
}

/** Executions, their recipe envelopes, and the durable per-lead step state. */
export class Executions {
  private readonly insertStep;
  private readonly insertMember;
  /**
   * The last few tallies counted, with what the database had seen written then: a recipe's summary and
   * the next recipe's input envelope ask for tallies of the same steps one after the other, and each
   * pass reads every result's JSON (seconds at 100 000 leads, with the run waiting between recipes).
   */
  private lastTallies: Array<{ version: string; executionId: string; recipeId: string; status: StepStatus | undefined; fields: string[]; spreadOf: string | undefined; tallies: StepTallies }> = [];

  constructor(private readonly db: Db, readonly workspaceId: string) {
    this.insertStep = db.prepare(`INSERT INTO steps (execution_id, lead_id, recipe_id, workspace_id, status, attempts, result,
        error_code, error_message, retryable, credits_micros, api_calls, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMember = db.prepare(`INSERT OR IGNORE INTO execution_leads (execution_id, lead_id, workspace_id, ordinal) VALUES (?, ?, ?, ?)`);
  }

  create(agentId: string, input: Record<string, unknown>): Execution {
    const now = nowIso();
    const ex: Execution = {
      id: newId('exec'), workspace_id: this.workspaceId, agent_id: agentId, status: 'pending', input,
      current_recipe: null, error_code: null, error_message: null, started_at: now, completed_at: null, updated_at: now,
    };
    sql(this.db, `INSERT INTO executions (id, workspace_id, agent_id, status, input, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(ex.id, this.workspaceId, agentId, ex.status, JSON.stringify(input), now, now);
    return ex;
  }

  find(id: string): Execution | null {
    const r = sql(this.db, 'SELECT * FROM executions WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as
      | (Omit<Execution, 'input'> & { input: string })
      | undefined;
    return r ? { ...r, input: JSON.parse(r.input) } : null;
  }

  get(id: string): Execution {
    const e = this.find(id);
    if (!e) throw new HunterError('NOT_FOUND', `No execution "${id}" in this workspace.`);
    return e;
  }

  list(limit = 50): Execution[] {
    const rows = sql(this.db, 'SELECT id FROM executions WHERE workspace_id = ? ORDER BY started_at DESC LIMIT ?').all(this.workspaceId, limit) as Array<{ id: string }>;
    return rows.map((r) => this.get(r.id));
  }

  /** The newest execution that did not finish: what `hunter resume` picks up by default. */
  latestUnfinished(): Execution | null {
    const r = sql(this.db, `SELECT id FROM executions WHERE workspace_id = ? AND status IN ('pending','running','paused') ORDER BY started_at DESC LIMIT 1`)
      .get(this.workspaceId) as { id: string } | undefined;
    return r ? this.get(r.id) : null;
  }

  setStatus(id: string, status: ExecutionStatus, extra: { current_recipe?: string | null; error_code?: string | null; error_message?: string | null } = {}): void {
    const finished = ['completed', 'partial', 'failed', 'cancelled'].includes(status);
    sql(this.db, `UPDATE executions SET status = @status, current_recipe = COALESCE(@current_recipe, current_recipe),
        error_code = @error_code, error_message = @error_message, updated_at = @now,
        completed_at = CASE WHEN @finished THEN @now ELSE NULL END WHERE id = @id AND workspace_id = @ws`)
      .run({ status, current_recipe: extra.current_recipe ?? null, error_code: extra.error_code ?? null, error_message: extra.error_message ?? null, now: nowIso(), finished: finished ? 1 : 0, id, ws: this.workspaceId });
  }

  /** The run's own budget in credits (it wins over its agent's), e.g. raised on a paused run. */
  setBudget(id: string, credits: number | null): void {
    sql(this.db, `UPDATE executions SET input = json_set(input, '$.budget', json(?)), updated_at = ? WHERE id = ? AND workspace_id = ?`)
      .run(JSON.stringify(credits), nowIso(), id, this.workspaceId);
  }

  /** Adds leads to the execution's work list, in order; already present ones are ignored. */
  addLeads(executionId: string, leadIds: readonly string[], startOrdinal: number): void {
    for (let i = 0; i < leadIds.length; i++) this.insertMember.run(executionId, leadIds[i], this.workspaceId, startOrdinal + i);
  }

  leadIds(executionId: string): string[] {
    return (sql(this.db, 'SELECT lead_id FROM execution_leads WHERE execution_id = ? AND workspace_id = ? ORDER BY ordinal').all(executionId, this.workspaceId) as Array<{ lead_id: string }>).map((r) => r.lead_id);
  }

  /** The execution's leads after a place in its order, a page at a time: a run never holds all of them. */
  leadPage(executionId: string, afterOrdinal: number, limit: number): Array<{ lead_id: string; ordinal: number }> {
    return sql(this.db, 'SELECT lead_id, ordinal FROM execution_leads WHERE execution_id = ? AND ordinal > ? AND workspace_id = ? ORDER BY ordinal LIMIT ?')
      .all(executionId, afterOrdinal, this.workspaceId, limit) as Array<{ lead_id: string; ordinal: number }>;
  }

  /** Which of these leads already have their step for this recipe recorded. */
  finishedAmong(executionId: string, recipeId: string, leadIds: readonly string[]): Set<string> {
    if (leadIds.length === 0) return new Set();
    const rows = sql(this.db, 'SELECT s.lead_id FROM json_each(?) j CROSS JOIN steps s ON s.execution_id = ? AND s.recipe_id = ? AND s.lead_id = j.value WHERE s.workspace_id = ?')
      .all(JSON.stringify(leadIds), executionId, recipeId, this.workspaceId) as Array<{ lead_id: string }>;
    return new Set(rows.map((r) => r.lead_id));
  }

  /** Steps of a recipe recorded for leads (not for records that never became one, such as a bad CSV row). */
  finishedLeadCount(executionId: string, recipeId: string): number {
    return (sql(this.db, "SELECT COUNT(*) AS n FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? AND lead_id NOT LIKE '%:%'")
      .get(executionId, recipeId, this.workspaceId) as { n: number }).n;
  }

  leadCount(executionId: string): number {
    return (sql(this.db, 'SELECT COUNT(*) AS n FROM execution_leads WHERE execution_id = ? AND workspace_id = ?').get(executionId, this.workspaceId) as { n: number }).n;
  }

  /**
   * Records a finished step. Throws on a duplicate (the primary key): a step is recorded once. `stored`
   * is for a batch writer (the engine's commit queue): the result already as JSON, serialised when the
   * step was handed over so the batch holds text rather than the result's objects, and the batch's time.
   */
  recordStep(executionId: string, s: StepRecord, stored?: { resultJson: string | null; finishedAt: string }): void {
    const result = stored ? stored.resultJson : resultJson(s.result);
    this.insertStep.run(
      executionId, s.lead_id, s.recipe_id, this.workspaceId, s.status, s.attempts, result, s.error_code, s.error_message,
      s.retryable == null ? null : s.retryable ? 1 : 0, s.credits_micros, s.api_calls, stored?.finishedAt ?? nowIso(),
    );
  }

  /** Records a step unless it is recorded already (for records a re-run preparation finds again). */
  recordStepOnce(executionId: string, s: StepRecord): void {
    const exists = sql(this.db, 'SELECT 1 FROM steps WHERE execution_id = ? AND recipe_id = ? AND lead_id = ?').get(executionId, s.recipe_id, s.lead_id);
    if (!exists) this.recordStep(executionId, s);
  }

  /** Lead ids whose step for this recipe is already recorded (done, failed or skipped). */
  finishedLeadIds(executionId: string, recipeId: string): Set<string> {
    const rows = sql(this.db, 'SELECT lead_id FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ?').all(executionId, recipeId, this.workspaceId) as Array<{ lead_id: string }>;
    return new Set(rows.map((r) => r.lead_id));
  }

  /** One lead's recorded step for a recipe, or null. */
  step(executionId: string, recipeId: string, leadId: string): StepRecord | null {
    const r = sql(this.db, 'SELECT * FROM steps WHERE execution_id = ? AND recipe_id = ? AND lead_id = ? AND workspace_id = ?')
      .get(executionId, recipeId, leadId, this.workspaceId) as (Omit<StepRecord, 'result' | 'retryable'> & { result: string | null; retryable: number | null }) | undefined;
    return r ? toStep(r) : null;
  }

  /**
   * What one lead's step for a recipe recorded (its status and result), or null: what the next recipe's
   * step reads of the last one's, for every lead, so it reads two columns rather than the whole row.
   */
  resultOf(executionId: string, recipeId: string, leadId: string): Pick<StepRecord, 'status' | 'result'> | null {
    const r = sql(this.db, 'SELECT status, result FROM steps WHERE execution_id = ? AND recipe_id = ? AND lead_id = ? AND workspace_id = ?')
      .get(executionId, recipeId, leadId, this.workspaceId) as { status: StepStatus; result: string | null } | undefined;
    return r ? { status: r.status, result: r.result ? JSON.parse(r.result) : null } : null;
  }

  steps(executionId: string, recipeId: string, status?: StepStatus): StepRecord[] {
    const rows = sql(this.db, `SELECT * FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? ${status ? 'AND status = ?' : ''}`)
      .all(...[executionId, recipeId, this.workspaceId, ...(status ? [status] : [])]) as Array<Omit<StepRecord, 'result' | 'retryable'> & { result: string | null; retryable: number | null }>;
    return rows.map(toStep);
  }

  stepCounts(executionId: string, recipeId: string): StepCounts {
    const r = sql(this.db, `SELECT COUNT(*) AS processed,
          COALESCE(SUM(status = 'done'), 0) AS succeeded, COALESCE(SUM(status = 'failed'), 0) AS failed, COALESCE(SUM(status = 'skipped'), 0) AS skipped,
          COALESCE(SUM(credits_micros), 0) AS credits_micros, COALESCE(SUM(api_calls), 0) AS api_calls
        FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ?`)
      .get(executionId, recipeId, this.workspaceId) as StepCounts;
    return r;
  }

  /**
   * How many of a recipe's steps recorded each value of one field of their result (a tier, a level), for
   * the recipe's summary: counted in SQL, so a summary of 100 000 leads holds a handful of numbers.
   */
  tally(executionId: string, recipeId: string, field: string, status?: StepStatus): Record<string, number> {
    return this.tallies(executionId, recipeId, [field], { status }).by[field]!;
  }

  /**
   * Several fields' tallies (and one numeric field's spread, over done steps) in one pass over a recipe's
   * steps. Reading the result JSON is what a tally costs (kilobytes a step, megabytes at 100 000 leads),
   * and SQLite parses a row's JSON once for every json_extract of it in one statement, so asking for
   * every field a summary needs at once costs the same as asking for one.
   */
  tallies(executionId: string, recipeId: string, fields: readonly string[], opts: { status?: StepStatus | undefined; spreadOf?: string | undefined } = {}): StepTallies {
    for (const f of [...fields, ...(opts.spreadOf ? [opts.spreadOf] : [])]) if (!/^[a-z_]+$/.test(f)) throw new Error(`not a result field: ${f}`);
    const version = this.dataVersion();
    const known = this.lastTallies.find((t) => t.version === version && t.executionId === executionId && t.recipeId === recipeId && t.status === opts.status);
    const answered = known && answerFrom(known.tallies, known.fields, known.spreadOf, fields, opts.spreadOf);
    if (answered) return answered;
    const tallies = this.countTallies(executionId, recipeId, fields, opts);
    // Kept as counted; callers get copies, so one that changes its answer changes nobody else's.
    this.lastTallies = [{ version, executionId, recipeId, status: opts.status, fields: [...fields], spreadOf: opts.spreadOf, tallies }, ...this.lastTallies].slice(0, 4);
    return structuredClone(tallies);
  }

  /**
   * What the database has seen written, as a value that changes with any write: this connection's
   * (total_changes) or another's (data_version). Two equal values mean the same steps.
   */
  private dataVersion(): string {
    const r = sql(this.db, 'SELECT total_changes() AS mine, (SELECT data_version FROM pragma_data_version) AS theirs').get() as { mine: number; theirs: number };
    return `${r.mine}:${r.theirs}`;
  }

  private countTallies(executionId: string, recipeId: string, fields: readonly string[], opts: { status?: StepStatus | undefined; spreadOf?: string | undefined }): StepTallies {
    const values = fields.map((f, i) => `json_extract(result, '$.${f}') AS v${i}`);
    // The spread is of done steps only, whatever the tallies count: a failed step has no score.
    const x = opts.spreadOf ? `CASE WHEN status = 'done' THEN json_extract(result, '$.${opts.spreadOf}') END` : 'NULL';
    const rows = sql(this.db, `SELECT ${[...values, 'COUNT(*) AS n', `MIN(${x}) AS min`, `MAX(${x}) AS max`, `SUM(${x}) AS sum`, `COUNT(${x}) AS count`].join(', ')}
        FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? ${opts.status ? 'AND status = ?' : ''}
        ${fields.length ? `GROUP BY ${fields.map((_, i) => `v${i}`).join(', ')}` : ''}`)
      .all(...[executionId, recipeId, this.workspaceId, ...(opts.status ? [opts.status] : [])]) as Array<Record<string, unknown> & { n: number; min: number | null; max: number | null; sum: number | null; count: number }>;
    const by: Record<string, Record<string, number>> = Object.fromEntries(fields.map((f) => [f, {}]));
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    let steps = 0;
    for (const r of rows) {
      steps += r.n;
      fields.forEach((f, i) => {
        const v = String(r[`v${i}`] ?? 'none');
        by[f]![v] = (by[f]![v] ?? 0) + r.n;
      });
      if (r.count > 0) {
        min = Math.min(min, r.min!);
        max = Math.max(max, r.max!);
        sum += r.sum!;
        count += r.count;
      }
    }
    const spread = count > 0 ? { min, max, mean: Math.round((sum / count) * 1000) / 1000, count } : null;
    return { steps, by, spread };
  }

  /** Per recipe, the steps recorded for leads and how many of them did their work (for a run's funnel). */
  stepTotals(executionId: string): Map<string, { processed: number; done: number }> {
    const rows = sql(this.db, `SELECT recipe_id, COUNT(*) AS processed, COALESCE(SUM(status = 'done'), 0) AS done
        FROM steps WHERE execution_id = ? AND workspace_id = ? AND lead_id NOT LIKE '%:%' GROUP BY recipe_id`)
      .all(executionId, this.workspaceId) as Array<{ recipe_id: string; processed: number; done: number }>;
    return new Map(rows.map((r) => [r.recipe_id, { processed: r.processed, done: r.done }]));
  }

  /** Failed steps grouped by recipe and code, most frequent first, each with a few examples (where, message). */
  errorGroups(executionId: string, examples = 3): Array<{ recipe_id: string; code: string; count: number; examples: Array<{ lead_id: string; error_message: string | null }> }> {
    const groups = sql(this.db, `SELECT recipe_id, COALESCE(error_code, 'INTERNAL') AS code, COUNT(*) AS n FROM steps
        WHERE execution_id = ? AND workspace_id = ? AND status = 'failed' GROUP BY recipe_id, code ORDER BY n DESC LIMIT 50`)
      .all(executionId, this.workspaceId) as Array<{ recipe_id: string; code: string; n: number }>;
    const sample = sql(this.db, `SELECT lead_id, error_message FROM steps WHERE execution_id = ? AND workspace_id = ? AND status = 'failed'
        AND recipe_id = ? AND COALESCE(error_code, 'INTERNAL') = ? LIMIT ?`);
    return groups.map((g) => ({
      recipe_id: g.recipe_id, code: g.code, count: g.n,
      examples: sample.all(executionId, this.workspaceId, g.recipe_id, g.code, examples) as Array<{ lead_id: string; error_message: string | null }>,
    }));
  }

  /** The newest execution with a recorded step of this recipe for a lead (where it was last scored, say). */
  latestWithStep(leadId: string, recipeId: string): string | null {
    const r = sql(this.db, `SELECT s.execution_id FROM steps s JOIN executions e ON e.id = s.execution_id
        WHERE s.lead_id = ? AND s.recipe_id = ? AND s.workspace_id = ? ORDER BY e.started_at DESC LIMIT 1`).get(leadId, recipeId, this.workspaceId) as { execution_id: string } | undefined;
    return r?.execution_id ?? null;
  }

  /** The API calls an execution's steps made. */
  apiCalls(executionId: string): number {
    return (sql(this.db, 'SELECT COALESCE(SUM(api_calls), 0) AS n FROM steps WHERE execution_id = ? AND workspace_id = ?').get(executionId, this.workspaceId) as { n: number }).n;
  }

  /** The smallest, largest and mean of a numeric field of a recipe's done steps (a score), or null. */
  spread(executionId: string, recipeId: string, field: string): { min: number; max: number; mean: number; count: number } | null {
    return this.tallies(executionId, recipeId, [], { status: 'done', spreadOf: field }).spread;
  }

  /** The first failed steps of a recipe (an envelope carries a sample; every one is listed by failures()). */
  failedSample(executionId: string, recipeId: string, limit: number): StepRecord[] {
    // By status on steps_counts: the planner would walk every step of the recipe (100 000 rows) to find none failed.
    const rows = sql(this.db, `SELECT * FROM steps INDEXED BY steps_counts WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? AND status = 'failed' LIMIT ?`)
      .all(executionId, recipeId, this.workspaceId, limit) as Array<Omit<StepRecord, 'result' | 'retryable'> & { result: string | null; retryable: number | null }>;
    return rows.map(toStep);
  }

  /** Every failed step of an execution, a page at a time, in the order they were recorded. */
  failures(executionId: string, page: { offset: number; limit: number }, recipeId?: string): { rows: StepRecord[]; total: number } {
    const where = `execution_id = ? AND workspace_id = ? AND status = 'failed' ${recipeId ? 'AND recipe_id = ?' : ''}`;
    const args = [executionId, this.workspaceId, ...(recipeId ? [recipeId] : [])];
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM steps WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = sql(this.db, `SELECT * FROM steps WHERE ${where} ORDER BY finished_at, lead_id LIMIT ? OFFSET ?`)
      .all(...args, page.limit, page.offset) as Array<Omit<StepRecord, 'result' | 'retryable'> & { result: string | null; retryable: number | null }>;
    return { rows: rows.map(toStep), total };
  }

  /**
   * Steps that ended in a provider failure: failed with one of `codes`, or done on a fallback (a result
   * with a `fallback_code`). Each lead once, at its first such recipe in `order`.
   */
  stepsToRetry(executionId: string, codes: readonly string[], order: readonly string[]): Array<{ lead_id: string; recipe_id: string }> {
    const rows = sql(this.db, `SELECT lead_id, recipe_id FROM steps WHERE execution_id = ? AND workspace_id = ? AND lead_id NOT LIKE '%:%'
        AND ((status = 'failed' AND error_code IN (SELECT value FROM json_each(?))) OR (status = 'done' AND json_extract(result, '$.fallback_code') IS NOT NULL))`)
      .all(executionId, this.workspaceId, JSON.stringify(codes)) as Array<{ lead_id: string; recipe_id: string }>;
    const first = new Map<string, string>();
    for (const r of rows) {
      const cur = first.get(r.lead_id);
      if (cur === undefined || order.indexOf(r.recipe_id) < order.indexOf(cur)) first.set(r.lead_id, r.recipe_id);
    }
    return [...first].map(([lead_id, recipe_id]) => ({ lead_id, recipe_id }));
  }

  /**
   * Opens a lead's step again, and its later steps that did nothing because of it (skipped or failed), so
   * the next run of the execution does them. The old records move to step_history: what they charged
   * stays accounted for, and the next round's charges have keys of their own.
   */
  reopenSteps(executionId: string, leadId: string, recipeIds: readonly string[], first: string): void {
    const archive = sql(this.db, `INSERT INTO step_history (execution_id, lead_id, recipe_id, round, workspace_id, status, attempts, result, error_code, error_message, credits_micros, api_calls, finished_at)
      SELECT execution_id, lead_id, recipe_id,
        (SELECT COUNT(*) + 1 FROM step_history h WHERE h.execution_id = s.execution_id AND h.recipe_id = s.recipe_id AND h.lead_id = s.lead_id),
        workspace_id, status, attempts, result, error_code, error_message, credits_micros, api_calls, finished_at
      FROM steps s WHERE execution_id = ? AND recipe_id = ? AND lead_id = ? AND workspace_id = ?`);
    const drop = sql(this.db, 'DELETE FROM steps WHERE execution_id = ? AND recipe_id = ? AND lead_id = ? AND workspace_id = ?');
    for (const recipeId of recipeIds) {
      const st = this.step(executionId, recipeId, leadId);
      if (!st) continue;
      // A later step that did its work stays: it was paid for and is still right.
      if (recipeId !== first && st.status === 'done') continue;
      archive.run(executionId, recipeId, leadId, this.workspaceId);
      drop.run(executionId, recipeId, leadId, this.workspaceId);
    }
  }

  /** For each lead of a recipe, how many earlier rounds its step had (0 when it never was re-opened). */
  retryRounds(executionId: string, recipeId: string): Map<string, number> {
    const rows = sql(this.db, 'SELECT lead_id, COUNT(*) AS n FROM step_history WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? GROUP BY lead_id')
      .all(executionId, recipeId, this.workspaceId) as Array<{ lead_id: string; n: number }>;
    return new Map(rows.map((r) => [r.lead_id, r.n]));
  }

  /** What the earlier rounds of an execution's steps charged (part of the run's spend). */
  historyCredits(executionId: string): number {
    return (sql(this.db, 'SELECT COALESCE(SUM(credits_micros), 0) AS s FROM step_history WHERE execution_id = ? AND workspace_id = ?').get(executionId, this.workspaceId) as { s: number }).s;
  }

  /** Marks recipes of an execution to run again: step recipes resume their steps, once-recipes run again. */
  reopenRecipes(executionId: string, recipes: ReadonlyArray<{ id: string; once: boolean }>): void {
    const st = sql(this.db, 'UPDATE recipe_runs SET status = ?, output = NULL, completed_at = NULL WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ?');
    for (const r of recipes) st.run(r.once ? 'pending' : 'prepared', executionId, r.id, this.workspaceId);
  }

  setRecipeRun(executionId: string, recipeId: string, status: string, io: { input?: unknown; output?: RecipeOutput } = {}): void {
    const now = nowIso();
    sql(this.db, `INSERT INTO recipe_runs (execution_id, workspace_id, recipe_id, status, input, output, started_at, completed_at)
        VALUES (@ex, @ws, @recipe, @status, @input, @output, @now, @done)
        ON CONFLICT (execution_id, recipe_id) DO UPDATE SET status = excluded.status,
          input = COALESCE(excluded.input, recipe_runs.input), output = COALESCE(excluded.output, recipe_runs.output),
          completed_at = excluded.completed_at`)
      .run({
        ex: executionId, ws: this.workspaceId, recipe: recipeId, status,
        input: io.input === undefined ? null : JSON.stringify(io.input), output: io.output ? JSON.stringify(io.output) : null,
        now, done: io.output ? now : null,
      });
  }

  recipeRun(executionId: string, recipeId: string): { status: string; input: unknown; output: RecipeOutput | null; started_at: string | null } | null {
    const r = sql(this.db, 'SELECT * FROM recipe_runs WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ?').get(executionId, recipeId, this.workspaceId) as
      | { status: string; input: string | null; output: string | null; started_at: string | null }
      | undefined;
    if (!r) return null;
    return { status: r.status, input: r.input ? JSON.parse(r.input) : null, output: r.output ? JSON.parse(r.output) : null, started_at: r.started_at };
  }
}

/** A step's result as the steps table keeps it: JSON text (NULL when there is none at all). */
export function resultJson(result: unknown): string | null {
  return result === undefined ? null : JSON.stringify(result);
}

/**
 * Tallies of some fields read from tallies of more: each field's counts stand alone, so a subset needs no
 * second pass. The spread comes along when it is of the same field (or not asked for); null otherwise.
 */
function answerFrom(known: StepTallies, knownFields: readonly string[], knownSpread: string | undefined, fields: readonly string[], spreadOf: string | undefined): StepTallies | null {
  if (!fields.every((f) => knownFields.includes(f))) return null;
  if (spreadOf !== undefined && spreadOf !== knownSpread) return null;
  const by = Object.fromEntries(fields.map((f) => [f, { ...known.by[f]! }]));
  const spread = spreadOf !== undefined && known.spread ? { ...known.spread } : null;
  return { steps: known.steps, by, spread };
}

function toStep(r: Omit<StepRecord, 'result' | 'retryable'> & { result: string | null; retryable: number | null }): StepRecord {
  return { ...r, result: r.result ? JSON.parse(r.result) : null, retryable: r.retryable == null ? null : r.retryable === 1 };
}
