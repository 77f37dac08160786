import Database from 'better-sqlite3';
import { closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HunterError, toHunterError } from '../core/errors';
import { databaseFile, databaseProblem, errorFor } from './connection-state';
import { canWrite, checkFile, dropHealthRecord, fsyncDir, fsyncFile, isDamageError, readHeader, runCheck, snapshotOf, sqliteCode } from './file-health';
import { MIGRATIONS } from './migrations';
import { backupBaseName, backupFileName, defaultBackupDir, parseBackupName, sideFiles, type BackupReason } from './paths';

export { BACKUP_REASONS, type BackupReason } from './paths';

/**
 * How many backups of each reason are kept per database. Rotation is per reason, not overall: a burst of
 * one kind (migrations in a row, manual backups in a loop, restores of a damaged file) must never push
 * out the only daily backups, which are the ones a rep falls back on.
 */
export const DEFAULT_KEEP = 7;

export interface BackupOptions {
  /** The backup folder; default: `backups` beside the database file. */
  dir?: string | undefined;
  reason: BackupReason;
  /** Backups of this reason kept for this database, the newest first; default 7. */
  keep?: number | undefined;
  /** The time the backup is named after (tests pass it; the rest use the clock). */
  now?: Date | undefined;
}

export interface BackupInfo {
  file: string;
  name: string;
  /** Which database it is of: the database file's name without its extension. */
  database: string;
  reason: BackupReason;
  takenAt: string;
  /** Bytes on disk, with the -wal kept beside a raw copy. */
  size: number;
  /** Whether it passed quick_check; null when it was not checked. */
  ok: boolean | null;
  problems: string[];
  /** The schema version (user_version) it holds; null when its header cannot be read. */
  schemaVersion: number | null;
}

/**
 * Backs a connection's database up with SQLite's online backup API, which copies pages in steps between
 * turns of the event loop, so the app stays responsive and writers are not held off. The copy is
 * switched out of WAL mode (one self-contained file that reads without -wal or -shm), checked with
 * quick_check, synced, and only then given its name and counted for rotation: a half-written or damaged
 * copy never replaces a good backup.
 */
export async function backupNow(db: Database.Database, opts: BackupOptions): Promise<BackupInfo> {
  refuseDamaged(db);
  const file = databaseFile(db);
  const dir = prepareDir(opts.dir ?? defaultBackupDir(file));
  const keep = keepCount(opts.keep);
  const { final, partial } = reserveName(dir, file, opts.reason, opts.now ?? new Date());
  try {
    await db.backup(partial);
  } catch (err) {
    removeWithSideFiles(partial);
    throw errorFor(db, err);
  }
  let verdict: { ok: boolean; problems: string[]; schemaVersion: number };
  try {
    verdict = settleBackupFile(partial);
  } catch (err) {
    removeWithSideFiles(partial);
    throw toHunterError(err);
  }
  if (!verdict.ok) {
    removeWithSideFiles(partial);
    throw new HunterError(
      'DATABASE_CORRUPT',
      `The backup of ${file} came out damaged (${verdict.problems.slice(0, 3).join('; ')}), so the database itself is likely damaged; the backup was discarded and the older backups were kept.`,
    );
  }
  return publish(partial, final, dir, file, opts.reason, keep, { ok: true, problems: [], schemaVersion: verdict.schemaVersion });
}

/**
 * The synchronous backup migrate() takes before it changes the schema: `VACUUM INTO` writes a consistent,
 * compact copy from one read transaction. It is built afresh from the rows SQLite can read, so damage
 * fails the VACUUM itself instead of being copied; the copy needs no quick_check of its own.
 */
