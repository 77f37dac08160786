import { randomBytes } from 'node:crypto';
import { fromMicros } from '../core/credits';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';
import { descriptionDigest, ledgerDigestV2, ledgerRowsV2, type LedgerRowV2 } from './ledger-digest';

export interface LedgerContext {
  execution_id?: string | undefined;
  recipe_id?: string | undefined;
  lead_id?: string | undefined;
}

export interface Balance {
  granted_micros: number;
  charged_micros: number;
  /** granted − charged. */
  balance_micros: number;
}

export interface LedgerEntry {
  id: number;
  kind: 'grant' | 'charge' | 'refund';
  amount_micros: number;
  charge_key: string | null;
  execution_id: string | null;
  recipe_id: string | null;
  lead_id: string | null;
  description: string;
  created_at: string;
}

/**
 * The credit ledger of one workspace. Each charge has a key (execution, recipe, lead, attempt) and is
 * written at most once, inside the transaction that records the step it pays for: a crash keeps both
 * or neither, and a retry or a resume cannot charge the same key twice. Every entry is audited.
 */
export class CreditLedger {
  private readonly totals;
  private readonly insertEntry;
  private readonly insertCharge;
  private readonly bump;

  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {
    this.totals = db.prepare('SELECT granted_micros, charged_micros FROM credit_balances WHERE workspace_id = ?');
    this.insertEntry = db.prepare(`INSERT INTO credit_ledger
      (workspace_id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at, description_salt, description_digest)
      VALUES (@ws, @kind, @amount, @key, @execution_id, @recipe_id, @lead_id, @description, @now, @salt, @digest)`);
    this.insertCharge = db.prepare(`INSERT INTO credit_ledger (workspace_id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at, description_salt, description_digest)
      VALUES (@ws, 'charge', @amount, @key, @execution_id, @recipe_id, @lead_id, @description, @now, @salt, @digest) ON CONFLICT (charge_key) DO NOTHING RETURNING id`);
    this.bump = db.prepare(`INSERT INTO credit_balances (workspace_id, granted_micros, charged_micros) VALUES (@ws, @g, @c)
      ON CONFLICT (workspace_id) DO UPDATE SET granted_micros = granted_micros + @g, charged_micros = charged_micros + @c`);
  }

  balance(): Balance {
    const t = (this.totals.get(this.workspaceId) as { granted_micros: number; charged_micros: number } | undefined) ?? { granted_micros: 0, charged_micros: 0 };
    return { ...t, balance_micros: t.granted_micros - t.charged_micros };
  }

  grant(amountMicros: number, description: string, actor: { type: 'system' | 'rep' | 'cli'; id: string }, kind: 'grant' | 'refund' = 'grant'): void {
    this.db.transaction(() => {
      const before = this.balance().balance_micros;
      const salt = randomBytes(16).toString('hex');
      this.insertEntry.run({ ws: this.workspaceId, kind, amount: amountMicros, key: null, execution_id: null, recipe_id: null, lead_id: null, description, now: nowIso(), salt, digest: descriptionDigest(salt, description) });
      this.bump.run({ ws: this.workspaceId, g: amountMicros, c: 0 });
      this.audit.append({
        actor, action: kind === 'grant' ? 'credit_granted' : 'credit_refunded', resource: 'subscription', resource_id: this.workspaceId,
        changes: { before: { credits: fromMicros(before) }, after: { credits: fromMicros(before + amountMicros) }, delta: fromMicros(amountMicros) },
      });
    }).immediate();
  }

  /**
   * Writes one charge. Call inside the transaction that records what it pays for. A key already charged is
   * not charged again; returns whether a charge was written.
   */
  charge(key: string, amountMicros: number, ctx: LedgerContext, description: string): boolean {
    return this.chargeMany([{ key, micros: amountMicros, ctx, description }]) > 0;
  }

