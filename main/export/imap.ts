import { ImapFlow, type ListResponse } from 'imapflow';
import { isIP } from 'node:net';
import { HunterError, toHunterError } from '../core/errors';
import type { ImapTarget } from './types';

/** One composed message to put in the Drafts folder. */
export interface ImapMessage {
  draftId: string;
  messageId: string;
  raw: Buffer;
  date: Date;
}

export interface ImapRetry {
  /** Connection attempts in a row without progress before giving up. */
  attempts: number;
  /** First pause between attempts; doubles each time, capped at 30 s. */
  delayMs: number;
}

export interface ImapSaveResult {
  /** The folder the drafts went to. */
  mailbox: string;
  /** Draft ids appended by this run. */
  appended: string[];
  /** Draft ids whose Message-ID was already in the folder (an earlier or interrupted run): not appended again. */
  alreadyThere: string[];
  /** Why the run stopped before the end, or null when every message is in the folder. */
  failure: HunterError | null;
}

const DEFAULT_RETRY: ImapRetry = { attempts: 4, delayMs: 1000 };

/**
 * Appends messages to the Drafts folder, flagged \Draft and \Seen. Before each append the folder is
 * searched for the message's Message-ID, so a re-run, or a reconnect after the connection dropped
 * between APPEND and its answer, never makes a second copy. A dropped connection is reopened and the
 * run goes on from the first message not yet confirmed.
 */
export async function saveToImapDrafts(
  target: ImapTarget,
  messages: readonly ImapMessage[],
  opts: { retry?: ImapRetry; onSaved?: (draftId: string, done: number, total: number) => void } = {},
): Promise<ImapSaveResult> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const result: ImapSaveResult = { mailbox: target.mailbox ?? '', appended: [], alreadyThere: [], failure: null };
  let next = 0;
  let failedInARow = 0;
  while (next < messages.length) {
    const client = openClient(target);
    let connectionError: unknown = null;
    // imapflow reports socket trouble as an 'error' event as well as by rejecting the pending command.
    client.on('error', (err: unknown) => {
      connectionError = err;
    });
    try {
      await client.connect();
      result.mailbox = await findDraftsMailbox(client, target.mailbox);
      const lock = await client.getMailboxLock(result.mailbox);
      try {
        for (; next < messages.length; next++) {
          const m = messages[next]!;
          const found = await client.search({ header: { 'Message-ID': m.messageId } }, { uid: true });
          if (found && found.length > 0) {
            result.alreadyThere.push(m.draftId);
          } else {
            const appended = await client.append(result.mailbox, m.raw, ['\\Draft', '\\Seen'], m.date);
            if (!appended) throw new HunterError('PROVIDER_ERROR', `The mail server did not accept draft ${m.draftId} into ${result.mailbox}.`, { recordId: m.draftId });
            result.appended.push(m.draftId);
          }
          failedInARow = 0;
          opts.onSaved?.(m.draftId, next + 1, messages.length);
        }
      } finally {
        lock.release();
      }
      await client.logout();
    } catch (err) {
      client.close();
      let failure = imapError(err, target);
      // A command cut short by a dropped socket fails vaguely; the socket's own error says what happened.
      if (failure.code === 'INTERNAL' && connectionError) failure = imapError(connectionError, target);
      failedInARow++;
      if (!failure.retryable || failedInARow >= retry.attempts) {
        result.failure = failure;
        return result;
      }
      await sleep(Math.min(retry.delayMs * 2 ** (failedInARow - 1), 30_000));
    }
  }
  return result;
}

function openClient(t: ImapTarget): ImapFlow {
  const local = isLoopback(t.host);
  return new ImapFlow({
    host: t.host,
    port: t.port,
    secure: t.secure,
    // Off this machine the password only travels encrypted: STARTTLS is required unless the rep allowed
    // plaintext. On loopback (a local bridge such as Proton Bridge, or the tests) it is taken if offered.
    doSTARTTLS: t.secure || local || t.allowPlaintext ? undefined : true,
    auth: { user: t.user, pass: t.password },
    logger: false,
    disableAutoIdle: true,
    clientInfo: { name: 'The Hunter' },
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
}

/**
 * The folder flagged \Drafts (RFC 6154); without the flag, the one imapflow recognises by a known
 * localised name; then any folder called "Drafts". A folder the rep named wins when it exists.
 */
export async function findDraftsMailbox(client: ImapFlow, wanted?: string): Promise<string> {
  const folders = await client.list();
  if (wanted) {
    const hit = folders.find((f) => f.path === wanted) ?? folders.find((f) => f.path.toLowerCase() === wanted.toLowerCase());
    if (!hit) throw new HunterError('NOT_FOUND', `The mail server has no folder "${wanted}". Folders: ${folderNames(folders)}.`);
    return hit.path;
  }
  const flagged = (source: ListResponse['specialUseSource']) => folders.find((f) => f.specialUse === '\\Drafts' && f.specialUseSource === source);
  const byFlag = flagged('extension') ?? flagged('user') ?? flagged('name') ?? folders.find((f) => f.specialUse === '\\Drafts');
  if (byFlag) return byFlag.path;
  const byName = folders.find((f) => f.name.toLowerCase() === 'drafts');
  if (byName) return byName.path;
  throw new HunterError('NOT_FOUND', `No Drafts folder was found on the mail server. Name the folder to use (IMAP mailbox setting). Folders: ${folderNames(folders)}.`);
}

function folderNames(folders: readonly ListResponse[]): string {
  return folders.map((f) => f.path).slice(0, 20).join(', ') || 'none';
}

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'StateLogout',
]);
const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT']);

/** What went wrong, in the product's codes; the password is never part of a message. */
function imapError(err: unknown, t: ImapTarget): HunterError {
  if (err instanceof HunterError) return err;
  const e = (err ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; tlsFailed?: boolean; responseStatus?: string; responseText?: string; serverResponseCode?: string };
  const where = `${t.host}:${t.port}`;
  if (e.authenticationFailed) {
    return new HunterError('AUTHENTICATION_FAILED', `The mail server at ${where} refused the user name or password for ${t.user}. Gmail, Outlook and iCloud need an app password, not the account password.`, { cause: err });
  }
  if (e.tlsFailed) {
    return new HunterError('CONNECTION_ERROR', `A secure (TLS) connection to ${where} could not be made: ${e.message ?? 'TLS failed'}. Check the port and the TLS setting.`, { cause: err, retryable: false });
  }
  if (e.code === 'ENOTFOUND') return new HunterError('CONNECTION_ERROR', `The mail server ${t.host} was not found; check the host name.`, { cause: err, retryable: false });
  if (e.code && TIMEOUT_CODES.has(e.code)) return new HunterError('TIMEOUT', `The mail server at ${where} did not answer in time.`, { cause: err });
  if (e.code && RETRYABLE_CODES.has(e.code)) return new HunterError('CONNECTION_ERROR', `The connection to the mail server at ${where} was lost (${e.code}).`, { cause: err });
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    const detail = e.responseText ?? e.message ?? 'refused';
    return new HunterError('PROVIDER_ERROR', `The mail server refused a command: ${detail}${e.serverResponseCode ? ` [${e.serverResponseCode}]` : ''}.`, { cause: err, retryable: false });
  }
  return toHunterError(err);
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
