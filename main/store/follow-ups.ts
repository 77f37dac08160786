import type { Draft } from '../core/domain';
import { newId } from '../core/ids';
import { REJECTION_REASONS } from '../core/vocabulary';
import type { AuditLog } from './audit';
import { nowIso, sql, type Db } from './database';
import { rankScore } from './drafts';

type Actor = { type: 'rep' | 'cli' | 'system'; id: string };

export type RejectionReason = (typeof REJECTION_REASONS)[number];
export type CancelReason = 'replied' | 'bounced' | 'do_not_contact';

/** A draft with what issue 16 added to it: its place in a sequence, its variant, why it was turned down. */
export interface OutreachDraft extends Omit<Draft, 'channel'> {
  channel: string;
  follow_up_of: string | null;
  follow_up_step: number;
  due_at: string | null;
  variant: number;
  reject_reason: RejectionReason | 'other_variant' | null;
  cancel_reason: CancelReason | null;
}

export interface NewFollowUp {
  step: number;
  due_at: string;
  expires_at: string;
  subject: string;
  body: string;
  model_used: string;
  message_quality_score: number;
  metrics: Record<string, unknown>;
}

export interface NewVariant {
  subject: string;
  body: string;
  model_used: string;
  message_quality_score: number;
  metrics: Record<string, unknown>;
}

/**
 * Follow-ups and variants: drafts that belong to a lead's first message. A follow-up waits as `scheduled`
 * until its day, then joins the review queue as any draft does; a reply, a bounce or a do-not-contact
 * entry cancels the ones still waiting.
 */
export class FollowUps {
  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {}

