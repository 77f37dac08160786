import { HunterError } from '../core/errors';
import { forgetAccount, hasCredentials, refreshTokenOf, setAccountPassword, setRefreshToken, type AccountSecretStore } from '../export/account-secrets';
import { accountKey, accountLabel, IMAP_SECURITY, OAUTH_PROVIDER_IDS, parseImapAccount, type ImapAccount, type ImapSecurity, type OAuthProviderId } from '../export/imap-account';
import type { ConnectionTest } from '../export/imap';
import type { AccessTokenCache, Fetch } from '../export/oauth/tokens';
import { Preferences } from '../store/preferences';
import type { Ctx } from './context';

/**
 * The rep's mail account as the faces show and edit it: fields, never one URL, and never the password
 * (it is in the keychain; only whether one is saved is shown).
 */
export interface MailAccountFields {
  host: string;
  /** Left out: 993 for TLS, 143 otherwise. */
  port?: number | null | undefined;
  security: ImapSecurity;
  user: string;
  /** How the app logs in: a password (or app password), or a Google / Microsoft sign-in. */
  login: 'password' | 'oauth2';
  oauth_provider?: OAuthProviderId | null | undefined;
  oauth_client_id?: string | null | undefined;
  /** Google's desktop clients have a secret that is not confidential for an installed app (Google says so). */
  oauth_client_secret?: string | null | undefined;
  /** A folder to use instead of the one the server marks as Drafts. */
  drafts_folder?: string | null | undefined;
  /** A PEM file of CA certificates trusted for this account only (a company server, a local mail bridge). */
  ca_file?: string | null | undefined;
}

export interface MailAccountView extends Required<{ [K in keyof MailAccountFields]: Exclude<MailAccountFields[K], undefined> }> {
  port: number;
  /** "rep@example.com on imap.example.com". */
  label: string;
  /** A password is saved, or the Google / Microsoft sign-in is done. */
  has_credentials: boolean;
}

/** The account is the rep's, the same for every workspace of the file, so it is a preference of the file. */
const MAIL_ACCOUNT = 'mail_account';

export interface MailAccountDeps {
  /** The keychain: the OS one in the app, one for this process in the CLI. */
  secrets: AccountSecretStore;
  /** HTTP for the OAuth token endpoint (tests point it at a stand-in; default: global fetch). */
  fetch?: Fetch;
  tokenCache?: AccessTokenCache;
}

/**
 * The rep's own mail account: saved as fields, its password or sign-in kept in the keychain, tested as an
 * export would use it, and signed in to (Google, Microsoft) through the system browser.
 */
export class MailAccountService {
  constructor(private readonly deps: MailAccountDeps) {}

  get(ctx: Ctx): MailAccountView | null {
    const account = this.saved(ctx);
    return account ? this.view(account) : null;
  }

  /**
   * Saves the account (all fields at once, as the form holds them) and, when given, its password. An
   * account with a new host, user or way of logging in is a new account: what the old one kept in the
   * keychain is removed, so a password never follows a changed host.
   */
  save(ctx: Ctx, fields: MailAccountFields, password?: string): MailAccountView {
    const account = accountOf(fields);
    const before = this.saved(ctx);
    if (account.auth.method === 'oauth2' && password) {
      throw new HunterError('INVALID_INPUT', `${accountLabel(account)} signs in with ${providerName(account)}: no password is kept for it. Choose "password" as the login to use an app password instead.`);
    }
    const prefs = new Preferences(ctx.store.db);
    ctx.store.tx(() => {
      prefs.set(MAIL_ACCOUNT, stored(account));
      ctx.store.audit.append({
        actor: ctx.actor,
        action: 'settings_changed',
        resource: 'settings',
        resource_id: MAIL_ACCOUNT,
        // The account's fields only: whether a password changed, never the password.
        changes: { before: before ? stored(before) : null, after: { ...stored(account), password_changed: password !== undefined } },
      });
    });
    if (before && accountKey(before) !== accountKey(account)) forgetAccount(this.deps.secrets, before);
    if (password !== undefined) setAccountPassword(this.deps.secrets, account, password);
    return this.view(account);
  }

