import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, EventName, EventPayloads, HunterBridge } from './contract';

/**
 * The channel and event names, checked against the contract by the compiler (both ways), so the
 * sandboxed preload need not load zod at run time: a sandboxed preload can require only 'electron'.
 */
export const CHANNEL_NAMES = [
  'app:bootstrap', 'workspace:create', 'workspace:select', 'workspace:rename', 'workspace:open-sample',
  'agents:list', 'agents:save', 'agents:expand-keywords',
  'csv:preview', 'runs:estimate', 'runs:start', 'runs:list', 'runs:get', 'runs:pause', 'runs:resume', 'runs:cancel',
  'runs:failures', 'runs:failed-csv', 'runs:set-budget',
  'leads:query', 'leads:get', 'leads:split',
  'drafts:list', 'drafts:get', 'drafts:approve', 'drafts:reject', 'drafts:defer', 'drafts:undo', 'drafts:edit',
  'drafts:use-version', 'drafts:bulk-approve', 'drafts:write',
  'credits:summary', 'alerts:list', 'alerts:read',
  'audit:list', 'audit:verify', 'audit:export',
  'settings:get', 'settings:set', 'secrets:set', 'sender:get', 'sender:set',
  'mail:get', 'mail:save', 'mail:remove', 'mail:test', 'mail:sign-in', 'mail:sign-out',
  'export:run', 'export:undo', 'export:mailto', 'dialog:open-csv',
  'dnc:list', 'dnc:add', 'dnc:remove', 'dnc:import', 'drafts:block', 'leads:export-data', 'leads:erase',
  'drafts:bulk-preview', 'drafts:bulk-undo', 'drafts:set-recipient',
  'drafts:channels', 'drafts:scheduled', 'drafts:add-variant', 'drafts:pick-variant', 'replies:check', 'stats:get',
] as const satisfies readonly Channel[];
export const EVENT_NAMES = ['run:events', 'draft:events', 'alert:new'] as const satisfies readonly EventName[];

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const everyChannel: Missing<Channel, (typeof CHANNEL_NAMES)[number]> = true;
const everyEvent: Missing<EventName, (typeof EVENT_NAMES)[number]> = true;
void everyChannel;
void everyEvent;

/** Builds the bridge over an invoke and a listener registry (ipcRenderer in the app). */
export function buildBridge(ipc: {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  listen(event: string, fn: (e: IpcRendererEvent, payload: unknown) => void): void;
  unlisten(event: string, fn: (e: IpcRendererEvent, payload: unknown) => void): void;
}): HunterBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    // Each function takes one plain payload; a request with no fields is sent as {}.
    bridge[channel] = (req?: unknown) => ipc.invoke(channel, req ?? {});
  }
  bridge.subscribe = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): (() => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
    // The listener gets the payload only, never the IPC event (which would reach ipcRenderer).
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as EventPayloads[E]);
    ipc.listen(event, wrapped);
    return () => ipc.unlisten(event, wrapped);
  };
  return Object.freeze(bridge) as HunterBridge;
}

if (process.contextIsolated) {
  contextBridge.exposeInMainWorld(
    'hunter',
    buildBridge({
      invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
      listen: (event, fn) => ipcRenderer.addListener(event, fn),
      unlisten: (event, fn) => ipcRenderer.removeListener(event, fn),
    }),
  );
}
