import { EventEmitter } from 'node:events';
import type { AgentConfig } from '../core/agent-config';
import { fromMicros } from '../core/credits';
import { parseRecipeInput, parseRecipeOutput, statusFromCounts, type RecipeId, type RecipeOutput, type RecipeStatus } from '../core/envelope';
import { ERROR_CODES, HunterError, isErrorCode, PROVIDER_FAILURE_CODES, toHunterError, type RecipeError } from '../core/errors';
import { raiseAlert, type RunAlert } from './alerts';
import type { WorkspaceStore } from '../store';
import { nowIso } from '../store/database';
import type { Execution, StepCounts } from '../store/executions';
import { CommitQueue } from './commit-queue';
import { CreditGuard } from './credit-guard';
import { ProviderLimits, Semaphore } from './limits';
import { withRetry } from './retry';
import type { ExecutionEvent, Recipe, RecipeProgress, RecipeRuntime, StepCharge, StepResult } from './types';

const FINISHED = new Set(['completed', 'partial', 'failed']);
/** Stops that leave a run resumable as it stands: money, quota, the disk, the rep's pause, a source's block. */
const PAUSING_CODES = new Set(['INSUFFICIENT_CREDITS', 'BUDGET_REACHED', 'QUOTA_EXCEEDED', 'DISK_FULL', 'CANCELLED', 'BLOCKED']);
/** Leads read from the store at a time by a stage of the run. */
const LEAD_PAGE = 2000;
/** Errors an envelope carries; the rest are counted, and listed by the run's failures. */
const ENVELOPE_ERRORS = 50;

/**
 * The one way a run is recorded as cancelled, whether the engine stops it mid-way or the rep cancels one
 * that is paused: its status, and the audit entry that says who.
 */
export function recordCancel(store: WorkspaceStore, execution: Pick<Execution, 'id' | 'agent_id'>, actor: { type: 'rep' | 'cli' | 'system'; id: string }): void {
  store.tx(() => {
    store.executions.setStatus(execution.id, 'cancelled', { error_code: 'CANCELLED', error_message: 'The run was cancelled.' });
    store.audit.append({
      actor, action: 'execution_finished', resource: 'execution', resource_id: execution.id,
      context: { agent_id: execution.agent_id, execution_id: execution.id }, result: { status: 'warning', error_code: 'CANCELLED' },
    });
  });
}

/** The credits one run may spend: its own budget when the rep set one on the run, else its agent's. */
export function runBudget(execution: Pick<Execution, 'input'>, agent: Pick<AgentConfig, 'budget'>): number | null {
  const own = (execution.input as { budget?: unknown }).budget;
  return typeof own === 'number' && own >= 0 ? own : agent.budget;
}

export interface ExecutionResult {
  execution_id: string;
  status: Execution['status'];
  error: { code: string; message: string } | null;
  recipes: Array<RecipeOutput | { recipe_id: RecipeId; status: 'skipped' | 'pending' }>;
  credits_consumed: number;
}

/** Pause and cancel, from a keypress, a signal or the UI. */
export class ExecutionControl {
  readonly abort = new AbortController();
  reason: 'pause' | 'cancel' | null = null;
  pause(): void {
    if (!this.reason) this.reason = 'pause';
    this.abort.abort();
  }
  cancel(): void {
    this.reason = 'cancel';
    this.abort.abort();
  }
}

/** Stops a run early: the run keeps what it recorded and is resumable. */
class Halt extends Error {
  constructor(readonly status: 'paused' | 'cancelled' | 'failed', readonly error: HunterError | null) {
    super(error?.message ?? status);
  }
}


/**
 * The error a run stops with when a recipe failed for every record: the code its records failed with
 * (a source offline is INVALID_INPUT, with what to do), not INTERNAL, which says nothing to the rep.
 */
function recipeFailure(id: RecipeId, out: RecipeOutput): HunterError {
  const first = out.errors[0];
  if (!first) return new HunterError('INTERNAL', `${id} failed.`);
  const code = isErrorCode(first.error_code) ? first.error_code : 'INTERNAL';
  return new HunterError(code, `${id} failed for every record (${out.metadata.records_failed}), first: ${first.error_message}`, { retryable: first.retryable });
}

