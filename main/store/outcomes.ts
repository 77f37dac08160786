import { fold, type RepliedTraits } from '../core/scoring';
import { LEAD_OUTCOMES } from '../core/vocabulary';
import { nowIso, sql, type Db } from './database';

export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];
export type RecordedOutcome = Exclude<LeadOutcome, 'no_reply_yet'>;
export type MailEventKind = 'reply' | 'bounce' | 'auto_reply';

export interface MailEvent {
  mailbox: string;
  uid_validity: string;
  uid: number;
  kind: MailEventKind;
  outcome: RecordedOutcome | null;
  language: string | null;
  lead_id: string | null;
  draft_id: string | null;
  received_at: string | null;
}

export interface ReplyCheckMark {
  uid_validity: string;
  last_uid: number;
  checked_at: string;
}

/** How strongly an outcome speaks: a later, weaker one (a plain reply after a "stop") never replaces it. */
const WEIGHT: Record<RecordedOutcome, number> = { bounced: 1, replied: 2, not_now: 3, positive: 3, stop: 4 };

/**
 * What the rep's mailbox said back (issue 16): the messages the reply check classified, each lead's
 * outcome, and where each folder's last check stopped. No address or text of a message is kept.
 */
export class Outcomes {
  constructor(private readonly db: Db, readonly workspaceId: string) {}

  /** Where the last check of a folder stopped, if it ran before. */
  mark(account: string, mailbox: string): ReplyCheckMark | null {
    return (sql(this.db, 'SELECT uid_validity, last_uid, checked_at FROM reply_checks WHERE workspace_id = ? AND account = ? AND mailbox = ?')
      .get(this.workspaceId, account, mailbox) as ReplyCheckMark | undefined) ?? null;
  }

  setMark(account: string, mailbox: string, m: Omit<ReplyCheckMark, 'checked_at'>): void {
    sql(this.db, `INSERT INTO reply_checks (workspace_id, account, mailbox, uid_validity, last_uid, checked_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id, account, mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, checked_at = excluded.checked_at`)
      .run(this.workspaceId, account, mailbox, m.uid_validity, m.last_uid, nowIso());
  }

