import type { HunterApp } from '../app';
import { withPrerequisites, wireServices, type Area, type AreaModules, type ServiceDeps, type Services } from './wiring';

const LOADERS: { [K in keyof AreaModules]: () => Promise<AreaModules[K]> } = {
  settings: () => import('./settings'),
  agents: () => import('./agents'),
  runs: () => import('./runs'),
  leads: () => import('./leads'),
  drafts: () => import('./drafts'),
  exports: () => import('./exports'),
  mail: () => import('./mail-account'),
  account: () => import('./account'),
  compliance: () => import('./compliance'),
  outreach: () => import('./outreach'),
};

/**
 * The services of the areas named (and of those they are built on), loading only their modules: what a
 * CLI command uses, so a short command starts fast. They are the same services the app builds.
 */
export async function loadServices<A extends Area>(app: HunterApp, deps: ServiceDeps, areas: readonly A[]): Promise<Pick<Services, A | 'workspaces'>> {
  const modules: Partial<AreaModules> = {};
  await Promise.all(
    withPrerequisites(areas).map(async (area) => {
      if (area === 'workspaces') return;
      (modules as Record<string, unknown>)[area] = await LOADERS[area]();
    }),
  );
  return wireServices(app, deps, modules);
}
