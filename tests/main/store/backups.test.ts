import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { workspaceStore } from '../../../main/store';
import { backupNow, DEFAULT_KEEP, listBackups, maybeDailyBackup, restoreBackup } from '../../../main/store/backups';
import { databaseProblem, openCheck, openDatabase } from '../../../main/store/database';
import { migrate } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations';
import { tempDir } from '../../support/temp';
import { damageTablePage, dump, fillDatabase, nextTimestampTick, sha256, sideFilesExist } from './damage';

const tmp = tempDir('hunter-backups-');
afterAll(() => tmp.cleanup());

const TABLES = ['workspaces', 'agents', 'executions', 'leads', 'facts', 'steps', 'credit_ledger', 'credit_balances', 'audit_log', 'audit_heads'];

function folder(name: string): { dir: string; file: string; backups: string } {
  const dir = tmp.file(name);
  mkdirSync(dir);
  return { dir, file: join(dir, 'hunter.db'), backups: join(dir, 'backups') };
}

async function rejection(p: Promise<unknown>): Promise<HunterError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HunterError);
    return err as HunterError;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): HunterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HunterError);
    return err as HunterError;
  }
  throw new Error('expected an error');
}

const at = (iso: string): Date => new Date(iso);

describe('backups', () => {
  it('are single self-contained files beside the database, named by time and reason, and restore to identical data', async () => {
    const { dir, file, backups } = folder('round-trip');
    const db = openDatabase(file);
    const { workspaceId } = fillDatabase(db);
    const taken = await backupNow(db, { reason: 'manual', now: at('2026-03-01T10:15:00.123Z') });
    expect(taken).toMatchObject({ name: '20260301-101500-123Z-manual-hunter.db', reason: 'manual', database: 'hunter', ok: true, schemaVersion: MIGRATIONS.length });
    expect(taken.file).toBe(join(backups, taken.name));
    // Out of WAL mode: reading it needs no -wal or -shm, and leaves none.
    expect(readFileSync(taken.file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    const atBackup = dump(db, TABLES);

    const store = workspaceStore(db, workspaceId);
    store.ledger.grant(9_000_000, 'after the backup', { type: 'rep', id: 'r' });
    db.exec("DELETE FROM facts WHERE lead_id < 'lead_00100'");
    const afterBackup = dump(db, TABLES);
    db.close();

    const listed = listBackups(backups);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: taken.name, reason: 'manual', ok: true, problems: [], takenAt: '2026-03-01T10:15:00.123Z' });
    expect(listed[0]!.size).toBeGreaterThan(100_000);
    expect(readdirSync(backups)).toEqual([taken.name]);

    const result = restoreBackup(taken.file, file, { now: at('2026-03-02T08:00:00.000Z') });
    expect(result).toMatchObject({ restored: file, from: taken.file, schemaVersion: MIGRATIONS.length });
    expect(result.savedCurrent).toMatchObject({ reason: 'before-restore', name: '20260302-080000-000Z-before-restore-hunter.db' });
    expect(sideFilesExist(file)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('restoring'))).toEqual([]);

    const restored = openDatabase(file);
    expect(openCheck(restored)?.ran).toBe(true);
    expect(dump(restored, TABLES)).toEqual(atBackup);
    expect(workspaceStore(restored, workspaceId).ledger.balance().balance_micros).toBe(25_000_000);
    restored.close();

    // What was there before the restore is kept too, and restores just as well.
    const saved = new Database(result.savedCurrent!.file, { readonly: true });
    expect(dump(saved, TABLES)).toEqual(afterBackup);
    saved.close();
  });

  it('refuses to restore a damaged backup and leaves the database as it was', async () => {
    const { file, backups } = folder('damaged-backup');
    const db = openDatabase(file);
    fillDatabase(db);
    const taken = await backupNow(db, { reason: 'manual' });
    db.close();
    await nextTimestampTick();
    const { page } = damageTablePage(taken.file, 'leads');
    const before = sha256(file);

    const listed = listBackups(backups);
    expect(listed[0]!.ok).toBe(false);
    expect(listed[0]!.problems.join('\n')).toMatch(new RegExp(`page ${page}\\b`));

    const err = thrown(() => restoreBackup(taken.file, file));
    expect(err.code).toBe('DATABASE_CORRUPT');
    expect(err.message).toContain(taken.file);
    expect(err.message).toMatch(/not restored/);
    expect(sha256(file)).toBe(before);
    expect(readdirSync(backups)).toEqual([taken.name]);
  });

  it('keep the newest N of each reason and leave the other reasons alone', async () => {
    const { file, backups } = folder('rotation');
    const db = openDatabase(file);
    fillDatabase(db, 20);
    const daily = await backupNow(db, { reason: 'daily', now: at('2026-03-01T00:00:00.000Z') });
    const manual: string[] = [];
    for (let i = 0; i < 5; i++) manual.push((await backupNow(db, { reason: 'manual', keep: 3, now: new Date(Date.parse('2026-03-02T00:00:00.000Z') + i * 60_000) })).name);
    db.close();

    const left = listBackups(backups, { verify: false });
    expect(left.map((b) => b.name)).toEqual([...manual.slice(2).reverse(), daily.name]);
    // Names sort by time: the listing (newest first) is the names in reverse order.
    expect(left.map((b) => b.name)).toEqual([...left.map((b) => b.name)].sort().reverse());
    expect(DEFAULT_KEEP).toBe(7);
  });

  it('take the daily one only when the newest daily is a day old, and never from a damaged file', async () => {
    const { file, backups } = folder('daily');
    const db = openDatabase(file);
    fillDatabase(db);
    const t0 = Date.parse('2026-03-01T09:00:00.000Z');
    const first = await maybeDailyBackup(db, {}, new Date(t0));
    expect(first?.reason).toBe('daily');
    expect(await maybeDailyBackup(db, {}, new Date(t0 + 23 * 3_600_000))).toBeNull();
    const second = await maybeDailyBackup(db, {}, new Date(t0 + 24 * 3_600_000));
    expect(second?.name).toBe('20260302-090000-000Z-daily-hunter.db');
    expect(listBackups(backups, { verify: false }).map((b) => b.reason)).toEqual(['daily', 'daily']);
    db.close();

    await nextTimestampTick();
    damageTablePage(file, 'leads');
    const damaged = openDatabase(file);
    expect(databaseProblem(damaged)?.code).toBe('DATABASE_CORRUPT');
    expect(await maybeDailyBackup(damaged, {}, new Date(t0 + 72 * 3_600_000))).toBeNull();
    const refused = await rejection(backupNow(damaged, { reason: 'manual' }));
    expect(refused.code).toBe('DATABASE_CORRUPT');
    expect(listBackups(backups, { verify: false })).toHaveLength(2);
    damaged.close();
  });

  it('bring a damaged database back: the damaged file is kept as it was, the backup goes in its place', async () => {
    const { file, backups } = folder('recover');
    const db = openDatabase(file);
    const { workspaceId } = fillDatabase(db);
    const good = await backupNow(db, { reason: 'daily' });
    const atBackup = dump(db, TABLES);
    db.close();
    await nextTimestampTick();
    damageTablePage(file, 'facts');
    const damagedBytes = sha256(file);

    const result = restoreBackup(good.file, file);
    // It fails quick_check, so its raw bytes are what is kept: the damaged ones, for whatever can be recovered.
    expect(sha256(result.savedCurrent!.file)).toBe(damagedBytes);
    expect(listBackups(backups).find((b) => b.reason === 'before-restore')?.ok).toBe(false);

    const back = openDatabase(file);
    expect(databaseProblem(back)).toBeNull();
    expect(dump(back, TABLES)).toEqual(atBackup);
    workspaceStore(back, workspaceId).ledger.grant(1_000_000, 'writes again', { type: 'rep', id: 'r' });
    back.close();
  });

  it('refuse to restore over a database another connection still has open', async () => {
    const { file } = folder('in-use');
    const db = openDatabase(file);
    fillDatabase(db, 20);
    const taken = await backupNow(db, { reason: 'manual' });
    const err = thrown(() => restoreBackup(taken.file, file));
    expect(err.code).toBe('DATABASE_BUSY');
    expect(err.message).toContain(file);
    expect(db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 20 });
    db.close();
  });
});

