import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { workspaceStore, Workspaces } from '../../../main/store';
import { databaseFile, databaseProblem, errorFor, integrityCheck, openCheck, openDatabase } from '../../../main/store/database';
import { healthRecordFile } from '../../../main/store/paths';
import { tempDir } from '../../support/temp';
import { damageTablePage, fillDatabase, listing, nextTimestampTick, quickCheckOfCopy, sha256, sideFilesExist, snapshotDirsOfThisProcess } from './damage';

const tmp = tempDir('hunter-protection-');
const locked: string[] = [];
afterAll(() => {
  for (const p of locked.reverse()) unlock(p);
  tmp.cleanup();
});

function caught(fn: () => unknown): HunterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HunterError);
    return err as HunterError;
  }
  throw new Error('expected an error');
}

/** A healthy database with data, closed cleanly (so there is no -wal or -shm beside it). */
function healthyFile(name: string): { file: string; workspaceId: string; dir: string } {
  const dir = tmp.file(name);
  mkdirSync(dir);
  const file = join(dir, 'hunter.db');
  const db = openDatabase(file);
  const { workspaceId } = fillDatabase(db);
  db.close();
  return { file, workspaceId, dir };
}

describe('a damaged database file', () => {
  it('is found by quick_check, opened read-only, refuses every write with DATABASE_CORRUPT, and is not touched', async () => {
    const { file, workspaceId, dir } = healthyFile('flipped');
    await nextTimestampTick();
    const { page } = damageTablePage(file, 'leads');
    // The damage is real: SQLite's own check names the page.
    expect(quickCheckOfCopy(file).join('\n')).toMatch(new RegExp(`page ${page}\\b`));
    const before = sha256(file);
    // The health record beside it (The Hunter's, not the database's) is the one thing that goes: it no longer vouches.
    const filesBefore = listing(dir).filter((n) => n !== 'hunter.db.health.json');
    const snapshotsBefore = snapshotDirsOfThisProcess().length;

    const db = openDatabase(file);
    expect(openCheck(db)).toMatchObject({ ran: true, reason: 'the file changed since The Hunter last closed it cleanly' });
    const problem = databaseProblem(db)!;
    expect(problem.code).toBe('DATABASE_CORRUPT');
    expect(problem.file).toBe(file);
    expect(problem.message).toContain(file);
    expect(problem.message).toMatch(/read-only/);
    expect(problem.message).toContain(join(dir, 'backups'));
    expect(databaseFile(db)).toBe(file);
    expect(sideFilesExist(file)).toBe(false);

    // Reads of what is not damaged still answer.
    const store = workspaceStore(db, workspaceId);
    expect(store.ledger.balance().balance_micros).toBe(25_000_000);
    expect(new Workspaces(db).list().map((w) => w.name)).toEqual(['Dentists in Mumbai']);
    // Reading the damaged page is refused with the code, not served as garbage or INTERNAL.
    const onDamage = caught(() => db.prepare('SELECT name, email, address FROM leads').all());
    expect(onDamage.code).toBe('DATABASE_CORRUPT');
    const walking = caught(() => {
      for (const row of db.prepare('SELECT name FROM leads').iterate()) expect(row).toHaveProperty('name');
    });
    expect(walking.code).toBe('DATABASE_CORRUPT');

    // Every kind of write fails the same way, naming the file and where the backups are.
    for (const write of [
      () => store.ledger.grant(1_000_000, 'top-up', { type: 'rep', id: 'r' }),
      () => db.exec("UPDATE workspaces SET name = 'x'"),
      () => db.prepare('DELETE FROM credit_ledger').run(),
      () => db.pragma('user_version = 99'),
    ]) {
      const err = caught(write);
      expect(err.code).toBe('DATABASE_CORRUPT');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/not saved/);
      expect(err.hint).toMatch(/backup/);
    }
    expect(store.ledger.balance().balance_micros).toBe(25_000_000);

    const verdict = integrityCheck(db);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join('\n')).toMatch(new RegExp(`page ${page}\\b`));
    expect(sideFilesExist(file)).toBe(false);
    db.close();

    expect(sha256(file)).toBe(before);
    expect(listing(dir)).toEqual(filesBefore);
    expect(existsSync(healthRecordFile(file))).toBe(false);
    expect(snapshotDirsOfThisProcess()).toHaveLength(snapshotsBefore);

    // Nothing vouches for it now, so the next open checks again and refuses again.
    const again = openDatabase(file);
    expect(openCheck(again)?.ran).toBe(true);
    expect(databaseProblem(again)?.code).toBe('DATABASE_CORRUPT');
    again.close();
    expect(sha256(file)).toBe(before);
  });

  it('that is not a database at all (a text file, random bytes) is DATABASE_CORRUPT naming the file, and left as it was', () => {
    const text = tmp.file('notes.db');
    writeFileSync(text, 'Call Dr. Patel back on Monday about the orthodontics wing.\n');
    const noise = tmp.file('noise.db');
    writeFileSync(noise, randomBytes(64 * 1024));
    for (const file of [text, noise]) {
      const before = sha256(file);
      const err = caught(() => openDatabase(file));
      expect(err.code).toBe('DATABASE_CORRUPT');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/not a SQLite database/);
      const ro = caught(() => openDatabase(file, { readonly: true }));
      expect(ro.code).toBe('DATABASE_CORRUPT');
      expect(sha256(file)).toBe(before);
      expect(sideFilesExist(file)).toBe(false);
    }
  });

  it('cut short (a copy that stopped halfway) is found and opened read-only', async () => {
    const { file } = healthyFile('truncated');
    await nextTimestampTick();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2 / 4096) * 4096));
    const before = sha256(file);
    const db = openDatabase(file);
    expect(databaseProblem(db)?.code).toBe('DATABASE_CORRUPT');
    expect(caught(() => db.exec("UPDATE workspaces SET name = 'x'")).code).toBe('DATABASE_CORRUPT');
    db.close();
    expect(sha256(file)).toBe(before);
    expect(sideFilesExist(file)).toBe(false);
  });
});

