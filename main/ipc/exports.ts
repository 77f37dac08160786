import { join } from 'node:path';
import { HunterError } from '../core/errors';
import { exportDrafts, mailtoForDraft, undoExport } from '../export';
import { newId } from '../core/ids';
import type { ImapTarget } from '../export/types';
import type { WorkspaceStore } from '../store';
import type { ExportView } from '../../preload/contract';
import type { SecretStore } from './secret-store';

/**
 * Export from the app: files go into `<data folder>/exports`, IMAP drafts to the server saved as the
 * 'imap' secret (an imaps://user:password@host:port/Mailbox URL, so the password lives only in the
 * OS keychain with the rest of the connection).
 */
/** File exports of this session that can still be taken back, by the token the screen holds. */
const undoable = new Map<string, unknown>();

export async function exportApproved(
  store: WorkspaceStore,
  opts: { format: 'eml' | 'mbox' | 'csv' | 'imap'; ids: string[] | undefined; folder: string; secrets: SecretStore },
): Promise<ExportView> {
  const imap = opts.format === 'imap' ? imapTarget(opts.secrets.get('imap')) : undefined;
  const summary = await exportDrafts(store, {
    format: opts.format,
    ...(opts.format === 'imap' ? { imap } : { outDir: join(opts.folder, 'exports') }),
    ...(opts.ids ? { ids: opts.ids } : {}),
    actor: { type: 'rep', id: 'rep' },
  });
  let token: string | null = null;
  if (summary.undoable && summary.exported > 0) {
    token = newId('undo');
    undoable.set(token, summary);
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

/** Removes the files an export wrote and puts its drafts back to approved. */
export async function undoFileExport(store: WorkspaceStore, token: string): Promise<{ restored: number; removed_files: number }> {
  const summary = undoable.get(token);
  if (!summary) throw new HunterError('NOT_FOUND', 'That export can no longer be undone from here (the app was restarted); use hunter export undo with its summary.');
  const r = await undoExport(store, summary, { type: 'rep', id: 'rep' });
  undoable.delete(token);
  return r;
}

export function mailtoFor(store: WorkspaceStore, draftId: string): string {
  return mailtoForDraft(store, draftId);
}

/** Reads the IMAP connection from its secret; the error never repeats the secret. */
export function imapTarget(secret: string | null): ImapTarget {
  if (!secret) throw new HunterError('AUTHENTICATION_FAILED', 'Add your IMAP account in Settings (imaps://user:password@host:993/Drafts) to export to the Drafts folder.');
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
