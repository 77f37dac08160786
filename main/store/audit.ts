import { createHash } from 'node:crypto';
import { newId } from '../core/ids';
import type { Db } from './database';
import { nowIso, sql } from './database';
import { canonicalJson, parseJson } from '../core/json';
import { ledgerDigest, ledgerRows } from './ledger-digest';

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
  | 'draft_approved'
  | 'draft_rejected'
  | 'draft_deferred'
  | 'draft_expired'
  | 'draft_exported'
  | 'export_undone'
  | 'settings_changed'
  | 'lead_split'
  | 'lead_merged'
  | 'lead_link_decided'
  | 'audit_exported';

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
  changes: AuditEntryInput['changes'] | null;
  context: Record<string, unknown>;
  result: { status: string; error_code: string | null };
  prev_hash: string;
  hash: string;
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
  changes: string | null;
  context: string;
  result_status: string;
  error_code: string | null;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/** The hash covers every field of the entry and the hash before it. */
function entryHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const body = canonicalJson([
    row.id, row.workspace_id, row.timestamp, row.actor_type, row.actor_id, row.action_type, row.resource,
    row.resource_id, row.changes, row.context, row.result_status, row.error_code, row.prev_hash,
  ]);
  return createHash('sha256').update(body).digest('hex');
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that does not match, and why; null when the chain is intact. */
  first_bad_seq: number | null;
  problem: string | null;
}

/** The workspace's audit log: append, query, verify, export. Never updated, never deleted. */
export class AuditLog {
  private readonly insert;
  private readonly head;
  private readonly upsertHead;

  constructor(private readonly db: Db, readonly workspaceId: string) {
    this.insert = db.prepare(`INSERT INTO audit_log (id, workspace_id, timestamp, actor_type, actor_id, action_type,
      resource, resource_id, changes, context, result_status, error_code, prev_hash, hash)
      VALUES (@id, @workspace_id, @timestamp, @actor_type, @actor_id, @action_type, @resource, @resource_id,
      @changes, @context, @result_status, @error_code, @prev_hash, @hash)`);
    this.head = db.prepare('SELECT last_seq, last_hash, entries FROM audit_heads WHERE workspace_id = ?');
    this.upsertHead = db.prepare(`INSERT INTO audit_heads (workspace_id, last_seq, last_hash, entries) VALUES (?, ?, ?, 1)
      ON CONFLICT (workspace_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, entries = entries + 1`);
  }

  /** Appends one entry. Call inside the transaction that makes the change, so both land or neither. */
  append(input: AuditEntryInput): string {
    const h = this.head.get(this.workspaceId) as { last_seq: number; last_hash: string } | undefined;
    const row = {
      id: newId('audit'),
      workspace_id: this.workspaceId,
      timestamp: nowIso(),
      actor_type: input.actor.type,
      actor_id: input.actor.id,
      action_type: input.action,
      resource: input.resource,
      resource_id: input.resource_id,
      changes: input.changes ? canonicalJson(input.changes) : null,
      context: canonicalJson({ ...(input.context ?? {}), workspace_id: this.workspaceId }),
      result_status: input.result?.status ?? 'success',
      error_code: input.result?.error_code ?? null,
      prev_hash: h?.last_hash ?? GENESIS,
    };
    const hash = entryHash(row);
    const info = this.insert.run({ ...row, hash });
    this.upsertHead.run(this.workspaceId, Number(info.lastInsertRowid), hash);
    return row.id;
  }

  /** Walks the chain from the start: an edited, inserted or removed entry breaks it. */
  verify(): AuditVerification {
    const rows = sql(this.db, 'SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY seq')
      .iterate(this.workspaceId) as IterableIterator<AuditRow>;
    let prev = GENESIS;
    let count = 0;
    let lastSeq = 0;
    for (const row of rows) {
      count++;
      if (row.prev_hash !== prev) {
        return { ok: false, entries: count, first_bad_seq: row.seq, problem: `entry ${row.seq} does not follow the one before it (an entry was removed or inserted)` };
      }
      const { seq: _seq, hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return { ok: false, entries: count, first_bad_seq: row.seq, problem: `entry ${row.seq} was changed after it was written` };
      }
      prev = hash;
      lastSeq = row.seq;
    }
    const money = this.verifyLedger();
    if (money) return { ok: false, entries: count, first_bad_seq: money.seq, problem: money.problem };
    const h = this.head.get(this.workspaceId) as { last_seq: number; last_hash: string; entries: number } | undefined;
    if (h && (h.last_hash !== prev || h.entries !== count || h.last_seq !== lastSeq)) {
      return { ok: false, entries: count, first_bad_seq: lastSeq + 1, problem: `the newest entries were removed (expected ${h.entries}, found ${count})` };
    }
    if (!h && count > 0) {
      return { ok: false, entries: count, first_bad_seq: null, problem: 'the chain head is missing' };
    }
    return { ok: true, entries: count, first_bad_seq: null, problem: null };
  }

