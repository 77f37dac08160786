import { HunterError } from './errors';
import { sleep as timerSleep } from './sleep';

/**
 * How calls to one place are spread out in time: how many may run at once and how far apart they start
 * (the Pacer), and how long a failed call waits before it is tried again (retryWaitMs). A provider's rate
 * limit, a web site's politeness, OpenStreetMap's usage policy and Google Maps' patience are all the same
 * two numbers per key, so they are one mechanism here. Timers only: the clock is injectable, so tests move
 * time themselves instead of depending on how fast the machine is.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PaceRule {
  /** At most this many calls for one key at once. */
  concurrency: number;
  /** At least this long between two calls for one key, ms. */
  intervalMs: number;
  /**
   * What the interval is counted from: the previous call's start (a rate: 30 a minute are starts 2 s apart)
   * or its end (a pause between calls, for services that ask for one after each answer).
   */
  from: 'start' | 'end';
}

export interface PacerOptions extends Partial<PaceRule> {
  /** At most this many calls at once over all keys together. */
  maxTotal?: number;
  now?: () => number;
  /** Waits out an interval; must reject when its signal aborts (the pacer cancels timers it no longer needs). */
  sleep?: Sleep;
}

export interface EnterOptions {
  signal?: AbortSignal | undefined;
  /** This call wants a longer pause than the key's rule (a random, human-like one): the larger one holds. */
  gapMs?: number | undefined;
}

/** Frees the slot taken by `enter`; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  gapMs: number;
  grant: (release: Release) => void;
}

interface KeyState {
  active: number;
  lastStart: number;
  lastEnd: number;
  /** The pause the most recent call asked for, so an idle key is not forgotten before it has passed. */
  lastGapMs: number;
  queue: Waiter[];
  timer: { due: number; stop: AbortController } | null;
}

// Idle keys are forgotten once the map grows past this, so a crawl of many sites keeps no entry per site.
const IDLE_KEYS_KEPT = 256;

/**
 * At most `concurrency` calls at once per key, their starts (or the end of one and the start of the next)
 * at least `intervalMs` apart, and at most `maxTotal` over all keys. Waiters are served in order per key;
 * a waiter whose signal aborts leaves the queue with CANCELLED and holds nothing.
 */
export class Pacer {
  private readonly defaults: PaceRule;
  private readonly maxTotal: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly rules = new Map<string, Partial<PaceRule>>();
  private readonly keys = new Map<string, KeyState>();
  /** Keys whose next waiter is held back only by `maxTotal`, in the order they were held back. */
  private readonly blocked = new Set<string>();
  private total = 0;

  constructor(o: PacerOptions = {}) {
    this.defaults = {
      concurrency: positive(o.concurrency, Infinity),
      intervalMs: nonNegative(o.intervalMs, 0),
      from: o.from ?? 'start',
    };
    this.maxTotal = positive(o.maxTotal, Infinity);
    // Monotonic: a clock set back by the system must not make a key wait for an hour.
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? ((ms, signal) => timerSleep(ms, signal));
  }

  /** A key's own rule (a provider's configured rate, a site's crawl-delay); what it leaves out stays the default. */
  setRule(key: string, rule: Partial<PaceRule>): void {
    const next = { ...this.rules.get(key), ...rule };
    if (next.concurrency !== undefined) next.concurrency = positive(next.concurrency, this.defaults.concurrency);
    if (next.intervalMs !== undefined) next.intervalMs = nonNegative(next.intervalMs, this.defaults.intervalMs);
    this.rules.set(key, next);
    // A looser rule may let a waiter go now.
    const s = this.keys.get(key);
    if (s) this.pump(key, s);
  }

  ruleFor(key: string): PaceRule {
    const own = this.rules.get(key);
    return own ? { ...this.defaults, ...own } : this.defaults;
  }

  /** Calls of the key running now (for what a screen or a test shows). */
  activeFor(key: string): number {
    return this.keys.get(key)?.active ?? 0;
  }

