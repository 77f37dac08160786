import type { Draft, DraftStatus, DraftVersion, DraftVersionKind, EmailStatus } from '../core/domain';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';

export interface NewDraft {
  /** Chosen by the caller when it must name the draft before it is written. */
  id?: string;
  execution_id: string;
  lead_id: string;
  recipient: string | null;
  recipient_status: EmailStatus | null;
  subject: string;
  body: string;
  model_used: string;
  message_quality_score: number;
  lead_score: number;
  expires_at: string;
  metrics?: Record<string, unknown> | null;
  /** The refined version, when a second model rewrote the first draft. */
  refined?: { body: string; subject?: string | null; model_used: string; metrics?: Record<string, unknown> | null } | null;
}

export interface DraftQuery {
  status?: DraftStatus | DraftStatus[];
  execution_id?: string;
  lead_id?: string;
  limit?: number;
  offset?: number;
}

type Actor = { type: 'rep' | 'cli' | 'system'; id: string };

/** Rank = lead score × message quality: the rep reviews the likeliest wins first. */
export function rankScore(leadScore: number, quality: number): number {
  return Math.round(leadScore * quality * 10_000) / 10_000;
}

/** Drafts awaiting review and what the rep decided, for one workspace. Every decision is audited. */
export class Drafts {
  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {}

  /**
   * Creates the draft of a lead in an execution. Unique per (execution, lead, channel): a resumed run that
   * reaches the same lead again gets the existing draft back instead of a second one.
   */
  create(d: NewDraft): { draft: Draft; created: boolean } {
    const existing = sql(this.db, `SELECT id FROM drafts WHERE execution_id = ? AND lead_id = ? AND channel = 'email' AND follow_up_step = 0 AND variant = 0 AND workspace_id = ?`)
      .get(d.execution_id, d.lead_id, this.workspaceId) as { id: string } | undefined;
    if (existing) return { draft: this.get(existing.id), created: false };
    const now = nowIso();
    const id = d.id ?? newId('draft');
    const current: DraftVersionKind = d.refined ? 'refined' : 'draft';
    const body = d.refined?.body ?? d.body;
    const subject = d.refined?.subject ?? d.subject;
    sql(this.db, `INSERT INTO drafts (id, workspace_id, execution_id, lead_id, channel, recipient, recipient_status, subject, body,
          current_version, model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at)
        VALUES (@id, @ws, @execution_id, @lead_id, 'email', @recipient, @recipient_status, @subject, @body, @current, @model_used,
          @q, @lead_score, @rank, 'pending_review', @now, @expires_at)`)
      .run({
        id, ws: this.workspaceId, execution_id: d.execution_id, lead_id: d.lead_id, recipient: d.recipient,
        recipient_status: d.recipient_status, subject, body, current, model_used: d.refined?.model_used ?? d.model_used,
        q: d.message_quality_score, lead_score: d.lead_score, rank: rankScore(d.lead_score, d.message_quality_score),
        now, expires_at: d.expires_at,
      });
    this.insertVersion(id, 'draft', d.body, d.subject, d.model_used, d.metrics ?? null, now);
    if (d.refined) this.insertVersion(id, 'refined', d.refined.body, d.refined.subject ?? d.subject, d.refined.model_used, d.refined.metrics ?? null, now);
    this.audit.append({
      actor: { type: 'system', id: 'outreach' }, action: 'draft_created', resource: 'draft', resource_id: id,
      context: { execution_id: d.execution_id, lead_id: d.lead_id, recipe_id: 'outreach' },
    });
    return { draft: this.get(id), created: true };
  }

