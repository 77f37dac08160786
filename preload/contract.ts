/**
 * The one IPC contract between the renderer, the preload bridge and main: channel names, the zod schema
 * of every request (main parses each payload with it), the shape of every answer, and the events.
 * Imported by all three; it imports nothing but zod and the product's fixed words (main/core/vocabulary.ts).
 */
import * as z from 'zod';
import { CSV_FIELDS, CSV_PRESETS, DRAFT_STATUSES, EXPORT_FORMATS, OUTREACH_CHANNELS, QUALITY_TIERS, REJECTION_REASONS } from '../main/core/vocabulary';

const id = z.string().min(1).max(80).regex(/^[A-Za-z0-9_:.-]+$/);
const text = (max: number) => z.string().max(max);
const none = z.strictObject({});
const page = { offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(5000).default(200) };

// The product's fixed words live once, in main/core/vocabulary.ts; the window gets them through here.
export const TIERS = QUALITY_TIERS;
export { CSV_FIELDS, CSV_PRESETS, DRAFT_STATUSES, EXPORT_FORMATS };

/**
 * How to read a CSV when detection got it wrong: one export's column names, and per field the header
 * (as written in the file) that feeds it, or null to ignore a detected column.
 */
export const CsvOptionsRequest = z.strictObject({
  preset: z.enum(CSV_PRESETS).optional(),
  mapping: z.partialRecord(z.enum(CSV_FIELDS), text(200).nullable()).optional(),
});

export const AgentConfigRequest = z.strictObject({
  name: text(200),
  keywords: z.array(text(100)).max(50),
  location: text(200),
  business_type: text(200).optional(),
  sources: z.array(z.enum(['csv', 'google_maps', 'osm'])).min(1).max(3),
  max_results: z.number().int().min(1).max(1_000_000).optional(),
  threshold: z.number().min(0).max(1),
  tone: z.enum(['friendly', 'professional', 'sales-focused', 'casual', 'formal']),
  value_proposition: text(1000),
  call_to_action: text(300).optional(),
  max_length: z.number().int().min(20).max(400),
  budget: z.number().nonnegative().max(1_000_000).nullable(),
  execution_mode: z.enum(['sequential', 'parallel']),
  concurrency: z.number().int().min(1).max(256).optional(),
  draft_expiry_days: z.number().int().min(1).max(365).optional(),
  retry_policy: z.strictObject({ max_attempts: z.number().int().min(1).max(10), backoff_base_ms: z.number().int().min(0).max(60_000), backoff_max_ms: z.number().int().min(0).max(600_000) }).optional(),
  alerts: z.strictObject({ approaching_limit_percent: z.number().min(1).max(100), max_frequency_hours: z.number().min(0).max(8760) }).optional(),
  // Outreach (issue 16): the chat versions made beside the e-mail, the follow-ups planned at export (business days after it, one number each), one or two variants.
  channels: z.array(z.enum(OUTREACH_CHANNELS)).min(1).max(OUTREACH_CHANNELS.length).optional(),
  follow_up_days: z.array(z.number().int().min(1).max(60)).max(5).optional(),
  variants: z.union([z.literal(1), z.literal(2)]).optional(),
});

/** The sender as Settings edits it: every field optional, "" (or []) clears it. */
export const SenderRequest = z.strictObject({
  name: text(200).optional(),
  email: text(320).optional(),
  company: text(200).optional(),
  signature: text(2000).optional(),
  postal_address: text(500).optional(),
  opt_out: text(300).optional(),
  reply_to: text(320).optional(),
  cc: z.array(text(320)).max(10).optional(),
  bcc: z.array(text(320)).max(10).optional(),
  /** The postal address and opt-out line under every exported message; off only by the rep's deliberate choice. */
  compliance_footer: z.boolean().optional(),
});

