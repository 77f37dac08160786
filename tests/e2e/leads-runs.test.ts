import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/ipc/dispatch';
import { describeViolations, seriousAxeViolations } from '../support/bridge/axe';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, screenshot, serveRenderer, CHROMIUM, type AppWindow } from '../support/bridge/browser';
import { createTestApp, type TestApp } from '../support/bridge/in-process';
import { seedWorkspace } from '../support/bridge/seed';

if (!hasChromium) console.warn(`leads/runs e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const SMALL = { width: 1024, height: 640 };
const LARGE = { width: 1280, height: 800 };

/** A rep's CSV: good rows, two rows of one business (the same own website), and two rows with no company. */
function leadsCsv(dir: string): string {
  const file = join(dir, 'dentists.csv');
  writeFileSync(
    file,
    [
      'Company,Website,Phone,Email,City,Category',
      'Maple Dental,https://maple-dental.example,+1 503-555-0101,hello@maple-dental.example,Portland,Dentist',
      'Cedar Orthodontics,https://cedar-ortho.example,+1 503-555-0102,office@cedar-ortho.example,Portland,Orthodontist',
      'Maple Dental Care,https://www.maple-dental.example/,,,Portland,Dentist',
      'Birch Family Dentistry,https://birch-family.example,+1 503-555-0104,,Salem,Dentist',
      ',https://nameless-1.example,,,Portland,Dentist',
      ',https://nameless-2.example,,,Bend,Dentist',
    ].join('\n') + '\n',
  );
  return file;
}

const AGENT = {
  name: 'Portland dentists', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'] as Array<'csv'>, tone: 'friendly' as const,
  value_proposition: 'We build booking websites for dental practices.', max_length: 75, budget: null, execution_mode: 'sequential' as const,
};

async function value<T>(p: Promise<unknown>): Promise<T> {
  const r = (await p) as { ok: boolean; value?: T; error?: { message: string } };
  if (!r.ok) throw new Error(r.error!.message);
  return r.value as T;
}

/** A workspace with the CSV run through to its end, as the app runs it; `threshold` 1 drafts nothing. */
async function ranWorkspace(threshold: number): Promise<{ t: TestApp; executionId: string }> {
  const t = createTestApp();
  await value(dispatch(t.handlers.table, 'workspace:create', { name: 'Portland', sender_name: 'Alex Rivera', sender_email: 'alex@chairfill.example' }));
  const agent = await value<{ id: string }>(dispatch(t.handlers.table, 'agents:save', { config: { ...AGENT, threshold } }));
  const csv = leadsCsv(t.dir);
  t.pickQueue.push(csv);
  await dispatch(t.handlers.table, 'dialog:open-csv', {});
  const { execution_id } = await value<{ execution_id: string }>(dispatch(t.handlers.table, 'runs:start', { agent_id: agent.id, csv_path: csv }));
  await expect.poll(() => t.app.workspace().executions.get(execution_id).status, { timeout: 20_000 }).toMatch(/completed|partial|failed/);
  return { t, executionId: execution_id };
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${screen}`) }).click();
  await page.getByRole('heading', { name: screen, level: 1 }).waitFor();
}

