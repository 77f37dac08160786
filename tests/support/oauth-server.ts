import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * An OAuth 2 authorization server on 127.0.0.1 that plays Google's or Microsoft's part in tests, with
 * the rules those servers enforce: the authorize endpoint hands out a one-time code bound to the
 * client, the redirect URI and the PKCE challenge (S256 only); the token endpoint redeems it only with
 * the matching code_verifier, refreshes access tokens from a refresh token, and refuses a revoked or
 * unknown one with `invalid_grant`; RFC 7009 revocation; and the token introspection endpoint Dovecot's
 * oauth2 passdb calls (`Authorization: Bearer TOKEN`; 200 with the user when active, 401 otherwise).
 */
export interface OAuthStandIn {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  introspectUrl: string;
  /** Every request to the authorize endpoint, as query parameters. */
  authorizeRequests: Array<Record<string, string>>;
  /** Every form posted to the token endpoint. */
  tokenRequests: Array<Record<string, string>>;
  /** Bearer tokens Dovecot asked about, and the answers. */
  introspections: Array<{ token: string; active: boolean }>;
  /** The next authorize request is answered with this error instead of a code (e.g. access_denied). */
  denyNext(error: string): void;
  /** Every access token issued so far stops being active (as if its hour had passed). */
  expireAccessTokens(): void;
  /** Revokes every refresh token (as the rep removing the app's access in their Google account). */
  revokeRefreshTokens(): void;
  activeRefreshTokens(): string[];
  close(): Promise<void>;
}

export interface OAuthStandInOptions {
  clientId: string;
  clientSecret?: string;
  /** The user an access token belongs to (what introspection answers as `username`). */
  username: string;
  /** Seconds an access token claims to last (expires_in). */
  expiresIn?: number;
  /** A new refresh token on every refresh, as Microsoft does. */
  rotateRefreshTokens?: boolean;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  used: boolean;
}

