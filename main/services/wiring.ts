import type { HunterApp } from '../app';
import { HunterError } from '../core/errors';
import type { SecretStore } from '../store/secret-store';
import type { DraftStreamEvent } from '../../preload/contract';
import type { AccountService } from './account';
import type { AgentsService } from './agents';
import type { ComplianceService } from './compliance';
import type { DraftsService } from './drafts';
import type { ExportsService } from './exports';
import type { LeadsService } from './leads';
import type { MailAccountService } from './mail-account';
import type { OutreachService } from './outreach';
import type { RunsService } from './runs';
import type { SettingsService } from './settings';
import type { WorkspacesService } from './workspaces';

/**
 * The product's operations, one module per area. The IPC handler table and the CLI commands are both
 * derived from these: a face parses its input, calls a method and shows the answer; no rule lives in a face.
 */
export interface Services {
  workspaces: WorkspacesService;
  settings: SettingsService;
  agents: AgentsService;
  runs: RunsService;
  leads: LeadsService;
  drafts: DraftsService;
  exports: ExportsService;
  mail: MailAccountService;
  account: AccountService;
  compliance: ComplianceService;
  /** Channels, follow-ups, replies, variants and draft analytics (issue 16). */
  outreach: OutreachService;
}

/** One area of the product, as the services name it. */
export type Area = keyof Services;

export interface ServiceDeps {
  /** Keys and the mail account's password or sign-in: the OS keychain's copy in the app, one for the process in the CLI. */
  secrets: SecretStore;
  /** The CLI: the mail password or refresh token comes from this environment (HUNTER_IMAP_PASSWORD, HUNTER_IMAP_REFRESH_TOKEN). */
  secretEnv?: NodeJS.ProcessEnv;
  /** HTTP for the OAuth token endpoint (tests: a stand-in on this computer). */
  fetch?: typeof fetch;
  /** Where exports and audit exports go unless the rep chose a folder. */
  dataDir: string;
  /** Runs read websites only from the page cache and use no online source (tests; no network). */
  offlineRuns?: boolean;
  /** The text of a rewrite as it is written (the app streams it to the window). */
  onDraftStream?: (e: DraftStreamEvent) => void;
}

/** The module each area is built from (the workspaces come with the app itself). */
export interface AreaModules {
  settings: typeof import('./settings');
  agents: typeof import('./agents');
  runs: typeof import('./runs');
  leads: typeof import('./leads');
  drafts: typeof import('./drafts');
  exports: typeof import('./exports');
  mail: typeof import('./mail-account');
  account: typeof import('./account');
  compliance: typeof import('./compliance');
  outreach: typeof import('./outreach');
}

type Builder<K extends Area> = (app: HunterApp, deps: ServiceDeps, s: Services) => Services[K];

/** How each area is built from its module, and which other areas it is built on. */
const BUILD: { [K in keyof AreaModules]: { uses: Area[]; build: (m: AreaModules[K]) => Builder<K> } } = {
  settings: { uses: [], build: (m) => (app) => m.settingsService(app.env) },
  agents: { uses: [], build: (m) => () => new m.AgentsService() },
  runs: { uses: [], build: (m) => (app, deps) => new m.RunsService(app, { offline: deps.offlineRuns ?? false }) },
  leads: { uses: [], build: (m) => () => new m.LeadsService() },
  drafts: { uses: [], build: (m) => (app, deps) => new m.DraftsService(app, deps.onDraftStream ?? (() => undefined)) },
  mail: { uses: [], build: (m) => (_app, deps) => new m.MailAccountService({ secrets: deps.secrets, ...(deps.fetch ? { fetch: deps.fetch } : {}) }) },
  account: { uses: [], build: (m) => (app, deps) => new m.AccountService(app.db, deps.dataDir) },
  compliance: { uses: [], build: (m) => (_app, deps) => new m.ComplianceService(deps.dataDir) },
  outreach: { uses: ['drafts', 'mail'], build: (m) => (app, deps, s) => new m.OutreachService(app, s.drafts, s.mail, deps.secrets, deps.secretEnv ?? null) },
  exports: {
    uses: ['mail', 'outreach'],
    build: (m) => (_app, deps, s) => new m.ExportsService(s.mail, deps.secrets, deps.dataDir, deps.secretEnv ?? null, (ctx, ids) => s.outreach.planFollowUps(ctx, ids)),
  },
};

/** The areas `areas` are built on, themselves included: what must be loaded before they can be built. */
export function withPrerequisites(areas: readonly Area[]): Area[] {
  const out = new Set<Area>();
  const visit = (a: Area): void => {
    if (out.has(a)) return;
    out.add(a);
    if (a !== 'workspaces') BUILD[a].uses.forEach(visit);
  };
  areas.forEach(visit);
  return [...out];
}

/**
 * The one composition of the services. Each area is built the first time it is used, from the modules
 * given: the app gives all of them, a CLI command only those of the areas it uses (so `hunter credits`
 * never loads the runs, the drafts or the mail code). Using an area whose module was not given is a bug
 * in the face, and says which area.
 */
export function wireServices(app: HunterApp, deps: ServiceDeps, modules: Partial<AreaModules>): Services {
  app.useSecrets(deps.secrets);
  const built: Partial<Services> = { workspaces: app.workspaces };
  const s = {} as Services;
  for (const area of Object.keys(BUILD) as Array<keyof AreaModules>) {
    Object.defineProperty(s, area, {
      enumerable: true,
      get() {
        const have = built[area];
        if (have) return have;
        const m = modules[area];
        if (!m) throw new HunterError('INTERNAL', `The ${area} services were not loaded for this command.`);
        const made = (BUILD[area].build as (m: AreaModules[typeof area]) => Builder<typeof area>)(m)(app, deps, s);
        (built as Record<Area, unknown>)[area] = made;
        return made;
      },
    });
  }
  Object.defineProperty(s, 'workspaces', { enumerable: true, value: app.workspaces });
  return s;
}
