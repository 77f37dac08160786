import { fromMicros } from '../core/credits';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';

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
  private readonly chargeExists;
  private readonly bump;

  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {
    this.totals = db.prepare('SELECT granted_micros, charged_micros FROM credit_balances WHERE workspace_id = ?');
    this.insertEntry = db.prepare(`INSERT INTO credit_ledger
      (workspace_id, kind, amount_micros, charge_key, execution_id, recipe_id, lead_id, description, created_at)
      VALUES (@ws, @kind, @amount, @key, @execution_id, @recipe_id, @lead_id, @description, @now)`);
    this.chargeExists = db.prepare('SELECT 1 FROM credit_ledger WHERE charge_key = ?');
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
      this.insertEntry.run({ ws: this.workspaceId, kind, amount: amountMicros, key: null, execution_id: null, recipe_id: null, lead_id: null, description, now: nowIso() });
      this.bump.run({ ws: this.workspaceId, g: amountMicros, c: 0 });
      this.audit.append({
        actor, action: kind === 'grant' ? 'credit_granted' : 'credit_refunded', resource: 'subscription', resource_id: this.workspaceId,
        changes: { before: { credits: fromMicros(before) }, after: { credits: fromMicros(before + amountMicros) }, delta: fromMicros(amountMicros) },
      });
    }).immediate();
  }

  /**
   * Writes one charge and its audit entry. Call inside the transaction that records what it pays for.
   * A key already charged is not charged again; returns whether a charge was written.
   */
  charge(key: string, amountMicros: number, ctx: LedgerContext, description: string): boolean {
    if (amountMicros <= 0) return false;
    if (this.chargeExists.get(key)) return false;
    const before = this.balance().balance_micros;
    this.insertEntry.run({ ws: this.workspaceId, kind: 'charge', amount: amountMicros, key, execution_id: ctx.execution_id ?? null, recipe_id: ctx.recipe_id ?? null, lead_id: ctx.lead_id ?? null, description, now: nowIso() });
    this.bump.run({ ws: this.workspaceId, g: 0, c: amountMicros });
    this.audit.append({
      actor: { type: 'system', id: 'subscription' },
      action: 'credit_deducted',
      resource: 'subscription',
      resource_id: key,
      changes: { before: { credits: fromMicros(before) }, after: { credits: fromMicros(before - amountMicros) }, delta: -fromMicros(amountMicros) },
      context: { execution_id: ctx.execution_id, recipe_id: ctx.recipe_id, lead_id: ctx.lead_id },
    });
    return true;
  }

  chargedFor(executionId: string): number {
    const r = sql(this.db, `SELECT COALESCE(SUM(amount_micros), 0) AS s FROM credit_ledger WHERE workspace_id = ? AND execution_id = ? AND kind = 'charge'`)
      .get(this.workspaceId, executionId) as { s: number };
    return r.s;
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
