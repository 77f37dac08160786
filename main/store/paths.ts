import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';

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

/** The rotating backups of a database live in a `backups` folder beside it, so they move with it. */
export function defaultBackupDir(dbFile: string): string {
  return join(dirname(dbFile), 'backups');
}

/**
 * Where a database's health record lives: beside the file and outside it, so a damaged database cannot
 * vouch for itself, and a copy of the file elsewhere has no record (and is checked).
 */
export function healthRecordFile(dbFile: string): string {
  return `${dbFile}.health.json`;
}

/** The files SQLite keeps beside a database while it is open or after a crash. */
export function sideFiles(dbFile: string): { wal: string; shm: string; journal: string } {
  return { wal: `${dbFile}-wal`, shm: `${dbFile}-shm`, journal: `${dbFile}-journal` };
}

export const BACKUP_REASONS = ['daily', 'before-migration', 'before-restore', 'manual'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/**
 * A backup's name: the UTC time first, so names sort by time in any file manager and `ls`; then why it
 * was taken; then which database it is of, so two databases can share a folder. No colons, for Windows.
 * `hunter.db` backed up daily at 2026-03-01 10:15:00.123 UTC is `20260301-101500-123Z-daily-hunter.db`.
 */
export function backupFileName(dbFile: string, reason: BackupReason, at: Date): string {
  const iso = at.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}Z`;
  return `${stamp}-${reason}-${backupBaseName(dbFile)}.db`;
}

/** The part of a backup's name that says which database it is of: the file's name without its extension. */
export function backupBaseName(dbFile: string): string {
  const name = basename(dbFile);
  const ext = extname(name);
  return ext && ext !== name ? name.slice(0, -ext.length) : name;
}

const BACKUP_NAME = new RegExp(`^(\\d{4})(\\d{2})(\\d{2})-(\\d{2})(\\d{2})(\\d{2})-(\\d{3})Z-(${BACKUP_REASONS.join('|')})-(.+)\\.db$`);

export function parseBackupName(name: string): { reason: BackupReason; takenAt: Date; database: string } | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, reason, database] = m;
  const takenAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  if (Number.isNaN(takenAt.getTime())) return null;
  return { reason: reason as BackupReason, takenAt, database: database! };
}