describe('when the check runs', () => {
  it('skips quick_check for a file unchanged since a clean close and checked within the day, and runs it daily', () => {
    const { file } = healthyFile('daily');
    const t0 = Date.now();
    const db = openDatabase(file, { now: () => new Date(t0) });
    expect(openCheck(db)).toMatchObject({ ran: false, reason: 'unchanged since a clean close, checked within the day' });
    expect(databaseProblem(db)).toBeNull();
    db.close();
    const later = openDatabase(file, { now: () => new Date(t0 + 25 * 3_600_000) });
    expect(openCheck(later)).toMatchObject({ ran: true, reason: 'the last check is more than a day old' });
    later.close();
    const always = openDatabase(file, { check: 'always' });
    expect(openCheck(always)?.ran).toBe(true);
    always.close();
  });

  it('runs it after anything but a clean close by The Hunter: another program, a crash after a checkpoint', async () => {
    const { file, workspaceId } = healthyFile('foreign');
    await nextTimestampTick();
    const other = new Database(file);
    other.exec("UPDATE workspaces SET name = 'renamed by another program'");
    other.close();
    const db = openDatabase(file);
    expect(openCheck(db)).toMatchObject({ ran: true, reason: 'the file changed since The Hunter last closed it cleanly' });
    expect(databaseProblem(db)).toBeNull();
    db.close();

    // A session that dies after SQLite folded its commits into the file leaves a file no record vouches for.
    const crashed = openDatabase(file);
    expect(openCheck(crashed)?.ran).toBe(false);
    workspaceStore(crashed, workspaceId).ledger.grant(1_000_000, 'bonus', { type: 'rep', id: 'r' });
    await nextTimestampTick();
    crashed.pragma('wal_checkpoint(PASSIVE)');
    const next = openDatabase(file);
    expect(openCheck(next)).toMatchObject({ ran: true, reason: 'the file changed since The Hunter last closed it cleanly' });
    expect(workspaceStore(next, workspaceId).ledger.balance().balance_micros).toBe(26_000_000);
    next.close();
    crashed.close();
  });

  it('stops writing once SQLite reports damage mid-session, and the next open checks the file', () => {
    const { file, workspaceId } = healthyFile('mid-session');
    const db = openDatabase(file);
    expect(openCheck(db)?.ran).toBe(false);
    const err = errorFor(db, new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT'));
    expect(err.code).toBe('DATABASE_CORRUPT');
    expect(err.message).toContain(file);
    expect(databaseProblem(db)?.code).toBe('DATABASE_CORRUPT');
    const store = workspaceStore(db, workspaceId);
    expect(caught(() => store.ledger.grant(1, 'x', { type: 'rep', id: 'r' })).code).toBe('DATABASE_CORRUPT');
    expect(store.ledger.balance().balance_micros).toBe(25_000_000);
    db.close();
    expect(existsSync(healthRecordFile(file))).toBe(false);
    const next = openDatabase(file);
    expect(openCheck(next)).toMatchObject({ ran: true });
    next.close();
  });

  it('gives SQLite errors of a connection their code and the file: busy, read-only, and leaves constraint errors as they are', () => {
    const { file } = healthyFile('codes');
    const db = openDatabase(file);
    const busy = errorFor(db, new Database.SqliteError('database is locked', 'SQLITE_BUSY'));
    expect(busy.code).toBe('DATABASE_BUSY');
    expect(busy.retryable).toBe(true);
    expect(busy.message).toContain(file);
    expect(errorFor(db, new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY')).code).toBe('READ_ONLY');
    const unique = (() => {
      try {
        db.prepare("INSERT INTO workspaces (id, name, created_at) SELECT id, name, created_at FROM workspaces").run();
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect((unique as { code?: string }).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(integrityCheck(db)).toEqual({ ok: true, problems: [] });
    db.close();
  });
});

// ---------------------------------------------------------------------------------------------------
// Read-only places. chmod does not stop root, so as root the folder and file are made immutable with
// chattr +i (which stops root too); a file system without it makes the test skip, saying why.

function lock(path: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['+i', path]);
  else chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
  locked.push(path);
}

function unlock(path: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['-i', path]);
  else chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
}

function makeReadOnly(ctx: TestContext, dir: string, files: string[]): void {
  try {
    for (const f of files) lock(f);
    lock(dir);
  } catch (err) {
    ctx.skip(`cannot make ${dir} read-only here (${(err as Error).message.split('\n')[0]}): chattr +i is needed as root`);
  }
  try {
    writeFileSync(join(dir, 'probe'), 'x');
  } catch {
    return;
  }
  ctx.skip(`${dir} is still writable after making it read-only, so the read-only place cannot be tested here`);
}

describe('a database in a place this user cannot write', () => {
  it('opens read-only: reads work (a WAL-mode file with no -wal or -shm), writes are READ_ONLY naming the path', (ctx) => {
    const { file, workspaceId, dir } = healthyFile('read-only');
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
    expect(sideFilesExist(file)).toBe(false);
    makeReadOnly(ctx, dir, [file, healthRecordFile(file)]);
    const before = listing(dir);

    const db = openDatabase(file);
    expect(databaseProblem(db)).toMatchObject({ code: 'READ_ONLY', file });
    const store = workspaceStore(db, workspaceId);
    expect(store.ledger.balance().balance_micros).toBe(25_000_000);
    expect(db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 400 });
    const err = caught(() => store.ledger.grant(1_000_000, 'top-up', { type: 'rep', id: 'r' }));
    expect(err.code).toBe('READ_ONLY');
    expect(err.message).toContain(file);
    expect(err.message).not.toMatch(/unable to open database file/);
    db.close();
    expect(listing(dir)).toEqual(before);

    const missing = caught(() => openDatabase(join(dir, 'other.db')));
    expect(missing.code).toBe('READ_ONLY');
    expect(missing.message).toContain(join(dir, 'other.db'));
    expect(missing.message).not.toMatch(/unable to open database file/);
  });

  it('reads the commits a crash left in the -wal, even with no -shm beside it', (ctx) => {
    const dir = tmp.file('read-only-wal');
    mkdirSync(dir);
    const live = tmp.file('live.db');
    const db = openDatabase(live);
    const { workspaceId } = fillDatabase(db, 50);
    workspaceStore(db, workspaceId).ledger.grant(5_000_000, 'bonus', { type: 'rep', id: 'r' });
    // A copy taken while the app is running: the newest commit is only in the -wal.
    copyFileSync(live, join(dir, 'hunter.db'));
    copyFileSync(`${live}-wal`, join(dir, 'hunter.db-wal'));
    db.close();
    const file = join(dir, 'hunter.db');
    makeReadOnly(ctx, dir, [file, `${file}-wal`]);

    const ro = openDatabase(file);
    expect(databaseProblem(ro)?.code).toBe('READ_ONLY');
    expect(workspaceStore(ro, workspaceId).ledger.balance().balance_micros).toBe(30_000_000);
    ro.close();
    expect(listing(dir)).toEqual(['hunter.db', 'hunter.db-wal']);
  });
});
