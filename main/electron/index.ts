import { app, BrowserWindow, dialog, shell } from 'electron';
import { join } from 'node:path';
import { toHunterError } from '../core/errors';
import { ServicesHost } from '../ipc/services-host';
import { defaultDatabaseFile } from '../store/paths';
import { pickCsvFile } from './dialogs';
import { registerIpc } from './ipc';
import { notifyAlert } from './notifications';
import { electronSecretStore } from './secrets';
import { createMainWindow, secureSession } from './window';

/**
 * The Electron shell: a window, the IPC gateway and the OS services. The work itself (the same HunterApp
 * the CLI uses) runs on the services thread, so this thread stays free for the window.
 */
app.setName('The Hunter');
app.enableSandbox();

let services: ServicesHost | null = null;

const preloadDir = () => join(import.meta.dirname, '../preload');
const rendererTarget = () => (process.env.ELECTRON_RENDERER_URL ? { url: process.env.ELECTRON_RENDERER_URL } : { file: join(import.meta.dirname, '../renderer/index.html') });

function focusWindow(): void {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  secureSession();
  const userData = app.getPath('userData');
  try {
    services = await ServicesHost.start({
      script: { file: join(import.meta.dirname, 'services.js') },
      dbFile: defaultDatabaseFile({ ...process.env, HUNTER_DATA_DIR: userData }),
      dataDir: userData,
      secrets: electronSecretStore(userData),
      emit: (event, payload) => {
        for (const w of BrowserWindow.getAllWindows()) w.webContents.send(event, payload);
      },
      notify: (alert) => notifyAlert(alert, focusWindow),
      pickCsv: pickCsvFile,
      // The system browser, never an embedded view, for a Google or Microsoft sign-in (RFC 8252).
      openUrl: (url) => void shell.openExternal(url),
      onRestart: (reason) => console.error(`${reason} Started again.`),
    });
  } catch (err) {
    // Nothing works without the database (one from a newer version, a folder that cannot be written).
    const h = toHunterError(err);
    dialog.showErrorBox('The Hunter cannot start', `${h.message}\n\n${h.hint}`);
    app.exit(1);
    return;
  }
  registerIpc(services);
  createMainWindow(preloadDir(), rendererTarget());
}

// Running executions pause cleanly and streams stop before the database closes.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !services) return;
  event.preventDefault();
  quitting = true;
  void services.close().finally(() => {
    services = null;
    app.quit();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && services) createMainWindow(preloadDir(), rendererTarget());
});

void start();
