import { z } from 'zod';

export const EXPORT_FORMATS = ['eml', 'mbox', 'csv', 'imap'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The rep's identity as stored in the workspace settings under "sender". */
export const ExportSenderSchema = z.object({
  name: z.string(),
  company: z.string().nullish(),
  email: z.string().nullish(),
  signature: z.string().nullish(),
});
export type ExportSender = z.infer<typeof ExportSenderSchema>;

/**
 * Where IMAP drafts go. The password is passed in by the caller (the app reads it from safeStorage, the
 * CLI from an environment variable) and never stored or logged here.
 */
export const ImapTargetSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** true: TLS from the first byte (usually port 993). false: STARTTLS, which is required unless the host is this machine. */
  secure: z.boolean(),
  user: z.string().min(1),
  password: z.string().min(1),
  /** A folder path to use instead of the one flagged \Drafts. */
  mailbox: z.string().min(1).optional(),
  /** Allow a password over an unencrypted connection to another machine. Off unless the rep insists. */
  allowPlaintext: z.boolean().optional(),
});
export type ImapTarget = z.infer<typeof ImapTargetSchema>;

/** Why one draft was left out of an export. */
export const SKIP_PROBLEMS = ['not_found', 'not_approved', 'no_recipient', 'invalid_recipient', 'unsafe_subject', 'lead_missing'] as const;
export type SkipProblem = (typeof SKIP_PROBLEMS)[number];

export const SkippedDraftSchema = z.object({
  id: z.string(),
  problem: z.enum(SKIP_PROBLEMS),
  reason: z.string(),
});
export type SkippedDraft = z.infer<typeof SkippedDraftSchema>;

/** What an export did, JSON-able for the CLI's --json and the app's IPC; also what undo needs. */
export const ExportSummarySchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  /** How many drafts were exported (and marked exported). */
  exported: z.number().int().min(0),
  exported_ids: z.array(z.string()),
  skipped: z.array(SkippedDraftSchema),
  /** Absolute paths of the files written (empty for IMAP). */
  files: z.array(z.string()),
  /** The folder written to, or imap://user@host:port/Mailbox. */
  location: z.string(),
  /** Drafts whose address was guessed, not found: exported, but the rep may want to check them. */
  unverified_ids: z.array(z.string()),
  /** IMAP only: drafts already in the Drafts folder from an earlier run, not appended again. */
  already_there_ids: z.array(z.string()),
  undoable: z.boolean(),
  exported_at: z.string(),
});
export type ExportSummary = z.infer<typeof ExportSummarySchema>;

export const ExportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  outDir: z.string().min(1).optional(),
  imap: ImapTargetSchema.optional(),
  /** Export only these drafts (each must be approved); otherwise every approved draft. */
  ids: z.array(z.string()).optional(),
  /** Add a simple HTML part beside the text (eml, mbox, imap). */
  html: z.boolean().optional(),
  /** CSV only: start with a UTF-8 byte-order mark, so Excel reads accents and emoji correctly. */
  bom: z.boolean().optional(),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export type ExportActor = { type: 'rep' | 'cli'; id: string };
