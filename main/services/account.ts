import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromMicros, toMicros } from '../core/credits';
import { HunterError } from '../core/errors';
import { subscriptionStatus } from '../recipes/subscription';
import type { Db } from '../store';
import { backupNow, listBackups, maybeDailyBackup, restoreBackup, type BackupInfo, type RestoreResult } from '../store/backups';
import { databaseFile, databaseProblem, integrityCheck } from '../store/database';
import type { AuditFilter, AuditVerification } from '../store/audit';
import { defaultBackupDir } from '../store/paths';
import type { AlertView, AuditEntryView, CreditsView, Paged } from '../../preload/contract';
import type { Ctx } from './context';
import { backupsKeepOf, dataFolderOf } from './settings';
import { toAlertView, toAuditView } from './views';

export interface AuditDocument {
  workspace_id: string;
  exported_at: string;
  verification: AuditVerification;
  entries: ReturnType<Ctx['store']['audit']['list']>;
}

export interface AuditExport {
  path: string;
  entries: number;
  verification: AuditVerification;
}

/** The account: credits and the plan, alerts, the hash-chained audit log, and the database file itself. */
export class AccountService {
  constructor(private readonly db: Db, private readonly dataDir: string) {}

  credits(ctx: Ctx): CreditsView {
    const { store } = ctx;
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
  }

  grant(ctx: Ctx, credits: number): CreditsView {
    if (!Number.isFinite(credits) || credits <= 0 || credits > 1_000_000) throw new HunterError('INVALID_INPUT', 'Add a positive number of credits, at most 1 000 000.');
    ctx.store.ledger.grant(toMicros(credits), 'added by the rep', ctx.actor);
    return this.credits(ctx);
  }

  alerts(ctx: Ctx, opts: { unread?: boolean; limit?: number } = {}): AlertView[] {
    return ctx.store.alerts.list({ unread: opts.unread, limit: opts.limit ?? 100 }).map(toAlertView);
  }

  readAlert(ctx: Ctx, id: string): { ok: true } {
    if (!ctx.store.alerts.list({ limit: 100_000 }).some((a) => a.id === id)) throw new HunterError('NOT_FOUND', `No alert "${id}" in this workspace; list them with hunter alerts list.`);
    ctx.store.alerts.markRead(id);
    return { ok: true };
  }

  auditPage(ctx: Ctx, f: AuditFilter, offset: number, limit: number): Paged<AuditEntryView> {
    const page = ctx.store.audit.page(f, offset, limit);
    // The log reads in business names: each entry about a lead (or a lead's draft) names it, looked up once per lead.
    const names = new Map<string, string | null>();
    const nameOf = (leadId: string): string | null => {
      if (!names.has(leadId)) names.set(leadId, ctx.store.leads.find(leadId)?.name ?? null);
      return names.get(leadId)!;
    };
    return {
      rows: page.rows.map((e) => {
        const leadId = typeof e.context.lead_id === 'string' ? e.context.lead_id : e.action.resource === 'lead' ? e.action.resource_id : null;
        return { ...toAuditView(e), business: leadId ? nameOf(leadId) : null };
      }),
      total: page.total,
    };
  }

  verifyAudit(ctx: Ctx): AuditVerification {
    return ctx.store.audit.verify();
  }

  /** The audit log (or the entries the filter keeps) with its verification, as one document; the export is audited too. */
  auditDocument(ctx: Ctx, filter: AuditFilter = {}): AuditDocument {
    const { store } = ctx;
    const document: AuditDocument = { workspace_id: store.workspaceId, exported_at: new Date().toISOString(), verification: store.audit.verify(), entries: store.audit.list(filter) };
    store.audit.append({ actor: ctx.actor, action: 'audit_exported', resource: 'audit_log', resource_id: store.workspaceId, changes: { after: { entries: document.entries.length } } });
    return document;
  }

  /** The audit document written to a file: `out`, or one in the data folder. */
  exportAudit(ctx: Ctx, opts: { out?: string | undefined; filter?: AuditFilter }): AuditExport {
    const folder = dataFolderOf(ctx.store, this.dataDir);
    const document = this.auditDocument(ctx, opts.filter);
    const path = opts.out ?? join(folder, `audit-${ctx.store.workspaceId}-${document.exported_at.replace(/[:.]/g, '-')}.json`);
    if (!opts.out) mkdirSync(folder, { recursive: true });
    writeFileSync(path, JSON.stringify(document, null, 2));
    return { path, entries: document.entries.length, verification: document.verification };
  }

  /** The full integrity check of the database file (every page, every index against its table). */
  checkDatabase(): { file: string; ok: boolean; problems: string[]; problem: { code: string; message: string } | null } {
    const r = integrityCheck(this.db);
    const p = databaseProblem(this.db);
    return { file: databaseFile(this.db), ok: r.ok, problems: r.problems, problem: p ? { code: p.code, message: p.message } : null };
  }

  backupDir(): string {
    return defaultBackupDir(databaseFile(this.db));
  }

  backups(): BackupInfo[] {
    return listBackups(this.backupDir(), { verify: true, database: databaseFile(this.db) });
  }

  async backup(ctx: Ctx): Promise<BackupInfo> {
    return backupNow(this.db, { dir: this.backupDir(), reason: 'manual', keep: backupsKeepOf(ctx.store) });
  }

  /** A daily backup when the newest is a day old: the app asks at start and every few hours, a run at its start. */
  async dailyBackup(now = new Date()): Promise<BackupInfo | null> {
    return maybeDailyBackup(this.db, { dir: this.backupDir(), keep: backupsKeepOf({ db: this.db }) }, now);
  }

  /** Puts a backup in place of the database file. The connection must be closed first: the caller reopens. */
  static restore(backupFile: string, dbFile: string): RestoreResult {
    return restoreBackup(backupFile, dbFile, { dir: defaultBackupDir(dbFile) });
  }
}
