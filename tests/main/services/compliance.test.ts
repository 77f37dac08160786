import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { ComplianceService, RETENTION_DATA_DAYS, RETENTION_REJECTED_DRAFT_DAYS } from '../../../main/services/compliance';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { PageCache } from '../../../main/store/page-cache';
import { tempDir } from '../../support/temp';
import { complianceWorld, TARGET } from '../store/compliance-fixture';

const tmp = tempDir('hunter-compliance-');
afterAll(() => tmp.cleanup());
const REP = { type: 'rep' as const, id: 'rep' };
const service = new ComplianceService(tmp.dir);
let n = 0;

function empty() {
  const db = openDatabase(tmp.file(`c-${++n}.db`));
  const store = workspaceStore(db, new Workspaces(db).create({ name: 'W' }).id);
  return { db, store, ctx: { store, actor: REP } };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof HunterError ? err.code : 'not a HunterError';
  }
  return undefined;
}

describe('the do-not-contact list, as the app and the CLI use it', () => {
  it('adds values of every kind, refuses the ones that are not, and lists and removes them', () => {
    const { db, ctx } = empty();
    const r = service.dncAdd(ctx, ['Bob+News@Acme.example', 'rival.example', '+44 20 7946 0958', 'Sunrise Bakery Ltd', 'bob@'], 'manual', 'asked us to stop');
    expect(r.added.map((e) => [e.kind, e.value])).toEqual([['email', 'bob@acme.example'], ['domain', 'rival.example'], ['phone', '+442079460958'], ['name', 'sunrise bakery']]);
    expect(r.refused).toEqual([{ value: 'bob@', reason: expect.stringMatching(/not an e-mail address/) }]);
    expect(service.dncAdd(ctx, 'BOB@acme.example').already_listed).toHaveLength(1);
    expect(code(() => service.dncAdd(ctx, ['co.uk', '']))).toBe('INVALID_INPUT');
    expect(service.dncList(ctx, { kind: 'domain' })).toMatchObject({ total: 1, rows: [{ value: 'rival.example', source: 'manual', reason: 'asked us to stop', hashed: false }] });
    expect(service.dncList(ctx, { search: 'sunrise' }).total).toBe(1);
    service.dncRemove(ctx, r.added[1]!.id);
    expect(service.dncList(ctx).total).toBe(3);
    expect(service.dncCheckAddress(ctx, 'sales@rival.example')).toBeNull();
    expect(service.dncCheckAddress(ctx, 'BOB+x@acme.example')?.entry.value).toBe('bob@acme.example');
    db.close();
  });

  it('takes a reply that asks to stop as an entry with its source', () => {
    const { db, ctx } = empty();
    const [entry] = service.dncAdd(ctx, 'maya@harbor.example', 'reply', 'Please remove me').added;
    expect(entry).toMatchObject({ source: 'reply', reason: 'Please remove me' });
    expect(service.dncCheckAddress(ctx, 'Maya@Harbor.example')?.reason).toMatch(/from a reply asking to stop.*Please remove me/);
    db.close();
  });

  it('imports a CSV: the good rows are kept, each bad row is refused with its row number and why', async () => {
    const { db, store, ctx } = empty();
    const file = tmp.file('dnc.csv');
    writeFileSync(file, [
      'Email;Domain;Phone;Company;Reason',
      'maya@harbor.example;;;;said no',
      ';rival.example;;;competitor',
      ';;+1 503 555 0141;;',
      ';;;Dr. Müller GmbH;',
      'not-an-address;;;;',
      ';;12;;',
      ';co.uk;;;',
      ';;;;only a reason',
      'Maya+2@HARBOR.example;;;;said no again',
    ].join('\n'));
    const r = await service.dncImport(ctx, file);
    expect(r).toMatchObject({ rows: 9, added: 4, already_listed: 1, refused_total: 4 });
    expect(r.refused).toEqual([
      { row: 6, column: 'Email', value: 'not-an-address', reason: expect.stringMatching(/not an e-mail address/) },
      { row: 7, column: 'Phone', value: '12', reason: expect.stringMatching(/not a valid phone number/) },
      { row: 8, column: 'Domain', value: 'co.uk', reason: expect.stringMatching(/public suffix/) },
      { row: 9, column: null, value: '', reason: expect.stringMatching(/no value/) },
    ]);
    expect(service.dncList(ctx).rows.find((e) => e.kind === 'email')).toMatchObject({ value: 'maya@harbor.example', source: 'import', reason: 'said no' });
    const [entry] = store.audit.list({ action: 'dnc_imported' });
    expect(entry!.changes).toEqual({ after: { file: 'dnc.csv', rows: 9, added: 4, already_listed: 1, refused: 4 } });
    expect(entry!.result).toEqual({ status: 'warning', error_code: 'CSV_ROW_INVALID' });

    const plain = tmp.file('plain.csv');
    writeFileSync(plain, 'ann@cafe.example\ncafe-two.example\n030 1234567\n');
    expect(await service.dncImport(ctx, plain, { country: 'DE' })).toMatchObject({ rows: 3, added: 3, refused_total: 0 });
    await expect(service.dncImport(ctx, tmp.file('missing.csv'))).rejects.toMatchObject({ code: 'CSV_UNREADABLE' });
    db.close();
  });

  it('"don\'t contact again" rejects the draft and lists the business it was for', () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const ctx = { store: w.store, actor: REP };
    const draft = w.store.drafts.list({ lead_id: w.bystander })[0]!;
    const lead = w.store.leads.get(w.bystander);
    const r = service.rejectAndBlock(ctx, draft.id, { reason: 'not interested' });
    expect(r.status).toBe('rejected');
    expect(r.dnc.added.map((e) => e.kind).sort()).toEqual(['domain', 'email', 'name', 'phone']);
    expect(r.dnc.added.every((e) => e.source === 'rejection' && e.lead_id === w.bystander && e.reason === 'not interested')).toBe(true);
    expect(service.dncCheckLead(ctx, w.bystander)?.reason).toMatch(/from a rejection/);
    // A new sighting of the business under another address is caught by its domain.
    expect(w.store.dnc.blocks({ name: 'Whoever', email: `info@${lead.domain}` })).not.toBeNull();
    w.close();
  });
});

