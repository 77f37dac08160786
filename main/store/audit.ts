import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../core/ids';
import type { Db } from './database';
import { nowIso, sql } from './database';
import { canonicalJson, parseJson } from '../core/json';
import { ledgerDigest, ledgerDigestV2, ledgerRows, ledgerRowsV2, descriptionDigest } from './ledger-digest';

export type ActorType = 'system' | 'rep' | 'cli';
export type AuditAction =
  | 'workspace_created'
  | 'agent_configured'
  | 'execution_started'
  | 'execution_paused'
  | 'execution_resumed'
  | 'execution_finished'
  | 'recipe_executed'
  | 'credit_granted'
  | 'credit_deducted'
  | 'credit_refunded'
  | 'alert_triggered'
  | 'draft_created'
  | 'draft_refined'
  | 'draft_edited'
  | 'draft_recipient_set'
  | 'draft_approved'
  | 'draft_rejected'
  | 'draft_deferred'
  | 'draft_expired'
  | 'draft_exported'
  | 'follow_up_cancelled'
  | 'draft_rejection_reason'
  | 'reply_recorded'
  | 'export_undone'
  | 'settings_changed'
  | 'lead_split'
  | 'lead_merged'
  | 'lead_link_decided'
  | 'audit_exported'
  | 'dnc_added'
  | 'dnc_removed'
  | 'dnc_imported'
  | 'lead_data_exported'
  | 'lead_erased'
  | 'retention_applied'
  | 'ledger_resealed'
  | 'audit_sealed';

/**
 * Entries whose payload is the chain's own evidence (money, seals, what an erase did) and never personal
 * data: an erase or a purge never blanks them, so the ledger and the erasures stay verifiable.
 */
export const KEPT_ACTIONS: readonly AuditAction[] = ['credit_granted', 'credit_deducted', 'credit_refunded', 'ledger_resealed', 'audit_sealed', 'lead_erased', 'retention_applied'];

export interface AuditEntryInput {
  actor: { type: ActorType; id: string };
  action: AuditAction;
  resource: string;
  resource_id: string;
  changes?: ({ before?: unknown; after?: unknown; delta?: number } & Record<string, unknown>) | undefined;
  context?: { agent_id?: string; execution_id?: string; recipe_id?: string; lead_id?: string } | undefined;
  result?: { status: 'success' | 'failed' | 'warning'; error_code?: string | null } | undefined;
}

export interface AuditEntry {
  seq: number;
  id: string;
  workspace_id: string;
  timestamp: string;
  actor: { type: ActorType; id: string };
  action: { type: AuditAction; resource: string; resource_id: string };
  /** The entry's payload; null when it had none or when it was erased (see `payload`). */
  changes: AuditEntryInput['changes'] | null;
  context: Record<string, unknown>;
  result: { status: string; error_code: string | null };
  prev_hash: string;
  hash: string;
  /** 'kept', 'none' (the entry had no payload) or 'erased' (blanked by an erase or a purge; the chain still vouches for the rest). */
  payload: 'kept' | 'none' | 'erased';
}

interface AuditRow {
  seq: number;
  id: string;
  workspace_id: string;
  timestamp: string;
  actor_type: string;
  actor_id: string;
  action_type: string;
  resource: string;
  resource_id: string;
  context: string;
  result_status: string;
  error_code: string | null;
  prev_hash: string;
  hash: string;
  format: number;
  payload_digest: string | null;
  /** From audit_payloads. */
  p_body: string | null;
  p_salt: string | null;
  p_erased_at: string | null;
  p_erased_by: string | null;
  p_present: number | null;
}

const GENESIS = '0'.repeat(64);
const SELECT_ROWS = `SELECT a.seq, a.id, a.workspace_id, a.timestamp, a.actor_type, a.actor_id, a.action_type, a.resource, a.resource_id, a.context,
    a.result_status, a.error_code, a.prev_hash, a.hash, a.format, a.payload_digest,
    p.body AS p_body, p.salt AS p_salt, p.erased_at AS p_erased_at, p.erased_by AS p_erased_by, p.entry_id IS NOT NULL AS p_present
  FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id`;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The first form (schema 1 to 6): the hash covers every field, the payload ("changes") among them. Kept
 * so entries written then still verify while their payload is there.
 */
