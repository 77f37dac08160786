import { dirname, extname, resolve } from 'node:path';
import { placeholdersIn } from '../core/message-check';
import type { Draft, EmailStatus, Lead } from '../core/domain';
import { HunterError, toHunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';
import { memorySecrets, setAccountPassword, type AccountSecretStore } from './account-secrets';
import { complianceFooter, countryWarning, footerWarnings, type ComplianceFooter } from './compliance';
import { composeMessage } from './compose';
import { type MergeValues, mergeValues, presetCsv, unsafeMergeValues } from './csv';
import { FileBatch, type FileWriter, fileStamp, removeFiles, safeStem } from './files';
import { type ImapMessage, type ImapRetry, saveToImapDrafts } from './imap';
import { accountFromTarget, type ImapAccount } from './imap-account';
import { mboxEntry } from './mbox';
import { type DraftMessage, type MessageContext, checkSender, checkSenderAddresses, draftMessage, senderSignature } from './message';
import type { AccessTokenCache, Fetch } from './oauth/tokens';
import { parseSender, readSender } from './sender';
import {
  type CsvPresetId,
  type ExportActor,
  type ExportFormat,
  type ExportRequest,
  type ExportRequestInput,
  ExportRequestSchema,
  type ExportSender,
  type ExportSenderInput,
  type ExportSummary,
  ExportSummarySchema,
  type ExportWarning,
  type SkippedDraft,
} from './types';

export interface ExportOptions extends ExportRequestInput {
  /** Who exported, for the audit log (default: the rep). */
  actor?: ExportActor;
  /** The Date header and file-name time (default: now). */
  now?: Date;
  /**
   * The rep's identity from settings (name, address, signature, Reply-To, Cc, Bcc); by default the
   * workspace's "sender" setting.
   */
  sender?: ExportSenderInput | null;
  /** The keychain holding the account's password or OAuth refresh token (with `account`). */
  secrets?: AccountSecretStore;
  /** OAuth access tokens of this process (default: one shared cache). */
  tokenCache?: AccessTokenCache;
  /** HTTP for the OAuth token endpoint (default: global fetch). */
  fetch?: Fetch;
  /** How temporary files are written (default: write + fsync). */
  fileWriter?: FileWriter;
  /** IMAP reconnect policy (default: 4 attempts without progress, 1 s doubling). */
  imapRetry?: ImapRetry;
  /** IMAP connect and greeting timeout (default 20 s each). */
  imapTimeoutMs?: number;
  /** Called after each message is written or saved. */
  onProgress?: (p: { done: number; total: number }) => void;
}

interface Prepared {
  message: DraftMessage;
  lead: Lead;
  emailStatus: EmailStatus | null;
}

const DEFAULT_ACTOR: ExportActor = { type: 'rep', id: 'rep' };

/**
 * Exports approved drafts (all of them, or the given ids) as .eml files, one mbox file, one mail-merge
 * CSV file, or IMAP drafts. Drafts that cannot be exported safely are skipped with the reason and
 * flagged in the audit log; the rest are exported and marked `exported` with the format and time.
 * File exports write every file or none (a full disk leaves nothing behind and marks nothing).
 *
 * A draft to an address or a business on the do-not-contact list is never written or saved; the summary
 * names the business. Every message ends with the sender's postal address and opt-out sentence (columns
 * in the CSV) unless the rep turned that off; the summary warns when no postal address is set, and per
 * lead where its country's rules for unsolicited e-mail ask for more.
 */
export async function exportDrafts(store: WorkspaceStore, options: ExportOptions): Promise<ExportSummary> {
  const req = parseRequest(options);
  const now = options.now ?? new Date();
  const actor = options.actor ?? DEFAULT_ACTOR;
  if (req.format !== 'imap' && !req.outDir) throw new HunterError('INVALID_INPUT', `Choose a folder to export the ${req.format} file${req.format === 'eml' ? 's' : ''} into (--out DIR).`);
  const imap = req.format === 'imap' ? imapAccountOf(req, options) : null;

  const sender = options.sender !== undefined ? parseSender(options.sender) : readSender(store);
  const withHeaders = req.format !== 'csv';
  const footer = complianceFooter(sender);
  const ctx: MessageContext = {
    from: withHeaders ? checkSender(sender) : null,
    signature: senderSignature(sender),
    // A mail-merge tool puts the message into its own template: the footer goes in columns there.
    footer: withHeaders ? footer.text : null,
    date: now,
    // A mail-merge tool sends from its own settings: Cc and Bcc there, not in the CSV.
    ...(withHeaders ? checkSenderAddresses(sender) : {}),
  };
  const { prepared, skipped } = prepare(store, req.ids, ctx);
  const preset = req.csvPreset ?? 'generic';
  const rows = req.format === 'csv' ? csvRows(prepared, skipped, preset, sender, footer) : [];
  flagRefused(store, skipped, actor);

  const summary: ExportSummary = {
    format: req.format,
    exported: 0,
    exported_ids: [],
    skipped,
    files: [],
    location: req.outDir ? resolve(req.outDir) : '',
    unverified_ids: prepared.filter((p) => p.message.unverified).map((p) => p.message.draftId),
    already_there_ids: [],
    undoable: req.format !== 'imap',
    exported_at: now.toISOString(),
    warnings: prepared.length ? exportWarnings(prepared, footer) : [],
  };
  if (prepared.length === 0) {
    if (imap) summary.location = imapLocation(imap.account, imap.account.draftsFolder ?? 'Drafts');
    return summary;
  }

  if (imap) return exportToImap(store, req, imap, prepared, summary, actor, options);

  const batch = new FileBatch(summary.location, options.fileWriter);
  try {
    await batch.prepare();
    await writeFiles(batch, req.format as Exclude<ExportFormat, 'imap'>, prepared, rows, { html: req.html ?? false, bom: req.bom ?? false, preset, now, onProgress: options.onProgress });
    const ids = prepared.map((p) => p.message.draftId);
    store.drafts.markExported(ids, req.format, actor);
    summary.exported = ids.length;
    summary.exported_ids = ids;
    summary.files = [...batch.files];
    return summary;
  } catch (err) {
    const failure = toHunterError(err);
    try {
      await batch.rollback();
    } catch (cleanup) {
      throw new HunterError(failure.code, `${failure.message} ${(cleanup as Error).message}`, { cause: err });
    }
    throw failure;
  }
}

/** The account to save to and the keychain its secrets are in: given, or made from an old-style target. */
function imapAccountOf(req: ExportRequest, options: ExportOptions): { account: ImapAccount; secrets: AccountSecretStore } {
  if (req.account && req.imap) throw new HunterError('INVALID_INPUT', 'Give the mail account once: as an account, or as the earlier IMAP target, not both.');
  if (req.account) {
    if (!options.secrets) throw new HunterError('INVALID_INPUT', 'IMAP export of a mail account needs the keychain that holds its password or sign-in (the secrets option).');
    return { account: req.account, secrets: options.secrets };
  }
  if (req.imap) {
    const account = accountFromTarget(req.imap);
    const secrets = memorySecrets();
    setAccountPassword(secrets, account, req.imap.password);
    return { account, secrets };
  }
  throw new HunterError('INVALID_INPUT', 'IMAP export needs your mail account: server, security (TLS or STARTTLS), user name, and a password or a Google/Microsoft sign-in.');
}

/**
 * The CSV rows, in the order of `prepared`. A draft whose merge value a spreadsheet would run as a
 * formula is taken out (and told why): the value must reach the recipient exactly, so it cannot carry
 * the spreadsheet's apostrophe, and a file that runs code when opened is not written either.
 */
function csvRows(prepared: Prepared[], skipped: SkippedDraft[], preset: CsvPresetId, sender: ExportSender | null, footer: ComplianceFooter): MergeValues[] {
  const rows: MergeValues[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i]!;
    const values = mergeValues(p.message, p.lead, p.emailStatus, sender?.name ?? null, footer);
    const unsafe = unsafeMergeValues(values, preset);
    if (unsafe.length) {
      skipped.push({
        id: p.message.draftId,
        business: p.lead.name,
        problem: 'unsafe_csv_value',
        reason: `${unsafe.map((u) => `${u.header} ${u.why}`).join('; ')}: a spreadsheet would run it as a formula. Edit the lead or the draft so it starts with a letter or digit, or export this draft as .eml.`,
      });
      prepared.splice(i--, 1);
    } else {
      rows.push(values);
    }
  }
  return rows;
}