/**
 * Runs an agent's cookbook over one execution, durably: every finished step is recorded with its charges
 * in one transaction, and a step already recorded is never run again, so `resume` after a crash at any
 * instant finishes the work without repeating a paid step or charging twice.
 */
export class Engine extends EventEmitter<{ event: [ExecutionEvent] }> {
  constructor(private readonly store: WorkspaceStore, private readonly cookbook: readonly Recipe[]) {
    super();
  }

  async run(executionId: string, control = new ExecutionControl()): Promise<ExecutionResult> {
    const { store } = this;
    let execution = store.executions.get(executionId);
    if (execution.status === 'cancelled') return this.result(execution);
    const agent = store.agents.get(execution.agent_id).config;
    const recipes = this.recipesFor(agent);
    // A step that ended in a provider failure (a bad key, an outage) is not a verdict: resuming runs it again.
    const reopened = this.reopenProviderFailures(execution, recipes);
    if (FINISHED.has(execution.status) && reopened === 0) return this.result(execution);
    const resumed = execution.status !== 'pending';
    store.tx(() => {
      store.executions.setStatus(executionId, 'running');
      store.audit.append({
        actor: { type: 'system', id: 'engine' }, action: resumed ? 'execution_resumed' : 'execution_started',
        resource: 'execution', resource_id: executionId, context: { agent_id: execution.agent_id, execution_id: executionId },
        ...(reopened > 0 ? { changes: { after: { steps_retried: reopened } } } : {}),
      });
    });
    execution = store.executions.get(executionId);

    const budget = runBudget(execution, agent);
    const guard = new CreditGuard(store, executionId, budget == null ? null : Math.round(budget * 1_000_000), store.workspace().api_calls_limit);
    const commits = new CommitQueue(store, executionId);
    const limits = new ProviderLimits(agent.rate_limits);
    let finalStatus: Execution['status'] = 'completed';
    let haltError: HunterError | null = null;

    try {
      const stepRecipes = recipes.filter((r) => r.step);
      if (agent.execution_mode === 'parallel') {
        await this.runPipelined(execution, agent, stepRecipes, guard, commits, limits, control);
      } else {
        for (const recipe of stepRecipes) {
          if (this.isFinished(executionId, recipe.id)) continue;
          const rt = await this.prepareRecipe(execution, agent, recipe, control);
          await this.runSteps(rt, [recipe], guard, commits, limits, control);
          const out = this.finishRecipe(rt, recipe);
          if (out.status === 'failed' && !this.continues(agent, recipe.id)) throw new Halt('failed', recipeFailure(recipe.id, out));
        }
      }
      for (const recipe of recipes.filter((r) => r.once)) {
        if (this.isFinished(executionId, recipe.id)) continue;
        const rt = await this.prepareRecipe(execution, agent, recipe, control);
        const out = await this.runOnce(rt, recipe);
        if (out.status === 'failed' && !this.continues(agent, recipe.id)) throw new Halt('failed', recipeFailure(recipe.id, out));
      }
      const outs = recipes.map((r) => store.executions.recipeRun(executionId, r.id)?.output).filter((o): o is RecipeOutput => !!o);
      if (outs.some((o) => o.status !== 'success')) finalStatus = 'partial';
    } catch (raw) {
      commits.flush();
      if (raw instanceof Halt) {
        finalStatus = raw.status;
        haltError = raw.error;
      } else {
        const err = toHunterError(raw);
        haltError = err;
        // Money, quota and disk stop a run cleanly and leave it resumable; anything else fails it.
        finalStatus = PAUSING_CODES.has(err.code) ? 'paused' : 'failed';
      }
    }
    commits.flush();
    if (commits.error && !haltError) {
      haltError = commits.error;
      finalStatus = 'paused';
    }
    try {
      if (finalStatus === 'cancelled') recordCancel(store, execution, { type: 'system', id: 'engine' });
      else store.tx(() => {
        store.executions.setStatus(executionId, finalStatus, { error_code: haltError?.code ?? null, error_message: haltError?.message ?? null });
        store.audit.append({
          actor: { type: 'system', id: 'engine' },
          action: finalStatus === 'paused' ? 'execution_paused' : 'execution_finished',
          resource: 'execution', resource_id: executionId,
          context: { agent_id: execution.agent_id, execution_id: executionId },
          result: { status: finalStatus === 'completed' ? 'success' : finalStatus === 'failed' ? 'failed' : 'warning', error_code: haltError?.code ?? null },
        });
      });
    } catch (raw) {
      haltError = toHunterError(raw);
    }
    if (haltError) this.alertHalt(execution, agent, haltError);
    const final = store.executions.get(executionId);
    this.emit('event', { type: 'execution_finished', execution_id: executionId, status: final.status, message: haltError?.message });
    return this.result(final, haltError);
  }

