import type { HunterApp } from '../app';
import * as account from './account';
import * as agents from './agents';
import * as compliance from './compliance';
import * as drafts from './drafts';
import * as exportsArea from './exports';
import * as leads from './leads';
import * as mail from './mail-account';
import * as outreach from './outreach';
import * as runs from './runs';
import * as settings from './settings';
import { wireServices, type AreaModules, type ServiceDeps, type Services } from './wiring';

export { CLI, REP, type Actor, type Ctx } from './context';
export type { Area, ServiceDeps, Services } from './wiring';

const ALL: AreaModules = { account, agents, compliance, drafts, exports: exportsArea, leads, mail, outreach, runs, settings };

/** Every area's services, as the app uses them (each built on its first use). */
export function createServices(app: HunterApp, deps: ServiceDeps): Services {
  return wireServices(app, deps, ALL);
}