async function writeFiles(
  batch: FileBatch,
  format: Exclude<ExportFormat, 'imap'>,
  prepared: readonly Prepared[],
  rows: readonly MergeValues[],
  o: { html: boolean; bom: boolean; preset: CsvPresetId; now: Date; onProgress: ExportOptions['onProgress'] },
): Promise<void> {
  const total = prepared.length;
  const batchName = `hunter-drafts-${fileStamp(o.now)}`;
  if (format === 'eml') {
    for (const [i, p] of prepared.entries()) {
      const raw = await composeMessage(p.message, { html: o.html, lineEnding: 'crlf' });
      await batch.write(emlStem(p), 'eml', raw);
      o.onProgress?.({ done: i + 1, total });
    }
  } else if (format === 'mbox') {
    const entries: Buffer[] = [];
    for (const [i, p] of prepared.entries()) {
      const raw = await composeMessage(p.message, { html: o.html, lineEnding: 'lf', mboxSafe: true });
      entries.push(mboxEntry(raw, p.message.from!.address, p.message.date));
      o.onProgress?.({ done: i + 1, total });
    }
    await batch.write(batchName, 'mbox', Buffer.concat(entries));
  } else {
    const name = o.preset === 'generic' ? batchName : `${batchName}-${o.preset}`;
    await batch.write(name, 'csv', Buffer.from(presetCsv(o.preset, rows, { bom: o.bom }), 'utf8'));
    o.onProgress?.({ done: total, total });
  }
}

