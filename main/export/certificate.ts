import { X509Certificate } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { HunterError } from '../core/errors';
import { accountLabel, readAccountCa, type ImapAccount } from './imap-account';

/** The server certificate as the rep can check it against what their IT department says. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  /** DNS names and IP addresses the certificate is for. */
  names: string[];
}

export type CertificateProblem = 'self_signed' | 'unknown_ca' | 'expired' | 'not_yet_valid' | 'wrong_host' | 'untrusted';

/** Node's codes for a certificate refused during the TLS handshake (direct TLS or after STARTTLS). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'CERT_REJECTED', 'INVALID_CA', 'HOSTNAME_MISMATCH',
]);

export function isCertificateError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CERTIFICATE_CODES.has(code);
}

/** The certificate options of one account's connections: the system's CAs plus the account's own. */
export function tlsOptionsFor(account: ImapAccount): tls.ConnectionOptions {
  const extra = readAccountCa(account);
  if (extra.length === 0) return { minVersion: 'TLSv1.2' };
  // `ca` replaces the default list for this connection only, so the defaults are put back beside the extra.
  const defaults = typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : [...tls.rootCertificates];
  return { minVersion: 'TLSv1.2', ca: [...defaults, ...extra] };
}

/**
 * Names a refused certificate: who it is for, who issued it, and why it was not accepted, from a
 * second look at the server that sends no credentials (the refused handshake shows none of this).
 */
export async function certificateFailure(err: unknown, account: ImapAccount, timeoutMs = 10_000): Promise<HunterError> {
  const code = (err as { code?: string }).code ?? 'unknown';
  let seen: { cert: CertificateInfo; problem: CertificateProblem } | null = null;
  try {
    seen = await inspectCertificate(account, timeoutMs);
  } catch {
    // The second look failed too (the server went away): the code from the first is all there is.
  }
  const where = `${account.host}:${account.port}`;
  const problem = seen?.problem ?? problemOf(code);
  const what = seen ? ` (certificate for ${seen.cert.subject}, issued by ${seen.cert.issuer}, valid ${day(seen.cert.validFrom)} to ${day(seen.cert.validTo)}, SHA-256 ${seen.cert.fingerprint256})` : '';
  const why: Record<CertificateProblem, string> = {
    self_signed: `it is self-signed${what}. If this really is your mail server, save that certificate as a PEM file and add it as the account's extra CA certificate; otherwise do not connect`,
    unknown_ca: `it is signed by a certificate authority this computer does not know${what}. If your organisation runs its own CA, add the CA's certificate (PEM file) to this mail account`,
    expired: `it expired${seen ? ` on ${day(seen.cert.validTo)}` : ''}${what}. The server's administrator must renew it; do not work around an expired certificate`,
    not_yet_valid: `it is not valid yet${what}; check this computer's date and time`,
    wrong_host: `it is for ${seen?.cert.names.join(', ') || 'another name'}, not ${account.host}${what}. Use the host name the certificate is for`,
    untrusted: `it was refused (${code})${what}`,
  };
  return new HunterError('TLS_CERTIFICATE', `The mail server ${where} for ${accountLabel(account)} sent a certificate that is not trusted: ${why[problem]}.`, { cause: err, retryable: false });
}

/** Connects without judging the certificate, reads it, and judges it the way the real connection did. */
export async function inspectCertificate(account: ImapAccount, timeoutMs: number): Promise<{ cert: CertificateInfo; problem: CertificateProblem }> {
  const options = tlsOptionsFor(account);
  const servername = isIP(account.host) ? undefined : account.host;
  const socket = account.security === 'starttls' ? await startTls(account, timeoutMs) : undefined;
  return new Promise((resolve, reject) => {
    const s = tls.connect({ ...options, host: account.host, port: account.port, ...(socket ? { socket } : {}), ...(servername ? { servername } : {}), rejectUnauthorized: false });
    const timer = setTimeout(() => done(new Error('timed out reading the certificate')), timeoutMs);
    const done = (err: Error | null, value?: { cert: CertificateInfo; problem: CertificateProblem }) => {
      clearTimeout(timer);
      s.destroy();
      socket?.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    s.once('error', (e) => done(e));
    s.once('secureConnect', () => {
      const peer = s.getPeerCertificate(true);
      if (!peer?.raw) return done(new Error('the server sent no certificate'));
      const x = new X509Certificate(peer.raw);
      const info: CertificateInfo = {
        subject: oneLine(x.subject),
        issuer: oneLine(x.issuer),
        validFrom: new Date(x.validFrom).toISOString(),
        validTo: new Date(x.validTo).toISOString(),
        fingerprint256: x.fingerprint256,
        names: (x.subjectAltName ?? '').split(/,\s*/).map((n) => n.replace(/^(DNS|IP Address):/, '')).filter(Boolean),
      };
      const authError = s.authorizationError ? String(s.authorizationError) : null;
      const hostError = tls.checkServerIdentity(account.host, peer);
      const problem = authError ? problemOf(authError) : hostError ? 'wrong_host' : 'untrusted';
      done(null, { cert: info, problem });
    });
  });
}

/** The plain IMAP part of STARTTLS: greeting, the command, its OK; then the socket is TLS's. */
function startTls(account: ImapAccount, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: account.host, port: account.port });
    let buf = '';
    let sent = false;
    const timer = setTimeout(() => fail(new Error('no answer to STARTTLS')), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      s.destroy();
      reject(e);
    };
    s.on('error', fail);
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (!sent && /\r\n/.test(buf)) {
        sent = true;
        buf = '';
        s.write('h1 STARTTLS\r\n');
      } else if (sent && /^h1 (OK|NO|BAD)/m.test(buf)) {
        clearTimeout(timer);
        s.removeAllListeners('data');
        s.removeListener('error', fail);
        if (/^h1 OK/m.test(buf)) resolve(s);
        else fail(new Error('the server refused STARTTLS'));
      }
    });
  });
}

function problemOf(code: string): CertificateProblem {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'self_signed';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'INVALID_CA':
      return 'unknown_ca';
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'CERT_NOT_YET_VALID':
      return 'not_yet_valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return 'wrong_host';
    default:
      return 'untrusted';
  }
}

/** "O=Hunter Mail\nCN=127.0.0.1" as "O=Hunter Mail, CN=127.0.0.1". */
function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
