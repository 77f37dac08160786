import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'The Hunter';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives the app, so the CLI and
 * the app open the same database by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HUNTER_DATA_DIR) return env.HUNTER_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export function defaultDatabaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'hunter.db');
}
