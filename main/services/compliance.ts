import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { normaliseName } from '../core/business-name';
import { DNC_KINDS, DNC_SOURCES, dncDomain, dncEmail, isDncKind, normaliseDncEntry, type DncKind, type DncSource, type DncValue } from '../core/dnc';
import type { Lead } from '../core/domain';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import { parsePhone } from '../core/phone';
import { detectDelimiter } from '../sources/csv/delimiter';
import type { WorkspaceStore } from '../store';
import type { AuditEntry } from '../store/audit';
import { listBackups } from '../store/backups';
import { databaseFile } from '../store/database';
import type { DncEntry, DncMatch } from '../store/dnc';
import { clearFreedContent, erasuresOf, ERASE_REASONS, ERASE_SUPPRESS, eraseLeadData, leadWorkspaceOf, runningExecutionOf, type EraseReason, type EraseReport, type EraseSuppress } from '../store/erase';
import { eraseInBackups, type BackupErasure } from '../store/erase-backups';
import { leadDataRecord } from '../store/lead-data';
import { defaultBackupDir } from '../store/paths';
import { DEFAULT_RETENTION, purgeByAge, RETENTION_DATA_DAYS, RETENTION_REJECTED_DRAFT_DAYS, retentionOf, type PurgeCounts, type RetentionLimits } from '../store/retention';
import type { Paged } from '../../preload/contract';
import type { Ctx } from './context';
import { dataFolderOf, senderOf } from './settings';

/** When the purges last ran: they run at most once in this long, however often runRetention is called. */
const RETENTION_LAST_PURGE = 'retention_last_purge_at';
const PURGE_EVERY_MS = 20 * 3_600_000;
export { DEFAULT_RETENTION, RETENTION_DATA_DAYS, RETENTION_REJECTED_DRAFT_DAYS, retentionOf };

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const MAX_IMPORT_ROWS = 200_000;
const MAX_REFUSALS_LISTED = 1000;

export interface DncEntryView {
  id: string;
  kind: DncKind;
  /** null for an erased person's entry, kept only as a one-way hash. */
  value: string | null;
  hashed: boolean;
  source: DncSource;
  reason: string | null;
  lead_id: string | null;
  created_at: string;
}

export interface DncMatchView {
  entry: DncEntryView;
  reason: string;
}

export interface DncAddView {
  added: DncEntryView[];
  already_listed: DncEntryView[];
  refused: Array<{ value: string; reason: string }>;
}

export interface DncImportView {
  file: string;
  /** Data rows read (the header not counted). */
  rows: number;
  added: number;
  already_listed: number;
  refused_total: number;
  /** The refused values with their row in the file (the first 1 000). */
  refused: Array<{ row: number; column: string | null; value: string; reason: string }>;
}

export interface EraseRequest {
  reason: EraseReason;
  /** What of the lead goes on the do-not-contact list as one-way hashes (default: all it is known by). */
  suppress?: EraseSuppress | undefined;
  /** Apply the erase to the backups too (default true). */
  backups?: boolean | undefined;
}

export interface EraseResult extends EraseReport {
  lead_id: string;
  reason: EraseReason;
  /** Whether the database file was rebuilt (a file that held data before deletes were zeroed) and the WAL emptied. */
  file: { rebuilt: boolean; wal_cleared: boolean };
  backups: BackupErasure | null;
  /** What the rep should know: copies outside The Hunter, backups that could not be erased. */
  notices: string[];
}

export interface RetentionReport {
  ran_at: string;
  drafts_expired: number;
  /** null when the purges ran less than a day ago (they run once a day). */
  purged: PurgeCounts | null;
  limits: RetentionLimits;
}

