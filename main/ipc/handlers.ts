import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { HunterApp } from '../app';
import { DEFAULT_ALERTS, parseAgentConfig, type AgentConfig, type AlertRule } from '../core/agent-config';
import { fromMicros } from '../core/credits';
import { HunterError } from '../core/errors';
import type { SenderIdentity } from '../recipes/personalization';
import { subscriptionStatus } from '../recipes/subscription';
import { loadSampleWorkspace, sampleDir } from '../sample';
import type { WorkspaceStore } from '../store';
import type { Alert } from '../store/alerts';
import type { Workspace } from '../store/workspaces';
import prices from '../../resources/prices.json';
import type { AgentView, BootstrapView, DraftRowView, ParsedRequestOf, RunView, SettingsView, WorkspaceView } from '../../preload/contract';
import type { HandlerTable } from './dispatch';
import { DraftWriter } from './draft-writer';
import { modelChoice, MODELS_SETTING } from '../ai/configured';
import { checkCsv, importOptions, previewCsv, type CsvImportOptions } from '../sources/csv';
import { estimateRun } from './estimate';
import { EventBatcher, type EventSink } from './event-batcher';
import { exportApproved, mailtoFor, undoFileExport } from './exports';
import { auditPage, countLeads, pendingDraftIdsAbove, statusBeforeLastDecision } from './read-models';
import { RunManager } from './run-manager';
import { SECRET_NAMES, SessionSecretStore, type SecretStore } from './secret-store';
import { toAgentView, toAlertView, toAuditView, toCsvPreviewView, toDraftDetail, toDraftRow, toLeadDetail, toLeadRow } from './views';

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
  /** Where exports and audit exports are written unless the rep chose a data folder. */
  dataDir: string;
  /** Runs read websites only from the page cache and use no online source (tests; working without a network). */
  offlineRuns: boolean;
}

export interface Handlers {
  table: HandlerTable;
  /** Pauses running executions and stops streams, waiting for them (before the database closes). */
  close(): Promise<void>;
}

const REP = { type: 'rep' as const, id: 'rep' };
const SENDER = 'sender';
const DATA_FOLDER = 'data_folder';
const BROWSER_PATH = 'browser_path';
/** Rows the import preview shows: enough to see the mapping work, few enough to read at once. */
const CSV_PREVIEW_ROWS = 20;

/** The handler table the Electron gateway registers (see createHandlers for one that can be closed). */
export function handlers(app: HunterApp, deps: Partial<HandlerDeps> = {}): HandlerTable {
  return createHandlers(app, deps).table;
}

/**
 * Every operation of the contract over the same services the CLI uses (HunterApp and its stores), so
 * the app and the CLI never drift. Holds the session's state: the workspace in use, the files the rep
 * picked, the running executions and draft streams.
 */
