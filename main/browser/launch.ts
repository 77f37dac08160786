import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { HunterError } from '../core/errors';
import { findBrowser, type FindBrowserOptions } from './finder';

export interface LaunchOptions extends FindBrowserOptions {
  /** A known executable skips the search (tests pass /usr/bin/chromium). */
  executablePath?: string;
  headless?: boolean;
  /** A profile folder to keep (cookies such as the consent answer survive runs); default a fresh temporary one. */
  userDataDir?: string;
  /** e.g. "en-GB"; Google picks the page language from it. */
  locale?: string;
  /** Navigation timeout for every page, ms. */
  navigationTimeoutMs?: number;
  /** Chromium's --host-resolver-rules (e.g. "MAP * 127.0.0.1"), to pin host names to an address. */
  hostResolverRules?: string;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  executablePath: string;
  close(): Promise<void>;
}

/** Flags that keep a headless Chromium quiet and self-contained (no updates, no background traffic). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/** Starts the rep's browser with its own profile folder and one page. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const executablePath = options.executablePath ?? findBrowser(options).path;
  const ownDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'hunter-browser-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      args: options.hostResolverRules ? [...CHROMIUM_ARGS, `--host-resolver-rules=${options.hostResolverRules}`] : CHROMIUM_ARGS,
      locale: options.locale,
      viewport: { width: 1280, height: 900 },
    });
  } catch (err) {
    if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    throw new HunterError('BROWSER_NOT_FOUND', `The browser at ${executablePath} could not be started: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  context.setDefaultNavigationTimeout(options.navigationTimeoutMs ?? 30_000);
  context.setDefaultTimeout(options.navigationTimeoutMs ?? 30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    executablePath,
    async close() {
      await context.close().catch((err: unknown) => {
        // Closing twice (after a crash) is harmless; anything else is worth knowing.
        if (!/closed|Target/.test(String(err))) throw err;
      });
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
