import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportDrafts,
  memorySecrets,
  parseImapAccount,
  setAccountPassword,
  testConnection,
  type ImapAccount,
  type ImapAccountInput,
} from '../../../main/export';
import { accountPassword } from '../../../main/export/account-secrets';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca';
import { tempDir } from '../../support/temp';
import { workspaceWithDrafts } from './fixtures';
import { ImapProxy } from './imap-proxy';
import { ASCII, EMOJI } from './samples';

const ready = dovecotAvailable && opensslAvailable;
if (!ready) console.warn(`IMAP account tests skipped: ${dovecotMissingReason ?? 'openssl is not installed'}`);

/** The password of the rep's account: every character a URL would have had to escape. */
const PASSWORD = 'p#ss/w0rd%25@home';
const tmp = tempDir('hunter-imap-accounts-');
let ca: PrivateCa;
let server: DovecotServer;
let n = 0;
const QUICK = { attempts: 3, delayMs: 20 };

beforeAll(async () => {
  if (!ready) return;
  ca = createPrivateCa();
  server = await startDovecot({ password: PASSWORD, tls: ca.issue() });
});
afterAll(async () => {
  await server?.stop();
  ca?.cleanup();
  tmp.cleanup();
});

const account = (over: Partial<ImapAccountInput> = {}): ImapAccount =>
  parseImapAccount({ host: '127.0.0.1', port: server.tlsPort, security: 'tls', user: server.user, auth: { method: 'password' }, caFile: ca.caFile, ...over });

function secretsFor(a: ImapAccount, password = PASSWORD) {
  const s = memorySecrets();
  setAccountPassword(s, a, password);
  return s;
}

