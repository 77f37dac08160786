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
    expect(entry.changes).toMatchObject({ before: { credits: 1 }, after: { credits: 0.9985 }, delta: -0.0015, charges: 1 });
    db.close();
  });

  it('audits the charges of one transaction as one entry whose digest catches a changed, added or removed charge', () => {
    const db = openDatabase(tmp.file('batch.db'));
    const s = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    s.ledger.grant(1_000_000, 'grant', { type: 'system', id: 't' });
    const batch = Array.from({ length: 50 }, (_, i) => ({ key: `exec_1:discovery:lead_${i}#1:score`, micros: 1000, ctx: { execution_id: 'exec_1', recipe_id: 'discovery', lead_id: `lead_${i}` }, description: 'score' }));
    expect(s.tx(() => s.ledger.chargeMany(batch))).toBe(50);
    // The same keys again (a retried commit) charge nothing and audit nothing.
    expect(s.tx(() => s.ledger.chargeMany(batch))).toBe(0);
    const entries = s.audit.list({ action: 'credit_deducted' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toMatchObject({ charges: 50, delta: -0.05, before: { credits: 1 }, after: { credits: 0.95 } });
    expect(entries[0]!.context).toMatchObject({ execution_id: 'exec_1' });
    expect(s.ledger.balance().charged_micros).toBe(50_000);
    expect(s.audit.verify().ok).toBe(true);
    db.prepare("UPDATE credit_ledger SET amount_micros = 1 WHERE charge_key = 'exec_1:discovery:lead_7#1:score'").run();
    expect(s.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/credit ledger rows .* differ/) });
    db.prepare("UPDATE credit_ledger SET amount_micros = 1000 WHERE charge_key = 'exec_1:discovery:lead_7#1:score'").run();
    expect(s.audit.verify().ok).toBe(true);
    db.prepare("INSERT INTO credit_ledger (workspace_id, kind, amount_micros, charge_key, description, created_at) VALUES (?, 'charge', 5, 'forged', 'x', 'x')").run(s.workspaceId);
    expect(s.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/holds 51 charges but the audit log vouches for 50/) });
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