export function backupWithVacuum(db: Database.Database, opts: BackupOptions): BackupInfo {
  refuseDamaged(db);
  const file = databaseFile(db);
  const dir = prepareDir(opts.dir ?? defaultBackupDir(file));
  const keep = keepCount(opts.keep);
  const { final, partial } = reserveName(dir, file, opts.reason, opts.now ?? new Date());
  try {
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (err) {
    removeWithSideFiles(partial);
    throw errorFor(db, err);
  }
  return publish(partial, final, dir, file, opts.reason, keep, { ok: true, problems: [], schemaVersion: headerVersion(partial) });
}

/**
 * Takes the daily backup when the newest one of this database is 24 hours old or more (or there is none,
 * or the clock went back past it). A connection that cannot write takes none: it changes nothing there
 * would be to keep, and a copy of a damaged file must never rotate the good daily backups out.
 */
export async function maybeDailyBackup(
  db: Database.Database,
  opts: { dir?: string | undefined; keep?: number | undefined } = {},
  now: Date = new Date(),
): Promise<BackupInfo | null> {
  if (databaseProblem(db)) return null;
  const file = databaseFile(db);
  const dir = opts.dir ?? defaultBackupDir(file);
  const newest = listBackups(dir, { verify: false, database: file }).find((b) => b.reason === 'daily');
  if (newest) {
    const age = now.getTime() - Date.parse(newest.takenAt);
    if (age >= 0 && age < 24 * 3_600_000) return null;
  }
  return backupNow(db, { dir, reason: 'daily', keep: opts.keep, now });
}

/**
 * The backups in a folder, newest first, with size, time, reason and (unless verify is false) whether
 * each passes quick_check. Checking reads every page of every backup, about 1.7 s per GB with the file
 * in the OS cache and several times that from a cold disk, so a quick listing can skip it.
 */
export function listBackups(dir: string, opts: { verify?: boolean; database?: string } = {}): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const base = opts.database === undefined ? null : backupBaseName(opts.database);
  const found: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed || (base !== null && parsed.database !== base)) continue;
    const file = join(dir, name);
    const wal = sideFiles(file).wal;
    const size = statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0);
    let ok: boolean | null = null;
    let problems: string[] = [];
    if (opts.verify !== false) ({ ok, problems } = checkFile(file, 'quick'));
    found.push({ file, name, database: parsed.database, reason: parsed.reason, takenAt: parsed.takenAt.toISOString(), size, ok, problems, schemaVersion: headerVersion(file) });
  }
  return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Removes this database's backups of one reason beyond the newest `keep`; returns the removed files. */
export function pruneBackups(dir: string, dbFile: string, reason: BackupReason, keep: number = DEFAULT_KEEP): string[] {
  const count = keepCount(keep);
  const old = listBackups(dir, { verify: false, database: dbFile }).filter((b) => b.reason === reason).slice(count);
  for (const b of old) removeWithSideFiles(b.file);
  return old.map((b) => b.file);
}

export interface RestoreResult {
  restored: string;
  from: string;
  schemaVersion: number;
  /** The database as it was before the restore, kept as a 'before-restore' backup; null when there was none to read. */
  savedCurrent: BackupInfo | null;
}

/**
 * Puts a backup in place of the database file. Every connection to the file must be closed first, the
 * caller's own included: the file is replaced underneath, and a connection left open would go on with
 * the old file's pages. (Another process still holding the file is detected and refused as
 * DATABASE_BUSY.) The backup passes integrity_check first, or nothing happens. The current file is kept
 * as a 'before-restore' backup whenever it can be read at all: a clean copy when it passes quick_check,
 * its raw bytes (with its -wal) when it does not. The backup is then copied beside the database
 * and renamed over it, so a crash leaves the old file or the new one, never a mix; the old file's -wal,
 * -shm and -journal are removed before the rename, since SQLite would replay a stale -wal into the
 * restored file. The next open checks the restored file and migrates it if it is from an older version.
 */
