import type { Page } from 'playwright-core';
import { buildRenderer, hasChromium, launchChromium, openAppWindow, serveRenderer } from '../support/bridge/browser';
import { createTestApp } from '../support/bridge/in-process';
import { seedWorkspace } from '../support/bridge/seed';
import { startProviderSimInWorker, type WorkerSim } from '../support/provider-sim/worker';
import { percentile, round, type BenchResult } from './harness';
import { rawFirstTokenMs } from '../support/provider-sim/raw-first-token';

const TTFT_MS = 150;
const WRITES = 12;
/** A fixed answer with no subject line, so the first token is the first text the rep sees. */
const ANSWER =
  'Hi Maya, I came across your practice while looking at dentists in Portland and liked what your patients say. ' +
  'We build booking sites that fill empty chairs within a month. Would a short call next week be useful?';


/**
 * In the page: click "Write again" and resolve with the time to the animation frame in which the first
 * character of the new draft is in the message (the frame that paints it).
 */
const CLICK_TO_FIRST_CHAR = `new Promise((resolve) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.startsWith('Write again'));
  const text = () => (document.querySelector('[data-testid="draft-body"]') || {}).textContent || '';
  let cleared = false;
  let t0 = 0;
  const check = () => {
    const n = text().length;
    if (!cleared) { if (n === 0) cleared = true; return; }
    if (n > 0) {
      observer.disconnect();
      requestAnimationFrame((frame) => resolve(Math.max(frame, performance.now()) - t0));
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.querySelector('.review'), { subtree: true, childList: true, characterData: true });
  t0 = performance.now();
  button.click();
})`;

/**
 * Polls an expression in the page. (Playwright's waitForFunction evaluates a string with eval inside
 * the page, which the renderer's CSP forbids, as it should; page.evaluate goes through the debugger.)
 */
async function waitInPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForStreamEnd(page: Page): Promise<void> {
  await page.getByTestId('stream-marker').getByText(/Refined by|Written by/).waitFor({ timeout: 20_000 });
  await waitInPage(page, '![...document.querySelectorAll("button")].find((b) => b.textContent.startsWith("Write again")).disabled');
}

/** In the page: frame-to-frame times for `ms`, scrolling the element by `step` px a frame (0: idle). */
const frameTimes = (selector: string, step: number, ms: number) => `new Promise((resolve) => {
  const el = document.querySelector(${JSON.stringify(selector)});
  const times = [];
  let last = 0;
  const start = performance.now();
  const tick = (now) => {
    if (last) times.push(now - last);
    last = now;
    if (${step} !== 0) {
      el.scrollTop += ${step};
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0;
    }
    if (now - start < ${ms}) requestAnimationFrame(tick); else resolve(times);
  };
  requestAnimationFrame(tick);
})`;

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1_048_576;
}

