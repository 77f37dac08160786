import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { exportDrafts, findDraftsMailbox, stableMessageId, undoExport, type ImapTarget } from '../../../main/export';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';
import { tempDir } from '../../support/temp';
import { withSignature, workspaceWithDrafts, type DraftSpec } from './fixtures';
import { ImapProxy } from './imap-proxy';
import { ASCII, EMOJI, INVALID_RECIPIENT, LONG, RTL } from './samples';

if (!dovecotAvailable) console.warn(`IMAP export tests skipped: ${dovecotMissingReason}`);

const tmp = tempDir('hunter-imap-');
let server: DovecotServer;
let n = 0;
const QUICK_RETRY = { attempts: 3, delayMs: 50 };

beforeAll(async () => {
  if (dovecotAvailable) server = await startDovecot();
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

const fresh = (specs: readonly DraftSpec[]) => workspaceWithDrafts(tmp.file(`ws-${++n}.db`), specs);
const target = (over: Partial<ImapTarget> = {}): ImapTarget => ({ host: server.host, port: server.port, secure: false, user: server.user, password: server.password, ...over });

interface StoredDraft {
  uid: number;
  flags: Set<string>;
  messageId: string;
  source: Buffer;
}

/** Everything in the Drafts folder, read with a separate client. */
async function draftsFolder(): Promise<StoredDraft[]> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
  await client.connect();
  const out: StoredDraft[] = [];
  const lock = await client.getMailboxLock('Drafts');
  try {
    if (client.mailbox && client.mailbox.exists > 0) {
      for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true, source: true })) {
        out.push({ uid: m.uid, flags: m.flags ?? new Set(), messageId: m.envelope?.messageId ?? '', source: m.source! });
      }
    }
  } finally {
    lock.release();
  }
  await client.logout();
  return out;
}

function copiesOf(folder: readonly StoredDraft[], draftId: string): StoredDraft[] {
  return folder.filter((m) => m.messageId === stableMessageId(draftId, 'chairfill.example'));
}

