import { createHash } from 'node:crypto';
import { HunterError } from '../../core/errors';
import { refreshTokenOf, setRefreshToken, type AccountSecretStore } from '../account-secrets';
import { accountKey, accountLabel, type OAuthAccount } from '../imap-account';
import { providerFor, type OAuthProvider } from './providers';

/** The token endpoint's answer (RFC 6749 5.1). */
export interface TokenResponse {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  token_type?: string;
}

export type Fetch = typeof fetch;

const TOKEN_TIMEOUT_MS = 20_000;
/** An access token this close to its end is refreshed before use rather than refused mid-export. */
const EARLY_REFRESH_MS = 60_000;

/**
 * Access tokens in memory only, for this process: they last about an hour, and a refresh token (in the
 * keychain) makes a new one. A refresh in progress is shared, so two exports at once refresh once.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number; refreshDigest: string }>();
  private readonly pending = new Map<string, Promise<string>>();

  get(key: string, refreshDigest: string, now: number): string | null {
    const e = this.tokens.get(key);
    return e && e.refreshDigest === refreshDigest && e.expiresAt - EARLY_REFRESH_MS > now ? e.token : null;
  }

  put(key: string, refreshDigest: string, token: string, expiresAt: number): void {
    this.tokens.set(key, { token, expiresAt, refreshDigest });
  }

  forget(key: string): void {
    this.tokens.delete(key);
  }

  /** @internal one refresh per account at a time */
  shared(key: string, run: () => Promise<string>): Promise<string> {
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const p = run().finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }
}

/** The process's cache, used unless a caller brings its own (tests do). */
export const defaultTokenCache = new AccessTokenCache();

export interface TokenOptions {
  cache?: AccessTokenCache;
  fetch?: Fetch;
  now?: () => number;
}

/**
 * An access token for IMAP: the cached one while it is good, otherwise one made from the refresh token.
 * `fresh` says whether it was just issued, so a server refusing a cached one is worth one refresh and a
 * server refusing a fresh one is not.
 */
export async function accessTokenFor(account: OAuthAccount, secrets: AccountSecretStore, opts: TokenOptions & { forceRefresh?: boolean } = {}): Promise<{ token: string; fresh: boolean }> {
  const provider = providerFor(account);
  const refresh = refreshTokenOf(secrets, account);
  if (!refresh) throw notSignedIn(account, provider);
  const cache = opts.cache ?? defaultTokenCache;
  const key = accountKey(account);
  const digest = digestOf(refresh);
  const now = opts.now ?? Date.now;
  if (!opts.forceRefresh) {
    const cached = cache.get(key, digest, now());
    if (cached) return { token: cached, fresh: false };
  }
  const token = await cache.shared(key, async () => {
    const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refresh, client_id: account.auth.clientId };
    if (account.auth.clientSecret) form.client_secret = account.auth.clientSecret;
    if (provider.scopeOnTokenRequests) form.scope = provider.scopes.join(' ');
    let answer: TokenResponse;
    try {
      answer = await postToken(provider, form, opts.fetch);
    } catch (err) {
      if (err instanceof TokenEndpointError && err.oauthError === 'invalid_grant') {
        // Revoked, expired or replaced: it will never work again, so it is not kept to fail again.
        setRefreshToken(secrets, account, null);
        cache.forget(key);
        throw new HunterError('AUTHENTICATION_FAILED', `${provider.name} no longer accepts The Hunter's access to ${accountLabel(account)} (it was revoked, expired, or the password changed${err.description ? `: ${err.description}` : ''}). Sign in again with ${provider.name} in Settings → Mail account.`, { cause: err });
      }
      throw tokenFailure(err, account, provider, 'refresh');
    }
    const newRefresh = answer.refresh_token && answer.refresh_token !== refresh ? answer.refresh_token : null;
    // Microsoft hands out a new refresh token with each refresh; the old one may stop working.
    if (newRefresh) setRefreshToken(secrets, account, newRefresh);
    cache.put(key, digestOf(newRefresh ?? refresh), answer.access_token, now() + (answer.expires_in ?? 3600) * 1000);
    return answer.access_token;
  });
  return { token, fresh: true };
}

/** Keeps the access token that came with a sign-in, so the first export needs no refresh. */
export function rememberAccessToken(account: OAuthAccount, refreshToken: string, answer: TokenResponse, opts: TokenOptions = {}): void {
  const now = (opts.now ?? Date.now)();
  (opts.cache ?? defaultTokenCache).put(accountKey(account), digestOf(refreshToken), answer.access_token, now + (answer.expires_in ?? 3600) * 1000);
}

