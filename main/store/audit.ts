import { createHash } from 'node:crypto';
import { newId } from '../core/ids';
import type { Db } from './database';
import { nowIso, sql } from './database';
import { canonicalJson, parseJson } from './json';
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

  list(filter: { action?: string; execution_id?: string; lead_id?: string; since?: string; until?: string; limit?: number; after_seq?: number } = {}): AuditEntry[] {
    const where = ['workspace_id = @ws'];
    if (filter.action) where.push('action_type = @action');
    if (filter.execution_id) where.push("json_extract(context, '$.execution_id') = @execution_id");
    if (filter.lead_id) where.push("json_extract(context, '$.lead_id') = @lead_id");
    if (filter.since) where.push('timestamp >= @since');
    if (filter.until) where.push('timestamp <= @until');
    if (filter.after_seq != null) where.push('seq > @after_seq');
    const text = `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`;
    const rows = sql(this.db, text).all({ ...filter, ws: this.workspaceId, limit: filter.limit ?? -1 }) as AuditRow[];
    return rows.map(toEntry);
  }
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
