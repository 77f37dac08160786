import type { Channel, HunterBridge, RequestOf, Responses, Result } from '../../preload/contract';

declare global {
  interface Window {
    hunter?: HunterBridge;
  }
}

/** A refusal or failure from main, with its code (the screens show the message and what to do). */
export class BridgeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Calls one operation of the contract and unwraps its {ok, value | error} answer. */
export async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Responses[C]> {
  const bridge = window.hunter;
  if (!bridge) throw new BridgeError('INTERNAL', 'The app bridge is missing: this page must run inside The Hunter.');
  const fn = bridge[channel] as unknown as (r: RequestOf<C>) => Promise<Result<Responses[C]>>;
  const r = await fn(req);
  if (!r.ok) throw new BridgeError(r.error.code, r.error.message);
  return r.value;
}

export const subscribe: HunterBridge['subscribe'] = (event, listener) => {
  const bridge = window.hunter;
  if (!bridge) return () => undefined;
  return bridge.subscribe(event, listener);
};
