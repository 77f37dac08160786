import { Pacer, type Sleep } from '../core/pacing';

/**
 * Politeness per web site: at most `perHost` requests at once to one host and at least `minIntervalMs`
 * between the starts of two requests to it (raised by a robots.txt crawl-delay); `maxTotal` bounds all hosts
 * together. Many sites are crawled in parallel, each one gently. The pacing itself is core's Pacer; this is
 * the crawler's policy over it: its defaults, never more than two at once per site, host names in one case.
 */
export interface HostLimiterOptions {
  perHost?: number;
  minIntervalMs?: number;
  maxTotal?: number;
  now?: () => number;
  sleep?: Sleep;
}

export class HostLimiter {
  readonly perHost: number;
  readonly minIntervalMs: number;
  private readonly pacer: Pacer;

  constructor(o: HostLimiterOptions = {}) {
    this.perHost = Math.max(1, Math.min(2, o.perHost ?? 2));
    this.minIntervalMs = Math.max(0, o.minIntervalMs ?? 500);
    this.pacer = new Pacer({ concurrency: this.perHost, intervalMs: this.minIntervalMs, maxTotal: Math.max(1, o.maxTotal ?? 32), now: o.now, sleep: o.sleep });
  }

  /** A site's robots.txt may ask for more time between requests; it never gets less than the default. */
  setInterval(host: string, ms: number): void {
    this.pacer.setRule(host.toLowerCase(), { intervalMs: Math.max(this.minIntervalMs, ms) });
  }

  /** The spacing a host gets now, its crawl-delay included. */
  intervalFor(host: string): number {
    return this.pacer.ruleFor(host.toLowerCase()).intervalMs;
  }

  /** Runs fn in a slot of the host; a cancelled crawl stops waiting for one (CANCELLED). */
  run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.pacer.run(host.toLowerCase(), fn, { signal });
  }
}
