import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { openDatabase } from '../../../main/store/database';
import { migrate, type Migration } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('migrations', () => {
  it('bring a new database to the newest version with WAL and full sync', () => {
    const db = openDatabase(tmp.file('new.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    for (const t of ['workspaces', 'agents', 'executions', 'steps', 'leads', 'facts', 'drafts', 'draft_versions', 'credit_ledger', 'api_usage', 'alerts', 'audit_log', 'settings', 'page_cache', 'draft_cache']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = tmp.file('newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('DATABASE_TOO_NEW');
    expect((err as HunterError).message).toMatch(/Update The Hunter/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    again.close();
  });

  it('apply all pending migrations in one transaction: a failing one leaves the old version', () => {
    const db = new Database(tmp.file('atomic.db'));
    const broken: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'two', up: () => { throw new Error('disk full halfway'); } },
    ];
    expect(() => migrate(db, broken)).toThrow(/disk full halfway/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrade a version-1 database with data to the newest and keep the data', () => {
    const file = tmp.file('v1.db');
    const raw = new Database(file);
    migrate(raw, MIGRATIONS.slice(0, 1));
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'Kept', '2026-01-01T00:00:00Z')").run();
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT name FROM workspaces').get()).toEqual({ name: 'Kept' });
    db.close();
  });
});

describe('migration 3 (lead identity keys)', () => {
  it('gives every existing lead its key, so a business found again is recognised', () => {
    const file = tmp.file('v2.db');
    const raw = new Database(file);
    migrate(raw, MIGRATIONS.slice(0, 2));
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'W', '2026-01-01T00:00:00Z')").run();
    const ins = raw.prepare("INSERT INTO leads (id, workspace_id, name, sources, dedupe_key, created_at, updated_at) VALUES (?, 'ws_1', ?, '[\"csv\"]', ?, 'x', 'x')");
    ins.run('lead_a', 'Harbor Dental', 'domain:harbor.example');
    ins.run('lead_b', 'Rose Dental', 'phone:+15035550123');
    raw.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT key, lead_id FROM lead_keys ORDER BY key').all()).toEqual([
      { key: 'domain:harbor.example', lead_id: 'lead_a' },
      { key: 'phone:+15035550123', lead_id: 'lead_b' },
    ]);
    db.close();
  });
});

describe('migration 4 (lead similarity blocks)', () => {
  it('files every existing lead under its blocks, so a later lookalike is compared with it', () => {
    const file = tmp.file('v3.db');
    const raw = new Database(file);
    migrate(raw, MIGRATIONS.slice(0, 3));
    raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'W', '2026-01-01T00:00:00Z'), ('ws_2', 'V', '2026-01-01T00:00:00Z')").run();
    const ins = raw.prepare("INSERT INTO leads (id, workspace_id, name, city, sources, dedupe_key, created_at, updated_at) VALUES (?, ?, ?, ?, '[\"csv\"]', ?, 'x', 'x')");
    ins.run('lead_a', 'ws_1', 'Dr. Müller Zahnarztpraxis GmbH', 'Berlin', 'phone:+49301234567');
    ins.run('lead_b', 'ws_1', 'Sunrise Bakery Branch 2', null, 'name:sunrise bakery branch 2|');
    ins.run('lead_c', 'ws_2', 'Luna', 'Rome', 'name:luna|rome');
    ins.run('lead_d', 'ws_2', 'GmbH', 'Rome', 'name:|rome');
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT workspace_id, block, lead_id FROM lead_blocks ORDER BY workspace_id, lead_id, block').all()).toEqual([
      { workspace_id: 'ws_1', block: 'berlin|mlr|', lead_id: 'lead_a' },
      { workspace_id: 'ws_1', block: 'berlin|zhnrztprxs|', lead_id: 'lead_a' },
      { workspace_id: 'ws_1', block: '|brnch|2', lead_id: 'lead_b' },
      { workspace_id: 'ws_1', block: '|snrs|2', lead_id: 'lead_b' },
      { workspace_id: 'ws_2', block: 'rome|ln|', lead_id: 'lead_c' },
    ]);
    // Looked up by workspace and block through the primary key, not by reading the whole table.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT lead_id FROM lead_blocks WHERE workspace_id = 'ws_1' AND block = 'berlin|mlr|'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH lead_blocks USING PRIMARY KEY \(workspace_id=\? AND block=\?\)/);
    db.close();
  });
});