/** Redeems the browser step's code (with the PKCE verifier) for the first tokens. */
export async function redeemCode(account: OAuthAccount, input: { code: string; verifier: string; redirectUri: string }, opts: TokenOptions = {}): Promise<TokenResponse> {
  const provider = providerFor(account);
  const form: Record<string, string> = { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, client_id: account.auth.clientId, code_verifier: input.verifier };
  if (account.auth.clientSecret) form.client_secret = account.auth.clientSecret;
  if (provider.scopeOnTokenRequests) form.scope = provider.scopes.join(' ');
  try {
    return await postToken(provider, form, opts.fetch);
  } catch (err) {
    if (err instanceof TokenEndpointError && err.oauthError === 'invalid_grant') {
      throw new HunterError('AUTHENTICATION_FAILED', `${provider.name} did not accept the sign-in for ${accountLabel(account)} (${err.description || 'the code was refused'}). Start the sign-in again.`, { cause: err });
    }
    throw tokenFailure(err, account, provider, 'sign-in');
  }
}

/** RFC 7009: asks the provider to withdraw the token. False where the provider has no such endpoint. */
export async function revokeToken(account: OAuthAccount, token: string, opts: TokenOptions = {}): Promise<boolean> {
  const provider = providerFor(account);
  if (!provider.revokeUrl) return false;
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(provider.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, client_id: account.auth.clientId }), signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  } catch (err) {
    throw tokenFailure(err, account, provider, 'sign-out');
  }
  // 400 invalid_token: already gone, which is what signing out wants.
  if (res.ok || res.status === 400) return true;
  throw new HunterError('PROVIDER_ERROR', `${provider.name} answered ${res.status} when asked to withdraw the access for ${accountLabel(account)}; remove it at ${provider.accessPage}.`);
}

class TokenEndpointError extends Error {
  constructor(readonly status: number, readonly oauthError: string | null, readonly description: string) {
    super(`token endpoint answered ${status}${oauthError ? ` ${oauthError}` : ''}${description ? `: ${description}` : ''}`);
  }
}

async function postToken(provider: OAuthProvider, form: Record<string, string>, f: Fetch = fetch): Promise<TokenResponse> {
  const res = await f(provider.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // A proxy's or a load balancer's HTML page: the status says enough.
  }
  if (!res.ok) {
    const error = typeof body.error === 'string' ? body.error : null;
    const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : '';
    throw new TokenEndpointError(res.status, error, description);
  }
  if (typeof body.access_token !== 'string' || !body.access_token) throw new TokenEndpointError(res.status, 'no_access_token', 'the answer had no access_token');
  return body as unknown as TokenResponse;
}

function tokenFailure(err: unknown, account: OAuthAccount, provider: OAuthProvider, step: string): HunterError {
  if (err instanceof HunterError) return err;
  const host = safeHost(provider.tokenUrl);
  if (err instanceof TokenEndpointError) {
    if (err.oauthError === 'invalid_client' || err.oauthError === 'unauthorized_client' || err.status === 401) {
      return new HunterError('AUTHENTICATION_FAILED', `${provider.name} refused The Hunter's OAuth client (${err.oauthError ?? err.status}${err.description ? `: ${err.description}` : ''}) for ${accountLabel(account)}. Check the ${provider.name} client id${provider.id === 'google' ? ' and client secret' : ''} in Settings.`, { cause: err });
    }
    if (err.status === 429 || err.status >= 500) {
      return new HunterError(err.status === 429 ? 'API_RATE_LIMIT' : 'PROVIDER_ERROR', `${provider.name}'s token service (${host}) answered ${err.status} during the ${step} for ${accountLabel(account)}; try again in a few minutes.`, { cause: err });
    }
    return new HunterError('PROVIDER_ERROR', `${provider.name} refused the ${step} for ${accountLabel(account)}: ${err.message}. Sign in again in Settings → Mail account.`, { cause: err, retryable: false });
  }
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return new HunterError('TIMEOUT', `${provider.name}'s token service (${host}) did not answer within ${TOKEN_TIMEOUT_MS / 1000} s during the ${step} for ${accountLabel(account)}.`, { cause: err });
  const code = e.cause?.code;
  return new HunterError('CONNECTION_ERROR', `Could not reach ${provider.name}'s token service (${host}${code ? `, ${code}` : ''}) for ${accountLabel(account)}; check the internet connection.`, { cause: err });
}

export function notSignedIn(account: OAuthAccount, provider = providerFor(account)): HunterError {
  return new HunterError('AUTHENTICATION_FAILED', `The mail account ${accountLabel(account)} is not signed in: sign in with ${provider.name} in Settings → Mail account.`);
}

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
