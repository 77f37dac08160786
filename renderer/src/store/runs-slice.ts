import type { RunEventView, RunView } from '../../../preload/contract';
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
}

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
  };
};
