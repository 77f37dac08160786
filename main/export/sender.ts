import { HunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';
import { ExportSenderSchema, type ExportSender } from './types';

/** The rep's identity from the workspace settings, parsed at the edge; null when it was never set. */
export function readSender(store: WorkspaceStore): ExportSender | null {
  return parseSender(store.settings.get<unknown>('sender'));
}

/** The rep's identity as the caller passes it (the app's or the CLI's settings); null when none. */
export function parseSender(raw: unknown): ExportSender | null {
  if (raw == null) return null;
  const parsed = ExportSenderSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HunterError('INVALID_INPUT', `The sender settings are not readable (${issue ? `${issue.path.join('.') || 'sender'}: ${issue.message}` : 'bad shape'}); set your name and e-mail address again in Settings.`);
  }
  return parsed.data;
}
