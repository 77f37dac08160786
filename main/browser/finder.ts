import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { HunterError } from '../core/errors';

export interface FindBrowserOptions {
  /** The path the rep set in Settings; it wins, and it must work. */
  configuredPath?: string | null;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Injected for tests; defaults to "exists and is executable". */
  isExecutable?: (path: string) => boolean;
}

export interface FoundBrowser {
  path: string;
  /** Where it came from, shown in Settings. */
  via: 'settings' | 'environment' | 'auto';
}

function defaultIsExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Chrome, Chromium and Edge install themselves, per OS, in the order we prefer them. */
export function browserCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Brave Browser.app/Contents/MacOS/Brave Browser'];
    const roots = ['/Applications', env.HOME ? join(env.HOME, 'Applications') : undefined].filter((r): r is string => !!r);
    return roots.flatMap((r) => apps.map((a) => `${r}/${a}`));
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.ProgramW6432].filter((r): r is string => !!r);
    const rel = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'BraveSoftware\\Brave-Browser\\Application\\brave.exe'];
    return roots.flatMap((r) => rel.map((p) => `${r.replace(/\\$/, '')}\\${p}`));
  }
  return [
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
    '/usr/bin/brave-browser',
  ];
}

export function howToGetABrowser(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Install Google Chrome from https://www.google.com/chrome/ (or Microsoft Edge), or set its path in Settings → Browser.';
  if (platform === 'win32') return 'Install Google Chrome from https://www.google.com/chrome/ (Microsoft Edge is usually already installed), or set its path in Settings → Browser.';
  return 'Install Chromium (e.g. `sudo apt-get install chromium`) or Google Chrome, or set its path in Settings → Browser (or HUNTER_BROWSER_PATH).';
}

/**
 * Finds the rep's own Chrome / Chromium / Edge: the path in Settings first, then HUNTER_BROWSER_PATH,
 * then the usual install locations. Google Maps is read through a real browser the rep already has.
 */
export function findBrowser(options: FindBrowserOptions = {}): FoundBrowser {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const ok = options.isExecutable ?? defaultIsExecutable;
  if (options.configuredPath) {
    if (ok(options.configuredPath)) return { path: options.configuredPath, via: 'settings' };
    throw new HunterError('BROWSER_NOT_FOUND', `The browser set in Settings (${options.configuredPath}) does not exist or cannot be run. ${howToGetABrowser(platform)}`);
  }
  const fromEnv = env.HUNTER_BROWSER_PATH;
  if (fromEnv) {
    if (ok(fromEnv)) return { path: fromEnv, via: 'environment' };
    throw new HunterError('BROWSER_NOT_FOUND', `HUNTER_BROWSER_PATH (${fromEnv}) does not exist or cannot be run. ${howToGetABrowser(platform)}`);
  }
  for (const candidate of browserCandidates(platform, env)) {
    if (ok(candidate)) return { path: candidate, via: 'auto' };
  }
  throw new HunterError('BROWSER_NOT_FOUND', `No Chrome, Chromium or Edge was found on this computer. ${howToGetABrowser(platform)}`);
}
