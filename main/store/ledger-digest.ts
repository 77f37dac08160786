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

/**
 * The ledger rows of a workspace from `first` to `last`, in order: what one audit entry of charges covers.
 * Exactly the columns the first digest covered, in that order: adding one here would break every entry
 * written with it.
 */
export function ledgerRows(db: Db, workspaceId: string, first: number, last: number): LedgerRow[] {
  return sql(db, `SELECT id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at FROM credit_ledger
      WHERE workspace_id = ? AND id BETWEEN ? AND ? ORDER BY id`).all(workspaceId, first, last) as LedgerRow[];
}

/** A digest of ledger rows as first written (the plain descriptions in it): what entries before schema 7 hold. */
export function ledgerDigest(rows: readonly LedgerRow[]): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(canonicalJson(r)).update('\n');
  return h.digest('hex');
}

/** A ledger row with the commitment to its description (and the salt, until an erase drops it). */
export interface LedgerRowV2 extends LedgerRow {
  description_salt: string | null;
  description_digest: string | null;
  scrubbed_at: string | null;
}

export function ledgerRowsV2(db: Db, workspaceId: string, first: number, last: number): LedgerRowV2[] {
  return sql(db, `SELECT id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at, description_salt, description_digest, scrubbed_at
      FROM credit_ledger WHERE workspace_id = ? AND id BETWEEN ? AND ? ORDER BY id`).all(workspaceId, first, last) as LedgerRowV2[];
}

/**
 * A salted commitment to a row's description. The description may name a business ("scored Harbor
 * Dental"): an erase replaces the name and drops the salt, after which the commitment can neither be
 * checked nor guessed back, while the digest over the commitments (and the money) still verifies.
 */
export function descriptionDigest(salt: string, description: string): string {
  return createHash('sha256').update(`${salt}\n${description}`).digest('hex');
}

/**
 * The digest the chain keeps of ledger rows since schema 7: every column that is money or identity, and
 * the description's commitment in place of the description.
 */
export function ledgerDigestV2(rows: ReadonlyArray<Pick<LedgerRowV2, 'id' | 'kind' | 'amount_micros' | 'charge_key' | 'execution_id' | 'recipe_id' | 'lead_id' | 'created_at' | 'description_digest'>>): string {
  const h = createHash('sha256');
  for (const r of rows) {
    h.update(canonicalJson({
      id: r.id, kind: r.kind, amount_micros: r.amount_micros, charge_key: r.charge_key, execution_id: r.execution_id, recipe_id: r.recipe_id,
      lead_id: r.lead_id, created_at: r.created_at, description_digest: r.description_digest,
    })).update('\n');
  }
  return h.digest('hex');
}
