import { parse as parseCsv } from 'csv-parse/sync';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { defaultFileWriter, exportDrafts, mailtoForDraft, stableMessageId, undoExport, type FileWriter } from '../../../main/export';
import { tempDir } from '../../support/temp';
import { DEFAULT_OPT_OUT } from '../../../main/core/sender';
import { SENDER, withSignature, workspaceWithDrafts, type DraftSpec } from './fixtures';
import { ASCII, EMOJI, INJECTED_SUBJECT, INVALID_RECIPIENT, LONG, NO_RECIPIENT, RTL } from './samples';

const tmp = tempDir('hunter-export-');
afterAll(() => tmp.cleanup());

const NOW = new Date('2025-03-04T05:06:07.000Z');
const GOOD: DraftSpec[] = [ASCII, EMOJI, RTL, LONG];
let n = 0;
const fresh = (specs: readonly DraftSpec[], opts?: { sender?: object | null }) => workspaceWithDrafts(tmp.file(`ws-${++n}.db`), specs, opts);
const outDir = () => tmp.file(`out-${++n}`);

function firstAddress(a: AddressObject | AddressObject[] | undefined) {
  return (Array.isArray(a) ? a[0] : a)?.value[0];
}

/** What the rep approved is what the recipient's client shows: headers, encodings and body. */
function expectMessage(raw: Buffer, parsed: ParsedMail, draftId: string, spec: DraftSpec, lineEnding: '\r\n' | '\n') {
  const text = raw.toString('latin1');
  // 7-bit clean: every non-ASCII character was encoded (RFC 2047 in headers, QP or base64 in the body).
  expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
  const lines = text.split(lineEnding);
  if (lineEnding === '\r\n') expect(lines.some((l) => l.includes('\n') || l.includes('\r'))).toBe(false);
  // RFC 5322 2.1.1: at most 998 characters, and should be at most 78.
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(78);

  expect(firstAddress(parsed.from)).toEqual({ name: SENDER.name, address: SENDER.email });
  const personName = [spec.lead.first_name, spec.lead.last_name].filter(Boolean).join(' ') || spec.lead.name;
  expect(firstAddress(parsed.to)).toEqual({ name: personName, address: spec.recipient });
  expect(parsed.subject).toBe(spec.subject);
  expect(parsed.messageId).toBe(stableMessageId(draftId, 'chairfill.example'));
  expect(parsed.headers.get('x-unsent')).toBe('1');
  expect(parsed.date?.toISOString()).toBe(NOW.toISOString());
  // mailparser gives the text part with "\n" line breaks; the part ends with one line break.
  expect(parsed.text).toBe(withSignature(spec.body) + '\n');
}