describe('what is held about a lead (GDPR art. 15)', () => {
  it('gives every fact with its source and method, the fields, merges, drafts with versions, decisions, exports and audit entries', () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const ctx = { store: w.store, actor: REP };
    const doc = service.leadData(ctx, w.target);
    expect(doc.lead).toMatchObject({ id: w.target, name: TARGET.name, email: TARGET.email });
    expect(doc.controller).toEqual({ name: 'Alex Rivera', company: 'ChairFill', email: 'alex@chairfill.example', postal_address: '12 Harbour Street, Portland, OR 97201' });
    expect(doc.merged_leads.map((l) => l.id)).toEqual([w.mergedAway]);
    expect(doc.facts.find((f) => f.kind === 'person')).toEqual({ kind: 'person', value: TARGET.person, detail: { role: 'Practice Owner', email: TARGET.email }, source_url: `https://${TARGET.domain}/team`, method: 'json_ld', confidence: 0.9, observed_at: expect.any(String) });
    expect(doc.merges.length).toBe(2);
    expect(doc.drafts).toHaveLength(1);
    expect(doc.drafts[0]!.versions.map((v) => v.kind)).toEqual(['draft', 'refined', 'edited']);
    expect(doc.decisions.map((d) => d.decision)).toEqual(['approved']);
    expect(doc.exports).toEqual([{ at: expect.any(String), draft_id: doc.drafts[0]!.id, format: 'eml', result: 'success' }]);
    expect(doc.runs.map((r) => r.recipe_id)).toEqual(['discovery', 'intelligence']);
    expect(doc.charges.map((c) => c.description)).toEqual([`scored ${TARGET.name} (heuristic)`, `basic enrichment of ${TARGET.name}`]);
    expect(doc.audit.map((e) => e.action)).toEqual(['draft_created', 'draft_edited', 'draft_approved', 'draft_exported']);
    expect(doc.replies).toEqual({ outcome: 'positive', events: [{ kind: 'reply', outcome: 'positive', draft_id: doc.drafts[0]!.id, mailbox: 'INBOX', received_at: expect.any(String), read_at: expect.any(String) }] });
    expect(doc.retention).toMatchObject({ data_days: 180, rejected_draft_days: 90 });
    const written = service.writeLeadData(ctx, w.target, tmp.file('lead.json'));
    expect((JSON.parse(readFileSync(written.path, 'utf8')) as { lead: { id: string } }).lead.id).toBe(w.target);
    expect(w.store.audit.list({ action: 'lead_data_exported' })).toHaveLength(2);
    expect(code(() => service.leadData(ctx, w.otherLead))).toBe('WRONG_WORKSPACE');
    expect(code(() => service.leadData(ctx, 'lead_nope'))).toBe('NOT_FOUND');
    w.close();
  });
});

