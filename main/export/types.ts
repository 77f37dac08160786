import * as z from 'zod';
import { EXPORT_FORMATS } from '../core/vocabulary';
import { ImapAccountSchema } from './imap-account';

export { EXPORT_FORMATS };
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One address or several (a list, or one string separated by commas or semicolons). */
const AddressList = z.union([z.string(), z.array(z.string())]).nullish().transform((v) =>
  (Array.isArray(v) ? v : (v ?? '').split(/[,;]/)).map((s) => s.trim()).filter(Boolean));

/**
 * The rep's identity as stored in the workspace settings under "sender", or passed in by the caller.
 * Cc and Bcc go on every message (a CRM's logging address, say); Reply-To where answers should go.
 */
export const ExportSenderSchema = z.object({
  name: z.string(),
  company: z.string().nullish(),
  email: z.string().nullish(),
  signature: z.string().nullish(),
  reply_to: z.string().nullish(),
  cc: AddressList,
  bcc: AddressList,
  /** Added under the signature of every message, with the opt-out sentence (see compliance.ts). */
  postal_address: z.string().nullish(),
  opt_out: z.string().nullish(),
  /** false turns the postal address and opt-out line off; anything else leaves them on. */
  compliance_footer: z.boolean().nullish(),
});
export type ExportSender = z.output<typeof ExportSenderSchema>;
export type ExportSenderInput = z.input<typeof ExportSenderSchema>;

/**
 * Where IMAP drafts went before accounts (ImapAccount): one target with the password inline. Still
 * taken by exportDrafts for callers not moved yet; the password is never stored or logged here.
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
export const SKIP_PROBLEMS = ['not_found', 'not_approved', 'no_recipient', 'invalid_recipient', 'unsafe_subject', 'lead_missing', 'unsafe_csv_value', 'do_not_contact', 'placeholder'] as const;
export type SkipProblem = (typeof SKIP_PROBLEMS)[number];

export const SkippedDraftSchema = z.object({
  id: z.string(),
  problem: z.enum(SKIP_PROBLEMS),
  reason: z.string(),
  /** The business the draft was for, when known: what the rep recognises, not an id. */
  business: z.string().optional(),
});
export type SkippedDraft = z.infer<typeof SkippedDraftSchema>;

/**
 * Something the rep should know about an export that did not stop it: no postal address set, the footer
 * turned off, or a lead in a country whose rules for unsolicited e-mail ask for more (with the sources).
 */
export const ExportWarningSchema = z.object({
  kind: z.enum(['no_postal_address', 'footer_off', 'country_rules']),
  message: z.string(),
  draft_id: z.string().optional(),
  business: z.string().optional(),
  /** ISO 3166-1 alpha-2, and what of the lead told it. */
  country: z.string().optional(),
  country_from: z.enum(['country', 'address', 'phone', 'domain']).optional(),
  law: z.string().optional(),
  sources: z.array(z.string()).optional(),
});
export type ExportWarning = z.infer<typeof ExportWarningSchema>;

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
  /** Summaries written before warnings existed read as having none. */
  warnings: z.array(ExportWarningSchema).default([]),
});
export type ExportSummary = z.infer<typeof ExportSummarySchema>;

/** Which mail-merge tool the CSV is for: its documented column names (see csv.ts). */
export const CSV_PRESET_IDS = ['generic', 'instantly', 'lemlist', 'smartlead'] as const;
export type CsvPresetId = (typeof CSV_PRESET_IDS)[number];

export const ExportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  outDir: z.string().min(1).optional(),
  /** The rep's mail account for IMAP drafts; its secrets come from the `secrets` option. */
  account: ImapAccountSchema.optional(),
  /** The earlier form of `account`, password inline. */
  imap: ImapTargetSchema.optional(),
  /** CSV only: the tool the columns are named for (default generic). */
  csvPreset: z.enum(CSV_PRESET_IDS).optional(),
  /** Export only these drafts (each must be approved); otherwise every approved draft. */
  ids: z.array(z.string()).optional(),
  /** Add a simple HTML part beside the text (eml, mbox, imap). */
  html: z.boolean().optional(),
  /** CSV only: start with a UTF-8 byte-order mark, so Excel reads accents and emoji correctly. */
  bom: z.boolean().optional(),
});
export type ExportRequest = z.output<typeof ExportRequestSchema>;
/** What callers pass: the account's port may be left out. */
export type ExportRequestInput = z.input<typeof ExportRequestSchema>;

export type ExportActor = { type: 'rep' | 'cli'; id: string };
