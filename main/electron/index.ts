import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { HunterApp } from '../app';
import { defaultDatabaseFile } from '../store/paths';
import { registerIpc } from './ipc';
import { createMainWindow, secureSession } from './window';

/** The Electron shell: a window, the IPC gateway and OS services over the same HunterApp the CLI uses. */
app.setName('The Hunter');
app.enableSandbox();

let hunter: HunterApp | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  secureSession();
  hunter = HunterApp.open({ dbFile: defaultDatabaseFile({ ...process.env, HUNTER_DATA_DIR: app.getPath('userData') }) });
  registerIpc(hunter);
  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  createMainWindow(join(import.meta.dirname, '../preload'), rendererUrl ? { url: rendererUrl } : { file: join(import.meta.dirname, '../renderer/index.html') });
}

app.on('window-all-closed', () => {
  hunter?.close();
  hunter = null;
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && hunter) {
    createMainWindow(join(import.meta.dirname, '../preload'), { file: join(import.meta.dirname, '../renderer/index.html') });
  }
});

void start();