describe.skipIf(!hasChromium)('Leads, Activity, Agents and Runs in real Chromium over the real services', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    const [dir, b] = await Promise.all([buildRenderer(), launchChromium()]);
    browser = b;
    server = await serveRenderer(dir);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** One window over a test app for the length of `fn`; both closed after. */
  async function withWindow(t: TestApp, fn: (w: AppWindow) => Promise<void>, opts: Parameters<typeof openAppWindow>[3] = {}): Promise<void> {
    const w = await openAppWindow(browser, server.url, t, { viewport: LARGE, ...opts });
    try {
      await fn(w);
      expect(w.errors).toEqual([]);
    } finally {
      await w.close();
    }
  }

  it('estimates "up to" so many credits with the money beside them and how the leads were counted; the Google Maps terms are said at the start', async () => {
    const t = createTestApp();
    try {
      await value(dispatch(t.handlers.table, 'workspace:create', { name: 'Portland', sender_name: 'Alex', sender_email: 'alex@chairfill.example' }));
      await withWindow(t, async ({ page }) => {
        await go(page, 'Agents');
        await page.getByRole('button', { name: 'Create one from a template: Dentists in a city' }).click();
        const form = page.getByRole('form', { name: 'Agent setup' });
        t.pickQueue.push(leadsCsv(t.dir));
        await form.getByRole('button', { name: 'Choose CSV…' }).click();
        await page.getByRole('region', { name: 'First rows of the file' }).waitFor();
        await form.getByRole('button', { name: 'Estimate cost' }).click();
        const est = page.getByRole('region', { name: 'Cost estimate' });
        await est.waitFor();
        const text = (await est.textContent())!;
        expect(text).toMatch(/Up to [\d.,]+ credits \(\$[\d.]+ USD\)/);
        expect(text).not.toMatch(/\bCost\b/);
        expect(await est.getByRole('note', { name: 'How the leads were counted' }).textContent()).toMatch(/^How the leads were counted: \d+ may become gold.*\. 2 CSV rows will be refused and cost nothing\.$/);
        // 25 free credits against a bound of well under one: no balance warning.
        expect(await est.getByRole('alert').count()).toBe(0);
        await est.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-01-estimate-1280');

        // Google Maps added: the bound counts its max results, and the start says its terms once.
        await form.getByRole('checkbox', { name: 'Google Maps' }).check();
        await form.getByRole('button', { name: 'Estimate cost' }).click();
        await expect.poll(async () => (await page.getByRole('region', { name: 'Cost estimate' }).textContent()) ?? '').toMatch(/20\d may become gold/);
        await page.getByRole('region', { name: 'Cost estimate' }).getByRole('button', { name: 'Start run' }).click();
        const notice = page.getByRole('region', { name: 'Before this run' });
        await notice.waitFor();
        expect(await notice.textContent()).toContain("Google Maps' terms do not allow copying or storing its place data in bulk");
        await notice.getByRole('button', { name: 'Got it' }).click();
        await notice.waitFor({ state: 'detached' });
      });
    } finally {
      await t.close();
    }
  });

  it('suggests more keywords from the bundled table, adds only the ones ticked; the run monitor shows a Maps search per query and area', async () => {
    const { t, executionId } = await ranWorkspace(0.3);
    try {
      // What a Google Maps search stores as it goes (a crowded area split into cells), as the monitor reads it.
      const store = t.app.workspace();
      store.mapProgress.openCell(executionId, 'google_maps', { cell_key: 'dentist|', query: 'dentist', path: '', depth: 0, box: { south: 45.4, west: -122.8, north: 45.6, east: -122.5 } });
      store.mapProgress.finishCell(executionId, 'google_maps', 'dentist|', { results: 120, ended: 'cap' });
      store.mapProgress.openCell(executionId, 'google_maps', { cell_key: 'dentist|0', query: 'dentist', path: '0', depth: 1, box: { south: 45.4, west: -122.8, north: 45.5, east: -122.65 } });
      for (let i = 0; i < 3; i++) store.mapProgress.addPlace(executionId, 'google_maps', { cell_key: 'dentist|0', keys: [`place:${i}`], record: { lead: { name: `Place ${i}`, source: 'google_maps' }, facts: [] } }, i + 1);
      await withWindow(t, async ({ page }) => {
        await go(page, 'Agents');
        await page.getByRole('region', { name: 'Your agents' }).getByRole('button', { name: /Portland dentists/ }).click();
        const form = page.getByRole('form', { name: 'Agent setup' });
        const before = await form.getByRole('list', { name: 'Keywords' }).getByRole('listitem').count();
        await form.getByRole('button', { name: 'Suggest more keywords' }).click();
        const offered = page.getByRole('region', { name: 'Keyword suggestions' });
        await offered.waitFor();
        expect(await offered.getByRole('checkbox', { checked: true }).count()).toBe(0);
        await offered.getByRole('checkbox', { name: /orthodontist/ }).check();
        await offered.getByRole('checkbox', { name: /pediatric dentist/ }).check();
        await screenshot(page, 'lr-09-keyword-suggestions');
        await offered.getByRole('button', { name: 'Add 2 keywords' }).click();
        const chips = await form.getByRole('list', { name: 'Keywords' }).getByRole('listitem').allTextContents();
        expect(chips).toHaveLength(before + 2);
        expect(chips.join(' ')).toMatch(/orthodontist.*pediatric dentist/);
        const violations = await seriousAxeViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
        // What comes with each e-mail: chat versions, follow-up days, one or two variants.
        const outreach = form.getByRole('group', { name: 'Versions beside the e-mail' });
        await outreach.getByRole('checkbox', { name: 'SMS' }).check();
        await form.getByLabel('Messages per lead').selectOption('2');
        await outreach.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-11-agent-outreach-1280');
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.setViewportSize(SMALL);
        await outreach.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-11-agent-outreach-1024-dark');
        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize(LARGE);

        await go(page, 'Runs');
        const search = page.getByRole('region', { name: 'Google Maps search' });
        await search.waitFor();
        const row = (await search.getByRole('row').allTextContents())[1]!;
        expect(row).toMatch(/“dentist”.*1 of 2 done.*3.*cell 0: 3 places, searching…/);
        await search.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-10-run-monitor-map-search');
        await page.setViewportSize(SMALL);
        await search.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-10-run-monitor-map-search-1024');
      });
    } finally {
      await t.close();
    }
  });

  it('"New agent" asks: a template or blank; blank is empty and an empty value proposition is refused; expert knobs sit behind Advanced', async () => {
    const t = createTestApp();
    try {
      await value(dispatch(t.handlers.table, 'workspace:create', { name: 'Portland', sender_name: 'Alex', sender_email: 'alex@chairfill.example' }));
      await withWindow(t, async ({ page }) => {
        await go(page, 'Agents');
        await page.getByRole('button', { name: 'New agent', exact: true }).first().click();
        const chooser = page.getByRole('region', { name: 'Start a new agent from…' });
        await chooser.waitFor();
        expect(await chooser.getByRole('button').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Blank'), expect.stringContaining('Dentists in a city')]));
        // The first choice has the focus: the rep picks with the keyboard.
        expect(await chooser.getByRole('button').first().evaluate((el) => el === document.activeElement)).toBe(true);
        await screenshot(page, 'lr-02-new-agent-chooser');
        await chooser.getByRole('button', { name: /^Blank/ }).click();
        const form = page.getByRole('form', { name: 'Agent setup' });
        expect(await form.getByLabel('Agent name').inputValue()).toBe('');
        expect(await form.getByLabel('Value proposition').inputValue()).toBe('');
        expect(await form.getByRole('checkbox', { name: 'OpenStreetMap' }).isChecked()).toBe(true);
        expect(await form.getByRole('checkbox', { name: 'CSV file' }).isChecked()).toBe(false);
        // Concurrency and retries are not in the way until asked for.
        expect(await form.getByLabel('Concurrency').isVisible()).toBe(false);
        await form.getByText('Advanced', { exact: true }).click();
        expect(await form.getByLabel('Concurrency').isVisible()).toBe(true);

        await form.getByLabel('Agent name').fill('Bakeries in Lyon');
        await form.getByLabel('Add a keyword').fill('bakery, boulangerie');
        await form.getByLabel('Add a keyword').press('Enter');
        expect(await form.getByRole('list', { name: 'Keywords' }).getByRole('listitem').allTextContents()).toEqual(['bakery×', 'boulangerie×']);
        await form.getByRole('button', { name: 'Remove keyword bakery' }).click();
        expect(await form.getByRole('list', { name: 'Keywords' }).getByRole('listitem').count()).toBe(1);
        await form.getByRole('button', { name: 'Save agent' }).click();
        const alert = form.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toContain('Say what you offer (the value proposition)');
        expect(await form.getByLabel('Value proposition').evaluate((el) => el === document.activeElement)).toBe(true);
        expect(t.app.workspace().agents.list()).toEqual([]);
        await screenshot(page, 'lr-03-blank-agent-refused');

        // The same refusal from main, for a window that skipped the form's check.
        const refused = (await dispatch(t.handlers.table, 'agents:save', { config: { ...AGENT, threshold: 0.6, value_proposition: '  ' } })) as { ok: boolean; error?: { code: string } };
        expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

        // A template fills the form with its own words.
        await page.getByRole('button', { name: 'New agent', exact: true }).first().click();
        await page.getByRole('region', { name: 'Start a new agent from…' }).getByRole('button', { name: /^Dentists in a city/ }).click();
        expect(await form.getByLabel('Value proposition').inputValue()).toContain('dental practices');
        await form.getByLabel('Value proposition').fill('We fill empty chairs.');
        await form.getByRole('button', { name: 'Save agent' }).click();
        await expect.poll(() => t.app.workspace().agents.list().map((a) => a.name)).toEqual(['Dentists in a city']);
      });
    } finally {
      await t.close();
    }
  });

  it('leads: every column sorts both ways, the filter box narrows, the panel keeps the tier column and links to the draft, and the rail comes back to it', async () => {
    const t = createTestApp();
    try {
      seedWorkspace(t.app, 'Seeded', { leads: 300, drafts: 5 });
      await withWindow(t, async ({ page }) => {
        await go(page, 'Leads');
        const table = page.getByRole('table', { name: 'Leads' });
        await table.getByRole('row').nth(3).waitFor();
        const headers = await table.getByRole('columnheader').allTextContents();
        expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim())).toEqual(['Name', 'City', 'Category', 'Score', 'Tier', 'E-mail', 'Website']);
        for (const name of ['Name', 'City', 'Category', 'Score', 'Tier', 'E-mail', 'Website']) {
          const header = table.getByRole('columnheader', { name: new RegExp(`^${name}`) });
          await header.getByRole('button').click();
          await expect.poll(() => header.getAttribute('aria-sort')).toMatch(/ascending|descending/);
          const first = await header.getAttribute('aria-sort');
          await header.getByRole('button').click();
          await expect.poll(() => header.getAttribute('aria-sort')).toBe(first === 'ascending' ? 'descending' : 'ascending');
        }
        // City, A to Z: the first row is in Bend.
        await table.getByRole('columnheader', { name: /^City/ }).getByRole('button').click();
        await expect.poll(() => table.getByRole('columnheader', { name: /^City/ }).getAttribute('aria-sort')).toBe('ascending');
        await expect.poll(async () => (await table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent())).toBe('Bend');

        await page.getByRole('searchbox', { name: 'Search leads' }).fill('Practice 000003');
        await expect.poll(() => table.getByRole('row').count()).toBe(2);
        await table.getByRole('row').nth(1).click();
        const panel = page.getByRole('complementary', { name: 'Lead: Practice 000003' });
        await panel.waitFor();
        expect(await table.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Tier')]));
        await screenshot(page, 'lr-04-leads-panel-1280');

        await panel.getByRole('button', { name: 'Open the draft' }).click();
        await page.getByRole('heading', { name: 'Review', level: 1 }).or(page.getByRole('region', { name: 'Review queue' })).first().waitFor();
        const queue = page.getByRole('listbox', { name: 'Drafts, best first' });
        await expect.poll(async () => (await queue.getByRole('option', { selected: true }).textContent()) ?? '').toContain('Practice 000003');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Leads/ }).click();
        await page.getByRole('complementary', { name: 'Lead: Practice 000003' }).waitFor();
      });
    } finally {
      await t.close();
    }
  });

  it('a lead shows what was merged into it, by which key, and "Split" makes it a lead of its own again', async () => {
    const { t } = await ranWorkspace(0.3);
    try {
      const store = t.app.workspace();
      expect(store.leads.count()).toBe(3);
      await withWindow(t, async ({ page }) => {
        await go(page, 'Leads');
        await page.getByRole('table', { name: 'Leads' }).getByText('Maple Dental', { exact: true }).click();
        const panel = page.getByRole('complementary', { name: 'Lead: Maple Dental' });
        const merged = panel.getByRole('region', { name: 'Merged records' });
        await merged.waitFor();
        const text = (await merged.textContent())!;
        expect(text).toContain('Merged records (1)');
        expect(text).toMatch(/CSV row 4 joined by the same website/);
        await merged.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-05-lead-merged');
        await merged.getByRole('button', { name: /^Split/ }).click();
        await expect.poll(() => store.leads.count()).toBe(4);
        await expect.poll(async () => (await merged.textContent()) ?? '').toContain('Split off again.');
        await expect.poll(() => page.getByRole('table', { name: 'Leads' }).getByText('Maple Dental Care', { exact: true }).count()).toBe(1);
      });
    } finally {
      await t.close();
    }
  });

  it("the lead panel: Don't contact lists its e-mail, domain and phone; Export data writes what is held; Erase asks first, says what goes, and erases", async () => {
    const t = createTestApp();
    try {
      const { leadIds } = seedWorkspace(t.app, 'Seeded', { leads: 6, drafts: 3 });
      const store = t.app.workspace();
      await withWindow(t, async ({ page }) => {
        await go(page, 'Leads');
        await page.getByRole('table', { name: 'Leads' }).getByText('Practice 000001', { exact: true }).click();
        const panel = page.getByRole('complementary', { name: 'Lead: Practice 000001' });
        const rights = panel.getByRole('region', { name: 'Contact rules and data rights' });
        await rights.getByRole('button', { name: "Don't contact" }).click();
        await expect.poll(() => store.dnc.list({}).rows.map((e) => e.value).sort()).toEqual(['+15035550001', 'hello@practice-1.example', 'practice-1.example'].sort());

        await rights.getByRole('button', { name: 'Export data' }).click();
        const status = rights.getByRole('status');
        await status.waitFor();
        const path = (await status.textContent())!.replace(/^.*: /, '').trim();
        expect(existsSync(path)).toBe(true);
        expect(readFileSync(path, 'utf8')).toContain('hello@practice-1.example');

        await rights.getByRole('button', { name: 'Erase…' }).click();
        const dialog = panel.getByRole('alertdialog', { name: 'Erase Practice 000001?' });
        await dialog.waitFor();
        expect(await dialog.textContent()).toContain('This cannot be undone');
        expect(await dialog.textContent()).toMatch(/1 draft and their versions/);
        // Cancel has the focus: Enter does not erase by accident.
        expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
        await dialog.scrollIntoViewIfNeeded();
        await screenshot(page, 'lr-06-erase-dialog');
        await dialog.getByLabel('Why').selectOption('objection');
        await dialog.getByRole('button', { name: 'Erase for good' }).click();
        await panel.waitFor({ state: 'detached' });
        expect(store.leads.find(leadIds[1]!)).toBeNull();
        expect(store.audit.verify().ok).toBe(true);
      });
    } finally {
      await t.close();
    }
  });

  it('activity reads in business names, and filters by dates, action, who and run from pickers', async () => {
    const t = createTestApp();
    try {
      const { draftIds } = seedWorkspace(t.app, 'Seeded', { leads: 6, drafts: 3 });
      await value(dispatch(t.handlers.table, 'drafts:approve', { id: draftIds[0]! }));
      await withWindow(t, async ({ page }) => {
        await go(page, 'Activity');
        const log = page.getByRole('region', { name: 'Audit log' });
        await log.getByRole('row').nth(3).waitFor();
        const table = log.getByRole('table');
        const text = (await table.textContent())!;
        expect(text).toContain('Draft approved · Practice 000000');
        expect(text).toContain('Draft written · Practice 000001');
        expect(text).not.toMatch(/lead_[a-z0-9]{6}|draft_[a-z0-9]{6}|exec_[a-z0-9]{6}/);

        await log.getByRole('combobox', { name: 'Who', exact: true }).selectOption('rep');
        await log.getByRole('button', { name: 'Apply' }).click();
        await expect.poll(async () => (await table.getByRole('row').allTextContents()).slice(1).every((r) => r.includes('You (app)'))).toBe(true);
        expect((await table.textContent())!).toContain('Draft approved · Practice 000000');
        expect((await table.textContent())!).not.toContain('Draft written');
        await log.getByRole('button', { name: 'Clear filters' }).click();
        await log.getByRole('combobox', { name: 'Action', exact: true }).selectOption('draft_created');
        await log.getByRole('combobox', { name: 'Run', exact: true }).selectOption({ index: 1 });
        expect(await log.getByRole('combobox', { name: 'Run', exact: true }).evaluate((el: HTMLSelectElement) => el.selectedOptions[0]!.textContent)).toMatch(/^Seeded agent · /);
        await log.getByRole('button', { name: 'Apply' }).click();
        await expect.poll(() => table.getByRole('row').count()).toBe(4);
        // Only this business: picked from an entry, never a pasted id.
        await table.getByRole('button', { name: 'only this business' }).first().click();
        await expect.poll(() => table.getByRole('row').count()).toBe(2);
        expect(await log.textContent()).toMatch(/Business: Practice 00000\d/);
        await screenshot(page, 'lr-07-activity-filtered');
        // A date range before anything happened keeps nothing.
        await log.getByRole('button', { name: 'Clear filters' }).click();
        await log.getByLabel('From').fill('2001-01-01');
        await log.getByLabel('To').fill('2001-01-31');
        await log.getByRole('button', { name: 'Apply' }).click();
        await log.getByText('No entries match.').waitFor();
      });
    } finally {
      await t.close();
    }
  });

  it('the run monitor lists the failed CSV rows with their errors and saves them as a CSV; a run that drafts nothing says why; a refused file shows its code', async () => {
    const { t } = await ranWorkspace(1);
    try {
      await withWindow(t, async ({ page }) => {
        await go(page, 'Runs');
        const monitor = page.getByRole('region', { name: 'Run monitor' });
        const why = monitor.getByRole('status', { name: 'Why no drafts' });
        await why.waitFor();
        expect(await why.textContent()).toMatch(/\d of 3 leads scored below your threshold 1\.00.*\(highest 0\.\d\d\).*lower the threshold/);
        const failed = monitor.getByRole('region', { name: 'Failed records', exact: true });
        await failed.getByRole('cell', { name: 'Row 6', exact: true }).first().waitFor();
        expect(await failed.getByRole('heading').textContent()).toBe('Failed records (2)');
        expect(await failed.textContent()).toContain('CSV_ROW_INVALID');
        await failed.getByRole('button', { name: 'Download failed rows' }).click();
        const saved = failed.getByRole('status');
        await saved.waitFor();
        const path = /to (\S+\.csv)/.exec((await saved.textContent())!)![1]!;
        expect(readFileSync(path, 'utf8')).toContain('nameless-2.example');
        await screenshot(page, 'lr-08-run-monitor-failed');

        // A file with no way to reach a business is refused before the run, with its code and what to do.
        const file = join(t.dir, 'names-only.csv');
        writeFileSync(file, 'Company,City\nMaple Dental,Portland\n');
        await go(page, 'Agents');
        await page.getByRole('region', { name: 'Your agents' }).getByRole('button', { name: /Portland dentists/ }).click();
        t.pickQueue.push(file);
        await page.getByRole('form', { name: 'Agent setup' }).getByRole('button', { name: 'Choose CSV…' }).click();
        const refusal = page.getByRole('alert', { name: 'The run would refuse this file' });
        await refusal.waitFor();
        expect(await refusal.textContent()).toMatch(/\(CSV_[A-Z_]+\)|\(INVALID_INPUT\)/);
        expect(await refusal.textContent()).toContain('What to do');
        expect(await page.getByRole('button', { name: 'Estimate cost' }).isDisabled()).toBe(true);
      });
    } finally {
      await t.close();
    }
  });

  it('Leads, Activity, Agents and Runs hold at 1024×640 and 1280×800, light and dark, with no serious or critical axe violation; the lead panel scrolls', async () => {
    const { t } = await ranWorkspace(0.3);
    try {
      for (const viewport of [SMALL, LARGE]) {
        for (const colorScheme of ['light', 'dark'] as const) {
          await withWindow(
            t,
            async ({ page }) => {
              const tag = `${viewport.width}-${colorScheme}`;
              for (const screen of ['Agents', 'Runs', 'Leads', 'Activity']) {
                await go(page, screen);
                if (screen === 'Agents') await page.getByRole('region', { name: 'Your agents' }).getByRole('button').first().click();
                if (screen === 'Runs') await page.getByRole('region', { name: 'Run monitor' }).waitFor();
                if (screen === 'Leads') {
                  await page.getByRole('table', { name: 'Leads' }).getByText('Maple Dental', { exact: true }).click();
                  const panel = page.getByRole('complementary', { name: 'Lead: Maple Dental' });
                  await panel.getByRole('region', { name: 'Facts about the lead' }).waitFor();
                  // The panel scrolls rather than clipping; the table keeps its tier column in view.
                  const box = await panel.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, overflow: getComputedStyle(el).overflowY }));
                  expect(['auto', 'scroll']).toContain(box.overflow);
                  if (viewport === SMALL) expect(box.scroll).toBeGreaterThan(box.client);
                  const tier = await page.getByRole('table', { name: 'Leads' }).getByRole('columnheader', { name: /^Tier/ }).boundingBox();
                  expect(tier).not.toBeNull();
                  expect(tier!.x + tier!.width).toBeLessThanOrEqual(viewport.width);
                }
                if (screen === 'Activity') await page.getByRole('region', { name: 'Audit log' }).getByRole('row').nth(2).waitFor();
                // Nothing wider than the window: no sideways scrolling of the page itself.
                expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
                await screenshot(page, `lr-9-${screen.toLowerCase()}-${tag}`);
                if (colorScheme === 'light') {
                  const violations = await seriousAxeViolations(page);
                  expect(violations, `${screen} at ${tag}:\n${describeViolations(violations)}`).toEqual([]);
                }
              }
            },
            { viewport, colorScheme },
          );
        }
      }
    } finally {
      await t.close();
    }
  }, 120_000);
});
