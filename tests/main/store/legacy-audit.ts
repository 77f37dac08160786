import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../main/core/json';

/**
 * The audit log and the ledger's charges as schema 6 wrote and verified them: every field of an entry,
 * its payload ("changes") among them, in the hash; a digest of the plain ledger rows in each deduction.
 * Copied from the code of that version, so a test can make a file in the old form and check it by the old
 * rules before it is migrated.
 */

const GENESIS = '0'.repeat(64);

interface V6Row {
  id: string; workspace_id: string; timestamp: string; actor_type: string; actor_id: string; action_type: string; resource: string;
  resource_id: string; changes: string | null; context: string; result_status: string; error_code: string | null; prev_hash: string;
}

function entryHashV6(row: V6Row): string {
  return createHash('sha256').update(canonicalJson([
    row.id, row.workspace_id, row.timestamp, row.actor_type, row.actor_id, row.action_type, row.resource,
    row.resource_id, row.changes, row.context, row.result_status, row.error_code, row.prev_hash,
  ])).digest('hex');
}

let counter = 0;

export function appendV6(db: Database.Database, ws: string, e: { action: string; resource: string; resource_id: string; changes?: unknown; context?: Record<string, unknown>; actor?: { type: string; id: string } }): string {
  const h = db.prepare('SELECT last_hash FROM audit_heads WHERE workspace_id = ?').get(ws) as { last_hash: string } | undefined;
  const row: V6Row = {
    id: `audit_v6_${++counter}`, workspace_id: ws, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    actor_type: e.actor?.type ?? 'rep', actor_id: e.actor?.id ?? 'rep', action_type: e.action, resource: e.resource, resource_id: e.resource_id,
    changes: e.changes === undefined ? null : canonicalJson(e.changes), context: canonicalJson({ ...(e.context ?? {}), workspace_id: ws }),
    result_status: 'success', error_code: null, prev_hash: h?.last_hash ?? GENESIS,
  };
  const hash = entryHashV6(row);
  const info = db.prepare(`INSERT INTO audit_log (id, workspace_id, timestamp, actor_type, actor_id, action_type, resource, resource_id, changes, context, result_status, error_code, prev_hash, hash)
    VALUES (@id, @workspace_id, @timestamp, @actor_type, @actor_id, @action_type, @resource, @resource_id, @changes, @context, @result_status, @error_code, @prev_hash, @hash)`).run({ ...row, hash });
  db.prepare(`INSERT INTO audit_heads (workspace_id, last_seq, last_hash, entries) VALUES (?, ?, ?, 1)
    ON CONFLICT (workspace_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, entries = entries + 1`).run(ws, Number(info.lastInsertRowid), hash);
  return row.id;
}

interface LedgerRowV6 {
  id: number; kind: string; amount_micros: number; charge_key: string | null; execution_id: string | null; recipe_id: string | null;
  lead_id: string | null; description: string; created_at: string;
}

function ledgerDigestV6(rows: readonly LedgerRowV6[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(canonicalJson(r)).update('\n');
  return h.digest('hex');
}

/** A batch of charges and its deduction entry, as schema 6's chargeMany wrote them. */
export function chargeManyV6(db: Database.Database, ws: string, charges: ReadonlyArray<{ key: string; micros: number; lead_id: string; description: string }>): void {
  const now = new Date(Date.UTC(2026, 0, 1, 1)).toISOString();
  const rows: LedgerRowV6[] = [];
  for (const c of charges) {
    const r = db.prepare(`INSERT INTO credit_ledger (workspace_id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at)
      VALUES (?, 'charge', ?, ?, 'exec_old', 'discovery', ?, ?, ?) RETURNING id`).get(ws, c.micros, c.key, c.lead_id, c.description, now) as { id: number };
    rows.push({ id: r.id, kind: 'charge', amount_micros: c.micros, charge_key: c.key, execution_id: 'exec_old', recipe_id: 'discovery', lead_id: c.lead_id, description: c.description, created_at: now });
  }
  const total = rows.reduce((s, r) => s + r.amount_micros, 0);
  db.prepare(`INSERT INTO credit_balances (workspace_id, granted_micros, charged_micros) VALUES (?, 0, ?)
    ON CONFLICT (workspace_id) DO UPDATE SET charged_micros = charged_micros + excluded.charged_micros`).run(ws, total);
  appendV6(db, ws, {
    action: 'credit_deducted', resource: 'credit_ledger', resource_id: `${rows[0]!.id}-${rows[rows.length - 1]!.id}`, actor: { type: 'system', id: 'subscription' },
    changes: { delta: -total / 1e6, charges: rows.length, ledger_ids: [rows[0]!.id, rows[rows.length - 1]!.id], ledger_digest: ledgerDigestV6(rows) },
    context: { execution_id: 'exec_old' },
  });
}

/** Schema 6's verify(): the chain, the head, and the deductions' digests over the plain rows. */
export function verifyV6(db: Database.Database, ws: string): { ok: boolean; problem: string | null } {
  let prev = GENESIS;
  let count = 0;
  for (const row of db.prepare('SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY seq').all(ws) as Array<V6Row & { seq: number; hash: string }>) {
    count++;
    if (row.prev_hash !== prev) return { ok: false, problem: `entry ${row.seq} does not follow` };
    if (entryHashV6(row) !== row.hash) return { ok: false, problem: `entry ${row.seq} was changed` };
    prev = row.hash;
    if (row.action_type === 'credit_deducted') {
      const c = JSON.parse(row.changes!) as { ledger_ids: [number, number]; ledger_digest: string };
      const rows = db.prepare(`SELECT id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at FROM credit_ledger
        WHERE workspace_id = ? AND id BETWEEN ? AND ? ORDER BY id`).all(ws, c.ledger_ids[0], c.ledger_ids[1]) as LedgerRowV6[];
      if (ledgerDigestV6(rows) !== c.ledger_digest) return { ok: false, problem: `ledger rows of entry ${row.seq} differ` };
    }
  }
  const h = db.prepare('SELECT last_hash, entries FROM audit_heads WHERE workspace_id = ?').get(ws) as { last_hash: string; entries: number } | undefined;
  if (h && (h.last_hash !== prev || h.entries !== count)) return { ok: false, problem: 'head differs' };
  return { ok: true, problem: null };
}