export async function startOAuthStandIn(opts: OAuthStandInOptions): Promise<OAuthStandIn> {
  const codes = new Map<string, CodeGrant>();
  const refreshTokens = new Map<string, { active: boolean; scope: string }>();
  const accessTokens = new Map<string, { active: boolean; refreshToken: string }>();
  const authorizeRequests: Array<Record<string, string>> = [];
  const tokenRequests: Array<Record<string, string>> = [];
  const introspections: Array<{ token: string; active: boolean }> = [];
  let deny: string | null = null;
  const token = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

  const issueAccess = (refreshToken: string) => {
    const access = token('at');
    accessTokens.set(access, { active: true, refreshToken });
    return access;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const authorize = (url: URL, res: ServerResponse) => {
    const q = Object.fromEntries(url.searchParams);
    authorizeRequests.push(q);
    const redirect = q.redirect_uri ? safeUrl(q.redirect_uri) : null;
    // Like the real servers: a bad client or redirect URI is shown to the user, never redirected to.
    if (q.client_id !== opts.clientId) return json(res, 400, { error: 'invalid_client' });
    if (!redirect || redirect.protocol !== 'http:' || redirect.hostname !== '127.0.0.1' || !redirect.port) return json(res, 400, { error: 'invalid_request', error_description: 'redirect_uri must be a loopback IP URL with a port' });
    const back = new URL(redirect);
    if (q.state) back.searchParams.set('state', q.state);
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      res.writeHead(302, { location: back.href });
      res.end();
    };
    if (deny) {
      const e = deny;
      deny = null;
      return fail(e);
    }
    if (q.response_type !== 'code') return fail('unsupported_response_type');
    if (q.code_challenge_method !== 'S256' || !q.code_challenge) return fail('invalid_request');
    const code = token('code');
    codes.set(code, { clientId: q.client_id, redirectUri: q.redirect_uri!, challenge: q.code_challenge, scope: q.scope ?? '', used: false });
    back.searchParams.set('code', code);
    res.writeHead(302, { location: back.href });
    res.end();
  };

  const clientOk = (f: Record<string, string>) => f.client_id === opts.clientId && (opts.clientSecret === undefined || f.client_secret === opts.clientSecret);

  const tokenEndpoint = (f: Record<string, string>, res: ServerResponse) => {
    tokenRequests.push(f);
    if (!clientOk(f)) return json(res, 401, { error: 'invalid_client' });
    if (f.grant_type === 'authorization_code') {
      const grant = f.code ? codes.get(f.code) : undefined;
      if (!grant || grant.used || grant.clientId !== f.client_id || grant.redirectUri !== f.redirect_uri) return json(res, 400, { error: 'invalid_grant', error_description: 'code unknown, used, or issued for another redirect_uri' });
      grant.used = true;
      const expected = createHash('sha256').update(f.code_verifier ?? '').digest('base64url');
      if (expected !== grant.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      const refresh = token('rt');
      refreshTokens.set(refresh, { active: true, scope: grant.scope });
      return json(res, 200, { access_token: issueAccess(refresh), token_type: 'Bearer', expires_in: opts.expiresIn ?? 3599, refresh_token: refresh, scope: grant.scope });
    }
    if (f.grant_type === 'refresh_token') {
      const rt = f.refresh_token ? refreshTokens.get(f.refresh_token) : undefined;
      if (!rt || !rt.active) return json(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      let refresh = f.refresh_token!;
      if (opts.rotateRefreshTokens) {
        rt.active = false;
        refresh = token('rt');
        refreshTokens.set(refresh, { active: true, scope: rt.scope });
      }
      return json(res, 200, { access_token: issueAccess(refresh), token_type: 'Bearer', expires_in: opts.expiresIn ?? 3599, scope: rt.scope, ...(opts.rotateRefreshTokens ? { refresh_token: refresh } : {}) });
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  };

  const revoke = (f: Record<string, string>, res: ServerResponse) => {
    const t = f.token ?? '';
    const rt = refreshTokens.get(t);
    if (rt) {
      rt.active = false;
      for (const a of accessTokens.values()) if (a.refreshToken === t) a.active = false;
    }
    const at = accessTokens.get(t);
    if (at) at.active = false;
    // RFC 7009 2.2: an unknown token is not an error.
    res.writeHead(200);
    res.end();
  };

  const introspect = (req: IncomingMessage, res: ServerResponse) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const t = m?.[1] ?? '';
    const at = accessTokens.get(t);
    const active = !!at && at.active && (refreshTokens.get(at.refreshToken)?.active ?? false);
    introspections.push({ token: t, active });
    if (!active) return json(res, 401, { active: false });
    return json(res, 200, { active: true, username: opts.username });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (url.pathname === '/introspect') return introspect(req, res);
    if (req.method === 'POST' && (url.pathname === '/token' || url.pathname === '/revoke')) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        if (url.pathname === '/token') tokenEndpoint(form, res);
        else revoke(form, res);
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    introspectUrl: `${base}/introspect`,
    authorizeRequests,
    tokenRequests,
    introspections,
    denyNext: (error) => {
      deny = error;
    },
    expireAccessTokens: () => {
      for (const a of accessTokens.values()) a.active = false;
    },
    revokeRefreshTokens: () => {
      for (const r of refreshTokens.values()) r.active = false;
    },
    activeRefreshTokens: () => [...refreshTokens.entries()].filter(([, v]) => v.active).map(([k]) => k),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * The rep's browser in tests: follows the authorize URL to the redirect the server answers with and
 * loads it, as a browser would, so the app's loopback listener receives the code.
 */
export async function browserVisit(url: string): Promise<{ status: number; body: string }> {
  const first = await fetch(url, { redirect: 'manual' });
  const location = first.headers.get('location');
  if (first.status !== 302 || !location) return { status: first.status, body: await first.text() };
  const back = await fetch(location);
  return { status: back.status, body: await back.text() };
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
