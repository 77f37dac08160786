import { dirname, join, resolve } from 'node:path';
import type { HunterApp } from '../app';
import { HunterError, toHunterError } from '../core/errors';
import { loadSampleWorkspace, sampleDir } from '../sample';
import { createServices, REP, type Ctx, type Services } from '../services';
import { BackgroundRuns } from '../services/background-runs';
import { dataFolderOf, senderOf, SETTINGS_KEYS } from '../services/settings';
import { toAlertView, toCsvPreviewView } from '../services/views';
import { importOptions, previewCsv } from '../sources/csv';
import { databaseFile } from '../store/database';
import prices from '../../resources/prices.json';
import type { BootstrapView, RequestOf, SenderSettingsView, SettingsView, WorkspaceView } from '../../preload/contract';
import type { HandlerTable } from './dispatch';
import { EventBatcher, type EventSink } from './event-batcher';
import { SessionSecretStore, type SecretStore } from '../store/secret-store';

export type { HandlerTable } from './dispatch';

/** What the handlers need from the machine they run on; Electron gives the real ones, tests their own. */
export interface HandlerDeps {
  secrets: SecretStore;
  /** Sends an event to the window (already batched). */
  emit: EventSink;
  /** A native notification for a new alert. */
  notify: (alert: ReturnType<typeof toAlertView>) => void;
  /** The native file picker for a CSV; null when the rep cancels. */
  pickCsv: () => Promise<string | null>;
  /** Opens a page in the rep's own browser (a Google or Microsoft sign-in; never an embedded view). */
  openUrl: (url: string) => void;
  /** Where exports and audit exports are written unless the rep chose a data folder. */
  dataDir: string;
  /** Runs read websites only from the page cache and use no online source (tests; working without a network). */
  offlineRuns: boolean;
}

export interface Handlers {
  table: HandlerTable;
  services: Services;
  /** Pauses running executions and stops streams, waiting for them (before the database closes). */
  close(): Promise<void>;
  /** The periodic reply check, now (what the timer runs every REPLY_CHECK_EVERY_MS); resolves when it is done. */
  checkRepliesNow(): Promise<void>;
}

/** How often the open app looks whether a day's backup (and, later, retention) is due. */
const MAINTENANCE_EVERY_MS = 3 * 3600_000;
/** How often the open app reads the inbox for replies and bounces (issue 16): often enough to stop a follow-up in time. */
const REPLY_CHECK_EVERY_MS = 15 * 60_000;
/** Rows the import preview shows: enough to see the mapping work, few enough to read at once. */
const CSV_PREVIEW_ROWS = 20;

/** The handler table the Electron gateway registers (see createHandlers for one that can be closed). */
export function handlers(app: HunterApp, deps: Partial<HandlerDeps> = {}): HandlerTable {
  return createHandlers(app, deps).table;
}

/**
 * The window's face over the services: one line per channel of the contract (its schema has parsed the
 * request already, in dispatch), and the session a window has: the workspace on screen, the files the
 * rep picked, the runs going on in the background.
 */
