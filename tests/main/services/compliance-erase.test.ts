import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { ComplianceService } from '../../../main/services/compliance';
import { workspaceStore, type Db } from '../../../main/store';
import { backupNow } from '../../../main/store/backups';
import { PageCache } from '../../../main/store/page-cache';
import { tempDir } from '../../support/temp';
import { complianceWorld, TARGET } from '../store/compliance-fixture';

const tmp = tempDir('hunter-erase-');
afterAll(() => tmp.cleanup());
const REP = { type: 'rep' as const, id: 'rep' };
const service = new ComplianceService(tmp.dir);
let n = 0;

/** Where the business's name, address or phone number is in a file's bytes: nowhere, after an erase. */
function traces(file: string): string[] {
  if (!existsSync(file)) return [];
  const bytes = readFileSync(file);
  return [TARGET.name, TARGET.email, TARGET.person, TARGET.domain, TARGET.e164, TARGET.phone].filter((t) => bytes.includes(Buffer.from(t)));
}

/** Every row count and the audit head: what a refused erase must leave exactly as it was. */
function fingerprint(db: Db): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
  return JSON.stringify([
    tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
    db.prepare('SELECT * FROM audit_heads ORDER BY workspace_id').all(),
    db.prepare('SELECT COUNT(*) AS n FROM audit_payloads WHERE body IS NULL').get(),
  ]);
}

async function refusal(p: Promise<unknown>): Promise<HunterError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HunterError) return err;
    throw err;
  }
  throw new Error('the erase was not refused');
}

