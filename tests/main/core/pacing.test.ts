import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { DEFAULT_MAX_RETRY_AFTER_MS, intervalForRate, Pacer, retryWaitMs, type BackoffRule } from '../../../main/core/pacing';
import { FakeClock, settle } from './fake-clock';

/** Starts `n` calls of `key` that each note when they began (in the clock's time) and hold their slot until freed. */
function starter(pacer: Pacer, clock: FakeClock) {
  const started: Array<{ key: string; i: number; at: number; release: () => void }> = [];
  const start = (key: string, i: number, signal?: AbortSignal) =>
    pacer.enter(key, { signal }).then((release) => {
      started.push({ key, i, at: clock.now(), release });
    });
  return { started, start };
}

describe('Pacer', () => {
  it('spaces starts of one key at least the interval apart, in the clock it is given', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ intervalMs: intervalForRate(30), now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    for (let i = 0; i < 4; i++) void start('groq', i);
    await settle();
    expect(started.map((s) => s.at)).toEqual([0]);
    await clock.advance(1999);
    expect(started).toHaveLength(1);
    await clock.advance(1);
    expect(started.map((s) => s.at)).toEqual([0, 2000]);
    await clock.advance(4000);
    expect(started.map((s) => [s.i, s.at])).toEqual([[0, 0], [1, 2000], [2, 4000], [3, 6000]]);
  });

  it('runs at most `concurrency` at once per key; the next starts when one is freed, in order', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 2, now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    for (let i = 0; i < 5; i++) void start('site', i);
    await settle();
    expect(started.map((s) => s.i)).toEqual([0, 1]);
    expect(pacer.activeFor('site')).toBe(2);
    started[1]!.release();
    started[1]!.release(); // a second call frees nothing more
    await settle();
    expect(started.map((s) => s.i)).toEqual([0, 1, 2]);
    expect(pacer.activeFor('site')).toBe(2);
    started[0]!.release();
    started[2]!.release();
    await settle();
    expect(started.map((s) => s.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps keys apart: a busy or spaced key never holds back another', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 1, intervalMs: 500, now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    for (let i = 0; i < 3; i++) void start('a.example', i);
    void start('b.example', 0);
    await settle();
    expect(started.map((s) => `${s.key}@${s.at}`)).toEqual(['a.example@0', 'b.example@0']);
    started[0]!.release();
    await clock.advance(500);
    expect(started.map((s) => `${s.key}@${s.at}`)).toEqual(['a.example@0', 'b.example@0', 'a.example@500']);
  });

  it('holds every key to `maxTotal` together, and lets the waiting keys go in the order they were held', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 2, maxTotal: 2, now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    void start('a', 0);
    void start('a', 1);
    void start('b', 0);
    void start('c', 0);
    await settle();
    expect(started.map((s) => s.key)).toEqual(['a', 'a']);
    started[0]!.release();
    await settle();
    expect(started.map((s) => s.key)).toEqual(['a', 'a', 'b']);
    started[1]!.release();
    await settle();
    expect(started.map((s) => s.key)).toEqual(['a', 'a', 'b', 'c']);
  });

  it('counts the interval from the end of the last call when asked (a pause after each answer)', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 1, intervalMs: 1000, from: 'end', now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    void start('overpass', 0);
    void start('overpass', 1);
    await settle();
    await clock.advance(3000);
    expect(started).toHaveLength(1);
    started[0]!.release();
    await clock.advance(999);
    expect(started).toHaveLength(1);
    await clock.advance(1);
    expect(started.map((s) => s.at)).toEqual([0, 4000]);
  });

  it('gives a call the longer of its own pause and the rule', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 1, intervalMs: 100, from: 'end', now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    const call = (gapMs: number) => pacer.run('maps', async () => void times.push(clock.now()), { gapMs });
    const all = Promise.all([call(0), call(2500), call(40)]);
    await settle();
    for (let i = 0; i < 10 && times.length < 3; i++) await clock.advance(500);
    await all;
    expect(times).toEqual([0, 2500, 2600]);
  });

  it('lets a waiter go when its signal aborts: CANCELLED, no slot taken, the next one served, no timer left behind', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ concurrency: 1, intervalMs: 1000, now: clock.now, sleep: clock.sleep });
    const { started, start } = starter(pacer, clock);
    void start('k', 0);
    const ac = new AbortController();
    const second = start('k', 1, ac.signal);
    void start('k', 2);
    await settle();
    ac.abort();
    await expect(second).rejects.toBeInstanceOf(HunterError);
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    started[0]!.release();
    await clock.advance(1000);
    expect(started.map((s) => [s.i, s.at])).toEqual([[0, 0], [2, 1000]]);

    // Nobody waits any more once the only waiter leaves: the pacer's timer is stopped, not left to run out.
    started[1]!.release();
    const lone = new AbortController();
    const late = start('k', 3, lone.signal);
    await settle();
    expect(clock.pending).toBe(1);
    lone.abort();
    await expect(late).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(clock.pending).toBe(0);
    await expect(pacer.enter('k', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('frees the slot when the call throws, and passes its error on', async () => {
    const pacer = new Pacer({ concurrency: 1 });
    await expect(pacer.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pacer.run('h', async () => 7)).resolves.toBe(7);
    expect(pacer.activeFor('h')).toBe(0);
  });

  it('applies a key of its own rule (a crawl-delay) at once, and only to that key', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ intervalMs: 500, now: clock.now, sleep: clock.sleep });
    pacer.setRule('slow.example', { intervalMs: 2000 });
    expect(pacer.ruleFor('slow.example')).toEqual({ concurrency: Infinity, intervalMs: 2000, from: 'start' });
    expect(pacer.ruleFor('fast.example').intervalMs).toBe(500);
    const { started, start } = starter(pacer, clock);
    for (const key of ['slow.example', 'slow.example', 'fast.example', 'fast.example']) void start(key, 0);
    await settle();
    await clock.advance(2000);
    expect(started.map((s) => `${s.key}@${s.at}`).sort()).toEqual(['fast.example@0', 'fast.example@500', 'slow.example@0', 'slow.example@2000']);
  });

  it('forgets idle keys only once their spacing has passed, so a crawl of many sites keeps no entry per site yet spaces each', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ intervalMs: 1000, now: clock.now, sleep: clock.sleep });
    await pacer.run('recent.example', async () => undefined);
    for (let i = 0; i < 600; i++) await pacer.run(`site-${i}.example`, async () => undefined);
    const { started, start } = starter(pacer, clock);
    void start('recent.example', 1);
    await settle();
    expect(started).toHaveLength(0);
    await clock.advance(1000);
    expect(started.map((s) => s.at)).toEqual([1000]);
  });
});