describe.skipIf(!dovecotAvailable)('IMAP drafts (real Dovecot on 127.0.0.1)', () => {
  it('finds the Drafts folder by its \\Drafts flag', async () => {
    const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
    await client.connect();
    const listed = await client.list();
    expect(listed.find((f) => f.path === 'Drafts')?.specialUseSource).toBe('extension');
    expect(await findDraftsMailbox(client)).toBe('Drafts');
    await expect(findDraftsMailbox(client, 'Entwürfe')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await client.logout();
  });

  it('appends each approved draft once, flagged \\Draft, and the stored message reads back exactly', async () => {
    const specs = [ASCII, EMOJI, RTL, LONG, INVALID_RECIPIENT];
    const { store, ids, close } = fresh(specs);
    const summary = await exportDrafts(store, { format: 'imap', imap: target(), html: true });
    expect(summary).toMatchObject({ format: 'imap', exported: 4, files: [], undoable: false, location: `imap://rep@127.0.0.1:${server.port}/Drafts`, already_there_ids: [] });
    expect(summary.skipped).toEqual([{ id: ids[4], business: 'Nowhere Inc', problem: 'invalid_recipient', reason: expect.any(String) }]);
    expect(JSON.stringify(summary)).not.toContain(server.password);

    const folder = await draftsFolder();
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const copies = copiesOf(folder, id);
      expect(copies, `copies of ${id}`).toHaveLength(1);
      expect(copies[0]!.flags.has('\\Draft')).toBe(true);
      expect(copies[0]!.flags.has('\\Seen')).toBe(true);
      const parsed = await simpleParser(copies[0]!.source);
      expect(parsed.subject).toBe(specs[i]!.subject);
      expect(parsed.headers.get('x-unsent')).toBe('1');
      expect(parsed.text).toBe(withSignature(specs[i]!.body) + '\n');
      expect(store.drafts.get(id)).toMatchObject({ status: 'exported', export_format: 'imap' });
    }
    expect(copiesOf(folder, ids[4]!)).toHaveLength(0);
    expect(store.drafts.get(ids[4]!).status).toBe('approved');
    await expect(undoExport(store, summary)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    close();
  });

  it('a second run of the same drafts finds them by Message-ID and adds no copy', async () => {
    const { store, ids, close } = fresh([ASCII, EMOJI]);
    await exportDrafts(store, { format: 'imap', imap: target() });
    // The rep sets them back to approved (say, after restoring a backup) and exports again.
    store.drafts.undoExport(ids, { type: 'rep', id: 'rep' });
    const again = await exportDrafts(store, { format: 'imap', imap: target() });
    expect(new Set(again.already_there_ids)).toEqual(new Set(ids));
    expect(again.exported).toBe(2);
    const folder = await draftsFolder();
    for (const id of ids) expect(copiesOf(folder, id)).toHaveLength(1);
    close();
  });

  it('resumes after the connection drops right after the server stored a message, without a duplicate', async () => {
    const proxy = new ImapProxy({ host: server.host, port: server.port });
    await proxy.listen();
    const { store, ids, close } = fresh([ASCII, EMOJI, RTL, LONG]);
    proxy.dropAtAppend(2, 'after-store');
    const summary = await exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port }), imapRetry: QUICK_RETRY });
    expect(proxy.drops).toBe(1);
    expect(proxy.connections).toBe(2);
    expect(summary.exported).toBe(4);
    // The message whose OK never arrived was found by its Message-ID on reconnect.
    expect(summary.already_there_ids).toEqual([summary.exported_ids[1]]);
    const folder = await draftsFolder();
    for (const id of ids) expect(copiesOf(folder, id)).toHaveLength(1);
    await proxy.close();
    close();
  });

  it('resumes after the connection drops while an APPEND is on its way', async () => {
    const proxy = new ImapProxy({ host: server.host, port: server.port });
    await proxy.listen();
    const { store, ids, close } = fresh([ASCII, EMOJI, RTL]);
    proxy.dropAtAppend(3, 'before-store');
    const summary = await exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port }), imapRetry: QUICK_RETRY });
    expect(proxy.drops).toBe(1);
    expect(summary.exported).toBe(3);
    expect(summary.already_there_ids).toEqual([]);
    const folder = await draftsFolder();
    for (const id of ids) expect(copiesOf(folder, id)).toHaveLength(1);
    await proxy.close();
    close();
  });

  it('when the server stays away, keeps what was saved, says so, and a later run finishes without duplicates', async () => {
    const proxy = new ImapProxy({ host: server.host, port: server.port });
    await proxy.listen();
    const { store, ids, close } = fresh([ASCII, EMOJI, RTL, LONG]);
    proxy.dropAtAppend(2, 'after-store', true);
    const err = await exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port }), imapRetry: QUICK_RETRY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('CONNECTION_ERROR');
    expect((err as HunterError).retryable).toBe(true);
    expect((err as HunterError).message).toMatch(/Saved 1 of 4 drafts to Drafts.*Run the export again/);
    const statuses = ids.map((id) => store.drafts.get(id).status);
    expect(statuses.filter((s) => s === 'exported')).toHaveLength(1);

    proxy.refuse(false);
    const rest = await exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port }), imapRetry: QUICK_RETRY });
    expect(rest.exported).toBe(3);
    // The second draft reached the server before the drop: found, not appended again.
    expect(rest.already_there_ids).toHaveLength(1);
    for (const id of ids) expect(store.drafts.get(id).status).toBe('exported');
    const folder = await draftsFolder();
    for (const id of ids) expect(copiesOf(folder, id)).toHaveLength(1);
    await proxy.close();
    close();
  });

  it('a wrong password is AUTHENTICATION_FAILED, not retried, and nothing is marked', async () => {
    const proxy = new ImapProxy({ host: server.host, port: server.port });
    await proxy.listen();
    const { store, ids, close } = fresh([ASCII]);
    const err = await exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port, password: 'wrong-password' }), imapRetry: QUICK_RETRY }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTHENTICATION_FAILED', retryable: false });
    expect((err as Error).message).not.toContain('wrong-password');
    expect(proxy.connections).toBe(1);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    await proxy.close();
    close();
  });

  it('a server that is not there is a CONNECTION_ERROR after the retries', async () => {
    const proxy = new ImapProxy({ host: server.host, port: server.port });
    await proxy.listen();
    proxy.refuse(true);
    const { store, ids, close } = fresh([ASCII]);
    await expect(exportDrafts(store, { format: 'imap', imap: target({ port: proxy.port }), imapRetry: QUICK_RETRY })).rejects.toMatchObject({ code: 'CONNECTION_ERROR' });
    expect(proxy.connections).toBe(QUICK_RETRY.attempts);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    await proxy.close();
    close();
  });
});
