import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { parse as parseCsv } from 'csv-parse/sync';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseDncEntry } from '../../../main/core/dnc';
import { DEFAULT_OPT_OUT } from '../../../main/core/sender';
import { exportDrafts, leadCountry, mailtoForDraft } from '../../../main/export';
import type { WorkspaceStore } from '../../../main/store';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../../support/dovecot';
import { tempDir } from '../../support/temp';
import { SENDER, workspaceWithDrafts, type DraftSpec } from './fixtures';
import { ASCII } from './samples';

const tmp = tempDir('hunter-export-compliance-');
afterAll(() => tmp.cleanup());
let n = 0;
const REP = { type: 'rep' as const, id: 'rep' };
const NOW = new Date('2025-03-04T05:06:07Z');

const LISTED: DraftSpec = { subject: 'Hello', body: 'Hi Ann,\n\nA short note.\n\nAlex', recipient: 'ann@shop.listed-bakery.example', lead: { name: 'Listed Bakery', website: 'https://listed-bakery.example' } };
const BY_PHONE: DraftSpec = { subject: 'Hello', body: 'Hi Tom,\n\nA short note.\n\nAlex', recipient: 'tom@phone-listed.example', lead: { name: 'Phone Listed Deli', phone: '+1 503 555 0141' } };
const OK: DraftSpec = { ...ASCII, lead: { ...ASCII.lead, name: 'Open Door Dental' } };

function list(store: WorkspaceStore, raw: string): void {
  const v = normaliseDncEntry(raw);
  if (!v.ok) throw new Error(v.reason);
  store.dnc.add([{ kind: v.kind, value: v.value }], { source: 'manual', actor: REP });
}

const outDir = () => tmp.file(`out-${++n}`);

describe('the do-not-contact list at export', () => {
  it.each(['eml', 'mbox', 'csv'] as const)('a listed domain or phone gets no %s export; the summary names the business', async (format) => {
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [LISTED, BY_PHONE, OK]);
    list(store, 'listed-bakery.example');
    list(store, '+15035550141');
    const dir = outDir();
    const summary = await exportDrafts(store, { format, outDir: dir, now: NOW });
    expect(summary.exported_ids).toEqual([ids[2]]);
    expect(summary.skipped).toEqual([
      { id: ids[0], business: 'Listed Bakery', problem: 'do_not_contact', reason: expect.stringMatching(/^Listed Bakery: the address \(ann@shop\.listed-bakery\.example\) is at listed-bakery\.example, which is on the do-not-contact list \(added by hand on \d{4}-\d{2}-\d{2}\)\. Not exported\.$/) },
      { id: ids[1], business: 'Phone Listed Deli', problem: 'do_not_contact', reason: expect.stringMatching(/^Phone Listed Deli: its phone number .* is on the do-not-contact list/) },
    ]);
    const written = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(written).not.toContain('listed-bakery');
    expect(written).not.toContain('phone-listed');
    expect(written).toContain(OK.recipient!);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    const flagged = store.audit.list({ action: 'draft_exported' }).filter((e) => e.result.status === 'failed');
    expect(flagged.map((e) => [e.action.resource_id, e.result.error_code])).toEqual([[ids[0], 'DO_NOT_CONTACT'], [ids[1], 'DO_NOT_CONTACT']]);
    close();
  });

  it('a draft whose lead is listed by a fact\'s address, or by its name, is refused too; so is its mailto: link', async () => {
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [OK, { ...OK, recipient: 'x@named.example', lead: { name: 'Named & Co. GmbH' } }]);
    const lead = store.drafts.get(ids[0]!).lead_id;
    store.tx(() => store.leads.addFacts(lead, [{ kind: 'email', value: 'Owner+Work@OpenDoor.example', source_url: null, method: 'text', confidence: 0.8, observed_at: NOW.toISOString() }]));
    list(store, 'owner@opendoor.example');
    list(store, 'Named');
    const summary = await exportDrafts(store, { format: 'eml', outDir: outDir(), now: NOW });
    expect(summary.exported).toBe(0);
    expect(summary.skipped.map((s) => [s.business, s.problem])).toEqual([['Open Door Dental', 'do_not_contact'], ['Named & Co. GmbH', 'do_not_contact']]);
    expect(() => mailtoForDraft(store, ids[0]!)).toThrow(expect.objectContaining({ code: 'DO_NOT_CONTACT' }));
    close();
  });
});

