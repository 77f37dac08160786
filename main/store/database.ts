import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HunterError } from '../core/errors';
import {
  connectionState,
  corruptMessage,
  fileError,
  markDamaged,
  notADatabaseMessage,
  readOnlyMessage,
  setConnectionState,
  storageError,
  type ConnectionState,
  type OpenCheck,
} from './connection-state';
import {
  canWrite,
  checkFile,
  dropHealthRecord,
  fileIdentity,
  isDamageError,
  readHeader,
  readHealthRecord,
  runCheck,
  sameIdentity,
  snapshotOf,
  sqliteCode,
  writeHealthRecord,
  type CheckResult,
  type Snapshot,
} from './file-health';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { defaultBackupDir, sideFiles } from './paths';

export type Db = Database.Database;
export { databaseFile, databaseProblem, errorFor, type DatabaseProblem, type OpenCheck } from './connection-state';

export interface OpenOptions {
  readonly?: boolean;
  /** Where the backup before a migration goes; default `backups` beside the file. */
  backupDir?: string;
  /** Before-migration backups kept; default 7. */
  keepBackups?: number;
  /**
   * 'auto' (the default) runs quick_check when nothing trustworthy vouches for the file (see
   * openDatabase); 'always' runs it at every open that may write.
   */
  check?: 'auto' | 'always';
  /** How long a passing check vouches for a file that is unchanged since a clean close; default 24 h. */
  checkMaxAgeMs?: number;
  /** The clock (tests of the daily check pass one). */
  now?: () => Date;
}

const DAY_MS = 24 * 3_600_000;

/**
 * Opens (and creates) the one SQLite file everything lives in. One writer connection per process; WAL
 * so readers never block it; synchronous=FULL because the credit ledger is money and must survive a
 * power cut; a busy timeout because the CLI and the app may open the same file.
 *
 * Nothing is written to a file before it is known to be sound. quick_check reads every page (measured
 * on 100 000 leads with 1 000 000 facts and 400 000 steps: 1.1 s for 1.2 GB and 1.7 s for 1.9 GB with
 * the file in the OS cache, 7 to 11 s from a cold disk), far too slow for every short command, so it
 * runs when nothing trustworthy vouches for the file: when there is no health record, when the file's
 * size, mtime or inode differ from what The Hunter recorded at its last clean close (a crash, another
 * program, a copy, a sync tool), when the last passing check is 24 hours old (damage that changes no
 * timestamp: failing disks), or when a hot journal waits. The record lives beside the file, never in
 * it, is written only after a connection has closed cleanly without seeing damage, and is dropped the
 * moment damage is seen, so it cannot vouch for a file it has not seen whole.
 *
 * A damaged file (or one whose damage shows while it is being migrated) is opened read-only through a
 * private copy, so not a byte of it changes and no -wal or -shm appears beside it; every write then
 * fails with DATABASE_CORRUPT saying where the backups are. A file that is not a database at all is
 * refused at once with DATABASE_CORRUPT. A file in a place this user cannot write opens read-only
 * (READ_ONLY on a write); a missing file there is READ_ONLY, naming the path.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file === ':memory:') return configure(new Database(file), false);
  const path = resolve(file);
  const now = options.now ?? (() => new Date());
  const backupDir = options.backupDir ?? defaultBackupDir(path);
  if (options.readonly) return openReader(path, backupDir, false);
  if (!existsSync(path)) return createNew(path, options, backupDir, now);

  const header = readHeader(path);
  if (header.kind === 'not-a-database') throw notADatabase(path, header.reason, backupDir);
  if (!(canWrite(path) && canWrite(dirname(path)))) return openReader(path, backupDir, true);
  if (header.kind === 'empty') return openWriter(path, options, backupDir, { ran: false, reason: 'empty file', checkedAt: now().toISOString() });

  const decision = needsCheck(path, options, now());
  if (!decision.ran) return openWriter(path, options, backupDir, decision);
  let result: CheckResult;
  try {
    result = checkFile(path, 'quick');
  } catch (err) {
    throw fileError(path, err);
  }
  if (!result.ok) {
    dropHealthRecord(path);
    return openDamaged(path, backupDir, result, decision);
  }
  return openWriter(path, options, backupDir, { ...decision, checkedAt: now().toISOString() });
}

/** Runs the full integrity_check (every page, every index against its table) on demand, e.g. for `hunter db check`. */
export function integrityCheck(db: Db, opts: { maxProblems?: number } = {}): CheckResult {
  const result = runCheck(db, 'integrity', opts.maxProblems ?? 100);
  const state = connectionState(db);
  if (state && result.ok && !state.problem) state.check = { ...state.check, checkedAt: new Date().toISOString() };
  if (!result.ok) markDamaged(db, result.problems[0] ?? 'integrity_check found problems');
  return result;
}

