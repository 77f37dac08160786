import type { RateLimit } from '../core/agent-config';
import { sleep } from './retry';

/** At most n at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** Spaces requests so that no more than `perMinute` start in any minute (a token bucket of one minute). */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;
  constructor(perMinute: number) {
    this.interval = 60_000 / perMinute;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await sleep(at - now, signal);
  }
}

/** Per-provider concurrency and rate, from the agent's rate_limits; unknown providers are unlimited. */
export class ProviderLimits {
  private readonly sems = new Map<string, Semaphore>();
  private readonly rates = new Map<string, RateLimiter>();
  constructor(private readonly config: Record<string, RateLimit>) {}

  async enter(provider: string, signal?: AbortSignal): Promise<() => void> {
    const cfg = this.config[provider];
    if (!cfg) return () => undefined;
    let sem = this.sems.get(provider);
    if (!sem) this.sems.set(provider, (sem = new Semaphore(cfg.concurrency)));
    const release = await sem.acquire();
    if (cfg.requests_per_minute) {
      let rate = this.rates.get(provider);
      if (!rate) this.rates.set(provider, (rate = new RateLimiter(cfg.requests_per_minute)));
      try {
        await rate.take(signal);
      } catch (e) {
        release();
        throw e;
      }
    }
    return release;
  }
}
