import { ERROR_CODES, isErrorCode } from '../core/errors';
import type { WorkspaceStore } from '../store';
import type { AuditEntry } from '../store/audit';
import type { ErrorGroupView, StageView } from '../../preload/contract';

/**
 * Read-only queries the screens need and the repositories do not offer (counts with a search, the
 * newest audit entries first, a run's funnel in a handful of aggregate queries). Every query is scoped
 * to the workspace, like the repositories'.
 */

const STEP_RECIPES = ['discovery', 'intelligence', 'personalization', 'outreach'] as const;

export interface RunStats {
  funnel: StageView[];
  errors: ErrorGroupView[];
  /** Steps the run has to do in all (leads × step recipes), and how many are recorded. */
  total: number;
  processed: number;
}

export function runStats(store: WorkspaceStore, executionId: string, stepRecipes: readonly string[] = STEP_RECIPES): RunStats {
  const { db, workspaceId: ws } = store;
  const discovered = store.executions.leadCount(executionId);
  const steps = db
    .prepare(`SELECT recipe_id, COUNT(*) AS processed, COALESCE(SUM(status = 'done'), 0) AS done
      FROM steps WHERE execution_id = ? AND workspace_id = ? AND lead_id NOT LIKE '%:%' GROUP BY recipe_id`)
    .all(executionId, ws) as Array<{ recipe_id: string; processed: number; done: number }>;
  const byRecipe = new Map(steps.map((s) => [s.recipe_id, s]));
  const qualified = (db
    .prepare(`SELECT COUNT(*) AS n FROM steps WHERE execution_id = ? AND workspace_id = ? AND recipe_id = 'discovery' AND status = 'done'
      AND json_extract(result, '$.quality_tier') IN ('gold', 'silver')`)
    .get(executionId, ws) as { n: number }).n;
  const credits = new Map(
    (db
      .prepare(`SELECT recipe_id, SUM(amount_micros) AS micros FROM credit_ledger WHERE workspace_id = ? AND execution_id = ? AND kind = 'charge' GROUP BY recipe_id`)
      .all(ws, executionId) as Array<{ recipe_id: string | null; micros: number }>).map((r) => [r.recipe_id ?? '', r.micros / 1e6]),
  );
  const drafts = new Map(
    (db.prepare('SELECT status, COUNT(*) AS n FROM drafts WHERE workspace_id = ? AND execution_id = ? GROUP BY status').all(ws, executionId) as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
  );
  const draftTotal = [...drafts.values()].reduce((a, b) => a + b, 0);
  const c = (id: string) => round(credits.get(id) ?? 0);
  const funnel: StageView[] = [
    { stage: 'discovered', count: discovered, credits: 0 },
    { stage: 'qualified', count: qualified, credits: c('discovery') },
    { stage: 'enriched', count: byRecipe.get('intelligence')?.done ?? 0, credits: c('intelligence') },
    { stage: 'drafted', count: draftTotal, credits: round(c('personalization') + c('outreach')) },
    { stage: 'approved', count: (drafts.get('approved') ?? 0) + (drafts.get('exported') ?? 0), credits: 0 },
    { stage: 'exported', count: drafts.get('exported') ?? 0, credits: 0 },
  ];
  const processed = stepRecipes.reduce((sum, id) => sum + (byRecipe.get(id)?.processed ?? 0), 0);
  return { funnel, errors: errorGroups(store, executionId), total: discovered * stepRecipes.length, processed: Math.min(processed, discovered * stepRecipes.length) };
}

/** Failed steps grouped by recipe and code, each with what to do and a few of the messages. */
export function errorGroups(store: WorkspaceStore, executionId: string): ErrorGroupView[] {
  const { db, workspaceId: ws } = store;
  const groups = db
    .prepare(`SELECT recipe_id, COALESCE(error_code, 'INTERNAL') AS code, COUNT(*) AS n FROM steps
      WHERE execution_id = ? AND workspace_id = ? AND status = 'failed' GROUP BY recipe_id, code ORDER BY n DESC LIMIT 50`)
    .all(executionId, ws) as Array<{ recipe_id: string; code: string; n: number }>;
  const examples = db.prepare(`SELECT lead_id, error_message FROM steps WHERE execution_id = ? AND workspace_id = ? AND status = 'failed'
      AND recipe_id = ? AND COALESCE(error_code, 'INTERNAL') = ? LIMIT 3`);
  return groups.map((g) => ({
    recipe_id: g.recipe_id,
    code: g.code,
    count: g.n,
    hint: isErrorCode(g.code) ? ERROR_CODES[g.code].hint : ERROR_CODES.INTERNAL.hint,
    examples: (examples.all(executionId, ws, g.recipe_id, g.code) as Array<{ lead_id: string; error_message: string | null }>).map((e) => {
      const where = e.lead_id.includes(':') ? e.lead_id.split(':').slice(1).join(':') : e.lead_id;
      const message = (e.error_message ?? '').slice(0, 300);
      // A CSV row's message already names its row; say it once.
      return message.toLowerCase().startsWith(where.toLowerCase()) ? message : `${where}: ${message}`;
    }),
  }));
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** How many leads match a search (the repository counts only by tier). */
export function countLeads(store: WorkspaceStore, q: { search?: string | undefined; tier?: string | undefined }): number {
  const where = ['workspace_id = @ws'];
  if (q.tier) where.push('quality_tier = @tier');
  if (q.search) where.push('(name LIKE @like OR city LIKE @like OR domain LIKE @like OR category LIKE @like)');
  return (store.db.prepare(`SELECT COUNT(*) AS n FROM leads WHERE ${where.join(' AND ')}`).get({ ws: store.workspaceId, tier: q.tier, like: `%${q.search ?? ''}%` }) as { n: number }).n;
}

export interface AuditFilter {
  action?: string | undefined;
  execution_id?: string | undefined;
  lead_id?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** One page of the audit log, newest first, with the number of entries that match. */
export function auditPage(store: WorkspaceStore, f: AuditFilter, offset: number, limit: number, order: 'newest' | 'oldest' = 'newest'): { rows: AuditEntry[]; total: number } {
  const where = ['workspace_id = @ws'];
  if (f.action) where.push('action_type = @action');
  if (f.execution_id) where.push("json_extract(context, '$.execution_id') = @execution_id");
  if (f.lead_id) where.push("json_extract(context, '$.lead_id') = @lead_id");
  if (f.since) where.push('timestamp >= @since');
  if (f.until) where.push('timestamp <= @until');
  const params = { ws: store.workspaceId, action: f.action, execution_id: f.execution_id, lead_id: f.lead_id, since: f.since, until: untilInclusive(f.until), limit, offset };
  const total = (store.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
  const seqs = store.db
    .prepare(`SELECT seq FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT @limit OFFSET @offset`)
    .all(params) as Array<{ seq: number }>;
  if (seqs.length === 0) return { rows: [], total };
  const lo = Math.min(...seqs.map((s) => s.seq));
  const hi = Math.max(...seqs.map((s) => s.seq));
  const wanted = new Set(seqs.map((s) => s.seq));
  // The repository's own reader turns rows into entries; it reads the seq window and we keep the page.
  const entries = store.audit.list({ ...f, until: untilInclusive(f.until), after_seq: lo - 1, limit: hi - lo + 1 }).filter((e) => wanted.has(e.seq));
  entries.sort((a, b) => (order === 'newest' ? b.seq - a.seq : a.seq - b.seq));
  return { rows: entries, total };
}

/** A bare date as "until" means the whole of that day. */
function untilInclusive(until: string | undefined): string | undefined {
  return until && /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : until;
}

/** The status a draft had before the rep's last decision on it, for undo. */
export function statusBeforeLastDecision(store: WorkspaceStore, draftId: string): string | null {
  const r = store.db
    .prepare(`SELECT changes FROM audit_log WHERE workspace_id = ? AND resource = 'draft' AND resource_id = ?
      AND action_type IN ('draft_approved', 'draft_rejected', 'draft_deferred') ORDER BY seq DESC LIMIT 1`)
    .get(store.workspaceId, draftId) as { changes: string | null } | undefined;
  if (!r?.changes) return null;
  const before = (JSON.parse(r.changes) as { before?: { status?: unknown } }).before?.status;
  return typeof before === 'string' ? before : null;
}

/** Pending drafts at or above a rank, best first (for bulk approve). */
export function pendingDraftIdsAbove(store: WorkspaceStore, minRank: number): string[] {
  return (store.db
    .prepare(`SELECT id FROM drafts WHERE workspace_id = ? AND status = 'pending_review' AND rank_score >= ? ORDER BY rank_score DESC`)
    .all(store.workspaceId, minRank) as Array<{ id: string }>).map((r) => r.id);
}