  /**
   * Writes the charges of one transaction (a batch of steps, a model attempt) and one audit entry for them:
   * how many, the total, the balance before and after, and a digest of the ledger rows written, so an
   * edited, added or removed charge breaks the audit chain's verification. Keys already charged are
   * skipped. Returns how many were written. Call inside the transaction that records what they pay for.
   */
  chargeMany(charges: ReadonlyArray<{ key: string; micros: number; ctx: LedgerContext; description: string }>): number {
    const now = nowIso();
    let total = 0;
    let first: number | null = null;
    let last: number | null = null;
    const executions = new Set<string | null>();
    const rows: Array<Pick<LedgerRowV2, 'id' | 'kind' | 'amount_micros' | 'charge_key' | 'execution_id' | 'recipe_id' | 'lead_id' | 'created_at' | 'description_digest'>> = [];
    // One draw of randomness for the batch's salts: a draw per row would cost more than the row.
    const salts = randomBytes(16 * charges.length).toString('hex');
    for (const [i, c] of charges.entries()) {
      if (c.micros <= 0) continue;
      const salt = salts.slice(i * 32, i * 32 + 32);
      const digest = descriptionDigest(salt, c.description);
      const values = { ws: this.workspaceId, amount: c.micros, key: c.key, execution_id: c.ctx.execution_id ?? null, recipe_id: c.ctx.recipe_id ?? null, lead_id: c.ctx.lead_id ?? null, description: c.description, now, salt, digest };
      const row = this.insertCharge.get(values) as { id: number } | undefined;
      if (!row) continue;
      // The digest is of the rows as written; they are known here, so they are not read back.
      rows.push({ id: row.id, kind: 'charge', amount_micros: c.micros, charge_key: c.key, execution_id: values.execution_id, recipe_id: values.recipe_id, lead_id: values.lead_id, created_at: now, description_digest: digest });
      total += c.micros;
      first ??= row.id;
      last = row.id;
      executions.add(c.ctx.execution_id ?? null);
    }
    if (first === null || last === null) return 0;
    const before = this.balance().balance_micros;
    this.bump.run({ ws: this.workspaceId, g: 0, c: total });
    const only = executions.size === 1 ? [...executions][0] : null;
    this.audit.append({
      actor: { type: 'system', id: 'subscription' },
      action: 'credit_deducted',
      resource: 'credit_ledger',
      resource_id: first === last ? String(first) : `${first}-${last}`,
      changes: {
        before: { credits: fromMicros(before) }, after: { credits: fromMicros(before - total) }, delta: -fromMicros(total),
        charges: rows.length, ledger_ids: [first, last], ledger_digest: ledgerDigestV2(rows), digest_version: 2,
      },
      context: { ...(only ? { execution_id: only } : {}), ...(rows.length === 1 ? { recipe_id: rows[0]!.recipe_id ?? undefined, lead_id: rows[0]!.lead_id ?? undefined } : {}) },
    });
    return rows.length;
  }

