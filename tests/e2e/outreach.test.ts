import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableMessageId } from '../../main/export';
import { describeViolations, seriousAxeViolations } from '../support/bridge/axe';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, screenshot, serveRenderer, CHROMIUM, type AppWindow } from '../support/bridge/browser';
import { ok } from '../support/bridge/calls';
import { createTestApp, type TestApp } from '../support/bridge/in-process';
import { seedWorkspace } from '../support/bridge/seed';
import { deliverReply, dovecotAvailable, dovecotMissingReason, startDovecot, type DovecotServer } from '../support/dovecot';

if (!hasChromium) console.warn(`outreach e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);
if (!dovecotAvailable) console.warn(`outreach e2e: the reply check is skipped, ${dovecotMissingReason}`);

/** The machine may be busy with other suites: a decision's round trip gets more than the default second. */
const POLL = { timeout: 10_000 };
const LARGE = { width: 1280, height: 800 };
const SMALL = { width: 1024, height: 640 };

type Seeded = ReturnType<typeof seedWorkspace>;
const ws0 = (t: TestApp) => t.app.workspace();

/** The seeded agent writes for e-mail, SMS and a LinkedIn note (the review pane's tabs). */
function withChannels(s: Seeded, channels: string[]): void {
  const agent = s.store.agents.list()[0]!;
  s.store.agents.save({ ...agent.config, channels }, agent.id);
}

/**
 * Outreach after the first draft (issue 16), in real Chromium over the real main side: channel tabs,
 * a rejection with its reason, a second variant picked, and the Outcomes screen after a real read of a
 * real Dovecot inbox.
 */
describe.skipIf(!hasChromium)('Outreach in real Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let imap: DovecotServer | undefined;

  beforeAll(async () => {
    const [dir, b, d] = await Promise.all([buildRenderer(), launchChromium(), dovecotAvailable ? startDovecot() : Promise.resolve(undefined)]);
    browser = b;
    imap = d;
    server = await serveRenderer(dir);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await imap?.stop();
  });

  async function closeAll(t: TestApp | undefined, w: AppWindow | undefined) {
    expect(w?.errors ?? []).toEqual([]);
    await w?.close();
    await t?.close();
  }
  async function noSeriousViolations(page: Page) {
    const v = await seriousAxeViolations(page);
    expect(v, describeViolations(v)).toEqual([]);
  }
  const selectedId = (page: Page) => page.evaluate(() => document.querySelector('[role="option"][aria-selected="true"]')!.id.slice(2));

  it('shows the SMS version under its tab with its length against the limit, copies it, and rejects with a reason; "don\'t contact again" lists the address', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      t = createTestApp();
      const seeded = seedWorkspace(t.app, 'Outreach', { leads: 8, drafts: 4, rankFirst: 2 });
      withChannels(seeded, ['email', 'sms', 'linkedin_note']);
      w = await openAppWindow(browser, server.url, t, { viewport: LARGE });
      const { page } = w;
      await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
      await page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
      const id = await selectedId(page);
      const tabs = page.getByRole('tablist', { name: 'Message versions' });
      await tabs.waitFor();
      // The tabs and the versions come after the draft (drafts:channels): wait for them, never read them at once.
      await expect.poll(() => tabs.getByRole('tab').allTextContents(), POLL).toEqual(['E-mail', 'SMS', 'LinkedIn note']);
      expect(await tabs.getByRole('tab', { name: 'E-mail' }).getAttribute('aria-selected')).toBe('true');
      // The arrows move between tabs, as a tab list does.
      await tabs.getByRole('tab', { name: 'E-mail' }).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => tabs.getByRole('tab', { name: 'SMS' }).getAttribute('aria-selected'), POLL).toBe('true');
      const [sms] = await ok(t, 'drafts:channels', { id, channel: 'sms' });
      const text = page.getByTestId('channel-text');
      await expect.poll(() => text.textContent(), POLL).toBe(sms!.text);
      await expect.poll(() => page.getByTestId('channel-length').textContent(), POLL).toBe(`${sms!.length} / 160 GSM-7`);
      expect(sms!.length).toBeLessThanOrEqual(160);
      // Never a word cut short: every word of the version (but the sign-off) is a whole word of the e-mail.
      const words = new Set(ws0(t).drafts.get(id).body.split(/\s+/));
      expect(sms!.text.replace(/\s+-\s+\S+$/, '').split(/\s+/).filter((x) => !words.has(x))).toEqual([]);
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await page.locator('.toast').filter({ hasText: 'SMS version' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sms!.text);
      await screenshot(page, 'outreach-sms-tab-1280');

      // The reason chooser: Esc keeps the draft; 5 rejects it and lists the address.
      const ws = t.app.workspace();
      await page.locator('body').press('r');
      const dialog = page.getByRole('dialog', { name: /Reject the draft to .*: why\?/ });
      await dialog.waitFor();
      await expect.poll(() => dialog.getByRole('button').allTextContents(), POLL).toEqual(expect.arrayContaining([expect.stringContaining('Wrong person'), expect.stringContaining("Don't contact again")]));
      expect(await dialog.textContent()).toContain(`Also puts ${ws.drafts.get(id).recipient} on the do-not-contact list`);
      await noSeriousViolations(page);
      await screenshot(page, 'outreach-reject-reasons-1280');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count(), POLL).toBe(0);
      expect(ws.drafts.get(id).status).toBe('pending_review');
      await page.keyboard.press('r');
      await dialog.waitFor();
      await page.keyboard.press('5');
      await expect.poll(() => ws.drafts.get(id).status, POLL).toBe('rejected');
      expect(t.app.db.prepare('SELECT reject_reason FROM drafts WHERE id = ?').get(id)).toEqual({ reject_reason: 'do_not_contact' });
      const listed = await ok(t, 'dnc:list', {});
      expect(listed.rows.map((e) => e.value)).toContain(ws.drafts.get(id).recipient);
      await page.locator('.toast').filter({ hasText: 'is on the do-not-contact list' }).waitFor();
      // The next draft is on screen; a plain reason (1) rejects it and U takes it back.
      const next = await selectedId(page);
      expect(next).not.toBe(id);
      await page.keyboard.press('r');
      await dialog.waitFor();
      await page.keyboard.press('1');
      await expect.poll(() => ws.drafts.get(next).status, POLL).toBe('rejected');
      expect(t.app.db.prepare('SELECT reject_reason FROM drafts WHERE id = ?').get(next)).toEqual({ reject_reason: 'wrong_person' });
      await page.keyboard.press('u');
      await expect.poll(() => ws.drafts.get(next).status, POLL).toBe('pending_review');
      await w.close();

      // The small window: the tabs and the chat text stay inside the pane.
      w = await openAppWindow(browser, server.url, t, { viewport: SMALL });
      await w.page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
      await w.page.getByRole('tab', { name: 'SMS' }).click();
      await w.page.getByTestId('channel-text').waitFor();
      const fits = await w.page.locator('section[aria-label="Draft"]').evaluate((pane) => {
        const box = pane.getBoundingClientRect();
        return [...pane.querySelectorAll('.tabs, .tab, [data-testid="channel-text"], .actions')].filter((el) => el.getBoundingClientRect().right > box.right + 0.5).length;
      });
      expect(fits).toBe(0);
      await noSeriousViolations(w.page);
      await screenshot(w.page, 'outreach-sms-tab-1024');
    } finally {
      await closeAll(t, w);
    }
  });

  it('writes a second variant on another angle, switches between them and uses one; a lead with no other fact is told why', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      t = createTestApp();
      const seeded = seedWorkspace(t.app, 'Variants', { leads: 6, drafts: 3, rankFirst: 2 });
      const now = new Date().toISOString();
      seeded.store.leads.addFacts(seeded.leadIds[0]!, [
        { kind: 'description', value: 'Invisalign and same-day crowns for the whole family', source_url: 'https://practice-0.example/services', method: 'text', confidence: 0.8, observed_at: now },
        { kind: 'opening_hours', value: 'Mo-Fr 08:00-18:00; Sa 09:00-13:00', source_url: 'https://practice-0.example/', method: 'json_ld', confidence: 0.9, observed_at: now },
      ]);
      w = await openAppWindow(browser, server.url, t, { viewport: LARGE });
      const { page } = w;
      await page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
      const first = seeded.draftIds[0]!;
      expect(await selectedId(page)).toBe(first);
      await page.getByRole('button', { name: 'Write a second variant' }).click();
      const variants = page.getByRole('group', { name: 'Variants of this message' });
      await variants.waitFor();
      await expect.poll(() => variants.getByRole('button').allTextContents(), POLL).toEqual(['Variant 1', 'Variant 2']);
      // The new variant is on screen, and it is another text.
      await expect.poll(() => variants.getByRole('button', { name: 'Variant 2' }).getAttribute('aria-pressed'), POLL).toBe('true');
      const second = await selectedId(page);
      expect(second).not.toBe(first);
      const ws = t.app.workspace();
      await expect.poll(() => page.getByTestId('draft-body').textContent(), POLL).toBe(ws.drafts.get(second).body);
      expect(ws.drafts.get(second).body).not.toBe(ws.drafts.get(first).body);
      await screenshot(page, 'outreach-variants-1280');
      await variants.getByRole('button', { name: 'Variant 1' }).click();
      await expect.poll(() => selectedId(page), POLL).toBe(first);
      await variants.getByRole('button', { name: 'Variant 2' }).click();
      await expect.poll(() => selectedId(page), POLL).toBe(second);
      await page.getByRole('button', { name: 'Use this variant' }).click();
      await expect.poll(() => ws.drafts.get(second).status, POLL).toBe('approved');
      expect(ws.drafts.get(first).status).toBe('rejected');
      await page.locator('.toast').filter({ hasText: 'Variant 2 of' }).waitFor();
      // One U puts both back.
      await page.keyboard.press('u');
      await expect.poll(() => `${ws.drafts.get(first).status}/${ws.drafts.get(second).status}`, POLL).toBe('pending_review/pending_review');

      // A lead with nothing else to open with: the refusal is said beside the button.
      const lone = seeded.draftIds[1]!;
      await page.locator(`[id="q-${lone}"]`).click();
      await expect.poll(() => selectedId(page), POLL).toBe(lone);
      t.app.db.prepare('UPDATE leads SET rating = NULL, review_count = NULL, city = NULL, category = NULL WHERE id = ?').run(seeded.leadIds[1]);
      t.app.db.prepare("DELETE FROM facts WHERE lead_id = ? AND kind <> 'email'").run(seeded.leadIds[1]);
      await page.getByRole('button', { name: 'Write a second variant' }).click();
      const refusal = page.getByTestId('variant-refusal');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/has no other fact to write a second variant from/);
      await screenshot(page, 'outreach-variant-refused-1280');
    } finally {
      await closeAll(t, w);
    }
  });

  it('says what to do when no mail account is saved, with a code', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      t = createTestApp();
      seedWorkspace(t.app, 'No mail', { leads: 3, drafts: 2 });
      w = await openAppWindow(browser, server.url, t, { viewport: LARGE });
      const { page } = w;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Outcomes' }).click();
      await page.getByRole('heading', { name: 'Outcomes', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Check replies now' }).click();
      const error = page.getByTestId('reply-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/Save your mail account in Settings → Mail account/i);
      expect(await error.textContent()).toContain('MAIL_ACCOUNT_MISSING');
      await error.getByRole('button', { name: 'Open Settings' }).click();
      await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent(), POLL).toMatch(/Settings/);
    } finally {
      await closeAll(t, w);
    }
  });

  it.skipIf(!dovecotAvailable)('checks replies in a real inbox: counts change, the replied lead’s follow-ups are gone, and the analytics chart draws', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      t = createTestApp();
      const seeded = seedWorkspace(t.app, 'Replies', { leads: 6, drafts: 4 });
      await ok(t, 'workspace:select', { id: seeded.store.workspaceId });
      await ok(t, 'sender:set', { postal_address: '12 Harbour Street, Portland, OR 97201' });
      await ok(t, 'mail:save', { host: '127.0.0.1', port: imap!.port, security: 'none', user: imap!.user, login: 'password', password: imap!.password });
      const [first, second] = seeded.draftIds as [string, string];
      for (const id of [first, second]) await ok(t, 'drafts:approve', { id });
      expect(await ok(t, 'export:run', { format: 'imap', ids: [first, second] })).toMatchObject({ exported: 2 });

      w = await openAppWindow(browser, server.url, t, { viewport: LARGE });
      const { page } = w;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Outcomes' }).click();
      const scheduled = page.getByRole('table', { name: 'Scheduled follow-ups' });
      await scheduled.waitFor();
      expect(await scheduled.locator(`tbody tr[data-follow-up-of="${first}"]`).count()).toBe(2);
      expect(await scheduled.locator(`tbody tr[data-follow-up-of="${second}"]`).count()).toBe(2);
      expect(await scheduled.locator('tbody tr').first().textContent()).toMatch(/Follow-up 1.*in \d+ days \(/);
      const count = (k: string) => page.locator(`[data-outcome="${k}"] .v`).textContent();
      await expect.poll(() => count('no_reply_yet'), POLL).not.toBeNull();
      const noReplyBefore = Number(await count('no_reply_yet'));
      const positiveBefore = Number(await count('positive'));

      await deliverReply(imap!, stableMessageId(first, 'chairfill.example'), 'hello@practice-0.example');
      await page.getByRole('button', { name: 'Check replies now' }).click();
      const result = page.getByTestId('reply-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/1 reply \(1 positive\).*2 follow-ups cancelled/);
      await expect.poll(() => count('positive'), POLL).toBe(String(positiveBefore + 1));
      expect(Number(await count('no_reply_yet'))).toBe(noReplyBefore - 1);
      await expect.poll(() => scheduled.locator(`tbody tr[data-follow-up-of="${first}"]`).count(), POLL).toBe(0);
      expect(await scheduled.locator(`tbody tr[data-follow-up-of="${second}"]`).count()).toBe(2);

      // The analytics: drafts per day as bars, reply counts without a share on tiny numbers.
      const chart = page.getByTestId('drafts-chart');
      await chart.waitFor();
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
      expect(await chart.getAttribute('aria-label')).toMatch(/^Drafts written per day: 4 in \d+ days$/);
      const rates = await page.getByTestId('rate').allTextContents();
      expect(rates.some((r) => /^1 of 2 replied$/.test(r))).toBe(true);
      expect(rates.join(' ')).not.toMatch(/%/);
      await noSeriousViolations(page);
      await screenshot(page, 'outreach-outcomes-1280');
      await page.locator('main').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await screenshot(page, 'outreach-outcomes-1280-analytics');
      await w.close();

      for (const [viewport, scheme, name] of [[SMALL, 'light', 'outreach-outcomes-1024'], [LARGE, 'dark', 'outreach-outcomes-1280-dark']] as const) {
        w = await openAppWindow(browser, server.url, t, { viewport, colorScheme: scheme });
        await w.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Outcomes' }).click();
        await w.page.getByTestId('drafts-chart').waitFor();
        await noSeriousViolations(w.page);
        const wide = await w.page.locator('main').evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(wide).toBeLessThanOrEqual(0);
        await screenshot(w.page, name);
        if (name !== 'outreach-outcomes-1280-dark') await w.close();
      }
    } finally {
      await closeAll(t, w);
    }
  });
});