/** The lead's data as the rep would send it to the person who asks what is held about them (GDPR art. 15). */
export interface LeadDataExport {
  format: 'the-hunter/lead-data/1';
  generated_at: string;
  /** Who holds the data: the rep's details from Settings. */
  controller: { name: string | null; company: string | null; email: string | null; postal_address: string | null };
  purpose: string;
  lead: Omit<Lead, 'score_breakdown'> & { score_breakdown: unknown };
  merged_leads: Lead[];
  sources: { found_by: string[]; source_ref: string | null; found_in_execution: string | null };
  facts: Array<{ kind: string; value: string; detail: unknown; source_url: string | null; method: string; confidence: number; observed_at: string }>;
  merges: unknown[];
  related_leads: unknown[];
  drafts: Array<{
    id: string; status: string; recipient: string | null; subject: string; body: string; created_at: string; expires_at: string;
    decided_at: string | null; exported_at: string | null; export_format: string | null;
    versions: Array<{ kind: string; subject: string | null; body: string; model_used: string; created_at: string }>;
  }>;
  decisions: Array<{ at: string; draft_id: string; decision: string; by: string }>;
  exports: Array<{ at: string; draft_id: string; format: string | null; result: string }>;
  runs: Array<{ execution_id: string; recipe_id: string; status: string; result: unknown; finished_at: string }>;
  do_not_contact: DncEntryView[];
  charges: Array<{ amount_credits: number; recipe_id: string | null; description: string; at: string }>;
  /** What the rep's mailbox said back: each reply or bounce read (not its text, which is never kept) and the lead's outcome. */
  replies: { outcome: string; events: Array<{ kind: string; outcome: string | null; draft_id: string | null; mailbox: string; received_at: string | null; read_at: string }> };
  audit: Array<{ seq: number; at: string; action: string; by: string; resource: string; resource_id: string; changes: unknown; payload: string }>;
  retention: RetentionLimits & { draft_expiry: string };
  backups: { count: number; note: string };
}

/**
 * The rep's obligations to the people they write to: the do-not-contact list, what is held about a lead
 * (and its export), a lead's erase, and retention. Runs and exports consult the list through the store
 * (`store.dnc.blocks`); these are the operations the app and the CLI call.
 */
export class ComplianceService {
  constructor(private readonly dataDir: string) {}

  // ---- do-not-contact ------------------------------------------------------------------------------

  /**
   * Lists values (addresses, domains, phone numbers, business names; the kind read from each unless
   * given). `source: 'reply'` is for a reply that asks to stop. Values that do not parse are refused with
   * why, the rest kept; when none parses, nothing is added and INVALID_INPUT says why.
   */
  dncAdd(ctx: Ctx, values: string | readonly string[], source: DncSource = 'manual', reason: string | null = null, o: { kind?: DncKind | undefined; country?: string | undefined; lead_id?: string | undefined } = {}): DncAddView {
    if (!DNC_SOURCES.includes(source)) throw new HunterError('INVALID_INPUT', `A do-not-contact source is one of ${DNC_SOURCES.join(', ')}.`);
    if (o.kind !== undefined && !isDncKind(o.kind)) throw new HunterError('INVALID_INPUT', `A do-not-contact entry is one of ${DNC_KINDS.join(', ')}.`);
    const list = typeof values === 'string' ? [values] : [...values];
    if (list.length === 0) throw new HunterError('INVALID_INPUT', 'Give at least one address, domain, phone number or business name.');
    const good: DncValue[] = [];
    const refused: DncAddView['refused'] = [];
    for (const raw of list) {
      const r = normaliseDncEntry(raw, { kind: o.kind, country: o.country });
      if (r.ok) good.push({ kind: r.kind, value: r.value });
      else refused.push({ value: raw, reason: r.reason });
    }
    if (good.length === 0) throw new HunterError('INVALID_INPUT', `Nothing was added: ${refused.map((r) => r.reason).join('; ')}.`);
    const cleanReason = reason?.trim() ? reason.trim().slice(0, 500) : null;
    const r = ctx.store.dnc.add(good, { source, reason: cleanReason, lead_id: o.lead_id ?? null, actor: ctx.actor });
    return { added: r.added.map(toEntryView), already_listed: r.already_listed.map(toEntryView), refused };
  }

  dncRemove(ctx: Ctx, id: string): DncEntryView {
    return toEntryView(ctx.store.dnc.remove(id, ctx.actor));
  }

