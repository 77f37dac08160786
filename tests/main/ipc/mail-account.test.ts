import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';
import { createPrivateCa, opensslAvailable, type PrivateCa } from '../../support/private-ca';
import { ok, refused } from '../../support/bridge/calls';
import { createTestApp, startTestAppOnServicesThread, type AppSide } from '../../support/bridge/in-process';
import { seedWorkspace } from '../../support/bridge/seed';

const ready = dovecotAvailable && opensslAvailable;
if (!ready) console.warn(`Mail account IPC tests skipped: ${dovecotMissingReason ?? 'openssl is not installed'}`);

/** Every character the old one-URL setting got wrong. */
const PASSWORD = 'p#ss/w0rd%@home';
let ca: PrivateCa;
let server: DovecotServer;

beforeAll(async () => {
  if (!ready) return;
  ca = createPrivateCa();
  server = await startDovecot({ password: PASSWORD, tls: ca.issue() });
});
afterAll(async () => {
  await server?.stop();
  ca?.cleanup();
});

let t: AppSide | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const fields = (over: Record<string, unknown> = {}) => ({
  host: '127.0.0.1', port: server.tlsPort, security: 'tls' as const, user: server.user, login: 'password' as const, ca_file: ca.caFile, ...over,
});

describe.skipIf(!ready)('the mail account in the app: fields, keychain, test connection, export', () => {
  it('saves the account as fields with its password in the keychain only, tests it, and exports to its Drafts folder', async () => {
    const app = createTestApp();
    t = app;
    const seeded = seedWorkspace(app.app, 'Rep', { leads: 3, drafts: 2 });
    await ok(app, 'workspace:select', { id: seeded.store.workspaceId });
    await ok(app, 'sender:set', { postal_address: '12 Main St, Portland, OR 97201' });
    expect(await ok(app, 'mail:get', {})).toBeNull();
    expect((await ok(app, 'app:bootstrap', {})).keys.imap).toBe(false);

    const saved = await ok(app, 'mail:save', { ...fields(), password: PASSWORD });
    expect(saved).toMatchObject({ host: '127.0.0.1', port: server.tlsPort, security: 'tls', login: 'password', ca_file: ca.caFile, has_credentials: true, label: `${server.user} on 127.0.0.1` });
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);
    // The keychain holds the password; the database holds none of it.
    expect(app.secrets.get('imap')).toContain(PASSWORD);
    const rows = app.app.db.prepare("SELECT value FROM preferences").all() as Array<{ value: string }>;
    expect(rows.some((r) => r.value.includes(PASSWORD))).toBe(false);
    expect((await ok(app, 'app:bootstrap', {})).keys.imap).toBe(true);

    expect(await ok(app, 'mail:test', {})).toMatchObject({ ok: true, mailbox: 'Drafts', security: 'tls', login: 'password' });

    // Saving the form again without a password keeps the saved one.
    await ok(app, 'mail:save', fields({ drafts_folder: 'Drafts' }));
    expect((await ok(app, 'mail:get', {}))?.has_credentials).toBe(true);

    for (const id of seeded.draftIds) await ok(app, 'drafts:approve', { id });
    const exported = await ok(app, 'export:run', { format: 'imap' });
    expect(exported).toMatchObject({ format: 'imap', exported: seeded.draftIds.length, skipped: [], undo_token: null });
    expect(exported.location).toContain(`127.0.0.1:${server.tlsPort}/Drafts`);
  });

  it('names what stands in the way: the certificate without the extra CA, a wrong password, no account', async () => {
    const app = createTestApp();
    t = app;
    await ok(app, 'workspace:create', { name: 'Rep', sender_name: 'Alex Rivera', sender_email: 'alex@example.com' });
    const none = await refused(app, 'export:run', { format: 'imap' });
    expect(none.code).toBe('INVALID_INPUT');
    expect(none.message).toMatch(/no mail account yet.*Settings → Mail account/);

    await ok(app, 'mail:save', { ...fields({ ca_file: null }), password: PASSWORD });
    const certificate = await ok(app, 'mail:test', {});
    expect(certificate).toMatchObject({ ok: false, problem: 'certificate', code: 'TLS_CERTIFICATE' });
    if (!certificate.ok) expect(certificate.message).toMatch(/Hunter Test CA|self-signed|issuer/i);

    await ok(app, 'mail:save', { ...fields(), password: 'not-the-password' });
    const login = await ok(app, 'mail:test', {});
    expect(login).toMatchObject({ ok: false, problem: 'login', code: 'AUTHENTICATION_FAILED' });
    if (!login.ok) {
      expect(login.message).toContain(`${server.user} on 127.0.0.1`);
      expect(login.message).not.toMatch(/API key/i);
    }

    // A plain connection to another machine is refused before anything is saved.
    const plain = await refused(app, 'mail:save', { host: 'imap.example.com', security: 'none', user: 'rep', login: 'password' });
    expect(plain.message).toMatch(/"none" sends the password unencrypted/);
    expect((await ok(app, 'mail:get', {}))?.host).toBe('127.0.0.1');

    // The old one-URL secret cannot be set from the window any more.
    expect((await refused(app, 'secrets:set', { name: 'imap', value: 'imaps://u:p@h/Drafts' })).code).toBe('INVALID_INPUT');
    expect((await refused(app, 'mail:sign-in', {})).message).toMatch(/logs in with a password/);

    expect(await ok(app, 'mail:remove', {})).toEqual({ removed: true });
    expect(app.secrets.get('imap') ?? '').not.toContain('not-the-password');
  });

  it('on the services thread, a password saved with the account reaches the keychain of the main thread', async () => {
    const side = await startTestAppOnServicesThread();
    t = side;
    await ok(side, 'workspace:create', { name: 'Rep', sender_name: 'Alex Rivera', sender_email: 'alex@example.com' });
    await ok(side, 'mail:save', { ...fields(), password: PASSWORD });
    // The main thread's store is the real keychain; the services thread only holds a copy.
    await expect.poll(() => side.secrets.get('imap') ?? '').toContain(PASSWORD);
    expect(await ok(side, 'mail:test', {})).toMatchObject({ ok: true });
  });
});

describe('the sender in the app', () => {
  it('every sender field is editable at any time, and a wrong one is named', async () => {
    const app = createTestApp();
    t = app;
    await ok(app, 'workspace:create', { name: 'Rep', sender_name: 'Alex Rivera', sender_email: 'alex@example.com' });
    expect(await ok(app, 'sender:get', {})).toMatchObject({ name: 'Alex Rivera', email: 'alex@example.com', postal_address: null, cc: [] });
    const changed = await ok(app, 'sender:set', { signature: 'Alex\nRivera Dental Supply', postal_address: '12 Main St, Portland, OR 97201', reply_to: 'alex+replies@example.com', bcc: ['log@crm.example.com'] });
    expect(changed).toMatchObject({ name: 'Alex Rivera', signature: 'Alex\nRivera Dental Supply', postal_address: '12 Main St, Portland, OR 97201', reply_to: 'alex+replies@example.com', bcc: ['log@crm.example.com'] });
    const cleared = await ok(app, 'sender:set', { postal_address: '' });
    expect(cleared.postal_address).toBeNull();
    const bad = await refused(app, 'sender:set', { reply_to: 'not an address' });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toMatch(/reply_to/);
    expect((await ok(app, 'app:bootstrap', {})).sender).toMatchObject({ name: 'Alex Rivera', signature: 'Alex\nRivera Dental Supply' });
  });
});