/** What the open did about checking the file: whether quick_check ran, why, and when the file last passed one. */
export function openCheck(db: Db): OpenCheck | null {
  const c = connectionState(db)?.check;
  return c ? { ...c } : null;
}

export function nowIso(): string {
  return new Date().toISOString();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection and SQL text. Preparing costs more than running a
 * small query, and the hot paths (a lead, its facts, its step) run them hundreds of thousands of times.
 */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(text);
  if (!st) cache.set(text, (st = db.prepare(text)));
  return st;
}

// ---------------------------------------------------------------------------------------------------

function needsCheck(path: string, options: OpenOptions, now: Date): OpenCheck {
  if (options.check === 'always') return { ran: true, reason: 'asked to check at every open', checkedAt: null };
  const journal = sideFiles(path).journal;
  if (existsSync(journal)) return { ran: true, reason: 'a rollback journal was left by an interrupted write', checkedAt: null };
  const record = readHealthRecord(path);
  if (!record) return { ran: true, reason: 'no health record (first open here, or the last session did not close cleanly)', checkedAt: null };
  if (!sameIdentity(record.file, fileIdentity(path))) {
    return { ran: true, reason: 'the file changed since The Hunter last closed it cleanly', checkedAt: record.checked_at };
  }
  const age = now.getTime() - Date.parse(record.checked_at);
  if (!(age >= 0 && age < (options.checkMaxAgeMs ?? DAY_MS))) {
    const limit = options.checkMaxAgeMs ?? DAY_MS;
    const span = limit === DAY_MS ? 'a day' : `${Math.round(limit / 60_000)} minutes`;
    return { ran: true, reason: `the last check is more than ${span} old`, checkedAt: record.checked_at };
  }
  return { ran: false, reason: 'unchanged since a clean close, checked within the day', checkedAt: record.checked_at };
}

function createNew(path: string, options: OpenOptions, backupDir: string, now: () => Date): Db {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new HunterError('READ_ONLY', readOnlyMessage(path), { cause: err });
    throw err;
  }
  if (!canWrite(dir)) throw new HunterError('READ_ONLY', readOnlyMessage(path));
  return openWriter(path, options, backupDir, { ran: false, reason: 'new database', checkedAt: now().toISOString() });
}

function openWriter(path: string, options: OpenOptions, backupDir: string, check: OpenCheck): Db {
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw fileError(path, err);
  }
  try {
    configure(db, true);
    migrate(db, MIGRATIONS, { backupDir, keep: options.keepBackups, now: options.now });
  } catch (err) {
    db.close();
    if (isDamageError(err) || (err instanceof HunterError && err.code === 'DATABASE_CORRUPT')) {
      // SQLite's own words, not a coded message wrapped around them (the backup before a migration codes its errors).
      const detail = err instanceof HunterError && err.cause instanceof Error ? err.cause.message : (err as Error).message;
      dropHealthRecord(path);
      return openDamaged(path, backupDir, { ok: false, problems: [detail] }, check);
    }
    throw err instanceof HunterError ? err : fileError(path, err);
  }
  const state: ConnectionState = { file: path, backupDir, problem: null, check, writer: true };
  setConnectionState(db, state);
  guard(db, () => {
    // Vouch for the file only as a clean close left it, and only if this session saw no damage.
    if (!state.problem && state.check.checkedAt) writeHealthRecord(path, state.check.checkedAt);
  });
  return db;
}

