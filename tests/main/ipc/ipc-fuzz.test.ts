import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../../main/ipc/dispatch';
import { CHANNELS, type Channel } from '../../../preload/contract';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECRETISH = 'gsk_' + 'x'.repeat(600);

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() * 1e12 - 5e11;
    case 3: return Number.NaN;
    case 4: return r() < 0.5;
    case 5: return 'x'.repeat(Math.floor(r() * 10)) + '\u0000<script>alert(1)</script>';
    case 6: return 'y'.repeat(200_000);
    case 7: return SECRETISH;
    case 8: return depth < 4 ? Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1)) : [];
    case 9: return depth < 4 ? { [`k${Math.floor(r() * 100)}`]: randomValue(r, depth + 1) } : {};
    case 10: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    case 11: return Array.from({ length: 20_000 }, (_, i) => `id_${i}`);
    case 12: return -1;
    default: return { id: '../../etc/passwd' };
  }
}

/** Wrong shapes for one channel: not objects, extra keys, every known key with a wrong value, deep nesting. */
function payloadsFor(channel: Channel, r: () => number): unknown[] {
  const schema = CHANNELS[channel].request as unknown as z.ZodObject;
  const keys = Object.keys(schema.shape ?? {});
  const out: unknown[] = [undefined, null, 0, 'app:bootstrap', true, [], [{}], () => 1, new Date(), { extra: 1 }, { __proto__: null, id: 1 }];
  let deep: unknown = 'bottom';
  for (let i = 0; i < 5000; i++) deep = { id: deep };
  out.push(deep);
  out.push(new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }));
  for (const k of keys) for (let i = 0; i < 6; i++) out.push({ [k]: randomValue(r) });
  for (let i = 0; i < 40; i++) {
    const p: Record<string, unknown> = {};
    for (const k of keys) if (r() < 0.7) p[k] = randomValue(r);
    if (r() < 0.3) p[`unknown_${i}`] = randomValue(r);
    out.push(p);
  }
  return out;
}

describe('IPC fuzz: every channel, payloads of the wrong shape or size', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = createTestApp();
    await dispatch(t.handlers.table, 'workspace:create', { name: 'Fuzz', sender_name: 'Alex', sender_email: 'alex@example.com' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses each with a coded error, never throws, never echoes the payload', async () => {
    const r = prng(20261123);
    let refusedCount = 0;
    for (const channel of Object.keys(CHANNELS) as Channel[]) {
      let refusedHere = 0;
      for (const payload of payloadsFor(channel, r)) {
        let valid = false;
        try {
          valid = CHANNELS[channel].request.safeParse(payload).success;
        } catch {
          valid = false;
        }
        // Only wrong payloads are fuzz: a payload that happens to fit is a real request, tested elsewhere.
        if (valid) continue;
        const res = await dispatch(t.handlers.table, channel, payload);
        expect(res.ok, `${channel} accepted a payload of type ${typeof payload}`).toBe(false);
        if (!res.ok) {
          expect(res.error.code).toBe('INVALID_INPUT');
          expect(res.error.message.length).toBeLessThan(300);
          expect(res.error.message).not.toContain('xxxxxxxxxx');
          expect(res.error.message).not.toContain('<script>');
        }
        refusedHere++;
      }
      expect(refusedHere, channel).toBeGreaterThan(10);
      refusedCount += refusedHere;
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Main is still fine: it answers, and nothing was written by a refused request.
    const boot = await dispatch(t.handlers.table, 'app:bootstrap', {});
    expect(boot.ok).toBe(true);
    const verify = await dispatch(t.handlers.table, 'audit:verify', {});
    expect(verify.ok && (verify.value as { ok: boolean }).ok).toBe(true);
    const agents = await dispatch(t.handlers.table, 'agents:list', {});
    expect(agents.ok && (agents.value as unknown[]).length).toBe(0);
    expect(refusedCount).toBeGreaterThan(1000);
  });

  it('refuses unknown channels and names of Object.prototype', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null, { channel: 'app:bootstrap' }]) {
      const res = await dispatch(t.handlers.table, name, {});
      expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: unknown operation.' } });
    }
  });

  it('turns a handler failure into a coded error, not a crash', async () => {
    const res = await dispatch(t.handlers.table, 'drafts:get', { id: 'draft_missing' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