  /**
   * Opens again the steps that ended in a provider failure (and what they held up), so this run does them
   * once more; returns how many leads that concerns. Recipes from the first one concerned on run again.
   */
  private reopenProviderFailures(execution: Execution, recipes: Recipe[]): number {
    const { store } = this;
    const order = recipes.map((r) => r.id);
    const todo = store.executions.stepsToRetry(execution.id, PROVIDER_FAILURE_CODES, order);
    if (todo.length === 0) return 0;
    store.tx(() => {
      let earliest = order.length;
      for (const t of todo) {
        const i = order.indexOf(t.recipe_id as RecipeId);
        store.executions.reopenSteps(execution.id, t.lead_id, order.slice(i), t.recipe_id);
        earliest = Math.min(earliest, i);
      }
      store.executions.reopenRecipes(execution.id, recipes.slice(earliest).map((r) => ({ id: r.id, once: !!r.once })));
    });
    this.emit('event', { type: 'retry', execution_id: execution.id, message: `${todo.length} lead(s) whose step ended in a provider failure are tried again` });
    return todo.length;
  }

  /** A run that stopped for money, a quota or a block tells the rep, as the agent's alert rules say. */
  private alertHalt(execution: Execution, agent: AgentConfig, err: HunterError): void {
    const context = { execution_id: execution.id, agent_id: execution.agent_id, error_code: err.code };
    const alert: RunAlert | null =
      err.code === 'BUDGET_REACHED' ? { trigger: 'budget_exceeded', title: 'Run stopped at its budget', message: err.message, context, action_required: true, suggested_action: `Raise the budget: hunter runs set-budget ${execution.id} CREDITS (or "Raise budget" on the run), then resume it.` }
      : err.code === 'INSUFFICIENT_CREDITS' || err.code === 'QUOTA_EXCEEDED' ? { trigger: 'subscription_exceeded', title: err.code === 'QUOTA_EXCEEDED' ? 'API-call quota used up' : 'Out of credits', message: err.message, context, action_required: true, suggested_action: err.hint }
      : err.code === 'BLOCKED' || err.code === 'API_RATE_LIMIT' ? { trigger: 'discovery_rate_limit', title: 'A source stopped the search', message: err.message, context, action_required: true, suggested_action: err.hint }
      : null;
    if (!alert) return;
    try {
      raiseAlert(this.store, agent, alert);
    } catch {
      // The alert is a courtesy; the run's own status already says why it stopped.
    }
  }

  private recipesFor(agent: AgentConfig): Recipe[] {
    const byId = new Map(this.cookbook.map((r) => [r.id, r]));
    return agent.recipes
      .filter((s) => s.enabled)
      .map((s) => {
        const r = byId.get(s.id);
        if (!r) throw new HunterError('INVALID_INPUT', `The agent lists recipe "${s.id}", which this version does not have.`);
        return r;
      });
  }

  private continues(agent: AgentConfig, id: RecipeId): boolean {
    const s = agent.recipes.find((r) => r.id === id);
    return !!s && (s.continue_on_failure || !s.required);
  }

  private isFinished(executionId: string, recipeId: RecipeId): boolean {
    const run = this.store.executions.recipeRun(executionId, recipeId);
    return !!run && ['success', 'partial', 'failed', 'skipped'].includes(run.status) && !!run.output;
  }