/**
 * A read-only connection for a place this user cannot write, or when the caller asks for one. SQLite
 * reads a WAL-mode file only if it can find or create -wal and -shm beside it; where it can do neither,
 * the file is read through a private copy.
 */
function openReader(path: string, backupDir: string, readOnlyPlace: boolean): Db {
  if (!existsSync(path)) {
    if (readOnlyPlace || !canWrite(dirname(path))) throw new HunterError('READ_ONLY', readOnlyMessage(path));
    throw new HunterError('NOT_FOUND', `There is no database at ${path}.`);
  }
  const header = readHeader(path);
  if (header.kind === 'not-a-database') throw notADatabase(path, header.reason, backupDir);
  let snapshot: Snapshot | null = null;
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw fileError(path, err);
  }
  let damage: string | null = null;
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_CANTOPEN') {
      db.close();
      snapshot = snapshotOf(path);
      try {
        db = new Database(snapshot.file, { readonly: true, fileMustExist: true });
      } catch (inner) {
        snapshot.remove();
        throw fileError(path, inner);
      }
    } else if (isDamageError(err)) {
      damage = (err as Error).message;
    } else {
      db.close();
      throw fileError(path, err);
    }
  }
  configure(db, false);
  const problem = damage
    ? { code: 'DATABASE_CORRUPT' as const, file: path, message: corruptMessage(path, [damage], backupDir) }
    : readOnlyPlace
      ? { code: 'READ_ONLY' as const, file: path, message: readOnlyMessage(path) }
      : null;
  setConnectionState(db, { file: path, backupDir, problem, check: { ran: false, reason: 'opened read-only: nothing is written, so nothing is checked first', checkedAt: null }, writer: false });
  guard(db, () => snapshot?.remove());
  return db;
}

/** A damaged file, read through a private copy so that the file and its folder stay exactly as they were. */
function openDamaged(path: string, backupDir: string, result: CheckResult, check: OpenCheck): Db {
  const message = corruptMessage(path, result.problems, backupDir);
  let snapshot: Snapshot;
  try {
    snapshot = snapshotOf(path);
  } catch (err) {
    throw new HunterError('DATABASE_CORRUPT', `${message} (It could not even be copied aside for reading: ${(err as Error).message}.)`, { cause: err });
  }
  let db: Db;
  try {
    db = configure(new Database(snapshot.file, { readonly: true, fileMustExist: true }), false);
  } catch (err) {
    snapshot.remove();
    throw new HunterError('DATABASE_CORRUPT', message, { cause: err });
  }
  setConnectionState(db, { file: path, backupDir, problem: { code: 'DATABASE_CORRUPT', file: path, message }, check: { ...check, checkedAt: null }, writer: false });
  guard(db, () => snapshot.remove());
  return db;
}

