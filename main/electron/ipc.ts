import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { HunterApp } from '../app';
import { toHunterError } from '../core/errors';
import { CHANNELS, type Channel, type Result } from '../../preload/contract';
import { handlers } from '../ipc/handlers';

/**
 * The IPC gateway: one handler per channel of the contract. Each call's sender is checked (only our own
 * renderer's frame), its payload parsed with the channel's schema, and the answer is always
 * {ok, value} or {ok: false, error: {code, message}}: a renderer never sees a stack or a crash.
 */
export function registerIpc(app: HunterApp): void {
  const table = handlers(app);
  for (const name of Object.keys(CHANNELS) as Channel[]) {
    ipcMain.handle(name, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isOurFrame(event)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: the request did not come from the app window.' } };
      const parsed = CHANNELS[name].request.safeParse(payload);
      if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: `Refused: ${name} got a payload of the wrong shape.` } };
      try {
        return { ok: true, value: await table[name](parsed.data as never) };
      } catch (err) {
        const h = toHunterError(err);
        return { ok: false, error: { code: h.code, message: h.message } };
      }
    });
  }
}

function isOurFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}
