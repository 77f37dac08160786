import { HunterError, toHunterError } from '../../core/errors';
import { accountKey, accountLabel, type ImapAccount, type OAuthAccount } from '../imap-account';
import { forgetAccount, refreshTokenOf, setRefreshToken, type AccountSecretStore } from '../account-secrets';
import { createPkce, randomState, startLoopbackReceiver } from './loopback';
import { providerFor, type OAuthProvider } from './providers';
import { defaultTokenCache, redeemCode, rememberAccessToken, revokeToken, type TokenOptions } from './tokens';

export interface SignInOptions extends TokenOptions {
  /**
   * Opens the authorization URL in the rep's own browser: the app hands it to the system browser
   * (never an embedded view, RFC 8252), the CLI prints it.
   */
  openUrl: (url: string) => void | Promise<void>;
  /** How long to wait for the browser to come back (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SignedIn {
  account: string;
  provider: OAuthProvider['id'];
  /** What the provider granted, as it said. */
  scope: string;
}

const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/**
 * Signs the rep in with Google or Microsoft for IMAP, the desktop way (RFC 8252): the provider's page
 * in the system browser, the answer on a loopback port of this machine, PKCE (S256) so an intercepted
 * code is useless, and `state` so only the answer to this sign-in is taken. The refresh token goes to
 * the keychain only; the access token stays in memory.
 */
export async function signInWithBrowser(account: ImapAccount, secrets: AccountSecretStore, opts: SignInOptions): Promise<SignedIn> {
  const oauth = asOAuth(account);
  const provider = providerFor(oauth);
  const pkce = createPkce();
  const state = randomState();
  const receiver = await startLoopbackReceiver({ state, timeoutMs: opts.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS, providerName: provider.name, ...(opts.signal ? { signal: opts.signal } : {}) });
  const url = new URL(provider.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: oauth.auth.clientId,
    redirect_uri: receiver.redirectUri,
    scope: provider.scopes.join(' '),
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
    login_hint: oauth.user,
    ...provider.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  try {
    await opts.openUrl(url.href);
  } catch (err) {
    receiver.close();
    throw new HunterError('INTERNAL', `Could not open the browser for the ${provider.name} sign-in: ${toHunterError(err).message}. Open this address yourself: ${url.href}`, { cause: err });
  }
  const code = await receiver.code;
  const tokens = await redeemCode(oauth, { code, verifier: pkce.verifier, redirectUri: receiver.redirectUri }, opts);
  if (tokens.scope !== undefined && !grants(tokens.scope, provider.mailScope)) {
    throw new HunterError('AUTHENTICATION_FAILED', `The sign-in for ${accountLabel(oauth)} did not grant access to mail (granted: ${tokens.scope || 'nothing'}). Sign in again and leave "read, compose and send e-mail" ticked.`);
  }
  if (!tokens.refresh_token) {
    throw new HunterError('AUTHENTICATION_FAILED', `${provider.name} signed ${accountLabel(oauth)} in but gave no refresh token, so the sign-in would last only an hour. Remove The Hunter at ${provider.accessPage} and sign in again.`);
  }
  setRefreshToken(secrets, oauth, tokens.refresh_token);
  rememberAccessToken(oauth, tokens.refresh_token, tokens, opts);
  return { account: accountLabel(oauth), provider: provider.id, scope: tokens.scope ?? provider.scopes.join(' ') };
}

/**
 * Signs out: asks the provider to withdraw the refresh token where it can (Google), and forgets it
 * here either way. `revoked` false means the rep should remove the access on the provider's page too.
 */
export async function signOut(account: ImapAccount, secrets: AccountSecretStore, opts: TokenOptions = {}): Promise<{ revoked: boolean; accessPage: string }> {
  const oauth = asOAuth(account);
  const provider = providerFor(oauth);
  const refresh = refreshTokenOf(secrets, oauth);
  let revoked = false;
  try {
    if (refresh) revoked = await revokeToken(oauth, refresh, opts);
  } finally {
    forgetAccount(secrets, oauth);
    (opts.cache ?? defaultTokenCache).forget(accountKey(oauth));
  }
  return { revoked, accessPage: provider.accessPage };
}

export function asOAuth(account: ImapAccount): OAuthAccount {
  if (account.auth.method !== 'oauth2') throw new HunterError('INVALID_INPUT', `The mail account ${accountLabel(account)} logs in with a password, not with Google or Microsoft; choose a provider in its settings to sign in.`);
  return account as OAuthAccount;
}

function grants(scope: string, mailScope: string): boolean {
  const wanted = mailScope.toLowerCase();
  const tail = wanted.slice(wanted.lastIndexOf('/') + 1);
  return scope.toLowerCase().split(/\s+/).some((s) => s === wanted || (tail.length > 0 && s.endsWith(`/${tail}`)));
}
