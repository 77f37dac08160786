import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ComplianceService } from '../../../main/services/compliance';
import { openDatabase, workspaceStore } from '../../../main/store';
import { migrate } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations';
import { tempDir } from '../../support/temp';
import { appendV6, chargeManyV6, verifyV6 } from './legacy-audit';

const tmp = tempDir('hunter-m7-');
afterAll(() => tmp.cleanup());
const NAME = 'Oldtown Bakery Loft';
const EMAIL = 'owner@oldtown-bakery.example';
let n = 0;

/** A schema-6 file with a workspace, two leads, a draft, and audit entries and charges in the old form. */
function oldFile(): string {
  const dir = tmp.file(`v6-${++n}`);
  const file = join(dir, 'hunter.db');
  mkdirSync(dir, { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  migrate(raw, MIGRATIONS.slice(0, 6), { backupDir: null });
  raw.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'Bakeries', '2026-01-01T00:00:00Z')").run();
  const lead = raw.prepare("INSERT INTO leads (id, workspace_id, name, email, domain, sources, dedupe_key, created_at, updated_at) VALUES (?, 'ws_1', ?, ?, ?, '[\"csv\"]', ?, 'x', 'x')");
  lead.run('lead_old', NAME, EMAIL, 'oldtown-bakery.example', 'domain:oldtown-bakery.example');
  lead.run('lead_keep', 'Riverside Florist', 'hi@riverside-florist.example', 'riverside-florist.example', 'domain:riverside-florist.example');
  raw.prepare("INSERT INTO lead_keys (workspace_id, key, lead_id) VALUES ('ws_1', 'domain:oldtown-bakery.example', 'lead_old')").run();
  // Rows changed and removed before deletes were zeroed leave their old bytes in free space.
  for (let i = 0; i < 20; i++) raw.prepare("UPDATE leads SET address = ? WHERE id = 'lead_old'").run(`${i} ${NAME} Lane, ${EMAIL}`);
  // A fact deleted from a page that other leads' facts keep in use: its bytes stay in the page's free space.
  const fact = raw.prepare("INSERT INTO facts (id, workspace_id, lead_id, kind, value, source_url, method, confidence, observed_at) VALUES (?, 'ws_1', 'lead_keep', 'tech', ?, '', 'text', 0.5, 'x')");
  for (let i = 0; i < 10; i++) fact.run(`fact_a${i}`, `tool ${i}`);
  fact.run('fact_tmp', `next door to ${NAME}, ${EMAIL}`);
  for (let i = 0; i < 10; i++) fact.run(`fact_b${i}`, `tool ${i + 10}`);
  raw.prepare("DELETE FROM facts WHERE id = 'fact_tmp'").run();
  raw.prepare(`INSERT INTO drafts (id, workspace_id, execution_id, lead_id, channel, recipient, subject, body, current_version, model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at)
    VALUES ('draft_old', 'ws_1', 'exec_old', 'lead_old', 'email', ?, 'Hi', ?, 'edited', 'rep', 0.9, 0.8, 0.72, 'approved', 'x', 'x')`).run(EMAIL, `Hello ${NAME} team`);
  raw.prepare("INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, model_used, created_at) VALUES ('dv_old', 'ws_1', 'draft_old', 'edited', ?, 'rep', 'x')").run(`Hello ${NAME} team`);
  raw.prepare("INSERT INTO credit_balances (workspace_id, granted_micros, charged_micros) VALUES ('ws_1', 10000000, 0)").run();
  appendV6(raw, 'ws_1', { action: 'workspace_created', resource: 'workspace', resource_id: 'ws_1', changes: { after: { name: 'Bakeries' } } });
  appendV6(raw, 'ws_1', { action: 'draft_created', resource: 'draft', resource_id: 'draft_old', context: { lead_id: 'lead_old' } });
  appendV6(raw, 'ws_1', { action: 'draft_edited', resource: 'draft', resource_id: 'draft_old', changes: { before: { body: `Hi ${NAME}` }, after: { body: `Hello ${NAME} team, write to ${EMAIL}` } }, context: { lead_id: 'lead_old' } });
  chargeManyV6(raw, 'ws_1', [
    { key: 'k1', micros: 2000, lead_id: 'lead_old', description: `scored ${NAME} (heuristic)` },
    { key: 'k2', micros: 2000, lead_id: 'lead_keep', description: 'scored Riverside Florist (heuristic)' },
  ]);
  appendV6(raw, 'ws_1', { action: 'draft_approved', resource: 'draft', resource_id: 'draft_old', changes: { before: { status: 'pending_review' }, after: { status: 'approved' } }, context: { lead_id: 'lead_old' } });
  expect(verifyV6(raw, 'ws_1')).toEqual({ ok: true, problem: null });
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  return file;
}

function hashes(db: Database.Database): Array<{ seq: number; hash: string }> {
  return db.prepare('SELECT seq, hash FROM audit_log WHERE workspace_id = ? AND format = 1 ORDER BY seq').all('ws_1') as Array<{ seq: number; hash: string }>;
}

describe('migration 7 (erasable audit payloads) on a file written in the old form', () => {
  it('keeps every old entry verifiable, with its hash, its payload and its place in the chain, and seals them', () => {
    const file = oldFile();
    const before = new Database(file, { readonly: true });
    const oldHashes = (before.prepare("SELECT seq, hash FROM audit_log WHERE workspace_id = 'ws_1' ORDER BY seq").all() as Array<{ seq: number; hash: string }>);
    before.close();
    const db = openDatabase(file);
    const store = workspaceStore(db, 'ws_1');
    expect(store.audit.verify()).toEqual({ ok: true, entries: oldHashes.length + 1, first_bad_seq: null, problem: null });
    expect(hashes(db)).toEqual(oldHashes);
    const edited = store.audit.list({ action: 'draft_edited' })[0]!;
    expect(edited).toMatchObject({ payload: 'kept', changes: { after: { body: `Hello ${NAME} team, write to ${EMAIL}` } } });
    const seal = store.audit.list({ action: 'audit_sealed' })[0]!;
    expect(seal.changes).toMatchObject({ entries: oldHashes.length, verified_ok: true });
    // The payloads left the hashed table: nothing there holds personal data any more.
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE changes IS NOT NULL').get()).toEqual({ n: 0 });
    db.close();
  });

  it('still catches an old entry changed after the move: its payload, or, once its payload is erased, any other field', () => {
    const file = oldFile();
    openDatabase(file).close();
    const edited = `${file}.payload.db`;
    copyFileSync(file, edited);
    const raw = new Database(edited);
    raw.exec('DROP TRIGGER audit_payloads_blank_only');
    raw.prepare("UPDATE audit_payloads SET body = replace(body, 'team', 'crew') WHERE entry_id = (SELECT id FROM audit_log WHERE action_type = 'draft_edited')").run();
    raw.close();
    let db = openDatabase(edited);
    expect(workspaceStore(db, 'ws_1').audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/was changed after it was written/) });
    db.close();

    db = openDatabase(file);
    const store = workspaceStore(db, 'ws_1');
    const id = store.audit.list({ action: 'draft_edited' })[0]!.id;
    store.tx(() => {
      store.audit.erasePayloads([id], { erasure_id: 'erasure_test' });
      store.audit.append({ actor: { type: 'rep', id: 'rep' }, action: 'lead_erased', resource: 'lead', resource_id: 'lead_old', changes: { erasure_id: 'erasure_test', audit_payloads_erased: 1 } });
    });
    expect(store.audit.verify().ok).toBe(true);
    db.close();
    const forged = new Database(file);
    forged.exec('DROP TRIGGER audit_log_no_update');
    forged.prepare("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?").run(id);
    forged.close();
    db = openDatabase(file);
    expect(workspaceStore(db, 'ws_1').audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/differ from what the seal recorded/) });
    db.close();
  });

  it('erases a lead whose data the old entries and charges hold: resealed, rebuilt, verified, nothing left in the files or the backup', async () => {
    const file = oldFile();
    const db = openDatabase(file);
    const store = workspaceStore(db, 'ws_1');
    const balance = store.ledger.balance();
    const backups = join(file, '..', 'backups');
    expect(readdirSync(backups)).toHaveLength(1);
    const held = (f: string) => existsSync(f) && readFileSync(f).includes(Buffer.from(NAME));
    expect(held(file) || held(`${file}-wal`)).toBe(true);
    const r = await new ComplianceService(tmp.dir).erase({ store, actor: { type: 'rep', id: 'rep' } }, 'lead_old', { reason: 'subject_request' });
    expect(r.ledger).toEqual({ resealed: 1, not_resealed_entries: [] });
    expect(r.scrubbed.ledger_rows).toBe(1);
    expect(r.file.rebuilt).toBe(true);
    expect(r.backups?.upgraded).toHaveLength(1);
    expect(store.audit.verify()).toMatchObject({ ok: true });
    expect(store.ledger.balance()).toEqual(balance);
    expect(store.ledger.entries().map((e) => e.description)).toEqual(expect.arrayContaining(['scored [erased] (heuristic)', 'scored Riverside Florist (heuristic)']));
    // The old entries are all still there, in the old form, with their hashes; their payloads about the lead are erased.
    expect(store.audit.list().filter((e) => e.action.type === 'draft_edited').map((e) => e.payload)).toEqual(['erased']);
    expect(store.audit.list({ action: 'workspace_created' })[0]!.payload).toBe('kept');
    db.close();
    for (const f of [file, `${file}-wal`, ...readdirSync(backups).map((b) => join(backups, b))]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(NAME)), `${f} still holds the name`).toBe(false);
      expect(bytes.includes(Buffer.from(EMAIL)), `${f} still holds the address`).toBe(false);
    }
    const reopened = openDatabase(file);
    expect(workspaceStore(reopened, 'ws_1').audit.verify().ok).toBe(true);
    reopened.close();
  });
});
