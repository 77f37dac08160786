import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessTokenCache,
  exportDrafts,
  hasCredentials,
  memorySecrets,
  parseImapAccount,
  signInWithBrowser,
  signOut,
  testConnection,
  type AccountSecretStore,
  type ImapAccount,
} from '../../../main/export';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';
import { browserVisit, startOAuthStandIn, type OAuthStandIn } from '../../support/oauth-server';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca';
import { tempDir } from '../../support/temp';
import { workspaceWithDrafts } from './fixtures';
import { ASCII, EMOJI, RTL } from './samples';

const ready = dovecotAvailable && opensslAvailable;
if (!ready) console.warn(`OAuth tests skipped: ${dovecotMissingReason ?? 'openssl is not installed'}`);

const CLIENT_ID = 'hunter-desktop.apps.example';
const CLIENT_SECRET = 'not-really-secret-for-desktop-apps';
const tmp = tempDir('hunter-oauth-');
let ca: PrivateCa;
let google: OAuthStandIn;
let microsoft: OAuthStandIn;
let server: DovecotServer;
let n = 0;

beforeAll(async () => {
  if (!ready) return;
  ca = createPrivateCa();
  google = await startOAuthStandIn({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, username: 'rep' });
  microsoft = await startOAuthStandIn({ clientId: CLIENT_ID, username: 'rep', rotateRefreshTokens: true });
  // One mail server; Dovecot asks Google's stand-in about every token, Microsoft's tokens are checked
  // by a second server below.
  server = await startDovecot({ tls: ca.issue(), oauth2: { introspectionUrl: google.introspectUrl } });
});
afterAll(async () => {
  await server?.stop();
  await google?.close();
  await microsoft?.close();
  ca?.cleanup();
  tmp.cleanup();
});

function googleAccount(port = server.tlsPort): ImapAccount {
  return parseImapAccount({
    host: '127.0.0.1', port, security: 'tls', user: 'rep', caFile: ca.caFile,
    auth: { method: 'oauth2', provider: 'google', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, endpoints: { authorize: google.authorizeUrl, token: google.tokenUrl, revoke: google.revokeUrl } },
  });
}

const grants = (s: OAuthStandIn, type: string) => s.tokenRequests.filter((r) => r.grant_type === type).length;

async function signedIn(account: ImapAccount, cache = new AccessTokenCache()): Promise<{ secrets: AccountSecretStore; cache: AccessTokenCache }> {
  const secrets = memorySecrets();
  await signInWithBrowser(account, secrets, { openUrl: (url) => void browserVisit(url), cache });
  return { secrets, cache };
}