export function createHandlers(app: HunterApp, partial: Partial<HandlerDeps> = {}): Handlers {
  const deps: HandlerDeps = {
    secrets: partial.secrets ?? new SessionSecretStore(),
    emit: partial.emit ?? (() => undefined),
    notify: partial.notify ?? (() => undefined),
    pickCsv: partial.pickCsv ?? (async () => null),
    openUrl: partial.openUrl ?? (() => undefined),
    dataDir: partial.dataDir ?? dirname(resolve(databaseFile(app.db))),
    offlineRuns: partial.offlineRuns ?? false,
  };
  const batcher = new EventBatcher(deps.emit);
  const s = createServices(app, { secrets: deps.secrets, dataDir: deps.dataDir, offlineRuns: deps.offlineRuns, onDraftStream: (e) => batcher.draft(e) });
  const background = new BackgroundRuns(app, s.runs, (v) => batcher.run(v), (_store, alerts) => {
    batcher.flush();
    for (const a of alerts) {
      const view = toAlertView(a);
      deps.emit('alert:new', view);
      deps.notify(view);
    }
  });
  const session = windowSession(app, s, deps.secrets);
  // A day's backup when the app starts and, while it stays open, each time a day has passed.
  const backUp = () =>
    s.account.dailyBackup().catch((err: unknown) => {
      const h = toHunterError(err);
      deps.notify({ id: `backup-${Date.now()}`, trigger_type: 'backup_failed', severity: 'warning', title: 'The daily backup failed', message: h.message, suggested_action: h.hint, created_at: new Date().toISOString(), read: false });
    });
  // Retention at start and while open: drafts past their expiry, and once a day the purges by age, in every workspace.
  let closed = false;
  const retain = () => {
    if (closed) return;
    for (const w of s.workspaces.list()) {
      try {
        s.compliance.runRetention({ store: s.workspaces.open(w.id), actor: { type: 'system', id: 'retention' } });
      } catch (err) {
        const h = toHunterError(err);
        deps.notify({ id: `retention-${Date.now()}`, trigger_type: 'retention_failed', severity: 'warning', title: 'Old data could not be purged', message: h.message, suggested_action: h.hint, created_at: new Date().toISOString(), read: false });
      }
    }
  };
  void backUp().then(retain);
  const maintenance = setInterval(() => void backUp().then(retain), MAINTENANCE_EVERY_MS);
  maintenance.unref();
  // Replies while the app is open, in the workspace shown: only with a saved mail account and something
  // exported to hear back about. A failing check says so once per kind of failure, not every quarter hour.
  // Both to the window (a toast, and the Outcomes screen reloads) and to the OS (the window may be hidden).
  const announce = (view: ReturnType<typeof toAlertView>) => {
    deps.emit('alert:new', view);
    deps.notify(view);
  };
  let replyCheck: Promise<void> | null = null;
  let replyProblem: string | null = null;
  const checkReplies = () => {
    if (closed || replyCheck) return;
    replyCheck = (async () => {
      const ctx = session.hasWorkspace() ? session.ctx() : null;
      if (!ctx || !s.mail.get(ctx)?.has_credentials || ctx.store.drafts.list({ status: 'exported', limit: 1 }).length === 0) return;
      try {
        const r = await s.outreach.checkReplies(ctx);
        replyProblem = null;
        if (r.replies + r.bounces > 0) {
          const parts = [r.replies && `${r.replies} repl${r.replies === 1 ? 'y' : 'ies'}`, r.bounces && `${r.bounces} bounce${r.bounces === 1 ? '' : 's'}`].filter(Boolean).join(' and ');
          announce({ id: `replies-${Date.now()}`, trigger_type: 'replies_found', severity: 'info', title: 'Answers in your inbox', message: `${parts} to messages you exported; their follow-ups are cancelled.`, suggested_action: r.stop ? `${r.stop} asked not to be contacted again and are on the do-not-contact list.` : null, created_at: new Date().toISOString(), read: false });
        }
      } catch (err) {
        const h = toHunterError(err);
        if (h.code !== replyProblem) {
          replyProblem = h.code;
          announce({ id: `replies-${Date.now()}`, trigger_type: 'reply_check_failed', severity: 'warning', title: 'Your inbox could not be read for replies', message: h.message, suggested_action: h.hint, created_at: new Date().toISOString(), read: false });
        }
      }
    })().finally(() => {
      replyCheck = null;
    });
  };
  const replies = setInterval(checkReplies, REPLY_CHECK_EVERY_MS);
  replies.unref();

  const table: HandlerTable = {
    'app:bootstrap': async () => session.bootstrap(keys()),
    'workspace:create': async (r) => session.create(r),
    'workspace:select': async (r) => session.select(r.id),
    'workspace:rename': async (r) => s.workspaces.rename(r.id, r.name, REP),
    'workspace:open-sample': async () => session.openSample((store, id) => background.start(store, id)),
    'agents:list': async () => s.agents.list(session.ctx()),
    'agents:save': async (r) => s.agents.saveForm(session.ctx(), r.config, r.id),
    // Keyword expansion (issue 12): the table offline, a model's proposals when Groq is set up.
    'agents:expand-keywords': async (r) => s.agents.expandKeywords(session.ctx(), r, await app.aiFor(session.ctx().store)),
    'csv:preview': async (r) => toCsvPreviewView(r.path, await previewCsv(session.picked(r.path)!, importOptions(r.options), CSV_PREVIEW_ROWS)),
    'runs:estimate': async (r) => s.runs.estimate(session.ctx(), { agent_id: r.agent_id, csv: session.picked(r.csv_path), csv_options: importOptions(r.csv_options) }),
    'runs:start': async (r) => {
      const execution = await s.runs.create(session.ctx(), { agent_id: r.agent_id, csv: session.picked(r.csv_path), csv_options: importOptions(r.csv_options), contact_again: r.contact_again });
      const notices = s.runs.sourceNotices(session.ctx(), session.ctx().store.agents.get(execution.agent_id).config);
      return { execution_id: background.startNew(session.ctx(), execution), notices };
    },
    'runs:list': async () => s.runs.list(session.ctx()).map((e) => background.view(session.ctx().store, e)),
    'runs:get': async (r) => background.viewOf(session.ctx().store, r.id),
    'runs:pause': async (r) => background.pauseRun(session.ctx().store, r.id),
    'runs:resume': async (r) => background.resume(session.ctx().store, r.id),
    'runs:cancel': async (r) => background.cancelRun(session.ctx(), r.id, (c, id) => s.runs.cancelStopped(c, id)),
    'runs:failures': async (r) => s.runs.failures(session.ctx(), r.id, { offset: r.offset, limit: r.limit }),
    'runs:failed-csv': async (r) => s.runs.writeFailedRows(session.ctx(), r.id, join(dataFolderOf(session.ctx().store, deps.dataDir), 'exports')),
    'runs:set-budget': async (r) => {
      s.runs.setBudget(session.ctx(), r.id, r.credits);
      return background.viewOf(session.ctx().store, r.id);
    },
    'leads:query': async (r) => s.leads.list(session.ctx(), { search: r.search, tier: r.tier, order: r.order, direction: r.direction, offset: r.offset, limit: r.limit }),
    'leads:get': async (r) => s.leads.show(session.ctx(), r.id),
    'drafts:list': async (r) => s.drafts.list(session.ctx(), { status: r.status, offset: r.offset, limit: r.limit }),
    'drafts:get': async (r) => s.drafts.show(session.ctx(), r.id),
    'drafts:approve': async (r) => s.drafts.approve(session.ctx(), r.id, r.version_id),
    'drafts:reject': async (r) => s.outreach.reject(session.ctx(), r.id, r.reason),
    'drafts:defer': async (r) => s.drafts.defer(session.ctx(), r.id),
    'drafts:undo': async (r) => s.drafts.undo(session.ctx(), r.id),
    'drafts:edit': async (r) => s.drafts.edit(session.ctx(), r.id, r.body, r.subject ?? null),
    'drafts:use-version': async (r) => s.drafts.useVersion(session.ctx(), r.id, r.version_id),
    'drafts:bulk-approve': async (r) => s.drafts.bulkApprove(session.ctx(), r.min_rank, r.ids),
    // Review you can trust (issue 13).
    'drafts:bulk-preview': async (r) => s.drafts.bulkPreview(session.ctx(), r.min_rank),
    'drafts:bulk-undo': async (r) => s.drafts.bulkUndo(session.ctx(), r.ids),
    'drafts:set-recipient': async (r) => s.drafts.setRecipient(session.ctx(), r.id, r.email),
    'drafts:write': async (r) => s.drafts.write(session.ctx(), r.id),
    'credits:summary': async () => s.account.credits(session.ctx()),
    'alerts:list': async () => s.account.alerts(session.ctx()),
    'alerts:read': async (r) => s.account.readAlert(session.ctx(), r.id),
    'audit:list': async (r) => s.account.auditPage(session.ctx(), r, r.offset, r.limit),
    'audit:verify': async () => s.account.verifyAudit(session.ctx()),
    'audit:export': async () => s.account.exportAudit(session.ctx(), {}),
    'settings:get': async () => settingsView(session.ctx()),
    'settings:set': async (r) => setSettings(session.ctx(), r),
    'secrets:set': async (r) => session.setSecret(r.name, r.value, keys),
    'sender:get': async () => senderView(session.ctx()),
    'sender:set': async (r) => senderView(session.ctx(), s.settings.setSender(session.ctx(), r)),
    'mail:get': async () => s.mail.get(session.ctx()),
    'mail:save': async ({ password, ...fields }) => s.mail.save(session.ctx(), fields, password),
    'mail:remove': async () => s.mail.remove(session.ctx()),
    'mail:test': async () => s.mail.test(session.ctx()),
    'mail:sign-in': async () => s.mail.signIn(session.ctx(), deps.openUrl),
    'mail:sign-out': async () => s.mail.signOut(session.ctx()),
    'export:run': async (r) => s.exports.view(session.ctx(), await s.exports.export(session.ctx(), { format: r.format, ids: r.ids, imap: 'saved', html: r.html, bom: r.bom, csv_preset: r.csv_preset })),
    'export:undo': async (r) => s.exports.undo(session.ctx(), r.token),
    'export:mailto': async (r) => s.exports.mailto(session.ctx(), r.id),
    'dialog:open-csv': async () => session.pick(await deps.pickCsv()),
    'dnc:list': async (r) => s.compliance.dncList(session.ctx(), r),
    'dnc:add': async (r) => s.compliance.dncAdd(session.ctx(), r.values, 'manual', r.reason ?? null, { kind: r.kind }),
    'dnc:remove': async (r) => s.compliance.dncRemove(session.ctx(), r.id),
    'dnc:import': async (r) => s.compliance.dncImport(session.ctx(), session.picked(r.path)!, { country: r.country }),
    'drafts:block': async (r) => s.compliance.rejectAndBlock(session.ctx(), r.id, { scope: r.scope, reason: r.reason ?? null }),
    // Outreach (issue 16).
    'drafts:channels': async (r) => s.outreach.channels(session.ctx(), r.id, r.channel),
    'drafts:scheduled': async (r) => s.outreach.scheduled(session.ctx(), { offset: r.offset, limit: r.limit }),
    'drafts:add-variant': async (r) => {
      const v = s.outreach.addVariant(session.ctx(), r.id);
      return { id: v.id, variant: v.variant };
    },
    'drafts:pick-variant': async (r) => s.outreach.pickVariant(session.ctx(), r.id),
    'replies:check': async () => s.outreach.checkReplies(session.ctx()),
    'stats:get': async (r) => s.outreach.stats(session.ctx(), { days: r.days }),
    'leads:export-data': async (r) => s.compliance.writeLeadData(session.ctx(), r.id),
    'leads:erase': async (r) => {
      const e = await s.compliance.erase(session.ctx(), r.id, { reason: r.reason, suppress: r.suppress, backups: r.backups });
      return { lead_ids: e.lead_ids, erasure_id: e.erasure_id, notices: e.notices };
    },
    // Leads screen: a merge split off again.
    'leads:split': async (r) => s.leads.split(session.ctx(), r.id, r.merge_id),
  };

  function keys(): BootstrapView['keys'] {
    return {
      groq: !!app.models.keyFor('groq'),
      anthropic: !!app.models.keyFor('anthropic'),
      hunter_io: deps.secrets.has('hunter_io'),
      imap: mailReady(),
      secure_store: deps.secrets.isSecure(),
    };
  }

  function mailReady(): boolean {
    const w = s.workspaces.current();
    return !!(w && s.mail.get({ store: s.workspaces.open(w.id), actor: REP })?.has_credentials);
  }

  function senderView(ctx: Ctx, sender = senderOf(ctx.store)): SenderSettingsView {
    return {
      name: sender?.name ?? null, email: sender?.email ?? null, company: sender?.company ?? null, signature: sender?.signature ?? null,
      postal_address: sender?.postal_address ?? null, opt_out: sender?.opt_out ?? null, reply_to: sender?.reply_to ?? null,
      cc: sender?.cc ?? [], bcc: sender?.bcc ?? [],
      // Unset means on: turning the footer off is only ever the rep's deliberate choice.
      compliance_footer: sender?.compliance_footer !== false,
    };
  }

  function settingsView(ctx: Ctx): SettingsView {
    const all = s.settings.all(ctx);
    return {
      draft_models: all['models.draft'] as string[],
      refine_model: all['models.refine'] as string,
      data_folder: (all.data_folder as string | null) ?? deps.dataDir,
      browser_path: all.browser_path as string | null,
      prices: priceTable(),
      retention: { data_days: all['retention.data_days'] as number, rejected_draft_days: all['retention.rejected_draft_days'] as number },
    };
  }

  function setSettings(ctx: Ctx, r: RequestOf<'settings:set'>): SettingsView {
    if (r.draft_models !== undefined && r.draft_models.some((m) => m.trim())) s.settings.set(ctx, 'models.draft', r.draft_models.join(','));
    if (r.refine_model !== undefined && r.refine_model.trim()) s.settings.set(ctx, 'models.refine', r.refine_model);
    if (r.data_folder !== undefined) s.settings.set(ctx, 'data_folder', r.data_folder);
    if (r.browser_path !== undefined) s.settings.set(ctx, 'browser_path', r.browser_path);
    // Retention days through the one settings table (its range check); null goes back to the default.
    if (r.retention_data_days !== undefined) s.settings.set(ctx, 'retention.data_days', r.retention_data_days === null ? '' : String(r.retention_data_days));
    if (r.retention_rejected_draft_days !== undefined) s.settings.set(ctx, 'retention.rejected_draft_days', r.retention_rejected_draft_days === null ? '' : String(r.retention_rejected_draft_days));
    return settingsView(ctx);
  }

  return {
    table,
    services: s,
    async checkRepliesNow() {
      checkReplies();
      await replyCheck;
    },
    async close() {
      closed = true;
      clearInterval(maintenance);
      clearInterval(replies);
      await replyCheck;
      await background.stopAll();
      await s.drafts.stopAll();
      batcher.close();
    },
  };
}

