import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-audit-erasable-');
afterAll(() => tmp.cleanup());
const REP = { type: 'rep' as const, id: 'rep' };
let n = 0;

function setup() {
  const file = tmp.file(`a-${++n}.db`);
  const db = openDatabase(file);
  const store = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
  const personal = store.audit.append({ actor: REP, action: 'draft_edited', resource: 'draft', resource_id: 'draft_1', changes: { after: { body: 'Hi Maya at maya@harbor.example' } }, context: { lead_id: 'lead_1' } });
  store.audit.append({ actor: REP, action: 'draft_approved', resource: 'draft', resource_id: 'draft_1', changes: { before: { status: 'pending_review' }, after: { status: 'approved' } }, context: { lead_id: 'lead_1' } });
  store.audit.append({ actor: REP, action: 'settings_changed', resource: 'settings', resource_id: 'sender', changes: { after: { name: 'Alex' } } });
  return { file, db, store, personal };
}

describe('audit payloads, outside the hashed chain', () => {
  it('keep personal data out of the chain\'s own table: the chain holds a salted digest of each payload', () => {
    const { db, store, personal } = setup();
    const row = db.prepare('SELECT changes, payload_digest, format FROM audit_log WHERE id = ?').get(personal) as { changes: string | null; payload_digest: string; format: number };
    expect(row).toMatchObject({ changes: null, format: 2, payload_digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(store.audit.list()[0]).toMatchObject({ payload: 'kept', changes: { after: { body: 'Hi Maya at maya@harbor.example' } } });
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 3 });
    db.close();
  });

  it('can be blanked by an erasure that says so, and the chain still verifies', () => {
    const { db, store, personal } = setup();
    expect(store.audit.entriesHolding({ leadIds: [], resourceIds: [], texts: ['MAYA@Harbor.example'] })).toEqual([personal]);
    store.tx(() => {
      expect(store.audit.erasePayloads([personal], { erasure_id: 'erasure_1' })).toBe(1);
      store.audit.append({ actor: REP, action: 'lead_erased', resource: 'lead', resource_id: 'lead_1', changes: { erasure_id: 'erasure_1', audit_payloads_erased: 1 } });
    });
    expect(store.audit.list()[0]).toMatchObject({ id: personal, payload: 'erased', changes: null, action: { type: 'draft_edited' } });
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 4 });
    db.close();
  });

  it('never blanks the record of charges, a seal or an erasure', () => {
    const { db, store } = setup();
    store.ledger.grant(1_000_000, 'grant', REP);
    store.tx(() => store.ledger.charge('k', 1000, { lead_id: 'lead_1' }, 'scored Harbor'));
    const money = store.audit.list().filter((e) => e.action.type.startsWith('credit_')).map((e) => e.id);
    expect(store.tx(() => store.audit.erasePayloads(money, { erasure_id: 'erasure_x' }))).toBe(0);
    expect(store.audit.entriesHolding({ leadIds: ['lead_1'], resourceIds: [], texts: ['Harbor'] }).some((id) => money.includes(id))).toBe(false);
    db.close();
  });

  it('is refused by the database when rewritten or removed, and caught by verify when blanked or edited behind its back', () => {
    const { db, store, personal } = setup();
    expect(() => db.prepare("UPDATE audit_payloads SET body = '{}' WHERE entry_id = ?").run(personal)).toThrow(/can only be erased/);
    expect(() => db.prepare('DELETE FROM audit_payloads').run()).toThrow(/kept/);
    // Blanked without an erasure entry naming it.
    db.prepare("UPDATE audit_payloads SET body = NULL, salt = NULL, erased_by = 'erasure_forged' WHERE entry_id = ?").run(personal);
    expect(store.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/erasure \(erasure_forged\) the log does not hold/) });
    db.close();

    const other = setup();
    other.db.close();
    const raw = new Database(other.file);
    raw.exec('DROP TRIGGER audit_payloads_blank_only');
    raw.prepare("UPDATE audit_payloads SET body = replace(body, 'Maya', 'Mary') WHERE entry_id = ?").run(other.personal);
    raw.close();
    const reopened = openDatabase(other.file);
    expect(workspaceStore(reopened, other.store.workspaceId).audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/changed after it was written \(its payload\)/) });
    reopened.close();
  });

  it('blanks only as many as the erasure says: an extra payload blanked in its name is caught', () => {
    const { db, store, personal } = setup();
    const approved = store.audit.list({ action: 'draft_approved' })[0]!.id;
    store.tx(() => {
      store.audit.erasePayloads([personal], { erasure_id: 'erasure_1' });
      store.audit.append({ actor: REP, action: 'lead_erased', resource: 'lead', resource_id: 'lead_1', changes: { erasure_id: 'erasure_1', audit_payloads_erased: 1 } });
    });
    db.prepare("UPDATE audit_payloads SET body = NULL, salt = NULL, erased_by = 'erasure_1' WHERE entry_id = ?").run(approved);
    expect(store.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/says it blanked 1 payloads, but 2 are blanked/) });
    db.close();
  });
});

describe('ledger descriptions, committed to rather than hashed', () => {
  it('lose a business\'s name in an erase while the amounts still verify; a description changed otherwise is caught', () => {
    const db = openDatabase(tmp.file(`l-${++n}.db`));
    const store = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    store.ledger.grant(1_000_000, 'grant', REP);
    store.tx(() => store.ledger.chargeMany([
      { key: 'a', micros: 1000, ctx: { lead_id: 'lead_1' }, description: 'scored Harbor Dental (heuristic)' },
      { key: 'b', micros: 2000, ctx: { lead_id: 'lead_2' }, description: 'scored Rosewood (heuristic)' },
    ]));
    const balance = store.ledger.balance();
    expect(store.tx(() => store.ledger.scrub(['lead_1'], ['Harbor Dental'], REP))).toEqual({ rows: 1, resealed: 0, not_resealed: [] });
    expect(store.ledger.entries().map((e) => e.description)).toEqual(['scored Rosewood (heuristic)', 'scored [erased] (heuristic)', 'grant']);
    expect(store.ledger.balance()).toEqual(balance);
    expect(store.audit.verify().ok).toBe(true);
    db.prepare("UPDATE credit_ledger SET description = 'scored Someone Else (heuristic)' WHERE charge_key = 'b'").run();
    expect(store.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/description of credit ledger row \d+ was changed/) });
    db.close();
  });
});
