import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stableMessageId } from '../../../main/export';
import type { AlertView } from '../../../preload/contract';
import { ok, refused } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { seedWorkspace } from '../../support/bridge/seed';
import { deliverReply, dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../../support/dovecot';

if (!dovecotAvailable) console.warn(`Outreach IPC tests skipped: ${dovecotMissingReason}`);

let server: DovecotServer;
beforeAll(async () => {
  if (dovecotAvailable) server = await startDovecot();
});
afterAll(async () => {
  await server?.stop();
});

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});


describe.skipIf(!dovecotAvailable)('outreach through the window’s channels (issue 16)', () => {
  it('plans follow-ups at export, reads a reply in the periodic check, cancels them, and counts it; a rejection keeps its reason', async () => {
    const notified: AlertView[] = [];
    const app = createTestApp({ deps: { notify: (a) => notified.push(a) } });
    t = app;
    const seeded = seedWorkspace(app.app, 'Rep', { leads: 3, drafts: 3 });
    await ok(app, 'workspace:select', { id: seeded.store.workspaceId });
    await ok(app, 'sender:set', { postal_address: '12 Harbour Street, Portland, OR 97201' });
    const [first, second, third] = seeded.draftIds as [string, string, string];

    // Without a mail account the periodic check does nothing and says nothing.
    await app.handlers.checkRepliesNow();
    expect(notified).toEqual([]);
    await ok(app, 'mail:save', { host: '127.0.0.1', port: server.port, security: 'none', user: server.user, login: 'password', password: server.password });

    // A chat version, on demand, with its length against the channel's limit.
    const [sms] = await ok(app, 'drafts:channels', { id: first, channel: 'sms' });
    expect(sms).toMatchObject({ channel: 'sms', subject: null });
    expect(sms!.length).toBeLessThanOrEqual(sms!.limit);

    // The rep's reason for a rejection is kept; "don't contact again" lists the address.
    await ok(app, 'drafts:reject', { id: third, reason: 'do_not_contact' });
    const listed = await ok(app, 'dnc:list', {});
    expect(listed.rows.map((e) => e.value)).toContain('hello@practice-2.example');
    expect((await refused(app, 'drafts:reject', { id: second, reason: 'because' } as never)).code).toBe('INVALID_INPUT');

    for (const id of [first, second]) await ok(app, 'drafts:approve', { id });
    expect(await ok(app, 'export:run', { format: 'imap' })).toMatchObject({ exported: 2 });
    const planned = await ok(app, 'drafts:scheduled', {});
    expect(planned.rows.filter((r) => r.status === 'scheduled').map((r) => r.follow_up_of).sort()).toEqual([first, first, second, second].sort());

    await deliverReply(server, stableMessageId(first, 'chairfill.example'), 'hello@practice-0.example');
    await app.handlers.checkRepliesNow();
    expect(notified.map((a) => a.trigger_type)).toEqual(['replies_found']);
    expect(notified[0]!.message).toMatch(/^1 reply to messages you exported/);
    const after = await ok(app, 'drafts:scheduled', {});
    // The replied lead's follow-ups are cancelled (no longer scheduled); the other lead's stay.
    expect(after.rows.filter((r) => r.follow_up_of === first)).toEqual([]);
    expect(app.app.db.prepare("SELECT status, cancel_reason FROM drafts WHERE follow_up_of = ?").all(first)).toEqual([{ status: 'cancelled', cancel_reason: 'replied' }, { status: 'cancelled', cancel_reason: 'replied' }]);
    expect(after.rows.filter((r) => r.follow_up_of === second).map((r) => r.status)).toEqual(['scheduled', 'scheduled']);

    // The same reply read again is not counted twice, and the check stays quiet.
    await app.handlers.checkRepliesNow();
    expect(notified).toHaveLength(1);
    const stats = await ok(app, 'stats:get', { days: 30 });
    expect(stats).toMatchObject({ approved: 2, approved_unedited: 2 });
  });
});
