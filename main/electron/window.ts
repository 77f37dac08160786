import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { isSafeExternalUrl } from './external-url';

/** The Content-Security-Policy of the renderer: its own code only, no inline script, no remote anything. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Every window's security settings, in one place: sandboxed, isolated, no Node in the page, no
 * navigation away, no new windows, no permissions; external links only to parsed https: and mailto: URLs.
 */
export function createMainWindow(preloadDir: string, rendererUrlOrFile: { url?: string; file?: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'The Hunter',
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  if (rendererUrlOrFile.url) void win.loadURL(rendererUrlOrFile.url);
  else void win.loadFile(rendererUrlOrFile.file!);
  return win;
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Session-wide: a CSP header on every response, and every permission request refused. */
export function secureSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