export function legacyEntryHash(row: {
  id: string; workspace_id: string; timestamp: string; actor_type: string; actor_id: string; action_type: string; resource: string;
  resource_id: string; changes: string | null; context: string; result_status: string; error_code: string | null; prev_hash: string;
}): string {
  return sha256Hex(canonicalJson([
    row.id, row.workspace_id, row.timestamp, row.actor_type, row.actor_id, row.action_type, row.resource,
    row.resource_id, row.changes, row.context, row.result_status, row.error_code, row.prev_hash,
  ]));
}

/**
 * The second form: the hash covers every field and a salted digest of the payload, not the payload
 * itself, which lives in audit_payloads. Personal data (a draft's text, an address) is in payloads only, so
 * an erase can blank a payload and the chain still proves every entry's who, what, when and order.
 */
function entryHashV2(row: Pick<AuditRow, 'id' | 'workspace_id' | 'timestamp' | 'actor_type' | 'actor_id' | 'action_type' | 'resource' | 'resource_id' | 'payload_digest' | 'context' | 'result_status' | 'error_code' | 'prev_hash'>): string {
  return sha256Hex(canonicalJson([
    'audit/2', row.id, row.workspace_id, row.timestamp, row.actor_type, row.actor_id, row.action_type, row.resource,
    row.resource_id, row.payload_digest, row.context, row.result_status, row.error_code, row.prev_hash,
  ]));
}

/** Salted, so a blanked short payload ("status: rejected", an address) cannot be recovered by guessing it. */
export function payloadDigest(salt: string, body: string): string {
  return sha256Hex(`${salt}\n${body}`);
}

/**
 * What the seal of the first-form entries vouches for, per entry: every field but the payload, with the
 * payload's salted digest in its place. An erased first-form payload cannot be re-hashed into its entry's
 * hash any more; the seal, written under the newer form when the entries were moved, still proves the
 * rest of that entry was not changed since.
 */
function sealLeaf(r: Pick<AuditRow, 'seq' | 'id' | 'workspace_id' | 'timestamp' | 'actor_type' | 'actor_id' | 'action_type' | 'resource' | 'resource_id' | 'payload_digest' | 'context' | 'result_status' | 'error_code' | 'prev_hash' | 'hash'>): string {
  return canonicalJson([r.seq, r.id, r.workspace_id, r.timestamp, r.actor_type, r.actor_id, r.action_type, r.resource, r.resource_id, r.payload_digest, r.context, r.result_status, r.error_code, r.prev_hash, r.hash]);
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that does not match, and why; null when the chain is intact. */
  first_bad_seq: number | null;
  problem: string | null;
}

/** Why payloads were blanked: the entry that says so (an erase or a purge) is named by this id. */
export interface ErasureRef {
  erasure_id: string;
}

/** The workspace's audit log: append, query, verify, export. Entries are never updated or deleted; payloads only blanked. */
export class AuditLog {
  private readonly insert;
  private readonly insertPayload;
  private readonly head;
  private readonly upsertHead;

  constructor(private readonly db: Db, readonly workspaceId: string) {
    this.insert = db.prepare(`INSERT INTO audit_log (id, workspace_id, timestamp, actor_type, actor_id, action_type,
      resource, resource_id, changes, context, result_status, error_code, prev_hash, hash, format, payload_digest)
      VALUES (@id, @workspace_id, @timestamp, @actor_type, @actor_id, @action_type, @resource, @resource_id,
      NULL, @context, @result_status, @error_code, @prev_hash, @hash, 2, @payload_digest)`);
    this.insertPayload = db.prepare('INSERT INTO audit_payloads (entry_id, workspace_id, salt, body) VALUES (?, ?, ?, ?)');
    this.head = db.prepare('SELECT last_seq, last_hash, entries FROM audit_heads WHERE workspace_id = ?');
    this.upsertHead = db.prepare(`INSERT INTO audit_heads (workspace_id, last_seq, last_hash, entries) VALUES (?, ?, ?, 1)
      ON CONFLICT (workspace_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, entries = entries + 1`);
  }

