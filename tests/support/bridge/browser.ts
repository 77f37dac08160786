import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHANNELS, EVENTS, type EventName } from '../../../preload/contract';
import type { AppSide } from './in-process';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'renderer');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * Builds the renderer with Vite (the same root and entry as electron.vite.config.ts) once per change of
 * its sources: the output folder is named by a hash of them, so every test file and the bench share
 * one build per run.
 */
export async function buildRenderer(): Promise<string> {
  // The build settings are part of the key: change this word when they change.
  const hash = createHash('sha256').update('production-build-2');
  for (const f of [...filesUnder(RENDERER), join(ROOT, 'preload/contract.ts')].sort()) hash.update(f).update(readFileSync(f));
  const out = join(tmpdir(), `hunter-renderer-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const { build } = await import('vite');
  const staging = `${out}.${process.pid}.tmp`;
  // The production build, as the app ships it. Vite reads NODE_ENV (vitest sets it to "test") to choose
  // React's JSX runtime, so it is production for the length of the build.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: false, root: RENDERER, base: './', logLevel: 'warn', mode: 'production', build: { outDir: staging, emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  try {
    renameSync(staging, out);
  } catch (err) {
    // Another worker finished the same build first; theirs is identical.
    if (!existsSync(join(out, 'index.html'))) throw err;
    rmSync(staging, { recursive: true, force: true });
  }
  return out;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Serves the built renderer on 127.0.0.1 with the page's own Content-Security-Policy as a header too. */
export async function serveRenderer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!csp) throw new Error('the renderer lost its Content-Security-Policy meta tag');
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const file = resolve(dir, '.' + (path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface AppWindow {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors of the page (CSP violations land here). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens the built renderer in a fresh browser context with window.hunter injected: each function of
 * the bridge calls the real handlers through `dispatch` (as the Electron gateway does), and main's
 * events are pushed into the page. The page gets exactly what the preload would give it.
 */
export async function openAppWindow(browser: Browser, url: string, t: AppSide, opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<AppWindow> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 820 }, colorScheme: opts.colorScheme ?? 'light', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.exposeBinding('__hunterInvoke', async (_source, channel: unknown, payload: unknown) => t.invoke(channel, payload));
  await page.addInitScript({ content: bridgeScript(Object.keys(CHANNELS), Object.keys(EVENTS)) });
  const forward = new Map<EventName, (p: unknown) => void>();
  for (const event of Object.keys(EVENTS) as EventName[]) {
    const fn = (payload: unknown) => {
      // An expression of JSON text: the payload arrives as data, like a structured clone over IPC.
      page.evaluate(`window.__hunterEmit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`).catch(() => undefined);
    };
    forward.set(event, fn);
    t.emitter.on(event, fn);
  }
  await page.goto(url);
  return {
    context,
    page,
    errors,
    async close() {
      for (const [event, fn] of forward) t.emitter.off(event, fn);
      await context.close();
    },
  };
}

/**
 * The page side of the bridge, as plain JavaScript text (a function would be rewritten by whatever
 * compiles this file, with helpers the page does not have): window.hunter with one function per
 * channel calling the exposed binding, subscribe(), and the hook main's events arrive through.
 */
function bridgeScript(channels: string[], events: string[]): string {
  return `(() => {
  const channels = ${JSON.stringify(channels)};
  const events = ${JSON.stringify(events)};
  const invoke = window.__hunterInvoke;
  const listeners = new Map();
  const bridge = {};
  for (const c of channels) bridge[c] = (req) => invoke(c, req === undefined ? {} : req);
  bridge.subscribe = (event, fn) => {
    if (!events.includes(event)) throw new Error('Unknown event ' + event);
    const set = listeners.get(event) || new Set();
    set.add(fn);
    listeners.set(event, set);
    return () => { set.delete(fn); };
  };
  Object.defineProperty(window, 'hunter', { value: Object.freeze(bridge), configurable: false, writable: false });
  Object.defineProperty(window, '__hunterEmit', { value: (event, payload) => { const set = listeners.get(event); if (set) set.forEach((fn) => fn(payload)); }, configurable: false });
})();`;
}

export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
