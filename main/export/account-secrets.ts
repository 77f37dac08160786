import { HunterError } from '../core/errors';
import { accountKey, accountLabel, type ImapAccount } from './imap-account';

/**
 * The part of the keychain (main/ipc/secret-store's SecretStore) that mail accounts use: the one secret
 * named "imap". Passed in by the caller, so the app keeps it in the OS keychain and the CLI in memory.
 */
export interface AccountSecretStore {
  get(name: 'imap'): string | null;
  set(name: 'imap', value: string): void;
}

/** What is kept per account: the password, or the OAuth refresh token. Never access tokens. */
interface AccountSecret {
  password?: string;
  refresh_token?: string;
}

interface Vault {
  v: 1;
  accounts: Record<string, AccountSecret>;
}

/**
 * All accounts' secrets as one JSON document inside the "imap" secret, keyed by account, because the
 * keychain holds a fixed set of names. Nothing of it is ever written to the database or a file of ours.
 */
function readVault(store: AccountSecretStore): Vault {
  const raw = store.get('imap');
  if (!raw) return { v: 1, accounts: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // The secret from before accounts (an imaps://user:password@host URL): it names no account of these.
    return { v: 1, accounts: {} };
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as Vault).v !== 1 || typeof (parsed as Vault).accounts !== 'object') return { v: 1, accounts: {} };
  return parsed as Vault;
}

function writeVault(store: AccountSecretStore, vault: Vault): void {
  for (const [k, v] of Object.entries(vault.accounts)) if (!v.password && !v.refresh_token) delete vault.accounts[k];
  store.set('imap', Object.keys(vault.accounts).length ? JSON.stringify(vault) : '');
}

function update(store: AccountSecretStore, account: ImapAccount, change: (s: AccountSecret) => void): void {
  const vault = readVault(store);
  const key = accountKey(account);
  const entry = vault.accounts[key] ?? {};
  change(entry);
  vault.accounts[key] = entry;
  writeVault(store, vault);
}

export function setAccountPassword(store: AccountSecretStore, account: ImapAccount, password: string): void {
  update(store, account, (s) => {
    if (password) s.password = password;
    else delete s.password;
  });
}

/** The saved password; AUTHENTICATION_FAILED naming the account when there is none. */
export function accountPassword(store: AccountSecretStore, account: ImapAccount): string {
  const pw = readVault(store).accounts[accountKey(account)]?.password;
  if (!pw) throw new HunterError('AUTHENTICATION_FAILED', `No password is saved for the mail account ${accountLabel(account)}; enter it (for Gmail, Outlook or iCloud an app password) in Settings → Mail account.`);
  return pw;
}

export function refreshTokenOf(store: AccountSecretStore, account: ImapAccount): string | null {
  return readVault(store).accounts[accountKey(account)]?.refresh_token ?? null;
}

export function setRefreshToken(store: AccountSecretStore, account: ImapAccount, token: string | null): void {
  update(store, account, (s) => {
    if (token) s.refresh_token = token;
    else delete s.refresh_token;
  });
}

/** Whether the account can log in without asking: a password saved, or signed in with OAuth. */
export function hasCredentials(store: AccountSecretStore, account: ImapAccount): boolean {
  const s = readVault(store).accounts[accountKey(account)];
  return account.auth.method === 'password' ? !!s?.password : !!s?.refresh_token;
}

/** Removes what is kept for the account (signing out, or removing the account). */
export function forgetAccount(store: AccountSecretStore, account: ImapAccount): void {
  const vault = readVault(store);
  delete vault.accounts[accountKey(account)];
  writeVault(store, vault);
}

/** A keychain for this process only: the CLI's password from the environment, or an old-style target. */
export function memorySecrets(): AccountSecretStore {
  let value: string | null = null;
  return {
    get: () => value,
    set: (_name, v) => {
      value = v || null;
    },
  };
}
