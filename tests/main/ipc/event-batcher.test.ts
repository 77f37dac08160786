import { describe, expect, it } from 'vitest';
import { EventBatcher, type BatchTimers } from '../../../main/ipc/event-batcher';
import type { EventName, RunView } from '../../../preload/contract';

/** Timers the test moves by hand. */
function manualClock() {
  let now = 0;
  const pending: Array<{ at: number; fn: () => void; id: number }> = [];
  let seq = 0;
  const timers: BatchTimers = {
    set: (fn, ms) => {
      const id = ++seq;
      pending.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (id) => {
      const i = pending.findIndex((p) => p.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => now,
    advance(ms: number) {
      now += ms;
      for (;;) {
        const due = pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        pending.splice(pending.indexOf(due), 1);
        due.fn();
      }
    },
  };
}

const run = (id: string, processed: number) => ({ execution_id: id, run: { id, processed } as unknown as RunView });

describe('event batcher', () => {
  it('sends at most one message per event name per 16 ms, joining draft tokens and keeping the newest run view', () => {
    const clock = manualClock();
    const sent: Array<{ event: EventName; payload: unknown; at: number }> = [];
    const b = new EventBatcher((event, payload) => sent.push({ event, payload, at: clock.now() }), 16, clock.timers, clock.now);
    b.draft({ type: 'draft', draft_id: 'd1', delta: 'Hi' });
    expect(sent.length).toBe(1); // the first token goes out at once
    for (let i = 0; i < 1000; i++) {
      b.draft({ type: 'draft', draft_id: 'd1', delta: ` w${i}` });
      b.run(run('e1', i));
      if (i % 100 === 0) clock.advance(1);
    }
    clock.advance(50);
    const drafts = sent.filter((s) => s.event === 'draft:events');
    const runs = sent.filter((s) => s.event === 'run:events');
    for (let i = 1; i < drafts.length; i++) expect(drafts[i]!.at - drafts[i - 1]!.at).toBeGreaterThanOrEqual(16);
    const text = drafts.flatMap((d) => d.payload as Array<{ delta: string }>).map((e) => e.delta).join('');
    expect(text).toBe('Hi' + Array.from({ length: 1000 }, (_, i) => ` w${i}`).join(''));
    expect(drafts.length).toBeLessThanOrEqual(3);
    expect(runs.length).toBe(1);
    expect((runs[0]!.payload as Array<{ run: { processed: number } }>)[0]!.run.processed).toBe(999);
  });

  it('a restart replaces what was joined so far, and events of other kinds keep their order', () => {
    const clock = manualClock();
    const sent: unknown[] = [];
    const b = new EventBatcher((_e, p) => sent.push(p), 16, clock.timers, clock.now);
    b.flush();
    b.draft({ type: 'draft', draft_id: 'd1', delta: 'old text' });
    b.draft({ type: 'draft', draft_id: 'd1', delta: 'new', restart: true });
    b.draft({ type: 'draft', draft_id: 'd1', delta: ' text' });
    b.draft({ type: 'draft_ready', draft_id: 'd1', text: 'new text', subject: 's', model: 'm' });
    b.draft({ type: 'refined', draft_id: 'd1', delta: 'better' });
    clock.advance(20);
    expect(sent).toEqual([
      [
        { type: 'draft', draft_id: 'd1', delta: 'new text', restart: true },
        { type: 'draft_ready', draft_id: 'd1', text: 'new text', subject: 's', model: 'm' },
        { type: 'refined', draft_id: 'd1', delta: 'better' },
      ],
    ]);
  });

  it('flushes what waits on close and sends nothing after', () => {
    const clock = manualClock();
    const sent: unknown[] = [];
    const b = new EventBatcher((_e, p) => sent.push(p), 16, clock.timers, clock.now);
    b.flush();
    b.run(run('e1', 1));
    b.close();
    b.run(run('e1', 2));
    clock.advance(100);
    expect(sent.length).toBe(1);
  });
});