  /**
   * Takes entries off the list by what they say (an address, a domain, a number, a name: read as when
   * added, so "Bob+News@Acme.com" finds bob@acme.com) or by entry id. A value on no entry is named.
   */
  dncRemoveValues(ctx: Ctx, values: readonly string[]): { removed: DncEntryView[]; not_listed: Array<{ value: string; reason: string }> } {
    const removed: DncEntryView[] = [];
    const not_listed: Array<{ value: string; reason: string }> = [];
    for (const raw of values) {
      if (/^dnc_[A-Za-z0-9_]+$/.test(raw)) {
        removed.push(this.dncRemove(ctx, raw));
        continue;
      }
      const v = normaliseDncEntry(raw);
      if (!v.ok) {
        not_listed.push({ value: raw, reason: v.reason });
        continue;
      }
      const e = ctx.store.dnc.findValue(v.kind, v.value);
      if (e) removed.push(this.dncRemove(ctx, e.id));
      else not_listed.push({ value: raw, reason: `${v.value} is not on the list` });
    }
    return { removed, not_listed };
  }

  dncList(ctx: Ctx, q: { kind?: DncKind | undefined; search?: string | undefined; offset?: number | undefined; limit?: number | undefined } = {}): Paged<DncEntryView> {
    if (q.kind !== undefined && !isDncKind(q.kind)) throw new HunterError('INVALID_INPUT', `A do-not-contact entry is one of ${DNC_KINDS.join(', ')}.`);
    const r = ctx.store.dnc.list({ kind: q.kind, search: q.search?.trim() || undefined, offset: q.offset ?? 0, limit: q.limit ?? 200 });
    return { rows: r.rows.map(toEntryView), total: r.total };
  }