  private insertVersion(draftId: string, kind: DraftVersionKind, body: string, subject: string | null, model: string, metrics: Record<string, unknown> | null, at: string): void {
    sql(this.db, `INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, subject, model_used, metrics, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(newId('dv'), this.workspaceId, draftId, kind, body, subject, model, metrics ? JSON.stringify(metrics) : null, at);
  }

  find(id: string): Draft | null {
    return (sql(this.db, 'SELECT * FROM drafts WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as Draft | undefined) ?? null;
  }

  get(id: string): Draft {
    const d = this.find(id);
    if (!d) throw new HunterError('NOT_FOUND', `No draft "${id}" in this workspace.`);
    return d;
  }

  versions(id: string): DraftVersion[] {
    const rows = sql(this.db, 'SELECT * FROM draft_versions WHERE draft_id = ? AND workspace_id = ? ORDER BY created_at, rowid')
      .all(id, this.workspaceId) as Array<Omit<DraftVersion, 'metrics'> & { metrics: string | null }>;
    return rows.map((r) => ({ ...r, metrics: r.metrics ? JSON.parse(r.metrics) : null }));
  }

  /** An execution's drafts per status. */
  countByStatus(executionId: string): Map<DraftStatus, number> {
    const rows = sql(this.db, 'SELECT status, COUNT(*) AS n FROM drafts WHERE workspace_id = ? AND execution_id = ? GROUP BY status').all(this.workspaceId, executionId) as Array<{ status: DraftStatus; n: number }>;
    return new Map(rows.map((r) => [r.status, r.n]));
  }

  /** Drafts waiting for review at or above a rank, best first. */
  pendingIdsAbove(minRank: number): string[] {
    return (sql(this.db, `SELECT id FROM drafts WHERE workspace_id = ? AND status = 'pending_review' AND rank_score >= ? ORDER BY rank_score DESC`)
      .all(this.workspaceId, minRank) as Array<{ id: string }>).map((r) => r.id);
  }

  /** A draft of the lead still in play (waiting, approved or sent) from another execution, if any. */
  liveDraftOf(leadId: string, exceptExecutionId: string): Draft | null {
    return (sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND lead_id = ? AND execution_id <> ? AND status IN ('pending_review', 'approved', 'exported') LIMIT 1`)
      .get(this.workspaceId, leadId, exceptExecutionId) as Draft | undefined) ?? null;
  }

  list(q: DraftQuery = {}): Draft[] {
    const where = ['workspace_id = @ws'];
    const statuses = q.status ? (Array.isArray(q.status) ? q.status : [q.status]) : null;
    if (statuses) where.push(`status IN (SELECT value FROM json_each(@statuses))`);
    if (q.execution_id) where.push('execution_id = @execution_id');
    if (q.lead_id) where.push('lead_id = @lead_id');
    return sql(this.db, `SELECT * FROM drafts WHERE ${where.join(' AND ')} ORDER BY rank_score DESC, created_at LIMIT @limit OFFSET @offset`)
      .all({ ws: this.workspaceId, statuses: JSON.stringify(statuses ?? []), execution_id: q.execution_id, lead_id: q.lead_id, limit: q.limit ?? -1, offset: q.offset ?? 0 }) as Draft[];
  }

  /** How many drafts match; `recipient: null` counts those with no address to write to. */
  count(q: Pick<DraftQuery, 'status' | 'execution_id'> & { recipient?: null } = {}): number {
    const statuses = q.status ? (Array.isArray(q.status) ? q.status : [q.status]) : null;
    const r = sql(this.db, `SELECT COUNT(*) AS n FROM drafts WHERE workspace_id = @ws ${statuses ? 'AND status IN (SELECT value FROM json_each(@statuses))' : ''} ${q.execution_id ? 'AND execution_id = @execution_id' : ''} ${q.recipient === null ? 'AND recipient IS NULL' : ''}`)
      .get({ ws: this.workspaceId, statuses: JSON.stringify(statuses ?? []), execution_id: q.execution_id }) as { n: number };
    return r.n;
  }

  /** The rep's own text. It becomes the current body; a refinement that arrives later never replaces it. */
  /**
   * The rep's own text. `assessed` is the message check of the new text (its score and findings), so the
   * draft ranks and shows by what it now says; without it the earlier score stays.
   */
  edit(id: string, body: string, subject: string | null, actor: Actor, assessed?: { quality: number; metrics: Record<string, unknown> }): Draft {
    const trimmed = body.replace(/\r\n/g, '\n');
    if (!trimmed.trim()) throw new HunterError('INVALID_INPUT', 'A draft cannot be empty; reject it instead.');
    if (subject != null && /[\r\n]/.test(subject)) throw new HunterError('INVALID_INPUT', 'A subject must be one line.');
    return this.db.transaction(() => {
      const d = this.get(id);
      if (d.status === 'exported') throw new HunterError('CONFLICT', 'This draft was already exported; undo the export to edit it.');
      const now = nowIso();
      this.insertVersion(id, 'edited', trimmed, subject ?? d.subject, 'rep', assessed?.metrics ?? null, now);
      const q = assessed?.quality ?? d.message_quality_score;
      sql(this.db, `UPDATE drafts SET body = ?, subject = ?, current_version = 'edited', message_quality_score = ?, rank_score = ? WHERE id = ? AND workspace_id = ?`)
        .run(trimmed, subject ?? d.subject, q, rankScore(d.lead_score, q), id, this.workspaceId);
      this.audit.append({
        actor, action: 'draft_edited', resource: 'draft', resource_id: id,
        changes: { before: { body: d.body, subject: d.subject }, after: { body: trimmed, subject: subject ?? d.subject } },
        context: { execution_id: d.execution_id, lead_id: d.lead_id },
      });
      return this.get(id);
    }).immediate();
  }

  /**
   * A refinement that arrived after the draft was stored. Applied only if the rep has not edited the
   * draft; otherwise it is kept as a version the rep may choose. Returns whether it became the body.
   */
  addRefinement(id: string, body: string, subject: string | null, model: string, metrics: Record<string, unknown> | null, quality?: number): boolean {
    return this.db.transaction(() => {
      const d = this.get(id);
      this.insertVersion(id, 'refined', body, subject ?? d.subject, model, metrics, nowIso());
      const apply = d.current_version !== 'edited' && d.status === 'pending_review';
      if (apply) {
        const q = quality ?? d.message_quality_score;
        sql(this.db, `UPDATE drafts SET body = ?, subject = ?, current_version = 'refined', model_used = ?, message_quality_score = ?, rank_score = ? WHERE id = ? AND workspace_id = ?`)
          .run(body, subject ?? d.subject, model, q, rankScore(d.lead_score, q), id, this.workspaceId);
      }
      this.audit.append({
        actor: { type: 'system', id: 'personalization' }, action: 'draft_refined', resource: 'draft', resource_id: id,
        context: { execution_id: d.execution_id, lead_id: d.lead_id }, result: { status: apply ? 'success' : 'warning' },
      });
      return apply;
    }).immediate();
  }

  setStatus(id: string, status: Extract<DraftStatus, 'approved' | 'rejected' | 'pending_review'>, actor: Actor): Draft {
    return this.db.transaction(() => {
      const d = this.get(id);
      if (d.status === 'exported') throw new HunterError('CONFLICT', 'This draft was already exported; undo the export first.');
      if (d.status === 'expired' && status === 'approved') throw new HunterError('CONFLICT', 'This draft expired; edit it to bring it back, or run the agent again.');
      sql(this.db, 'UPDATE drafts SET status = ?, decided_at = ? WHERE id = ? AND workspace_id = ?').run(status, status === 'pending_review' ? null : nowIso(), id, this.workspaceId);
      const action = status === 'approved' ? 'draft_approved' : status === 'rejected' ? 'draft_rejected' : 'draft_deferred';
      this.audit.append({
        actor, action, resource: 'draft', resource_id: id,
        changes: { before: { status: d.status }, after: { status } }, context: { execution_id: d.execution_id, lead_id: d.lead_id },
      });
      return this.get(id);
    }).immediate();
  }

  /**
   * The address the rep added or picked for a draft (review, issue 13): audited like a decision, refused
   * once the draft went out. `status` is where the address came from, null when the rep typed it.
   */
  setRecipient(id: string, recipient: string, status: EmailStatus | null, actor: Actor): Draft {
    return this.db.transaction(() => {
      const d = this.get(id);
      if (d.status === 'exported') throw new HunterError('CONFLICT', 'This draft was already exported; undo the export to change its address.');
      sql(this.db, 'UPDATE drafts SET recipient = ?, recipient_status = ? WHERE id = ? AND workspace_id = ?').run(recipient, status, id, this.workspaceId);
      this.audit.append({
        actor, action: 'draft_recipient_set', resource: 'draft', resource_id: id,
        changes: { before: { recipient: d.recipient, recipient_status: d.recipient_status }, after: { recipient, recipient_status: status } },
        context: { execution_id: d.execution_id, lead_id: d.lead_id },
      });
      return this.get(id);
    }).immediate();
  }

  /** Marks drafts exported with the format and time; only approved ones move. */
  markExported(ids: readonly string[], format: string, actor: Actor): number {
    return this.db.transaction(() => {
      let n = 0;
      const at = nowIso();
      for (const id of ids) {
        const d = this.get(id);
        if (d.status !== 'approved') continue;
        sql(this.db, `UPDATE drafts SET status = 'exported', exported_at = ?, export_format = ? WHERE id = ? AND workspace_id = ?`).run(at, format, id, this.workspaceId);
        this.audit.append({
          actor, action: 'draft_exported', resource: 'draft', resource_id: id,
          changes: { before: { status: 'approved' }, after: { status: 'exported', format } }, context: { execution_id: d.execution_id, lead_id: d.lead_id },
        });
        n++;
      }
      return n;
    }).immediate();
  }

  /** Puts exported drafts back to approved (file exports can be undone; an IMAP append cannot). */
  undoExport(ids: readonly string[], actor: Actor): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const id of ids) {
        const d = this.get(id);
        if (d.status !== 'exported') continue;
        sql(this.db, `UPDATE drafts SET status = 'approved', exported_at = NULL, export_format = NULL WHERE id = ? AND workspace_id = ?`).run(id, this.workspaceId);
        this.audit.append({
          actor, action: 'export_undone', resource: 'draft', resource_id: id,
          changes: { before: { status: 'exported', format: d.export_format }, after: { status: 'approved' } }, context: { execution_id: d.execution_id, lead_id: d.lead_id },
        });
        n++;
      }
      return n;
    }).immediate();
  }

  /** Pending drafts past their expiry become expired (the rep sees them, but they no longer count as waiting). */
  expireDue(now = new Date()): number {
    return this.db.transaction(() => {
      const due = sql(this.db, `SELECT id FROM drafts WHERE workspace_id = ? AND status = 'pending_review' AND expires_at < ?`).all(this.workspaceId, now.toISOString()) as Array<{ id: string }>;
      for (const { id } of due) {
        sql(this.db, `UPDATE drafts SET status = 'expired' WHERE id = ? AND workspace_id = ?`).run(id, this.workspaceId);
        this.audit.append({ actor: { type: 'system', id: 'outreach' }, action: 'draft_expired', resource: 'draft', resource_id: id });
      }
      return due.length;
    }).immediate();
  }
}