describe.skipIf(!dovecotAvailable)('the do-not-contact list at an IMAP export (real Dovecot)', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => server?.stop());

  it('saves no draft to a listed address in the Drafts folder', async () => {
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [LISTED, OK]);
    list(store, 'ann+anything@shop.listed-bakery.example');
    const summary = await exportDrafts(store, { format: 'imap', imap: { host: server.host, port: server.port, secure: false, user: server.user, password: server.password } });
    expect(summary.exported_ids).toEqual([ids[1]]);
    expect(summary.skipped).toEqual([expect.objectContaining({ id: ids[0], problem: 'do_not_contact', business: 'Listed Bakery' })]);
    const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
    await client.connect();
    const lock = await client.getMailboxLock('Drafts');
    const to: string[] = [];
    try {
      for await (const m of client.fetch('1:*', { envelope: true })) to.push(...(m.envelope?.to ?? []).map((a) => a.address ?? ''));
    } finally {
      lock.release();
      await client.logout();
    }
    expect(to).toEqual([OK.recipient]);
    close();
  });
});

describe('the sender\'s obligations in every export', () => {
  it('puts the postal address and the opt-out sentence under the signature of every message, in the text and the HTML, and mailparser reads them', async () => {
    const sender = { ...SENDER, opt_out: 'Not for you? Reply "no" and I will not write again.' };
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [OK], { sender });
    const dir = outDir();
    const summary = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW, html: true });
    expect(summary.warnings.filter((w) => w.kind !== 'country_rules')).toEqual([]);
    const parsed = await simpleParser(readFileSync(summary.files[0]!));
    expect(parsed.text).toBe(`${OK.body}\n\n-- \n${SENDER.signature}\n\n${SENDER.postal_address}\n${sender.opt_out}\n`);
    expect(parsed.html).toContain('12 Harbour Street, Portland, OR 97201, USA');
    expect(parsed.html).toContain('Not for you? Reply &quot;no&quot; and I will not write again.');
    close();
  });

  it('without a postal address keeps the default opt-out line and warns; with the footer turned off carries neither and warns', async () => {
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [OK], { sender: { name: 'Alex', email: 'alex@chairfill.example' } });
    let summary = await exportDrafts(store, { format: 'mbox', outDir: outDir(), now: NOW });
    expect(summary.warnings[0]).toMatchObject({ kind: 'no_postal_address', message: expect.stringMatching(/postal address is not set.*sender\.postal_address/) });
    let [message] = readFileSync(summary.files[0]!, 'utf8').split(/^From \S+ .+\n/m).filter(Boolean);
    // The mbox's blank line after each message is the separator's, not the message's.
    expect((await simpleParser(message!.slice(0, -1))).text).toBe(`${OK.body}\n\n-- \n${DEFAULT_OPT_OUT}\n`);

    store.drafts.undoExport(summary.exported_ids, REP);
    store.settings.set('sender', { name: 'Alex', email: 'alex@chairfill.example', postal_address: '1 Main St, Springfield', compliance_footer: false });
    summary = await exportDrafts(store, { format: 'mbox', outDir: outDir(), now: NOW });
    expect(summary.warnings.map((w) => w.kind)).toContain('footer_off');
    [message] = readFileSync(summary.files[0]!, 'utf8').split(/^From \S+ .+\n/m).filter(Boolean);
    expect((await simpleParser(message!.slice(0, -1))).text).toBe(`${OK.body}\n`);
    close();
  });

  it('carries the footer as columns in the mail-merge CSV', async () => {
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [OK]);
    const summary = await exportDrafts(store, { format: 'csv', csvPreset: 'instantly', outDir: outDir(), now: NOW });
    const [row] = parseCsv(readFileSync(summary.files[0]!), { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ postal_address: SENDER.postal_address, opt_out: DEFAULT_OPT_OUT });
    expect(row!.personalization).not.toContain(DEFAULT_OPT_OUT);
    close();
  });
});