  /** Records a classified message once; false when it was recorded before (a check run twice). */
  addEvent(e: MailEvent): boolean {
    const r = sql(this.db, `INSERT OR IGNORE INTO mail_events (workspace_id, mailbox, uid_validity, uid, kind, outcome, language, lead_id, draft_id, received_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(this.workspaceId, e.mailbox, e.uid_validity, e.uid, e.kind, e.outcome, e.language, e.lead_id, e.draft_id, e.received_at, nowIso());
    return r.changes > 0;
  }

  /** Sets a lead's outcome unless it already has a stronger one. Returns the outcome it now has. */
  setOutcome(leadId: string, draftId: string | null, outcome: RecordedOutcome, receivedAt: string | null): RecordedOutcome {
    const now = this.of(leadId);
    if (now !== 'no_reply_yet' && WEIGHT[now] >= WEIGHT[outcome]) return now;
    sql(this.db, `INSERT INTO lead_outcomes (workspace_id, lead_id, draft_id, outcome, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id, lead_id) DO UPDATE SET draft_id = excluded.draft_id, outcome = excluded.outcome, received_at = excluded.received_at, updated_at = excluded.updated_at`)
      .run(this.workspaceId, leadId, draftId, outcome, receivedAt, nowIso());
    return outcome;
  }

  /** What the rep's mailbox said about these leads, oldest first (a lead's data record, GDPR art. 15). */
  eventsOf(leadIds: readonly string[]): Array<MailEvent & { created_at: string }> {
    return sql(this.db, `SELECT mailbox, uid_validity, uid, kind, outcome, language, lead_id, draft_id, received_at, created_at FROM mail_events
      WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, uid`).all(this.workspaceId, JSON.stringify(leadIds)) as Array<MailEvent & { created_at: string }>;
  }

  /** What the leads that answered (a reply of any kind but "stop") have in common: their categories and cities, for scoring leads like them. */
  repliedTraits(): RepliedTraits {
    const rows = sql(this.db, `SELECT l.category, l.city FROM lead_outcomes o JOIN leads l ON l.id = o.lead_id AND l.workspace_id = o.workspace_id
      WHERE o.workspace_id = ? AND o.outcome IN ('replied', 'positive', 'not_now')`).all(this.workspaceId) as Array<{ category: string | null; city: string | null }>;
    const t: RepliedTraits = { leads: rows.length, categories: {}, cities: {} };
    for (const r of rows) {
      if (r.category) t.categories[fold(r.category)] = (t.categories[fold(r.category)] ?? 0) + 1;
      if (r.city) t.cities[fold(r.city)] = (t.cities[fold(r.city)] ?? 0) + 1;
    }
    return t;
  }

  of(leadId: string): LeadOutcome {
    const r = sql(this.db, 'SELECT outcome FROM lead_outcomes WHERE workspace_id = ? AND lead_id = ?').get(this.workspaceId, leadId) as { outcome: RecordedOutcome } | undefined;
    return r?.outcome ?? 'no_reply_yet';
  }

  /** Leads per outcome, the exported first messages with none counted as "no reply yet". */
  counts(): Record<LeadOutcome, number> {
    const out = Object.fromEntries(LEAD_OUTCOMES.map((o) => [o, 0])) as Record<LeadOutcome, number>;
    for (const r of sql(this.db, 'SELECT outcome, COUNT(*) AS n FROM lead_outcomes WHERE workspace_id = ? GROUP BY outcome').all(this.workspaceId) as Array<{ outcome: RecordedOutcome; n: number }>) out[r.outcome] = r.n;
    const waiting = sql(this.db, `SELECT COUNT(DISTINCT d.lead_id) AS n FROM drafts d WHERE d.workspace_id = ? AND d.status = 'exported' AND d.follow_up_step = 0
        AND NOT EXISTS (SELECT 1 FROM lead_outcomes o WHERE o.workspace_id = d.workspace_id AND o.lead_id = d.lead_id)`).get(this.workspaceId) as { n: number };
    out.no_reply_yet = waiting.n;
    return out;
  }

  /**
   * Per angle, tone and variant of the exported first messages: how many went out and how many got a
   * reply (any answer from a person; a bounce or an auto-reply is none). The angle is the writer's, read
   * from the version the rep started from.
   */
  replyRates(): Array<{ angle: string; tone: string; variant: number; sent: number; replied: number }> {
    return sql(this.db, `
      WITH firsts AS (
        SELECT d.id, d.lead_id, d.variant,
          (SELECT json_extract(v.metrics, '$.angle') FROM draft_versions v WHERE v.draft_id = d.id AND v.kind <> 'edited' AND json_extract(v.metrics, '$.angle') IS NOT NULL ORDER BY v.created_at DESC, v.rowid DESC LIMIT 1) AS angle,
          (SELECT json_extract(a.config, '$.tone') FROM executions e JOIN agents a ON a.id = e.agent_id WHERE e.id = d.execution_id) AS tone
        FROM drafts d WHERE d.workspace_id = ? AND d.status = 'exported' AND d.follow_up_step = 0
      )
      SELECT COALESCE(f.angle, 'none') AS angle, COALESCE(f.tone, 'friendly') AS tone, f.variant AS variant, COUNT(*) AS sent,
        SUM(CASE WHEN o.outcome IN ('replied', 'positive', 'not_now', 'stop') THEN 1 ELSE 0 END) AS replied
      FROM firsts f LEFT JOIN lead_outcomes o ON o.workspace_id = ? AND o.lead_id = f.lead_id
      GROUP BY 1, 2, 3 ORDER BY sent DESC`).all(this.workspaceId, this.workspaceId) as Array<{ angle: string; tone: string; variant: number; sent: number; replied: number }>;
  }
}
