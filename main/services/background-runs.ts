import type { HunterApp } from '../app';
import { HunterError, toHunterError } from '../core/errors';
import { ExecutionControl } from '../engine/runner';
import type { WorkspaceStore } from '../store';
import type { Alert } from '../store/alerts';
import type { Execution } from '../store/executions';
import type { RunEventView, RunView } from '../../preload/contract';
import { REP, type Ctx } from './context';
import type { RunsService } from './runs';

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
 * Runs executions in the background for the app, one ExecutionControl each, and streams their views (the
 * CLI runs in the foreground through RunsService.runToEnd). The engine's steps are async and commit in
 * small transactions, so a run leaves the event loop free between them; views are recomputed at most
 * every `viewEveryMs` (the funnel queries scan the run's steps).
 */
export class BackgroundRuns {
  private readonly active = new Map<string, ActiveRun>();
  private readonly lastError = new Map<string, { code: string; message: string }>();

  constructor(
    private readonly app: HunterApp,
    private readonly runs: RunsService,
    private readonly onView: (view: RunEventView) => void,
    private readonly onAlerts: (store: WorkspaceStore, alerts: Alert[]) => void,
    private readonly viewEveryMs = 150,
  ) {}

  isActive(executionId: string): boolean {
    return this.active.has(executionId);
  }

  start(store: WorkspaceStore, executionId: string, opts: { retryFinished?: boolean } = {}): void {
    if (this.active.has(executionId)) throw new HunterError('CONFLICT', 'This run is already running.');
    const execution = store.executions.get(executionId);
    // A finished run starts again only to try the steps that ended in a provider failure (the engine finds them).
    if (execution.status === 'cancelled' || (FINISHED.has(execution.status) && !opts.retryFinished)) throw new HunterError('CONFLICT', `This run has ${execution.status}; start a new one instead.`);
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
        const fresh = store.alerts.list({ limit: 1000 }).filter((a) => !alertsBefore.has(a.id));
        if (fresh.length > 0) this.onAlerts(store, fresh);
      });
    this.pushView(store, executionId);
  }

  /** Starts a new execution in the background; returns its id. */
  startNew(ctx: Ctx, execution: Execution): string {
    this.start(ctx.store, execution.id);
    return execution.id;
  }

  viewOf(store: WorkspaceStore, executionId: string): RunView {
    return this.view(store, store.executions.get(executionId));
  }

  /** Pauses a running run after the steps in flight, and answers its view once it has stopped. */
  async pauseRun(store: WorkspaceStore, executionId: string): Promise<RunView> {
    const e = store.executions.get(executionId);
    if (!this.isActive(e.id) && e.status !== 'paused') throw new HunterError('CONFLICT', `This run is ${e.status}; only a running run can be paused.`);
    await this.pause(e.id);
    return this.viewOf(store, e.id);
  }

  /** Resumes a paused or interrupted run, or tries again the steps of a finished one that ended in a provider failure. */
  resume(store: WorkspaceStore, executionId: string): RunView {
    const e = store.executions.get(executionId);
    if (this.isActive(e.id)) throw new HunterError('CONFLICT', 'This run is already running.');
    this.start(store, e.id, { retryFinished: true });
    return this.viewOf(store, e.id);
  }

  /** Cancels a run: one running here stops after its steps in flight; one that is not running is recorded as cancelled. */
  async cancelRun(ctx: Ctx, executionId: string, cancelStopped: (ctx: Ctx, id: string) => unknown): Promise<RunView> {
    const e = ctx.store.executions.get(executionId);
    if (this.isActive(e.id)) await this.cancel(e.id);
    else cancelStopped(ctx, e.id);
    return this.viewOf(ctx.store, e.id);
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
    const run = this.active.get(execution.id);
    const v = this.runs.view({ store, actor: REP }, execution.id, { active: !!run, secondsLeft: null, lastError: this.lastError.get(execution.id) ?? null });
    return run ? { ...v, seconds_left: this.secondsLeft(run, v.processed, v.total) } : v;
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
    this.onView({ execution_id: executionId, run: this.view(store, execution) });
  }
}
