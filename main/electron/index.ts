import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { HunterApp } from '../app';
import type { Handlers } from '../ipc/handlers';
import { defaultDatabaseFile } from '../store/paths';
import { pickCsvFile } from './dialogs';
import { registerIpc } from './ipc';
import { notifyAlert } from './notifications';
import { electronSecretStore } from './secrets';
import { createMainWindow, secureSession } from './window';

/** The Electron shell: a window, the IPC gateway and OS services over the same HunterApp the CLI uses. */
app.setName('The Hunter');
app.enableSandbox();

let hunter: HunterApp | null = null;
let handlers: Handlers | null = null;

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
  hunter = HunterApp.open({ dbFile: defaultDatabaseFile({ ...process.env, HUNTER_DATA_DIR: userData }) });
  handlers = registerIpc(hunter, {
    secrets: electronSecretStore(userData),
    emit: (event, payload) => {
      for (const w of BrowserWindow.getAllWindows()) w.webContents.send(event, payload);
    },
    notify: (alert) => notifyAlert(alert, focusWindow),
    pickCsv: pickCsvFile,
    dataDir: userData,
  });
  createMainWindow(preloadDir(), rendererTarget());
}

// Running executions pause cleanly and streams stop before the database closes.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !handlers) return;
  event.preventDefault();
  quitting = true;
  void handlers.close().finally(() => {
    hunter?.close();
    hunter = null;
    app.quit();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && hunter) createMainWindow(preloadDir(), rendererTarget());
});

void start();