describe('country rules', () => {
  it('reads where a lead is from its country, its address, its phone or its domain, and not from a US state code', () => {
    const none = { country: undefined, address: undefined, phone: undefined, domain: null, email: undefined };
    expect(leadCountry({ ...none, country: 'Deutschland' })).toEqual({ country: 'DE', from: 'country' });
    expect(leadCountry({ ...none, address: '10 Downing St, London SW1A 2AA' })).toEqual({ country: 'GB', from: 'address' });
    expect(leadCountry({ ...none, address: '400 SE Hawthorne Blvd, Portland, OR 97214' })).toEqual({ country: 'US', from: 'address' });
    expect(leadCountry({ ...none, address: '24 Sussex Dr, Ottawa, ON K1M 1M4' })).toEqual({ country: 'CA', from: 'address' });
    expect(leadCountry({ ...none, address: '1 Sunset Blvd, Los Angeles, CA' })).toBeNull();
    expect(leadCountry({ ...none, phone: '+33 1 42 68 53 00' })).toEqual({ country: 'FR', from: 'phone' });
    expect(leadCountry({ ...none, domain: 'cafe.co.uk' })).toEqual({ country: 'GB', from: 'domain' });
    expect(leadCountry({ ...none, domain: 'cafe.com' })).toBeNull();
  });

  it('warns per lead where the country asks for more, citing the sources; a US lead only when the postal address is missing', async () => {
    const specs: DraftSpec[] = [
      { ...OK, recipient: 'info@praxis.example', lead: { name: 'Zahnarztpraxis Weber', phone: '+49 30 1234567' } },
      { ...OK, recipient: 'hello@cafe.co.uk', lead: { name: 'Corner Cafe Ltd', website: 'https://cafe.co.uk' } },
      { ...OK, recipient: 'bonjour@atelier.example', lead: { name: 'Atelier Lumière', phone: '+33 1 42 68 53 00' } },
      { ...OK, recipient: 'hi@us-shop.example', lead: { name: 'US Shop', phone: '+1 503 555 0142' } },
    ];
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), specs);
    const summary = await exportDrafts(store, { format: 'eml', outDir: outDir(), now: NOW });
    const byName = Object.fromEntries(summary.warnings.map((w) => [w.business, w]));
    expect(Object.keys(byName).sort()).toEqual(['Atelier Lumière', 'Corner Cafe Ltd', 'Zahnarztpraxis Weber']);
    expect(byName['Zahnarztpraxis Weber']).toMatchObject({ country: 'DE', country_from: 'phone', law: 'UWG § 7', message: expect.stringMatching(/prior express consent .* consumer or a business/) });
    expect(byName['Zahnarztpraxis Weber']!.sources![0]).toMatch(/gesetze-im-internet\.de\/uwg_2004\/__7\.html/);
    expect(byName['Corner Cafe Ltd']).toMatchObject({ country: 'GB', country_from: 'domain', message: expect.stringMatching(/sole traders .* incorporated companies .* need no consent/) });
    expect(byName['Atelier Lumière']).toMatchObject({ country: 'FR', message: expect.stringMatching(/concerns the recipient's profession/) });
    close();

    const bare = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [specs[3]!], { sender: { name: 'Alex', email: 'alex@chairfill.example' } });
    const noAddress = await exportDrafts(bare.store, { format: 'eml', outDir: outDir(), now: NOW });
    expect(noAddress.warnings.find((w) => w.kind === 'country_rules')).toMatchObject({ business: 'US Shop', country: 'US', law: 'CAN-SPAM Act', message: expect.stringMatching(/valid postal address/) });
    bare.close();
  });
});

describe('what the message check refuses at export', () => {
  it.each(['eml', 'csv'] as const)('an approved draft with a placeholder is not exported as %s; the summary names the business and the placeholder', async (format) => {
    const HOLDER: DraftSpec = { subject: 'A question for {{company}}', body: 'Hi [First Name],\n\nA short note about your booking page.\n\nAlex', recipient: 'ann@holder.example', lead: { name: 'Placeholder Pets' } };
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [HOLDER, OK]);
    const dir = outDir();
    const summary = await exportDrafts(store, { format, outDir: dir, now: NOW });
    expect(summary.exported_ids).toEqual([ids[1]]);
    expect(summary.skipped).toEqual([expect.objectContaining({ id: ids[0], business: 'Placeholder Pets', problem: 'placeholder' })]);
    expect(summary.skipped[0]!.reason).toMatch(/^Placeholder Pets: the message still has "\[First Name\]", "\{\{company\}\}" in it\./);
    expect(readdirSync(dir).join(' ')).not.toMatch(/placeholder-pets/);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    close();
  });
});
