import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HunterError, toHunterError } from '../core/errors';
import { canWrite, dropHealthRecord, isDamageError, sqliteCode } from './file-health';
import { backupBaseName, defaultBackupDir, parseBackupName } from './paths';

/** Why a connection cannot write, said once at open, with the file it is about. */
export interface DatabaseProblem {
  code: 'DATABASE_CORRUPT' | 'READ_ONLY';
  message: string;
  /** The database file as the caller named it (a damaged file is read through a private copy). */
  file: string;
}

/** What the open did about checking the file, for `hunter db check` and for diagnosing a slow start. */
export interface OpenCheck {
  /** Whether quick_check ran at this open. */
  ran: boolean;
  /** Why it ran, or why it was not needed. */
  reason: string;
  /** When the file last passed a check, as far as anything trustworthy records. */
  checkedAt: string | null;
}

export interface ConnectionState {
  file: string;
  backupDir: string;
  problem: DatabaseProblem | null;
  check: OpenCheck;
  /** Whether the connection writes the real file (and so keeps its health record). */
  writer: boolean;
}

const states = new WeakMap<Database.Database, ConnectionState>();

export function setConnectionState(db: Database.Database, state: ConnectionState): void {
  states.set(db, state);
}

export function connectionState(db: Database.Database): ConnectionState | undefined {
  return states.get(db);
}

/** Why this connection cannot write (a damaged file, a read-only place), or null when it can. */
export function databaseProblem(db: Database.Database): DatabaseProblem | null {
  const p = states.get(db)?.problem;
  return p ? { ...p } : null;
}

/** The file the connection is about; `db.name` would name the private copy a damaged file is read through. */
export function databaseFile(db: Database.Database): string {
  return states.get(db)?.file ?? db.name;
}

/**
 * Turns an error from this connection into the coded error a rep can act on, naming the file: damage is
 * DATABASE_CORRUPT (and from then on the connection writes nothing: SQLite's advice once a file is known
 * damaged, as more writes can spread it; the next open checks the file and opens it read-only); a write
 * refused on a read-only connection is READ_ONLY, or DATABASE_CORRUPT when it is read-only because the
 * file is damaged; a busy file is DATABASE_BUSY; anything else is what toHunterError makes of it.
 */
export function errorFor(db: Database.Database, err: unknown): HunterError {
  if (err instanceof HunterError) return err;
  const state = states.get(db);
  if (!state) return fileError(db.name, err);
  if (isDamageError(err)) {
    markDamaged(db, err instanceof Error ? err.message : String(err));
    return new HunterError('DATABASE_CORRUPT', state.problem!.message, { cause: err });
  }
  if (sqliteCode(err)?.startsWith('SQLITE_READONLY') && state.problem) {
    return new HunterError(state.problem.code, `This change was not saved. ${state.problem.message}`, { cause: err });
  }
  return fileError(state.file, err);
}

/** The coded error for a SQLite or file error about a database file, for when there is no connection (yet). */
export function fileError(file: string, err: unknown): HunterError {
  if (err instanceof HunterError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  const code = sqliteCode(err);
  if (isDamageError(err)) {
    return new HunterError('DATABASE_CORRUPT', `The database ${file} is damaged (${detail}). ${backupsLine(file, defaultBackupDir(file))}`, { cause: err });
  }
  if (code?.startsWith('SQLITE_READONLY')) {
    return new HunterError('READ_ONLY', `This change was not saved: SQLite could not write ${file} (${detail}).`, { cause: err });
  }
  if (code === 'SQLITE_CANTOPEN' && !(canWrite(file) && canWrite(dirname(file)))) {
    return new HunterError('READ_ONLY', readOnlyMessage(file), { cause: err });
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new HunterError('DATABASE_BUSY', `The database ${file} is busy with another writer (${detail}); nothing was changed.`, { cause: err });
  }
  const h = toHunterError(err);
  return code ? new HunterError(h.code, `${h.message} (database ${file})`, { cause: err, retryable: h.retryable }) : h;
}

/**
 * The error a guarded connection throws instead of SQLite's: only damage and refused writes are
 * rewritten (they need the file's name and what to do); a constraint or a busy error stays SQLite's,
 * because callers branch on those codes.
 */
export function storageError(db: Database.Database, err: unknown): unknown {
  if (!isDamageError(err) && sqliteCode(err)?.startsWith('SQLITE_READONLY') !== true) return err;
  return errorFor(db, err);
}

/**
 * Records that SQLite found damage through this connection: the health record is dropped (the next open
 * checks the file and opens it read-only) and a writer stops writing.
 */
export function markDamaged(db: Database.Database, detail: string): void {
  const state = states.get(db);
  if (!state || state.problem?.code === 'DATABASE_CORRUPT') return;
  const message = state.writer
    ? `SQLite found damage in the database ${state.file} (${detail}). Nothing more is saved through this connection, ` +
      `since writing to a damaged file can spread the damage; the next start opens it read-only. ${backupsLine(state.file, state.backupDir)}`
    : corruptMessage(state.file, [detail], state.backupDir);
  state.problem = { code: 'DATABASE_CORRUPT', file: state.file, message };
  if (!state.writer) return;
  dropHealthRecord(state.file);
  if (db.open) Database.prototype.pragma.call(db, 'query_only = ON');
}

export function corruptMessage(file: string, problems: readonly string[], backupDir: string): string {
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
  return (
    `The database ${file} is damaged (${shown}${more}). It was opened read-only and left untouched: ` +
    `what reads still work, work, and nothing can be saved until a backup is restored. ${backupsLine(file, backupDir)}`
  );
}

export function notADatabaseMessage(file: string, reason: string, backupDir: string): string {
  return `The file ${file} is not a SQLite database (${reason}), so it cannot be opened; it was left untouched. ${backupsLine(file, backupDir)}`;
}

export function readOnlyMessage(file: string): string {
  const dir = dirname(file);
  if (!existsSync(file)) {
    return `The database ${file} does not exist, and this user cannot write its folder ${dir}, so it cannot be created there. Choose a folder you can write (or pass --db FILE).`;
  }
  const why = !canWrite(file) ? 'this user cannot write the file' : `this user cannot write its folder ${dir}, where SQLite keeps the file's journal`;
  return `The database ${file} cannot be changed here: ${why}. Reads work; to make changes, move it to a folder you can write (or pass --db FILE).`;
}

/** Where the backups are and which is newest, from their names alone (checking them is `listBackups`). */
function backupsLine(file: string, backupDir: string): string {
  const base = backupBaseName(file);
  const names = existsSync(backupDir)
    ? readdirSync(backupDir).filter((n) => parseBackupName(n)?.database === base).sort().reverse()
    : [];
  if (names.length === 0) return `No backups of it were found in ${backupDir}.`;
  const newest = names[0]!;
  return `Restore a backup: there ${names.length === 1 ? 'is 1' : `are ${names.length}`} in ${backupDir}, the newest ${newest}.`;
}