function configure(db: Db, writer: boolean): Db {
  db.pragma('busy_timeout = 5000');
  if (writer) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Deleted and overwritten content is zeroed, in pages in use and in freed pages, so an erased lead's
    // name or address is not left readable in free space. ON rather than FAST: FAST leaves freed pages as
    // they were, and a page purged by retention under FAST would still hold the text when its lead is
    // erased later. Measured: the offline pipeline (20 000 rows) runs as fast either way (within the ±6 %
    // run-to-run noise); deleting 200 000 small rows writes 6 % more WAL; purging 120 MB of cached pages
    // takes 0.3 s instead of 0.05 s and writes the freed 120 MB to the WAL as zeros.
    db.pragma('secure_delete = ON');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

function notADatabase(path: string, reason: string, backupDir: string): HunterError {
  return new HunterError('DATABASE_CORRUPT', notADatabaseMessage(path, reason, backupDir));
}

/**
 * Every statement, exec and pragma of the connection throws the coded error (with the file's path and
 * what to do) for damage and refused writes, whoever prepared it; errors SQLite callers branch on
 * (constraints, busy) stay as they are. The wrapper costs one extra call per statement run (about 3 %
 * on the cheapest in-memory statement, measured), so it is paid on every connection rather than leaving
 * some callers with "database disk image is malformed" and INTERNAL.
 */
function guard(db: Db, onClose: () => void): void {
  const prepare = db.prepare.bind(db);
  const exec = db.exec.bind(db);
  const pragma = db.pragma.bind(db);
  const close = db.close.bind(db);
  const transaction = db.transaction.bind(db);
  db.prepare = function guardedPrepare(source: string) {
    let st: Database.Statement;
    try {
      st = prepare(source);
    } catch (err) {
      throw storageError(db, err);
    }
    return guardStatement(db, st);
  } as Db['prepare'];
  db.exec = function guardedExec(source: string) {
    try {
      return exec(source);
    } catch (err) {
      throw storageError(db, err);
    }
  };
  db.pragma = function guardedPragma(source: string, opts?: Database.PragmaOptions) {
    try {
      return pragma(source, opts);
    } catch (err) {
      throw storageError(db, err);
    }
  } as Db['pragma'];
  db.transaction = function guardedTransaction(fn: (...args: never[]) => unknown) {
    // BEGIN, COMMIT and ROLLBACK run inside better-sqlite3, past the statement guards, so each way of
    // calling the transaction is guarded too, with the same shape better-sqlite3 gives it.
    const t = transaction(fn) as unknown as AnyFunction & Record<'deferred' | 'immediate' | 'exclusive', AnyFunction>;
    const variants = {
      default: guardCall(db, t),
      deferred: guardCall(db, t.deferred),
      immediate: guardCall(db, t.immediate),
      exclusive: guardCall(db, t.exclusive),
    };
    const properties: PropertyDescriptorMap = { database: { value: db, enumerable: true } };
    for (const [name, v] of Object.entries(variants)) properties[name] = { value: v };
    for (const v of Object.values(variants)) Object.defineProperties(v, properties);
    return variants.default;
  } as Db['transaction'];
  db.close = function guardedClose() {
    const wasOpen = db.open;
    close();
    if (wasOpen) onClose();
    return db;
  };
}

type AnyFunction = (...args: unknown[]) => unknown;

/** fn, throwing the coded error instead of SQLite's; `arguments`, not a rest parameter, so no array is built per call. */
function guardCall(db: Db, fn: AnyFunction): AnyFunction {
  return function guarded(this: unknown) {
    try {
      return fn.apply(this, arguments as unknown as unknown[]);
    } catch (err) {
      throw storageError(db, err);
    }
  };
}

function guardStatement(db: Db, st: Database.Statement): Database.Statement {
  const target = st as unknown as Record<'run' | 'get' | 'all' | 'iterate', AnyFunction>;
  for (const name of ['run', 'get', 'all'] as const) target[name] = guardCall(db, target[name]);
  const iterate = target.iterate;
  target.iterate = function guardedIterate(this: unknown) {
    let inner: IterableIterator<unknown>;
    try {
      inner = iterate.apply(this, arguments as unknown as unknown[]) as IterableIterator<unknown>;
    } catch (err) {
      throw storageError(db, err);
    }
    const outer: IterableIterator<unknown> = {
      next: () => {
        try {
          return inner.next();
        } catch (err) {
          throw storageError(db, err);
        }
      },
      return: (value?: unknown) => (inner.return ? inner.return(value) : { done: true, value }),
      [Symbol.iterator]: () => outer,
    };
    return outer;
  };
  return st;
}
