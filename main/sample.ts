import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HunterApp } from './app';
import { SenderSchema } from './core/sender';
import { resourcesDir } from './resources';
import type { WorkspaceStore } from './store';
import type { Execution } from './store/executions';
import { loadSavedPages } from './enrich';
import { PageCache } from './store/page-cache';

export const SAMPLE_WORKSPACE_ID = 'ws_sample';

export function sampleDir(): string {
  return join(resourcesDir(), 'sample');
}

/**
 * The bundled sample workspace: fictional dental practices, an agent that looks for them, and a sender.
 * Creates the workspace (or reuses it) and a new execution over the sample CSV.
 */
export function loadSampleWorkspace(app: HunterApp, opts: { mode?: string | undefined } = {}): { store: WorkspaceStore; execution: Execution } {
  const dir = sampleDir();
  const store = app.workspaces.list().some((w) => w.id === SAMPLE_WORKSPACE_ID)
    ? app.workspace(SAMPLE_WORKSPACE_ID)
    : app.createWorkspace('Sample workspace', { id: SAMPLE_WORKSPACE_ID, credits: 25, trialDays: 14 });
  store.settings.set('sender', SenderSchema.parse(JSON.parse(readFileSync(join(dir, 'sender.json'), 'utf8'))));
  const agent = JSON.parse(readFileSync(join(dir, 'agent.json'), 'utf8')) as Record<string, unknown>;
  if (opts.mode) agent.execution_mode = opts.mode;
  // The sample businesses' web pages, saved, so enrichment shows real extraction with no network.
  loadSavedPages(join(dir, 'pages'), new PageCache(app.db, store.workspaceId, { ttlMs: 365 * 86_400_000 }));
  const execution = app.createExecution(store, { csv: join(dir, 'leads.csv'), agent, offline: true });
  return { store, execution };
}
