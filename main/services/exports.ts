import { join } from 'node:path';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { CsvPresetId, ExportFormat, ExportSummary } from '../export';
import type { AccountSecretStore } from '../export/account-secrets';
import { accountOf, environmentSecrets, type MailAccountFields, type MailAccountService } from './mail-account';
import type { ExportView } from '../../preload/contract';
import type { Ctx } from './context';
import { dataFolderOf } from './settings';

export interface ExportRequest {
  format: ExportFormat;
  /** Only these approved drafts; otherwise every approved one. */
  ids?: string[] | undefined;
  /** Where files go; by default the `exports` folder of the data folder. */
  out_dir?: string | undefined;
  /** The mail account: given as fields (the CLI's options), or the one saved in Settings. */
  imap?: MailAccountFields | 'saved' | undefined;
  html?: boolean | undefined;
  bom?: boolean | undefined;
  /** Which mail-merge tool the CSV is for (its column names). */
  csv_preset?: CsvPresetId | undefined;
}

/**
 * Exports: approved drafts into the rep's mail client, as files or as IMAP drafts, and a file export
 * taken back. Nothing is ever sent.
 */
export class ExportsService {
  /** File exports of this session that can be taken back by a token (the app holds it on screen). */
  private readonly undoable = new Map<string, ExportSummary>();

  constructor(
    private readonly mail: MailAccountService,
    private readonly secrets: AccountSecretStore,
    private readonly dataDir: string,
    /** The CLI's environment, where the mail password (HUNTER_IMAP_PASSWORD) comes from; none in the app. */
    private readonly secretEnv: NodeJS.ProcessEnv | null,
    /** Called with the drafts an export took out: their follow-ups are planned then (issue 16). */
    private readonly onExported: (ctx: Ctx, ids: readonly string[]) => void = () => undefined,
  ) {}

  async export(ctx: Ctx, req: ExportRequest): Promise<ExportSummary> {
    // The mail libraries load with the first export, not with every command.
    const { exportDrafts } = await import('../export');
    const account = req.format === 'imap' ? (req.imap === undefined || req.imap === 'saved' ? this.mail.account(ctx) : accountOf(req.imap)) : undefined;
    const secrets = account && this.secretEnv ? environmentSecrets(account, this.secretEnv, this.secrets) : this.secrets;
    const outDir = req.format === 'imap' ? undefined : (req.out_dir ?? join(dataFolderOf(ctx.store, this.dataDir), 'exports'));
    const summary = await exportDrafts(ctx.store, {
      format: req.format,
      ...(outDir ? { outDir } : {}),
      ...(account ? { account, secrets, ...exportTokenOptions(this.mail.tokenOptions()) } : {}),
      ...(req.ids ? { ids: req.ids } : {}),
      html: req.html ?? false,
      bom: req.bom ?? false,
      ...(req.csv_preset ? { csvPreset: req.csv_preset } : {}),
      actor: { type: ctx.actor.type === 'cli' ? 'cli' : 'rep', id: ctx.actor.id },
    });
    if (summary.exported_ids.length) this.onExported(ctx, summary.exported_ids);
    return summary;
  }

  /**
   * The export as the window shows it, with a token that takes a file export back. Drafts are named by
   * their business (read from the workspace when the summary does not carry it): the rep knows businesses, not ids.
   */
  view(ctx: Ctx, summary: ExportSummary): ExportView {
    let token: string | null = null;
    if (summary.undoable && summary.exported > 0) {
      token = newId('undo');
      this.undoable.set(token, summary);
    }
    const businessOf = (draftId: string): string | null => {
      const d = ctx.store.drafts.find(draftId);
      return d ? (ctx.store.leads.find(d.lead_id)?.name ?? null) : null;
    };
    return {
      format: summary.format,
      exported: summary.exported,
      skipped: summary.skipped.map((s) => ({ id: s.id, reason: s.reason, business: s.business ?? businessOf(s.id), problem: s.problem })),
      exported_businesses: summary.exported_ids.map((id) => businessOf(id) ?? id),
      warnings: summary.warnings.map((w) => ({ kind: w.kind, message: w.message, business: w.business ?? null })),
      files: summary.files,
      location: summary.location || null,
      // IMAP drafts cannot be taken back from here: they are in the rep's mailbox.
      undo_token: token,
    };
  }

  /** Removes the files an export wrote and puts its drafts back to approved (a summary, or the app's token for one). */
  async undo(ctx: Ctx, summaryOrToken: unknown): Promise<{ restored: number; removed_files: number }> {
    let summary = summaryOrToken;
    if (typeof summaryOrToken === 'string') {
      summary = this.undoable.get(summaryOrToken);
      if (!summary) throw new HunterError('NOT_FOUND', 'That export can no longer be undone from here (the app was restarted); use hunter export undo with its summary.');
    }
    const { undoExport } = await import('../export');
    const r = await undoExport(ctx.store, summary, { type: ctx.actor.type === 'cli' ? 'cli' : 'rep', id: ctx.actor.id });
    if (typeof summaryOrToken === 'string') this.undoable.delete(summaryOrToken);
    return r;
  }

  async mailto(ctx: Ctx, id: string): Promise<{ url: string }> {
    const { mailtoForDraft } = await import('../export');
    return { url: mailtoForDraft(ctx.store, id) };
  }
}

function exportTokenOptions(o: ReturnType<MailAccountService['tokenOptions']>): { fetch?: NonNullable<typeof o.fetch>; tokenCache?: NonNullable<typeof o.cache> } {
  return { ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.cache ? { tokenCache: o.cache } : {}) };
}
