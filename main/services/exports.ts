import { join } from 'node:path';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { ExportFormat, ExportSummary, ImapTarget } from '../export';
import type { SecretStore } from '../store/secret-store';
import type { ExportView } from '../../preload/contract';
import type { Ctx } from './context';
import { dataFolderOf } from './settings';

export interface ExportRequest {
  format: ExportFormat;
  /** Only these approved drafts; otherwise every approved one. */
  ids?: string[] | undefined;
  /** Where files go; by default the `exports` folder of the data folder. */
  out_dir?: string | undefined;
  /** The IMAP account: given (the CLI's options), or the one saved in the app. */
  imap?: ImapTarget | 'saved' | undefined;
  html?: boolean | undefined;
  bom?: boolean | undefined;
}

/**
 * Exports: approved drafts into the rep's mail client, as files or as IMAP drafts, and a file export
 * taken back. Nothing is ever sent.
 */
export class ExportsService {
  /** File exports of this session that can be taken back by a token (the app holds it on screen). */
  private readonly undoable = new Map<string, ExportSummary>();

  constructor(private readonly secrets: SecretStore, private readonly dataDir: string) {}

  async export(ctx: Ctx, req: ExportRequest): Promise<ExportSummary> {
    // The mail libraries load with the first export, not with every command.
    const { exportDrafts } = await import('../export');
    const imap = req.format === 'imap' ? (req.imap === undefined || req.imap === 'saved' ? savedImapTarget(this.secrets.get('imap')) : req.imap) : undefined;
    const outDir = req.format === 'imap' ? undefined : (req.out_dir ?? join(dataFolderOf(ctx.store, this.dataDir), 'exports'));
    return exportDrafts(ctx.store, {
      format: req.format,
      ...(outDir ? { outDir } : {}),
      ...(imap ? { imap } : {}),
      ...(req.ids ? { ids: req.ids } : {}),
      html: req.html ?? false,
      bom: req.bom ?? false,
      actor: { type: ctx.actor.type === 'cli' ? 'cli' : 'rep', id: ctx.actor.id },
    });
  }

  /** The export as the window shows it, with a token that takes a file export back. */
  view(summary: ExportSummary): ExportView {
    let token: string | null = null;
    if (summary.undoable && summary.exported > 0) {
      token = newId('undo');
      this.undoable.set(token, summary);
    }
    return {
      format: summary.format,
      exported: summary.exported,
      skipped: summary.skipped.map((s) => ({ id: s.id, reason: s.reason })),
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

/** The IMAP account saved in the app (an imaps://user:password@host:port/Mailbox secret); errors never repeat it. */
export function savedImapTarget(secret: string | null): ImapTarget {
  if (!secret) throw new HunterError('INVALID_INPUT', 'There is no IMAP account yet: add yours in Settings (server, user and password) to export to its Drafts folder.');
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    throw new HunterError('INVALID_INPUT', 'The saved IMAP account is not a URL like imaps://user:password@host:993/Drafts; enter it again in Settings.');
  }
  if (url.protocol !== 'imaps:' && url.protocol !== 'imap:') throw new HunterError('INVALID_INPUT', 'The saved IMAP account must start with imaps:// (TLS) or imap:// (STARTTLS).');
  const secure = url.protocol === 'imaps:';
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!url.hostname || !user || !password) throw new HunterError('INVALID_INPUT', 'The saved IMAP account needs a user, a password and a host.');
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  return { host: url.hostname, port: url.port ? Number(url.port) : secure ? 993 : 143, secure, user, password, ...(mailbox ? { mailbox } : {}) };
}
