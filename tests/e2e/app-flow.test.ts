import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, screenshot, serveRenderer, CHROMIUM, type AppWindow } from '../support/bridge/browser';
import { createTestApp, startTestAppOnServicesThread } from '../support/bridge/in-process';
import { seedWorkspace } from '../support/bridge/seed';
import { startProviderSim, type ProviderSim } from '../support/provider-sim';

if (!hasChromium) console.warn(`app e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

function smallCsv(dir: string): string {
  const file = join(dir, 'portland-dentists.csv');
  const rows = [
    'Company,Website,Phone,Email,First Name,Last Name,Title,Address,City,Category,Rating,Reviews',
    'Bright Harbor Dental,https://brightharbor-dental.example,+1 503-555-0141,hello@brightharbor-dental.example,Maya,Lindqvist,Practice Owner,"1420 SE Hawthorne Blvd, Portland, OR",Portland,Dentist,4.8,212',
    'Willamette Smiles,https://willamette-smiles.example,+1 503-555-0102,frontdesk@willamette-smiles.example,Jonah,Okafor,Office Manager,"3120 N Williams Ave, Portland, OR",Portland,Dentist,4.9,87',
    'Pearl District Orthodontics,https://pearl-ortho.example,+1 503-555-0190,office@pearl-ortho.example,Priya,Raman,Orthodontist,"1001 NW Lovejoy St, Portland, OR",Portland,Orthodontist,4.7,301',
    'Cedar Ridge Family Dentistry,https://cedarridge-dentistry.example,+1 503-555-0177,info@cedarridge-dentistry.example,,,,"88 NW 23rd Ave, Portland, OR",Portland,Dental clinic,4.6,148',
    // A website that is no web address: imported without one, and the preview says so.
    'Tiny Tooth Co,tinytooth,,,,,,,Salem,Dentist,,',
    ',https://nameless.example,,,,,,,Portland,Dentist,4,2',
  ];
  writeFileSync(file, rows.join('\n'));
  return file;
}

describe.skipIf(!hasChromium)('the app in real Chromium over the real main-side services', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let sim: ProviderSim;

  beforeAll(async () => {
    const [dir, b, s] = await Promise.all([buildRenderer(), launchChromium(), startProviderSim({ ttftMs: 120, tokensPerSecond: 60 })]);
    browser = b;
    sim = s;
    server = await serveRenderer(dir);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sim?.stop();
  });

  it('first run → agent setup → run → streaming draft → edit → approve → export, with a screenshot of every screen', async () => {
    // As the app runs: the handlers on the services thread, requests and events crossing threads.
    const t = await startTestAppOnServicesThread({ env: { GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url } });
    let w: AppWindow | undefined;
    try {
      w = await openAppWindow(browser, server.url, t);
      const { page } = w;
      await page.getByRole('heading', { name: 'Welcome to The Hunter' }).waitFor();
      await page.getByLabel('Workspace name').fill('ChairFill — Portland dentists');
      await page.getByLabel('Your name').fill('Alex Rivera');
      await page.getByLabel('Sender address').fill('alex@chairfill.example');
      await page.getByLabel('Company (optional)').fill('ChairFill Studio');
      await page.getByLabel('Signature').fill('Alex Rivera\nChairFill Studio');
      await page.getByLabel('Groq (fast drafts)').fill('gsk_e2e_test_key_0001');
      await page.getByLabel('Anthropic (refinement)').fill('sk-ant-e2e-test-key-0001');
      await screenshot(page, '01-first-run');
      await page.getByRole('button', { name: 'Create workspace' }).click();

      await page.getByRole('heading', { name: 'Agents' }).waitFor();
      await screenshot(page, '02-agents-empty');
      await page.getByRole('button', { name: 'Create one from a template: Dentists in a city' }).click();
      const form = page.getByRole('form', { name: 'Agent setup' });
      await form.getByLabel('Agent name').fill('Portland dentists');
      await form.getByLabel('Value proposition').fill('We build patient-booking websites that fill empty chairs within a month.');
      t.pickQueue.push(smallCsv(t.dir));
      await form.getByRole('button', { name: 'Choose CSV…' }).click();
      await form.getByText('portland-dentists.csv').waitFor();
      // The import preview: how the file is read, which column feeds which field, the first rows.
      const preview = page.getByRole('region', { name: 'Import preview' });
      await preview.getByRole('region', { name: 'First rows of the file' }).waitFor();
      expect(await preview.getByLabel('Company name', { exact: true }).inputValue()).toBe('Company');
      expect(await preview.getByRole('row', { name: 'Row 6: Tiny Tooth Co, with a warning' }).count()).toBe(1);
      expect(await preview.getByRole('row', { name: 'Row 7: left out' }).count()).toBe(1);
      expect(await preview.textContent()).toContain('the website "tinytooth" in column "Website" is not a web address');
      // Keyboard: the mapping selects are reachable with Tab.
      await preview.getByLabel('Export format', { exact: true }).focus();
      await page.keyboard.press('Tab');
      expect(await preview.getByLabel('Company name', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
      await preview.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, '03a-agent-csv-preview');
      await form.getByRole('button', { name: 'Estimate cost' }).click();
      const estimate = page.getByRole('region', { name: 'Cost estimate' });
      await estimate.waitFor();
      expect(await estimate.textContent()).toContain('Balance after');
      await estimate.scrollIntoViewIfNeeded();
      await screenshot(page, '03-agent-setup-estimate');
      await estimate.getByRole('button', { name: 'Start run' }).click();

      const monitor = page.getByRole('region', { name: 'Run monitor' });
      await monitor.getByText('Completed with errors').waitFor({ timeout: 20_000 });
      expect(await monitor.getByRole('listitem', { name: 'Discovered: 5' }).count()).toBe(1);
      expect(await monitor.textContent()).toContain('CSV_ROW_INVALID');
      await page.waitForTimeout(400); // the bars' last width transition
      await screenshot(page, '04-run-monitor');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Leads' }).click();
      await page.getByRole('table', { name: 'Leads' }).getByText('Bright Harbor Dental').click();
      await page.getByRole('complementary', { name: 'Lead: Bright Harbor Dental' }).waitFor();
      await screenshot(page, '05-leads-with-panel');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Review/ }).click();
      // The run's models rank the queue; open Bright Harbor Dental wherever it stands.
      const queue = page.getByRole('listbox', { name: 'Drafts, best first' });
      await queue.getByRole('option').filter({ hasText: 'Bright Harbor Dental' }).click();
      const body = page.getByTestId('draft-body');
      await expect.poll(async () => (await body.textContent())!.length).toBeGreaterThan(20);
      await screenshot(page, '06-review');

      // Streaming: the draft appears as it is written, then the refinement replaces it.
      const marker = page.getByTestId('stream-marker');
      await page.getByRole('button', { name: 'Write again' }).click();
      await marker.getByText('Draft').waitFor();
      await expect.poll(async () => (await body.textContent())!.length, { timeout: 10_000 }).toBeGreaterThan(5);
      await screenshot(page, '07-review-streaming-draft');
      await marker.getByText(/Refining…|Refined by/).waitFor({ timeout: 15_000 });
      await marker.getByText(/Refined by/).waitFor({ timeout: 20_000 });
      await screenshot(page, '08-review-refined');
      expect(sim.requests.filter((r) => r.provider === 'groq').length).toBeGreaterThan(0);
      expect(sim.requests.filter((r) => r.provider === 'anthropic').length).toBeGreaterThan(0);

      // Edit, save and next with the keyboard; back, approve.
      await page.locator('body').click({ position: { x: 600, y: 5 } });
      await page.keyboard.press('e');
      const editor = page.getByRole('textbox', { name: 'Message' });
      await editor.waitFor();
      await editor.fill('Hi Maya, I saw Bright Harbor Dental has 212 reviews. We build booking sites for practices like yours. Would a short call next week be useful?');
      await screenshot(page, '09-review-editing');
      await page.keyboard.press('Control+Enter');
      await editor.waitFor({ state: 'detached' });
      // Save-and-next moved on; j/k walk the queue, and the edited draft is found again by name.
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      await queue.getByRole('option').filter({ hasText: 'Bright Harbor Dental' }).click();
      await expect.poll(async () => await body.textContent()).toContain('212 reviews');
      await page.keyboard.press('a');
      await expect.poll(() => t.app.workspace().drafts.count({ status: 'approved' })).toBe(1);
      await page.keyboard.press('Control+k');
      await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
      await page.getByRole('combobox', { name: 'Type a command' }).fill('approve');
      await screenshot(page, '10-command-palette');
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await screenshot(page, '11-shortcut-sheet');
      await page.keyboard.press('Escape');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Exports' }).click();
      await page.getByRole('region', { name: 'Approved drafts' }).getByText('Bright Harbor Dental').waitFor();
      await screenshot(page, '12-exports-before');
      await page.getByRole('button', { name: '.eml files' }).click();
      await page.getByRole('status', { name: 'Last export' }).getByText('Exported 1 as eml').waitFor();
      await screenshot(page, '13-exports-done');
      expect(readdirSync(join(t.dir, 'exports')).filter((f) => f.endsWith('.eml')).length).toBe(1);
      // A file export can be taken back: the file goes, the draft is approved again; then export it for good.
      await page.getByRole('button', { name: 'Undo this export' }).click();
      await expect.poll(() => readdirSync(join(t.dir, 'exports')).filter((f) => f.endsWith('.eml')).length).toBe(0);
      await expect.poll(() => t.app.workspace().drafts.count({ status: 'approved' })).toBe(1);
      await page.getByRole('button', { name: '.eml files' }).click();
      await page.getByRole('status', { name: 'Last export' }).getByText('Exported 1 as eml').waitFor();
      expect(readdirSync(join(t.dir, 'exports')).filter((f) => f.endsWith('.eml')).length).toBe(1);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Credits' }).click();
      await page.getByRole('img', { name: 'Credits spent per day, by recipe' }).waitFor();
      await screenshot(page, '14-credits');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Activity' }).click();
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      await page.getByText(/Intact: .* entries/).waitFor();
      const runId = t.app.workspace().executions.list()[0]!.id;
      await page.getByRole('combobox', { name: 'Execution' }).selectOption(runId);
      await page.getByRole('button', { name: 'Replay' }).click();
      for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step forward' }).click();
      await screenshot(page, '15-activity');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('region', { name: 'API keys' }).waitFor();
      await screenshot(page, '16-settings');
      expect(await page.content()).not.toContain('gsk_e2e_test_key');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Runs' }).click();
      await monitor.waitFor();
      expect(await monitor.getByRole('listitem', { name: 'Exported: 1' }).count()).toBe(1);
      expect(w.errors).toEqual([]);
    } finally {
      await w?.close();
      await t.close();
    }
  }, 120_000);

  it('dark mode follows the OS', async () => {
    const t = createTestApp();
    let w: AppWindow | undefined;
    try {
      seedWorkspace(t.app, 'Dark', { leads: 40, drafts: 30 });
      w = await openAppWindow(browser, server.url, t, { colorScheme: 'dark' });
      // The first draft loads after the queue; a busy machine takes longer than the poll's default second.
      await expect.poll(async () => ((await w!.page.getByTestId('draft-body').textContent()) ?? '').length, { timeout: 20_000 }).toBeGreaterThan(20);
      const bg = await w.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(bg).toBe('rgb(18, 19, 23)');
      await screenshot(w.page, '17-review-dark');
      expect(w.errors).toEqual([]);
    } finally {
      await w?.close();
      await t.close();
    }
  }, 60_000);

  it('hostile data: script and onerror names, a 100 000-character message, 100 000 leads and 10 000 drafts', async () => {
    const t = createTestApp();
    let w: AppWindow | undefined;
    try {
      const hostile = ['<script>window.__pwned=1</script>Evil Dental', '<img src=x onerror="window.__pwned=2">Onerror Smiles'];
      const started = performance.now();
      seedWorkspace(t.app, 'Huge', {
        leads: 100_000,
        drafts: 10_000,
        names: hostile,
        rankFirst: 2,
        bodyOf: (i) => (i === 0 ? `<img src=x onerror="window.__pwned=3"> ${'long '.repeat(20_000)}` : `Hello <script>window.__pwned=4</script> from ${i}`),
      });
      console.log(`hostile e2e: seeded 100 000 leads and 10 000 drafts in ${Math.round(performance.now() - started)} ms`);
      w = await openAppWindow(browser, server.url, t);
      const { page } = w;
      const body = page.getByTestId('draft-body');
      await expect.poll(async () => ((await body.textContent()) ?? '').length, { timeout: 20_000 }).toBeGreaterThan(99_000);
      await page.getByRole('listbox', { name: 'Drafts, best first' }).getByText('<img src=x onerror="window.__pwned=2">Onerror Smiles').first().waitFor();
      await screenshot(page, '18-review-hostile');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('#root script').count()).toBe(0);

      // The queue of 10 000: jump to the end; rows are fetched as they come into view.
      const queue = page.getByRole('listbox', { name: 'Drafts, best first' });
      await queue.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await expect.poll(async () => await queue.getByRole('option').last().textContent(), { timeout: 10_000 }).not.toContain('Loading');
      expect(await queue.getByRole('option').count()).toBeLessThan(60);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Leads' }).click();
      await page.getByText('100,000 leads').or(page.getByText('100 000 leads')).or(page.getByText('100.000 leads')).waitFor();
      const rows = page.locator('.table-scroll');
      await rows.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await expect.poll(async () => await page.getByRole('row').nth(5).textContent(), { timeout: 10_000 }).toMatch(/Practice \d{6}|Evil|Onerror/);
      expect(await page.getByRole('row').count()).toBeLessThan(80);
      await screenshot(page, '19-leads-100k');
      await page.getByRole('searchbox', { name: 'Search leads' }).fill('Evil');
      await page.getByRole('table', { name: 'Leads' }).getByText('<script>window.__pwned=1</script>Evil Dental').click();
      await page.getByRole('complementary').waitFor();
      await screenshot(page, '20-lead-hostile-panel');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(w.errors).toEqual([]);
    } finally {
      await w?.close();
      await t.close();
    }
  }, 120_000);
});
