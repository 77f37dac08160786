import { cleanup, configure, render, type RenderResult } from '@testing-library/react';
import { App } from '../../../renderer/src/App';
import { resetHunterStore, useHunter } from '../../../renderer/src/store';
import { createTestApp, inProcessBridge, type TestApp } from './in-process';

// waitFor and findBy wait for the real main side (SQLite, the writers): on a busy machine that takes more than the default second.
configure({ asyncUtilTimeout: 10_000 });

export interface MountedApp {
  t: TestApp;
  view: RenderResult;
  close(): Promise<void>;
}

/**
 * happy-dom has no layout engine: every box measures 0×0, so a virtualised list would show no rows.
 * Scroll containers get a window-sized box instead, which is what they have in the app.
 */
function giveBoxesASize(): void {
  const proto = window.HTMLElement.prototype as HTMLElement & { __sized?: boolean };
  if (proto.__sized) return;
  proto.__sized = true;
  const rect = { x: 0, y: 0, top: 0, left: 0, right: 1000, bottom: 700, width: 1000, height: 700 };
  Object.defineProperty(proto, 'getBoundingClientRect', { configurable: true, value: () => ({ ...rect, toJSON: () => rect }) });
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => 700 });
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => 700 });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 1000 });
}

/**
 * Renders the whole window in the DOM (happy-dom) with window.hunter wired to the real handlers on a
 * temporary database. `prepare` runs against main before the window opens (a workspace, seeded data).
 */
export async function mountApp(opts: { prepare?: (t: TestApp) => Promise<void> | void; t?: TestApp } = {}): Promise<MountedApp> {
  giveBoxesASize();
  const t = opts.t ?? createTestApp();
  await opts.prepare?.(t);
  resetHunterStore();
  window.hunter = inProcessBridge(t);
  const view = render(<App />);
  return {
    t,
    view,
    async close() {
      cleanup();
      resetHunterStore();
      delete window.hunter;
      await t.close();
    },
  };
}

export { useHunter };