/** The Drafts folder read by Python's imaplib over TLS, trusting only the private CA: an independent reader. */
function draftsByPython(): string[] {
  const script = [
    'import imaplib, ssl, sys, email',
    'ctx = ssl.create_default_context(cafile=sys.argv[3])',
    'm = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ctx)',
    'm.login(sys.argv[2], sys.argv[4])',
    'm.select("Drafts", readonly=True)',
    'typ, data = m.search(None, "ALL")',
    'for num in data[0].split():',
    '    typ, msg = m.fetch(num, "(RFC822)")',
    '    print(email.message_from_bytes(msg[0][1])["Subject"])',
    'm.logout()',
  ].join('\n');
  return execFileSync('python3', ['-c', script, String(server.tlsPort), server.user, ca.caFile, PASSWORD], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
}

describe('mail account settings', () => {
  it('takes fields, not a URL: default ports by security, and a password with # / % @ kept as it is', () => {
    const a = parseImapAccount({ host: 'IMAP.Example.com', security: 'tls', user: 'rep@example.com', auth: { method: 'password' } });
    expect(a).toMatchObject({ host: 'imap.example.com', port: 993, security: 'tls' });
    expect(parseImapAccount({ host: 'imap.example.com', security: 'starttls', user: 'u', auth: { method: 'password' } }).port).toBe(143);
    const s = memorySecrets();
    setAccountPassword(s, a, PASSWORD);
    expect(accountPassword(s, a)).toBe(PASSWORD);
    // The keychain value names no host in a URL: a JSON document keyed by account.
    expect(JSON.parse(s.get('imap')!)).toEqual({ v: 1, accounts: { 'password:rep@example.com@imap.example.com': { password: PASSWORD } } });
  });

  it('refuses no encryption to another machine, a URL in the host field, and an endpoint over http off this machine', () => {
    expect(() => parseImapAccount({ host: 'imap.example.com', security: 'none', user: 'u', auth: { method: 'password' } })).toThrow(/security "none" .*allowed only for a server on this computer/);
    expect(parseImapAccount({ host: '127.0.0.1', port: 1143, security: 'none', user: 'u', auth: { method: 'password' } }).security).toBe('none');
    expect(() => parseImapAccount({ host: 'imaps://imap.example.com:993', security: 'tls', user: 'u', auth: { method: 'password' } })).toThrow(/host is not a host name/);
    expect(() => parseImapAccount({ host: 'imap.gmail.com', security: 'tls', user: 'u', auth: { method: 'oauth2', provider: 'google', clientId: 'x', endpoints: { token: 'http://evil.example/token' } } })).toThrow(/auth.endpoints.token must be an https/);
    expect(() => parseImapAccount({ host: 'imap.gmail.com', security: 'tls', user: 'u', auth: { method: 'oauth2', provider: 'google', clientId: ' ' } })).toThrow(/client id is empty/);
  });
});

describe.skipIf(!ready)('mail accounts against a real Dovecot with TLS (private CA)', () => {
  it('TLS trusting the account\'s extra CA: drafts saved with a password full of URL characters, read back by Python', async () => {
    const a = account();
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII, EMOJI]);
    const summary = await exportDrafts(store, { format: 'imap', account: a, secrets: secretsFor(a) });
    expect(summary).toMatchObject({ exported: 2, undoable: false, location: `imap://rep@127.0.0.1:${server.tlsPort}/Drafts` });
    for (const id of ids) expect(store.drafts.get(id).status).toBe('exported');
    expect(draftsByPython()).toEqual(expect.arrayContaining([expect.stringContaining('Bright Smile'), expect.any(String)]));
    close();
  });

  it('the same server without the extra CA is refused with TLS_CERTIFICATE naming subject and issuer, tried once', async () => {
    const proxy = new ImapProxy({ host: '127.0.0.1', port: server.tlsPort });
    await proxy.listen();
    const a = account({ port: proxy.port, caFile: undefined });
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII]);
    const err = await exportDrafts(store, { format: 'imap', account: a, secrets: secretsFor(a), imapRetry: QUICK }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TLS_CERTIFICATE', retryable: false });
    const message = (err as Error).message;
    expect(message).toContain('certificate for O=Hunter Mail, CN=127.0.0.1');
    expect(message).toContain(`issued by ${ca.caSubject}`);
    expect(message).toMatch(/signed by a certificate authority this computer does not know/);
    expect(message).toMatch(/SHA-256 [0-9A-F:]{95}/);
    // One login attempt and one look at the certificate; the retry policy never ran.
    expect(proxy.connections).toBe(2);
    expect(store.drafts.get(ids[0]!).status).toBe('approved');
    await proxy.close();
    close();
  });

  it('STARTTLS with the extra CA works; without it the certificate is refused, not "retried"', async () => {
    const ok = await testConnection(account({ port: server.port, security: 'starttls' }), secretsFor(account({ port: server.port, security: 'starttls' })));
    expect(ok).toEqual({ ok: true, account: 'rep on 127.0.0.1', mailbox: 'Drafts', security: 'starttls', login: 'password' });

    const proxy = new ImapProxy({ host: '127.0.0.1', port: server.port });
    await proxy.listen();
    const a = account({ port: proxy.port, security: 'starttls', caFile: undefined });
    const { store, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), [ASCII]);
    const err = await exportDrafts(store, { format: 'imap', account: a, secrets: secretsFor(a), imapRetry: QUICK }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TLS_CERTIFICATE', retryable: false });
    expect((err as Error).message).toContain('certificate for O=Hunter Mail, CN=127.0.0.1');
    expect(proxy.connections).toBe(2);
    await proxy.close();
    close();
  });

  it('direct TLS is what the setting says, not what the port suggests: TLS on the STARTTLS port is a security-setting error', async () => {
    const a = account({ port: server.port, security: 'tls' });
    const r = await testConnection(a, secretsFor(a), { timeoutMs: 3000 });
    expect(r).toMatchObject({ ok: false, problem: 'security', code: 'CONNECTION_ERROR', retryable: false });
    if (!r.ok) expect(r.message).toMatch(/check the security setting of rep on 127\.0\.0\.1/);
  });

  it('a refused password names the account, not an API key', async () => {
    const a = account();
    const r = await testConnection(a, secretsFor(a, 'wrong#password'));
    expect(r).toMatchObject({ ok: false, problem: 'login', code: 'AUTHENTICATION_FAILED', retryable: false });
    if (!r.ok) {
      expect(r.message).toContain('refused the user name or password of rep on 127.0.0.1');
      expect(r.message).not.toMatch(/API key|wrong#password/);
    }
    expect(await testConnection(a, memorySecrets())).toMatchObject({ ok: false, problem: 'login', message: expect.stringMatching(/No password is saved for the mail account rep on 127\.0\.0\.1/) });
  });

  it('a CA file that is not a certificate is a settings problem', async () => {
    const bad = tmp.file('not-a-cert.pem');
    writeFileSync(bad, 'hello');
    const a = account({ caFile: bad });
    expect(await testConnection(a, secretsFor(a))).toMatchObject({ ok: false, problem: 'settings', code: 'INVALID_INPUT', message: expect.stringMatching(/holds no PEM certificate/) });
  });
});