  find(id: string): OutreachDraft | null {
    return (sql(this.db, 'SELECT * FROM drafts WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as OutreachDraft | undefined) ?? null;
  }

  /** The follow-ups of a first message, in order. */
  of(firstId: string): OutreachDraft[] {
    return sql(this.db, 'SELECT * FROM drafts WHERE workspace_id = ? AND follow_up_of = ? ORDER BY follow_up_step').all(this.workspaceId, firstId) as OutreachDraft[];
  }

  /**
   * Plans a first message's follow-ups, once: planning again (a second export of the same draft) finds
   * them there and adds nothing.
   */
  plan(first: Draft, steps: readonly NewFollowUp[]): OutreachDraft[] {
    return this.db.transaction(() => {
      const now = nowIso();
      for (const s of steps) {
        const id = newId('draft');
        const r = sql(this.db, `INSERT OR IGNORE INTO drafts (id, workspace_id, execution_id, lead_id, channel, recipient, recipient_status, subject, body,
              current_version, model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at, follow_up_of, follow_up_step, due_at)
            VALUES (@id, @ws, @execution_id, @lead_id, 'email', @recipient, @recipient_status, @subject, @body, 'draft', @model, @q, @lead_score, @rank,
              'scheduled', @now, @expires_at, @first, @step, @due_at)`)
          .run({
            id, ws: this.workspaceId, execution_id: first.execution_id, lead_id: first.lead_id, recipient: first.recipient, recipient_status: first.recipient_status,
            subject: s.subject, body: s.body, model: s.model_used, q: s.message_quality_score, lead_score: first.lead_score,
            rank: rankScore(first.lead_score, s.message_quality_score), now, expires_at: s.expires_at, first: first.id, step: s.step, due_at: s.due_at,
          });
        if (r.changes === 0) continue;
        sql(this.db, `INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, subject, model_used, metrics, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)`)
          .run(newId('dv'), this.workspaceId, id, s.body, s.subject, s.model_used, JSON.stringify(s.metrics), now);
        this.audit.append({
          actor: { type: 'system', id: 'outreach' }, action: 'draft_created', resource: 'draft', resource_id: id,
          context: { execution_id: first.execution_id, lead_id: first.lead_id, recipe_id: 'outreach' },
          changes: { after: { status: 'scheduled', follow_up_of: first.id, step: s.step, due_at: s.due_at } },
        });
      }
      return this.of(first.id);
    }).immediate();
  }

  /** Second variants of a lead's first message (variant 1), beside the first one. */
  addVariant(first: Draft, v: NewVariant): OutreachDraft {
    return this.db.transaction(() => {
      const existing = sql(this.db, `SELECT id FROM drafts WHERE workspace_id = ? AND execution_id = ? AND lead_id = ? AND channel = 'email' AND follow_up_step = 0 AND variant = 1`)
        .get(this.workspaceId, first.execution_id, first.lead_id) as { id: string } | undefined;
      if (existing) return this.find(existing.id)!;
      const id = newId('draft');
      const now = nowIso();
      sql(this.db, `INSERT INTO drafts (id, workspace_id, execution_id, lead_id, channel, recipient, recipient_status, subject, body,
            current_version, model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at, variant)
          VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, 'draft', ?, ?, ?, ?, 'pending_review', ?, ?, 1)`)
        .run(id, this.workspaceId, first.execution_id, first.lead_id, first.recipient, first.recipient_status, v.subject, v.body, v.model_used,
          v.message_quality_score, first.lead_score, rankScore(first.lead_score, v.message_quality_score), now, first.expires_at);
      sql(this.db, `INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, subject, model_used, metrics, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)`)
        .run(newId('dv'), this.workspaceId, id, v.body, v.subject, v.model_used, JSON.stringify(v.metrics), now);
      this.audit.append({
        actor: { type: 'system', id: 'outreach' }, action: 'draft_created', resource: 'draft', resource_id: id,
        context: { execution_id: first.execution_id, lead_id: first.lead_id, recipe_id: 'outreach' }, changes: { after: { variant: 1, variant_of: first.id } },
      });
      return this.find(id)!;
    }).immediate();
  }

  /** The other variants of a lead's first message in the same execution (those the rep did not pick). */
  siblingVariants(d: Pick<Draft, 'id' | 'execution_id' | 'lead_id'>): OutreachDraft[] {
    return sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND execution_id = ? AND lead_id = ? AND follow_up_step = 0 AND id <> ? AND status IN ('pending_review', 'approved')`)
      .all(this.workspaceId, d.execution_id, d.lead_id, d.id) as OutreachDraft[];
  }

  /** Follow-ups still waiting for their day, soonest first. */
  scheduled(q: { limit?: number | undefined; offset?: number | undefined } = {}): { rows: OutreachDraft[]; total: number } {
    const rows = sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND status = 'scheduled' ORDER BY due_at, follow_up_step LIMIT ? OFFSET ?`)
      .all(this.workspaceId, q.limit ?? -1, q.offset ?? 0) as OutreachDraft[];
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM drafts WHERE workspace_id = ? AND status = 'scheduled'`).get(this.workspaceId) as { n: number }).n;
    return { rows, total };
  }

  /**
   * Follow-ups whose day has come join the review queue; one to a lead that replied, bounced or is on the
   * do-not-contact list (`stopped` says) is cancelled instead. Returns how many of each.
   */
  releaseDue(now: Date, stopped: (d: OutreachDraft) => CancelReason | null): { released: number; cancelled: number } {
    // Asked before every review list: a read first, so a list takes no write lock (nor fails on a read-only file) when nothing is due.
    const any = sql(this.db, `SELECT 1 FROM drafts WHERE workspace_id = ? AND status = 'scheduled' AND due_at <= ? LIMIT 1`).get(this.workspaceId, now.toISOString());
    if (!any) return { released: 0, cancelled: 0 };
    return this.db.transaction(() => {
      const due = sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND status = 'scheduled' AND due_at <= ?`).all(this.workspaceId, now.toISOString()) as OutreachDraft[];
      let released = 0;
      let cancelled = 0;
      for (const d of due) {
        const why = stopped(d);
        if (why) {
          this.cancelOne(d, why, { type: 'system', id: 'outreach' });
          cancelled++;
          continue;
        }
        sql(this.db, `UPDATE drafts SET status = 'pending_review' WHERE id = ? AND workspace_id = ?`).run(d.id, this.workspaceId);
        this.audit.append({
          actor: { type: 'system', id: 'outreach' }, action: 'draft_deferred', resource: 'draft', resource_id: d.id,
          changes: { before: { status: 'scheduled' }, after: { status: 'pending_review' } }, context: { execution_id: d.execution_id, lead_id: d.lead_id },
        });
        released++;
      }
      return { released, cancelled };
    }).immediate();
  }

  /** Cancels a lead's follow-ups still waiting (scheduled, or due and not yet decided on). */
  cancelForLead(leadId: string, why: CancelReason, actor: Actor): number {
    return this.db.transaction(() => {
      const open = sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND lead_id = ? AND follow_up_step > 0 AND status IN ('scheduled', 'pending_review')`)
        .all(this.workspaceId, leadId) as OutreachDraft[];
      for (const d of open) this.cancelOne(d, why, actor);
      return open.length;
    }).immediate();
  }

  /** Cancels the follow-ups of everyone the do-not-contact list now covers (`listed` asks it). */
  cancelListed(listed: (d: OutreachDraft) => boolean, actor: Actor): number {
    return this.db.transaction(() => {
      const open = sql(this.db, `SELECT * FROM drafts WHERE workspace_id = ? AND follow_up_step > 0 AND status IN ('scheduled', 'pending_review')`).all(this.workspaceId) as OutreachDraft[];
      let n = 0;
      for (const d of open) {
        if (!listed(d)) continue;
        this.cancelOne(d, 'do_not_contact', actor);
        n++;
      }
      return n;
    }).immediate();
  }

  private cancelOne(d: OutreachDraft, why: CancelReason, actor: Actor): void {
    sql(this.db, `UPDATE drafts SET status = 'cancelled', cancel_reason = ?, decided_at = ? WHERE id = ? AND workspace_id = ?`).run(why, nowIso(), d.id, this.workspaceId);
    this.audit.append({
      actor, action: 'follow_up_cancelled', resource: 'draft', resource_id: d.id,
      changes: { before: { status: d.status }, after: { status: 'cancelled', reason: why } }, context: { execution_id: d.execution_id, lead_id: d.lead_id },
    });
  }

  /** Why the rep rejected a draft (the rejection itself is the drafts store's decision, audited there). */
  setRejectReason(id: string, reason: RejectionReason | 'other_variant', actor: Actor): void {
    sql(this.db, 'UPDATE drafts SET reject_reason = ? WHERE id = ? AND workspace_id = ?').run(reason, id, this.workspaceId);
    this.audit.append({ actor, action: 'draft_rejection_reason', resource: 'draft', resource_id: id, changes: { after: { reason } } });
  }
}
