import { createHash } from 'node:crypto';
import type { Db } from './database';
import { sql } from './database';
import { canonicalJson } from '../core/json';

export interface LedgerRow {
  id: number;
  kind: string;
  amount_micros: number;
  charge_key: string | null;
  execution_id: string | null;
  recipe_id: string | null;
  lead_id: string | null;
  description: string;
  created_at: string;
}

/** The ledger rows of a workspace from `first` to `last`, in order: what one audit entry of charges covers. */
export function ledgerRows(db: Db, workspaceId: string, first: number, last: number): LedgerRow[] {
  return sql(db, `SELECT id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at FROM credit_ledger
      WHERE workspace_id = ? AND id BETWEEN ? AND ? ORDER BY id`).all(workspaceId, first, last) as LedgerRow[];
}

/** A digest of ledger rows, kept in the audit chain: the money the chain vouches for, row by row. */
export function ledgerDigest(rows: readonly LedgerRow[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(canonicalJson(r)).update('\n');
  return h.digest('hex');
}
