import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ServicesHost } from '../ipc/services-host';
import { CHANNELS, type Channel, type Result } from '../../preload/contract';

/**
 * The IPC gateway: one handler per channel of the contract. Each call's sender is checked (only our own
 * renderer's frame), then it goes to the services thread, which takes the one path the tests fuzz too
 * (`dispatch`: schema parse, handler, and always {ok, value} or {ok: false, error: {code, message}}): a
 * renderer never sees a stack or a crash, and the main thread never does the work.
 */
export function registerIpc(services: ServicesHost): void {
  for (const name of Object.keys(CHANNELS) as Channel[]) {
    ipcMain.handle(name, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isOurFrame(event)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: the request did not come from the app window.' } };
      return services.invoke(name, payload);
    });
  }
}

function isOurFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}
