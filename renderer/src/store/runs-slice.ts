import type { Paged, RunEventView, RunFailureView, RunView } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export interface RunsSlice {
  runs: RunView[];
  runsLoaded: boolean;
  selectedRunId: string | null;
  loadRuns(): Promise<void>;
  selectRun(id: string | null): void;
  applyRunEvents(events: RunEventView[]): void;
  pauseRun(id: string): Promise<void>;
  resumeRun(id: string): Promise<void>;
  cancelRun(id: string): Promise<void>;
  /** The failed records of one run, a page at a time (a bad CSV row with its cells). */
  runFailures: { runId: string; offset: number; page: Paged<RunFailureView> } | null;
  loadRunFailures(id: string, offset?: number): Promise<void>;
  /** The run's failed CSV rows written as a CSV to fix and import again; the file's path. */
  failedRowsFile: { runId: string; path: string; rows: number } | null;
  downloadFailedRows(id: string): Promise<void>;
  /** The credits the run may spend (null: the balance only); a paused run goes on from where it stopped. */
  setRunBudget(id: string, credits: number | null): Promise<boolean>;
}

/** Failed records shown per page in the run monitor. */
export const FAILURES_PAGE = 50;

const LIVE = new Set(['running', 'pending']);

export const createRunsSlice: Slice<RunsSlice> = (set, get) => {
  const replace = (run: RunView) =>
    set((s) => ({ runs: s.runs.some((r) => r.id === run.id) ? s.runs.map((r) => (r.id === run.id ? run : r)) : [run, ...s.runs] }));
  return {
    runs: [],
    runsLoaded: false,
    selectedRunId: null,

    async loadRuns() {
      const runs = await get().attempt(() => call('runs:list', {}));
      if (!runs) return;
      set((s) => ({ runs, runsLoaded: true, selectedRunId: s.selectedRunId ?? runs[0]?.id ?? null }));
    },

    selectRun(id) {
      set({ selectedRunId: id });
    },

    applyRunEvents(events) {
      let finished = false;
      for (const e of events) {
        const before = get().runs.find((r) => r.id === e.execution_id);
        if (before && LIVE.has(before.status) && !LIVE.has(e.run.status)) finished = true;
        replace(e.run);
      }
      // A run that ends changes the review count and the balance.
      if (finished) {
        void get().bootstrap();
        if (get().credits) void get().loadCredits();
      }
    },

    async pauseRun(id) {
      const run = await get().attempt(() => call('runs:pause', { id }));
      if (run) replace(run);
    },

    async resumeRun(id) {
      const run = await get().attempt(() => call('runs:resume', { id }));
      if (run) replace(run);
    },

    async cancelRun(id) {
      const run = await get().attempt(() => call('runs:cancel', { id }));
      if (run) replace(run);
    },

    runFailures: null,
    failedRowsFile: null,

    async loadRunFailures(id, offset = 0) {
      const page = await get().attempt(() => call('runs:failures', { id, offset, limit: FAILURES_PAGE }));
      if (page) set({ runFailures: { runId: id, offset, page } });
    },

    async downloadFailedRows(id) {
      const r = await get().attempt(() => call('runs:failed-csv', { id }));
      if (!r) return;
      set({ failedRowsFile: { runId: id, path: r.path, rows: r.rows } });
      get().notify('success', `${r.rows} failed row${r.rows === 1 ? '' : 's'} saved to ${r.path}: fix them and import the file again.`);
    },

    async setRunBudget(id, credits) {
      const run = await get().attempt(() => call('runs:set-budget', { id, credits }));
      if (!run) return false;
      replace(run);
      get().notify('success', credits === null ? 'The run may now spend up to your balance.' : `The run may now spend up to ${credits} credits.`);
      return true;
    },
  };
};
