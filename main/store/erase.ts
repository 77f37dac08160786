import type Database from 'better-sqlite3';
import { normaliseName } from '../core/business-name';
import { dncDomain, dncEmail, type DncValue } from '../core/dnc';
import type { Lead } from '../core/domain';
import { parsePhone } from '../core/phone';
import { ownDomain } from '../core/web-address';
import type { WorkspaceStore } from './index';
import { asciiLower } from './audit';
import { nowIso, sql } from './database';
import { listChanged } from './dnc';

/** Why a lead was erased (GDPR art. 17(1)): a code, never free text, so the record of the erase holds no personal data. */
export const ERASE_REASONS = ['subject_request', 'objection', 'no_longer_needed', 'unlawful', 'other'] as const;
export type EraseReason = (typeof ERASE_REASONS)[number];

/** What of the lead goes on the do-not-contact list as one-way hashes: all it is known by, its addresses and phones only, or nothing. */
export const ERASE_SUPPRESS = ['lead', 'addresses', 'none'] as const;
export type EraseSuppress = (typeof ERASE_SUPPRESS)[number];

type Actor = { type: 'rep' | 'cli' | 'system'; id: string };

export interface EraseOptions {
  reason: EraseReason;
  actor: Actor;
  /** The same id in the database and in each backup the erase is applied to. */
  erasureId: string;
  suppress: EraseSuppress;
  /** The live workspace's do-not-contact salt (a backup without one takes it, so the hashes agree). */
  salt: string;
}

export interface EraseCounts {
  leads: number;
  facts: number;
  drafts: number;
  draft_versions: number;
  lead_keys: number;
  lead_blocks: number;
  lead_merges: number;
  lead_links: number;
  execution_leads: number;
  steps: number;
  step_history: number;
  cached_pages: number;
  cached_drafts: number;
  /** Places a map search read and kept for a resume, holding the lead's name, phone or site. */
  map_places: number;
  /** Replies and bounces read from the rep's mailbox for the lead, and its outcome. */
  mail_events: number;
  lead_outcomes: number;
}

export interface EraseReport {
  erasure_id: string;
  /** The lead and every lead the rep merged into it. */
  lead_ids: string[];
  removed: EraseCounts;
  /** Records kept with the lead's texts taken out of them. */
  scrubbed: { ledger_rows: number; run_records: number; other_steps: number; alerts: number };
  /** Deductions resealed before their rows were scrubbed, and those left alone because their digest no longer held. */
  ledger: { resealed: number; not_resealed_entries: number[] };
  audit_payloads_erased: number;
  dnc: { hashes_added: number; values_hidden: number };
  /** Copies The Hunter cannot reach: what the lead's drafts were exported as, for the rep to delete there. */
  exported: Array<{ format: string; exported_at: string }>;
}

const ERASED = '[erased]';

/**
 * Erases a lead (and the leads merged into it) from one workspace in one transaction: its row, facts,
 * keys, blocks, merges, links and run memberships, its drafts (follow-ups included) and their versions,
 * its steps, the cached pages of its site, the cached drafts and kept map places that name it, and the
 * replies, bounces and outcome read for it from the rep's mailbox. Its texts (name, addresses, phones, domain) are
 * taken out of what is kept: ledger descriptions (amounts stay), run records, other records' steps,
 * alerts. Audit payloads about it, or holding those texts, are blanked (the entries stay and verify). Its
 * identifiers go on the do-not-contact list as one-way hashes (per `suppress`), and one audit entry says
 * what was erased and why, without the personal data. The caller checks that the lead may be erased.
 */
