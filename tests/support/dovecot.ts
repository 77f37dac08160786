import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real Dovecot IMAP server on 127.0.0.1 for tests, with its own configuration in a temporary folder
 * (Debian's `dovecot-imapd`; CI installs it). One user and a Drafts folder flagged \Drafts. Without
 * `tls` it speaks plain IMAP only; with it, STARTTLS is required on `port` and `tlsPort` speaks TLS from
 * the first byte. With `oauth2`, XOAUTH2 logins are checked by Dovecot's oauth2 passdb, which asks the
 * given introspection URL about each token (introspection_mode = auth), as a mail provider checks a
 * Google or Microsoft access token.
 */
export interface DovecotServer {
  host: string;
  /** Plain IMAP, or IMAP with required STARTTLS when started with `tls`. */
  port: number;
  /** IMAP over TLS from the first byte (imaps), when started with `tls`; otherwise 0. */
  tlsPort: number;
  user: string;
  password: string;
  baseDir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

function findDovecot(): string | null {
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

export const dovecotBinary = findDovecot();
export const dovecotAvailable = dovecotBinary !== null;
export const dovecotMissingReason = dovecotAvailable ? null : 'dovecot is not installed (apt-get install -y dovecot-imapd); the IMAP tests need a real server';

export interface DovecotOptions {
  user?: string;
  password?: string;
  /** Certificate and key (PEM files) for STARTTLS and imaps. */
  tls?: { certFile: string; keyFile: string };
  /** Accept XOAUTH2 logins whose token this URL vouches for. */
  oauth2?: { introspectionUrl: string };
  /** false: no Drafts folder at all (default true). */
  drafts?: boolean;
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotServer> {
  if (!dovecotBinary) throw new Error(dovecotMissingReason!);
  const user = opts.user ?? 'rep';
  const password = opts.password ?? 'app-password-123';
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : 0;
  const base = mkdtempSync(join(tmpdir(), 'hunter-dovecot-'));
  const mail = join(base, 'mail');
  mkdirSync(mail);
  mkdirSync(join(base, 'state'));
  // passwd-file fields are colon-separated: a password may hold any other character as it is.
  if (/[:\n]/.test(password) || /[:\n]/.test(user)) throw new Error('the test user name and password may not contain ":" or a line break');
  writeFileSync(join(base, 'passwd'), `${user}:{PLAIN}${password}\n`);
  if (opts.oauth2) {
    writeFileSync(join(base, 'oauth2.conf'), [
      'introspection_mode = auth',
      `introspection_url = ${opts.oauth2.introspectionUrl}`,
      'username_attribute = username',
      'active_attribute = active',
      'active_value = true',
      '',
    ].join('\n'));
  }

  const root = process.getuid?.() === 0;
  // As root, mail is handled by the dovecot user and logins by the default (dovenull) login user, which
  // refuses to be root. As anyone else, every part runs as the current user.
  let userLines: string;
  if (root) {
    chmodSync(base, 0o755);
    chmodSync(join(base, 'passwd'), 0o644);
    const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
    chownSync(mail, id('-u'), id('-g'));
    userLines = 'uid=dovecot gid=dovecot';
  } else {
    const me = userInfo();
    userLines = `uid=${me.uid} gid=${me.gid}`;
  }
  const nonRoot = root ? '' : `default_internal_user = ${userInfo().username}\ndefault_login_user = ${userInfo().username}\n`;
  // With TLS the password never travels in the clear, not even on loopback: STARTTLS first, or imaps.
  const sslLines = opts.tls
    ? `ssl = required\nssl_cert = <${opts.tls.certFile}\nssl_key = <${opts.tls.keyFile}\nssl_min_protocol = TLSv1.2\ndisable_plaintext_auth = yes`
    : 'ssl = no\ndisable_plaintext_auth = no';
  const conf = `base_dir = ${base}/run
state_dir = ${base}/state
log_path = ${base}/dovecot.log
${nonRoot}protocols = imap
listen = 127.0.0.1
${sslLines}
auth_mechanisms = ${opts.oauth2 ? 'xoauth2 plain login' : 'plain login'}
# Tests try a wrong password on purpose; the default 2 s penalty only slows them down.
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:${mail}/%u
${opts.oauth2 ? `passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${base}/oauth2.conf
}
` : ''}passdb {
  driver = passwd-file
${opts.oauth2 ? '  mechanisms = plain login\n' : ''}  args = scheme=PLAIN username_format=%u ${base}/passwd
}
userdb {
  driver = static
  args = ${userLines} home=${mail}/%u
}
namespace inbox {
  inbox = yes
  separator = /
${opts.drafts === false ? '' : `  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
`}  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
  }
}
`;
  const confFile = join(base, 'dovecot.conf');
  writeFileSync(confFile, conf);
  // `dovecot -c` daemonises; its output goes to a file so it does not hold a pipe of ours open.
  const out = join(base, 'start.out');
  const started = spawnSync('sh', ['-c', `"$0" -c "$1" >"$2" 2>&1`, dovecotBinary, confFile, out], { encoding: 'utf8' });
  if (started.status !== 0) {
    const why = readIf(out) + readIf(join(base, 'dovecot.log'));
    rmSync(base, { recursive: true, force: true });
    throw new Error(`dovecot did not start (exit ${started.status}): ${why}`);
  }
  const pidFile = join(base, 'run', 'master.pid');
  try {
    await waitForGreeting(port, 10_000);
  } catch (err) {
    stopMaster(pidFile);
    const why = readIf(out) + readIf(join(base, 'dovecot.log'));
    rmSync(base, { recursive: true, force: true });
    throw new Error(`dovecot started but does not answer on port ${port}: ${(err as Error).message}\n${why}`);
  }
  // A daemon outlives the test process: if the run ends without stop(), still take it down.
  const onExit = () => stopMaster(pidFile);
  process.once('exit', onExit);
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    password,
    baseDir: base,
    async stop() {
      process.off('exit', onExit);
      const pid = stopMaster(pidFile);
      if (pid) await waitForExit(pid, 10_000);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function stopMaster(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!pid) return null;
  try {
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    return null;
  }
  return pid;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot (pid ${pid}) did not stop within ${timeoutMs} ms`);
}

/** Waits until the server sends its IMAP greeting ("* OK ... ready"). */
async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    const greeting = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      let buf = '';
      const done = (v: string) => {
        s.destroy();
        resolve(v);
      };
      s.setTimeout(1000, () => done(buf));
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (/ready/i.test(buf)) done(buf);
      });
      s.on('error', (e) => done(`error: ${e.message}`));
    });
    if (/^\* OK/m.test(greeting) && /ready/i.test(greeting)) return;
    last = greeting || last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(last);
}

/** A port on 127.0.0.1 nothing listens on (just released): a server, or "connection refused" for a test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function readIf(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** A reply as the lead's mail provider delivers it into the rep's INBOX, answering one of our Message-IDs. */
export async function deliverReply(server: DovecotServer, inReplyTo: string, from: string): Promise<void> {
  const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false, disableAutoIdle: true });
  await c.connect();
  const raw = [
    `From: ${from}`, 'To: alex@chairfill.example', 'Subject: Re: your note', 'Date: Mon, 09 Mar 2026 09:00:00 +0000', `Message-ID: <r${Date.now()}@mail.example>`,
    `In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    'Thanks, that sounds useful. Could you call me on Thursday?', '',
  ].join('\r\n');
  await c.append('INBOX', Buffer.from(raw), []);
  await c.logout();
}