  /**
   * Takes texts (a business's name, its address) out of the descriptions of ledger rows: of the rows of
   * these leads, and of any other row whose description holds one of the texts. Amounts, keys and ids stay;
   * the salt of each changed description is dropped, so its commitment can no longer be checked or guessed.
   * Deductions that still vouch for a changed row by the digest over plain descriptions are resealed first
   * (their old digest checked, then a digest over the commitments written to the chain). Call inside the
   * erasing transaction. Returns the rows changed and the deductions resealed or left as they were.
   */
  scrub(leadIds: readonly string[], texts: readonly string[], actor: { type: 'system' | 'rep' | 'cli'; id: string }): { rows: number; resealed: number; not_resealed: number[] } {
    const needles = [...new Set(texts.filter((t) => t.trim().length > 0))].sort((a, b) => b.length - a.length);
    if (needles.length === 0) return { rows: 0, resealed: 0, not_resealed: [] };
    const candidates = sql(this.db, `SELECT id, description FROM credit_ledger WHERE workspace_id = @ws AND scrubbed_at IS NULL
        AND (lead_id IN (SELECT value FROM json_each(@leads)) OR EXISTS (SELECT 1 FROM json_each(@texts) t WHERE instr(description, t.value) > 0))`)
      .all({ ws: this.workspaceId, leads: JSON.stringify(leadIds), texts: JSON.stringify(needles) }) as Array<{ id: number; description: string }>;
    const changes = candidates
      .map((r) => ({ id: r.id, description: needles.reduce((d, n) => d.split(n).join('[erased]'), r.description), before: r.description }))
      .filter((r) => r.description !== r.before);
    if (changes.length === 0) return { rows: 0, resealed: 0, not_resealed: [] };
    let resealed = 0;
    const notResealed: number[] = [];
    for (const d of this.audit.legacyDeductionsCovering(changes.map((c) => c.id))) {
      if (!d.intact) {
        notResealed.push(d.seq);
        continue;
      }
      const rows = ledgerRowsV2(this.db, this.workspaceId, d.ledger_ids[0], d.ledger_ids[1]);
      this.audit.append({
        actor, action: 'ledger_resealed', resource: 'credit_ledger', resource_id: `${d.ledger_ids[0]}-${d.ledger_ids[1]}`,
        changes: { ledger_ids: d.ledger_ids, charges: rows.length, ledger_digest: ledgerDigestV2(rows), resealed_entry: d.seq },
      });
      resealed++;
    }
    const st = sql(this.db, 'UPDATE credit_ledger SET description = ?, description_salt = NULL, scrubbed_at = ? WHERE id = ? AND workspace_id = ?');
    const at = nowIso();
    for (const c of changes) st.run(c.description, at, c.id, this.workspaceId);
    return { rows: changes.length, resealed, not_resealed: notResealed };
  }

  chargedFor(executionId: string): number {
    const r = sql(this.db, `SELECT COALESCE(SUM(amount_micros), 0) AS s FROM credit_ledger WHERE workspace_id = ? AND execution_id = ? AND kind = 'charge'`)
      .get(this.workspaceId, executionId) as { s: number };
    return r.s;
  }

  /** What an execution was charged, per recipe. */
  chargedByRecipe(executionId: string): Map<string, number> {
    const rows = sql(this.db, `SELECT recipe_id, SUM(amount_micros) AS micros FROM credit_ledger WHERE workspace_id = ? AND execution_id = ? AND kind = 'charge' GROUP BY recipe_id`)
      .all(this.workspaceId, executionId) as Array<{ recipe_id: string | null; micros: number }>;
    return new Map(rows.map((r) => [r.recipe_id ?? '', r.micros]));
  }

  chargedSince(iso: string): number {
    const r = sql(this.db, `SELECT COALESCE(SUM(amount_micros), 0) AS s FROM credit_ledger WHERE workspace_id = ? AND kind = 'charge' AND created_at >= ?`)
      .get(this.workspaceId, iso) as { s: number };
    return r.s;
  }

  entries(opts: { limit?: number; execution_id?: string } = {}): LedgerEntry[] {
    return sql(this.db, `SELECT id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at FROM credit_ledger
        WHERE workspace_id = @ws ${opts.execution_id ? 'AND execution_id = @ex' : ''} ORDER BY id DESC LIMIT @limit`)
      .all({ ws: this.workspaceId, ex: opts.execution_id, limit: opts.limit ?? 100 }) as LedgerEntry[];
  }

  /** Spend per recipe and day, for the credits screen. */
  spendByRecipeAndDay(sinceIso: string): Array<{ day: string; recipe_id: string | null; amount_micros: number }> {
    return sql(this.db, `SELECT substr(created_at, 1, 10) AS day, recipe_id, SUM(amount_micros) AS amount_micros FROM credit_ledger
        WHERE workspace_id = ? AND kind = 'charge' AND created_at >= ? GROUP BY day, recipe_id ORDER BY day`)
      .all(this.workspaceId, sinceIso) as Array<{ day: string; recipe_id: string | null; amount_micros: number }>;
  }
}
