import Database from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { healthRecordFile, sideFiles } from './paths';

/**
 * What the first 100 bytes of a file say, read with plain file I/O so that deciding how to open a file
 * never asks SQLite to touch it first.
 */
export type HeaderVerdict =
  | { kind: 'empty' }
  | { kind: 'sqlite'; wal: boolean; pageSize: number }
  | { kind: 'not-a-database'; reason: string };

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function readHeader(file: string): HeaderVerdict {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    // SQLite treats a zero-length file as a new, empty database.
    if (read === 0) return { kind: 'empty' };
    if (read < 100 || !header.subarray(0, 16).equals(MAGIC)) {
      return { kind: 'not-a-database', reason: 'it does not start with the SQLite file header' };
    }
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
      return { kind: 'not-a-database', reason: `its header gives an impossible page size (${raw})` };
    }
    const [writeVersion, readVersion] = [header[18], header[19]];
    if ((writeVersion !== 1 && writeVersion !== 2) || (readVersion !== 1 && readVersion !== 2)) {
      return { kind: 'not-a-database', reason: 'its header gives an unknown file format version' };
    }
    return { kind: 'sqlite', wal: writeVersion === 2, pageSize };
  } finally {
    closeSync(fd);
  }
}

/** Whether this process may write the path (a file or a folder). Root is refused by `chattr +i` and read-only mounts too. */
export function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') return false;
    throw err;
  }
}

export interface CheckResult {
  ok: boolean;
  /** SQLite's own words for each problem found, one per entry. */
  problems: string[];
}

const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR_SHORT_READ']);

/** Whether a SQLite error says the file's content is damaged (as opposed to locked, missing or read-only). */
export function isDamageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT_'));
}