  /** Appends one entry. Call inside the transaction that makes the change, so both land or neither. */
  append(input: AuditEntryInput): string {
    const h = this.head.get(this.workspaceId) as { last_seq: number; last_hash: string } | undefined;
    const body = input.changes ? canonicalJson(input.changes) : null;
    const salt = body === null ? null : randomBytes(16).toString('hex');
    const row = {
      id: newId('audit'),
      workspace_id: this.workspaceId,
      timestamp: nowIso(),
      actor_type: input.actor.type,
      actor_id: input.actor.id,
      action_type: input.action,
      resource: input.resource,
      resource_id: input.resource_id,
      payload_digest: body === null ? null : payloadDigest(salt!, body),
      context: canonicalJson({ ...(input.context ?? {}), workspace_id: this.workspaceId }),
      result_status: input.result?.status ?? 'success',
      error_code: input.result?.error_code ?? null,
      prev_hash: h?.last_hash ?? GENESIS,
    };
    const hash = entryHashV2(row);
    const info = this.insert.run({ ...row, hash });
    if (body !== null) this.insertPayload.run(row.id, this.workspaceId, salt, body);
    this.upsertHead.run(this.workspaceId, Number(info.lastInsertRowid), hash);
    return row.id;
  }

  /**
   * Blanks the payloads of these entries (their personal data), naming the erasure that did it; the
   * entries stay and the chain still verifies. Payloads of KEPT_ACTIONS are never blanked. Returns how many
   * were blanked. Call inside the erasing transaction, then append the entry that carries `erasure_id`
   * and the count.
   */
  erasePayloads(entryIds: readonly string[], ref: ErasureRef, at = nowIso()): number {
    let n = 0;
    const st = sql(this.db, `UPDATE audit_payloads SET body = NULL, salt = NULL, erased_at = ?, erased_by = ?
      WHERE workspace_id = ? AND entry_id IN (SELECT value FROM json_each(?)) AND body IS NOT NULL
        AND entry_id NOT IN (SELECT id FROM audit_log WHERE workspace_id = ? AND action_type IN (SELECT value FROM json_each(?)))`);
    for (let i = 0; i < entryIds.length; i += 5000) {
      n += st.run(at, ref.erasure_id, this.workspaceId, JSON.stringify(entryIds.slice(i, i + 5000)), this.workspaceId, JSON.stringify(KEPT_ACTIONS)).changes;
    }
    return n;
  }

