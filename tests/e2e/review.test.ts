import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousAxeViolations } from '../support/bridge/axe';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, screenshot, serveRenderer, CHROMIUM, type AppWindow } from '../support/bridge/browser';
import { refused } from '../support/bridge/calls';
import { createTestApp, type TestApp } from '../support/bridge/in-process';
import { seedWorkspace, type SeedOptions } from '../support/bridge/seed';
import { startProviderSim, type ProviderSim } from '../support/provider-sim';

if (!hasChromium) console.warn(`review e2e: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const LARGE = { width: 1280, height: 800 };
const SMALL = { width: 1024, height: 640 };

/**
 * Review you can trust (issue 13), in real Chromium over the real main-side services: decisions apply to
 * exactly what is on screen, bulk actions show their list and undo in one step, no dead ends, claims
 * tied to their facts, and the screen holds at both sizes, light and dark, with no serious axe finding.
 */
describe.skipIf(!hasChromium)('Review in real Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let sim: ProviderSim;

  beforeAll(async () => {
    const [dir, b, s] = await Promise.all([buildRenderer(), launchChromium(), startProviderSim({ ttftMs: 300, tokensPerSecond: 25 })]);
    browser = b;
    sim = s;
    server = await serveRenderer(dir);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sim?.stop();
  });

  /** A seeded workspace, then the window on Review with its first draft shown. */
  async function open(seed: Partial<SeedOptions> & { prepare?: (t: TestApp, ids: ReturnType<typeof seedWorkspace>) => void } = {}, opts: Parameters<typeof openAppWindow>[3] = {}, env?: NodeJS.ProcessEnv) {
    const t = createTestApp(env ? { env } : {});
    const ids = seedWorkspace(t.app, 'Review', { leads: 30, drafts: 12, ...seed });
    seed.prepare?.(t, ids);
    const w = await openAppWindow(browser, server.url, t, { viewport: LARGE, ...opts });
    await w.page.getByRole('region', { name: 'Review queue' }).waitFor();
    await w.page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
    return { t, w, page: w.page, ...ids };
  }
  async function closeAll(t: TestApp | undefined, w: AppWindow | undefined) {
    expect(w?.errors ?? []).toEqual([]);
    await w?.close();
    await t?.close();
  }
  const pending = (t: TestApp) => t.app.workspace().drafts.count({ status: 'pending_review' });
  /** The queue's count, the rail's badge and the database agree. */
  async function expectAgreement(page: Page, t: TestApp) {
    await expect.poll(async () => {
      const progress = (await page.getByTestId('queue-progress').textContent()) ?? '';
      const badge = (await page.getByLabel(/ to review$/).count()) ? Number(await page.getByLabel(/ to review$/).textContent()) : 0;
      const queue = /^(\d+) to review/.exec(progress)?.[1] ?? (progress === '' ? '0' : 'x');
      return `${queue}/${badge}`;
    }).toBe(`${pending(t)}/${pending(t)}`);
  }
  async function noSeriousViolations(page: Page) {
    const v = await seriousAxeViolations(page);
    expect(v, describeViolations(v)).toEqual([]);
  }

  it('has a heading, a queue reached by Tab and driven by the keyboard, and no serious axe finding at both sizes, light and dark', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({ names: ['Cedar Ridge Family Dentistry and Orthodontics of the Greater Portland Metropolitan Area, LLC'], rankFirst: 1 }));
      const { page } = w;
      expect(await page.getByRole('heading', { name: 'Review', level: 1 }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Review', level: 2 }).count()).toBe(1);
      // Tab reaches the queue; the arrows move through it.
      const queue = page.getByRole('listbox', { name: 'Drafts, best first' });
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await queue.evaluate((el) => el === document.activeElement);
      }
      expect(reached).toBe(true);
      const first = await queue.getAttribute('aria-activedescendant');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => queue.getAttribute('aria-activedescendant')).not.toBe(first);
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => queue.getAttribute('aria-activedescendant')).toBe(first);
      await noSeriousViolations(page);
      await screenshot(page, 'review-1280-light');
      await w.close();
      for (const [viewport, scheme, name] of [[LARGE, 'dark', 'review-1280-dark'], [SMALL, 'light', 'review-1024-light'], [SMALL, 'dark', 'review-1024-dark']] as const) {
        w = await openAppWindow(browser, server.url, t, { viewport, colorScheme: scheme });
        await w.page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
        await noSeriousViolations(w.page);
        // The evidence pane scrolls rather than clipping at the small size.
        const ev = await w.page.locator('section[aria-label="Evidence"] .pane-body').evaluate((el) => ({ scroll: getComputedStyle(el).overflowY, h: el.clientHeight, sh: el.scrollHeight }));
        expect(['auto', 'scroll']).toContain(ev.scroll);
        await screenshot(w.page, name);
        if (name !== 'review-1024-dark') await w.close();
      }
    } finally {
      await closeAll(t, w);
    }
  });

  it('approves only the version on screen: refused with a reason while a rewrite streams, and main refuses a stale version', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({}, {}, { GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url }));
      const { page } = w;
      await t.invoke('secrets:set', { name: 'groq', value: 'gsk_e2e_test_key_0001' });
      await t.invoke('secrets:set', { name: 'anthropic', value: 'sk-ant-e2e-test-key-0001' });
      const id = await page.evaluate(() => document.querySelector('[role="option"][aria-selected="true"]')!.id.slice(2));
      const before = t.app.workspace().drafts.versions(id);
      await page.getByRole('button', { name: 'Write again' }).click();
      await page.getByTestId('stream-marker').filter({ hasText: /Draft|Refining/ }).waitFor();
      // While it streams: the button is off with the reason beside it, and `a` says why instead of approving.
      expect(await page.getByRole('button', { name: 'Approve', exact: true }).isDisabled()).toBe(true);
      expect(await page.getByTestId('approve-why').textContent()).toMatch(/still being written/);
      await page.keyboard.press('a');
      await page.locator('.toast').filter({ hasText: /still being written/ }).first().waitFor();
      expect(t.app.workspace().drafts.get(id).status).toBe('pending_review');
      await screenshot(page, 'review-approve-while-streaming');
      // Main refuses too, with a code, while the rewrite runs.
      expect((await refused(t, 'drafts:approve', { id })).code).toBe('CONFLICT');
      await page.getByTestId('stream-marker').filter({ hasText: /Refined by|Written by/ }).waitFor({ timeout: 30_000 });
      await expect.poll(() => t!.app.workspace().drafts.versions(id).length).toBeGreaterThan(before.length);
      // An approval naming the version read before the rewrite is refused: it is not what is stored now.
      expect((await refused(t, 'drafts:approve', { id, version_id: before[before.length - 1]!.id })).code).toBe('CONFLICT');
      await expect.poll(() => page.getByRole('button', { name: 'Approve', exact: true }).isDisabled()).toBe(false);
      const shown = await page.getByTestId('draft-body').textContent();
      await page.keyboard.press('a');
      await expect.poll(() => t!.app.workspace().drafts.get(id).status).toBe('approved');
      expect(t.app.workspace().drafts.get(id).body).toBe(shown);
    } finally {
      await closeAll(t, w);
    }
  });

  it('shows the bulk approve list with what each lacks, approves, and undoes it in one step by name; queue, badge and database agree', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({ drafts: 20, prepare: (tt, ids) => tt.app.db.prepare('UPDATE drafts SET recipient = NULL, recipient_status = NULL WHERE id IN (?, ?)').run(ids.draftIds[2], ids.draftIds[5]) }));
      const { page } = w;
      const ws = t.app.workspace();
      // An earlier, unrelated decision: the bulk undo must not touch it.
      const earlier = await page.evaluate(() => document.querySelector('[role="option"][aria-selected="true"]')!.id.slice(2));
      await page.keyboard.press('r');
      await page.getByRole('dialog', { name: /: why\?$/ }).waitFor();
      await page.keyboard.press('2');
      await expect.poll(() => ws.drafts.get(earlier).status).toBe('rejected');
      await expectAgreement(page, t);
      await page.getByLabel('Minimum rank for bulk approve').fill('0');
      await page.getByRole('button', { name: 'Approve all above…' }).click();
      const dialog = page.getByRole('dialog', { name: /Approve \d+ drafts? ranked/ });
      await dialog.waitFor();
      const items = dialog.getByRole('list', { name: 'Drafts to approve' }).locator(':scope > li');
      expect(await items.count()).toBe(pending(t));
      const noAddress = ws.drafts.list({ status: 'pending_review' }).filter((d) => !d.recipient).length;
      expect(await dialog.getByText(/Left out: No address/).count()).toBe(noAddress);
      expect(ws.drafts.count({ status: 'approved' })).toBe(0);
      await screenshot(page, 'review-bulk-preview');
      const goes = pending(t) - noAddress;
      await dialog.getByRole('button', { name: `Approve ${goes}` }).click();
      await expect.poll(() => ws.drafts.count({ status: 'approved' })).toBe(goes);
      await expectAgreement(page, t);
      expect(await page.getByTestId('undo-next').textContent()).toBe(`U undoes: approve ${goes} drafts`);
      await page.keyboard.press('u');
      await page.locator('.toast').filter({ hasText: `Undid: approve ${goes} drafts` }).waitFor();
      await expect.poll(() => ws.drafts.count({ status: 'approved' })).toBe(0);
      expect(ws.drafts.get(earlier).status).toBe('rejected');
      await expectAgreement(page, t);
    } finally {
      await closeAll(t, w);
    }
  });

  it('marks a draft with no address in the queue, refuses to approve it, and takes an address picked from the found ones', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      const long = 'Northwest Comprehensive Pediatric and Adult Dental Care Associates of Greater Portland and Vancouver, Professional Corporation';
      ({ t, w } = await open({
        names: [long, long.replace('Northwest', 'Southwest')], rankFirst: 2,
        prepare: (tt, ids) => {
          tt.app.db.prepare('UPDATE drafts SET recipient = NULL, recipient_status = NULL WHERE id = ?').run(ids.draftIds[0]);
          ids.store.leads.addFacts(ids.leadIds[0]!, [{ kind: 'email', value: 'maya@practice-0.example', detail: { class: 'personal', status: 'found_on_site' }, source_url: 'https://practice-0.example/team', method: 'mailto', confidence: 0.9, observed_at: new Date().toISOString() }]);
        },
      }, { viewport: SMALL }));
      const { page } = w;
      const id = (await page.locator('[role="option"][aria-selected="true"]').getAttribute('id'))!.slice(2);
      const row = page.locator(`[id="q-${id}"]`);
      expect(await row.getByTestId('no-address').textContent()).toBe('no address');
      // Long text stays inside its row.
      const overflow = await page.locator('.qrow').evaluateAll((rows) =>
        rows.flatMap((r) => {
          const box = r.getBoundingClientRect();
          return [...r.querySelectorAll('*')].filter((c) => {
            const b = c.getBoundingClientRect();
            return b.width > 0 && (b.bottom > box.bottom + 0.5 || b.right > box.right + 0.5 || b.top < box.top - 0.5);
          }).map((c) => c.textContent);
        }),
      );
      expect(overflow).toEqual([]);
      expect(await page.getByRole('button', { name: 'Approve', exact: true }).isDisabled()).toBe(true);
      expect(await page.getByTestId('approve-why').textContent()).toMatch(/No address/);
      expect((await refused(t, 'drafts:approve', { id })).code).toBe('EMAIL_NOT_FOUND');
      await page.keyboard.press('a');
      const picker = page.getByRole('group', { name: 'Address for this draft' });
      await picker.waitFor();
      expect(await picker.textContent()).toContain('found on the site');
      await screenshot(page, 'review-1024-no-address-picker');
      await picker.getByLabel('Type an address').fill('maya at practice');
      await picker.getByRole('button', { name: 'Save' }).click();
      await page.locator('.toast').filter({ hasText: 'is not an e-mail address' }).waitFor();
      await picker.locator('li', { hasText: 'maya@practice-0.example' }).getByRole('button', { name: 'Use' }).click();
      await expect.poll(() => t!.app.workspace().drafts.get(id).recipient).toBe('maya@practice-0.example');
      expect(t.app.workspace().drafts.get(id).recipient_status).toBe('found_on_site');
      await expect.poll(() => row.getByTestId('no-address').count()).toBe(0);
      await page.keyboard.press('a');
      await expect.poll(() => t!.app.workspace().drafts.get(id).status).toBe('approved');
    } finally {
      await closeAll(t, w);
    }
  });

  it('marks the claims from the message check: backed ones tied to their fact, an unsupported one in red with its reason, whole words only', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({
        rankFirst: 1,
        bodyOf: (i) => (i === 0
          ? 'Hi Maya, I came across Practice 000000 while looking at Dentistry in Portland, and saw you won the Golden Molar award in 2019. We build booking sites. Would a short call next week be useful?'
          : `Hi Maya, a note for Practice ${String(i).padStart(6, '0')}. Would a short call next week be useful?`),
      }));
      const { page } = w;
      const body = page.getByTestId('draft-body');
      const bad = body.locator('mark.claim.bad');
      expect(await bad.count()).toBeGreaterThan(0);
      expect(await bad.first().getAttribute('title')).toMatch(/^Not backed/);
      const ok = body.locator('mark.claim.ok');
      expect(await ok.count()).toBeGreaterThan(0);
      expect(await ok.first().getAttribute('title')).toMatch(/^Backed by/);
      // "Dentist" (the lead's category) is not lit inside "Dentistry".
      const marked = await body.locator('mark').allTextContents();
      expect(marked).not.toContain('Dentist');
      expect(await body.textContent()).toContain('Dentistry');
      const ev = page.getByRole('region', { name: 'Evidence' });
      const unbacked = ev.getByRole('list', { name: 'Claims no fact backs' });
      expect(await unbacked.textContent()).toMatch(/No fact backs it/);
      await noSeriousViolations(page);
      await screenshot(page, 'review-claims');
    } finally {
      await closeAll(t, w);
    }
  });

  it('keeps typed text when Esc leaves the editor, and Undo brings it back and says so', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open());
      const { page } = w;
      await page.keyboard.press('e');
      const box = page.locator('textarea');
      await box.fill('Hi Maya, a paragraph I spent five minutes on.');
      await box.press('Escape');
      await expect.poll(() => page.locator('textarea').count()).toBe(0);
      await page.locator('.toast').filter({ hasText: 'press U' }).waitFor();
      await page.keyboard.press('u');
      await page.locator('textarea').waitFor();
      expect(await page.locator('textarea').inputValue()).toBe('Hi Maya, a paragraph I spent five minutes on.');
      await page.locator('.toast').filter({ hasText: 'Undid: stop editing' }).waitFor();
    } finally {
      await closeAll(t, w);
    }
  });

  it('scopes the command palette to the screen shown, and jumps to a draft found by business name', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({ names: ['Bright Harbor Dental', 'Willamette Smiles', 'Pearl District Orthodontics'] }));
      const { page } = w;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Credits/ }).click();
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.getByRole('combobox').fill('approve');
      await palette.getByText(/Nothing matches on this screen/).waitFor();
      expect(await palette.getByRole('option', { name: /Approve the draft/ }).count()).toBe(0);
      await palette.getByRole('combobox').fill('Willamette');
      await palette.getByRole('option', { name: /^Draft: Willamette Smiles/ }).waitFor();
      await screenshot(page, 'review-palette-find-draft');
      await palette.getByRole('combobox').press('Enter');
      await page.getByRole('heading', { name: 'Willamette Smiles', level: 2 }).waitFor();
      const id = t.app.workspace().drafts.list({ lead_id: t.app.workspace().leads.query({ search: 'Willamette', limit: 1 })[0]!.id })[0]!.id;
      expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute('id')).toBe(`q-${id}`);
      // On Review, the draft commands are there again.
      await page.keyboard.press('Control+k');
      await palette.getByRole('combobox').fill('approve');
      await palette.getByRole('option', { name: /Approve the draft/ }).waitFor();
    } finally {
      await closeAll(t, w);
    }
  });

  it('shows the score parts with weights and reasons, the rank the queue sorts by, and each stage’s models, tokens, cost and timings from stored metrics', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({
        rankFirst: 1,
        prepare: (tt, ids) => {
          // A rewrite made in an earlier session: its metrics are stored with its version.
          ids.store.drafts.addRefinement(ids.draftIds[0]!, 'Hi Maya, a sharper note for Practice 000000. Would a short call next week be useful?', null, 'claude-haiku-4-5', {
            model_used: 'llama-3.1-8b-instant', ttft_ms: 412, draft_ms: 900, refine_ms: 1500, total_ms: 2400, input_tokens: 812, output_tokens: 164, cost_micros: 2100, api_calls: 2,
          }, 0.8);
        },
      }));
      const { page } = w;
      const ev = page.getByRole('region', { name: 'Evidence' });
      const table = ev.locator('table.score-table');
      expect(await table.locator('tbody tr').count()).toBe(3);
      expect(await table.textContent()).toMatch(/Business maturity\s*35\s*%/);
      expect(await ev.getByTestId('rank').textContent()).toMatch(/Ranked [\d.]+ = lead score [\d.]+ × message quality [\d.]+/);
      await page.getByText('Model, cost and timings').click();
      const stages = page.getByRole('definition').filter({ hasText: 'tokens' });
      const text = await stages.allTextContents();
      expect(text.join(' ')).toMatch(/llama-3\.1-8b-instant → claude-haiku-4-5 · 812 in \/ 164 out tokens · [\d.]+ credits · 2 calls · first text 412 ms · draft 900 ms · refined 1\.5 s · total 2\.4 s/);
      await screenshot(page, 'review-model-cost-timings');
    } finally {
      await closeAll(t, w);
    }
  });

  it('lists evidence once each, used facts first, with "from your CSV, row N" instead of file links and no certainty on imported data', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({
        rankFirst: 1,
        bodyOf: (i) => (i === 0 ? 'Hi Maya, I saw Practice 000000 offers Invisalign. We build booking sites. Would a short call next week be useful?' : 'Hi Maya, would a short call next week be useful?'),
        prepare: (_tt, ids) => {
          const now = new Date().toISOString();
          ids.store.leads.addFacts(ids.leadIds[0]!, [
            { kind: 'phone', value: '+1 503-555-0000', source_url: 'file:///home/rep/leads.csv#row=2', method: 'csv', confidence: 0.8, observed_at: now },
            { kind: 'phone', value: '(503) 555-0000', source_url: 'https://practice-0.example/contact', method: 'tel', confidence: 0.7, observed_at: now },
            { kind: 'tech', value: 'WordPress', source_url: 'https://practice-0.example/', method: 'fingerprint', confidence: 0.6, observed_at: now },
            { kind: 'description', value: 'Invisalign', source_url: 'https://practice-0.example/services', method: 'text', confidence: 0.8, observed_at: now },
          ]);
        },
      }));
      const { page } = w;
      const facts = page.getByRole('region', { name: 'Evidence' }).getByRole('list', { name: 'Facts' }).locator(':scope > li');
      const all = await facts.allTextContents();
      expect(all.filter((x) => /phone/i.test(x))).toHaveLength(1);
      expect(all.find((x) => /phone/i.test(x))).toContain('from your CSV, row 2');
      expect(all.find((x) => /phone/i.test(x))).not.toContain('sure');
      // Found on the site: how sure the finding is stays.
      expect(all.find((x) => /WordPress/.test(x))).toMatch(/60\s?%\s?sure/);
      expect(await page.locator('a[href^="file:"]').count()).toBe(0);
      // The facts the message uses come first.
      const used = await facts.evaluateAll((els) => els.map((e) => e.getAttribute('data-used') === 'true'));
      expect(used[0]).toBe(true);
      expect(used.lastIndexOf(true)).toBeLessThan(used.indexOf(false));
      expect(all[used.indexOf(true)]).toMatch(/Invisalign|Practice 000000/);
    } finally {
      await closeAll(t, w);
    }
  });

  it('shows progress and an end: the count falls as drafts are decided, j past the last says so, and "All N reviewed — export them"', async () => {
    let t: TestApp | undefined;
    let w: AppWindow | undefined;
    try {
      ({ t, w } = await open({ leads: 6, drafts: 3 }));
      const { page } = w;
      const progress = page.getByTestId('queue-progress');
      expect(await progress.textContent()).toBe('3 to review');
      await page.keyboard.press('a');
      await expect.poll(() => progress.textContent()).toBe('2 to review · 1 decided');
      await expectAgreement(page, t);
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.getByTestId('queue-end').filter({ hasText: 'End of the queue — 2 still to review' }).waitFor();
      await page.getByRole('button', { name: 'Back to the first' }).click();
      await page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
      await page.keyboard.press('r');
      await page.getByRole('dialog', { name: /: why\?$/ }).waitFor();
      await page.keyboard.press('4');
      await expect.poll(() => progress.textContent()).toBe('1 to review · 2 decided');
      await page.getByTestId('draft-body').filter({ hasText: /\w/ }).waitFor();
      await page.keyboard.press('a');
      await page.getByTestId('queue-end').filter({ hasText: 'All 3 reviewed — export them' }).waitFor();
      await expectAgreement(page, t);
      await noSeriousViolations(page);
      await screenshot(page, 'review-all-reviewed');
      await page.getByRole('button', { name: 'Go to Exports' }).click();
      await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent()).toMatch(/Exports/);
    } finally {
      await closeAll(t, w);
    }
  });
});