describe('.eml export', () => {
  it('writes one message per approved draft that mailparser reads back exactly (ASCII, emoji, right-to-left, 10 000 words)', async () => {
    const { store, ids, close } = fresh(GOOD);
    const dir = outDir();
    const progress: number[] = [];
    const summary = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW, onProgress: (p) => progress.push(p.done) });

    expect(summary).toMatchObject({ format: 'eml', exported: 4, skipped: [], location: dir, undoable: true, exported_at: NOW.toISOString() });
    expect(new Set(summary.exported_ids)).toEqual(new Set(ids));
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(summary.files).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(summary.files.map((f) => basename(f)).sort());
    for (const f of summary.files) expect(basename(f)).toMatch(/^[a-z0-9-]+\.eml$/);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);

    for (const [i, id] of ids.entries()) {
      const file = summary.files.find((f) => basename(f).endsWith(`-${id.replace(/[^A-Za-z0-9]/g, '').slice(-8).toLowerCase()}.eml`));
      expect(file, `file for ${id}`).toBeDefined();
      const raw = readFileSync(file!);
      expectMessage(raw, await simpleParser(raw), id, GOOD[i]!, '\r\n');
      const d = store.drafts.get(id);
      expect(d.status).toBe('exported');
      expect(d.export_format).toBe('eml');
      expect(d.exported_at).not.toBeNull();
    }
    // Names from the leads, folded to ASCII; the Arabic name falls back to the address.
    const names = summary.files.map((f) => basename(f));
    expect(names.some((f) => f.startsWith('bright-smile-dental-'))).toBe(true);
    expect(names.some((f) => f.startsWith('cafe-zoe-'))).toBe(true);
    expect(names.some((f) => f.startsWith('ahmad-'))).toBe(true);

    const exportedEvents = store.db
      .prepare(`SELECT resource_id FROM audit_log WHERE workspace_id = ? AND action_type = 'draft_exported' AND result_status = 'success'`)
      .all(store.workspaceId) as Array<{ resource_id: string }>;
    expect(new Set(exportedEvents.map((e) => e.resource_id))).toEqual(new Set(ids));
    close();
  });

  it('adds an escaped HTML part that keeps paragraphs and reads right to left, with the text part unchanged', async () => {
    // Markup characters a message may hold (not a "<Name>" placeholder, which export refuses).
    const tricky: DraftSpec = { ...ASCII, body: 'Hi Priya & "team", <b>2 < 3</b>,\n\nline one\nline two' };
    const { store, ids, close } = fresh([tricky, RTL]);
    const summary = await exportDrafts(store, { format: 'eml', outDir: outDir(), now: NOW, html: true });
    const byId = (id: string) => summary.files.find((f) => f.endsWith(`${id.replace(/[^A-Za-z0-9]/g, '').slice(-8).toLowerCase()}.eml`))!;
    const raw = readFileSync(byId(ids[0]!));
    const parsed = await simpleParser(raw);
    expectMessage(raw, parsed, ids[0]!, tricky, '\r\n');
    expect(parsed.html).toContain('<p dir="auto">Hi Priya &amp; &quot;team&quot;, &lt;b&gt;2 &lt; 3&lt;/b&gt;,</p>');
    expect(parsed.html).toContain('<p dir="auto">line one<br>\nline two</p>');
    expect(parsed.html).not.toContain('<b>');
    const rtl = await simpleParser(readFileSync(byId(ids[1]!)));
    expect(rtl.text).toBe(withSignature(RTL.body) + '\n');
    expect(rtl.html).toContain('<p dir="auto">مرحبا أحمد،</p>');
    close();
  });

  it('skips and flags an invalid or missing recipient and a subject with line breaks, and exports the rest', async () => {
    const { store, ids, close } = fresh([ASCII, INVALID_RECIPIENT, NO_RECIPIENT, INJECTED_SUBJECT]);
    const dir = outDir();
    const summary = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW });
    expect(summary.exported_ids).toEqual([ids[0]]);
    expect(summary.files).toHaveLength(1);
    const skipped = Object.fromEntries(summary.skipped.map((s) => [s.id, s]));
    expect(skipped[ids[1]!]).toMatchObject({ problem: 'invalid_recipient' });
    expect(skipped[ids[1]!]!.reason).toContain('info at nowhere');
    expect(skipped[ids[2]!]).toMatchObject({ problem: 'no_recipient' });
    expect(skipped[ids[3]!]).toMatchObject({ problem: 'unsafe_subject' });
    expect(skipped[ids[3]!]!.reason).toMatch(/header injection/);
    for (const id of ids.slice(1)) expect(store.drafts.get(id).status).toBe('approved');
    // No file carries the injected header.
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'latin1')).not.toMatch(/^Bcc:/m);
    const flagged = store.db
      .prepare(`SELECT resource_id, error_code FROM audit_log WHERE workspace_id = ? AND action_type = 'draft_exported' AND result_status = 'failed'`)
      .all(store.workspaceId) as Array<{ resource_id: string; error_code: string }>;
    expect(new Set(flagged.map((f) => f.resource_id))).toEqual(new Set(ids.slice(1)));
    expect(flagged.every((f) => f.error_code === 'INVALID_INPUT')).toBe(true);
    close();
  });

  it('exports only the ids asked for, and says why an id was left out', async () => {
    const { store, ids, close } = fresh([ASCII, EMOJI, RTL]);
    store.drafts.setStatus(ids[2]!, 'pending_review', { type: 'rep', id: 'rep' });
    const summary = await exportDrafts(store, { format: 'eml', outDir: outDir(), ids: [ids[0]!, ids[2]!, 'draft_nope', ids[0]!], now: NOW });
    expect(summary.exported_ids).toEqual([ids[0]]);
    expect(summary.skipped).toEqual([
      { id: ids[2], problem: 'not_approved', reason: expect.stringContaining('pending review') },
      { id: 'draft_nope', problem: 'not_found', reason: expect.stringContaining('draft_nope') },
    ]);
    expect(store.drafts.get(ids[1]!).status).toBe('approved');
    close();
  });

  it('undo removes the files and puts the drafts back to approved; a second export keeps the same Message-ID', async () => {
    const { store, ids, close } = fresh([ASCII, EMOJI]);
    const dir = outDir();
    const first = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW });
    const firstIds = await Promise.all(first.files.map(async (f) => (await simpleParser(readFileSync(f))).messageId));
    const undone = await undoExport(store, JSON.parse(JSON.stringify(first)));
    expect(undone).toEqual({ restored: 2, removed_files: 2 });
    expect(readdirSync(dir)).toEqual([]);
    for (const id of ids) expect(store.drafts.get(id)).toMatchObject({ status: 'approved', export_format: null, exported_at: null });
    const undoEvents = store.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE workspace_id = ? AND action_type = 'export_undone'`).get(store.workspaceId) as { n: number };
    expect(undoEvents.n).toBe(2);

    const second = await exportDrafts(store, { format: 'eml', outDir: dir, now: new Date(NOW.getTime() + 60_000) });
    const secondIds = await Promise.all(second.files.map(async (f) => (await simpleParser(readFileSync(f))).messageId));
    expect(new Set(secondIds)).toEqual(new Set(firstIds));
    close();
  });

  it('never overwrites a file that is already there', async () => {
    const { store, ids, close } = fresh([ASCII]);
    const dir = outDir();
    const first = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW });
    store.drafts.undoExport(ids, { type: 'rep', id: 'rep' });
    const second = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW });
    expect(second.files[0]).not.toBe(first.files[0]);
    expect(second.files[0]).toMatch(/-2\.eml$/);
    expect(readdirSync(dir)).toHaveLength(2);
    close();
  });

  it('a full disk (a real ENOSPC from /dev/full) leaves no file behind and marks nothing', async () => {
    const { store, ids, close } = fresh([ASCII, EMOJI, RTL]);
    const dir = outDir();
    let writes = 0;
    // The first file is written normally; the second lands on /dev/full, which answers ENOSPC.
    const diskFillsUp: FileWriter = async (temp, data) => {
      if (++writes === 1) return defaultFileWriter(temp, data);
      await writeFile('/dev/full', data);
    };
    const err = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW, fileWriter: diskFillsUp }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('DISK_FULL');
    expect((err as HunterError).message).toMatch(/disk is full/i);
    expect(writes).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    for (const id of ids) expect(store.drafts.get(id).status).toBe('approved');
    close();
  });

  it('refuses to export without the rep’s own address, and without a folder', async () => {
    const { store, close } = fresh([ASCII], { sender: { name: 'Alex' } });
    await expect(exportDrafts(store, { format: 'eml', outDir: outDir() })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/e-mail address is not set/) });
    await expect(exportDrafts(store, { format: 'mbox' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/--out/) });
    await expect(exportDrafts(store, { format: 'imap' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    close();
  });
});

/** Splits an mbox file at its "From " separator lines; nothing in the messages needs unquoting. */
function readMbox(text: string): Array<{ separator: string; message: string }> {
  const parts = text.split(/^(?=From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n)/m).filter(Boolean);
  return parts.map((p) => {
    const nl = p.indexOf('\n');
    expect(p.endsWith('\n\n'), 'a blank line ends each message').toBe(true);
    return { separator: p.slice(0, nl), message: p.slice(nl + 1, -1) };
  });
}

describe('mbox export', () => {
  it('writes one RFC 4155 file whose messages read back exactly, with no body line an mbox reader could take for a separator', async () => {
    const { store, ids, close } = fresh(GOOD);
    const summary = await exportDrafts(store, { format: 'mbox', outDir: outDir(), now: NOW });
    expect(summary.files).toHaveLength(1);
    expect(basename(summary.files[0]!)).toBe('hunter-drafts-20250304-050607.mbox');
    const text = readFileSync(summary.files[0]!, 'latin1');
    expect(text.startsWith('From alex@chairfill.example Tue Mar  4 05:06:07 2025\n')).toBe(true);
    // The body lines that began with From / >From are quoted-printable with their first character
    // encoded: no line but the four separators begins with "From ", and none with ">From ".
    expect(text).toContain('\n=46rom what I saw');
    expect(text).toContain('\n=3EFrom a patient review');
    expect(text).toContain('\n=46rom here, one idea');
    expect(text.match(/^From /gm)).toHaveLength(4);
    expect(text).not.toMatch(/^>+From /m);

    const entries = readMbox(text);
    expect(entries).toHaveLength(4);
    const order = store.drafts.list({ status: 'exported' }).map((d) => d.id);
    for (const [i, e] of entries.entries()) {
      expect(e.separator).toBe('From alex@chairfill.example Tue Mar  4 05:06:07 2025');
      const raw = Buffer.from(e.message, 'latin1');
      const parsed = await simpleParser(raw);
      const id = order[i]!;
      expectMessage(raw, parsed, id, GOOD[ids.indexOf(id)]!, '\n');
    }
    for (const id of ids) expect(store.drafts.get(id).export_format).toBe('mbox');
    const undone = await undoExport(store, summary);
    expect(undone).toEqual({ restored: 4, removed_files: 1 });
    expect(existsSync(summary.files[0]!)).toBe(false);
    close();
  });

  it('encodes a From line in the HTML part too, and keeps a message without one as it was', async () => {
    const plain: DraftSpec = { ...EMOJI, body: 'Hi Zoë,\n\nNothing here starts a line with that word.' };
    const { store, close } = fresh([ASCII, plain]);
    const summary = await exportDrafts(store, { format: 'mbox', outDir: outDir(), now: NOW, html: true });
    const text = readFileSync(summary.files[0]!, 'latin1');
    expect(text.match(/^From /gm)).toHaveLength(2);
    expect(text).not.toMatch(/^>+From /m);
    const [first, second] = readMbox(text).map((e) => e.message);
    const html = await simpleParser(Buffer.from(first!, 'latin1'));
    expect(html.html).toContain('From what I saw');
    expect(html.text).toBe(withSignature(ASCII.body) + '\n');
    // Without such a line the message is composed as for an .eml file (no forced quoted-printable).
    expect(second).not.toMatch(/=46rom|=3EFrom/);
    close();
  });
});

describe('CSV export for mail merges', () => {
  it('writes the generic columns, personal sentences without greeting, quoted so any parser reads it back', async () => {
    const quoting: DraftSpec = {
      subject: 'Hello, "friend"',
      body: 'Hi Sam,\n\nLine one, with a comma\nLine "two"\n\nLast line',
      recipient: 'sam@quotes.example',
      lead: { name: 'Quotes, "Inc"', first_name: 'Sam', last_name: "O'Neil", phone: '+44 20 7946 0958' },
    };
    const { store, ids, close } = fresh([ASCII, RTL, quoting], { sender: { name: 'Alex' } });
    const summary = await exportDrafts(store, { format: 'csv', outDir: outDir(), now: NOW });
    expect(summary.exported).toBe(3);
    expect(basename(summary.files[0]!)).toBe('hunter-drafts-20250304-050607.csv');
    const text = readFileSync(summary.files[0]!, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe('email,first_name,last_name,company_name,website,company_domain,phone,subject,personalization,icebreaker,body,email_status,postal_address,opt_out');
    const rows = parseCsv(text, { columns: true }) as Array<Record<string, string>>;
    const order = store.drafts.list({ status: 'exported' }).map((d) => d.id);
    const specs = [ASCII, RTL, quoting];
    const personal = [
      'From what I saw on your site, the new Bandra clinic opened in May.\n>From a patient review: "best chairs in town".\nFrom here, one idea: weekend slots, booked online.   \n\nWorth a 10-minute call on Thursday?',
      'رأيت أن عيادتكم افتتحت فرعا جديدا في 2024 — مبروك!\nשלום, ראיתי את האתר שלכם.\n\nهل لديكم 10 دقائق يوم الخميس؟',
      'Line one, with a comma\nLine "two"\n\nLast line',
    ];
    for (const [i, row] of rows.entries()) {
      const k = ids.indexOf(order[i]!);
      const spec = specs[k]!;
      expect(row.email).toBe(spec.recipient);
      expect(row.first_name).toBe(spec.lead.first_name ?? '');
      expect(row.last_name).toBe(spec.lead.last_name ?? '');
      expect(row.company_name).toBe(spec.lead.name);
      expect(row.website).toBe(spec.lead.website ?? '');
      expect(row.phone).toBe(spec.lead.phone ?? '');
      expect(row.subject).toBe(spec.subject);
      expect(row.personalization).toBe(personal[k]);
      expect(row.icebreaker).toBe(personal[k]);
      expect(row.body).toBe(spec.body);
      expect(row.email_status).toBe('from source');
      // The sender set no postal address: the column is there, empty, beside the default opt-out sentence.
      expect(row.postal_address).toBe('');
      expect(row.opt_out).toBe(DEFAULT_OPT_OUT);
    }
    expect(summary.warnings.map((w) => w.kind)).toContain('no_postal_address');
    for (const id of ids) expect(store.drafts.get(id).export_format).toBe('csv');
    close();
  });

  it('refuses a draft whose merge value a spreadsheet would run, without an apostrophe anywhere a merge reads', async () => {
    const formula: DraftSpec = { ...ASCII, recipient: 'x@evil.example', lead: { name: '=HYPERLINK("http://evil.example","click")', first_name: 'Sam' } };
    const dash: DraftSpec = { ...EMOJI, recipient: 'dash@ok.example', lead: { name: 'Plus Dental', first_name: 'Ann', phone: '+1 (555) 010-9999', website: '=cmd|calc' } };
    const { store, ids, close } = fresh([formula, dash]);
    const summary = await exportDrafts(store, { format: 'csv', outDir: outDir(), now: NOW });
    expect(summary.exported_ids).toEqual([ids[1]]);
    expect(summary.skipped).toEqual([{ id: ids[0], business: formula.lead.name, problem: 'unsafe_csv_value', reason: expect.stringMatching(/^company_name begins with "=": a spreadsheet would run it/) }]);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    const flagged = store.db.prepare(`SELECT resource_id FROM audit_log WHERE workspace_id = ? AND action_type = 'draft_exported' AND result_status = 'failed'`).all(store.workspaceId) as Array<{ resource_id: string }>;
    expect(flagged.map((f) => f.resource_id)).toEqual([ids[0]]);
    const [row] = parseCsv(readFileSync(summary.files[0]!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    // A reference column (not merged into the text) gets the spreadsheet's text mark; a phone stays a phone.
    expect(row!.website).toBe("'=cmd|calc");
    expect(row!.phone).toBe('+1 (555) 010-9999');
    expect(row!.first_name).toBe('Ann');
    close();
  });

  it('starts with a byte-order mark for Excel when asked', async () => {
    const { store, close } = fresh([EMOJI]);
    const summary = await exportDrafts(store, { format: 'csv', outDir: outDir(), now: NOW, bom: true });
    const bytes = readFileSync(summary.files[0]!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows[0]!.personalization).toBe('Loved the before/after 🦷✨ gallery; the 👩‍⚕️ team photo too. 🇮🇳🇫🇷\n\nCoffee ☕ next week?');
    expect(rows[0]!.first_name).toBe('Zoë');
    close();
  });
});

describe('sender identity from settings', () => {
  it('puts Reply-To, Cc and Bcc on every message file (Bcc kept, as a draft needs it), and none in the CSV', async () => {
    const sender = { ...SENDER, reply_to: 'replies@chairfill.example', cc: ['manager@chairfill.example'], bcc: 'log+123@crm.example; archive@chairfill.example' };
    const { store, close } = fresh([ASCII], { sender: null });
    const eml = await exportDrafts(store, { format: 'eml', outDir: outDir(), now: NOW, sender, html: true });
    const raw = readFileSync(eml.files[0]!);
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get('reply-to')).toMatchObject({ text: 'replies@chairfill.example' });
    expect(parsed.headers.get('cc')).toMatchObject({ text: 'manager@chairfill.example' });
    expect(parsed.headers.get('bcc')).toMatchObject({ text: 'log+123@crm.example, archive@chairfill.example' });
    expect(parsed.text).toBe(withSignature(ASCII.body) + '\n');
    expect(parsed.html).toContain('<p dir="auto">Hi Priya,</p>');
    store.drafts.undoExport(eml.exported_ids, { type: 'rep', id: 'rep' });
    const csv = await exportDrafts(store, { format: 'csv', outDir: outDir(), now: NOW, sender });
    expect(readFileSync(csv.files[0]!, 'utf8')).not.toMatch(/crm\.example|manager@/);
    close();
  });

  it('refuses an export whose Cc address is not an address, naming the field', async () => {
    const { store, close } = fresh([ASCII], { sender: null });
    await expect(exportDrafts(store, { format: 'eml', outDir: outDir(), now: NOW, sender: { ...SENDER, cc: ['not an address'] } }))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/Cc address in your sender settings/) });
    close();
  });
});

describe('open in the mail client (mailto:)', () => {
  it('builds a mailto: URL whose subject and body decode to the approved text', () => {
    const { store, ids, close } = fresh([EMOJI, LONG]);
    const url = mailtoForDraft(store, ids[0]!);
    expect(url.length).toBeLessThanOrEqual(2000);
    expect(/^[\x21-\x7e]+$/.test(url)).toBe(true);
    const parsed = new URL(url);
    expect(parsed.protocol).toBe('mailto:');
    expect(parsed.pathname).toBe(EMOJI.recipient);
    const q = Object.fromEntries(url.slice(url.indexOf('?') + 1).split('&').map((kv) => kv.split('=').map(decodeURIComponent)));
    expect(q.subject).toBe(EMOJI.subject);
    expect(q.body).toBe(withSignature(EMOJI.body).replace(/\n/g, '\r\n'));
    expect(store.drafts.get(ids[0]!).status).toBe('approved');

    let err: unknown;
    try {
      mailtoForDraft(store, ids[1]!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('INVALID_INPUT');
    expect((err as HunterError).message).toMatch(/too long.*\.eml/);
    close();
  });

  it('refuses a draft whose subject would inject headers', () => {
    const { store, ids, close } = fresh([INJECTED_SUBJECT]);
    expect(() => mailtoForDraft(store, ids[0]!)).toThrow(/header injection/);
    close();
  });
});

describe('undo', () => {
  it('refuses to undo an IMAP export and says where the drafts are', async () => {
    const { store, close } = fresh([ASCII]);
    const summary = { format: 'imap', exported: 1, exported_ids: ['d1'], skipped: [], files: [], location: 'imap://rep@127.0.0.1:143/Drafts', unverified_ids: [], already_there_ids: [], undoable: false, exported_at: NOW.toISOString() };
    await expect(undoExport(store, summary)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/Drafts folder in your mail client/) });
    close();
  });

  it('removes only files the export wrote, never another path put in the summary', async () => {
    const { store, close } = fresh([ASCII]);
    const dir = outDir();
    const summary = await exportDrafts(store, { format: 'eml', outDir: dir, now: NOW });
    const keep = tmp.file('precious.txt');
    await writeFile(keep, 'keep me');
    await expect(undoExport(store, { ...summary, files: [...summary.files, keep] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(existsSync(keep)).toBe(true);
    expect(existsSync(summary.files[0]!)).toBe(true);
    await expect(undoExport(store, { nonsense: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    close();
  });
});
