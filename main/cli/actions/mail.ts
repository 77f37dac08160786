import { resolve } from 'node:path';
import { HunterError } from '../../core/errors';
import type { MailAccountFields, MailAccountView } from '../../services/mail-account';
import type { Action } from '../program';
import { int, UsageError } from '../io';

/**
 * The mail account from the command's options (the same fields as Settings → Mail account), or null when
 * none is given and the saved one is meant.
 */
export function accountOptions(opts: Record<string, unknown>): MailAccountFields | null {
  const given = ['host', 'port', 'security', 'user', 'login', 'provider', 'clientId', 'clientSecret', 'mailbox', 'ca'].filter((k) => opts[k] !== undefined);
  if (given.length === 0) return null;
  if (!opts.host || !opts.user) throw new UsageError('A mail account needs at least --host and --user (and --security tls|starttls|none); leave them all out to use the saved one.');
  if (!opts.security) throw new UsageError('Say how the connection is protected with --security tls (port 993), starttls (port 143 or 587) or none (a server on this computer only).');
  const login = String(opts.login ?? 'password');
  if (login !== 'password' && login !== 'oauth2') throw new UsageError('--login must be password or oauth2.');
  return {
    host: String(opts.host),
    port: int(opts.port as string | undefined, '--port', 1, 65_535) ?? null,
    security: String(opts.security) as MailAccountFields['security'],
    user: String(opts.user),
    login,
    oauth_provider: opts.provider ? (String(opts.provider) as MailAccountFields['oauth_provider']) : null,
    oauth_client_id: opts.clientId ? String(opts.clientId) : null,
    oauth_client_secret: opts.clientSecret ? String(opts.clientSecret) : null,
    drafts_folder: opts.mailbox ? String(opts.mailbox) : null,
    ca_file: opts.ca ? resolve(String(opts.ca)) : null,
  };
}

function describe(a: MailAccountView): string {
  return [
    `${a.label}, port ${a.port}, ${a.security === 'tls' ? 'TLS' : a.security === 'starttls' ? 'STARTTLS' : 'no encryption (this computer only)'}`,
    a.login === 'oauth2' ? `  signs in with ${a.oauth_provider === 'google' ? 'Google' : 'Microsoft'} (client ${a.oauth_client_id})` : '  logs in with a password',
    a.drafts_folder ? `  drafts go to ${a.drafts_folder}` : '  drafts go to the folder the server marks as Drafts',
    a.ca_file ? `  also trusts the CA certificates in ${a.ca_file}` : '',
  ].filter(Boolean).join('\n');
}

export const show: Action = async (cli) =>
  cli.withApp(['mail'], async (_app, s) => {
    const a = s.mail.get(cli.ctx(s));
    cli.print(a, () => (a ? describe(a) : 'No mail account is saved: hunter mail save --host HOST --security tls --user USER.'));
    return 0;
  });

export const save: Action = async (cli, _args, opts) => {
  const fields = accountOptions(opts);
  if (!fields) throw new UsageError('Give the account: --host HOST --security tls|starttls|none --user USER (and --login oauth2 --provider google|microsoft --client-id ID to sign in instead of a password).');
  return cli.withApp(['mail'], async (_app, s) => {
    const a = s.mail.save(cli.ctx(s), fields, fields.login === 'password' ? process.env.HUNTER_IMAP_PASSWORD : undefined);
    cli.print(a, () => `Saved: ${describe(a)}\n${a.login === 'password' ? 'The CLI keeps no password: each IMAP command reads it from HUNTER_IMAP_PASSWORD.' : 'Sign in with: hunter mail sign-in'}`);
    return 0;
  });
};

export const test: Action = async (cli, _args, opts) => {
  const fields = accountOptions(opts);
  return cli.withApp(['mail'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const { accountOf, environmentSecrets } = await import('../../services/mail-account');
    const { memorySecrets } = await import('../../export/account-secrets');
    const account = fields ? accountOf(fields) : s.mail.account(ctx);
    const r = await s.mail.test(ctx, account, environmentSecrets(account, process.env, memorySecrets()));
    cli.print(r, () => (r.ok ? `OK: ${r.account} logs in (${r.login}) and drafts go to ${r.mailbox}.` : `${r.code}: ${r.message}`));
    return r.ok ? 0 : 1;
  });
};

export const signIn: Action = async (cli, _args, opts) =>
  cli.withApp(['mail'], async (_app, s) => {
    const seconds = int(opts.timeout as string | undefined, '--timeout', 10, 3600) ?? 300;
    const ctx = cli.ctx(s);
    const r = await s.mail.signIn(ctx, (url) => {
      // To stderr, so --json output stays one object; the rep opens it in their browser.
      process.stderr.write(`Open this address in your browser to sign in (waiting ${seconds} s):\n${url}\n`);
    }, { timeoutMs: seconds * 1000 });
    // The CLI has no keychain: the refresh token is handed to the rep, once, to keep as they keep secrets.
    const token = opts.showToken ? s.mail.refreshToken(ctx) : null;
    cli.print({ ...r, ...(token ? { refresh_token: token } : {}) }, () =>
      token
        ? `Signed in: ${r.account} with ${r.provider}.\nexport HUNTER_IMAP_REFRESH_TOKEN='${token}'   # keep it like a password`
        : `Signed in: ${r.account} with ${r.provider}, for this command only (the CLI has no keychain). Add --show-token to get a refresh token for HUNTER_IMAP_REFRESH_TOKEN, or sign in in the app.`);
    return 0;
  });

export const signOut: Action = async (cli) =>
  cli.withApp(['mail'], async (_app, s) => {
    const r = await s.mail.signOut(cli.ctx(s));
    cli.print(r, () => (r.revoked ? 'Signed out; the provider withdrew the access.' : `Signed out here; remove the app's access on ${r.access_page} too.`));
    return 0;
  });

export const remove: Action = async (cli) =>
  cli.withApp(['mail'], async (_app, s) => {
    const r = s.mail.remove(cli.ctx(s));
    if (!r.removed) throw new HunterError('NOT_FOUND', 'No mail account is saved.');
    cli.print(r, () => 'The mail account is removed, with what the keychain held for it.');
    return 0;
  });