describe.skipIf(!ready)('OAuth 2 sign-in (RFC 8252, PKCE) and XOAUTH2 to a real Dovecot', () => {
  it('signs in through the browser step with PKCE S256, a loopback redirect and state; keeps only the refresh token; saves drafts', async () => {
    const a = googleAccount();
    const secrets = memorySecrets();
    const cache = new AccessTokenCache();
    const opened: string[] = [];
    const signed = await signInWithBrowser(a, secrets, { openUrl: async (url) => {
      opened.push(url);
      const visit = await browserVisit(url);
      expect(visit.status).toBe(200);
      expect(visit.body).toContain('You can close this window');
    }, cache });
    expect(signed).toEqual({ account: 'rep on 127.0.0.1', provider: 'google', scope: 'https://mail.google.com/' });

    const auth = google.authorizeRequests.at(-1)!;
    expect(opened[0]!.startsWith(`${google.authorizeUrl}?`)).toBe(true);
    expect(auth).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, scope: 'https://mail.google.com/', code_challenge_method: 'S256', access_type: 'offline', prompt: 'consent', login_hint: 'rep' });
    expect(auth.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(auth.state!.length).toBeGreaterThanOrEqual(32);
    const redeem = google.tokenRequests.at(-1)!;
    expect(redeem).toMatchObject({ grant_type: 'authorization_code', redirect_uri: auth.redirect_uri, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(redeem.code_verifier!.length).toBeGreaterThanOrEqual(43);
    expect(createHash('sha256').update(redeem.code_verifier!).digest('base64url')).toBe(auth.code_challenge);

    // The keychain holds the refresh token and nothing else: no access token, no password.
    const vault = JSON.parse(secrets.get('imap')!) as { accounts: Record<string, Record<string, string>> };
    expect(Object.values(vault.accounts)).toEqual([{ refresh_token: google.activeRefreshTokens().at(-1) }]);

    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII]);
    const before = grants(google, 'refresh_token');
    const summary = await exportDrafts(store, { format: 'imap', account: a, secrets, tokenCache: cache });
    expect(summary.exported_ids).toEqual(ids);
    // The access token from the sign-in was used as it was: no refresh.
    expect(grants(google, 'refresh_token')).toBe(before);
    expect(readFileSync(`${server.baseDir}/dovecot.log`, 'utf8')).toMatch(/Login: user=<rep>, method=XOAUTH2/);
    close();
  });

  it('an access token the server no longer takes is refreshed once, and the APPEND goes through', async () => {
    const a = googleAccount();
    const { secrets, cache } = await signedIn(a);
    google.expireAccessTokens();
    const refreshesBefore = grants(google, 'refresh_token');
    const checksBefore = google.introspections.length;
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [EMOJI, RTL]);
    const summary = await exportDrafts(store, { format: 'imap', account: a, secrets, tokenCache: cache });
    expect(summary.exported).toBe(2);
    for (const id of ids) expect(store.drafts.get(id).status).toBe('exported');
    expect(grants(google, 'refresh_token')).toBe(refreshesBefore + 1);
    expect(google.introspections.slice(checksBefore).map((i) => i.active)).toEqual([false, true]);
    close();
  });

  it('a revoked refresh token is AUTHENTICATION_FAILED naming the account and saying to sign in again, tried once, then forgotten', async () => {
    const a = googleAccount();
    const { secrets, cache } = await signedIn(a);
    google.expireAccessTokens();
    google.revokeRefreshTokens();
    const requestsBefore = google.tokenRequests.length;
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII]);
    const err = await exportDrafts(store, { format: 'imap', account: a, secrets, tokenCache: cache, imapRetry: { attempts: 5, delayMs: 10 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTHENTICATION_FAILED', retryable: false });
    expect((err as Error).message).toMatch(/^Google no longer accepts The Hunter's access to rep on 127\.0\.0\.1 .*Sign in again with Google in Settings → Mail account\.$/);
    expect(google.tokenRequests.length).toBe(requestsBefore + 1);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    expect(hasCredentials(secrets, a)).toBe(false);
    // Asked again, it says "not signed in" without calling the provider at all.
    const again = await testConnection(a, secrets);
    expect(again).toMatchObject({ ok: false, problem: 'login', code: 'AUTHENTICATION_FAILED', message: expect.stringMatching(/rep on 127\.0\.0\.1 is not signed in: sign in with Google/) });
    expect(google.tokenRequests.length).toBe(requestsBefore + 1);
    close();
  });

  it('takes only the answer with its own state; a forged callback is answered and ignored', async () => {
    const a = googleAccount();
    const secrets = memorySecrets();
    let forged = 0;
    await signInWithBrowser(a, secrets, { cache: new AccessTokenCache(), openUrl: async (url) => {
      const redirect = new URL(url).searchParams.get('redirect_uri')!;
      const r = await fetch(`${redirect}/?code=attacker-code&state=guessed`);
      forged = r.status;
      await browserVisit(url);
    } });
    expect(forged).toBe(400);
    expect(hasCredentials(secrets, a)).toBe(true);
    expect(google.tokenRequests.some((r) => r.code === 'attacker-code')).toBe(false);
  });

  it('a declined consent, and a browser that never comes back, end the sign-in with what to do', async () => {
    const a = googleAccount();
    google.denyNext('access_denied');
    await expect(signInWithBrowser(a, memorySecrets(), { openUrl: (url) => void browserVisit(url) }))
      .rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED', message: expect.stringMatching(/Sign-in with Google was declined.*Sign in again/) });
    await expect(signInWithBrowser(a, memorySecrets(), { openUrl: () => undefined, timeoutMs: 200 }))
      .rejects.toMatchObject({ code: 'TIMEOUT', retryable: false, message: expect.stringMatching(/start it again/) });
  });

  it('signing out revokes the refresh token at the provider and forgets it here', async () => {
    const a = googleAccount();
    const { secrets, cache } = await signedIn(a);
    const token = google.activeRefreshTokens().at(-1)!;
    expect(await signOut(a, secrets, { cache })).toEqual({ revoked: true, accessPage: 'https://myaccount.google.com/permissions' });
    expect(google.activeRefreshTokens()).not.toContain(token);
    expect(secrets.get('imap')).toBeNull();
  });
});

describe.skipIf(!ready)('Microsoft 365 (scope on token requests, rotating refresh tokens)', () => {
  let msServer: DovecotServer;
  beforeAll(async () => {
    msServer = await startDovecot({ tls: ca.issue(), oauth2: { introspectionUrl: microsoft.introspectUrl } });
  });
  afterAll(async () => {
    await msServer?.stop();
  });

  it('signs in, refreshes with the scope, keeps the new refresh token, and saves the draft', async () => {
    const a = parseImapAccount({
      host: '127.0.0.1', port: msServer.tlsPort, security: 'tls', user: 'rep', caFile: ca.caFile,
      auth: { method: 'oauth2', provider: 'microsoft', clientId: CLIENT_ID, endpoints: { authorize: microsoft.authorizeUrl, token: microsoft.tokenUrl } },
    });
    const { secrets, cache } = await signedIn(a);
    const auth = microsoft.authorizeRequests.at(-1)!;
    expect(auth).toMatchObject({ scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access', response_mode: 'query', code_challenge_method: 'S256' });
    const first = JSON.parse(secrets.get('imap')!) as { accounts: Record<string, { refresh_token: string }> };
    const firstToken = Object.values(first.accounts)[0]!.refresh_token;

    microsoft.expireAccessTokens();
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII]);
    expect((await exportDrafts(store, { format: 'imap', account: a, secrets, tokenCache: cache })).exported).toBe(1);
    const refresh = microsoft.tokenRequests.at(-1)!;
    expect(refresh).toMatchObject({ grant_type: 'refresh_token', refresh_token: firstToken, scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access' });
    expect(refresh.client_secret).toBeUndefined();
    const after = JSON.parse(secrets.get('imap')!) as { accounts: Record<string, { refresh_token: string }> };
    const newToken = Object.values(after.accounts)[0]!.refresh_token;
    expect(newToken).not.toBe(firstToken);
    expect(microsoft.activeRefreshTokens()).toEqual([newToken]);
    // Microsoft offers no revocation to a desktop app: signing out forgets, and says where to remove access.
    expect(await signOut(a, secrets, { cache })).toEqual({ revoked: false, accessPage: 'https://myaccount.microsoft.com/' });
    close();
  });
});