  /** Validates the recipe's input envelope and runs its preparation once (again after a crash: it is idempotent). */
  private async prepareRecipe(execution: Execution, agent: AgentConfig, recipe: Recipe, control: ExecutionControl): Promise<RecipeRuntime> {
    const base = { store: this.store, execution, agent, signal: control.abort.signal };
    const input = parseRecipeInput({ recipe_id: recipe.id, execution_id: execution.id, customer_id: this.store.workspaceId, payload: (this.handedInput(execution.id, agent, recipe.id) ?? { payload: recipe.buildPayload(base) }).payload });
    const rt: RecipeRuntime = {
      ...base,
      input,
      report: (note) =>
        this.emitProgress({ execution_id: execution.id, recipe_id: recipe.id, phase: 'preparing', total: note.total ?? 0, processed: note.done, succeeded: note.done, failed: 0, skipped: 0, credits_micros: 0, note: note.label }),
    };
    const run = this.store.executions.recipeRun(execution.id, recipe.id);
    if (!run || run.status === 'pending' || !run.started_at) this.store.executions.setRecipeRun(execution.id, recipe.id, 'running', { input });
    if (recipe.setUp && run?.status !== 'prepared') {
      this.checkControl(control);
      await recipe.setUp(rt);
      this.checkControl(control);
    }
    this.store.executions.setRecipeRun(execution.id, recipe.id, 'prepared');
    this.store.executions.setStatus(execution.id, 'running', { current_recipe: recipe.id });
    return rt;
  }

  /**
   * The payload the recipe before this one handed on in its output envelope, when it has finished: built
   * from the same steps a moment ago, and building it again would read every one of them once more (a
   * count of discovery's verdicts reads 100 000 results).
   */
  private handedInput(executionId: string, agent: AgentConfig, id: RecipeId): { payload: unknown } | null {
    const ids = agent.recipes.filter((r) => r.enabled).map((r) => r.id);
    const before = ids[ids.indexOf(id) - 1];
    if (!before) return null;
    const next = this.store.executions.recipeRun(executionId, before)?.output?.next_recipe_input;
    return next?.recipe_id === id ? next : null;
  }

  private checkControl(control: ExecutionControl): void {
    if (control.abort.signal.aborted) throw new Halt(control.reason === 'cancel' ? 'cancelled' : 'paused', new HunterError('CANCELLED', control.reason === 'cancel' ? 'The run was cancelled.' : 'The run was paused; resume it to go on.'));
  }

  /** Parallel mode: every recipe works at once, each lead flowing through the recipes as soon as it can. */
  private async runPipelined(execution: Execution, agent: AgentConfig, recipes: Recipe[], guard: CreditGuard, commits: CommitQueue, limits: ProviderLimits, control: ExecutionControl): Promise<void> {
    const pending = recipes.filter((r) => !this.isFinished(execution.id, r.id));
    if (pending.length === 0) return;
    const runtimes = new Map<RecipeId, RecipeRuntime>();
    for (const r of pending) runtimes.set(r.id, await this.prepareRecipe(execution, agent, r, control));
    await this.runSteps(runtimes.get(pending[0]!.id)!, pending, guard, commits, limits, control, runtimes);
    for (const r of pending) {
      const out = this.finishRecipe(runtimes.get(r.id)!, r);
      if (out.status === 'failed' && !this.continues(agent, r.id)) throw new Halt('failed', recipeFailure(r.id, out));
    }
  }