export function eraseLeadData(store: WorkspaceStore, leadId: string, o: EraseOptions): EraseReport {
  return store.tx(() => {
    const { db, workspaceId: ws } = store;
    const ids = withMergedInto(store, leadId);
    const leads = store.leads.getMany(ids);
    const facts = ids.flatMap((id) => store.leads.facts(id));
    const drafts = sql(db, 'SELECT id, recipient, exported_at, export_format FROM drafts WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))')
      .all(ws, JSON.stringify(ids)) as Array<{ id: string; recipient: string | null; exported_at: string | null; export_format: string | null }>;
    const draftIds = drafts.map((d) => d.id);
    const identity = identifiersOf(leads, facts, drafts.map((d) => d.recipient));
    const dncValues = suppressionValues(identity, o.suppress);
    const allValues = suppressionValues(identity, 'lead');
    store.dnc.adoptSalt(o.salt);
    const dncIds = store.dnc.idsOf(allValues, o.salt);
    const texts = [...identity.texts, ...allValues.map((v) => v.value)];
    const json = JSON.stringify(ids);
    const exported = drafts.filter((d) => d.exported_at && d.export_format).map((d) => ({ format: d.export_format!, exported_at: d.exported_at! }));

    const ledger = store.ledger.scrub(ids, texts, o.actor);
    const run = (q: string, ...args: unknown[]) => sql(db, q).run(...args).changes;
    const removed: EraseCounts = {
      draft_versions: run('DELETE FROM draft_versions WHERE workspace_id = ? AND draft_id IN (SELECT value FROM json_each(?))', ws, JSON.stringify(draftIds)),
      drafts: run('DELETE FROM drafts WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      facts: run('DELETE FROM facts WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      lead_keys: run('DELETE FROM lead_keys WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      lead_blocks: run('DELETE FROM lead_blocks WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      // Its own merges, and the records on other leads of it having been merged into or split off them.
      lead_merges: run(`DELETE FROM lead_merges WHERE workspace_id = @ws AND (lead_id IN (SELECT value FROM json_each(@ids)) OR split_into IN (SELECT value FROM json_each(@ids))
          OR (kind = 'lead' AND json_extract(sighting, '$.lead_id') IN (SELECT value FROM json_each(@ids))))`, { ws, ids: json }),
      lead_links: run('DELETE FROM lead_links WHERE workspace_id = @ws AND (lead_id IN (SELECT value FROM json_each(@ids)) OR other_id IN (SELECT value FROM json_each(@ids)))', { ws, ids: json }),
      execution_leads: run('DELETE FROM execution_leads WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      steps: run('DELETE FROM steps WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      step_history: run('DELETE FROM step_history WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      cached_pages: removePages(store, identity.domains, identity.texts),
      cached_drafts: run('DELETE FROM draft_cache WHERE workspace_id = ? AND EXISTS (SELECT 1 FROM json_each(?) t WHERE instr(result, t.value) > 0)', ws, JSON.stringify(jsonTexts(identity.texts))),
      // The record of a place kept for a resume is the lead as the map showed it: matched by its texts, as the cached drafts are.
      map_places: run('DELETE FROM map_places WHERE workspace_id = ? AND EXISTS (SELECT 1 FROM json_each(?) t WHERE instr(record, t.value) > 0)', ws, JSON.stringify(jsonTexts(identity.texts))),
      mail_events: run(`DELETE FROM mail_events WHERE workspace_id = @ws AND (lead_id IN (SELECT value FROM json_each(@ids)) OR draft_id IN (SELECT value FROM json_each(@drafts)))`,
        { ws, ids: json, drafts: JSON.stringify(draftIds) }),
      lead_outcomes: run('DELETE FROM lead_outcomes WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))', ws, json),
      leads: run('DELETE FROM leads WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))', ws, json),
    };

    const scrubbed = {
      ledger_rows: ledger.rows,
      run_records: scrubColumns(store, 'recipe_runs', ['input', 'output'], ['execution_id', 'recipe_id'], identity.texts) + scrubColumns(store, 'executions', ['error_message'], ['id'], identity.texts),
      other_steps: scrubColumns(store, 'steps', ['result', 'error_message'], ['execution_id', 'recipe_id', 'lead_id'], identity.texts)
        + scrubColumns(store, 'step_history', ['result', 'error_message'], ['execution_id', 'recipe_id', 'lead_id', 'round'], identity.texts),
      alerts: scrubColumns(store, 'alerts', ['title', 'message', 'context'], ['id'], identity.texts),
    };

    const entries = store.audit.entriesHolding({ leadIds: ids, resourceIds: [...draftIds, ...dncIds], texts });
    const at = nowIso();
    const audit_payloads_erased = store.audit.erasePayloads(entries, { erasure_id: o.erasureId }, at);
    const hashes = store.dnc.keepAsHashes(dncValues, o.salt);
    // Entries listed by value that the rep chose not to keep even as hashes still lose their value here.
    const hidden = o.suppress === 'lead' ? hashes.hidden : hashes.hidden + hideValues(store, allValues.filter((v) => !dncValues.some((d) => d.kind === v.kind && d.value === v.value)), o.salt);

    const report: EraseReport = {
      erasure_id: o.erasureId, lead_ids: ids, removed, scrubbed,
      ledger: { resealed: ledger.resealed, not_resealed_entries: ledger.not_resealed },
      audit_payloads_erased, dnc: { hashes_added: hashes.added, values_hidden: hidden }, exported,
    };
    const auditId = store.audit.append({
      actor: o.actor, action: 'lead_erased', resource: 'lead', resource_id: leadId,
      changes: { erasure_id: o.erasureId, reason: o.reason, suppress: o.suppress, lead_ids: ids, removed, scrubbed, ledger: report.ledger, audit_payloads_erased, dnc: report.dnc, exported_copies: exported.length },
    });
    sql(db, 'INSERT INTO erasures (id, workspace_id, lead_id, reason, erased_at, audit_id, report) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(o.erasureId, ws, leadId, o.reason, at, auditId, JSON.stringify({ ...report, exported: exported.length }));
    return report;
  });
}

/** The lead and, recursively, every lead the rep merged into it. */
function withMergedInto(store: WorkspaceStore, leadId: string): string[] {
  const ids = [leadId];
  const st = sql(store.db, 'SELECT id FROM leads WHERE workspace_id = ? AND merged_into = ?');
  for (let i = 0; i < ids.length; i++) {
    for (const r of st.all(store.workspaceId, ids[i]) as Array<{ id: string }>) if (!ids.includes(r.id)) ids.push(r.id);
  }
  return ids;
}

/** What a lead is known by, as written (the texts to find and take out) and parsed (for the list). */
interface LeadIdentity {
  names: string[];
  emails: string[];
  phones: Array<{ raw: string; country: string | null }>;
  domains: string[];
  /** Every text to find: names (the business's, the person's), addresses, phones as written and in E.164, domains. */
  texts: string[];
}

export function identifiersOf(leads: readonly Lead[], facts: ReadonlyArray<{ kind: string; value: string; detail?: Record<string, unknown> | undefined }>, recipients: ReadonlyArray<string | null> = []): LeadIdentity {
  const names = new Set<string>();
  const emails = new Set<string>();
  const phones: Array<{ raw: string; country: string | null }> = [];
  const domains = new Set<string>();
  const texts = new Set<string>();
  for (const l of leads) {
    names.add(l.name);
    const person = [l.first_name, l.last_name].filter((s) => s && s.trim()).join(' ');
    if (l.first_name && l.last_name) texts.add(person);
    if (l.email) emails.add(l.email);
    if (l.phone) phones.push({ raw: l.phone, country: l.country ?? null });
    // The business's own domain only: a Facebook page or a site builder's shared domain is not its to erase.
    if (l.domain) domains.add(l.domain.toLowerCase());
    const own = ownDomain(l.website);
    if (own) domains.add(own);
  }
  for (const f of facts) {
    if (f.kind === 'email') emails.add(f.value);
    if (f.kind === 'phone') phones.push({ raw: f.value, country: leads[0]?.country ?? null });
    const detailEmail = f.detail?.email;
    if (typeof detailEmail === 'string') emails.add(detailEmail);
    if (f.kind === 'person' && f.value.includes(' ')) texts.add(f.value);
  }
  for (const r of recipients) if (r) emails.add(r);
  for (const n of names) texts.add(n);
  for (const e of emails) {
    texts.add(e);
    const plain = dncEmail(e);
    if (plain) texts.add(plain);
  }
  for (const p of phones) {
    texts.add(p.raw);
    const parsed = parsePhone(p.raw, p.country);
    if (parsed) texts.add(parsed.e164);
  }
  for (const d of domains) texts.add(d);
  return { names: [...names], emails: [...emails], phones, domains: [...domains], texts: [...texts].filter((t) => t.trim().length >= 3) };
}

/** The values that go on the do-not-contact list as hashes. */
function suppressionValues(id: LeadIdentity, suppress: EraseSuppress): DncValue[] {
  if (suppress === 'none') return [];
  const out = new Map<string, DncValue>();
  const put = (v: DncValue) => out.set(`${v.kind}:${v.value}`, v);
  for (const e of id.emails) {
    const v = dncEmail(e);
    if (v) put({ kind: 'email', value: v });
  }
  for (const p of id.phones) {
    const parsed = parsePhone(p.raw, p.country);
    if (parsed) put({ kind: 'phone', value: parsed.e164 });
  }
  if (suppress === 'lead') {
    for (const d of id.domains) {
      const r = dncDomain(d);
      if ('value' in r) put({ kind: 'domain', value: r.value });
    }
    for (const n of id.names) {
      const v = normaliseName(n);
      if (v) put({ kind: 'name', value: v });
    }
  }
  return [...out.values()];
}

function hideValues(store: WorkspaceStore, values: readonly DncValue[], salt: string): number {
  const ids = store.dnc.idsOf(values, salt);
  listChanged(store.db);
  return sql(store.db, 'UPDATE dnc_entries SET value = NULL, reason = NULL WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?)) AND value IS NOT NULL')
    .run(store.workspaceId, JSON.stringify(ids)).changes;
}

/** The cached pages of the lead's site (its domain and subdomains), and any cached page that names it. */
function removePages(store: WorkspaceStore, domains: readonly string[], texts: readonly string[]): number {
  const { db, workspaceId: ws } = store;
  const urls = new Set<string>();
  if (domains.length) {
    const rows = sql(db, `SELECT url, final_url FROM page_cache WHERE workspace_id = ? AND EXISTS (SELECT 1 FROM json_each(?) d WHERE instr(lower(url), d.value) > 0 OR instr(lower(final_url), d.value) > 0)`)
      .all(ws, JSON.stringify(domains)) as Array<{ url: string; final_url: string }>;
    for (const r of rows) {
      for (const u of [r.url, r.final_url]) {
        const host = hostOf(u);
        if (host && domains.some((d) => host === d || host.endsWith(`.${d}`))) urls.add(r.url);
      }
    }
  }
  const naming = sql(db, 'SELECT url FROM page_cache WHERE workspace_id = ? AND EXISTS (SELECT 1 FROM json_each(?) t WHERE instr(body, CAST(t.value AS BLOB)) > 0)')
    .all(ws, JSON.stringify(texts)) as Array<{ url: string }>;
  for (const r of naming) urls.add(r.url);
  const del = sql(db, 'DELETE FROM page_cache WHERE workspace_id = ? AND url = ?');
  let n = 0;
  for (const u of urls) n += del.run(ws, u).changes;
  return n;
}

/**
 * Takes the texts out of some columns of a workspace's rows (a JSON value string by string, so it stays
 * readable JSON), compared without ASCII case; returns how many rows changed.
 */
function scrubColumns(store: WorkspaceStore, table: string, columns: readonly string[], key: readonly string[], texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  const { db, workspaceId: ws } = store;
  const needles = [...new Set([...texts, ...jsonTexts(texts)].map(asciiLower))];
  const cond = columns.map((c) => `EXISTS (SELECT 1 FROM json_each(@texts) t WHERE instr(lower(${c}), t.value) > 0)`).join(' OR ');
  const rows = sql(db, `SELECT ${key.map((k, i) => `${k} AS k${i}`).join(', ')}, ${columns.join(', ')} FROM ${table} WHERE workspace_id = @ws AND (${cond})`)
    .all({ ws, texts: JSON.stringify(needles) }) as Array<Record<string, unknown>>;
  const sorted = [...texts].sort((a, b) => b.length - a.length);
  const update = sql(db, `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')} AND workspace_id = ?`);
  for (const r of rows) {
    const values = columns.map((c) => {
      const v = r[c];
      if (typeof v !== 'string') return v ?? null;
      return looksLikeJson(v) ? scrubJson(v, sorted) : replaceAll(v, sorted);
    });
    update.run(...values, ...key.map((_, i) => r[`k${i}`]), ws);
  }
  return rows.length;
}

function looksLikeJson(s: string): boolean {
  return /^\s*[[{"]/.test(s);
}

function scrubJson(text: string, texts: readonly string[]): string {
  try {
    return JSON.stringify(walk(JSON.parse(text), texts));
  } catch {
    return replaceAll(text, texts);
  }
}

function walk(v: unknown, texts: readonly string[]): unknown {
  if (typeof v === 'string') return replaceAll(v, texts);
  if (Array.isArray(v)) return v.map((x) => walk(x, texts));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [replaceAll(k, texts), walk(x, texts)]));
  return v;
}

function replaceAll(s: string, texts: readonly string[]): string {
  let out = s;
  for (const t of texts) {
    if (!t) continue;
    out = out.split(t).join(ERASED);
    const lower = asciiLower(t);
    if (lower !== t) out = replaceCaseless(out, lower);
  }
  return out;
}

function replaceCaseless(s: string, lowerNeedle: string): string {
  const hay = asciiLower(s);
  let i = hay.indexOf(lowerNeedle);
  if (i < 0) return s;
  let out = '';
  let from = 0;
  while (i >= 0) {
    out += s.slice(from, i) + ERASED;
    from = i + lowerNeedle.length;
    i = hay.indexOf(lowerNeedle, from);
  }
  return out + s.slice(from);
}

/** Texts as they appear inside JSON strings (quotes and backslashes escaped). */
function jsonTexts(texts: readonly string[]): string[] {
  return texts.map((t) => JSON.stringify(t).slice(1, -1));
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The run working on the lead right now, if any (an erase must wait for it). */
export function runningExecutionOf(store: WorkspaceStore, leadId: string): { id: string } | undefined {
  return sql(store.db, `SELECT e.id FROM execution_leads el JOIN executions e ON e.id = el.execution_id
      WHERE el.workspace_id = ? AND el.lead_id = ? AND e.status = 'running' LIMIT 1`).get(store.workspaceId, leadId) as { id: string } | undefined;
}

/** The erasures of a lead id, in any workspace of the file. */
export function erasuresOf(db: Database.Database, leadId: string): Array<{ workspace_id: string; erased_at: string }> {
  return sql(db, 'SELECT workspace_id, erased_at FROM erasures WHERE lead_id = ?').all(leadId) as Array<{ workspace_id: string; erased_at: string }>;
}

/** The workspace a lead id belongs to, whichever workspace asks. */
export function leadWorkspaceOf(db: Database.Database, leadId: string): { workspace_id: string } | undefined {
  return sql(db, 'SELECT workspace_id FROM leads WHERE id = ?').get(leadId) as { workspace_id: string } | undefined;
}

/**
 * After an erase, nothing of the lead may stay readable in the files: a file that held data before deletes
 * were zeroed is rebuilt once (VACUUM), and the WAL, which still holds the pages as they were before the
 * erase, is checkpointed into the file and truncated.
 */
export function clearFreedContent(db: Database.Database): { rebuilt: boolean; wal_cleared: boolean } {
  if (db.memory) return { rebuilt: false, wal_cleared: true };
  const legacy = sql(db, "SELECT value FROM file_state WHERE key = 'rebuild_before_erase'").get() as { value: string } | undefined;
  let rebuilt = false;
  if (legacy) {
    db.exec('VACUUM');
    sql(db, "DELETE FROM file_state WHERE key = 'rebuild_before_erase'").run();
    rebuilt = true;
  }
  const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  return { rebuilt, wal_cleared: !!r && r.busy === 0 };
}