async function exportToImap(
  store: WorkspaceStore,
  req: ExportRequest,
  imap: { account: ImapAccount; secrets: AccountSecretStore },
  prepared: readonly Prepared[],
  summary: ExportSummary,
  actor: ExportActor,
  options: ExportOptions,
): Promise<ExportSummary> {
  const messages: ImapMessage[] = [];
  for (const p of prepared) {
    messages.push({ draftId: p.message.draftId, messageId: p.message.messageId, date: p.message.date, raw: await composeMessage(p.message, { html: req.html ?? false, lineEnding: 'crlf' }) });
  }
  const saved = await saveToImapDrafts(imap.account, imap.secrets, messages, {
    ...(options.imapRetry ? { retry: options.imapRetry } : {}),
    ...(options.imapTimeoutMs ? { timeoutMs: options.imapTimeoutMs } : {}),
    ...(options.tokenCache ? { cache: options.tokenCache } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onSaved: (_id, done, total) => options.onProgress?.({ done, total }),
  });
  // Whatever is in the Drafts folder is exported, even when the run stopped part-way: a re-run finds
  // those by Message-ID and saves only the rest.
  const inFolder = new Set([...saved.appended, ...saved.alreadyThere]);
  const ids = prepared.map((p) => p.message.draftId).filter((id) => inFolder.has(id));
  if (ids.length) store.drafts.markExported(ids, 'imap', actor);
  if (saved.failure) {
    const f = saved.failure;
    if (ids.length === 0) throw f;
    throw new HunterError(f.code, `Saved ${ids.length} of ${prepared.length} drafts to ${saved.mailbox}, then: ${f.message} Run the export again to save the rest; drafts already there are not copied twice.`, { cause: f, retryable: f.retryable });
  }
  summary.exported = ids.length;
  summary.exported_ids = ids;
  summary.already_there_ids = saved.alreadyThere;
  summary.location = imapLocation(imap.account, saved.mailbox);
  return summary;
}

/** The footer's warnings, then one per lead whose country asks for more than the footer gives. */
function exportWarnings(prepared: readonly Prepared[], footer: ComplianceFooter): ExportWarning[] {
  const out = footerWarnings(footer);
  for (const p of prepared) {
    const w = countryWarning(p.lead, p.message.draftId, p.message.to.address, footer);
    if (w) out.push(w);
  }
  return out;
}

/**
 * Reads the drafts to export and turns each into a message, or into the reason it is skipped. A draft
 * whose lead (by its address, domain, phone, name or a fact's address or phone) or whose recipient is on
 * the do-not-contact list is skipped first, whatever else is true of it.
 */
function prepare(store: WorkspaceStore, ids: readonly string[] | undefined, ctx: MessageContext): { prepared: Prepared[]; skipped: SkippedDraft[] } {
  const skipped: SkippedDraft[] = [];
  let drafts: Draft[];
  if (ids) {
    drafts = [];
    for (const id of new Set(ids)) {
      const d = store.drafts.find(id);
      if (!d) skipped.push({ id, problem: 'not_found', reason: `No draft "${id}" in this workspace.` });
      else if (d.status !== 'approved') skipped.push({ id, problem: 'not_approved', reason: `The draft is ${d.status.replace('_', ' ')}, not approved; only approved drafts are exported.` });
      else drafts.push(d);
    }
  } else {
    drafts = store.drafts.list({ status: 'approved' });
  }
  const leads = new Map(store.leads.getMany([...new Set(drafts.map((d) => d.lead_id))]).map((l) => [l.id, l]));
  const prepared: Prepared[] = [];
  for (const d of drafts) {
    const lead = leads.get(d.lead_id);
    if (!lead) {
      skipped.push({ id: d.id, problem: 'lead_missing', reason: `The lead of this draft (${d.lead_id}) no longer exists.` });
      continue;
    }
    const listed = store.dnc.blocksAddress(d.recipient) ?? store.dnc.blocks(lead, store.leads.facts(lead.id));
    if (listed) {
      skipped.push({ id: d.id, business: lead.name, problem: 'do_not_contact', reason: `${lead.name}: ${listed.reason}. Not exported.` });
      continue;
    }
    // The rep approved it, but a placeholder would reach the recipient as written: refused, named.
    const left = placeholdersIn(d.body, d.subject);
    if (left.length) {
      skipped.push({ id: d.id, business: lead.name, problem: 'placeholder', reason: `${lead.name}: the message still has ${left.map((p) => `"${p}"`).join(', ')} in it. Edit the draft to say what you mean there, then export it again.` });
      continue;
    }
    const checked = draftMessage(d, lead, ctx);
    if (checked.ok) prepared.push({ message: checked.message, lead, emailStatus: d.recipient_status });
    else skipped.push({ id: d.id, business: lead.name, problem: checked.problem, reason: checked.reason });
  }
  return { prepared, skipped };
}

/** A draft refused for its content is flagged in the audit log, so the rep can find and fix it. */
function flagRefused(store: WorkspaceStore, skipped: readonly SkippedDraft[], actor: ExportActor): void {
  const refused = skipped.filter((s) => s.problem === 'invalid_recipient' || s.problem === 'no_recipient' || s.problem === 'unsafe_subject' || s.problem === 'unsafe_csv_value' || s.problem === 'do_not_contact' || s.problem === 'placeholder');
  if (refused.length === 0) return;
  store.tx(() => {
    for (const s of refused) {
      const d = store.drafts.get(s.id);
      store.audit.append({
        actor,
        action: 'draft_exported',
        resource: 'draft',
        resource_id: s.id,
        changes: { before: { status: d.status }, after: { status: d.status, refused: s.problem, reason: s.reason } },
        context: { execution_id: d.execution_id, lead_id: d.lead_id },
        result: { status: 'failed', error_code: s.problem === 'do_not_contact' ? 'DO_NOT_CONTACT' : 'INVALID_INPUT' },
      });
    }
  });
}

/** "bright-smile-dental-3f9a1c2b": who it is for, then the end of the draft id so names never collide. */
function emlStem(p: Prepared): string {
  const who = safeStem(p.lead.name, safeStem(p.message.to.address.split('@')[0], 'message'));
  const tail = p.message.draftId.replace(/[^A-Za-z0-9]/g, '').slice(-8).toLowerCase();
  return tail ? `${who}-${tail}` : who;
}

function imapLocation(t: Pick<ImapAccount, 'user' | 'host' | 'port'>, mailbox: string): string {
  return `imap://${encodeURIComponent(t.user)}@${t.host}:${t.port}/${encodeURIComponent(mailbox)}`;
}

function parseRequest(options: ExportOptions): ExportRequest {
  const { format, outDir, account, imap, csvPreset, ids, html, bom } = options;
  const parsed = ExportRequestSchema.safeParse({ format, outDir, account, imap, csvPreset, ids, html, bom });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HunterError('INVALID_INPUT', `Export settings are not valid: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'bad shape'}.`);
  }
  return parsed.data;
}

