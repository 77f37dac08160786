import { ImapFlow, type ListResponse } from 'imapflow';
import { HunterError, toHunterError, type ErrorCode } from '../core/errors';
import { accountPassword, type AccountSecretStore } from './account-secrets';
import { certificateFailure, isCertificateError, tlsOptionsFor } from './certificate';
import { accountLabel, type ImapAccount, type ImapSecurity, type OAuthAccount } from './imap-account';
import { accessTokenFor, type TokenOptions } from './oauth/tokens';

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

/** How the mail server is reached and logged in to, beside the account and its secrets. */
export interface ImapConnectOptions extends TokenOptions {
  /** Connecting and waiting for the greeting, each (default 20 s). */
  timeoutMs?: number;
}

const DEFAULT_RETRY: ImapRetry = { attempts: 4, delayMs: 1000 };
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Appends messages to the Drafts folder, flagged \Draft and \Seen. Before each append the folder is
 * searched for the message's Message-ID, so a re-run, or a reconnect after the connection dropped
 * between APPEND and its answer, never makes a second copy. A dropped connection is reopened and the
 * run goes on from the first message not yet confirmed; a refused login or certificate is not retried.
 */
export async function saveToImapDrafts(
  account: ImapAccount,
  secrets: AccountSecretStore,
  messages: readonly ImapMessage[],
  opts: ImapConnectOptions & { retry?: ImapRetry; onSaved?: (draftId: string, done: number, total: number) => void } = {},
): Promise<ImapSaveResult> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const result: ImapSaveResult = { mailbox: account.draftsFolder ?? '', appended: [], alreadyThere: [], failure: null };
  const session: LoginState = { refreshedOnce: false };
  let next = 0;
  let failedInARow = 0;
  while (next < messages.length) {
    let client: ImapFlow | null = null;
    const connectionError: { err: unknown } = { err: null };
    try {
      client = await login(account, secrets, opts, session, connectionError);
      result.mailbox = await findDraftsMailbox(client, account.draftsFolder, account);
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
      client?.close();
      // A command cut short by a dropped socket fails vaguely; the socket's own error says what happened.
      const cause = !(err instanceof HunterError) && connectionError.err && !(err as { authenticationFailed?: boolean }).authenticationFailed ? connectionError.err : err;
      const { error: failure } = await imapFailure(cause, account);
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

export type ConnectionProblem = 'settings' | 'unreachable' | 'security' | 'certificate' | 'login' | 'no_drafts' | 'server';

export type ConnectionTest =
  | { ok: true; account: string; mailbox: string; security: ImapSecurity; login: 'password' | 'oauth2' }
  | { ok: false; account: string; problem: ConnectionProblem; code: ErrorCode; message: string; retryable: boolean };

/**
 * Connects, logs in and finds the Drafts folder, as an export would, and says what stands in the way:
 * unreachable (DNS, refused, timeout), the security setting, the certificate (subject, issuer, why),
 * the login (naming the account), or no Drafts folder. Nothing is written to the mailbox.
 */
export async function testConnection(account: ImapAccount, secrets: AccountSecretStore, opts: ImapConnectOptions = {}): Promise<ConnectionTest> {
  const label = accountLabel(account);
  let client: ImapFlow | null = null;
  const connectionError: { err: unknown } = { err: null };
  try {
    client = await login(account, secrets, opts, { refreshedOnce: false }, connectionError);
    const mailbox = await findDraftsMailbox(client, account.draftsFolder, account);
    await client.logout();
    return { ok: true, account: label, mailbox, security: account.security, login: account.auth.method };
  } catch (err) {
    client?.close();
    const { error, problem } = await imapFailure(err, account);
    return { ok: false, account: label, problem, code: error.code, message: error.message, retryable: error.retryable };
  }
}

/**
 * A logged-in session on the rep's account, as an export opens one, for a reader that looks without
 * writing (the reply check, issue 16). The caller logs out.
 */
export function openImapSession(account: ImapAccount, secrets: AccountSecretStore, opts: ImapConnectOptions = {}): Promise<ImapFlow> {
  return login(account, secrets, opts, { refreshedOnce: false }, { err: null });
}

interface LoginState {
  /** An OAuth access token refused by the server is replaced once per run, never in a loop. */
  refreshedOnce: boolean;
}

/** Connects and logs in, with the account's password or an OAuth access token (XOAUTH2). */
async function login(account: ImapAccount, secrets: AccountSecretStore, opts: ImapConnectOptions, state: LoginState, connectionError: { err: unknown }): Promise<ImapFlow> {
  let forceRefresh = false;
  for (;;) {
    let fresh = true;
    let auth: { user: string; pass: string } | { user: string; accessToken: string };
    if (account.auth.method === 'password') {
      auth = { user: account.user, pass: accountPassword(secrets, account) };
    } else {
      const t = await accessTokenFor(account as OAuthAccount, secrets, { ...opts, forceRefresh });
      fresh = t.fresh;
      auth = { user: account.user, accessToken: t.token };
    }
    const client = openClient(account, auth, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    // imapflow reports socket trouble as an 'error' event as well as by rejecting the pending command.
    client.on('error', (err: unknown) => {
      connectionError.err = err;
    });
    try {
      await client.connect();
      return client;
    } catch (err) {
      client.close();
      const refused = (err as { authenticationFailed?: boolean }).authenticationFailed === true;
      // The token in memory may have been withdrawn or run out early: one new one is worth a try.
      if (refused && account.auth.method === 'oauth2' && !fresh && !state.refreshedOnce) {
        state.refreshedOnce = true;
        forceRefresh = true;
        continue;
      }
      throw err;
    }
  }
}

function openClient(account: ImapAccount, auth: { user: string; pass: string } | { user: string; accessToken: string }, timeoutMs: number): ImapFlow {
  return new ImapFlow({
    host: account.host,
    port: account.port,
    // The rep's security setting decides, never the port number.
    secure: account.security === 'tls',
    doSTARTTLS: account.security === 'starttls' ? true : account.security === 'none' ? false : undefined,
    ...(account.security === 'none' ? {} : { tls: tlsOptionsFor(account) }),
    auth,
    logger: false,
    disableAutoIdle: true,
    clientInfo: { name: 'The Hunter' },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 60_000,
  });
}

/**
 * The folder the account names, when it exists; else the one flagged \Drafts (RFC 6154); without the
 * flag, the one imapflow recognises by a known localised name; then any folder called "Drafts".
 */
export async function findDraftsMailbox(client: ImapFlow, wanted?: string, account?: Pick<ImapAccount, 'user' | 'host'>): Promise<string> {
  const folders = await client.list();
  const on = account ? ` on ${accountLabel(account)}` : ' on the mail server';
  if (wanted) {
    const hit = folders.find((f) => f.path === wanted) ?? folders.find((f) => f.path.toLowerCase() === wanted.toLowerCase());
    if (!hit) throw new HunterError('NOT_FOUND', `There is no folder "${wanted}"${on}. Choose one of these as the Drafts folder, or clear the setting to use the server's own: ${folderNames(folders)}.`);
    return hit.path;
  }
  const flagged = (source: ListResponse['specialUseSource']) => folders.find((f) => f.specialUse === '\\Drafts' && f.specialUseSource === source);
  const byFlag = flagged('extension') ?? flagged('user') ?? flagged('name') ?? folders.find((f) => f.specialUse === '\\Drafts');
  if (byFlag) return byFlag.path;
  const byName = folders.find((f) => f.name.toLowerCase() === 'drafts');
  if (byName) return byName.path;
  throw new HunterError('NOT_FOUND', `No Drafts folder was found${on} (none is flagged \\Drafts or named Drafts). Name the folder to use in the mail account's Drafts folder setting. Folders: ${folderNames(folders)}.`);
}

function folderNames(folders: readonly ListResponse[]): string {
  return folders.map((f) => f.path).slice(0, 20).join(', ') || 'none';
}

const LOST_CODES = new Set([
  'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText',
  'ClosedAfterConnectTLS', 'StateLogout',
]);
const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);

/** What went wrong, in the product's codes and with what to do; a password or token is never part of it. */
export async function imapFailure(err: unknown, account: ImapAccount): Promise<{ error: HunterError; problem: ConnectionProblem }> {
  if (err instanceof HunterError) return { error: err, problem: problemOfCode(err.code) };
  const e = (err ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; tlsFailed?: boolean; responseStatus?: string; responseText?: string; serverResponseCode?: string };
  const where = `${account.host}:${account.port}`;
  const label = accountLabel(account);
  const message = e.message ?? '';
  if (e.authenticationFailed) {
    const said = e.responseText ? ` (the server said: ${e.responseText.slice(0, 200)})` : '';
    if (account.auth.method === 'oauth2') {
      const provider = account.auth.provider === 'google' ? 'Google' : 'Microsoft';
      return { problem: 'login', error: new HunterError('AUTHENTICATION_FAILED', `The mail server ${where} refused the ${provider} sign-in of ${label}${said}, even with a new access token. Sign in again with ${provider} in Settings → Mail account, and check that IMAP is turned on for this mailbox.`, { cause: err }) };
    }
    return { problem: 'login', error: new HunterError('AUTHENTICATION_FAILED', `The mail server ${where} refused the user name or password of ${label}${said}. Check both in Settings → Mail account; Gmail, Outlook and iCloud need an app password, not the account password.`, { cause: err }) };
  }
  if (isCertificateError(err)) return { problem: 'certificate', error: await certificateFailure(err, account) };
  if (/Unsupported authentication mechanism/i.test(message)) {
    const how = account.auth.method === 'oauth2' ? 'OAuth (XOAUTH2) logins' : 'password logins';
    return { problem: 'login', error: new HunterError('AUTHENTICATION_FAILED', `The mail server ${where} does not accept ${how} for ${label}${account.security === 'none' ? ' without encryption; choose TLS or STARTTLS' : ''}. Choose the other way to log in in Settings → Mail account.`, { cause: err }) };
  }
  if (/does not support STARTTLS/i.test(message)) {
    return { problem: 'security', error: new HunterError('CONNECTION_ERROR', `The mail server ${where} does not offer STARTTLS, so the password would travel unencrypted; nothing was sent. If the server takes TLS from the start (usually port 993), choose "TLS" as the security setting.`, { cause: err, retryable: false }) };
  }
  if (e.tlsFailed || /^ERR_SSL_|^EPROTO$/.test(e.code ?? '') || /wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return { problem: 'security', error: new HunterError('CONNECTION_ERROR', `A secure connection to ${where} could not be set up (${e.code ?? message}). Port 993 usually means "TLS" and port 143 "STARTTLS": check the security setting of ${label}.`, { cause: err, retryable: false }) };
  }
  if (e.code === 'ENOTFOUND') return { problem: 'unreachable', error: new HunterError('CONNECTION_ERROR', `The mail server name ${account.host} was not found (DNS); check the host name of ${label}.`, { cause: err, retryable: false }) };
  if (e.code === 'EAI_AGAIN') return { problem: 'unreachable', error: new HunterError('CONNECTION_ERROR', `The name ${account.host} could not be looked up right now (DNS did not answer); check the internet connection.`, { cause: err }) };
  if (e.code === 'ECONNREFUSED') return { problem: 'unreachable', error: new HunterError('CONNECTION_ERROR', `Nothing answers at ${where} (connection refused): check the port of ${label} (993 for TLS, 143 for STARTTLS) and that the server is running.`, { cause: err }) };
  if (e.code && TIMEOUT_CODES.has(e.code)) {
    const hint = e.code === 'GREETING_TIMEOUT' && account.security !== 'tls' ? ' If this port takes TLS from the start (usually 993), choose "TLS".' : '';
    return { problem: 'unreachable', error: new HunterError('TIMEOUT', `The mail server at ${where} did not answer in time.${hint}`, { cause: err }) };
  }
  if (e.code && LOST_CODES.has(e.code)) return { problem: 'unreachable', error: new HunterError('CONNECTION_ERROR', `The connection to the mail server at ${where} was lost (${e.code}).`, { cause: err }) };
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    const detail = e.responseText ?? message ?? 'refused';
    return { problem: 'server', error: new HunterError('PROVIDER_ERROR', `The mail server ${where} refused a command: ${detail}${e.serverResponseCode ? ` [${e.serverResponseCode}]` : ''}.`, { cause: err, retryable: false }) };
  }
  const h = toHunterError(err);
  return { error: h, problem: problemOfCode(h.code) };
}

function problemOfCode(code: ErrorCode): ConnectionProblem {
  if (code === 'TLS_CERTIFICATE') return 'certificate';
  if (code === 'AUTHENTICATION_FAILED') return 'login';
  if (code === 'NOT_FOUND') return 'no_drafts';
  if (code === 'INVALID_INPUT') return 'settings';
  if (code === 'CONNECTION_ERROR' || code === 'TIMEOUT') return 'unreachable';
  return 'server';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
