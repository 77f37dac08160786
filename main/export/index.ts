/** Approved drafts into the rep's mail client: .eml, mbox, mail-merge CSV, mailto: and IMAP drafts. */
export { exportDrafts, undoExport, type ExportOptions, type UndoResult } from './service';
export { mailtoForDraft, mailtoUrl, MAILTO_MAX_LENGTH } from './mailto';
export { composeMessage, textToHtml } from './compose';
export { mboxEntry, asctime } from './mbox';
export { mergeCsv, MERGE_COLUMNS, type MergeRow } from './csv';
export { checkRecipient, type RecipientCheck } from './recipient';
export { draftMessage, stableMessageId, unsafeSubject, type DraftMessage } from './message';
export { saveToImapDrafts, findDraftsMailbox, type ImapMessage, type ImapRetry, type ImapSaveResult } from './imap';
export { defaultFileWriter, type FileWriter } from './files';
export {
  EXPORT_FORMATS,
  ExportRequestSchema,
  ExportSummarySchema,
  ImapTargetSchema,
  type ExportActor,
  type ExportFormat,
  type ExportRequest,
  type ExportSummary,
  type ImapTarget,
  type SkippedDraft,
  type SkipProblem,
} from './types';
