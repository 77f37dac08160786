import { ImapFlow } from 'imapflow';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMessage, defaultFileWriter, draftMessage, exportDrafts } from '../../main/export';
import { dovecotAvailable, dovecotMissingReason, startDovecot } from '../support/dovecot';
import { tempDir } from '../support/temp';
import { workspaceWithDrafts, type DraftSpec } from '../main/export/fixtures';
import { ASCII, EMOJI, RTL } from '../main/export/samples';
import { round, type BenchResult } from './harness';

const FILE_DRAFTS = 500;
const IMAP_DRAFTS = 200;

function specs(n: number): DraftSpec[] {
  const base = [ASCII, EMOJI, RTL];
  return Array.from({ length: n }, (_, i) => {
    const s = base[i % base.length]!;
    return { ...s, recipient: `lead${i}@clinic${i}.example`, lead: { ...s.lead, name: `${s.lead.name} ${i}` } };
  });
}

/** The same messages, composed outside the timed part, for the baselines. */
async function composed(store: Parameters<typeof exportDrafts>[0], ids: readonly string[]): Promise<Array<{ id: string; messageId: string; raw: Buffer }>> {
  const ctx = { from: { name: 'Alex', address: 'alex@chairfill.example', domainAscii: 'chairfill.example' }, signature: 'Alex', date: new Date() };
  const out = [];
  for (const id of ids) {
    const d = store.drafts.get(id);
    const m = draftMessage(d, store.leads.get(d.lead_id), ctx);
    if (!m.ok) throw new Error(m.reason);
    out.push({ id, messageId: m.message.messageId, raw: await composeMessage(m.message, { html: false, lineEnding: 'crlf' }) });
  }
  return out;
}

/** .eml export of 500 drafts against writing the same bytes to the same disk (write + fsync + rename). */
async function emlExport(dir: ReturnType<typeof tempDir>): Promise<BenchResult> {
  const { store, ids, close } = workspaceWithDrafts(join(dir.dir, 'eml.db'), specs(FILE_DRAFTS));
  const messages = await composed(store, ids);
  await mkdir(join(dir.dir, 'raw'));
  const t0 = performance.now();
  for (const [i, m] of messages.entries()) {
    const path = join(dir.dir, 'raw', `${i}.eml`);
    await defaultFileWriter(`${path}.tmp`, m.raw);
    await rename(`${path}.tmp`, path);
  }
  const baseline = performance.now() - t0;
  const t1 = performance.now();
  const summary = await exportDrafts(store, { format: 'eml', outDir: join(dir.dir, 'eml') });
  const value = performance.now() - t1;
  close();
  if (summary.exported !== FILE_DRAFTS) throw new Error(`exported ${summary.exported} of ${FILE_DRAFTS}`);
  const ratio = value / baseline;
  return {
    name: `.eml export, ${FILE_DRAFTS} approved drafts (compose, write, mark exported)`,
    value: round(value, 1),
    unit: 'ms',
    baseline: round(baseline, 1),
    baseline_label: 'writing the same bytes: write + fsync + rename',
    ratio: round(ratio, 2),
    goal: 'ratio ≤ 3 (composing and marking cost at most twice the disk writes)',
    pass: ratio <= 3,
    notes: `${round((FILE_DRAFTS / value) * 1000, 0)} messages/s`,
  };
}

/** IMAP export of 200 drafts (with the Message-ID check before each APPEND) against bare APPENDs. */
async function imapExport(dir: ReturnType<typeof tempDir>): Promise<BenchResult> {
  if (!dovecotAvailable) {
    return { name: `IMAP export, ${IMAP_DRAFTS} drafts`, value: NaN, unit: 'ms', baseline: null, baseline_label: null, ratio: null, goal: 'ratio ≤ 2', pass: null, notes: `skipped: ${dovecotMissingReason}` };
  }
  const server = await startDovecot();
  try {
    const { store, ids, close } = workspaceWithDrafts(join(dir.dir, 'imap.db'), specs(IMAP_DRAFTS));
    const messages = await composed(store, ids);
    const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
    await client.connect();
    await client.mailboxCreate('Bare');
    const t0 = performance.now();
    const lock = await client.getMailboxLock('Bare');
    for (const m of messages) await client.append('Bare', m.raw, ['\\Draft', '\\Seen']);
    lock.release();
    const baseline = performance.now() - t0;
    await client.logout();
    const t1 = performance.now();
    const summary = await exportDrafts(store, { format: 'imap', imap: { host: server.host, port: server.port, secure: false, user: server.user, password: server.password } });
    const value = performance.now() - t1;
    close();
    if (summary.exported !== IMAP_DRAFTS) throw new Error(`exported ${summary.exported} of ${IMAP_DRAFTS}`);
    const ratio = value / baseline;
    return {
      name: `IMAP export, ${IMAP_DRAFTS} drafts to a local Dovecot (Message-ID check + APPEND each)`,
      value: round(value, 1),
      unit: 'ms',
      baseline: round(baseline, 1),
      baseline_label: 'bare APPENDs of the same messages on one connection',
      ratio: round(ratio, 2),
      goal: 'ratio ≤ 2 (the duplicate check costs no more than the upload)',
      pass: ratio <= 2,
      notes: `${round((IMAP_DRAFTS / value) * 1000, 0)} messages/s`,
    };
  } finally {
    await server.stop();
  }
}

export default async function exportBench(): Promise<BenchResult[]> {
  const dir = tempDir('hunter-bench-export-');
  try {
    return [await emlExport(dir), await imapExport(dir)];
  } finally {
    dir.cleanup();
  }
}
