import { HunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';
import { ExportSenderSchema, type ExportSender } from './types';

/** The rep's identity from the workspace settings, parsed at the edge; null when it was never set. */
export function readSender(store: WorkspaceStore): ExportSender | null {
  const raw = store.settings.get<unknown>('sender');
  if (raw == null) return null;
  const parsed = ExportSenderSchema.safeParse(raw);
  if (!parsed.success) throw new HunterError('INVALID_INPUT', `The sender settings are not readable (${parsed.error.issues[0]?.message ?? 'bad shape'}); set your name and e-mail address again in Settings.`);
  return parsed.data;
}
