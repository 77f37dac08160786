import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousAxeViolations } from '../support/bridge/axe';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, screenshot, serveRenderer, CHROMIUM, type AppWindow } from '../support/bridge/browser';
import { createTestApp, type TestApp } from '../support/bridge/in-process';
import { seedWorkspace } from '../support/bridge/seed';
import { dovecotAvailable, dovecotMissingReason, freePort, startDovecot } from '../support/dovecot';

if (!hasChromium) console.warn(`settings/exports e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);
if (!dovecotAvailable) console.warn(`settings/exports e2e: the IMAP test is skipped: ${dovecotMissingReason}`);

const REP = { type: 'rep' as const, id: 'rep' };
const POSTAL = '1200 NW Marshall St, Portland, OR 97209';
const OPT_OUT = 'Reply "stop" and I will not write to you again.';

/** A seeded workspace (12 leads, 6 drafts) with the first `approved` drafts approved. */
function seeded(t: TestApp, approved: number) {
  const s = seedWorkspace(t.app, 'ChairFill', { leads: 12, drafts: 6 });
  for (const id of s.draftIds.slice(0, approved)) s.store.drafts.setStatus(id, 'approved', REP);
  return s;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const goTo = (page: Page, name: string) => nav(page).getByRole('button', { name, exact: true }).click();

/** The messages written by the last .eml export, parsed the way a mail client reads them. */
async function emlFiles(t: TestApp) {
  const dir = join(t.dir, 'exports');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map(async (f) => simpleParser(readFileSync(join(dir, f)))));
}

describe.skipIf(!hasChromium)('Settings, the workspace rail, Exports and Do not contact in real Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    const [dir, b] = await Promise.all([buildRenderer(), launchChromium()]);
    browser = b;
    server = await serveRenderer(dir);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** One window over a fresh main side; closes both whatever the test did. */
  async function withWindow(prepare: (t: TestApp) => void, body: (w: AppWindow, t: TestApp) => Promise<void>, opts: Parameters<typeof openAppWindow>[3] = {}) {
    const t = createTestApp();
    let w: AppWindow | undefined;
    try {
      prepare(t);
      w = await openAppWindow(browser, server.url, t, opts);
      await body(w, t);
      expect(w.errors).toEqual([]);
    } finally {
      await w?.close();
      await t.close();
    }
  }

  it('sender and postal address edited in Settings persist across a reload and sign the exported message', async () => {
    await withWindow((t) => void seeded(t, 2), async ({ page }, t) => {
      await page.getByTestId('draft-body').waitFor();
      await goTo(page, 'Settings');
      const sender = page.getByRole('form', { name: 'Your details' });
      await expect.poll(() => sender.getByLabel('Your name').inputValue()).toBe('Alex Rivera');
      await sender.getByLabel('Signature').fill('Alex Rivera\nChairFill Studio');
      await sender.getByLabel(/^Postal address/).fill(POSTAL);
      await sender.getByLabel('Opt-out sentence', { exact: true }).fill(OPT_OUT);
      await sender.getByLabel('Reply-To (optional)').fill('replies@chairfill.example');
      await sender.getByLabel(/^Bcc/).fill('log@crm.example');
      await sender.getByRole('button', { name: 'Save sender' }).click();
      await expect.poll(() => t.app.workspace().settings.get<{ postal_address?: string }>('sender')?.postal_address).toBe(POSTAL);

      await page.reload();
      await goTo(page, 'Settings');
      await expect.poll(() => page.getByRole('form', { name: 'Your details' }).getByLabel(/^Postal address/).inputValue()).toBe(POSTAL);

      await goTo(page, 'Exports');
      await page.getByRole('region', { name: 'Approved drafts' }).getByRole('cell', { name: 'Practice 000000', exact: true }).waitFor();
      await page.getByRole('button', { name: '.eml files' }).click();
      await page.getByRole('status', { name: 'Last export' }).getByText('Exported 2 as eml').waitFor();
      const mails = await emlFiles(t);
      expect(mails).toHaveLength(2);
      for (const m of mails) {
        expect(m.text).toContain('Alex Rivera\nChairFill Studio');
        expect(m.text).toContain(POSTAL);
        expect(m.text).toContain(OPT_OUT);
        expect(m.headers.get('reply-to')).toMatchObject({ text: 'replies@chairfill.example' });
        expect(m.headers.get('bcc')).toMatchObject({ text: 'log@crm.example' });
      }
    });
  }, 60_000);

  it.skipIf(!dovecotAvailable)('mail account as fields: a refused port in plain words, then the real Dovecot tested and drafts exported into its Drafts folder', async () => {
    const imap = await startDovecot({ password: 'p#ss/w%rd@1' });
    try {
      await withWindow((t) => void seeded(t, 2), async ({ page }, t) => {
        await goTo(page, 'Settings');
        const form = page.getByRole('form', { name: 'Mail account' });
        await form.getByText(/No mail account set up yet/).waitFor();
        await form.getByLabel('Server (IMAP host)').fill('127.0.0.1');
        await form.getByLabel('Security').selectOption('none');
        await form.getByLabel('Port', { exact: true }).fill(String(await freePort()));
        await form.getByLabel('User name').fill(imap.user);
        await form.getByLabel('Password', { exact: true }).fill(imap.password);
        await form.getByRole('button', { name: 'Save account' }).click();
        await form.getByText('password saved').waitFor();
        await form.getByRole('button', { name: 'Test connection' }).click();
        const result = form.getByRole('status', { name: 'Connection test' });
        await result.getByText('The mail server cannot be reached').waitFor();
        expect(await result.textContent()).toContain('connection refused');
        expect(await result.textContent()).not.toContain('AUTHENTICATION_FAILED');
        await result.scrollIntoViewIfNeeded();
        await screenshot(page, 'settings-mail-refused-1280');

        // The right port: the password is kept (the field stays empty), the test finds the Drafts folder.
        await form.getByLabel('Port', { exact: true }).fill(String(imap.port));
        await form.getByRole('button', { name: 'Save account' }).click();
        await expect.poll(() => result.count()).toBe(0);
        expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
        await form.getByRole('button', { name: 'Test connection' }).click();
        await result.getByText(`Connected to ${imap.user} on 127.0.0.1`).waitFor();
        expect(await result.textContent()).toContain('"Drafts"');

        await goTo(page, 'Exports');
        const formats = page.getByRole('region', { name: 'Export formats' });
        await formats.getByText(`Into the Drafts folder of ${imap.user} on 127.0.0.1.`).waitFor();
        await formats.getByLabel('Add an HTML alternative beside the plain text').check();
        await formats.getByRole('button', { name: 'IMAP Drafts' }).click();
        await page.getByRole('status', { name: 'Last export' }).getByText('Exported 2 as imap').waitFor();
        expect(t.app.workspace().drafts.count({ status: 'exported' })).toBe(2);
      });
      // The drafts are in the server's Drafts maildir, each with the HTML alternative.
      const drafts = join(imap.baseDir, 'mail', imap.user, '.Drafts');
      const files = ['new', 'cur'].flatMap((d) => (existsSync(join(drafts, d)) ? readdirSync(join(drafts, d)).map((f) => join(drafts, d, f)) : []));
      expect(files).toHaveLength(2);
      for (const f of files) {
        const m = await simpleParser(readFileSync(f));
        expect(m.subject).toMatch(/^A question about Practice 00000[01]$/);
        expect(m.html).toBeTruthy();
      }
    } finally {
      await imap.stop();
    }
  }, 60_000);

  it('workspaces created, renamed and switched from the rail, by keyboard', async () => {
    await withWindow((t) => void seeded(t, 0), async ({ page }, t) => {
      await page.getByTestId('draft-body').waitFor();
      await nav(page).getByRole('button', { name: 'New workspace' }).click();
      const dialog = page.getByRole('dialog', { name: 'New workspace' });
      await page.keyboard.type('Seattle dentists');
      expect(await dialog.getByLabel('Sender address').inputValue()).toBe('alex@chairfill.example');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => nav(page).getByLabel('Workspace', { exact: true }).locator('option:checked').textContent()).toBe('Seattle dentists');

      await nav(page).getByRole('button', { name: 'Rename workspace Seattle dentists' }).click();
      const rename = page.getByRole('dialog', { name: 'Rename workspace' });
      await rename.getByLabel('New name').fill('Seattle orthodontists');
      await screenshot(page, 'rail-rename-dialog-1280');
      await page.keyboard.press('Enter');
      await rename.waitFor({ state: 'detached' });
      await expect.poll(() => t.app.workspaces.list().map((w) => w.name).sort()).toEqual(['ChairFill', 'Seattle orthodontists']);
      // Escape closes a dialog without doing anything.
      await nav(page).getByRole('button', { name: 'New workspace' }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // Back to the first workspace with the keyboard: its drafts are there again.
      await nav(page).getByLabel('Workspace', { exact: true }).focus();
      await nav(page).getByLabel('Workspace', { exact: true }).selectOption({ label: 'ChairFill' });
      await page.getByTestId('draft-body').waitFor();
      expect(await nav(page).getByLabel('6 to review').count()).toBe(1);
    });
  }, 60_000);

  it('do not contact: added by hand, imported from a CSV with a bad row named, removed; a listed business is left out of the export by name', async () => {
    await withWindow((t) => void seeded(t, 3), async ({ page }, t) => {
      await goTo(page, 'Do not contact');
      await page.getByText('The list is empty').waitFor();
      const add = page.getByRole('form', { name: 'Add to the list' });
      await add.getByLabel(/^E-mail addresses, domains/).fill('Hello+Promo@Practice-1.example\n+1 503 555 0199');
      await add.getByLabel('Reason (optional)').fill('asked to stop on the phone');
      await add.getByRole('button', { name: 'Add to the list' }).click();
      const table = page.getByRole('table', { name: 'Do-not-contact entries' });
      await table.getByText('hello@practice-1.example').waitFor();

      const csv = join(t.dir, 'dnc.csv');
      writeFileSync(csv, 'email,company,reason\n,Practice 000002,objected\nnot-an-address,,\noffice@elsewhere.example,,\n');
      t.pickQueue.push(csv);
      await page.getByRole('button', { name: 'Choose CSV…' }).click();
      const imported = page.getByRole('status', { name: 'Last import' });
      await imported.getByText(/dnc\.csv: 2 added, 0 already listed, 1 refused/).waitFor();
      expect(await imported.textContent()).toContain('Row 3');
      await expect.poll(() => t.app.workspace().dnc.list().total).toBe(4);
      await screenshot(page, 'dnc-1280');

      await page.getByRole('searchbox', { name: 'Search the list' }).fill('elsewhere');
      await table.getByRole('button', { name: 'Remove office@elsewhere.example' }).click();
      await page.getByText('Nothing on the list matches').waitFor();
      await expect.poll(() => t.app.workspace().dnc.list().total).toBe(3);

      await goTo(page, 'Exports');
      await page.getByRole('button', { name: '.eml files' }).click();
      const result = page.getByRole('status', { name: 'Last export' });
      await result.getByText('Exported 1 as eml').waitFor();
      const left = result.getByRole('list', { name: 'Left out' });
      expect(await left.textContent()).toContain('Practice 000001');
      expect(await left.textContent()).toContain('Practice 000002');
      expect(await left.textContent()).not.toMatch(/drf_|draft_[0-9a-z]{6}/);
      expect((await emlFiles(t)).map((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null))).toEqual(['hello@practice-0.example']);
    });
  }, 60_000);

  it('exports with options: .eml with an HTML alternative, a Smartlead CSV with a byte-order mark, read back', async () => {
    await withWindow((t) => void seeded(t, 2), async ({ page }, t) => {
      await goTo(page, 'Exports');
      const formats = page.getByRole('region', { name: 'Export formats' });
      await formats.getByText(/No mail account set up — add one in Settings/).waitFor();
      expect(await formats.getByRole('button', { name: 'IMAP Drafts' }).isDisabled()).toBe(true);
      await formats.getByLabel('Add an HTML alternative beside the plain text').check();
      await formats.getByRole('button', { name: '.eml files' }).click();
      await page.getByRole('status', { name: 'Last export' }).getByText('Exported 2 as eml').waitFor();
      const summary = await page.getByRole('status', { name: 'Last export' }).textContent();
      expect(summary).toMatch(/To: Practice 00000[01], Practice 00000[01]/);
      expect(summary).toContain('Practice 000000');
      for (const m of await emlFiles(t)) {
        expect(m.html).toContain('Hi Maya');
        expect(m.text).toContain('Hi Maya');
      }
      // Undo, then the same drafts as a mail-merge CSV for Smartlead, with a BOM for Excel.
      await page.getByRole('button', { name: 'Undo this export' }).click();
      await page.getByRole('region', { name: 'Approved drafts' }).waitFor();
      await formats.getByLabel('Columns for').selectOption('smartlead');
      await formats.getByLabel(/byte-order mark/).check();
      await screenshot(page, 'exports-options-1280');
      await formats.getByRole('button', { name: 'Mail-merge CSV' }).click();
      await page.getByRole('status', { name: 'Last export' }).getByText('Exported 2 as csv').waitFor();
      const file = readdirSync(join(t.dir, 'exports')).find((f) => f.endsWith('.csv'))!;
      const bytes = readFileSync(join(t.dir, 'exports', file));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
      expect(header).toContain('email');
      expect(header).toContain('company_name');
      expect(header).toContain('phone_number');
      expect(rows).toHaveLength(2);
      await screenshot(page, 'exports-done-1280');
    });
  }, 60_000);

  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 640 }]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`every screen of this work at ${size.width}×${size.height} ${scheme}: no serious axe violation, nothing wider than the window`, async () => {
        await withWindow((t) => {
          const s = seeded(t, 3);
          s.store.dnc.add([{ kind: 'domain', value: 'blocked-business.example' }, { kind: 'email', value: 'someone@a-very-long-domain-name-for-a-dentist-practice.example' }], { source: 'manual', reason: 'asked to stop', actor: REP });
        }, async ({ page }) => {
          await page.getByTestId('draft-body').waitFor();
          for (const [screen, ready] of [
            ['Settings', 'Mail account'], ['Exports', 'Export formats'], ['Do not contact', 'The list'], ['Credits', 'This month'],
          ] as const) {
            await goTo(page, screen);
            await page.getByRole(screen === 'Settings' ? 'form' : 'region', { name: ready }).waitFor();
            await page.waitForTimeout(50);
            const bad = await seriousAxeViolations(page);
            expect(bad, `${screen}: ${describeViolations(bad)}`).toEqual([]);
            const overflow = await page.evaluate(() => {
              const main = document.querySelector('.main')!;
              return main.scrollWidth - main.clientWidth;
            });
            expect(overflow, `${screen} is wider than the window`).toBeLessThanOrEqual(0);
            await screenshot(page, `${screen.toLowerCase().replace(/ /g, '-')}-${size.width}-${scheme}`);
          }
          // Settings' Advanced part, opened by keyboard.
          await goTo(page, 'Settings');
          const summary = page.locator('details.advanced > summary');
          await summary.focus();
          await page.keyboard.press('Enter');
          await page.getByRole('form', { name: 'Models and folders' }).waitFor();
          expect(await seriousAxeViolations(page)).toEqual([]);
          // The new workspace dialog.
          await nav(page).getByRole('button', { name: 'New workspace' }).click();
          await page.getByRole('dialog', { name: 'New workspace' }).waitFor();
          const bad = await seriousAxeViolations(page);
          expect(bad, describeViolations(bad)).toEqual([]);
          await screenshot(page, `rail-new-workspace-${size.width}-${scheme}`);
          await page.keyboard.press('Escape');
        }, { viewport: size, colorScheme: scheme });
      }, 60_000);
    }
  }

  it('the rail and its screens are reachable with Tab alone', async () => {
    await withWindow((t) => void seeded(t, 1), async ({ page }) => {
      await page.getByTestId('draft-body').waitFor();
      // Start the Tab order at the top of the rail (its title is not focusable); a click in the main pane
      // would start it among the review's own controls, whose number depends on what has loaded.
      await nav(page).locator('.brand').click();
      const reached = new Set<string>();
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.closest('nav') ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
        });
        if (label) reached.add(label);
        if (label === 'Do not contact') break;
      }
      expect([...reached]).toEqual(expect.arrayContaining(['New workspace', 'Exports', 'Do not contact']));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Do not contact' }).waitFor();
      // Into the screen: the first field of the form comes next in the Tab order after the rail.
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA')) break;
      }
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    });
  }, 60_000);
});