/**
 * What one window holds between requests: the workspace on screen (remembered for the next start), and
 * the CSV files the rep picked in the native dialog — only those (and the bundled sample) may be read as
 * a CSV, so a compromised renderer cannot import ~/.ssh/id_rsa as "leads" and read it back.
 */
function windowSession(app: HunterApp, s: Services, secrets: SecretStore) {
  const pickedFiles = new Set<string>([join(sampleDir(), 'leads.csv')]);
  const view = (w: { id: string; name: string }): WorkspaceView => ({ id: w.id, name: w.name });
  const session = {
    hasWorkspace: (): boolean => s.workspaces.current() !== null,
    ctx(): Ctx {
      const w = s.workspaces.current();
      if (!w) throw new HunterError('NOT_FOUND', 'No workspace yet: create one first.');
      return { store: s.workspaces.open(w.id), actor: REP };
    },
    bootstrap(keys: BootstrapView['keys']): BootstrapView {
      const w = s.workspaces.current();
      const store = w ? s.workspaces.open(w.id) : null;
      const sender = store ? senderOf(store) : null;
      return {
        workspace: w ? view(w) : null,
        workspaces: s.workspaces.list().map(view),
        sender: sender ? { name: sender.name, email: sender.email ?? '', ...(sender.company ? { company: sender.company } : {}), ...(sender.signature ? { signature: sender.signature } : {}) } : null,
        keys,
        pending_review: store ? store.drafts.count({ status: 'pending_review' }) : 0,
      };
    },
    create(r: { name: string; sender_name: string; sender_email: string; company?: string | undefined; signature?: string | undefined }): WorkspaceView {
      const store = s.workspaces.create(r.name, REP);
      s.settings.setSender({ store, actor: REP }, { name: r.sender_name, email: r.sender_email, company: r.company ?? '', signature: r.signature ?? '' });
      return s.workspaces.use(store.workspaceId);
    },
    select(id: string): WorkspaceView {
      return s.workspaces.use(id);
    },
    openSample(start: (store: Ctx['store'], executionId: string) => void): WorkspaceView {
      const { store, execution } = loadSampleWorkspace(app);
      start(store, execution.id);
      return s.workspaces.use(store.workspaceId);
    },
    picked(path: string | undefined): string | undefined {
      if (path === undefined) return undefined;
      if (!pickedFiles.has(path)) throw new HunterError('INVALID_INPUT', 'Choose the CSV file with "Choose CSV…" first; only files picked there can be imported.');
      return path;
    },
    pick(path: string | null): { path: string | null } {
      if (path) pickedFiles.add(path);
      return { path };
    },
    setSecret(name: Parameters<SecretStore['set']>[0], value: string, keys: () => BootstrapView['keys']): BootstrapView['keys'] {
      // The window's thread saved it in the keychain already; this is the services' copy. Only that a key
      // changed is recorded, never the key.
      secrets.set(name, value);
      const w = s.workspaces.current();
      if (w) s.workspaces.open(w.id).audit.append({ actor: REP, action: 'settings_changed', resource: 'secret', resource_id: name, changes: { after: { configured: value.trim().length > 0 } } });
      return keys();
    },
  };
  return session;
}

function priceTable(): SettingsView['prices'] {
  const out: SettingsView['prices'] = {};
  const providers = (prices as { providers: Record<string, { models: Record<string, { input: number; output: number }> }> }).providers;
  for (const [provider, p] of Object.entries(providers)) {
    for (const [model, price] of Object.entries(p.models)) out[`${provider}/${model}`] = { input: price.input, output: price.output };
  }
  return out;
}

export { SETTINGS_KEYS };
