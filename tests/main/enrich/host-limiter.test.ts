import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { FakeClock, settle } from '../core/fake-clock';

/** A job that notes when it started (in the limiter's clock) and stays in flight until the test lets it end. */
function jobs(limiter: HostLimiter, clock: FakeClock) {
  const starts: Record<string, number[]> = {};
  const ends: Array<() => void> = [];
  let active = 0;
  let peak = 0;
  const job = (host: string, signal?: AbortSignal) =>
    limiter.run(
      host,
      () =>
        new Promise<void>((resolve) => {
          (starts[host.toLowerCase()] ??= []).push(clock.now());
          active++;
          peak = Math.max(peak, active);
          ends.push(() => {
            active--;
            resolve();
          });
        }),
      signal,
    );
  return { starts, ends, job, peak: () => peak, active: () => active };
}

describe('HostLimiter: the crawler\'s politeness', () => {
  it('allows two at once per host, spaces their starts, and keeps hosts independent', async () => {
    const clock = new FakeClock();
    const limiter = new HostLimiter({ perHost: 2, minIntervalMs: 50, now: clock.now, sleep: clock.sleep });
    const j = jobs(limiter, clock);
    const all = Promise.all([j.job('a'), j.job('a'), j.job('a'), j.job('a'), j.job('b'), j.job('b')]);
    await settle();
    // Host b did not wait for host a.
    expect(j.starts).toEqual({ a: [0], b: [0] });
    await clock.advance(50);
    expect(j.starts).toEqual({ a: [0, 50], b: [0, 50] });
    // Two in flight per host: the third waits for one to end, however long its spacing has passed.
    await clock.advance(500);
    expect(j.starts.a).toEqual([0, 50]);
    expect(j.active()).toBe(4);
    j.ends.shift()!();
    await settle();
    expect(j.starts.a).toEqual([0, 50, 550]);
    while (j.ends.length > 0) {
      j.ends.shift()!();
      await clock.advance(50);
    }
    await all;
    for (const s of Object.values(j.starts)) for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(50);
    expect(j.starts.a).toHaveLength(4);
    expect(j.peak()).toBe(4);
  });

  it('takes a host in any case as one host', async () => {
    const clock = new FakeClock();
    const limiter = new HostLimiter({ perHost: 1, minIntervalMs: 100, now: clock.now, sleep: clock.sleep });
    const j = jobs(limiter, clock);
    void j.job('Praxis.Example');
    void j.job('praxis.example');
    await settle();
    expect(j.starts['praxis.example']).toEqual([0]);
    j.ends.shift()!();
    await clock.advance(100);
    expect(j.starts['praxis.example']).toEqual([0, 100]);
  });

  it('raises the spacing for a host whose robots.txt asks for a crawl-delay, never lowers it below the default', async () => {
    const clock = new FakeClock();
    const limiter = new HostLimiter({ minIntervalMs: 500, now: clock.now, sleep: clock.sleep });
    limiter.setInterval('slow-crawl.com', 3000);
    limiter.setInterval('eager.com', 10);
    expect(limiter.intervalFor('SLOW-CRAWL.COM')).toBe(3000);
    expect(limiter.intervalFor('eager.com')).toBe(500);
    const j = jobs(limiter, clock);
    void j.job('slow-crawl.com');
    void j.job('slow-crawl.com');
    await settle();
    await clock.advance(2999);
    expect(j.starts['slow-crawl.com']).toEqual([0]);
    await clock.advance(1);
    expect(j.starts['slow-crawl.com']).toEqual([0, 3000]);
  });

  it('bounds all hosts together by maxTotal', async () => {
    const clock = new FakeClock();
    const limiter = new HostLimiter({ minIntervalMs: 0, maxTotal: 3, now: clock.now, sleep: clock.sleep });
    const j = jobs(limiter, clock);
    for (const h of ['a', 'b', 'c', 'd', 'e']) void j.job(h);
    await settle();
    expect(j.active()).toBe(3);
    j.ends.shift()!();
    await settle();
    expect(j.active()).toBe(3);
    expect(Object.keys(j.starts).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stops waiting for a slot when the crawl is cancelled', async () => {
    const clock = new FakeClock();
    const limiter = new HostLimiter({ perHost: 1, minIntervalMs: 500, now: clock.now, sleep: clock.sleep });
    const j = jobs(limiter, clock);
    void j.job('h');
    const ac = new AbortController();
    const waiting = j.job('h', ac.signal);
    await settle();
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(j.starts.h).toEqual([0]);
  });

  it('caps the per-host limit at two whatever is asked', () => {
    expect(new HostLimiter({ perHost: 10 }).perHost).toBe(2);
    expect(new HostLimiter({ perHost: 0 }).perHost).toBe(1);
  });

  it('passes failures through and frees the slot', async () => {
    const limiter = new HostLimiter({ perHost: 1, minIntervalMs: 0 });
    await expect(limiter.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('h', async () => 7)).resolves.toBe(7);
  });
});