describe('erasing a lead (GDPR art. 17)', () => {
  it('leaves no copy of its name, address or phone in the database files or the backups, and the audit and the ledger still verify', async () => {
    const dir = tmp.file(`w-${++n}`);
    const w = complianceWorld(join(dir, 'hunter.db'));
    const { store, db } = w;
    const ctx = { store, actor: REP };
    service.dncAdd(ctx, 'Maya.Lopez+promo@Harbordale-Dental.example', 'manual', 'asked by phone');
    await backupNow(db, { reason: 'daily' });
    const file = join(dir, 'hunter.db');
    const backups = () => readdirSync(join(dir, 'backups')).map((b) => join(dir, 'backups', b));
    expect([...traces(file), ...traces(`${file}-wal`)]).not.toEqual([]);
    expect(backups().flatMap(traces)).not.toEqual([]);
    const balance = store.ledger.balance();
    const charged = store.ledger.entries({ limit: 1000 }).map((e) => [e.id, e.kind, e.amount_micros, e.lead_id]);

    const r = await service.erase(ctx, w.target, { reason: 'subject_request' });
    expect(r.lead_ids).toEqual([w.target, w.mergedAway]);
    expect(r.removed).toMatchObject({ leads: 2, drafts: 1, draft_versions: 3, facts: 4, lead_merges: 2, lead_links: 1, execution_leads: 1, steps: 2, cached_pages: 3, cached_drafts: 1, map_places: 1, mail_events: 1, lead_outcomes: 1 });
    expect(store.mapProgress.places(w.execution_id, 'google_maps').map((p) => p.record.lead.name)).toEqual(['Rosewood Clinic 1']);
    expect(r.scrubbed).toMatchObject({ ledger_rows: 2, run_records: 1, other_steps: 1 });
    expect(r.exported).toEqual([{ format: 'eml', exported_at: expect.any(String) }]);
    expect(r.notices[0]).toMatch(/exported \(eml\).*delete them there/);
    expect(r.file.wal_cleared).toBe(true);
    expect(r.backups).toMatchObject({ erased: backups(), failed: [] });

    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of [file, `${file}-wal`, ...backups()]) expect(traces(f), f).toEqual([]);

    expect(store.audit.verify()).toMatchObject({ ok: true, problem: null });
    expect(store.ledger.balance()).toEqual(balance);
    expect(store.ledger.entries({ limit: 1000 }).map((e) => [e.id, e.kind, e.amount_micros, e.lead_id])).toEqual(charged);
    const erased = store.audit.list({ action: 'lead_erased' })[0]!;
    expect(erased.changes).toMatchObject({ reason: 'subject_request', lead_ids: [w.target, w.mergedAway], audit_payloads_erased: r.audit_payloads_erased });
    expect(store.audit.list().filter((e) => e.payload === 'erased')).toHaveLength(r.audit_payloads_erased);

    // The rest of the workspace, the other workspace and the backup are whole.
    expect(store.leads.get(w.bystander).name).toBe('Rosewood Clinic 0');
    expect(store.drafts.list({ lead_id: w.bystander })).toHaveLength(1);
    expect(w.other.leads.get(w.otherLead).name).toBe('Elsewhere Bakery');
    for (const b of backups()) {
      const copy = new Database(b, { readonly: true });
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      expect(workspaceStore(copy, store.workspaceId).audit.verify().ok).toBe(true);
      copy.close();
    }

    // Found again later (another source, another spelling): not contacted.
    expect(store.dnc.blocks({ name: 'Harbordale Dental Studio LLC' })?.reason).toMatch(/erased/);
    expect(store.dnc.blocks({ name: 'X', email: 'MAYA.LOPEZ+new@harbordale-dental.example' })).not.toBeNull();
    expect(store.dnc.blocks({ name: 'X', phone: '(503) 555-0187', country: 'US' })).not.toBeNull();
    expect(service.dncList(ctx).rows.every((e) => e.value === null)).toBe(true);
    w.close();
  });

  it('is refused with a clear code, and nothing touched: twice, another workspace\'s lead, an id that does not exist, a merged lead, a lead in a running run', async () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const { store, db } = w;
    const ctx = { store, actor: REP };
    let before = fingerprint(db);
    const elsewhere = await refusal(service.erase(ctx, w.otherLead, { reason: 'subject_request' }));
    expect(elsewhere.code).toBe('WRONG_WORKSPACE');
    expect(elsewhere.message).toMatch(/belongs to another one/);
    expect((await refusal(service.erase(ctx, 'lead_doesnotexist', { reason: 'subject_request' }))).code).toBe('NOT_FOUND');
    const merged = await refusal(service.erase(ctx, w.mergedAway, { reason: 'subject_request' }));
    expect(merged.code).toBe('CONFLICT');
    expect(merged.message).toContain(w.target);
    expect((await refusal(service.erase(ctx, w.target, { reason: 'because' as never }))).code).toBe('INVALID_INPUT');
    expect(fingerprint(db)).toBe(before);
    store.executions.setStatus(w.execution_id, 'running');
    before = fingerprint(db);
    expect((await refusal(service.erase(ctx, w.target, { reason: 'subject_request' }))).message).toMatch(/is working on this lead/);
    expect(fingerprint(db)).toBe(before);
    store.executions.setStatus(w.execution_id, 'paused');

    await service.erase(ctx, w.target, { reason: 'objection', backups: false });
    before = fingerprint(db);
    const again = await refusal(service.erase(ctx, w.target, { reason: 'objection' }));
    expect(again.code).toBe('ALREADY_ERASED');
    expect(again.message).toMatch(/was erased on \d{4}-\d{2}-\d{2}/);
    expect(fingerprint(db)).toBe(before);
    // From the other workspace, the erased lead is someone else's.
    expect((await refusal(service.erase({ store: w.other, actor: REP }, w.target, { reason: 'objection' }))).code).toBe('WRONG_WORKSPACE');
    expect(store.audit.verify().ok).toBe(true);
    w.close();
  });

  it('takes only the business\'s own domain: a lead whose website is a platform profile leaves the platform\'s pages alone', async () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const { store } = w;
    const [profile] = store.tx(() => store.leads.insertMany([{ name: 'Profile Only Cafe', website: 'https://www.facebook.com/profileonlycafe', source: 'manual', dedupe_key: 'fb' }]));
    const pages = new PageCache(store.db, store.workspaceId);
    pages.put({ url: 'https://www.facebook.com/someone-else', final_url: 'https://www.facebook.com/someone-else', status: 200, content_type: 'text/html', body: Buffer.from('another business') });
    const r = await service.erase({ store, actor: REP }, profile!, { reason: 'subject_request', backups: false });
    expect(r.removed.cached_pages).toBe(0);
    expect(pages.get('https://www.facebook.com/someone-else')).not.toBeNull();
    expect(store.dnc.list().rows.map((e) => e.kind)).toEqual(['name']);
    w.close();
  });

  it('with suppress "none" keeps nothing of the lead, not even a hash, and takes its value off entries already listed', async () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const ctx = { store: w.store, actor: REP };
    service.dncAdd(ctx, TARGET.email, 'manual');
    const r = await service.erase(ctx, w.target, { reason: 'no_longer_needed', suppress: 'none', backups: false });
    expect(r.dnc).toEqual({ hashes_added: 0, values_hidden: 1 });
    expect(service.dncList(ctx).rows).toEqual([expect.objectContaining({ value: null, hashed: true, source: 'manual', reason: null })]);
    expect(w.store.dnc.blocks({ name: TARGET.name })).toBeNull();
    expect(w.store.audit.verify().ok).toBe(true);
    w.close();
  });
});
