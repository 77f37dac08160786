import type { OAuthAccount, OAuthProviderId } from '../imap-account';

/** What the app needs to know about one provider's OAuth 2 endpoints for IMAP. */
export interface OAuthProvider {
  id: OAuthProviderId;
  /** How the provider is named to the rep ("Sign in with Google"). */
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation; null where the provider offers none to a public client. */
  revokeUrl: string | null;
  scopes: readonly string[];
  /** The scope without which IMAP refuses the token, checked in what the provider granted. */
  mailScope: string;
  /** Extra authorize parameters this provider needs to hand out a refresh token. */
  authorizeParams: Readonly<Record<string, string>>;
  /** Microsoft wants the scope repeated on the token requests; Google does not use it there. */
  scopeOnTokenRequests: boolean;
  /** Where the rep can see and remove the app's access. */
  accessPage: string;
}

/**
 * The providers' published endpoints. Google: "OAuth 2.0 for Mobile & Desktop Apps" (loopback redirect,
 * PKCE; `access_type=offline` and `prompt=consent` so a refresh token is always returned) and the Gmail
 * IMAP scope https://mail.google.com/. Microsoft identity platform v2.0 on the "common" tenant, with the
 * Exchange Online IMAP scope and offline_access for the refresh token. Microsoft has no revocation
 * endpoint for a public client: signing out forgets the token here, and the rep removes the app's
 * access on their account page.
 */
export const OAUTH_PROVIDERS: Readonly<Record<OAuthProviderId, OAuthProvider>> = {
  google: {
    id: 'google',
    name: 'Google',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    scopes: ['https://mail.google.com/'],
    mailScope: 'https://mail.google.com/',
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    scopeOnTokenRequests: false,
    accessPage: 'https://myaccount.google.com/permissions',
  },
  microsoft: {
    id: 'microsoft',
    name: 'Microsoft',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    revokeUrl: null,
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access'],
    mailScope: 'https://outlook.office.com/IMAP.AccessAsUser.All',
    authorizeParams: { response_mode: 'query', prompt: 'select_account' },
    scopeOnTokenRequests: true,
    accessPage: 'https://myaccount.microsoft.com/',
  },
};

/** The provider with the account's endpoint overrides applied. */
export function providerFor(account: OAuthAccount): OAuthProvider {
  const base = OAUTH_PROVIDERS[account.auth.provider];
  const e = account.auth.endpoints;
  return {
    ...base,
    authorizeUrl: e?.authorize ?? base.authorizeUrl,
    tokenUrl: e?.token ?? base.tokenUrl,
    revokeUrl: e?.revoke !== undefined ? e.revoke : base.revokeUrl,
  };
}