  /** Waits for a slot of the key; resolves to the function that frees it. */
  enter(key: string, o: EnterOptions = {}): Promise<Release> {
    const { signal } = o;
    if (signal?.aborted) return Promise.reject(cancelled());
    const s = this.state(key);
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const i = s.queue.indexOf(waiter);
        if (i < 0) return;
        s.queue.splice(i, 1);
        reject(cancelled());
        // The head may have been what the timer or the total waited for; the next one is judged afresh.
        if (s.queue.length === 0) {
          this.blocked.delete(key);
          this.stopTimer(s);
        } else if (i === 0) this.pump(key, s);
      };
      const waiter: Waiter = {
        gapMs: nonNegative(o.gapMs, 0),
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      s.queue.push(waiter);
      this.pump(key, s);
    });
  }

  /** Runs fn in a slot of the key; the slot is freed whether fn succeeds or throws. */
  async run<T>(key: string, fn: () => Promise<T>, o: EnterOptions = {}): Promise<T> {
    const release = await this.enter(key, o);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      if (this.keys.size >= IDLE_KEYS_KEPT) this.forgetIdle();
      s = { active: 0, lastStart: -Infinity, lastEnd: -Infinity, lastGapMs: 0, queue: [], timer: null };
      this.keys.set(key, s);
    }
    return s;
  }

  private pump(key: string, s: KeyState): void {
    while (s.queue.length > 0) {
      const rule = this.ruleFor(key);
      if (s.active >= rule.concurrency) return;
      if (this.total >= this.maxTotal) {
        this.blocked.add(key);
        return;
      }
      const head = s.queue[0]!;
      const since = rule.from === 'end' ? Math.max(s.lastEnd, s.lastStart) : s.lastStart;
      const now = this.now();
      const wait = since + Math.max(rule.intervalMs, head.gapMs) - now;
      if (wait > 0) {
        this.armTimer(key, s, now + wait);
        return;
      }
      s.queue.shift();
      this.blocked.delete(key);
      this.stopTimer(s);
      s.active++;
      this.total++;
      s.lastStart = now;
      s.lastGapMs = head.gapMs;
      head.grant(this.releaser(key, s));
    }
  }

  private releaser(key: string, s: KeyState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.active--;
      this.total--;
      s.lastEnd = this.now();
      this.pump(key, s);
      this.pumpBlocked();
    };
  }

  private pumpBlocked(): void {
    for (const key of [...this.blocked]) {
      if (this.total >= this.maxTotal) return;
      this.blocked.delete(key);
      const s = this.keys.get(key);
      if (s) this.pump(key, s);
    }
  }

  private armTimer(key: string, s: KeyState, due: number): void {
    // One timer per key, for the earliest moment anything can change; a later one is not needed.
    if (s.timer && s.timer.due <= due) return;
    this.stopTimer(s);
    const stop = new AbortController();
    s.timer = { due, stop };
    this.sleep(due - this.now(), stop.signal).then(
      () => {
        if (s.timer?.stop !== stop) return;
        s.timer = null;
        this.pump(key, s);
      },
      // Stopped because nobody waits any more, or the head changed: nothing to do.
      () => undefined,
    );
  }

  private stopTimer(s: KeyState): void {
    if (!s.timer) return;
    s.timer.stop.abort();
    s.timer = null;
  }

  private forgetIdle(): void {
    const now = this.now();
    for (const [key, s] of this.keys) {
      if (s.active > 0 || s.queue.length > 0 || s.timer) continue;
      const rule = this.ruleFor(key);
      const since = rule.from === 'end' ? Math.max(s.lastEnd, s.lastStart) : s.lastStart;
      if (now - since >= Math.max(rule.intervalMs, s.lastGapMs)) this.keys.delete(key);
    }
  }
}

/** The interval that keeps a key at `perMinute` starts a minute. */
export function intervalForRate(perMinute: number): number {
  return perMinute > 0 ? 60_000 / perMinute : 0;
}

/**
 * When a failed call is tried again. Exponential from the base (or fixed), capped, with "equal jitter" (between
 * half and all of the step) so parallel calls that failed together do not retry in lockstep. A provider's
 * retry-after is a floor, since retrying earlier only earns another refusal; one longer than
 * `maxRetryAfterMs` is not waited for at all: the caller gives up now and the error keeps the retry-after,
 * so whoever resumes later knows when.
 */
export interface BackoffRule {
  strategy: 'exponential' | 'fixed';
  baseMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
}

/** A retry-after up to a minute is waited out; longer ones end the call (the AI layer's default too). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** The wait before attempt `attempt + 1` (attempt counts from 1), or null when the retry-after is too long to wait. */
export function retryWaitMs(attempt: number, rule: BackoffRule, retryAfterMs?: number, random: () => number = Math.random): number | null {
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs) : 0;
  if (floor > rule.maxRetryAfterMs) return null;
  const step = rule.strategy === 'fixed' ? rule.baseMs : rule.baseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.max(0, Math.min(rule.maxMs, step));
  const jittered = capped / 2 + (capped / 2) * random();
  return Math.round(Math.max(jittered, floor));
}

function cancelled(): HunterError {
  return new HunterError('CANCELLED', 'The work was stopped.');
}

function positive(n: number | undefined, fallback: number): number {
  if (n === undefined || Number.isNaN(n)) return fallback;
  return Math.max(1, Math.floor(n));
}

function nonNegative(n: number | undefined, fallback: number): number {
  if (n === undefined || Number.isNaN(n)) return fallback;
  return Math.max(0, n);
}
