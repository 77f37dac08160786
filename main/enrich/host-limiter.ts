/**
 * Politeness per web site: at most `perHost` requests at once to one host and at least `minIntervalMs`
 * between the starts of two requests to it (raised by a robots.txt crawl-delay); `maxTotal` bounds all hosts
 * together. Many sites are crawled in parallel, each one gently.
 */
export interface HostLimiterOptions {
  perHost?: number;
  minIntervalMs?: number;
  maxTotal?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface HostState {
  active: number;
  lastStart: number;
  waiters: (() => void)[];
  intervalMs: number;
}

export class HostLimiter {
  readonly perHost: number;
  readonly minIntervalMs: number;
  private readonly maxTotal: number;
  private readonly hosts = new Map<string, HostState>();
  private total = 0;
  private readonly totalWaiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(o: HostLimiterOptions = {}) {
    this.perHost = Math.max(1, Math.min(2, o.perHost ?? 2));
    this.minIntervalMs = Math.max(0, o.minIntervalMs ?? 500);
    this.maxTotal = Math.max(1, o.maxTotal ?? 32);
    this.now = o.now ?? (() => Date.now());
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** A site's robots.txt may ask for more time between requests; it never gets less than the default. */
  setInterval(host: string, ms: number): void {
    const s = this.state(host);
    s.intervalMs = Math.max(this.minIntervalMs, ms);
  }

  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const s = this.state(host);
    await this.acquireHost(s);
    try {
      await this.acquireTotal();
      try {
        return await fn();
      } finally {
        this.total--;
        this.totalWaiters.shift()?.();
      }
    } finally {
      s.active--;
      s.waiters.shift()?.();
      // Idle hosts with the default spacing are forgotten, so a long run does not keep one entry per site.
      if (s.active === 0 && s.waiters.length === 0 && s.intervalMs === this.minIntervalMs && this.now() - s.lastStart > s.intervalMs) this.hosts.delete(host.toLowerCase());
    }
  }

  private state(host: string): HostState {
    const key = host.toLowerCase();
    let s = this.hosts.get(key);
    if (!s) {
      s = { active: 0, lastStart: -Infinity, waiters: [], intervalMs: this.minIntervalMs };
      this.hosts.set(key, s);
    }
    return s;
  }

  private async acquireHost(s: HostState): Promise<void> {
    for (;;) {
      if (s.active < this.perHost) {
        const wait = s.lastStart + s.intervalMs - this.now();
        if (wait <= 0) {
          s.active++;
          s.lastStart = this.now();
          return;
        }
        await this.sleep(wait);
        continue;
      }
      await new Promise<void>((r) => s.waiters.push(r));
    }
  }

  private async acquireTotal(): Promise<void> {
    while (this.total >= this.maxTotal) await new Promise<void>((r) => this.totalWaiters.push(r));
    this.total++;
  }
}
