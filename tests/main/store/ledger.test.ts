import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('credit ledger', () => {
  it('charges a key once, however often it is retried, and audits every deduction', () => {
    const db = openDatabase(tmp.file('l.db'));
    const ws = new Workspaces(db).create({ name: 'A' });
    const s = workspaceStore(db, ws.id);
    s.ledger.grant(1_000_000, 'grant', { type: 'system', id: 't' });
    for (let i = 0; i < 3; i++) s.tx(() => s.ledger.charge('exec_1:discovery:lead_1#1:score', 1500, { execution_id: 'exec_1' }, 'score'));
    s.tx(() => s.ledger.charge('exec_1:discovery:lead_2#1:score', 2500, { execution_id: 'exec_1' }, 'score'));
    expect(s.ledger.balance()).toEqual({ granted_micros: 1_000_000, charged_micros: 4000, balance_micros: 996_000 });
    expect(s.ledger.chargedFor('exec_1')).toBe(4000);
    expect(s.audit.list({ action: 'credit_deducted' })).toHaveLength(2);
    const entry = s.audit.list({ action: 'credit_deducted' })[0]!;
    expect(entry.changes).toMatchObject({ before: { credits: 1 }, after: { credits: 0.9985 }, delta: -0.0015 });
    db.close();
  });

  it('keeps workspaces apart', () => {
    const db = openDatabase(tmp.file('m.db'));
    const a = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const b = workspaceStore(db, new Workspaces(db).create({ name: 'B' }).id);
    a.ledger.grant(5_000_000, 'grant', { type: 'system', id: 't' });
    expect(b.ledger.balance().balance_micros).toBe(0);
    expect(b.ledger.entries()).toHaveLength(0);
    db.close();
  });
});
