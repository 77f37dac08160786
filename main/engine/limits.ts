import type { RateLimit } from '../core/agent-config';
import { intervalForRate, Pacer, type Release, type Sleep } from '../core/pacing';

/** At most n at once; the rest wait in order (the engine's slots for leads in flight). */
export class Semaphore {
  private readonly pacer: Pacer;
  constructor(limit: number) {
    this.pacer = new Pacer({ concurrency: limit });
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    return this.pacer.enter('', { signal });
  }
}

/**
 * Per-provider concurrency and rate, from the agent's rate_limits: `concurrency` calls at once and
 * `requests_per_minute` as starts spaced evenly over the minute. Unknown providers are unlimited.
 */
export class ProviderLimits {
  private readonly pacer: Pacer;

  constructor(
    private readonly config: Record<string, RateLimit>,
    clock: { now?: () => number; sleep?: Sleep } = {},
  ) {
    this.pacer = new Pacer(clock);
    for (const [provider, cfg] of Object.entries(config)) {
      this.pacer.setRule(provider, { concurrency: cfg.concurrency, intervalMs: cfg.requests_per_minute ? intervalForRate(cfg.requests_per_minute) : 0 });
    }
  }

  async enter(provider: string, signal?: AbortSignal): Promise<Release> {
    if (!Object.hasOwn(this.config, provider)) return () => undefined;
    return this.pacer.enter(provider, { signal });
  }
}