  /** Removes the account and what the keychain holds for it. */
  remove(ctx: Ctx): { removed: boolean } {
    const account = this.saved(ctx);
    if (!account) return { removed: false };
    forgetAccount(this.deps.secrets, account);
    ctx.store.tx(() => {
      new Preferences(ctx.store.db).set(MAIL_ACCOUNT, null);
      ctx.store.audit.append({ actor: ctx.actor, action: 'settings_changed', resource: 'settings', resource_id: MAIL_ACCOUNT, changes: { before: stored(account), after: null } });
    });
    return { removed: true };
  }

  /** The saved account, for an export; what to do when there is none. */
  account(ctx: Ctx): ImapAccount {
    const account = this.saved(ctx);
    if (!account) throw new HunterError('INVALID_INPUT', 'There is no mail account yet: add yours in Settings → Mail account (server, security, user and a password or a Google/Microsoft sign-in), or save one with hunter mail save.');
    return account;
  }

  /** Connects and logs in as an export would, and names what stands in the way. Nothing is written to the mailbox. */
  async test(ctx: Ctx, account: ImapAccount = this.account(ctx), secrets: AccountSecretStore = this.deps.secrets): Promise<ConnectionTest> {
    const { testConnection } = await import('../export/imap');
    return testConnection(account, secrets, this.tokenOptions());
  }

  /**
   * Signs in to Google or Microsoft for the saved account: the provider's page opens in the rep's own
   * browser (openUrl: the app hands it to the system browser, the CLI prints it), the answer comes back
   * to a port on this computer, and the refresh token goes to the keychain.
   */
  async signIn(ctx: Ctx, openUrl: (url: string) => void | Promise<void>, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<{ account: string; provider: OAuthProviderId; scope: string }> {
    const account = this.account(ctx);
    if (account.auth.method !== 'oauth2') throw new HunterError('INVALID_INPUT', `${accountLabel(account)} logs in with a password; choose Google or Microsoft as the login to sign in instead.`);
    const { signInWithBrowser } = await import('../export/oauth/sign-in');
    const done = await signInWithBrowser(account, this.deps.secrets, { openUrl, ...this.tokenOptions(), ...opts });
    ctx.store.audit.append({ actor: ctx.actor, action: 'settings_changed', resource: 'settings', resource_id: MAIL_ACCOUNT, changes: { after: { signed_in: done.provider, account: done.account } } });
    return { account: done.account, provider: done.provider, scope: done.scope };
  }

  /** Signs out: the refresh token is revoked where the provider allows it and removed from the keychain. */
  async signOut(ctx: Ctx): Promise<{ revoked: boolean; access_page: string }> {
    const account = this.account(ctx);
    if (account.auth.method !== 'oauth2') throw new HunterError('INVALID_INPUT', `${accountLabel(account)} logs in with a password; there is no sign-in to end (remove the account or save an empty password).`);
    const { signOut } = await import('../export/oauth/sign-in');
    const r = await signOut(account, this.deps.secrets, this.tokenOptions());
    ctx.store.audit.append({ actor: ctx.actor, action: 'settings_changed', resource: 'settings', resource_id: MAIL_ACCOUNT, changes: { after: { signed_out: account.auth.provider, revoked: r.revoked } } });
    return { revoked: r.revoked, access_page: r.accessPage };
  }

  /** The refresh token of the saved account, for a face with no keychain (the CLI's --show-token). */
  refreshToken(ctx: Ctx): string | null {
    return refreshTokenOf(this.deps.secrets, this.account(ctx));
  }

  tokenOptions(): { fetch?: Fetch; cache?: AccessTokenCache } {
    return { ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}), ...(this.deps.tokenCache ? { cache: this.deps.tokenCache } : {}) };
  }

  private saved(ctx: Ctx): ImapAccount | null {
    const raw = new Preferences(ctx.store.db).get<unknown>(MAIL_ACCOUNT);
    if (!raw) return null;
    // Saved by this code, so it parses; a hand-edited or older value is named like any bad setting.
    return parseImapAccount(raw);
  }

  private view(account: ImapAccount): MailAccountView {
    const oauth = account.auth.method === 'oauth2' ? account.auth : null;
    return {
      host: account.host,
      port: account.port,
      security: account.security,
      user: account.user,
      login: account.auth.method,
      oauth_provider: oauth?.provider ?? null,
      oauth_client_id: oauth?.clientId ?? null,
      oauth_client_secret: oauth?.clientSecret ?? null,
      drafts_folder: account.draftsFolder ?? null,
      ca_file: account.caFile ?? null,
      label: accountLabel(account),
      has_credentials: hasCredentials(this.deps.secrets, account),
    };
  }
}

