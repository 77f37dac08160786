import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/ipc/dispatch';
import { CHANNELS, type Channel } from '../../../preload/contract';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { payloadsFor, prng } from '../../support/fuzz-payloads';

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
