import { HunterError } from '../core/errors';
import type { BreakerSettings, ProviderName } from './settings';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * One per provider. After `failureThreshold` provider failures in a row it opens and refuses calls
 * at once (CIRCUIT_OPEN), so a run stops waiting on a provider that is down and uses its fallback;
 * after `cooldownMs` it lets a single trial call through, and that call's outcome closes or reopens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    readonly provider: ProviderName,
    private readonly settings: BreakerSettings,
    private readonly clock: Clock = systemClock,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now() - this.openedAt >= this.settings.cooldownMs ? 'half_open' : 'open';
  }

  /** Throws CIRCUIT_OPEN when the call must not go out. Call right before each attempt. */
  enter(): void {
    const s = this.state;
    if (s === 'closed') return;
    if (s === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const waitS = Math.max(0, Math.ceil((this.settings.cooldownMs - (this.clock.now() - (this.openedAt ?? 0))) / 1000));
    throw new HunterError(
      'CIRCUIT_OPEN',
      `${label(this.provider)} failed ${this.settings.failureThreshold} times in a row; calls are paused${waitS > 0 ? ` for ${waitS} s more` : ' while one trial call runs'}.`,
      { retryAfterMs: waitS * 1000 },
    );
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** Only failures that say the provider is unwell count; a bad request or a retired model does not. */
  failure(err: HunterError): void {
    if (!countsAgainstProvider(err)) {
      // A trial call that failed for a reason of ours still proves the provider answers.
      if (this.trialInFlight) this.success();
      return;
    }
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== null || this.failures >= this.settings.failureThreshold) {
      this.openedAt = this.clock.now();
    }
  }

  /** A call that ended without an outcome (cancelled by the rep) frees the trial slot. */
  release(): void {
    this.trialInFlight = false;
  }
}

function countsAgainstProvider(err: HunterError): boolean {
  return (
    err.code === 'PROVIDER_ERROR' ||
    err.code === 'PROVIDER_OVERLOADED' ||
    err.code === 'TIMEOUT' ||
    err.code === 'CONNECTION_ERROR' ||
    err.code === 'STREAM_STALLED'
  );
}

export function label(p: ProviderName): string {
  return p === 'groq' ? 'Groq' : 'Anthropic';
}