describe('retryWaitMs: the one backoff rule', () => {
  const rule: BackoffRule = { strategy: 'exponential', baseMs: 1000, maxMs: 30_000, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS };

  it('doubles from the base, caps, and draws each wait between half and all of its step', () => {
    expect([1, 2, 3, 4].map((a) => retryWaitMs(a, rule, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((a) => retryWaitMs(a, rule, undefined, () => 0))).toEqual([500, 1000, 2000]);
    expect(retryWaitMs(10, rule, undefined, () => 1)).toBe(30_000);
    expect(retryWaitMs(3, { ...rule, strategy: 'fixed' }, undefined, () => 1)).toBe(1000);
  });

  it('waits at least a provider\'s retry-after, and not at all for one longer than the cap', () => {
    expect(retryWaitMs(1, rule, 7000, () => 1)).toBe(7000);
    expect(retryWaitMs(3, rule, 1500, () => 1)).toBe(4000);
    expect(retryWaitMs(1, rule, DEFAULT_MAX_RETRY_AFTER_MS, () => 0)).toBe(DEFAULT_MAX_RETRY_AFTER_MS);
    expect(retryWaitMs(1, rule, DEFAULT_MAX_RETRY_AFTER_MS + 1)).toBeNull();
    expect(retryWaitMs(1, { ...rule, maxRetryAfterMs: 1000 }, 90_000)).toBeNull();
    // A nonsense header is no floor.
    expect(retryWaitMs(1, rule, Number.NaN, () => 1)).toBe(1000);
    expect(retryWaitMs(1, rule, -5, () => 1)).toBe(1000);
  });
});