export function createHandlers(app: HunterApp, partial: Partial<HandlerDeps> = {}): Handlers {
  const deps: HandlerDeps = {
    secrets: partial.secrets ?? new SessionSecretStore(),
    emit: partial.emit ?? (() => undefined),
    notify: partial.notify ?? (() => undefined),
    pickCsv: partial.pickCsv ?? (async () => null),
    dataDir: partial.dataDir ?? dirname(resolve(app.db.name)),
    offlineRuns: partial.offlineRuns ?? false,
  };
  const batcher = new EventBatcher(deps.emit);
  const announce = (_store: WorkspaceStore, alerts: Alert[]) => {
    for (const a of alerts) {
      const view = toAlertView(a);
      deps.emit('alert:new', view);
      deps.notify(view);
    }
  };
  const runs = new RunManager(app, batcher, announce);
  // Runs and rewrites use the keys the rep saved here (the environment's when none are).
  app.models.useKeys(deps.secrets);
  const writer = new DraftWriter(app.models, app.env, batcher, (s) => app.sender(s));
  // Only files the rep picked in the native dialog (or the bundled sample) may be read as a CSV: a
  // compromised renderer must not be able to import ~/.ssh/id_rsa as "leads" and read it back.
  const pickedFiles = new Set<string>([join(sampleDir(), 'leads.csv')]);
  // The workspace in use; until the rep picks one, the first there is (the CLI may have made it meanwhile).
  let chosen: string | null = null;
  const currentId = (): string | null => {
    if (chosen && app.workspaces.find(chosen)) return chosen;
    chosen = app.workspaces.list()[0]?.id ?? null;
    return chosen;
  };

  const ws = (): WorkspaceStore => {
    const id = currentId();
    if (!id) throw new HunterError('NOT_FOUND', 'No workspace yet: create one first.');
    return app.workspace(id);
  };
  const wsView = (w: Workspace): WorkspaceView => ({ id: w.id, name: w.name });
  const keys = (): BootstrapView['keys'] => ({
    groq: !!writer.keyFor('groq'),
    anthropic: !!writer.keyFor('anthropic'),
    hunter_io: deps.secrets.has('hunter_io'),
    imap: deps.secrets.has('imap'),
    secure_store: deps.secrets.isSecure(),
  });
  const csvAllowed = (path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    if (!pickedFiles.has(path)) throw new HunterError('INVALID_INPUT', 'Choose the CSV file with "Choose CSV…" first; only files picked there can be imported.');
    return path;
  };
  const runView = (id: string): RunView => {
    const store = ws();
    return runs.view(store, store.executions.get(id));
  };
  const draftRows = (store: WorkspaceStore, drafts: ReturnType<WorkspaceStore['drafts']['list']>): DraftRowView[] => {
    const leads = new Map(store.leads.getMany([...new Set(drafts.map((d) => d.lead_id))]).map((l) => [l.id, l]));
    return drafts.map((d) => toDraftRow(d, leads.get(d.lead_id)));
  };
  const draftRow = (store: WorkspaceStore, id: string): DraftRowView => draftRows(store, [store.drafts.get(id)])[0]!;
  const draftDetail = (store: WorkspaceStore, id: string) => {
    const d = store.drafts.get(id);
    return toDraftDetail(d, store.drafts.versions(id), store.leads.get(d.lead_id), store.leads.facts(d.lead_id));
  };
  const settingsView = (store: WorkspaceStore): SettingsView => {
    const models = modelChoice(store.settings, app.env);
    return {
      draft_models: models.draft_models,
      refine_model: models.refine_model,
      data_folder: store.settings.get<string>(DATA_FOLDER) ?? deps.dataDir,
      browser_path: store.settings.get<string>(BROWSER_PATH),
      prices: priceTable(),
    };
  };
  const startRun = async (store: WorkspaceStore, agentId: string, csv: string | undefined, csvOptions: CsvImportOptions | undefined): Promise<string> => {
    // A mapping to a column the file lacks (or a file with no company column) is refused before a run exists.
    if (csv && store.agents.get(agentId).config.sources.includes('csv')) await checkCsv(csv, csvOptions);
    const execution = app.createExecution(store, { csv, csvOptions, agent: undefined, agentId, offline: deps.offlineRuns });
    runs.start(store, execution.id);
    return execution.id;
  };

  const table: HandlerTable = {
    'app:bootstrap': async () => {
      const all = app.workspaces.list();
      const id = currentId();
      const w = id ? all.find((x) => x.id === id) ?? null : null;
      const store = w ? app.workspace(w.id) : null;
      return {
        workspace: w ? wsView(w) : null,
        workspaces: all.map(wsView),
        sender: store ? senderView(store.settings.get<SenderIdentity>(SENDER)) : null,
        keys: keys(),
        pending_review: store ? store.drafts.count({ status: 'pending_review' }) : 0,
      };
    },

    'workspace:create': async (req) => {
      if (!req.name.trim()) throw new HunterError('INVALID_INPUT', 'Give the workspace a name.');
      if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(req.sender_email)) throw new HunterError('INVALID_INPUT', 'The sender address must be an e-mail address like you@company.com.');
      const store = app.createWorkspace(req.name.trim());
      const sender: SenderIdentity = { name: req.sender_name.trim(), email: req.sender_email.trim(), company: req.company?.trim() || undefined, signature: req.signature?.trim() || undefined };
      store.tx(() => {
        store.settings.set(SENDER, sender);
        store.audit.append({ actor: REP, action: 'settings_changed', resource: 'settings', resource_id: SENDER, changes: { after: { name: sender.name, email: sender.email, company: sender.company ?? null } } });
      });
      chosen = store.workspaceId;
      return wsView(app.workspaces.get(store.workspaceId));
    },

    'workspace:select': async (req) => {
      const w = app.workspaces.get(req.id);
      chosen = w.id;
      return wsView(w);
    },

    'workspace:open-sample': async () => {
      const { store, execution } = loadSampleWorkspace(app);
      chosen = store.workspaceId;
      runs.start(store, execution.id);
      return wsView(app.workspaces.get(store.workspaceId));
    },

    'agents:list': async () => ws().agents.list().map(toAgentView),

    'agents:save': async (req): Promise<AgentView> => {
      const store = ws();
      const existing = req.id ? store.agents.get(req.id).config : null;
      return toAgentView(store.agents.save(agentConfigFrom(req.config, existing), req.id));
    },

    'csv:preview': async (req) => {
      csvAllowed(req.path);
      return toCsvPreviewView(req.path, await previewCsv(req.path, importOptions(req.options), CSV_PREVIEW_ROWS));
    },

    'runs:estimate': async (req) => {
      const store = ws();
      return estimateRun(app, store, store.agents.get(req.agent_id).config, csvAllowed(req.csv_path), importOptions(req.csv_options));
    },

    'runs:start': async (req) => {
      const store = ws();
      return { execution_id: await startRun(store, req.agent_id, csvAllowed(req.csv_path), importOptions(req.csv_options)) };
    },

    'runs:list': async () => {
      const store = ws();
      return store.executions.list(100).map((e) => runs.view(store, e));
    },

    'runs:get': async (req) => runView(req.id),

    'runs:pause': async (req) => {
      const store = ws();
      const e = store.executions.get(req.id);
      if (!runs.isActive(e.id) && e.status !== 'paused') throw new HunterError('CONFLICT', `This run is ${e.status}; only a running run can be paused.`);
      await runs.pause(e.id);
      return runView(e.id);
    },

    'runs:resume': async (req) => {
      const store = ws();
      const e = store.executions.get(req.id);
      if (runs.isActive(e.id)) throw new HunterError('CONFLICT', 'This run is already running.');
      runs.start(store, e.id);
      return runView(e.id);
    },

    'runs:cancel': async (req) => {
      const store = ws();
      const e = store.executions.get(req.id);
      if (runs.isActive(e.id)) {
        await runs.cancel(e.id);
      } else if (['pending', 'running', 'paused'].includes(e.status)) {
        store.tx(() => {
          store.executions.setStatus(e.id, 'cancelled', { error_code: 'CANCELLED', error_message: 'The run was cancelled.' });
          store.audit.append({
            actor: REP, action: 'execution_finished', resource: 'execution', resource_id: e.id,
            context: { agent_id: e.agent_id, execution_id: e.id }, result: { status: 'warning', error_code: 'CANCELLED' },
          });
        });
      } else {
        throw new HunterError('CONFLICT', `This run has already ${e.status}.`);
      }
      return runView(e.id);
    },

    'leads:query': async (req) => {
      const store = ws();
      const q = { search: req.search?.trim() || undefined, tier: req.tier, order: req.order };
      return { rows: store.leads.query({ ...q, limit: req.limit, offset: req.offset }).map(toLeadRow), total: countLeads(store, q) };
    },

    'leads:get': async (req) => {
      const store = ws();
      return toLeadDetail(store.leads.get(req.id), store.leads.facts(req.id));
    },

    'drafts:list': async (req) => {
      const store = ws();
      return { rows: draftRows(store, store.drafts.list({ status: req.status, limit: req.limit, offset: req.offset })), total: store.drafts.count({ status: req.status }) };
    },

    'drafts:get': async (req) => draftDetail(ws(), req.id),

    'drafts:approve': async (req) => {
      const store = ws();
      store.drafts.setStatus(req.id, 'approved', REP);
      return draftRow(store, req.id);
    },

    'drafts:reject': async (req) => {
      const store = ws();
      store.drafts.setStatus(req.id, 'rejected', REP);
      return draftRow(store, req.id);
    },

    'drafts:defer': async (req) => {
      const store = ws();
      store.drafts.setStatus(req.id, 'pending_review', REP);
      return draftRow(store, req.id);
    },

    'drafts:undo': async (req) => {
      const store = ws();
      const before = statusBeforeLastDecision(store, req.id);
      if (before !== 'approved' && before !== 'rejected' && before !== 'pending_review') {
        throw new HunterError('CONFLICT', before ? `The draft was ${before} before; that cannot be restored here.` : 'There is no decision on this draft to undo.');
      }
      store.drafts.setStatus(req.id, before, REP);
      return draftRow(store, req.id);
    },

    'drafts:edit': async (req) => {
      const store = ws();
      store.drafts.edit(req.id, req.body, req.subject ?? null, REP);
      return draftDetail(store, req.id);
    },

    'drafts:use-version': async (req) => {
      const store = ws();
      const v = store.drafts.versions(req.id).find((x) => x.id === req.version_id);
      if (!v) throw new HunterError('NOT_FOUND', `No version "${req.version_id}" of this draft.`);
      // The rep chose this text: it becomes the body as their decision (audited as an edit with before/after).
      store.drafts.edit(req.id, v.body, v.subject, REP);
      return draftDetail(store, req.id);
    },

    'drafts:bulk-approve': async (req) => {
      const store = ws();
      const ids = pendingDraftIdsAbove(store, req.min_rank);
      store.tx(() => {
        for (const id of ids) store.drafts.setStatus(id, 'approved', REP);
      });
      return { approved: ids.length };
    },

    'drafts:write': async (req) => {
      writer.start(ws(), req.id);
      return { started: true };
    },

    'credits:summary': async () => {
      const store = ws();
      const bal = store.ledger.balance();
      const s = subscriptionStatus(store);
      const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
      return {
        balance: fromMicros(bal.balance_micros),
        granted: fromMicros(bal.granted_micros),
        charged: fromMicros(bal.charged_micros),
        subscription: {
          plan_id: s.plan_id, monthly_credits_total: s.monthly_credits_total, credits_used_this_month: s.credits_used_this_month,
          api_calls_limit: s.api_calls_limit, api_calls_used_this_month: s.api_calls_used_this_month, trial_ends_at: s.trial_ends_at, billing_cycle_ends: s.billing_cycle_ends,
        },
        spend: store.ledger.spendByRecipeAndDay(since).map((r) => ({ day: r.day, recipe_id: r.recipe_id, credits: fromMicros(r.amount_micros) })),
        alerts: store.alerts.list({ limit: 50 }).map(toAlertView),
      };
    },

    'alerts:list': async () => ws().alerts.list({ limit: 100 }).map(toAlertView),

    'alerts:read': async (req) => {
      ws().alerts.markRead(req.id);
      return { ok: true as const };
    },

    'audit:list': async (req) => {
      const page = auditPage(ws(), req, req.offset, req.limit);
      return { rows: page.rows.map(toAuditView), total: page.total };
    },

    'audit:verify': async () => ws().audit.verify(),

    'audit:export': async () => {
      const store = ws();
      const verification = store.audit.verify();
      const entries = store.audit.list();
      const folder = store.settings.get<string>(DATA_FOLDER) ?? deps.dataDir;
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `audit-${store.workspaceId}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileSync(path, JSON.stringify({ workspace_id: store.workspaceId, exported_at: new Date().toISOString(), verification, entries }, null, 2));
      store.audit.append({ actor: REP, action: 'audit_exported', resource: 'audit_log', resource_id: store.workspaceId });
      return { path, entries: entries.length, verification };
    },

    'settings:get': async () => settingsView(ws()),

    'settings:set': async (req) => {
      const store = ws();
      const before = settingsView(store);
      for (const p of [req.data_folder, req.browser_path]) {
        if (p !== undefined && p !== '' && (!isAbsolute(p) || p.includes('\0'))) throw new HunterError('INVALID_INPUT', 'A folder or program path must be a full path (starting at the root of the disk).');
      }
      const models = modelChoice(store.settings, app.env);
      const draftModels = req.draft_models?.map((m) => m.trim()).filter(Boolean);
      store.tx(() => {
        if (draftModels !== undefined || req.refine_model !== undefined) {
          store.settings.set(MODELS_SETTING, {
            draft_models: draftModels && draftModels.length > 0 ? draftModels : models.draft_models,
            refine_model: req.refine_model?.trim() || models.refine_model,
          });
        }
        if (req.data_folder !== undefined) store.settings.set(DATA_FOLDER, req.data_folder || null);
        if (req.browser_path !== undefined) store.settings.set(BROWSER_PATH, req.browser_path || null);
        const after = settingsView(store);
        store.audit.append({
          actor: REP, action: 'settings_changed', resource: 'settings', resource_id: 'app',
          changes: { before: { ...before, prices: undefined }, after: { ...after, prices: undefined } },
        });
      });
      return settingsView(store);
    },

    'secrets:set': async (req) => {
      deps.secrets.set(req.name, req.value);
      if (currentId()) {
        // Only that a key changed is recorded, never the key.
        ws().audit.append({ actor: REP, action: 'settings_changed', resource: 'secret', resource_id: req.name, changes: { after: { configured: req.value.trim().length > 0 } } });
      }
      return keys();
    },

    'export:run': async (req) => {
      const store = ws();
      const folder = store.settings.get<string>(DATA_FOLDER) ?? deps.dataDir;
      return exportApproved(store, { format: req.format, ids: req.ids, folder, secrets: deps.secrets });
    },

    'export:undo': async (req) => undoFileExport(ws(), req.token),

    'export:mailto': async (req) => ({ url: mailtoFor(ws(), req.id) }),

    'dialog:open-csv': async () => {
      const path = await deps.pickCsv();
      if (path) pickedFiles.add(path);
      return { path };
    },
  };

  return {
    table,
    async close() {
      await runs.stopAll();
      await writer.stopAll();
      batcher.close();
    },
  };
}

function senderView(s: SenderIdentity | null): BootstrapView['sender'] {
  if (!s) return null;
  return { name: s.name, email: s.email ?? '', ...(s.company ? { company: s.company } : {}), ...(s.signature ? { signature: s.signature } : {}) };
}

/** The setup form's fields over the stored config: what the form does not show is kept as it was. */
export function agentConfigFrom(req: ParsedRequestOf<'agents:save'>['config'], existing: AgentConfig | null): AgentConfig {
  const { alerts, retry_policy, ...fields } = req;
  const base: Record<string, unknown> = existing ? { ...existing } : {};
  const merged: Record<string, unknown> = { ...base, ...stripUndefined(fields) };
  if (retry_policy) merged.retry_policy = { ...(existing?.retry_policy ?? {}), ...retry_policy };
  if (alerts) {
    const rules: AlertRule[] = (existing?.alerts ?? DEFAULT_ALERTS).map((r) => ({ ...r }));
    for (const r of rules) {
      if (r.trigger === 'subscription_approaching_limit') r.threshold_percentage = alerts.approaching_limit_percent;
      if (r.trigger.startsWith('subscription_')) r.max_frequency_hours = alerts.max_frequency_hours;
    }
    merged.alerts = rules;
  }
  return parseAgentConfig(merged);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function priceTable(): SettingsView['prices'] {
  const out: SettingsView['prices'] = {};
  const providers = (prices as { providers: Record<string, { models: Record<string, { input: number; output: number }> }> }).providers;
  for (const [provider, p] of Object.entries(providers)) {
    for (const [model, price] of Object.entries(p.models)) out[`${provider}/${model}`] = { input: price.input, output: price.output };
  }
  return out;
}
