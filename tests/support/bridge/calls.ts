import type { EventEmitter } from 'node:events';
import type { Channel, RequestOf, Responses, RunEventView, RunView } from '../../../preload/contract';
import type { AppSide } from './in-process';

/** A request the test expects to succeed: its value, or an error naming the refusal. */
export async function ok<C extends Channel>(t: Pick<AppSide, 'invoke'>, channel: C, req: RequestOf<C>): Promise<Responses[C]> {
  const r = await t.invoke(channel, req);
  if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
  return r.value as Responses[C];
}

/** A request the test expects to be refused: its coded error. */
export async function refused(t: Pick<AppSide, 'invoke'>, channel: Channel, req: unknown): Promise<{ code: string; message: string }> {
  const r = await t.invoke(channel, req);
  if (r.ok) throw new Error(`${channel} was accepted`);
  return r.error;
}

/** Waits for a run event (on the emitter main's events arrive on) that satisfies `until`. */
export function waitForRun(events: EventEmitter, id: string, until: (r: RunView) => boolean, timeoutMs = 60_000): Promise<RunView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${id} did not reach the state in time`)), timeoutMs);
    const check = (batch: RunEventView[]) => {
      const hit = batch.find((e) => e.execution_id === id && until(e.run));
      if (!hit) return;
      clearTimeout(timer);
      events.off('run:events', check);
      resolve(hit.run);
    };
    events.on('run:events', check);
  });
}
