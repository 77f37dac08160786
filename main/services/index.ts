import type { HunterApp } from '../app';
import type { SecretStore } from '../store/secret-store';
import type { DraftStreamEvent } from '../../preload/contract';
import { AccountService } from './account';
import { AgentsService } from './agents';
import { ComplianceService } from './compliance';
import { DraftsService } from './drafts';
import { ExportsService } from './exports';
import { LeadsService } from './leads';
import { MailAccountService } from './mail-account';
import { OutreachService } from './outreach';
import { RunsService } from './runs';
import { settingsService, type SettingsService } from './settings';
import type { WorkspacesService } from './workspaces';

export { CLI, REP, type Actor, type Ctx } from './context';

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

export function createServices(app: HunterApp, deps: ServiceDeps): Services {
  app.useSecrets(deps.secrets);
  const mail = new MailAccountService({ secrets: deps.secrets, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const drafts = new DraftsService(app, deps.onDraftStream ?? (() => undefined));
  const outreach = new OutreachService(app, drafts, mail, deps.secrets, deps.secretEnv ?? null);
  return {
    workspaces: app.workspaces,
    settings: settingsService(app.env),
    agents: new AgentsService(),
    runs: new RunsService(app, { offline: deps.offlineRuns ?? false }),
    leads: new LeadsService(),
    drafts,
    exports: new ExportsService(mail, deps.secrets, deps.dataDir, deps.secretEnv ?? null, (ctx, ids) => outreach.planFollowUps(ctx, ids)),
    mail,
    account: new AccountService(app.db, deps.dataDir),
    compliance: new ComplianceService(deps.dataDir),
    outreach,
  };
}
