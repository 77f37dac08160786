import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private certificate authority made with the openssl command line, as a company's own CA would be:
 * a CA certificate, and server certificates it signs for 127.0.0.1. Variants give the failures a rep
 * meets in the field: a self-signed server certificate, an expired one, one for another host name.
 */
export interface PrivateCa {
  dir: string;
  /** The CA certificate (PEM file): what the rep adds as the account's extra CA certificate. */
  caFile: string;
  caSubject: string;
  /** Issues a server certificate (PEM cert + key files). */
  issue(opts?: ServerCertOptions): ServerCert;
  cleanup(): void;
}

export interface ServerCertOptions {
  /** Subject common name (default "127.0.0.1"). */
  cn?: string;
  /** subjectAltName (default "IP:127.0.0.1,DNS:localhost"). */
  san?: string;
  /** Signed by itself instead of the CA. */
  selfSigned?: boolean;
  /** Already expired when issued. */
  expired?: boolean;
}

export interface ServerCert {
  certFile: string;
  keyFile: string;
  subject: string;
  cert: string;
  key: string;
}

export const opensslAvailable = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let serial = 0;

export function createPrivateCa(name = 'Hunter Test CA'): PrivateCa {
  const dir = mkdtempSync(join(tmpdir(), 'hunter-ca-'));
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  const caSubject = `/O=Hunter Tests/CN=${name}`;
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile, '-days', '30', '-subj', caSubject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return {
    dir,
    caFile,
    caSubject: `O=Hunter Tests, CN=${name}`,
    issue(opts = {}) {
      const n = ++serial;
      const cn = opts.cn ?? '127.0.0.1';
      const san = opts.san ?? 'IP:127.0.0.1,DNS:localhost';
      const keyFile = join(dir, `server-${n}.key`);
      const certFile = join(dir, `server-${n}.pem`);
      const subject = `/O=Hunter Mail/CN=${cn}`;
      const days = opts.expired ? '-1' : '30';
      if (opts.selfSigned) {
        openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', days, '-subj', subject, '-addext', `subjectAltName=${san}`]);
      } else {
        const csr = join(dir, `server-${n}.csr`);
        const ext = join(dir, `server-${n}.ext`);
        writeFileSync(ext, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
        openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', subject]);
        // `-days -1` gives a certificate whose validity ended a day before it began: expired from the start.
        openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-set_serial', String(1000 + n), '-days', days, '-extfile', ext, '-out', certFile]);
      }
      return { certFile, keyFile, subject: `O=Hunter Mail, CN=${cn}`, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
