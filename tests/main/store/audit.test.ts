import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function setup(name: string) {
  const file = tmp.file(name);
  const db = openDatabase(file);
  const ws = new Workspaces(db).create({ name: 'A' });
  const other = new Workspaces(db).create({ name: 'B' });
  const store = workspaceStore(db, ws.id);
  for (let i = 0; i < 5; i++) {
    store.audit.append({ actor: { type: 'rep', id: 'rep' }, action: 'draft_approved', resource: 'draft', resource_id: `draft_${i}` });
    workspaceStore(db, other.id).audit.append({ actor: { type: 'rep', id: 'rep' }, action: 'draft_rejected', resource: 'draft', resource_id: `other_${i}` });
  }
  return { file, db, store, otherId: other.id };
}

describe('audit log', () => {
  it('is refused UPDATE and DELETE by the database itself', () => {
    const { db } = setup('a.db');
    expect(() => db.prepare("UPDATE audit_log SET action_type = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('verifies an intact chain per workspace', () => {
    const { db, store } = setup('b.db');
    expect(store.audit.verify()).toEqual({ ok: true, entries: 5, first_bad_seq: null, problem: null });
    expect(store.audit.list().every((e) => e.workspace_id === store.workspaceId)).toBe(true);
    db.close();
  });

  it('detects an edited entry, even when the triggers were dropped to do it', () => {
    const { db, file, store } = setup('c.db');
    db.close();
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    const third = raw.prepare('SELECT seq FROM audit_log WHERE workspace_id = ? ORDER BY seq LIMIT 1 OFFSET 2').get(store.workspaceId) as { seq: number };
    raw.prepare("UPDATE audit_log SET resource_id = 'draft_forged' WHERE seq = ?").run(third.seq);
    raw.close();
    const v = workspaceStore(openDatabase(file), store.workspaceId).audit.verify();
    expect(v.ok).toBe(false);
    expect(v.first_bad_seq).toBe(third.seq);
    expect(v.problem).toMatch(/changed/);
  });

  it('detects a removed entry in the middle and at the end', () => {
    for (const which of ['middle', 'end'] as const) {
      const { db, file, store } = setup(`d-${which}.db`);
      db.close();
      const raw = new Database(file);
      raw.exec('DROP TRIGGER audit_log_no_delete');
      const seqs = (raw.prepare('SELECT seq FROM audit_log WHERE workspace_id = ? ORDER BY seq').all(store.workspaceId) as Array<{ seq: number }>).map((r) => r.seq);
      raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(which === 'middle' ? seqs[2] : seqs[seqs.length - 1]);
      raw.close();
      const v = workspaceStore(openDatabase(file), store.workspaceId).audit.verify();
      expect(v.ok, which).toBe(false);
      expect(v.problem).toMatch(/removed/);
    }
  });
});
