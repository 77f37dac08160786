import { describe, expect, it } from 'vitest';
import { buildBridge, CHANNEL_NAMES, EVENT_NAMES } from '../../../preload/index';
import { CHANNELS, EVENTS } from '../../../preload/contract';

describe('preload bridge', () => {
  it('has exactly one function per contract channel, plus subscribe, and nothing else', async () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(CHANNELS).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
    const calls: Array<[string, unknown]> = [];
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const bridge = buildBridge({
      invoke: async (c, p) => {
        calls.push([c, p]);
        return { ok: true, value: null };
      },
      listen: (e, fn) => listeners.set(e, (listeners.get(e) ?? new Set()).add(fn as never)),
      unlisten: (e, fn) => listeners.get(e)?.delete(fn as never),
    });
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(CHANNELS), 'subscribe'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const forbidden of ['ipcRenderer', 'send', 'on', 'shell', 'invoke']) expect(forbidden in bridge).toBe(false);
    await bridge['app:bootstrap']({});
    await (bridge['runs:list'] as unknown as () => Promise<unknown>)();
    expect(calls).toEqual([['app:bootstrap', {}], ['runs:list', {}]]);

    const got: unknown[] = [];
    const off = bridge.subscribe('alert:new', (p) => got.push(p));
    for (const fn of listeners.get('alert:new')!) fn({ sender: 'ipc-event-object' }, { id: 'a1' });
    expect(got).toEqual([{ id: 'a1' }]);
    off();
    expect(listeners.get('alert:new')!.size).toBe(0);
    expect(() => bridge.subscribe('nope' as 'alert:new', () => undefined)).toThrow();
  });
});
