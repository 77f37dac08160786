import type { HunterApp } from '../app';
import { HunterError, toHunterError } from '../core/errors';
import { ExecutionControl } from '../engine/runner';
import type { WorkspaceStore } from '../store';
import type { Alert } from '../store/alerts';
import type { Execution } from '../store/executions';
import type { RunView } from '../../preload/contract';
import type { EventBatcher } from './event-batcher';
import { runStats } from './read-models';

interface ActiveRun {
  store: WorkspaceStore;
  control: ExecutionControl;
  done: Promise<void>;
  startedMs: number;
  startProcessed: number | null;
  viewTimer: ReturnType<typeof setTimeout> | null;
  /** How long the last view took to compute; views come at most every 5× that, so they stay under ~20 % of the work. */
  viewCostMs: number;
}

const FINISHED = new Set(['completed', 'partial', 'failed', 'cancelled']);

/**
 * Runs executions in the background, one ExecutionControl each, and streams their views. The engine's
 * steps are async and commit in small transactions, so a run leaves the event loop free between
 * them; views are recomputed at most every `viewEveryMs` (the funnel queries scan the run's steps).
 */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly lastError = new Map<string, { code: string; message: string }>();

  constructor(
    private readonly app: HunterApp,
    private readonly batcher: EventBatcher,
    private readonly onAlerts: (store: WorkspaceStore, alerts: Alert[]) => void,
    private readonly viewEveryMs = 150,
  ) {}

  isActive(executionId: string): boolean {
    return this.active.has(executionId);
  }

  start(store: WorkspaceStore, executionId: string): void {
    if (this.active.has(executionId)) throw new HunterError('CONFLICT', 'This run is already running.');
    const execution = store.executions.get(executionId);
    if (FINISHED.has(execution.status)) throw new HunterError('CONFLICT', `This run has ${execution.status}; start a new one instead.`);
    const control = new ExecutionControl();
    const alertsBefore = new Set(store.alerts.list({ limit: 1000 }).map((a) => a.id));
    this.lastError.delete(executionId);
    const run: ActiveRun = { store, control, done: Promise.resolve(), startedMs: performance.now(), startProcessed: null, viewTimer: null, viewCostMs: 0 };
    this.active.set(executionId, run);
    run.done = this.app
      .run(store, executionId, { control, onEvent: () => this.scheduleView(executionId) })
      .then(
        (r) => {
          if (r.error) this.lastError.set(executionId, r.error);
        },
        (err: unknown) => {
          const h = toHunterError(err);
          this.lastError.set(executionId, { code: h.code, message: h.message });
        },
      )
      .finally(() => {
        if (run.viewTimer) clearTimeout(run.viewTimer);
        this.active.delete(executionId);
        this.pushView(store, executionId);
        this.batcher.flush();
        const fresh = store.alerts.list({ limit: 1000 }).filter((a) => !alertsBefore.has(a.id));
        if (fresh.length > 0) this.onAlerts(store, fresh);
      });
    this.pushView(store, executionId);
  }

  /** Pauses after the steps in flight; resolves when the run has stopped. */
  async pause(executionId: string): Promise<void> {
    const run = this.active.get(executionId);
    if (!run) return;
    run.control.pause();
    await run.done;
  }

  async cancel(executionId: string): Promise<void> {
    const run = this.active.get(executionId);
    if (!run) return;
    run.control.cancel();
    await run.done;
  }

  /** Stops every run (pausing, so each can be resumed) and waits for them: for quitting the app. */
  async stopAll(): Promise<void> {
    const runs = [...this.active.values()];
    for (const r of runs) r.control.pause();
    await Promise.all(runs.map((r) => r.done));
  }

  view(store: WorkspaceStore, execution: Execution): RunView {
    const agent = store.agents.find(execution.agent_id);
    const stepRecipes = agent
      ? agent.config.recipes.filter((r) => r.enabled && r.id !== 'subscription').map((r) => r.id)
      : ['discovery', 'intelligence', 'personalization', 'outreach'];
    const stats = runStats(store, execution.id, stepRecipes);
    const run = this.active.get(execution.id);
    // A run the database calls running that this process is not running was interrupted (the app quit).
    const status = !run && (execution.status === 'running' || execution.status === 'pending') ? 'interrupted' : execution.status;
    const err = this.lastError.get(execution.id) ?? (execution.error_code ? { code: execution.error_code, message: execution.error_message ?? '' } : null);
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
      total: stats.total,
      processed: stats.processed,
      seconds_left: run ? this.secondsLeft(run, stats.processed, stats.total) : null,
      credits: store.ledger.chargedFor(execution.id) / 1e6,
      funnel: stats.funnel,
      errors: stats.errors,
    };
  }

  private secondsLeft(run: ActiveRun, processed: number, total: number): number | null {
    if (run.startProcessed === null) run.startProcessed = processed;
    const done = processed - run.startProcessed;
    const elapsed = (performance.now() - run.startedMs) / 1000;
    if (done <= 0 || elapsed <= 0 || total <= processed) return total > 0 && total <= processed ? 0 : null;
    return Math.ceil(((total - processed) * elapsed) / done);
  }

  private scheduleView(executionId: string): void {
    const run = this.active.get(executionId);
    if (!run || run.viewTimer) return;
    run.viewTimer = setTimeout(() => {
      run.viewTimer = null;
      if (this.active.get(executionId) !== run) return;
      const t0 = performance.now();
      this.pushView(run.store, executionId);
      run.viewCostMs = performance.now() - t0;
    }, Math.max(this.viewEveryMs, run.viewCostMs * 5));
  }

  private pushView(store: WorkspaceStore, executionId: string): void {
    const execution = store.executions.find(executionId);
    if (!execution) return;
    this.batcher.run({ execution_id: executionId, run: this.view(store, execution) });
  }
}