describe('the backup before a migration', () => {
  it('is taken when an older database is upgraded, and holds the old version with its data', () => {
    const { file, backups } = folder('upgrade');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    migrate(raw, MIGRATIONS.slice(0, 2));
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'Kept', '2026-01-01T00:00:00Z')").run();
    raw.prepare("INSERT INTO leads (id, workspace_id, name, sources, dedupe_key, created_at, updated_at) VALUES ('lead_a', 'ws_1', 'Harbor Dental', '[\"csv\"]', 'domain:harbor.example', 'x', 'x')").run();
    raw.close();
    expect(existsSync(backups)).toBe(false);

    const db = openDatabase(file, { now: () => at('2026-03-05T12:00:00.000Z') });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();

    const list = listBackups(backups);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ reason: 'before-migration', name: '20260305-120000-000Z-before-migration-hunter.db', ok: true, schemaVersion: 2 });
    const old = new Database(list[0]!.file, { readonly: true });
    expect(old.prepare('SELECT name FROM workspaces').all()).toEqual([{ name: 'Kept' }]);
    expect(old.prepare('SELECT id FROM leads').all()).toEqual([{ id: 'lead_a' }]);
    expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'lead_keys'").get()).toEqual({ n: 0 });
    old.close();

    // Opening it again changes no schema, so it takes no second backup.
    openDatabase(file).close();
    expect(listBackups(backups, { verify: false })).toHaveLength(1);
  });

  it('is not taken for a brand-new database', () => {
    const { file, backups } = folder('fresh');
    openDatabase(file).close();
    expect(existsSync(backups)).toBe(false);
  });
});
