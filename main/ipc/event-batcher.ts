import type { DraftStreamEvent, EventName, EventPayloads, RunEventView } from '../../preload/contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface BatchTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatchTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Streams to the renderer at most one message per event name per frame (~16 ms): run progress keeps only
 * the newest view of each execution, and draft tokens of one draft are joined into one delta. A
 * message per token would flood IPC and make the renderer re-render for every word.
 */
export class EventBatcher {
  private runs = new Map<string, RunEventView>();
  private drafts: DraftStreamEvent[] = [];
  private timer: unknown = null;
  private lastFlush = -Infinity;
  private closed = false;

  constructor(
    private readonly sink: EventSink,
    private readonly intervalMs = 16,
    private readonly timers: BatchTimers = realTimers,
    private readonly now: () => number = () => performance.now(),
  ) {}

  run(view: RunEventView): void {
    if (this.closed) return;
    this.runs.set(view.execution_id, view);
    this.schedule();
  }

  draft(event: DraftStreamEvent): void {
    if (this.closed) return;
    const last = this.drafts[this.drafts.length - 1];
    if (last && (event.type === 'draft' || event.type === 'refined') && last.type === event.type && last.draft_id === event.draft_id) {
      // A restart drops what was shown: the joined delta becomes the new attempt's text alone.
      this.drafts[this.drafts.length - 1] = event.restart
        ? { ...event }
        : { ...last, delta: last.delta + event.delta };
    } else {
      this.drafts.push({ ...event });
    }
    this.schedule();
  }

  /** Sends what is waiting now (at the end of a stream, so the last words are not held back). */
  flush(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    this.lastFlush = this.now();
    if (this.runs.size > 0) {
      const runs = [...this.runs.values()];
      this.runs = new Map();
      this.sink('run:events', runs);
    }
    if (this.drafts.length > 0) {
      const drafts = this.drafts;
      this.drafts = [];
      this.sink('draft:events', drafts);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // The first event after a quiet spell goes out at once: the first token must not wait a frame.
    const wait = Math.max(0, this.intervalMs - (this.now() - this.lastFlush));
    if (wait === 0) {
      this.flush();
      return;
    }
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }
}