/** The form's fields (or the CLI's options) as an account; the first wrong field is named. */
export function accountOf(fields: MailAccountFields): ImapAccount {
  if (!(IMAP_SECURITY as readonly string[]).includes(fields.security)) {
    throw new HunterError('INVALID_INPUT', `The mail account's security must be one of ${IMAP_SECURITY.join(', ')} (tls: port 993; starttls: port 143 or 587; none: only a server on this computer).`);
  }
  if (fields.login === 'oauth2' && !(OAUTH_PROVIDER_IDS as readonly string[]).includes(fields.oauth_provider ?? '')) {
    throw new HunterError('INVALID_INPUT', `Signing in needs the provider: one of ${OAUTH_PROVIDER_IDS.join(', ')}.`);
  }
  return parseImapAccount({
    host: fields.host,
    ...(fields.port ? { port: fields.port } : {}),
    security: fields.security,
    user: fields.user,
    auth: fields.login === 'oauth2'
      ? { method: 'oauth2', provider: fields.oauth_provider, clientId: fields.oauth_client_id ?? '', ...(fields.oauth_client_secret ? { clientSecret: fields.oauth_client_secret } : {}) }
      : { method: 'password' },
    ...(fields.drafts_folder ? { draftsFolder: fields.drafts_folder } : {}),
    ...(fields.ca_file ? { caFile: fields.ca_file } : {}),
  });
}

/**
 * A keychain for one CLI process: the password from HUNTER_IMAP_PASSWORD, or a Google/Microsoft refresh
 * token from HUNTER_IMAP_REFRESH_TOKEN. The CLI has no OS keychain, so nothing here outlives the command.
 */
export function environmentSecrets(account: ImapAccount, env: NodeJS.ProcessEnv, into: AccountSecretStore): AccountSecretStore {
  if (account.auth.method === 'password' && env.HUNTER_IMAP_PASSWORD) setAccountPassword(into, account, env.HUNTER_IMAP_PASSWORD);
  if (account.auth.method === 'oauth2' && env.HUNTER_IMAP_REFRESH_TOKEN && !refreshTokenOf(into, account)) setRefreshToken(into, account, env.HUNTER_IMAP_REFRESH_TOKEN);
  return into;
}

function stored(a: ImapAccount): Record<string, unknown> {
  // The parsed account is plain data with no secret in it (auth holds the method and client id only).
  return { host: a.host, port: a.port, security: a.security, user: a.user, auth: a.auth, ...(a.draftsFolder ? { draftsFolder: a.draftsFolder } : {}), ...(a.caFile ? { caFile: a.caFile } : {}) };
}

function providerName(a: ImapAccount): string {
  return a.auth.method === 'oauth2' ? (a.auth.provider === 'google' ? 'Google' : 'Microsoft') : 'a password';
}