export default async function uiBench(): Promise<BenchResult[]> {
  if (!hasChromium) {
    return [{ name: 'ui bench', value: NaN, unit: '', baseline: null, baseline_label: null, ratio: null, goal: '', pass: null, notes: 'skipped: /usr/bin/chromium is missing (apt-get install -y chromium)' }];
  }
  const out: BenchResult[] = [];
  const [dir, browser, sim] = await Promise.all([buildRenderer(), launchChromium(), startProviderSimInWorker({ ttftMs: TTFT_MS, tokensPerSecond: 200, fixedAnswer: ANSWER })]);
  const server = await serveRenderer(dir);
  try {
    // 1. Click "write" → first character of the streamed draft painted, simulator TTFT 150 ms.
    {
      const t = createTestApp({ env: { GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url } });
      seedWorkspace(t.app, 'Bench', { leads: 30, drafts: 20 });
      t.secrets.set('groq', 'gsk_benchKEY0000000000');
      t.secrets.set('anthropic', 'sk-ant-benchKEY000000');
      const w = await openAppWindow(browser, server.url, t);
      try {
        await waitInPage(w.page, '((document.querySelector(\'[data-testid="draft-body"]\') || {}).textContent || "").length > 10');
        const painted: number[] = [];
        for (let i = 0; i < WRITES; i++) {
          painted.push((await w.page.evaluate(CLICK_TO_FIRST_CHAR)) as number);
          await waitForStreamEnd(w.page);
        }
        // What the test harness's IPC costs (Playwright's binding, both ways), for the notes.
        const rtt = ((await w.page.evaluate(`(async () => { const out = []; for (let i = 0; i < 20; i++) { const t = performance.now(); await window.hunter['alerts:list']({}); out.push(performance.now() - t); } return out.sort((a, b) => a - b); })()`)) as number[]);
        const raw: number[] = [];
        for (let i = 0; i < 6; i++) raw.push(await rawFirstTokenMs(sim));
        painted.sort((a, b) => a - b);
        raw.sort((a, b) => a - b);
        const p50 = percentile(painted, 50);
        const base = percentile(raw, 50);
        out.push({
          name: `click "write" → first draft character painted (simulator TTFT ${TTFT_MS} ms)`,
          value: round(p50, 1), unit: 'ms p50', baseline: round(base, 1), baseline_label: 'raw fetch to the simulator, first token, p50',
          ratio: round(p50 / base, 3), goal: '≤ 180 ms p50', pass: p50 <= 180,
          notes: `n=${WRITES}, p90 ${round(percentile(painted, 90), 1)} ms; the harness's IPC (Playwright exposeBinding + evaluate, standing in for Electron IPC) costs ${round(percentile(rtt, 50), 1)} ms a round trip here, and the paint waits for the next frame (0–16.7 ms)`,
        });
      } finally {
        await w.close();
        await t.close();
      }
    }

    // 2 and 3 share one big workspace: 100 000 leads, 10 000 drafts.
    const t = createTestApp();
    seedWorkspace(t.app, 'Big', { leads: 100_000, drafts: 10_000 });
    const w = await openAppWindow(browser, server.url, t);
    try {
      const { page } = w;
      // 2. Frame times while scrolling the review queue of 10 000 drafts.
      await page.getByRole('listbox', { name: 'Drafts, best first' }).waitFor();
      await waitInPage(page, 'document.querySelectorAll(".qrow .company").length > 5');
      const idle = ((await page.evaluate(frameTimes('.queue-scroll', 0, 1500))) as number[]).sort((a, b) => a - b);
      const scrolling = ((await page.evaluate(frameTimes('.queue-scroll', 90, 4000))) as number[]).sort((a, b) => a - b);
      const p95 = percentile(scrolling, 95);
      const idle95 = percentile(idle, 95);
      out.push({
        name: 'frame time while scrolling the review queue (10 000 drafts)',
        value: round(p95, 2), unit: 'ms p95', baseline: round(idle95, 2), baseline_label: 'same page idle, p95',
        // Frame timestamps are coarsened to 0.1 ms and jitter around the 60 Hz beat (idle reads 16.7–16.8 ms),
        // so a frame counts as on time within 0.2 ms of 16.7; a missed frame shows as 33 ms.
        ratio: round(p95 / idle95, 3), goal: 'p95 ≤ 16.7 ms', pass: p95 <= 16.9,
        notes: `${scrolling.length} frames, 90 px a frame (≈ 5 400 px/s); ${round((100 * scrolling.filter((f) => f > 20).length) / scrolling.length, 1)}% of frames missed (> 20 ms), max ${round(scrolling[scrolling.length - 1]!, 1)} ms; idle page p95 ${round(idle95, 2)} ms; headless Chromium without GPU`,
      });

      // 3. Renderer memory with 100 000 leads: the table opened, then scrolled from top to bottom.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Leads' }).click();
      await waitInPage(page, 'document.querySelectorAll(".trow").length > 5 && !document.querySelector(".trow .placeholder")');
      const firstPage = await heapMb(page);
      for (let i = 1; i <= 40; i++) {
        await page.evaluate(`(() => { const el = document.querySelector('.table-scroll'); el.scrollTop = el.scrollHeight * ${i / 40}; })()`);
        await waitInPage(page, '!document.querySelector(".trow .placeholder")');
      }
      const after = await heapMb(page);
      out.push({
        name: 'renderer JS heap with 100 000 leads (table scrolled top to bottom)',
        value: round(after, 2), unit: 'MB', baseline: round(firstPage, 2), baseline_label: 'same table, first page only',
        ratio: round(after / firstPage, 3), goal: '≤ 1.5× the first page, < 64 MB', pass: after / firstPage <= 1.5 && after < 64,
        notes: 'rows are paged from main 200 at a time; at most 24 pages are kept',
      });
      if (w.errors.length) throw new Error(`page errors: ${w.errors.join('; ')}`);
    } finally {
      await w.close();
      await t.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await sim.stop();
  }
  return out;
}