export function restoreBackup(
  backupFile: string,
  dbFile: string,
  opts: { dir?: string | undefined; keep?: number | undefined; now?: Date | undefined } = {},
): RestoreResult {
  const source = resolve(backupFile);
  const target = resolve(dbFile);
  if (!existsSync(source)) throw new HunterError('NOT_FOUND', `There is no backup at ${source}.`);
  const verdict = checkFile(source, 'integrity');
  if (!verdict.ok) {
    throw new HunterError(
      'DATABASE_CORRUPT',
      `The backup ${source} is damaged (${verdict.problems.slice(0, 3).join('; ')}), so it was not restored; ${target} is unchanged. Choose another backup.`,
    );
  }
  const schemaVersion = headerVersion(source) ?? 0;
  if (schemaVersion > MIGRATIONS.length) {
    throw new HunterError(
      'DATABASE_TOO_NEW',
      `The backup ${source} is at schema version ${schemaVersion}, newer than this version of The Hunter knows (${MIGRATIONS.length}); it was not restored. Update The Hunter first.`,
    );
  }
  if (source === target) throw new HunterError('INVALID_INPUT', `${source} is the database itself, not a backup of it.`);
  const folder = dirname(target);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw new HunterError('READ_ONLY', `Cannot restore into ${target}: its folder cannot be created (${(err as Error).message}). Nothing was changed.`, { cause: err });
  }
  if (!canWrite(folder) || (existsSync(target) && !canWrite(target))) {
    throw new HunterError('READ_ONLY', `Cannot restore into ${target}: this user cannot write it or its folder ${folder}. Nothing was changed.`);
  }
  const keep = keepCount(opts.keep);
  refuseInUse(target);

  // The backup is copied beside the database before anything else, so that keeping the current file
  // (which prunes old 'before-restore' backups) can never remove the very backup being restored.
  const incoming = `${target}.restoring-${process.pid}`;
  const bytes = restoreSource(source);
  try {
    copyInto(bytes.file, incoming);
    fsyncFile(incoming);
  } catch (err) {
    rmSync(incoming, { force: true });
    throw toHunterError(err);
  } finally {
    bytes.done();
  }
  let savedCurrent: BackupInfo | null;
  try {
    savedCurrent = existsSync(target) ? saveCurrent(target, opts.dir ?? defaultBackupDir(target), keep, opts.now ?? new Date()) : null;
    const side = sideFiles(target);
    for (const f of [side.wal, side.shm, side.journal]) rmSync(f, { force: true });
    renameSync(incoming, target);
    fsyncDir(folder);
  } catch (err) {
    rmSync(incoming, { force: true });
    throw toHunterError(err);
  }
  dropHealthRecord(target);
  return { restored: target, from: source, schemaVersion, savedCurrent };
}

// ---------------------------------------------------------------------------------------------------

function refuseDamaged(db: Database.Database): void {
  const problem = databaseProblem(db);
  if (problem?.code === 'DATABASE_CORRUPT') {
    throw new HunterError('DATABASE_CORRUPT', `No backup was taken: a copy of a damaged database would push good backups out. ${problem.message}`);
  }
}

function keepCount(keep: number | undefined): number {
  const n = keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(n) || n < 1) throw new HunterError('INVALID_INPUT', `The number of backups to keep must be a whole number of at least 1, not ${n}.`);
  return n;
}

function prepareDir(dir: string): string {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new HunterError('READ_ONLY', `The backup folder ${abs} cannot be created here (${code}); choose another folder.`, { cause: err });
    }
    throw toHunterError(err);
  }
  if (!canWrite(abs)) throw new HunterError('READ_ONLY', `The backup folder ${abs} cannot be written by this user; choose another folder.`);
  return abs;
}

/** A name not yet taken (two backups in the same millisecond get the next millisecond), and its in-progress twin. */
function reserveName(dir: string, dbFile: string, reason: BackupReason, at: Date): { final: string; partial: string } {
  for (let t = at.getTime(); ; t++) {
    const final = join(dir, backupFileName(dbFile, reason, new Date(t)));
    const partial = `${final}.partial`;
    if (!existsSync(final) && !existsSync(partial)) return { final, partial };
  }
}

function publish(
  partial: string,
  final: string,
  dir: string,
  dbFile: string,
  reason: BackupReason,
  keep: number,
  verdict: { ok: boolean | null; problems: string[]; schemaVersion: number | null },
): BackupInfo {
  try {
    fsyncFile(partial);
    renameSync(partial, final);
    fsyncDir(dir);
  } catch (err) {
    removeWithSideFiles(partial);
    throw toHunterError(err);
  }
  pruneBackups(dir, dbFile, reason, keep);
  const name = basename(final);
  const parsed = parseBackupName(name)!;
  return {
    file: final,
    name,
    database: parsed.database,
    reason,
    takenAt: parsed.takenAt.toISOString(),
    size: statSync(final).size,
    ...verdict,
  };
}

/** Takes a fresh backup file out of WAL mode (the backup API copies page 1 as it is) and checks it. */
function settleBackupFile(file: string): { ok: boolean; problems: string[]; schemaVersion: number } {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const { ok, problems } = runCheck(db, 'quick');
    return { ok, problems, schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** The schema version from the file header (bytes 60..63), read without opening the file in SQLite. */
function headerVersion(file: string): number | null {
  if (readHeader(file).kind !== 'sqlite') return null;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 60) === 4 ? b.readUInt32BE(0) : null;
  } finally {
    closeSync(fd);
  }
}