/** The rep's mail account as fields (never one URL), with the password only when it is being changed. */
export const MailAccountRequest = z.strictObject({
  host: text(255).min(1),
  port: z.number().int().min(1).max(65_535).nullable().optional(),
  security: z.enum(['tls', 'starttls', 'none']),
  user: text(320).min(1),
  login: z.enum(['password', 'oauth2']),
  oauth_provider: z.enum(['google', 'microsoft']).nullable().optional(),
  oauth_client_id: text(300).nullable().optional(),
  oauth_client_secret: text(300).nullable().optional(),
  drafts_folder: text(300).nullable().optional(),
  ca_file: text(4096).nullable().optional(),
  /** Left out keeps the saved one; "" removes it. */
  password: text(500).optional(),
});

export const CHANNELS = {
  'app:bootstrap': { request: none },
  'workspace:create': { request: z.strictObject({ name: text(200).min(1), sender_name: text(200).min(1), sender_email: text(320), company: text(200).optional(), signature: text(2000).optional() }) },
  'workspace:select': { request: z.strictObject({ id }) },
  'workspace:rename': { request: z.strictObject({ id, name: text(200).min(1) }) },
  'workspace:open-sample': { request: none },
  'agents:list': { request: none },
  'agents:save': { request: z.strictObject({ id: id.optional(), config: AgentConfigRequest }) },
  /** Keyword expansion (issue 12): the rep's words and what the bundled table (and a model, when Groq is set up) adds; the rep edits the list before the run. */
  'agents:expand-keywords': { request: z.strictObject({ keywords: z.array(text(100).min(1)).min(1).max(20), location: text(200).optional(), language: text(10).optional() }) },
  'csv:preview': { request: z.strictObject({ path: text(4096), options: CsvOptionsRequest.optional() }) },
  'runs:estimate': { request: z.strictObject({ agent_id: id, csv_path: text(4096).optional(), csv_options: CsvOptionsRequest.optional() }) },
  'runs:start': { request: z.strictObject({ agent_id: id, csv_path: text(4096).optional(), csv_options: CsvOptionsRequest.optional(), contact_again: z.boolean().optional() }) },
  'runs:list': { request: none },
  'runs:get': { request: z.strictObject({ id }) },
  'runs:pause': { request: z.strictObject({ id }) },
  'runs:resume': { request: z.strictObject({ id }) },
  'runs:cancel': { request: z.strictObject({ id }) },
  'runs:failures': { request: z.strictObject({ id, ...page }) },
  'runs:failed-csv': { request: z.strictObject({ id }) },
  'runs:set-budget': { request: z.strictObject({ id, credits: z.number().min(0).max(1_000_000).nullable() }) },
  // Every column of the leads table sorts, either way (the store's LEAD_ORDERS).
  'leads:query': { request: z.strictObject({ search: text(200).optional(), tier: z.enum(TIERS).optional(), order: z.enum(['score', 'name', 'created', 'city', 'category', 'tier', 'email', 'website']).optional(), direction: z.enum(['asc', 'desc']).optional(), ...page }) },
  'leads:get': { request: z.strictObject({ id }) },
  'drafts:list': { request: z.strictObject({ status: z.enum(DRAFT_STATUSES).optional(), ...page }) },
  'drafts:get': { request: z.strictObject({ id }) },
  // The version the rep is reading: an approval of any other version is refused (issue 13).
  'drafts:approve': { request: z.strictObject({ id, version_id: id.optional() }) },
  // A rejection may say why (issue 16); "do_not_contact" also lists the person.
  'drafts:reject': { request: z.strictObject({ id, reason: z.enum(REJECTION_REASONS).optional() }) },
  'drafts:defer': { request: z.strictObject({ id }) },
  'drafts:undo': { request: z.strictObject({ id }) },
  'drafts:edit': { request: z.strictObject({ id, body: text(100_000).min(1), subject: text(300).optional() }) },
  'drafts:use-version': { request: z.strictObject({ id, version_id: id }) },
  'drafts:bulk-approve': { request: z.strictObject({ min_rank: z.number().min(0).max(1), ids: z.array(id).max(10_000).optional() }) },
  // Review you can trust (issue 13): the list a bulk approve would approve, its one-step undo, and a draft's address.
  'drafts:bulk-preview': { request: z.strictObject({ min_rank: z.number().min(0).max(1) }) },
  'drafts:bulk-undo': { request: z.strictObject({ ids: z.array(id).min(1).max(10_000) }) },
  'drafts:set-recipient': { request: z.strictObject({ id, email: text(320).min(1) }) },
  'drafts:write': { request: z.strictObject({ id }) },
  'credits:summary': { request: none },
  'alerts:list': { request: none },
  'alerts:read': { request: z.strictObject({ id }) },
  'audit:list': { request: z.strictObject({ action: text(60).optional(), actor: z.enum(['rep', 'cli', 'system']).optional(), execution_id: id.optional(), lead_id: id.optional(), since: text(40).optional(), until: text(40).optional(), ...page }) },
  'audit:verify': { request: none },
  'audit:export': { request: none },
  'settings:get': { request: none },
  'settings:set': { request: z.strictObject({ draft_models: z.array(text(120)).max(10).optional(), refine_model: text(120).optional(), data_folder: text(4096).optional(), browser_path: text(4096).optional(), retention_data_days: z.number().int().min(1).max(3650).nullable().optional(), retention_rejected_draft_days: z.number().int().min(1).max(3650).nullable().optional() }) },
  'secrets:set': { request: z.strictObject({ name: z.enum(['groq', 'anthropic', 'hunter_io']), value: text(500) }) },
  'sender:get': { request: none },
  'sender:set': { request: SenderRequest },
  'mail:get': { request: none },
  'mail:save': { request: MailAccountRequest },
  'mail:remove': { request: none },
  'mail:test': { request: none },
  'mail:sign-in': { request: none },
  'mail:sign-out': { request: none },
  'export:run': { request: z.strictObject({ format: z.enum(EXPORT_FORMATS), ids: z.array(id).max(10_000).optional(), html: z.boolean().optional(), bom: z.boolean().optional(), csv_preset: z.enum(['generic', 'instantly', 'lemlist', 'smartlead']).optional() }) },
  'export:undo': { request: z.strictObject({ token: id }) },
  'export:mailto': { request: z.strictObject({ id }) },
  'dialog:open-csv': { request: none },
  'dnc:list': { request: z.strictObject({ kind: z.enum(['email', 'domain', 'phone', 'name']).optional(), search: text(200).optional(), ...page }) },
  'dnc:add': { request: z.strictObject({ values: z.array(text(320).min(1)).min(1).max(1000), reason: text(300).optional(), kind: z.enum(['email', 'domain', 'phone', 'name']).optional() }) },
  'dnc:remove': { request: z.strictObject({ id }) },
  'dnc:import': { request: z.strictObject({ path: text(4096), country: z.string().regex(/^[A-Za-z]{2}$/).optional() }) },
  'drafts:block': { request: z.strictObject({ id, scope: z.enum(['address', 'business']).optional(), reason: text(300).optional() }) },
  'leads:export-data': { request: z.strictObject({ id }) },
  'leads:erase': { request: z.strictObject({ id, reason: z.enum(['subject_request', 'objection', 'no_longer_needed', 'unlawful', 'other']), suppress: z.enum(['lead', 'addresses', 'none']).optional(), backups: z.boolean().optional() }) },
  // ---- Leads screen: split a merge off a lead ----
  'leads:split': { request: z.strictObject({ id, merge_id: id }) },
  // ---- Outreach (issue 16): channel versions, follow-ups, variants, replies, analytics ----
  'drafts:channels': { request: z.strictObject({ id, channel: z.enum(OUTREACH_CHANNELS).exclude(['email']).optional() }) },
  'drafts:scheduled': { request: z.strictObject({ ...page }) },
  'drafts:add-variant': { request: z.strictObject({ id }) },
  'drafts:pick-variant': { request: z.strictObject({ id }) },
  'replies:check': { request: none },
  'stats:get': { request: z.strictObject({ days: z.number().int().min(1).max(365).optional() }) },
} as const satisfies Record<string, { request: z.ZodType }>;