  /**
   * Imports a CSV of entries: one value per row, or columns named email, domain (or website), phone, name
   * (or company), value with a kind (or type) column, and optionally reason and country. Rows that do not
   * parse are refused one by one with their row number and why; the good ones are kept, in one transaction.
   */
  async dncImport(ctx: Ctx, file: string, o: { country?: string | undefined } = {}): Promise<DncImportView> {
    const text = readImportText(file);
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      // The CSV reader loads with the first import, not with every command.
      const { parse: parseCsv } = await import('csv-parse/sync');
      records = parseCsv(text, { bom: true, delimiter: detectDelimiter(text, true), relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    } catch (err) {
      throw new HunterError('CSV_UNREADABLE', `${basename(file)} is not a CSV file this can read: ${(err as Error).message}`, { cause: err });
    }
    if (records.length > MAX_IMPORT_ROWS + 1) throw new HunterError('INVALID_INPUT', `${basename(file)} has ${records.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);
    const columns = headerColumns(records[0]?.record ?? []);
    const body = columns ? records.slice(1) : records;
    const good: Array<DncValue & { reason: string | null }> = [];
    const refused: DncImportView['refused'] = [];
    let refusedTotal = 0;
    const refuse = (row: number, column: string | null, value: string, reason: string) => {
      refusedTotal++;
      if (refused.length < MAX_REFUSALS_LISTED) refused.push({ row, column, value, reason });
    };
    for (const { record, info } of body) {
      const row = info.lines;
      if (!columns) {
        const value = record.find((c) => c.trim()) ?? '';
        const r = normaliseDncEntry(value, { country: o.country });
        if (r.ok) good.push({ kind: r.kind, value: r.value, reason: null });
        else refuse(row, null, value, r.reason);
        continue;
      }
      const country = columns.country !== undefined ? record[columns.country]?.trim() || o.country : o.country;
      const reason = columns.reason !== undefined ? record[columns.reason]?.trim() || null : null;
      let kindCell: DncKind | undefined;
      if (columns.kind !== undefined) {
        const k = record[columns.kind]?.trim().toLowerCase();
        if (k) {
          const mapped = KIND_NAMES[k];
          if (!mapped) {
            refuse(row, columns.names[columns.kind] ?? 'kind', record[columns.kind] ?? '', `the kind "${k}" is none of email, domain, phone, name`);
            continue;
          }
          kindCell = mapped;
        }
      }
      let any = false;
      for (const [index, kind] of columns.values) {
        const value = record[index]?.trim() ?? '';
        if (!value) continue;
        any = true;
        const r = normaliseDncEntry(value, { kind: kind ?? kindCell, country });
        if (r.ok) good.push({ kind: r.kind, value: r.value, reason });
        else refuse(row, columns.names[index] ?? null, value, r.reason);
      }
      if (!any) refuse(row, null, '', 'has no value in any of the columns read (email, domain, phone, name, value)');
    }
    const { store } = ctx;
    const outcome = store.tx(() => {
      let added = 0;
      let already = 0;
      // Rows with the same reason go in together: one insert per value, one transaction for the file.
      const byReason = new Map<string | null, DncValue[]>();
      for (const g of good) {
        const list = byReason.get(g.reason);
        if (list) list.push({ kind: g.kind, value: g.value });
        else byReason.set(g.reason, [{ kind: g.kind, value: g.value }]);
      }
      for (const [reason, values] of byReason) {
        const r = store.dnc.add(values, { source: 'import', reason, actor: ctx.actor, audited: false });
        added += r.added.length;
        already += r.already_listed.length;
      }
      store.audit.append({
        actor: ctx.actor, action: 'dnc_imported', resource: 'dnc', resource_id: basename(file),
        changes: { after: { file: basename(file), rows: body.length, added, already_listed: already, refused: refusedTotal } },
        result: { status: refusedTotal ? 'warning' : 'success', error_code: refusedTotal ? 'CSV_ROW_INVALID' : null },
      });
      return { added, already };
    });
    return { file, rows: body.length, added: outcome.added, already_listed: outcome.already, refused_total: refusedTotal, refused };
  }

  /** Whether a lead may not be contacted, and why; null when nothing on the list matches it. */
  dncCheckLead(ctx: Ctx, leadId: string): DncMatchView | null {
    const lead = ctx.store.leads.get(leadId);
    return toMatchView(ctx.store.dnc.blocks(lead, ctx.store.leads.facts(leadId)));
  }

  dncCheckAddress(ctx: Ctx, address: string): DncMatchView | null {
    if (!dncEmail(address)) throw new HunterError('INVALID_INPUT', `"${address}" is not an e-mail address like name@company.com.`);
    return toMatchView(ctx.store.dnc.blocksAddress(address));
  }

  /**
   * "Don't contact again": rejects the draft (unless it was rejected or exported already) and lists its
   * recipient, and with `scope: 'business'` (the default) everything the business is known by: its
   * address, own domain, phone number and name. One transaction; the entries name the lead they came from.
   */
  rejectAndBlock(ctx: Ctx, draftId: string, o: { reason?: string | null | undefined; scope?: 'address' | 'business' | undefined } = {}): { draft_id: string; status: string; dnc: DncAddView } {
    const { store } = ctx;
    return store.tx(() => {
      const draft = store.drafts.get(draftId);
      const lead = store.leads.get(draft.lead_id);
      if (draft.status !== 'rejected' && draft.status !== 'exported') store.drafts.setStatus(draftId, 'rejected', ctx.actor);
      const values: DncValue[] = [];
      const email = dncEmail(draft.recipient);
      if (email) values.push({ kind: 'email', value: email });
      if ((o.scope ?? 'business') === 'business') {
        const own = dncEmail(lead.email);
        if (own && own !== email) values.push({ kind: 'email', value: own });
        const domain = lead.domain ? dncDomain(lead.domain) : null;
        if (domain && 'value' in domain) values.push({ kind: 'domain', value: domain.value });
        const phone = parsePhone(lead.phone, lead.country ?? null);
        if (phone) values.push({ kind: 'phone', value: phone.e164 });
        const name = normaliseName(lead.name);
        if (name) values.push({ kind: 'name', value: name });
      }
      if (values.length === 0) throw new HunterError('INVALID_INPUT', `The draft has no address and its lead nothing else to list; add the business by hand (hunter dnc add).`);
      const r = store.dnc.add(values, { source: 'rejection', reason: o.reason?.trim() || null, lead_id: lead.id, actor: ctx.actor });
      return { draft_id: draftId, status: store.drafts.get(draftId).status, dnc: { added: r.added.map(toEntryView), already_listed: r.already_listed.map(toEntryView), refused: [] } };
    });
  }

  // ---- what is held about a lead -------------------------------------------------------------------

  /** Everything held about a lead, as the rep would send it to the person (GDPR art. 15); the export is audited. */
  leadData(ctx: Ctx, leadId: string): LeadDataExport {
    const { store } = ctx;
    this.refuseErasedOrElsewhere(store, leadId);
    const rec = leadDataRecord(store, leadId);
    const sender = senderOf(store);
    const limits = retentionOf(store);
    const decisions = rec.audit.filter((e) => ['draft_approved', 'draft_rejected', 'draft_deferred', 'draft_expired'].includes(e.action.type))
      .map((e) => ({ at: e.timestamp, draft_id: e.action.resource_id, decision: e.action.type.replace('draft_', ''), by: `${e.actor.type}:${e.actor.id}` }));
    const exports = rec.audit.filter((e) => e.action.type === 'draft_exported' || e.action.type === 'export_undone')
      .map((e) => ({ at: e.timestamp, draft_id: e.action.resource_id, format: formatOf(e), result: e.action.type === 'export_undone' ? 'undone' : e.result.status }));
    const doc: LeadDataExport = {
      format: 'the-hunter/lead-data/1',
      generated_at: new Date().toISOString(),
      controller: { name: sender?.name ?? null, company: sender?.company ?? null, email: sender?.email ?? null, postal_address: sender?.postal_address ?? null },
      purpose: 'Business-to-business prospecting: finding businesses that may need the sender\'s offer and writing them a first message, reviewed by the sender before it is sent.',
      lead: rec.lead,
      merged_leads: rec.merged_leads,
      sources: { found_by: rec.lead.sources, source_ref: rec.lead.source_ref ?? null, found_in_execution: rec.lead.found_in ?? null },
      facts: rec.facts.map((f) => ({ kind: f.kind, value: f.value, detail: f.detail ?? null, source_url: f.source_url, method: f.method, confidence: f.confidence, observed_at: f.observed_at })),
      merges: rec.merges,
      related_leads: rec.links,
      drafts: rec.drafts.map(({ draft: d, versions }) => ({
        id: d.id, status: d.status, recipient: d.recipient, subject: d.subject, body: d.body, created_at: d.created_at, expires_at: d.expires_at,
        decided_at: d.decided_at, exported_at: d.exported_at, export_format: d.export_format,
        versions: versions.map((v) => ({ kind: v.kind, subject: v.subject, body: v.body, model_used: v.model_used, created_at: v.created_at })),
      })),
      decisions,
      exports,
      runs: rec.steps.map((s) => ({ execution_id: s.execution_id, recipe_id: s.recipe_id, status: s.status, result: s.result, finished_at: s.finished_at })),
      do_not_contact: rec.dnc.map(toEntryView),
      charges: rec.charges.map((c) => ({ amount_credits: c.amount_micros / 1_000_000, recipe_id: c.recipe_id, description: c.description, at: c.created_at })),
      replies: {
        outcome: rec.mail.outcome,
        events: rec.mail.events.map((e) => ({ kind: e.kind, outcome: e.outcome, draft_id: e.draft_id, mailbox: e.mailbox, received_at: e.received_at, read_at: e.created_at })),
      },
      audit: rec.audit.map((e) => ({ seq: e.seq, at: e.timestamp, action: e.action.type, by: `${e.actor.type}:${e.actor.id}`, resource: e.action.resource, resource_id: e.action.resource_id, changes: e.changes, payload: e.payload })),
      retention: { ...limits, draft_expiry: "a draft waiting for review expires after its agent's draft_expiry_days (7 unless set)" },
      backups: backupNote(store),
    };
    store.tx(() => store.audit.append({ actor: ctx.actor, action: 'lead_data_exported', resource: 'lead', resource_id: leadId, context: { lead_id: leadId } }));
    return doc;
  }

  /** The lead's data written to a JSON file: `out`, or one in the data folder. */
  writeLeadData(ctx: Ctx, leadId: string, out?: string): { path: string; lead_id: string } {
    const doc = this.leadData(ctx, leadId);
    const folder = dataFolderOf(ctx.store, this.dataDir);
    const path = out ?? join(folder, `lead-data-${leadId}-${doc.generated_at.replace(/[:.]/g, '-')}.json`);
    if (!out) mkdirSync(folder, { recursive: true });
    writeFileSync(path, JSON.stringify(doc, null, 2));
    return { path, lead_id: leadId };
  }

  // ---- erase ---------------------------------------------------------------------------------------

  /**
   * Erases a lead (GDPR art. 17) and the leads merged into it: see store/erase.ts for what goes and what
   * is scrubbed. Then the file is rebuilt if it held data from before deletes were zeroed, the WAL is
   * checkpointed and emptied, and the erase is applied to every backup. Refused, with nothing touched: a
   * lead of another workspace (WRONG_WORKSPACE), an id no workspace has (NOT_FOUND), a lead erased before
   * (ALREADY_ERASED), a lead merged into another (CONFLICT: erase that one), a lead in a running run.
   */
  async erase(ctx: Ctx, leadId: string, req: EraseRequest): Promise<EraseResult> {
    const { store } = ctx;
    if (!ERASE_REASONS.includes(req.reason)) throw new HunterError('INVALID_INPUT', `Say why the lead is erased: one of ${ERASE_REASONS.join(', ')}.`);
    const suppress = req.suppress ?? 'lead';
    if (!ERASE_SUPPRESS.includes(suppress)) throw new HunterError('INVALID_INPUT', `What goes on the do-not-contact list is one of ${ERASE_SUPPRESS.join(', ')}.`);
    const lead = this.refuseErasedOrElsewhere(store, leadId);
    if (lead.merged_into) {
      throw new HunterError('CONFLICT', `This lead was merged into ${lead.merged_into}; erase that lead, which erases both.`);
    }
    const running = runningExecutionOf(store, leadId);
    if (running) throw new HunterError('CONFLICT', `Run ${running.id} is working on this lead; pause or cancel it (or let it finish), then erase.`);

    const options = { reason: req.reason, actor: ctx.actor, erasureId: newId('erasure'), suppress, salt: store.dnc.salt() };
    const report = eraseLeadData(store, leadId, options);
    const file = clearFreedContent(store.db);
    const backups = req.backups === false || store.db.memory ? null : eraseInBackups(store.db, store.workspaceId, leadId, options);
    const notices: string[] = [];
    if (report.exported.length) {
      const formats = [...new Set(report.exported.map((e) => e.format))].join(', ');
      notices.push(`${report.exported.length} of its drafts had been exported (${formats}): those copies are in your mail client or export folder, outside The Hunter; delete them there.`);
    }
    if (!file.wal_cleared) notices.push('Another window or command still has the database open, so the write-ahead log could not be emptied yet; it is emptied when they close.');
    if (backups?.failed.length) {
      notices.push(`${backups.failed.length} backup(s) could not be erased and still hold the lead: ${backups.failed.map((f) => `${f.file} (${f.problem})`).join('; ')}. Delete them, or restore none of them.`);
    }
    if (backups?.upgraded.length) notices.push(`${backups.upgraded.length} backup(s) from an older version were brought to this version to erase the lead.`);
    notices.push('Audit exports and lead-data files written before now (JSON files in your data folder) may name the lead; delete them if you kept any.');
    return { ...report, lead_id: leadId, reason: req.reason, file, backups, notices };
  }

  // ---- retention -----------------------------------------------------------------------------------

  /**
   * What the app runs at start and once a day, and the CLI at the start of each command that writes:
   * drafts waiting past their agent's expiry become expired (every call), and once a day the purges by
   * age run (cached pages, facts, cached drafts, the texts of old rejected and expired drafts), audited as
   * counts. Returns what it did.
   */
  runRetention(ctx: Ctx, now: Date = new Date()): RetentionReport {
    const { store } = ctx;
    const limits = retentionOf(store);
    const expired = store.drafts.expireDue(now);
    const last = store.settings.get<string>(RETENTION_LAST_PURGE);
    const age = last ? now.getTime() - Date.parse(last) : Number.POSITIVE_INFINITY;
    let purged: PurgeCounts | null = null;
    if (!(age >= 0 && age < PURGE_EVERY_MS)) {
      purged = purgeByAge(store, limits, now, ctx.actor);
      store.settings.set(RETENTION_LAST_PURGE, now.toISOString());
    }
    return { ran_at: now.toISOString(), drafts_expired: expired, purged, limits };
  }

  private refuseErasedOrElsewhere(store: WorkspaceStore, leadId: string): Lead {
    const erased = erasuresOf(store.db, leadId);
    const here = erased.find((e) => e.workspace_id === store.workspaceId);
    if (here) throw new HunterError('ALREADY_ERASED', `Lead ${leadId} was erased on ${here.erased_at.slice(0, 10)}; nothing of it is held any more.`);
    const lead = store.leads.find(leadId);
    if (lead) return lead;
    const elsewhere = leadWorkspaceOf(store.db, leadId);
    if (elsewhere || erased.length) throw new HunterError('WRONG_WORKSPACE', `Lead ${leadId} is not in this workspace; it belongs to another one. Open that workspace to work on it.`);
    throw new HunterError('NOT_FOUND', `No lead "${leadId}" in this workspace (or any other).`);
  }
}


function backupNote(store: WorkspaceStore): { count: number; note: string } {
  if (store.db.memory) return { count: 0, note: 'This database has no backups.' };
  const count = listBackups(defaultBackupDir(databaseFile(store.db)), { verify: false, database: databaseFile(store.db) }).length;
  return { count, note: count ? `The database's ${count} backup(s) may hold an older copy of this data; an erase removes it from them too.` : 'This database has no backups.' };
}

const KIND_NAMES: Record<string, DncKind> = {
  email: 'email', 'e-mail': 'email', mail: 'email', address: 'email', domain: 'domain', website: 'domain', site: 'domain', url: 'domain',
  phone: 'phone', telephone: 'phone', tel: 'phone', mobile: 'phone', number: 'phone', name: 'name', business: 'name', company: 'name',
};

const HEADER_KINDS: Record<string, DncKind | 'value' | 'kind' | 'reason' | 'country'> = {
  email: 'email', 'e-mail': 'email', 'email address': 'email', 'e-mail address': 'email', mail: 'email',
  domain: 'domain', website: 'domain', url: 'domain', site: 'domain', 'web site': 'domain',
  phone: 'phone', 'phone number': 'phone', telephone: 'phone', tel: 'phone', mobile: 'phone',
  name: 'name', company: 'name', 'company name': 'name', business: 'name', 'business name': 'name', organisation: 'name', organization: 'name',
  value: 'value', entry: 'value', kind: 'kind', type: 'kind', reason: 'reason', note: 'reason', notes: 'reason', comment: 'reason', country: 'country',
};

interface ImportColumns {
  /** Column index → the kind its values are (undefined: read from the kind column, or from the value). */
  values: Array<[number, DncKind | undefined]>;
  kind?: number;
  reason?: number;
  country?: number;
  names: Record<number, string>;
}

/** The columns of a header row, or null when the first row is data (no cell names a column this reads). */
function headerColumns(first: readonly string[]): ImportColumns | null {
  const cols: ImportColumns = { values: [], names: {} };
  let known = 0;
  first.forEach((cell, i) => {
    const h = HEADER_KINDS[cell.trim().toLowerCase()];
    if (!h) return;
    known++;
    cols.names[i] = cell.trim();
    if (h === 'kind') cols.kind = i;
    else if (h === 'reason') cols.reason = i;
    else if (h === 'country') cols.country = i;
    else cols.values.push([i, h === 'value' ? undefined : h]);
  });
  return known > 0 && cols.values.length > 0 ? cols : null;
}

function readImportText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new HunterError('CSV_UNREADABLE', `No file at ${file}.`);
  }
  if (size > MAX_IMPORT_BYTES) throw new HunterError('INVALID_INPUT', `${basename(file)} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it and import the parts.`);
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a spreadsheet saved in the Windows code page, as Excel does by default.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function formatOf(e: AuditEntry): string | null {
  const after = (e.changes as { after?: { format?: unknown } } | null)?.after;
  const before = (e.changes as { before?: { format?: unknown } } | null)?.before;
  const f = after?.format ?? before?.format;
  return typeof f === 'string' ? f : null;
}

function toEntryView(e: DncEntry): DncEntryView {
  return { id: e.id, kind: e.kind, value: e.value, hashed: e.value === null, source: e.source, reason: e.reason, lead_id: e.lead_id, created_at: e.created_at };
}

function toMatchView(m: DncMatch | null): DncMatchView | null {
  return m ? { entry: toEntryView(m.entry), reason: m.reason } : null;
}
