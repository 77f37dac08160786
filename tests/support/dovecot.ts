import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real Dovecot IMAP server on 127.0.0.1 for tests, with its own configuration in a temporary folder
 * (Debian's `dovecot-imapd`; CI installs it). One user, a Drafts folder flagged \Drafts, no TLS.
 */
export interface DovecotServer {
  host: string;
  port: number;
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

export async function startDovecot(opts: { user?: string; password?: string } = {}): Promise<DovecotServer> {
  if (!dovecotBinary) throw new Error(dovecotMissingReason!);
  const user = opts.user ?? 'rep';
  const password = opts.password ?? 'app-password-123';
  const port = await freePort();
  const base = mkdtempSync(join(tmpdir(), 'hunter-dovecot-'));
  const mail = join(base, 'mail');
  mkdirSync(mail);
  mkdirSync(join(base, 'state'));
  writeFileSync(join(base, 'passwd'), `${user}:{PLAIN}${password}\n`);

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
  const conf = `base_dir = ${base}/run
state_dir = ${base}/state
log_path = ${base}/dovecot.log
${nonRoot}protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try a wrong password on purpose; the default 2 s penalty only slows them down.
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:${mail}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${base}/passwd
}
userdb {
  driver = static
  args = ${userLines} home=${mail}/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
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
    port = 0
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

function freePort(): Promise<number> {
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
