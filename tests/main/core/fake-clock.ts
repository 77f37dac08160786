import { HunterError } from '../../../main/core/errors';

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
}

/** One turn of the event loop: every promise callback queued so far has run. */
export const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * A clock that moves only when the test says (`advance`), or, with `auto`, jumps straight to the next timer
 * whenever one is waiting: code paced by it sees exactly the times it asked for, whatever the machine's speed.
 * Its `sleep` honours an AbortSignal as the real one does.
 */
export class FakeClock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  private stepping = false;

  constructor(start = 0, private readonly o: { auto?: boolean } = {}) {
    this.t = start;
  }

  readonly now = (): number => this.t;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new HunterError('CANCELLED', 'The work was stopped.'));
      const timer: Timer = { due: this.t + Math.max(0, ms), seq: this.seq++, resolve: () => resolve() };
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.timers.indexOf(timer);
          if (i < 0) return;
          this.timers.splice(i, 1);
          reject(new HunterError('CANCELLED', 'The work was stopped.'));
        },
        { once: true },
      );
      this.timers.push(timer);
      if (this.o.auto) this.scheduleStep();
    });

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing each timer that falls due on the way at its own time, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > until) break;
      this.fire(next);
      await settle();
    }
    this.t = until;
    await settle();
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const x of this.timers) if (!best || x.due < best.due || (x.due === best.due && x.seq < best.seq)) best = x;
    return best;
  }

  private fire(timer: Timer): void {
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.t = Math.max(this.t, timer.due);
    timer.resolve();
  }

  // One timer per turn of the event loop, so whatever it wakes runs (and maybe sets new timers) before the next.
  private scheduleStep(): void {
    if (this.stepping) return;
    this.stepping = true;
    setImmediate(() => {
      this.stepping = false;
      const next = this.earliest();
      if (next) this.fire(next);
      if (this.timers.length > 0) this.scheduleStep();
    });
  }
}