  /**
   * The entries with a payload still kept that are about these leads or resources (by context or resource
   * id), or whose payload holds one of these texts (compared without ASCII case): what an erase blanks.
   */
  entriesHolding(q: { leadIds: readonly string[]; resourceIds: readonly string[]; texts: readonly string[] }): string[] {
    const texts = [...new Set(q.texts.filter((t) => t.length >= 3).map((t) => asciiLower(JSON.stringify(t).slice(1, -1))))];
    const rows = sql(this.db, `SELECT a.id FROM audit_log a JOIN audit_payloads p ON p.entry_id = a.id
        WHERE a.workspace_id = @ws AND p.body IS NOT NULL AND a.action_type NOT IN (SELECT value FROM json_each(@kept))
          AND (json_extract(a.context, '$.lead_id') IN (SELECT value FROM json_each(@leads))
            OR a.resource_id IN (SELECT value FROM json_each(@ids))
            OR EXISTS (SELECT 1 FROM json_each(@texts) t WHERE instr(lower(p.body), t.value) > 0))`)
      .all({ ws: this.workspaceId, kept: JSON.stringify(KEPT_ACTIONS), leads: JSON.stringify(q.leadIds), ids: JSON.stringify([...q.leadIds, ...q.resourceIds]), texts: JSON.stringify(texts) }) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Walks the chain from the start: an edited, inserted or removed entry breaks it, and so does a payload blanked without an erasure that says so. */
  verify(): AuditVerification {
    const rows = sql(this.db, `${SELECT_ROWS} WHERE a.workspace_id = ? ORDER BY a.seq`).iterate(this.workspaceId) as IterableIterator<AuditRow>;
    let prev = GENESIS;
    let count = 0;
    let lastSeq = 0;
    const bad = (seq: number | null, problem: string): AuditVerification => ({ ok: false, entries: count, first_bad_seq: seq, problem });
    // The first-form entries, for their seal; a blanked one needs the seal that follows them.
    const leaves = createHash('sha256');
    let legacy = 0;
    let sealed = false;
    let legacyErased: number | null = null;
    // Blanked payloads per erasure, and what each erasure entry says it blanked.
    const blanked = new Map<string, { count: number; seq: number }>();
    const declared = new Map<string, number>();
    for (const row of rows) {
      count++;
      if (row.prev_hash !== prev) return bad(row.seq, `entry ${row.seq} does not follow the one before it (an entry was removed or inserted)`);
      const erased = row.p_present === 1 && row.p_body === null;
      if (erased) {
        if (!row.p_erased_by) return bad(row.seq, `the payload of entry ${row.seq} was blanked without an erasure naming it`);
        const b = blanked.get(row.p_erased_by);
        if (b) b.count++;
        else blanked.set(row.p_erased_by, { count: 1, seq: row.seq });
      }
      if (row.format === 1) {
        if (sealed) return bad(row.seq, `entry ${row.seq} is in the first form but comes after the seal of those entries (it was inserted)`);
        if (row.payload_digest !== null && row.p_present !== 1) return bad(row.seq, `the payload of entry ${row.seq} is missing`);
        if (!erased) {
          const body = row.p_present === 1 ? row.p_body : null;
          if (row.payload_digest !== null && (row.p_salt === null || body === null || payloadDigest(row.p_salt, body) !== row.payload_digest)) {
            return bad(row.seq, `entry ${row.seq} was changed after it was written (its payload)`);
          }
          if (legacyEntryHash({ ...row, changes: body }) !== row.hash) return bad(row.seq, `entry ${row.seq} was changed after it was written`);
        } else {
          legacyErased ??= row.seq;
        }
        leaves.update(sealLeaf(row)).update('\n');
        legacy++;
      } else {
        if (row.payload_digest === null) {
          if (row.p_present === 1) return bad(row.seq, `entry ${row.seq} has a payload it was not written with`);
        } else if (row.p_present !== 1) {
          return bad(row.seq, `the payload of entry ${row.seq} is missing`);
        } else if (!erased && (row.p_salt === null || row.p_body === null || payloadDigest(row.p_salt, row.p_body) !== row.payload_digest)) {
          return bad(row.seq, `entry ${row.seq} was changed after it was written (its payload)`);
        }
        if (entryHashV2(row) !== row.hash) return bad(row.seq, `entry ${row.seq} was changed after it was written`);
        if (row.action_type === 'audit_sealed' && row.p_body) {
          const s = JSON.parse(row.p_body) as { entries?: number; leaves_digest?: string };
          if (sealed || s.entries !== legacy || s.leaves_digest !== leaves.copy().digest('hex')) {
            return bad(row.seq, `the ${legacy} entries before the seal (entry ${row.seq}) differ from what the seal recorded`);
          }
          sealed = true;
        }
        if ((row.action_type === 'lead_erased' || row.action_type === 'retention_applied') && row.p_body) {
          const e = JSON.parse(row.p_body) as { erasure_id?: string; audit_payloads_erased?: number };
          if (e.erasure_id) declared.set(e.erasure_id, (declared.get(e.erasure_id) ?? 0) + (e.audit_payloads_erased ?? 0));
        }
      }
      prev = row.hash;
      lastSeq = row.seq;
    }
    if (legacyErased !== null && !sealed) return bad(legacyErased, `the payload of entry ${legacyErased} was blanked, but no seal vouches for the entries written in the first form`);
    for (const [id, b] of blanked) {
      if ((declared.get(id) ?? 0) !== b.count) {
        return bad(b.seq, declared.has(id)
          ? `erasure ${id} says it blanked ${declared.get(id)} payloads, but ${b.count} are blanked in its name`
          : `the payload of entry ${b.seq} was blanked in the name of an erasure (${id}) the log does not hold`);
      }
    }
    for (const [id, n] of declared) if (n > 0 && !blanked.has(id)) return bad(null, `erasure ${id} says it blanked ${n} payloads, but none are blanked`);
    const money = this.verifyLedger();
    if (money) return bad(money.seq, money.problem);
    const h = this.head.get(this.workspaceId) as { last_seq: number; last_hash: string; entries: number } | undefined;
    if (h && (h.last_hash !== prev || h.entries !== count || h.last_seq !== lastSeq)) {
      return { ok: false, entries: count, first_bad_seq: lastSeq + 1, problem: `the newest entries were removed (expected ${h.entries}, found ${count})` };
    }
    if (!h && count > 0) return bad(null, 'the chain head is missing');
    return { ok: true, entries: count, first_bad_seq: null, problem: null };
  }

  /**
   * The charges in the ledger are the ones the chain vouches for: each entry of deductions holds a digest
   * of the ledger rows it covers, and every charge row is covered by one. A changed amount, an added or a
   * removed charge shows here even though the ledger itself is not hash-chained.
   *
   * A row's description is covered by a salted commitment, so an erase can take a business's name out of
   * it and the amounts still verify. Entries written before commitments (digest over the plain rows)
   * verify as they did while their rows are untouched; once an erase scrubs one of their rows, the reseal
   * the erase wrote first (same rows, digest over the commitments, checked against the old digest at the
   * time) vouches for them.
   */
  private verifyLedger(): { seq: number | null; problem: string } | null {
    const payloads = sql(this.db, `SELECT a.seq, a.action_type, p.body FROM audit_log a JOIN audit_payloads p ON p.entry_id = a.id
        WHERE a.workspace_id = ? AND a.action_type IN ('credit_deducted', 'ledger_resealed') ORDER BY a.seq`)
      .all(this.workspaceId) as Array<{ seq: number; action_type: string; body: string | null }>;
    const resealed = new Map<string, string>();
    for (const p of payloads) {
      if (p.action_type !== 'ledger_resealed') continue;
      const c = parseJson<{ ledger_ids?: [number, number]; ledger_digest?: string }>(p.body);
      if (c?.ledger_ids && c.ledger_digest) resealed.set(`${c.ledger_ids[0]}-${c.ledger_ids[1]}`, c.ledger_digest);
    }
    // A deduction's own entry is never blanked; one without its payload lost its evidence.
    const deductions = sql(this.db, `SELECT a.seq, p.body, p.entry_id IS NOT NULL AS present FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id
        WHERE a.workspace_id = ? AND a.action_type = 'credit_deducted' ORDER BY a.seq`).all(this.workspaceId) as Array<{ seq: number; body: string | null; present: number }>;
    let covered = 0;
    for (const e of deductions) {
      if (e.present === 1 && e.body === null) return { seq: e.seq, problem: `the record of the charges in audit entry ${e.seq} was blanked` };
      const c = parseJson<{ ledger_ids?: [number, number]; ledger_digest?: string; charges?: number; digest_version?: number }>(e.body);
      if (!c?.ledger_ids || !c.ledger_digest) {
        // Written before deductions were audited in batches: one entry per charge.
        covered++;
        continue;
      }
      const [first, last] = c.ledger_ids;
      const rows = ledgerRowsV2(this.db, this.workspaceId, first, last);
      const differ = { seq: e.seq, problem: `the credit ledger rows ${first} to ${last} differ from what audit entry ${e.seq} recorded` };
      if (rows.length !== c.charges) return differ;
      for (const r of rows) {
        if (r.scrubbed_at === null && (r.description_salt === null || r.description_digest !== descriptionDigest(r.description_salt, r.description))) {
          return { seq: e.seq, problem: `the description of credit ledger row ${r.id} was changed after it was written` };
        }
      }
      if (c.digest_version === 2) {
        if (ledgerDigestV2(rows) !== c.ledger_digest) return differ;
      } else if (rows.some((r) => r.scrubbed_at !== null)) {
        if (resealed.get(`${first}-${last}`) !== ledgerDigestV2(rows)) return differ;
      } else if (ledgerDigest(ledgerRows(this.db, this.workspaceId, first, last)) !== c.ledger_digest) {
        return differ;
      }
      covered += rows.length;
    }
    const charges = (sql(this.db, "SELECT COUNT(*) AS n FROM credit_ledger WHERE workspace_id = ? AND kind = 'charge'").get(this.workspaceId) as { n: number }).n;
    if (charges !== covered) return { seq: null, problem: `the credit ledger holds ${charges} charges but the audit log vouches for ${covered}` };
    return null;
  }

  /**
   * The deductions whose rows an erase is about to scrub and that still vouch for them by the old digest
   * (over the plain descriptions): the ranges to reseal first. Each comes with whether its old digest still
   * holds; a broken one is not resealed (that would launder it) and stays reported by verify().
   */
  legacyDeductionsCovering(ledgerIds: readonly number[]): Array<{ seq: number; ledger_ids: [number, number]; charges: number; intact: boolean }> {
    if (ledgerIds.length === 0) return [];
    const ids = [...ledgerIds].sort((a, b) => a - b);
    const entries = sql(this.db, `SELECT a.seq, p.body FROM audit_log a JOIN audit_payloads p ON p.entry_id = a.id
        WHERE a.workspace_id = ? AND a.action_type IN ('credit_deducted', 'ledger_resealed') ORDER BY a.seq`).all(this.workspaceId) as Array<{ seq: number; body: string | null }>;
    const done = new Set<string>();
    const parsed = entries.map((e) => ({ seq: e.seq, c: parseJson<{ ledger_ids?: [number, number]; ledger_digest?: string; charges?: number; digest_version?: number; resealed_entry?: number }>(e.body) }));
    for (const p of parsed) if (p.c?.resealed_entry !== undefined && p.c.ledger_ids) done.add(`${p.c.ledger_ids[0]}-${p.c.ledger_ids[1]}`);
    const out: Array<{ seq: number; ledger_ids: [number, number]; charges: number; intact: boolean }> = [];
    for (const p of parsed) {
      const c = p.c;
      if (!c?.ledger_ids || !c.ledger_digest || c.digest_version === 2 || c.resealed_entry !== undefined) continue;
      const [first, last] = c.ledger_ids;
      if (done.has(`${first}-${last}`)) continue;
      if (!ids.some((id) => id >= first && id <= last)) continue;
      const intact = ledgerDigest(ledgerRows(this.db, this.workspaceId, first, last)) === c.ledger_digest;
      out.push({ seq: p.seq, ledger_ids: [first, last], charges: c.charges ?? 0, intact });
    }
    return out;
  }

  /** One page of the log, newest first by default, with the number of entries that match the filter. */
  page(f: AuditFilter, offset: number, limit: number, order: 'newest' | 'oldest' = 'newest'): { rows: AuditEntry[]; total: number } {
    const { where, params } = auditWhere(this.workspaceId, f);
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM audit_log a WHERE ${where}`).get(params) as { n: number }).n;
    const rows = sql(this.db, `${SELECT_ROWS} WHERE ${where} ORDER BY a.seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as AuditRow[];
    return { rows: rows.map(toEntry), total };
  }

  /** The status a draft had before the last decision on it (approve, reject, defer), for undo; null when none. */
  statusBeforeLastDecision(draftId: string): string | null {
    const r = sql(this.db, `SELECT p.body FROM audit_log a LEFT JOIN audit_payloads p ON p.entry_id = a.id
        WHERE a.workspace_id = ? AND a.resource = 'draft' AND a.resource_id = ?
        AND a.action_type IN ('draft_approved', 'draft_rejected', 'draft_deferred') ORDER BY a.seq DESC LIMIT 1`)
      .get(this.workspaceId, draftId) as { body: string | null } | undefined;
    const before = parseJson<{ before?: { status?: unknown } }>(r?.body)?.before?.status;
    return typeof before === 'string' ? before : null;
  }

  list(filter: AuditFilter & { limit?: number; after_seq?: number } = {}): AuditEntry[] {
    const { where, params } = auditWhere(this.workspaceId, filter);
    const after = filter.after_seq != null ? ' AND a.seq > @after_seq' : '';
    const rows = sql(this.db, `${SELECT_ROWS} WHERE ${where}${after} ORDER BY a.seq LIMIT @limit`).all({ ...params, after_seq: filter.after_seq, limit: filter.limit ?? -1 }) as AuditRow[];
    return rows.map(toEntry);
  }

  /** Every entry about these leads or resources (by context or resource id), oldest first: what a lead's data export lists. */
  about(leadIds: readonly string[], resourceIds: readonly string[]): AuditEntry[] {
    const rows = sql(this.db, `${SELECT_ROWS} WHERE a.workspace_id = @ws AND (json_extract(a.context, '$.lead_id') IN (SELECT value FROM json_each(@leads))
        OR a.resource_id IN (SELECT value FROM json_each(@ids))) ORDER BY a.seq`)
      .all({ ws: this.workspaceId, leads: JSON.stringify(leadIds), ids: JSON.stringify([...leadIds, ...resourceIds]) }) as AuditRow[];
    return rows.map(toEntry);
  }
}

/**
 * Moves the payloads of first-form entries (schema 1 to 6) out of the chain's table into audit_payloads,
 * each with a salted digest, and appends to every workspace that has such entries one seal (second form)
 * over them: how many, a digest of every field but the payload, and whether the chain verified when it was
 * sealed. From then on their payloads can be blanked by an erase. For migration 7 only.
 */
export function sealLegacyEntries(db: Db): void {
  db.function('hunter_salt', { deterministic: false }, () => randomBytes(16).toString('hex'));
  db.function('hunter_payload_digest', { deterministic: true }, (salt: unknown, body: unknown) => payloadDigest(String(salt), String(body)));
  db.exec(`
    DROP TRIGGER audit_log_no_update;
    INSERT INTO audit_payloads (entry_id, workspace_id, salt, body)
      SELECT id, workspace_id, hunter_salt(), changes FROM audit_log WHERE changes IS NOT NULL;
    UPDATE audit_log SET payload_digest = (SELECT hunter_payload_digest(p.salt, p.body) FROM audit_payloads p WHERE p.entry_id = audit_log.id), changes = NULL
      WHERE changes IS NOT NULL;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `);
  const workspaces = db.prepare('SELECT DISTINCT workspace_id FROM audit_log WHERE format = 1').all() as Array<{ workspace_id: string }>;
  for (const { workspace_id } of workspaces) {
    const log = new AuditLog(db, workspace_id);
    const verified = log.verify();
    const leaves = createHash('sha256');
    let entries = 0;
    let through = 0;
    for (const r of db.prepare(`${SELECT_ROWS} WHERE a.workspace_id = ? AND a.format = 1 ORDER BY a.seq`).all(workspace_id) as AuditRow[]) {
      leaves.update(sealLeaf(r)).update('\n');
      entries++;
      through = r.seq;
    }
    log.append({
      actor: { type: 'system', id: 'migration' }, action: 'audit_sealed', resource: 'audit_log', resource_id: workspace_id,
      changes: { entries, through_seq: through, leaves_digest: leaves.digest('hex'), verified_ok: verified.ok, verified_problem: verified.problem },
      result: { status: verified.ok ? 'success' : 'warning', error_code: null },
    });
  }
}

export interface AuditFilter {
  action?: string | undefined;
  /** Who acted: the rep in the app, the CLI, or the system (runs, retention). */
  actor?: string | undefined;
  execution_id?: string | undefined;
  lead_id?: string | undefined;
  since?: string | undefined;
  /** A bare date means the whole of that day. */
  until?: string | undefined;
}

function auditWhere(workspaceId: string, f: AuditFilter): { where: string; params: Record<string, unknown> } {
  const where = ['a.workspace_id = @ws'];
  if (f.action) where.push('a.action_type = @action');
  if (f.actor) where.push('a.actor_type = @actor');
  if (f.execution_id) where.push("json_extract(a.context, '$.execution_id') = @execution_id");
  if (f.lead_id) where.push("json_extract(a.context, '$.lead_id') = @lead_id");
  if (f.since) where.push('a.timestamp >= @since');
  if (f.until) where.push('a.timestamp <= @until');
  const until = f.until && /^\d{4}-\d{2}-\d{2}$/.test(f.until) ? `${f.until}T23:59:59.999Z` : f.until;
  return { where: where.join(' AND '), params: { ws: workspaceId, action: f.action, actor: f.actor, execution_id: f.execution_id, lead_id: f.lead_id, since: f.since, until } };
}

/** Lower case the way SQLite's lower() does it (ASCII only), so a text and a payload compare alike. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

function toEntry(r: AuditRow): AuditEntry {
  const payload = r.p_present !== 1 ? 'none' : r.p_body === null ? 'erased' : 'kept';
  return {
    seq: r.seq,
    id: r.id,
    workspace_id: r.workspace_id,
    timestamp: r.timestamp,
    actor: { type: r.actor_type as ActorType, id: r.actor_id },
    action: { type: r.action_type as AuditAction, resource: r.resource, resource_id: r.resource_id },
    changes: parseJson(r.p_body),
    context: parseJson<Record<string, unknown>>(r.context) ?? {},
    result: { status: r.result_status, error_code: r.error_code },
    prev_hash: r.prev_hash,
    hash: r.hash,
    payload,
  };
}