describe.skipIf(!dovecotAvailable)('Drafts folder', () => {
  let plain: DovecotServer;
  beforeAll(async () => {
    plain = await startDovecot({ drafts: false });
  });
  afterAll(async () => {
    await plain?.stop();
  });
  const plainAccount = (over: Partial<ImapAccountInput> = {}) => parseImapAccount({ host: '127.0.0.1', port: plain.port, security: 'none', user: plain.user, auth: { method: 'password' }, ...over });

  it('no \\Drafts folder and none named Drafts: says so and lists the folders; an override is used', async () => {
    const a = plainAccount();
    const s = secretsFor(a, plain.password);
    const r = await testConnection(a, s);
    expect(r).toMatchObject({ ok: false, problem: 'no_drafts', code: 'NOT_FOUND' });
    if (!r.ok) expect(r.message).toMatch(/No Drafts folder was found on rep on 127\.0\.0\.1.*Folders: INBOX, Sent/);
    expect(await testConnection(plainAccount({ draftsFolder: 'Sent' }), s)).toMatchObject({ ok: true, mailbox: 'Sent' });
    expect(await testConnection(plainAccount({ draftsFolder: 'Entwürfe' }), s)).toMatchObject({ ok: false, problem: 'no_drafts', message: expect.stringMatching(/no folder "Entwürfe"/) });
  });
});

describe('unreachable servers', () => {
  const remote = (host: string, port: number) => parseImapAccount({ host, port, security: 'tls', user: 'rep@example.com', auth: { method: 'password' } });
  const s = memorySecrets();

  it('a name that does not resolve', async () => {
    const a = remote('no-such-mail-server.invalid', 993);
    setAccountPassword(s, a, 'x');
    const r = await testConnection(a, s, { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, problem: 'unreachable', code: 'CONNECTION_ERROR' });
    if (!r.ok) expect(r.message).toMatch(/no-such-mail-server\.invalid (was not found \(DNS\)|could not be looked up)/);
  });

  it('a port where nothing listens', async () => {
    const port = await closedPort();
    const a = remote('127.0.0.1', port);
    setAccountPassword(s, a, 'x');
    const r = await testConnection(a, s);
    expect(r).toMatchObject({ ok: false, problem: 'unreachable', code: 'CONNECTION_ERROR', retryable: true });
    if (!r.ok) expect(r.message).toContain(`Nothing answers at 127.0.0.1:${port} (connection refused)`);
  });

  it('a server that takes the connection and never greets', async () => {
    const silent = await listen(createTcpServer(() => undefined));
    const a = parseImapAccount({ host: '127.0.0.1', port: silent.port, security: 'starttls', user: 'rep', auth: { method: 'password' } });
    setAccountPassword(s, a, 'x');
    const r = await testConnection(a, s, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, problem: 'unreachable', code: 'TIMEOUT' });
    if (!r.ok) expect(r.message).toMatch(/did not answer in time\. If this port takes TLS from the start/);
    await silent.close();
  });
});

describe.skipIf(!opensslAvailable)('certificates, and why one is refused', () => {
  let caA: PrivateCa;
  let caB: PrivateCa;
  beforeAll(() => {
    caA = createPrivateCa('Hunter Test CA');
    caB = createPrivateCa('Some Other CA');
  });
  afterAll(() => {
    caA?.cleanup();
    caB?.cleanup();
  });

  /** A TLS server that greets like IMAP: enough for the certificate to be judged. */
  async function imapsWith(cert: { cert: string; key: string }) {
    return listen(createTlsServer({ cert: cert.cert, key: cert.key }, (sock) => sock.end('* OK ready\r\n')));
  }

  it.each([
    ['self-signed', () => caA.issue({ selfSigned: true }), false, /it is self-signed \(certificate for O=Hunter Mail, CN=127\.0\.0\.1, issued by O=Hunter Mail, CN=127\.0\.0\.1/],
    ['unknown CA', () => caB.issue(), true, /signed by a certificate authority this computer does not know \(certificate for O=Hunter Mail, CN=127\.0\.0\.1, issued by O=Hunter Tests, CN=Some Other CA/],
    ['expired', () => caA.issue({ expired: true }), true, /it expired on \d{4}-\d\d-\d\d .*renew it/],
    ['wrong host', () => caA.issue({ cn: 'mail.example.com', san: 'DNS:mail.example.com' }), true, /it is for mail\.example\.com, not 127\.0\.0\.1 .*Use the host name the certificate is for/],
  ])('%s', async (_name, make, trustCaA, why) => {
    const tlsServer = await imapsWith(make());
    const a = parseImapAccount({ host: '127.0.0.1', port: tlsServer.port, security: 'tls', user: 'rep', auth: { method: 'password' }, ...(trustCaA ? { caFile: caA.caFile } : {}) });
    const s = memorySecrets();
    setAccountPassword(s, a, 'x');
    const r = await testConnection(a, s);
    expect(r).toMatchObject({ ok: false, problem: 'certificate', code: 'TLS_CERTIFICATE', retryable: false });
    if (!r.ok) expect(r.message).toMatch(why);
    await tlsServer.close();
  });
});

async function listen(srv: Server): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  srv.on('secureConnection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      srv.close(() => resolve());
    }),
  };
}

async function closedPort(): Promise<number> {
  const srv = await listen(createTcpServer());
  await srv.close();
  return srv.port;
}
