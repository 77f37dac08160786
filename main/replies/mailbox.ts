import type { ImapFlow } from 'imapflow';
import { HunterError } from '../core/errors';
import type { AccountSecretStore } from '../export/account-secrets';
import { imapFailure, openImapSession, type ImapConnectOptions } from '../export/imap';
import type { ImapAccount } from '../export/imap-account';
import { classify, headerValue, type Classified } from './classify';

/** Where the last check of a folder stopped. */
export interface MailboxMark {
  uid_validity: string;
  last_uid: number;
}

export interface ReadMail {
  uid: number;
  from: string | null;
  date: string | null;
  what: Classified;
}

export interface MailboxRead {
  mailbox: string;
  uid_validity: string;
  /** The highest UID read: the next check starts after it. */
  last_uid: number;
  messages: ReadMail[];
  /** More new messages wait than one check reads: the next check goes on from `last_uid`. */
  more: boolean;
  /** Messages looked at (headers only for most). */
  scanned: number;
}

export interface ReadOptions extends ImapConnectOptions {
  mailbox?: string | undefined;
  /** On a first check (or after the folder was rebuilt), only mail from this day on. */
  since: Date;
  /** At most this many messages per check, oldest first, so a 50 000-message inbox costs a bounded time and memory. */
  maxMessages?: number | undefined;
  /** Whether a message is worth reading further (its first 32 KB): it points at one of ours, or comes from a lead or a mail server. */
  interesting: (m: { from: string | null; references: string[] }) => boolean;
}

const HEADER_FIELDS = ['in-reply-to', 'references', 'auto-submitted', 'x-autoreply', 'x-autorespond', 'precedence', 'content-type', 'x-failed-recipients'];
const TEXT_BYTES = 32 * 1024;
const BATCH = 200;

/**
 * Reads what arrived in a folder since the last check, read-only (EXAMINE: no flag is set, nothing is
 * moved, nothing is ever sent). Headers for every new message; the first 32 KB of text only for those
 * that may be a reply or a bounce. UIDs since the mark when the folder's UIDVALIDITY is unchanged,
 * otherwise a SEARCH SINCE the first export.
 */
export async function readNewMail(account: ImapAccount, secrets: AccountSecretStore, mark: MailboxMark | null, o: ReadOptions): Promise<MailboxRead> {
  const mailbox = o.mailbox ?? 'INBOX';
  const max = o.maxMessages ?? 2000;
  let client: ImapFlow | null = null;
  try {
    client = await openImapSession(account, secrets, o);
    const opened = await client.mailboxOpen(mailbox, { readOnly: true });
    const uidValidity = String(opened.uidValidity);
    const same = mark !== null && mark.uid_validity === uidValidity;
    const after = same ? mark.last_uid : 0;
    const found = same
      ? await client.search({ uid: `${after + 1}:*` }, { uid: true })
      : await client.search({ since: o.since }, { uid: true });
    // "N:*" answers the last message even when N is past it: keep only what is new.
    const uids = (found || []).filter((u) => u > after).sort((a, b) => a - b);
    const take = uids.slice(0, max);
    const messages: ReadMail[] = [];
    for (let i = 0; i < take.length; i += BATCH) {
      const range = take.slice(i, i + BATCH).join(',');
      const heads: Array<{ uid: number; from: string | null; subject: string; date: string | null; inReplyTo: string | null; raw: string }> = [];
      for await (const m of client.fetch(range, { uid: true, envelope: true, headers: HEADER_FIELDS }, { uid: true })) {
        const raw = m.headers ? m.headers.toString('utf8') : '';
        heads.push({
          uid: m.uid, from: m.envelope?.from?.[0]?.address?.toLowerCase() ?? null, subject: m.envelope?.subject ?? '',
          date: m.envelope?.date ? new Date(m.envelope.date).toISOString() : null, inReplyTo: m.envelope?.inReplyTo ?? null, raw,
        });
      }
      for (const h of heads) {
        const references = [h.inReplyTo ?? '', headerValue(h.raw, 'references') ?? ''].filter(Boolean);
        if (!o.interesting({ from: h.from, references })) continue;
        const text = await textOf(client, h.uid);
        messages.push({ uid: h.uid, from: h.from, date: h.date, what: classify({ from: h.from, subject: h.subject, inReplyTo: h.inReplyTo, references, raw: h.raw }, text) });
      }
    }
    await client.logout();
    const last = take.length ? take[take.length - 1]! : after;
    return { mailbox, uid_validity: uidValidity, last_uid: last, messages, more: uids.length > take.length, scanned: take.length };
  } catch (err) {
    client?.close();
    if (err instanceof HunterError) throw err;
    const { error } = await imapFailure(err, account);
    throw error;
  }
}

/** The message's text after its headers, at most 32 KB of it (a delivery report's status lines are near the top). */
async function textOf(client: ImapFlow, uid: number): Promise<string> {
  const m = await client.fetchOne(String(uid), { source: { start: 0, maxLength: TEXT_BYTES } }, { uid: true });
  const src = m && m.source ? m.source.toString('utf8') : '';
  const at = src.search(/\r?\n\r?\n/u);
  return decodeSimple(at >= 0 ? src.slice(at).trim() : src);
}

/** Quoted-printable soft breaks and =XX escapes, which would hide "unsubscribe" or a Status line. */
function decodeSimple(s: string): string {
  if (!/=\r?\n|=[0-9A-F]{2}/u.test(s)) return s;
  const bytes = s.replace(/=\r?\n/gu, '');
  try {
    return Buffer.from(bytes.replace(/=([0-9A-F]{2})/gu, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  } catch {
    return bytes;
  }
}