  /**
   * Runs the steps of the given recipes over the execution's leads with the agent's concurrency. With one
   * recipe this is one stage of a sequential run; with several, a lead goes through them in order.
   */
  private async runSteps(rt: RecipeRuntime, recipes: Recipe[], guard: CreditGuard, commits: CommitQueue, limits: ProviderLimits, control: ExecutionControl, runtimes?: Map<RecipeId, RecipeRuntime>): Promise<void> {
    const { store } = this;
    const executionId = rt.execution.id;
    const leadCount = store.executions.leadCount(executionId);
    // A step tried again in a later round charges under keys of its own: the earlier round's are in the ledger.
    const rounds = new Map(recipes.map((r) => [r.id, store.executions.retryRounds(executionId, r.id)]));
    const progress = new Map<RecipeId, RecipeProgress>(
      recipes.map((r) => {
        const c = store.executions.stepCounts(executionId, r.id);
        // Records that are not leads (a bad CSV row) count in the total too, so the bar ends at 100 %.
        const total = leadCount + c.processed - store.executions.finishedLeadCount(executionId, r.id);
        return [r.id, { execution_id: executionId, recipe_id: r.id, phase: 'running', total, processed: c.processed, succeeded: c.succeeded, failed: c.failed, skipped: c.skipped, credits_micros: c.credits_micros }];
      }),
    );
    // The leads come a page at a time, with which of their steps are recorded: memory stays the same at 100 000.
    let done = new Map<RecipeId, Set<string>>();
    for (const p of progress.values()) this.emitProgress(p);

    let fatal: HunterError | null = null;
    const inFlight = new Set<Promise<void>>();
    // A recipe whose steps mostly wait on the network (a DNS answer, a page) may work on more leads at once
    // than the agent's concurrency; its own limiters (per host, per provider) still bound the requests.
    const concurrency = Math.max(rt.agent.concurrency, ...recipes.map((r) => r.minConcurrency ?? 0));
    const slots = new Semaphore(concurrency);
    // Leads started and not finished (computing or waiting for the disk): enough to fill a write batch,
    // few enough that a lead started now reaches its draft soon.
    const admitted = new Semaphore(Math.max(64, concurrency * 8));
    // A lead's step for recipe N+1 waits for its step N to be committed: the next recipe reads what the last wrote.
    const commitsPending = new Set<Promise<unknown>>();
    let waitingOnDisk = 0;
    const runLead = async (leadId: string, slot: { release: () => void }): Promise<void> => {
      const todo = recipes.filter((r) => !done.get(r.id)!.has(leadId));
      for (let i = 0; i < todo.length; i++) {
        if (fatal || control.abort.signal.aborted) return;
        const ran = await this.runOneStep(leadId, todo[i]!, runtimes?.get(todo[i]!.id) ?? rt, guard, commits, limits, control, progress.get(todo[i]!.id)!, rounds.get(todo[i]!.id)!.get(leadId) ?? 0);
        if (ran === 'halt') return;
        const committed = ran.committed;
        commitsPending.add(committed);
        void committed.finally(() => commitsPending.delete(committed));
        // Only a lead's next recipe needs this step's writes; a sequential stage never waits on the disk.
        if (i < todo.length - 1) {
          // A slot is for work, not for waiting on the disk: another lead computes meanwhile, and its step
          // joins the same batch (one fsync for many steps).
          slot.release();
          waitingOnDisk++;
          // When every lead in flight waits for the disk, nothing more will join the batch: write it now.
          if (waitingOnDisk >= inFlight.size) commits.flush();
          try {
            await committed;
          } finally {
            waitingOnDisk--;
          }
          slot.release = await slots.acquire();
        }
      }
    };

    let lastYield = performance.now();
    let after = -1;
    pages: for (;;) {
      const page = store.executions.leadPage(executionId, after, LEAD_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.ordinal;
      const ids = page.map((p) => p.lead_id);
      // Leads still running from the last page keep their own `todo`; the new page's sets are for the new leads.
      done = new Map(recipes.map((r) => [r.id, store.executions.finishedAmong(executionId, r.id, ids)]));
      for (const leadId of ids) {
        if (recipes.every((r) => done.get(r.id)!.has(leadId))) continue;
        // Local steps finish in microtasks; without a turn of the event loop now and then, a Ctrl-C,
        // an IPC call or a timer would wait for the whole recipe.
        if (performance.now() - lastYield > 8) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
        const leave = await admitted.acquire();
        const release = await slots.acquire();
        if (fatal || control.abort.signal.aborted || commits.error) {
          release();
          leave();
          break pages;
        }
        const slot = { release };
        const p = runLead(leadId, slot)
          .catch((e) => {
            fatal = toHunterError(e);
            if (fatal.code === 'INSUFFICIENT_CREDITS' || fatal.code === 'BUDGET_REACHED' || fatal.code === 'QUOTA_EXCEEDED') control.abort.abort();
          })
          .finally(() => {
            slot.release();
            leave();
            inFlight.delete(p);
          });
        inFlight.add(p);
      }
    }
    await Promise.all(inFlight);
    commits.flush();
    await Promise.all(commitsPending);
    for (const p of progress.values()) this.emitProgress(p, true);
    if (commits.error) throw commits.error;
    if (fatal) throw fatal;
    this.checkControl(control);
  }

  /**
   * One lead, one recipe: reserve, run with retries, hand the record to the commit queue. Resolves, once
   * the step has run, to a promise of its commit (or 'halt' when the run must stop).
   */
  private async runOneStep(leadId: string, recipe: Recipe, rt: RecipeRuntime, guard: CreditGuard, commits: CommitQueue, limits: ProviderLimits, control: ExecutionControl, progress: RecipeProgress, round: number): Promise<{ committed: Promise<void> } | 'halt'> {
    guard.reserve(recipe.maxStepMicros, recipe.maxStepApiCalls, leadId);
    const chargeKey = `${rt.execution.id}:${recipe.id}:${leadId}${round > 0 ? `~r${round + 1}` : ''}`;
    let outcome: { result: StepResult; attempts: number } | null = null;
    let failure: (HunterError & { attempts?: number }) | null = null;
    // Money a failed attempt spent (a provider's usage) is still charged, with the step's record.
    const failedCharges: StepCharge[] = [];
    const keepCharges = (err: unknown, attempt: number) => {
      const c = (err as { charges?: StepCharge[] }).charges;
      if (c) for (const x of c) failedCharges.push({ ...x, key: `a${attempt}:${x.key}` });
    };
    try {
      const r = await withRetry(
        async ({ attempt }) => {
          const release = await limits.enter(recipe.provider, control.abort.signal);
          try {
            return await recipe.step!(leadId, { ...rt, attempt, chargeKey: `${chargeKey}#${attempt}` });
          } finally {
            release();
          }
        },
        rt.agent.retry_policy,
        {
          signal: control.abort.signal,
          onRetry: (err, attempt, waitMs) => {
            keepCharges(err, attempt);
            this.emit('event', { type: 'retry', execution_id: rt.execution.id, recipe_id: recipe.id, message: `${leadId}: ${err.code} on attempt ${attempt}, retrying in ${waitMs} ms` });
          },
        },
      );
      outcome = { result: r.value, attempts: r.attempts };
    } catch (raw) {
      failure = toHunterError(raw);
      keepCharges(raw, failure.attempts ?? 1);
    }
    if (failure && (failure.code === 'CANCELLED' || control.abort.signal.aborted)) {
      // Paused or cancelled mid-step: nothing is recorded, so resume runs this step again.
      guard.settle(recipe.maxStepMicros, recipe.maxStepApiCalls, 0, 0);
      return 'halt';
    }
    if (failure && (failure.code === 'INSUFFICIENT_CREDITS' || failure.code === 'BUDGET_REACHED' || failure.code === 'QUOTA_EXCEEDED' || failure.code === 'DISK_FULL')) {
      guard.settle(recipe.maxStepMicros, recipe.maxStepApiCalls, 0, 0);
      throw failure;
    }
    const charges = [...failedCharges, ...(outcome?.result.charges ?? [])];
    const credits = charges.reduce((s, c) => s + Math.max(0, c.micros), 0);
    const calls = outcome?.result.api_calls ?? 0;
    const record = outcome
      ? { lead_id: leadId, recipe_id: recipe.id, status: outcome.result.status, attempts: outcome.attempts, result: outcome.result.result ?? null, error_code: null, error_message: null, retryable: null, credits_micros: credits, api_calls: calls }
      : { lead_id: leadId, recipe_id: recipe.id, status: 'failed' as const, attempts: failure!.attempts ?? 1, result: null, error_code: failure!.code, error_message: failure!.message, retryable: failure!.retryable, credits_micros: credits, api_calls: 0 };
    // The callback keeps the status only: the record (and its result) is the queue's until written.
    const status = record.status;
    const committed = new Promise<void>((resolve, reject) =>
      commits.push({
        record, charges, chargeKey, write: outcome?.result.write,
        onCommitted: (ok, err) => {
          guard.settle(recipe.maxStepMicros, recipe.maxStepApiCalls, ok ? credits : 0, ok ? calls : 0);
          progress.processed++;
          if (ok && status === 'done') progress.succeeded++;
          else if (ok && status === 'skipped') progress.skipped++;
          else progress.failed++;
          if (ok) progress.credits_micros += credits;
          this.emitProgress(progress);
          if (!ok && err?.code === 'DISK_FULL') reject(err);
          else resolve();
        },
      }),
    );
    if (guard.nearEmpty(recipe.maxStepMicros)) commits.flush();
    // An async function would flatten a returned promise; the caller decides when to wait for the disk.
    return { committed };
  }

  private lastEmit = new Map<string, number>();
  private emitProgress(p: RecipeProgress, force = false): void {
    // At most ten progress events a second per recipe: enough for a bar, cheap at 100 000 leads.
    const now = Date.now();
    const key = p.recipe_id;
    if (!force && now - (this.lastEmit.get(key) ?? 0) < 100 && p.processed < p.total) return;
    this.lastEmit.set(key, now);
    this.emit('event', { type: 'progress', execution_id: p.execution_id, progress: { ...p } });
  }

  /** Builds, validates and stores a step recipe's output envelope from what its steps recorded. */
  private finishRecipe(rt: RecipeRuntime, recipe: Recipe): RecipeOutput {
    const { store } = this;
    const executionId = rt.execution.id;
    const counts = store.executions.stepCounts(executionId, recipe.id);
    // The envelope carries a sample of the errors and their number; every one is listed by the run's failures.
    const errors: RecipeError[] = store.executions.failedSample(executionId, recipe.id, ENVELOPE_ERRORS).map((s) => ({
      record_id: s.lead_id, error_code: s.error_code ?? 'INTERNAL', error_message: s.error_message ?? '', retryable: !!s.retryable,
    }));
    const data = { ...(recipe.summarize ? recipe.summarize(rt, counts) : {}), errors_total: counts.failed };
    const out = this.storeOutput(rt, recipe, statusFromCounts(counts.succeeded, counts.failed), data, errors, counts);
    this.alertRecipe(rt, recipe, out);
    return out;
  }

  /** A recipe that failed, or whose own check found the run wanting (most leads scored by a fallback), alerts the rep. */
  private alertRecipe(rt: RecipeRuntime, recipe: Recipe, out: RecipeOutput): void {
    const context = { execution_id: rt.execution.id, agent_id: rt.execution.agent_id, recipe_id: recipe.id, error_code: out.errors[0]?.error_code ?? null };
    const alerts: RunAlert[] = [...(recipe.alerts?.(rt, out) ?? [])];
    if (out.status === 'failed') {
      alerts.push({
        trigger: 'recipe_failed', title: `${recipe.id} failed`, context, action_required: true,
        message: `${recipe.id} failed for every one of ${out.metadata.records_failed} record(s)${out.errors[0] ? `, first with ${out.errors[0].error_code}: ${out.errors[0].error_message.slice(0, 200)}` : ''}.`,
        // Only a lead's step that failed on a provider is tried again by a resume; a bad input or a source's error is not.
        suggested_action: out.errors.some((e) => e.retryable && !e.record_id.includes(':'))
          ? `Fix what the errors name, then resume the run (hunter resume ${rt.execution.id}); steps that failed on a provider are tried again.`
          : `Fix what the errors name (${ERROR_CODES[isErrorCode(out.errors[0]?.error_code) ? out.errors[0]!.error_code : 'INTERNAL'].hint}), then start a new run.`,
      });
    }
    for (const a of alerts) {
      try {
        raiseAlert(this.store, rt.agent, { ...a, context: { ...context, ...a.context } });
      } catch {
        // As for halts: the alert is a courtesy, the envelope has the facts.
      }
    }
  }

  private async runOnce(rt: RecipeRuntime, recipe: Recipe): Promise<RecipeOutput> {
    let res: Awaited<ReturnType<NonNullable<Recipe['once']>>>;
    try {
      res = await recipe.once!(rt);
    } catch (raw) {
      const err = toHunterError(raw);
      res = { data: {}, errors: [{ record_id: rt.execution.id, error_code: err.code, error_message: err.message, retryable: err.retryable }], status: 'failed' };
    }
    const processed = res.records_processed ?? 1;
    const counts: StepCounts = { processed, succeeded: res.status === 'failed' ? 0 : processed, failed: res.status === 'failed' ? processed : 0, skipped: 0, credits_micros: 0, api_calls: 0 };
    const out = this.storeOutput(rt, recipe, res.status ?? (res.errors.length ? 'partial' : 'success'), res.data, res.errors, counts);
    this.alertRecipe(rt, recipe, out);
    return out;
  }

  private storeOutput(rt: RecipeRuntime, recipe: Recipe, status: RecipeStatus, data: Record<string, unknown>, errors: RecipeError[], counts: StepCounts): RecipeOutput {
    const { store } = this;
    const executionId = rt.execution.id;
    const run = store.executions.recipeRun(executionId, recipe.id);
    const started_at = run?.started_at ?? nowIso();
    const completed_at = nowIso();
    const next = this.nextRecipe(rt.agent, recipe.id);
    const output = parseRecipeOutput({
      recipe_id: recipe.id,
      execution_id: executionId,
      customer_id: store.workspaceId,
      status,
      data,
      metadata: {
        started_at, completed_at,
        duration_ms: Math.max(0, Date.parse(completed_at) - Date.parse(started_at)),
        records_processed: counts.succeeded + counts.failed,
        records_succeeded: counts.succeeded,
        records_failed: counts.failed,
        credits_consumed: fromMicros(counts.credits_micros),
      },
      errors,
      ...(next ? { next_recipe_input: { recipe_id: next.id, execution_id: executionId, customer_id: store.workspaceId, payload: next.buildPayload(rt) } } : {}),
    });
    store.tx(() => {
      store.executions.setRecipeRun(executionId, recipe.id, status, { output });
      store.audit.append({
        actor: { type: 'system', id: 'engine' }, action: 'recipe_executed', resource: 'recipe', resource_id: recipe.id,
        changes: { after: { status, ...output.metadata } },
        context: { agent_id: rt.execution.agent_id, execution_id: executionId, recipe_id: recipe.id },
        result: { status: status === 'success' ? 'success' : status === 'failed' ? 'failed' : 'warning', error_code: errors[0]?.error_code ?? null },
      });
    });
    this.emit('event', { type: 'recipe_finished', execution_id: executionId, recipe_id: recipe.id, status });
    return output;
  }

  private nextRecipe(agent: AgentConfig, id: RecipeId): Recipe | null {
    const ids = agent.recipes.filter((r) => r.enabled).map((r) => r.id);
    const i = ids.indexOf(id);
    const nextId = i >= 0 ? ids[i + 1] : undefined;
    return nextId ? (this.cookbook.find((r) => r.id === nextId) ?? null) : null;
  }

  result(execution: Execution, err: HunterError | null = null): ExecutionResult {
    const agent = this.store.agents.find(execution.agent_id)?.config;
    const ids = agent ? agent.recipes.map((r) => r.id) : [];
    const recipes = ids.map((id) => this.store.executions.recipeRun(execution.id, id)?.output ?? { recipe_id: id, status: 'pending' as const });
    return {
      execution_id: execution.id,
      status: execution.status,
      error: err ? { code: err.code, message: err.message } : execution.error_code ? { code: execution.error_code, message: execution.error_message ?? '' } : null,
      recipes,
      credits_consumed: fromMicros(this.store.ledger.chargedFor(execution.id)),
    };
  }
}
