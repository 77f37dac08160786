import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../main/core/agent-config';
import { HunterError } from '../../../main/core/errors';
import { ProviderLimits, Semaphore } from '../../../main/engine/limits';
import { FakeClock, settle } from '../core/fake-clock';

describe('ProviderLimits, from the agent\'s rate_limits', () => {
  it('starts calls to a provider at requests_per_minute: 30 a minute are 2 s apart in the clock it is given', async () => {
    const clock = new FakeClock();
    const agent = parseAgentConfig({ rate_limits: { groq: { requests_per_minute: 30, concurrency: 4 } } });
    const limits = new ProviderLimits(agent.rate_limits, clock);
    const starts: number[] = [];
    const calls = Array.from({ length: 5 }, () =>
      limits.enter('groq').then((release) => {
        starts.push(clock.now());
        release();
      }),
    );
    await settle();
    expect(starts).toEqual([0]);
    await clock.advance(1999);
    expect(starts).toEqual([0]);
    await clock.advance(1);
    expect(starts).toEqual([0, 2000]);
    await clock.advance(6000);
    await Promise.all(calls);
    expect(starts).toEqual([0, 2000, 4000, 6000, 8000]);
  });

  it('holds a provider to its concurrency, and leaves other and unknown providers alone', async () => {
    const clock = new FakeClock();
    const limits = new ProviderLimits(parseAgentConfig({ rate_limits: { web: { concurrency: 2 }, groq: { requests_per_minute: 60, concurrency: 1 } } }).rate_limits, clock);
    const held: Array<() => void> = [];
    let web = 0;
    for (let i = 0; i < 4; i++) {
      void limits.enter('web').then((release) => {
        web++;
        held.push(release);
      });
    }
    const groq = await limits.enter('groq');
    const unknown = await Promise.all(Array.from({ length: 50 }, () => limits.enter('hunter_io')));
    await settle();
    expect(web).toBe(2);
    held[0]!();
    await settle();
    expect(web).toBe(3);
    groq();
    for (const r of unknown) r();
  });

  it('stops waiting when the run is cancelled, without taking a slot', async () => {
    const clock = new FakeClock();
    const limits = new ProviderLimits(parseAgentConfig({ rate_limits: { groq: { requests_per_minute: 6, concurrency: 1 } } }).rate_limits, clock);
    const first = await limits.enter('groq');
    first();
    const ac = new AbortController();
    const waiting = limits.enter('groq', ac.signal);
    await settle();
    expect(clock.pending).toBe(1);
    ac.abort();
    const err = await waiting.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('CANCELLED');
    expect(clock.pending).toBe(0);
    // The interval still counts from the first call: the next one starts 10 s after it, not after the cancelled one.
    let at = -1;
    const next = limits.enter('groq').then((release) => {
      at = clock.now();
      release();
    });
    await clock.advance(10_000);
    await next;
    expect(at).toBe(10_000);
  });
});

describe('Semaphore', () => {
  it('lets n through at once and the rest in order as slots free', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    for (let i = 0; i < 4; i++) {
      void sem.acquire().then((release) => {
        order.push(i);
        releases.push(release);
      });
    }
    await settle();
    expect(order).toEqual([0, 1]);
    releases[1]!();
    await settle();
    expect(order).toEqual([0, 1, 2]);
    releases[0]!();
    await settle();
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
