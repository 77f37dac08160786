import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** One rule axe-core found broken, reduced to what a failing assertion should say. */
export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** CSS selectors of the offending nodes (the first few), to find them in the screen. */
  targets: string[];
}

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on the page as it is now (injected once per page) and returns every violation.
 * `within` limits the check to one region (a selector), for a test about one screen's part.
 */
export async function axeViolations(page: Page, within?: string): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // Evaluated over the DevTools protocol, not added as a <script>: the app's Content-Security-Policy
  // (script-src 'self') rightly refuses an inline script tag.
  if (!loaded) await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  return page.evaluate(async (scope) => {
    type Result = { id: string; impact: AxeViolation['impact']; help: string; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(scope ?? document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  }, within ?? null);
}

/** The violations a screen must not have: serious and critical ones. */
export async function seriousAxeViolations(page: Page, within?: string): Promise<AxeViolation[]> {
  return (await axeViolations(page, within)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation, for an assertion message a reader can act on. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`).join('\n');
}
