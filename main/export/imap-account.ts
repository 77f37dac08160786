import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { X509Certificate } from 'node:crypto';
import * as z from 'zod';
import { HunterError } from '../core/errors';
import type { ImapTarget } from './types';

export const IMAP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type ImapSecurity = (typeof IMAP_SECURITY)[number];

export const OAUTH_PROVIDER_IDS = ['google', 'microsoft'] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDER_IDS)[number];

/**
 * An endpoint the app talks to with the rep's tokens: https, except on this machine (the tests'
 * stand-in), so a token never crosses the network in the clear.
 */
const EndpointUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
  } catch {
    return false;
  }
}, { message: 'must be an https:// URL (http:// only on this computer)' });

const PasswordAuth = z.object({ method: z.literal('password') });

const OAuthAuth = z.object({
  method: z.literal('oauth2'),
  provider: z.enum(OAUTH_PROVIDER_IDS),
  /** The app's OAuth client id registered with the provider (a setting, not a secret). */
  clientId: z.string().trim().min(1, 'the OAuth client id is empty; set it in Settings'),
  /**
   * Google's "Desktop app" clients come with a client secret that the token endpoint asks for. For an
   * installed app it is not confidential (Google says so), so it is a setting like the client id.
   */
  clientSecret: z.string().min(1).optional(),
  /** Only to point the flow at another server (a tenant-specific Microsoft endpoint, or the tests). */
  endpoints: z.object({
    authorize: EndpointUrl.optional(),
    token: EndpointUrl.optional(),
    revoke: EndpointUrl.nullable().optional(),
  }).optional(),
});

/**
 * One of the rep's own mail accounts, as fields rather than one URL, so a password with "#", "/", "%" or
 * "@" needs no escaping: the password is not here at all but in the keychain (see account-secrets).
 */
export const ImapAccountSchema = z.object({
  host: z.string().trim().min(1, 'the server name is empty').transform((h) => h.replace(/^\[|\]$/g, '').toLowerCase()).refine(validHost, { message: 'is not a host name or IP address (no scheme, path or port here: only e.g. imap.example.com)' }),
  /** Defaults to 993 for TLS and 143 for STARTTLS or no encryption. */
  port: z.number().int().min(1).max(65_535).optional(),
  /** How the connection is protected: chosen by the rep, never guessed from the port. */
  security: z.enum(IMAP_SECURITY),
  user: z.string().min(1, 'the user name is empty'),
  auth: z.discriminatedUnion('method', [PasswordAuth, OAuthAuth]),
  /** A folder path to use instead of the one flagged \Drafts. */
  draftsFolder: z.string().min(1).optional(),
  /** A PEM file with one or more CA certificates trusted for this account only, beside the system's. */
  caFile: z.string().min(1).optional(),
}).transform((a) => ({ ...a, port: a.port ?? (a.security === 'tls' ? 993 : 143) })).superRefine((a, ctx) => {
  if (a.security === 'none' && !isLoopbackHost(a.host)) {
    ctx.addIssue({ code: 'custom', path: ['security'], message: `"none" sends the password unencrypted and is allowed only for a server on this computer (such as a mail bridge); ${a.host} needs "tls" or "starttls"` });
  }
});

export type ImapAccount = z.output<typeof ImapAccountSchema>;
/** What settings and CLI options map onto: the port may be left out. */
export type ImapAccountInput = z.input<typeof ImapAccountSchema>;
export type OAuthAccount = ImapAccount & { auth: z.output<typeof OAuthAuth> };

/** Parses settings or CLI options into an account; the first problem is named with its field. */
export function parseImapAccount(input: unknown): ImapAccount {
  const parsed = ImapAccountSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'account';
    throw new HunterError('INVALID_INPUT', `The mail account settings are not valid: ${field} ${issue?.message ?? 'has the wrong shape'}. Fix it in Settings → Mail account.`);
  }
  return parsed.data;
}

/** "rep@example.com on imap.example.com": how an account is named to the rep. */
export function accountLabel(a: Pick<ImapAccount, 'user' | 'host'>): string {
  return `${a.user} on ${a.host}`;
}

/** The key its secrets are kept under: a new host or user name means signing in again. */
export function accountKey(a: Pick<ImapAccount, 'user' | 'host' | 'auth'>): string {
  const how = a.auth.method === 'oauth2' ? `oauth2:${a.auth.provider}` : 'password';
  return `${how}:${a.user.toLowerCase()}@${a.host}`;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * The account's extra CA certificates, read and checked when a connection is made (the file may have
 * changed since it was chosen). Only this account's connections trust them.
 */
export function readAccountCa(a: Pick<ImapAccount, 'caFile'>): string[] {
  if (!a.caFile) return [];
  let text: string;
  try {
    text = readFileSync(a.caFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HunterError('INVALID_INPUT', `The extra CA certificate file ${a.caFile} cannot be read (${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}); choose the file again in the mail account settings.`, { cause: err });
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw new HunterError('INVALID_INPUT', `${a.caFile} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"); export the CA certificate as PEM (Base-64) and choose it again.`);
  for (const pem of pems) {
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new HunterError('INVALID_INPUT', `${a.caFile} holds a certificate that cannot be read: ${(err as Error).message}.`, { cause: err });
    }
  }
  return pems;
}

/**
 * The earlier IMAP target (TLS on or off, password inline) as an account, for callers not moved to
 * accounts yet. A password to another machine over no encryption, which it allowed, is refused now.
 */
export function accountFromTarget(t: ImapTarget): ImapAccount {
  const security: ImapSecurity = t.secure ? 'tls' : isLoopbackHost(t.host) ? 'none' : 'starttls';
  return parseImapAccount({ host: t.host, port: t.port, security, user: t.user, auth: { method: 'password' }, ...(t.mailbox ? { draftsFolder: t.mailbox } : {}) });
}

function validHost(h: string): boolean {
  if (isIP(h)) return true;
  if (/[\s/:@?#]/.test(h)) return false;
  const ascii = domainToASCII(h.replace(/\.$/, ''));
  return !!ascii && ascii.split('.').every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l));
}
