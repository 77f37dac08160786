import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, dovecotMissingReason, startDovecot } from '../../support/dovecot';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-export-cli-');
afterAll(() => tmp.cleanup());


async function approvedDemo(db: string): Promise<Array<{ id: string; body: string; subject: string; recipient: string }>> {
  expect((await runHunter(['demo', '--db', db, '--json'])).code).toBe(0);
  const rows = JSON.parse((await runHunter(['drafts', 'list', '--db', db, '--json', '--limit', '3'])).stdout).rows as Array<{ id: string }>;
  expect((await runHunter(['drafts', 'approve', ...rows.map((d) => d.id), '--db', db])).code).toBe(0);
  // The list gives rows; the text is in each draft itself.
  return Promise.all(rows.map(async (r) => JSON.parse((await runHunter(['drafts', 'show', r.id, '--db', db, '--json'])).stdout)));
}

describe('hunter export', () => {
  it('writes one .eml per approved draft that mailparser reads back as approved, marks them exported, and undoes', async () => {
    const db = tmp.file('eml.db');
    const drafts = await approvedDemo(db);
    const out = tmp.file('eml');
    const r = await runHunter(['export', '--format', 'eml', '--out', out, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.exported).toBe(3);
    const files = readdirSync(out).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(3);
    for (const d of drafts) {
      const file = files.find((f) => readFileSync(`${out}/${f}`, 'utf8').includes(d.id))!;
      const mail = await simpleParser(readFileSync(`${out}/${file}`));
      expect(mail.subject).toBe(d.subject);
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(d.recipient);
      expect(mail.headers.get('x-unsent')).toBe('1');
      expect(mail.text!.startsWith(d.body)).toBe(true);
    }
    const exported = JSON.parse((await runHunter(['drafts', 'list', '--status', 'exported', '--db', db, '--json'])).stdout);
    expect(exported.total).toBe(3);
    writeFileSync(tmp.file('summary.json'), r.stdout);
    const undo = await runHunter(['export', 'undo', tmp.file('summary.json'), '--db', db, '--json']);
    expect(JSON.parse(undo.stdout)).toMatchObject({ restored: 3, removed_files: 3 });
    expect(JSON.parse((await runHunter(['drafts', 'list', '--status', 'approved', '--db', db, '--json'])).stdout).total).toBe(3);
  });

  it.skipIf(!dovecotAvailable)(`appends approved drafts to a real Dovecot's Drafts folder, flagged \\Draft, without the password in any output ${dovecotMissingReason ?? ''}`, async () => {
    const server = await startDovecot({ user: 'rep', password: 'app-password' });
    try {
      const db = tmp.file('imap.db');
      await approvedDemo(db);
      const args = ['export', '--format', 'imap', '--host', '127.0.0.1', '--port', String(server.port), '--security', 'none', '--user', 'rep', '--db', db, '--json'];
      const first = await runHunter(args, { env: { HUNTER_IMAP_PASSWORD: 'app-password' } });
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout).exported).toBe(3);
      expect(first.stdout + first.stderr).not.toContain('app-password');
      const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'rep', pass: 'app-password' }, logger: false });
      await client.connect();
      const lock = await client.getMailboxLock('Drafts');
      try {
        const uids = await client.search({ all: true });
        expect(uids).toHaveLength(3);
        for await (const m of client.fetch('1:*', { flags: true })) expect(m.flags?.has('\\Draft')).toBe(true);
      } finally {
        lock.release();
        await client.logout();
      }
    } finally {
      await server.stop();
    }
  });

  it.skipIf(!dovecotAvailable)(`a saved mail account: tested, then exported to with a password holding # / % and @ from the environment ${dovecotMissingReason ?? ''}`, async () => {
    const password = 'p#ss/w%rd@home';
    const server = await startDovecot({ user: 'rep@example.com', password });
    try {
      const db = tmp.file('saved.db');
      await approvedDemo(db);
      const saved = await runHunter(['mail', 'save', '--host', '127.0.0.1', '--port', String(server.port), '--security', 'none', '--user', 'rep@example.com', '--db', db, '--json']);
      expect(saved.code, saved.stderr).toBe(0);
      expect(JSON.parse(saved.stdout)).toMatchObject({ host: '127.0.0.1', port: server.port, security: 'none', user: 'rep@example.com', login: 'password', label: 'rep@example.com on 127.0.0.1' });
      const shown = JSON.parse((await runHunter(['mail', 'show', '--db', db, '--json'])).stdout);
      expect(shown.port).toBe(server.port);

      const wrong = await runHunter(['mail', 'test', '--db', db, '--json'], { env: { HUNTER_IMAP_PASSWORD: 'not-it' } });
      expect(wrong.code).toBe(1);
      const refused = JSON.parse(wrong.stdout);
      expect(refused).toMatchObject({ ok: false, problem: 'login', code: 'AUTHENTICATION_FAILED' });
      expect(refused.message).toContain('rep@example.com on 127.0.0.1');
      expect(refused.message).not.toMatch(/API key/i);

      const ok = await runHunter(['mail', 'test', '--db', db, '--json'], { env: { HUNTER_IMAP_PASSWORD: password } });
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, mailbox: 'Drafts', login: 'password' });

      const exported = await runHunter(['export', '--format', 'imap', '--db', db, '--json'], { env: { HUNTER_IMAP_PASSWORD: password } });
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout).exported).toBe(3);
      expect(exported.stdout + exported.stderr + saved.stdout).not.toContain(password);

      const none = await runHunter(['mail', 'remove', '--db', db, '--json']);
      expect(JSON.parse(none.stdout)).toEqual({ removed: true });
      const noAccount = await runHunter(['export', '--format', 'imap', '--db', db, '--json'], { env: { HUNTER_IMAP_PASSWORD: password } });
      expect(noAccount.code).toBe(1);
      expect(JSON.parse(noAccount.stdout).error.message).toMatch(/no mail account yet.*Settings → Mail account/);
    } finally {
      await server.stop();
    }
  });

  it('refuses mail account options that cannot work, before opening anything', async () => {
    const db = tmp.file('refused.db');
    expect((await runHunter(['workspaces', 'create', 'Rep', '--db', db])).code).toBe(0);
    const noSecurity = await runHunter(['mail', 'save', '--host', 'imap.example.com', '--user', 'rep', '--db', db]);
    expect(noSecurity.code).toBe(2);
    expect(noSecurity.stderr).toMatch(/--security tls/);
    const plainRemote = await runHunter(['mail', 'save', '--host', 'imap.example.com', '--security', 'none', '--user', 'rep', '--db', db, '--json']);
    expect(plainRemote.code).toBe(1);
    expect(JSON.parse(plainRemote.stdout).error.message).toMatch(/"none" sends the password unencrypted.*imap\.example\.com needs "tls" or "starttls"/);
    const onFiles = await runHunter(['export', '--format', 'eml', '--out', tmp.file('x'), '--host', 'imap.example.com', '--user', 'rep', '--security', 'tls', '--db', db]);
    expect(onFiles.code).toBe(2);
  });
});