export type Channel = keyof typeof CHANNELS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CHANNELS)[C]['request']>;

export interface ErrorView {
  code: string;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

// ---- What main answers (plain data; the renderer shows text, never HTML) ----

export type Tier = (typeof TIERS)[number];
export type DraftStatusView = (typeof DRAFT_STATUSES)[number];

export interface WorkspaceView { id: string; name: string }
export interface SenderView { name: string; email: string; company?: string; signature?: string }
export interface BootstrapView {
  workspace: WorkspaceView | null;
  workspaces: WorkspaceView[];
  sender: SenderView | null;
  /** Which keys are set; `imap`: a mail account is saved with its password or sign-in. */
  keys: { groq: boolean; anthropic: boolean; hunter_io: boolean; imap: boolean; secure_store: boolean };
  pending_review: number;
}
export interface AgentView { id: string; name: string; config: z.output<typeof AgentConfigRequest> & Record<string, unknown>; updated_at: string }

/** Keywords to choose from before a run: the rep's own first, then the table's, then a model's (each checked). */
export interface KeywordExpansionView {
  language: string;
  industries: string[];
  suggestions: Array<{ keyword: string; origin: 'yours' | 'table' | 'model'; industry: string | null; kind: 'term' | 'category'; checked?: 'table' | 'shape' }>;
  /** The rep's words the table does not know: kept, nothing added for them. */
  unknown: string[];
  osm_tags: string[];
  rejected: Array<{ keyword: string; reason: string }>;
  /** Whether a model was asked, and what became of it. */
  model: { asked: boolean; model: string | null; added: number; error: { code: string; message: string } | null };
}
/**
 * What a run will cost at most ("up to"): credits, with the money beside them, and how the leads were
 * counted (left out by discovery, at most silver, possibly gold; CSV rows that will be refused).
 */
export interface EstimateView {
  leads: number; credits: number; cost_usd: number; money: { amount: number; currency: 'USD' }; basis: 'up_to';
  outlook: { left_out: number; at_most_silver: number; may_be_gold: number; rejected_rows: number };
  balance: number; balance_after: number; per_recipe: Array<{ recipe_id: string; credits: number }>;
}
/** One row of the import preview: what it becomes, or the error that leaves it out. */
export type CsvPreviewRowView =
  | { row: number; kind: 'lead'; name: string; website: string | null; phone: string | null; email: string | null; city: string | null; person: string | null; warnings: string[] }
  | { row: number; kind: 'error'; code: string; message: string };
export interface CsvPreviewView {
  path: string;
  encoding: string;
  delimiter: string;
  preset: (typeof CSV_PRESETS)[number];
  headers: string[];
  /** Field → the header that feeds it. */
  mapping: Partial<Record<(typeof CSV_FIELDS)[number], string>>;
  rows: CsvPreviewRowView[];
  total_rows_estimate: number;
  /** Why a run would refuse this file as read (no company column, no way to reach a business), or null. */
  refusal: ErrorView | null;
}
export interface StageView { stage: 'discovered' | 'qualified' | 'enriched' | 'drafted' | 'approved' | 'exported'; count: number; credits: number }
export interface ErrorGroupView { recipe_id: string; code: string; count: number; hint: string; examples: string[] }
export interface RunView {
  id: string;
  agent_id: string;
  agent_name: string;
  status: string;
  started_at: string;
  completed_at: string | null;
  current_recipe: string | null;
  error: ErrorView | null;
  total: number;
  processed: number;
  seconds_left: number | null;
  credits: number;
  funnel: StageView[];
  errors: ErrorGroupView[];
  /** A finished run that drafted nothing: why, with the numbers and what to change; otherwise null. */
  why_no_drafts?: string | null;
  /** How many records failed (listed by runs:failures). */
  failed_records?: number;
  /** A Google Maps search's progress per query: areas searched (the grid splits a crowded one) and places read. */
  map_search?: MapSearchView[];
}
export interface MapSearchView {
  query: string;
  /** Areas of the map searched for this query, and how many of them are finished. */
  areas: number;
  areas_done: number;
  places: number;
  /** The area searched last (or now), in words, with its places. */
  latest: { area: string; places: number; done: boolean } | null;
}
/** One record a run could not do, with its error; a bad CSV row carries its cells as read. */
export interface RunFailureView {
  recipe_id: string;
  /** The lead, or where a record that never became one was read ("csv:row 17"). */
  record_id: string;
  /** The business's name when the record is a lead. */
  lead_name: string | null;
  code: string;
  message: string;
  retryable: boolean;
  row: { row: number; headers: string[]; cells: string[] } | null;
}
export interface ScoreBreakdownView { business_maturity: number; intent_signals: number; fit_match: number }
export interface LeadRowView {
  id: string; name: string; city: string | null; category: string | null; website: string | null; email: string | null; phone: string | null;
  lead_score: number | null; quality_tier: Tier | null; sources: string[];
}
export interface FactView { id: string; kind: string; value: string; detail: Record<string, unknown> | null; source_url: string | null; method: string; confidence: number; observed_at: string }
export interface LeadDetailView {
  lead: LeadRowView & { address: string | null; rating: number | null; review_count: number | null; first_name: string | null; last_name: string | null; title: string | null; score_breakdown: ScoreBreakdownView | null; scored_by: string | null };
  facts: FactView[];
  /** Why it scored as it did (the latest run that scored it), and whether a fallback scorer decided. */
  score?: {
    reasons: string[]; fallback_code: string | null; execution_id: string;
    /** The named signals each part is made of: its weight within the part, the value read and the evidence. */
    signals?: Array<{ name: string; part: keyof ScoreBreakdownView; weight: number; value: number; evidence: string }>;
    /** How much each part counts in the score. */
    part_weights?: ScoreBreakdownView;
  } | null;
  /** Rows and places that joined this lead, by which key; each can be split off again. */
  merges?: LeadMergeView[];
  /** Leads that share a key with this one but not the rest ("may be related"), for the rep to decide. */
  related?: LeadLinkView[];
  /** Its drafts, newest first, and the address the newest is to. */
  drafts?: Array<{ id: string; status: string; recipient: string | null; recipient_status: string | null; created_at: string }>;
}
export interface LeadMergeView { id: string; kind: 'sighting' | 'lead'; source: string; source_ref: string; matched_by: string; execution_id: string | null; created_at: string; filled: string[]; split_into: string | null }
export interface LeadLinkView { lead_id: string; name: string; matched_by: string; status: 'possible' | 'distinct' }
export interface DraftRowView {
  id: string; lead_id: string; company: string; person: string | null; recipient: string | null; recipient_status: string | null;
  quality_tier: Tier | null; lead_score: number; message_quality_score: number; rank_score: number; status: DraftStatusView; subject: string; created_at: string;
  /** Issue 16: 0 for a lead's first message, 1 for its second variant on another angle. */
  variant?: number;
  /** Issue 16: 0 for a first message, N for the Nth follow-up of one. */
  follow_up_step?: number;
}
/** One variant of a lead's first message, for the pane's "Variant 1 / Variant 2" switch. */
export interface DraftVariantView { id: string; variant: number; status: DraftStatusView }
export interface DraftVersionView { id: string; kind: 'draft' | 'refined' | 'edited'; body: string; subject: string | null; model_used: string; metrics: Record<string, unknown> | null; created_at: string }
export interface DraftDetailView extends DraftRowView { body: string; current_version: string; model_used: string; expires_at: string; versions: DraftVersionView[]; lead: LeadDetailView['lead']; facts: FactView[]; facts_used: string[] }
/** A draft's version for a chat channel (issue 16): its text, its length against the channel's limit, its links. */
export interface ChannelVersionView {
  channel: Exclude<(typeof OUTREACH_CHANNELS)[number], 'email'>;
  text: string;
  subject: null;
  /** As the channel counts it: GSM-7 septets for SMS, characters otherwise. */
  length: number;
  limit: number;
  encoding: 'gsm7' | 'ucs2' | null;
  fits: boolean;
  /** Why it does not fit, and what to do; null when it fits. */
  problem: string | null;
  /** sms: and https://wa.me/ links where the lead's phone allows, the LinkedIn profile where known. */
  links: Array<{ kind: 'sms' | 'whatsapp' | 'linkedin'; url: string }>;
  /** What the message check finds untrue in this version (an unsupported claim, a placeholder …). */
  issues: Array<{ code: string; message: string; text?: string | undefined }>;
}
/** A follow-up planned at export: when it is due, or why it was cancelled. */
export interface ScheduledDraftView {
  id: string;
  lead_id: string;
  company: string;
  recipient: string | null;
  subject: string;
  body: string;
  status: string;
  follow_up_of: string | null;
  step: number;
  due_at: string | null;
  cancel_reason: string | null;
}
/** What one read of the rep's inbox found (nothing is ever sent). */
export interface ReplyCheckView {
  mailbox: string;
  scanned: number;
  replies: number;
  positive: number;
  not_now: number;
  stop: number;
  bounces: number;
  auto_replies: number;
  cancelled: number;
  listed: number;
  more: boolean;
  outcomes: Record<string, number>;
}
/** Reply rates for one angle, tone or variant; `rate` is null below the count worth a share. */
export interface RateRowView { key: string; sent: number; replied: number; rate: number | null }
/** Draft analytics (issue 16): what the rep's drafts, edits and replies add up to. */
export interface DraftStatsView {
  since: string;
  drafts_per_day: Array<{ day: string; drafts: number }>;
  providers: Array<{
    provider: string; drafts: number;
    ttft_ms: { p50: number | null; p95: number | null }; refined_ms: { p50: number | null; p95: number | null };
    fallback_rate: number | null; error_rate: number | null; fallbacks: number; errors: number;
  }>;
  approved: number;
  approved_unedited: number;
  approved_unedited_share: number | null;
  mean_edit_words: number | null;
  replies_per_angle: RateRowView[];
  replies_per_tone: RateRowView[];
  replies_per_variant: RateRowView[];
  /** How many leads stand at each outcome (no reply yet, replied, positive, not now, stop, bounced). */
  outcomes?: Record<string, number>;
}
export interface Paged<T> { rows: T[]; total: number }
export interface AlertView { id: string; trigger_type: string; severity: string; title: string; message: string; suggested_action: string | null; created_at: string; read: boolean }
export interface CreditsView {
  balance: number; granted: number; charged: number;
  subscription: { plan_id: string; monthly_credits_total: number; credits_used_this_month: number; api_calls_limit: number; api_calls_used_this_month: number; trial_ends_at: string | null; billing_cycle_ends: string };
  spend: Array<{ day: string; recipe_id: string | null; credits: number }>;
  alerts: AlertView[];
}
export interface AuditEntryView {
  seq: number; id: string; timestamp: string; actor: string; action: string; resource: string; resource_id: string; context: Record<string, unknown>; result: string; error_code: string | null; changes: unknown;
  /** The business the entry is about (its lead's name), so the log reads in names, not ids; null when none or erased. */
  business?: string | null;
}
export interface AuditVerifyView { ok: boolean; entries: number; first_bad_seq: number | null; problem: string | null }
export interface SettingsView {
  draft_models: string[]; refine_model: string; data_folder: string; browser_path: string | null; prices: Record<string, { input: number; output: number }>;
  /** Days kept before the purge: cached pages and facts; texts of rejected and expired drafts. */
  retention: { data_days: number; rejected_draft_days: number };
}
/** One entry of the do-not-contact list; an erased person's value is kept only as a one-way hash (null here). */
export interface DncEntryView { id: string; kind: 'email' | 'domain' | 'phone' | 'name'; value: string | null; hashed: boolean; source: string; reason: string | null; lead_id: string | null; created_at: string }
/** Every sender field, null when not set. */
export interface SenderSettingsView {
  name: string | null; email: string | null; company: string | null; signature: string | null; postal_address: string | null;
  opt_out: string | null; reply_to: string | null; cc: string[]; bcc: string[];
  /** On unless the rep turned it off. */
  compliance_footer: boolean;
}
export interface MailAccountView {
  host: string; port: number; security: 'tls' | 'starttls' | 'none'; user: string; login: 'password' | 'oauth2';
  oauth_provider: 'google' | 'microsoft' | null; oauth_client_id: string | null; oauth_client_secret: string | null;
  drafts_folder: string | null; ca_file: string | null;
  /** "rep@example.com on imap.example.com". */
  label: string;
  /** A password is saved, or the sign-in is done. */
  has_credentials: boolean;
}
/** What "Test connection" found: the Drafts folder, or what stands in the way and what to do. */
export type MailTestView =
  | { ok: true; account: string; mailbox: string; security: string; login: string }
  | { ok: false; account: string; problem: 'settings' | 'unreachable' | 'security' | 'certificate' | 'login' | 'no_drafts' | 'server'; code: string; message: string; retryable: boolean };
export interface ExportView {
  format: string; exported: number; location: string | null; undo_token: string | null;
  /** Left out, each with the business it was for (what the rep recognises) and why. */
  skipped: Array<{ id: string; reason: string; business: string | null; problem: string }>;
  /** The businesses whose drafts went out, in export order. */
  exported_businesses: string[];
  /** What did not stop the export but the rep should know (no postal address, footer off, a country's rules). */
  warnings: Array<{ kind: string; message: string; business: string | null }>;
  /** The files written (none for IMAP). */
  files: string[];
}

export interface Responses {
  'app:bootstrap': BootstrapView;
  'workspace:create': WorkspaceView;
  'workspace:select': WorkspaceView;
  'workspace:rename': WorkspaceView;
  'workspace:open-sample': WorkspaceView;
  'agents:list': AgentView[];
  'agents:save': AgentView;
  'agents:expand-keywords': KeywordExpansionView;
  'csv:preview': CsvPreviewView;
  'runs:estimate': EstimateView;
  /** `notices`: what the rep should know once about a source the agent uses (Google Maps' terms). */
  'runs:start': { execution_id: string; notices: string[] };
  'runs:list': RunView[];
  'runs:get': RunView;
  'runs:pause': RunView;
  'runs:resume': RunView;
  'runs:cancel': RunView;
  'runs:failures': Paged<RunFailureView>;
  /** The failed CSV rows written as a CSV with an error column, in the data folder, to fix and import again. */
  'runs:failed-csv': { path: string; rows: number };
  'runs:set-budget': RunView;
  'leads:query': Paged<LeadRowView>;
  'leads:get': LeadDetailView;
  'drafts:list': Paged<DraftRowView>;
  'drafts:get': DraftDetailView;
  'drafts:approve': DraftRowView;
  'drafts:reject': DraftRowView;
  'drafts:defer': DraftRowView;
  'drafts:undo': DraftRowView;
  'drafts:edit': DraftDetailView;
  'drafts:use-version': DraftDetailView;
  'drafts:bulk-approve': { approved: number; ids?: string[]; left_out?: BulkCandidateView[] };
  'drafts:write': { started: boolean };
  'credits:summary': CreditsView;
  'alerts:list': AlertView[];
  'alerts:read': { ok: true };
  'audit:list': Paged<AuditEntryView>;
  'audit:verify': AuditVerifyView;
  'audit:export': { path: string; entries: number; verification: AuditVerifyView };
  'settings:get': SettingsView;
  'settings:set': SettingsView;
  'secrets:set': BootstrapView['keys'];
  'sender:get': SenderSettingsView;
  'sender:set': SenderSettingsView;
  'mail:get': MailAccountView | null;
  'mail:save': MailAccountView;
  'mail:remove': { removed: boolean };
  'mail:test': MailTestView;
  'mail:sign-in': { account: string; provider: 'google' | 'microsoft'; scope: string };
  'mail:sign-out': { revoked: boolean; access_page: string };
  'export:run': ExportView;
  'export:undo': { restored: number; removed_files: number };
  'export:mailto': { url: string };
  'dialog:open-csv': { path: string | null };
  'dnc:list': Paged<DncEntryView>;
  'dnc:add': { added: DncEntryView[]; already_listed: DncEntryView[]; refused: Array<{ value: string; reason: string }> };
  'dnc:remove': DncEntryView;
  'dnc:import': { file: string; rows: number; added: number; already_listed: number; refused_total: number; refused: Array<{ row: number; column: string | null; value: string; reason: string }> };
  'drafts:block': { draft_id: string; status: string };
  'leads:export-data': { path: string; lead_id: string };
  /** What was removed, and what the rep must still do outside the app (exported copies, old files). */
  'leads:erase': { lead_ids: string[]; erasure_id: string; notices: string[] };
  /** The lead it was split from, and the lead the merged row or place is again. */
  'leads:split': { lead_id: string; split_into: string };
  'drafts:channels': ChannelVersionView[];
  'drafts:scheduled': Paged<ScheduledDraftView>;
  /** The second variant written, to review beside the first. */
  'drafts:add-variant': { id: string; variant: number };
  'drafts:pick-variant': DraftRowView;
  'replies:check': ReplyCheckView;
  'stats:get': DraftStatsView;
}

// ---- Events main pushes (batched to at most one message per animation frame) ----

export interface RunEventView { execution_id: string; run: RunView }
export type DraftStreamEvent =
  | { type: 'draft'; draft_id: string; delta: string; restart?: boolean }
  | { type: 'draft_ready'; draft_id: string; text: string; subject: string; model: string }
  | { type: 'refined'; draft_id: string; delta: string; restart?: boolean }
  | { type: 'refined_ready'; draft_id: string; text: string; model: string; kept_as_suggestion: boolean }
  | { type: 'done'; draft_id: string; metrics: Record<string, unknown> }
  | { type: 'error'; draft_id: string; code: string; message: string; stage: string };

export const EVENTS = {
  'run:events': 'run:events',
  'draft:events': 'draft:events',
  'alert:new': 'alert:new',
} as const;
export interface EventPayloads {
  'run:events': RunEventView[];
  'draft:events': DraftStreamEvent[];
  'alert:new': AlertView;
}
export type EventName = keyof EventPayloads;

/** The bridge the preload exposes as window.hunter: one function per channel, and subscriptions. */
export type HunterBridge = {
  [C in Channel]: (req: RequestOf<C>) => Promise<Result<Responses[C]>>;
} & {
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

// ---- Review you can trust (issue 13): what the review pane needs to decide on exactly what it shows ----

/** Why a draft cannot go out by e-mail as it is, in the rep's words, with what fixes it. */
export interface DraftLackView { kind: 'address' | 'sender' | 'check'; message: string }
/** One draft a bulk approve would take, and what it lacks (a draft lacking an address is left out). */
export interface BulkCandidateView { id: string; company: string; recipient: string | null; rank_score: number; lacks: DraftLackView[] }
/** A claim of the message, tied to the fact that backs it (or why nothing does). */
export interface DraftClaimView { text: string; kind: string; supported: 'supported' | 'contradicted' | 'unsupported'; fact_id: string | null; why: string | null }
/** One stage of the work behind a draft, from what was stored when it ran (not only this session). */
export interface DraftStageView {
  stage: 'scoring' | 'enrichment' | 'writing' | 'rewrite';
  label: string;
  models: string[];
  credits: number;
  api_calls: number;
  input_tokens: number | null;
  output_tokens: number | null;
  /** Milliseconds: first text, the fast draft, the refinement, the whole stage (null when not measured). */
  ttft_ms: number | null; draft_ms: number | null; refine_ms: number | null; total_ms: number | null;
  at: string | null;
}
export interface DraftReviewView {
  /** The version whose text is the body shown; an approval names it. */
  version_id: string | null;
  /** The message check of the body shown: its findings and its claims. */
  issues: Array<{ code: string; message: string; text?: string | undefined }>;
  claims: DraftClaimView[];
  lacks: DraftLackView[];
  /** The lead's found e-mail addresses, with where each came from, for the address picker. */
  addresses: Array<{ email: string; status: string | null; fact_id: string }>;
  /** How the score is made: each part's weight, and why it scored as it did. */
  score: { weights: Record<keyof ScoreBreakdownView, number>; reasons: string[]; fallback_code: string | null };
  stages: DraftStageView[];
  /** A rewrite of this draft is being written now: deciding waits for it. */
  writing: boolean;
}
export interface DraftDetailView {
  review?: DraftReviewView;
  /** Issue 16: the first message this draft follows up on (null for a first message). */
  follow_up_of?: string | null;
  /** Issue 16: this draft and the other variants of the lead's first message still open (to review or approved), by variant; one entry when there is no other. */
  variants?: DraftVariantView[];
}
export interface Responses {
  'drafts:bulk-preview': { min_rank: number; candidates: BulkCandidateView[] };
  'drafts:bulk-undo': { restored: number };
  'drafts:set-recipient': DraftDetailView;
}