export interface UndoResult {
  /** Drafts put back to approved. */
  restored: number;
  /** Files removed (a file the rep already moved or deleted is not counted). */
  removed_files: number;
}

/**
 * Takes a file export back: removes the files it wrote and puts its drafts back to approved. An IMAP
 * export cannot be taken back from here: the drafts are in the rep's mailbox.
 */
export async function undoExport(store: WorkspaceStore, summaryInput: unknown, actor: ExportActor = DEFAULT_ACTOR): Promise<UndoResult> {
  const parsed = ExportSummarySchema.safeParse(summaryInput);
  if (!parsed.success) throw new HunterError('INVALID_INPUT', 'This is not the summary of an export; undo takes the summary the export returned.');
  const summary = parsed.data;
  if (summary.format === 'imap') {
    throw new HunterError('INVALID_INPUT', 'Drafts saved to your mail server cannot be taken back from The Hunter: delete them from the Drafts folder in your mail client. They stay marked exported here.');
  }
  // Only files this export could have written: inside its folder, with its extension.
  const location = resolve(summary.location);
  for (const f of summary.files) {
    if (dirname(resolve(f)) !== location || extname(f) !== `.${summary.format}`) {
      throw new HunterError('INVALID_INPUT', `Undo only removes the files the export wrote in ${location}; "${f}" is not one of them.`);
    }
  }
  const removed = await removeFiles(summary.files);
  const restored = store.drafts.undoExport(summary.exported_ids, actor);
  return { restored, removed_files: removed };
}