function removeWithSideFiles(file: string): void {
  const side = sideFiles(file);
  for (const f of [file, side.wal, side.shm, side.journal]) rmSync(f, { force: true });
}

/** Refuses to replace a file another connection still has open (a live WAL connection holds -shm locks). */
function refuseInUse(dbFile: string): void {
  const side = sideFiles(dbFile);
  if (!existsSync(dbFile) || (!existsSync(side.wal) && !existsSync(side.shm))) return;
  if (readHeader(dbFile).kind !== 'sqlite') return;
  const probe = new Database(dbFile, { fileMustExist: true, timeout: 0 });
  try {
    // EXCLUSIVE locking needs the only lock on the file: any other open connection makes it busy.
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    if (sqliteCode(err)?.startsWith('SQLITE_BUSY')) {
      throw new HunterError('DATABASE_BUSY', `${dbFile} is still open in another window or command; close it there, then restore. Nothing was changed.`, { cause: err });
    }
    if (!isDamageError(err)) throw toHunterError(err);
  } finally {
    probe.close();
  }
}

/** Keeps the file about to be replaced as a 'before-restore' backup: a clean copy if it is sound, else its bytes. */
function saveCurrent(dbFile: string, dir: string, keep: number, now: Date): BackupInfo | null {
  try {
    closeSync(openSync(dbFile, 'r'));
  } catch (err) {
    // Unreadable is the one case with nothing to keep; the restore goes on so the rep gets a working file.
    if ((err as NodeJS.ErrnoException).code === 'EACCES' || (err as NodeJS.ErrnoException).code === 'EPERM') return null;
    throw toHunterError(err);
  }
  const folder = prepareDir(dir);
  const { final, partial } = reserveName(folder, dbFile, 'before-restore', now);
  // A damaged file is kept byte for byte: a VACUUM of it could come out clean-looking while carrying
  // garbage rows, and the raw bytes are what a recovery tool needs.
  if (readHeader(dbFile).kind === 'sqlite' && checkFile(dbFile, 'quick').ok && vacuumCopy(dbFile, partial)) {
    return publish(partial, final, folder, dbFile, 'before-restore', keep, { ok: null, problems: [], schemaVersion: headerVersion(partial) });
  }
  try {
    copyInto(dbFile, partial);
    const wal = sideFiles(dbFile).wal;
    if (existsSync(wal) && statSync(wal).size > 0) copyInto(wal, sideFiles(final).wal);
  } catch (err) {
    removeWithSideFiles(partial);
    throw toHunterError(err);
  }
  return publish(partial, final, folder, dbFile, 'before-restore', keep, { ok: null, problems: [], schemaVersion: headerVersion(partial) });
}

/**
 * A consistent copy through SQLite, with what the -wal holds; false when damage stops it, and the raw
 * bytes are kept instead. The read-only connection may leave an empty -wal and -shm beside the file;
 * the restore removes both before the rename.
 */
function vacuumCopy(dbFile: string, out: string): boolean {
  const src = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(out);
    return true;
  } catch (err) {
    removeWithSideFiles(out);
    if (isDamageError(err)) return false;
    throw toHunterError(err);
  } finally {
    src.close();
  }
}

/**
 * The bytes to put in place: the backup itself, or, for a raw copy kept with its -wal, a private copy
 * with the -wal folded in (copying the main file alone would drop the newest commits).
 */
function restoreSource(backupFile: string): { file: string; done: () => void } {
  const wal = sideFiles(backupFile).wal;
  if (!existsSync(wal) || statSync(wal).size === 0) return { file: backupFile, done: () => undefined };
  const snapshot = snapshotOf(backupFile);
  try {
    const fold = new Database(snapshot.file, { fileMustExist: true });
    try {
      fold.pragma('journal_mode = DELETE');
    } finally {
      fold.close();
    }
  } catch (err) {
    snapshot.remove();
    throw toHunterError(err);
  }
  return { file: snapshot.file, done: snapshot.remove };
}

function copyInto(from: string, to: string): void {
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
}