  /**
   * The charges in the ledger are the ones the chain vouches for: each entry of deductions holds a digest
   * of the ledger rows it covers, and every charge row is covered by one. A changed amount, an added or a
   * removed charge shows here even though the ledger itself is not hash-chained.
   */
  private verifyLedger(): { seq: number | null; problem: string } | null {
    const entries = sql(this.db, "SELECT seq, changes FROM audit_log WHERE workspace_id = ? AND action_type = 'credit_deducted' ORDER BY seq")
      .iterate(this.workspaceId) as IterableIterator<{ seq: number; changes: string | null }>;
    let covered = 0;
    for (const e of entries) {
      const c = parseJson<{ ledger_ids?: [number, number]; ledger_digest?: string; charges?: number }>(e.changes);
      if (!c?.ledger_ids || !c.ledger_digest) {
        // Written before deductions were audited in batches: one entry per charge.
        covered++;
        continue;
      }
      const rows = ledgerRows(this.db, this.workspaceId, c.ledger_ids[0], c.ledger_ids[1]);
      if (rows.length !== c.charges || ledgerDigest(rows) !== c.ledger_digest) {
        return { seq: e.seq, problem: `the credit ledger rows ${c.ledger_ids[0]} to ${c.ledger_ids[1]} differ from what audit entry ${e.seq} recorded` };
      }
      covered += rows.length;
    }
    const charges = (sql(this.db, "SELECT COUNT(*) AS n FROM credit_ledger WHERE workspace_id = ? AND kind = 'charge'").get(this.workspaceId) as { n: number }).n;
    if (charges !== covered) return { seq: null, problem: `the credit ledger holds ${charges} charges but the audit log vouches for ${covered}` };
    return null;
  }

  /** One page of the log, newest first by default, with the number of entries that match the filter. */
  page(f: AuditFilter, offset: number, limit: number, order: 'newest' | 'oldest' = 'newest'): { rows: AuditEntry[]; total: number } {
    const { where, params } = auditWhere(this.workspaceId, f);
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM audit_log WHERE ${where}`).get(params) as { n: number }).n;
    const rows = sql(this.db, `SELECT * FROM audit_log WHERE ${where} ORDER BY seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as AuditRow[];
    return { rows: rows.map(toEntry), total };
  }

  /** The status a draft had before the last decision on it (approve, reject, defer), for undo; null when none. */
  statusBeforeLastDecision(draftId: string): string | null {
    const r = sql(this.db, `SELECT changes FROM audit_log WHERE workspace_id = ? AND resource = 'draft' AND resource_id = ?
        AND action_type IN ('draft_approved', 'draft_rejected', 'draft_deferred') ORDER BY seq DESC LIMIT 1`)
      .get(this.workspaceId, draftId) as { changes: string | null } | undefined;
    const before = parseJson<{ before?: { status?: unknown } }>(r?.changes)?.before?.status;
    return typeof before === 'string' ? before : null;
  }

  list(filter: AuditFilter & { limit?: number; after_seq?: number } = {}): AuditEntry[] {
    const { where, params } = auditWhere(this.workspaceId, filter);
    const after = filter.after_seq != null ? ' AND seq > @after_seq' : '';
    const rows = sql(this.db, `SELECT * FROM audit_log WHERE ${where}${after} ORDER BY seq LIMIT @limit`).all({ ...params, after_seq: filter.after_seq, limit: filter.limit ?? -1 }) as AuditRow[];
    return rows.map(toEntry);
  }
}

export interface AuditFilter {
  action?: string | undefined;
  execution_id?: string | undefined;
  lead_id?: string | undefined;
  since?: string | undefined;
  /** A bare date means the whole of that day. */
  until?: string | undefined;
}

function auditWhere(workspaceId: string, f: AuditFilter): { where: string; params: Record<string, unknown> } {
  const where = ['workspace_id = @ws'];
  if (f.action) where.push('action_type = @action');
  if (f.execution_id) where.push("json_extract(context, '$.execution_id') = @execution_id");
  if (f.lead_id) where.push("json_extract(context, '$.lead_id') = @lead_id");
  if (f.since) where.push('timestamp >= @since');
  if (f.until) where.push('timestamp <= @until');
  const until = f.until && /^\d{4}-\d{2}-\d{2}$/.test(f.until) ? `${f.until}T23:59:59.999Z` : f.until;
  return { where: where.join(' AND '), params: { ws: workspaceId, action: f.action, execution_id: f.execution_id, lead_id: f.lead_id, since: f.since, until } };
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    id: r.id,
    workspace_id: r.workspace_id,
    timestamp: r.timestamp,
    actor: { type: r.actor_type as ActorType, id: r.actor_id },
    action: { type: r.action_type as AuditAction, resource: r.resource, resource_id: r.resource_id },
    changes: parseJson(r.changes),
    context: parseJson<Record<string, unknown>>(r.context) ?? {},
    result: { status: r.result_status, error_code: r.error_code },
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}
