import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { HunterApp } from '../app';
import { dispatch } from '../ipc/dispatch';
import { createHandlers, type HandlerDeps, type Handlers } from '../ipc/handlers';
import { CHANNELS, type Channel, type Result } from '../../preload/contract';

/**
 * The IPC gateway: one handler per channel of the contract. Each call's sender is checked (only our own
 * renderer's frame), then goes the one path the tests fuzz too (`dispatch`: schema parse, handler, and
 * always {ok, value} or {ok: false, error: {code, message}}): a renderer never sees a stack or a crash.
 */
export function registerIpc(app: HunterApp, deps: Partial<HandlerDeps>): Handlers {
  const handlers = createHandlers(app, deps);
  for (const name of Object.keys(CHANNELS) as Channel[]) {
    ipcMain.handle(name, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isOurFrame(event)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: the request did not come from the app window.' } };
      return dispatch(handlers.table, name, payload);
    });
  }
  return handlers;
}

function isOurFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}