describe('retention', () => {
  it('expires drafts at their agent\'s expiry, purges old pages, facts and draft texts once a day, and audits the counts', () => {
    const w = complianceWorld(tmp.file(`w-${++n}.db`));
    const { store } = w;
    const ctx = { store, actor: { type: 'system' as const, id: 'retention' } };
    const now = new Date(Date.now() + 8 * 86_400_000);
    // An old page, an old fact and a draft rejected long ago; the rest is recent.
    const pages = new PageCache(store.db, store.workspaceId, { now: () => new Date(now.getTime() - 200 * 86_400_000), ttlMs: 400 * 86_400_000 });
    pages.put({ url: 'https://old.example/', final_url: 'https://old.example/', status: 200, content_type: 'text/html', body: Buffer.from('old') });
    store.tx(() => store.leads.addFacts(w.bystander, [{ kind: 'tech', value: 'Flash', source_url: null, method: 'fingerprint', confidence: 0.5, observed_at: new Date(now.getTime() - 181 * 86_400_000).toISOString() }]));
    const rejected = store.drafts.list({ lead_id: w.bystander })[0]!;
    store.drafts.edit(rejected.id, 'My own words for Rosewood Clinic 0', null, { type: 'rep', id: 'rep' });
    store.drafts.setStatus(rejected.id, 'rejected', { type: 'rep', id: 'rep' });
    store.db.prepare('UPDATE drafts SET decided_at = ? WHERE id = ?').run(new Date(now.getTime() - 91 * 86_400_000).toISOString(), rejected.id);
    const pending = store.drafts.count({ status: 'pending_review' });

    const first = service.runRetention(ctx, now);
    expect(first.drafts_expired).toBe(pending);
    expect(first.purged).toEqual({ cached_pages: 5, facts: 1, cached_drafts: 0, map_places: 0, draft_texts: 1, audit_payloads_erased: 1 });
    expect(store.drafts.get(rejected.id)).toMatchObject({ body: '', subject: '', status: 'rejected' });
    expect(store.drafts.versions(rejected.id).every((v) => v.body === '')).toBe(true);
    const [applied] = store.audit.list({ action: 'retention_applied' });
    expect(applied!.changes).toMatchObject({ cached_pages: 5, facts: 1, draft_texts: 1, limits: { data_days: 180, rejected_draft_days: 90 } });
    expect(JSON.stringify(applied!.changes)).not.toContain('Rosewood');
    expect(store.audit.list({ action: 'draft_expired' })).toHaveLength(pending);
    expect(store.audit.verify().ok).toBe(true);

    // Again within the day: expiry runs, the purges wait.
    expect(service.runRetention(ctx, new Date(now.getTime() + 3_600_000))).toMatchObject({ drafts_expired: 0, purged: null });
    store.settings.set(RETENTION_DATA_DAYS, 1);
    store.settings.set(RETENTION_REJECTED_DRAFT_DAYS, 30);
    const later = service.runRetention(ctx, new Date(now.getTime() + 2 * 86_400_000));
    expect(later.limits).toEqual({ data_days: 1, rejected_draft_days: 30 });
    expect(later.purged!.facts).toBeGreaterThan(0);
    expect(store.audit.verify().ok).toBe(true);
    w.close();
  });
});