export function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Runs quick_check or integrity_check on an open connection; damage that stops the check is a problem too. */
export function runCheck(db: Database.Database, kind: 'quick' | 'integrity', maxProblems = 100): CheckResult {
  let rows: Array<Record<string, string>>;
  try {
    rows = db.pragma(`${kind}_check(${Math.max(1, Math.floor(maxProblems))})`) as Array<Record<string, string>>;
  } catch (err) {
    if (isDamageError(err)) return { ok: false, problems: [(err as Error).message] };
    throw err;
  }
  const problems = rows
    .flatMap((row) => String(Object.values(row)[0] ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'ok' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
  return { ok: problems.length === 0, problems };
}

/**
 * Checks a database file by path and leaves nothing behind. With no -wal present (no connection open,
 * and the last one closed cleanly), a read-write connection reads: SQLite has it create -wal and -shm,
 * and it deletes both again when it closes as the last connection, having nothing to fold in (a
 * read-only connection could not delete them and would leave both). It takes no exclusive lock, so an
 * app or command starting meanwhile is not held off for the seconds a big file takes. With a -wal
 * present (a live connection, or a crash), a read-only connection reads through it and never
 * checkpoints into a file that may be damaged. Where nothing may be created (a read-only folder), the
 * check runs on a throwaway copy.
 */
export function checkFile(file: string, kind: 'quick' | 'integrity', maxProblems = 100): CheckResult {
  const header = readHeader(file);
  if (header.kind === 'not-a-database') return { ok: false, problems: [`not a SQLite database: ${header.reason}`] };
  if (header.kind === 'empty') return { ok: true, problems: [] };
  const walPresent = existsSync(sideFiles(file).wal);
  if (!walPresent && canWrite(file) && canWrite(dirname(file))) {
    const db = new Database(file, { fileMustExist: true });
    try {
      return runCheck(db, kind, maxProblems);
    } finally {
      db.close();
    }
  }
  try {
    return withReadOnly(file, (db) => runCheck(db, kind, maxProblems));
  } catch (err) {
    if (sqliteCode(err) !== 'SQLITE_CANTOPEN') throw err;
    const snapshot = snapshotOf(file);
    try {
      return withReadOnly(snapshot.file, (db) => runCheck(db, kind, maxProblems));
    } finally {
      snapshot.remove();
    }
  }
}

function withReadOnly<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Snapshots: a private copy to read when the file itself must not (or cannot) get side files.

export interface Snapshot {
  /** The copy of the database, in a private temporary folder. */
  file: string;
  remove(): void;
}

const SNAPSHOT_PREFIX = 'hunter-snapshot-';
const liveSnapshots = new Set<string>();
let exitHookInstalled = false;

/**
 * Copies a database (and its -wal or hot -journal, which hold committed data SQLite has not folded in
 * yet) into a private temporary folder. SQLite cannot read a WAL-mode file without creating -wal and
 * -shm beside it, and this build of better-sqlite3 cannot open `immutable=1` or `mode=ro` URIs (it is
 * compiled with SQLITE_USE_URI=0 and does not pass SQLITE_OPEN_URI), so reading a copy is the one way
 * to read such a file while leaving its folder exactly as it was. The copy costs one read of the file.
 */
export function snapshotOf(file: string): Snapshot {
  sweepStaleSnapshots();
  const dir = mkdtempSync(join(tmpdir(), `${SNAPSHOT_PREFIX}${process.pid}-`));
  liveSnapshots.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const d of liveSnapshots) rmSync(d, { recursive: true, force: true });
    });
  }
  const remove = (): void => {
    liveSnapshots.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy, constants.COPYFILE_FICLONE);
    const side = sideFiles(file);
    const copySide = sideFiles(copy);
    const hasContent = (p: string): boolean => existsSync(p) && statSync(p).size > 0;
    if (hasContent(side.wal)) copyFileSync(side.wal, copySide.wal, constants.COPYFILE_FICLONE);
    if (hasContent(side.journal)) {
      copyFileSync(side.journal, copySide.journal, constants.COPYFILE_FICLONE);
      // A hot journal must be rolled back before a read-only connection can read; in the copy that is allowed.
      const fix = new Database(copy, { fileMustExist: true });
      try {
        fix.pragma('user_version');
      } catch (err) {
        if (!isDamageError(err)) throw err;
      } finally {
        fix.close();
      }
    }
    return { file: copy, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/** Removes the snapshots of processes that died before they could remove their own. */
function sweepStaleSnapshots(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = /^hunter-snapshot-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------------
// The health record: when the file was last checked, and what it looked like when The Hunter last
// closed it cleanly.

export interface FileIdentity {
  size: number;
  mtime_ns: string;
  ino: string;
  dev: string;
}

export interface HealthRecord {
  version: 1;
  /** The file as it was right after a clean close (or a passing check); any other writer changes it. */
  file: FileIdentity;
  /** When quick_check (or integrity_check) last passed on this file. */
  checked_at: string;
}

export function fileIdentity(file: string): FileIdentity {
  const s = statSync(file, { bigint: true });
  return { size: Number(s.size), mtime_ns: s.mtimeNs.toString(), ino: s.ino.toString(), dev: s.dev.toString() };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtime_ns === b.mtime_ns && a.ino === b.ino && a.dev === b.dev;
}

export function readHealthRecord(dbFile: string): HealthRecord | null {
  let text: string;
  try {
    text = readFileSync(healthRecordFile(dbFile), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // A record that cannot be parsed vouches for nothing: the file is checked as if there were none.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const r = parsed as Partial<HealthRecord> | null;
  if (!r || r.version !== 1 || typeof r.checked_at !== 'string' || !r.file || typeof r.file.mtime_ns !== 'string') return null;
  return r as HealthRecord;
}

/**
 * Records the file's present identity with the time of its last passing check. Written beside the file
 * and renamed into place, so a crash leaves the old record or the new one, never half of one. A record
 * that cannot be written (full disk, folder turned read-only) only means the next open checks again, so
 * that failure is not allowed to fail the close that asked for it.
 */
export function writeHealthRecord(dbFile: string, checkedAt: string): void {
  const target = healthRecordFile(dbFile);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    const record: HealthRecord = { version: 1, file: fileIdentity(dbFile), checked_at: checkedAt };
    writeFileSync(tmp, JSON.stringify(record) + '\n');
    renameSync(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOSPC' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS' && code !== 'ENOENT') throw err;
    rmSync(tmp, { force: true });
  }
}

export function dropHealthRecord(dbFile: string): void {
  rmSync(healthRecordFile(dbFile), { force: true });
}

/** Makes a written file durable before it is renamed over anything that matters. */
export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable; Windows cannot open a folder for syncing and orders renames itself. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
