import type { Migration } from '../migrate';

/**
 * Follow-ups, variants, rejection reasons and what the rep's mailbox says back (issue 16).
 *
 * - drafts gets `scheduled` and `cancelled` statuses, `follow_up_of` / `follow_up_step` / `due_at` for a
 *   follow-up, `variant` for a second version of a lead's first message, and the reasons a draft was
 *   rejected or cancelled. SQLite cannot change a CHECK or a UNIQUE in place, and with foreign keys on it
 *   cannot drop a parent table, so drafts and its child draft_versions are rebuilt side by side, the old
 *   ones dropped child first, and the new ones renamed into place (which rewrites the child's reference).
 * - mail_events: each message of the rep's mailbox the reply check classified, by folder, UIDVALIDITY and
 *   UID, so a second check never counts one twice. No address or text is kept, only what it meant.
 * - lead_outcomes: what the first message to a lead led to (replied, positive, not now, stop, bounced).
 * - reply_checks: where the last check of each folder stopped (its UIDVALIDITY and highest UID), so the
 *   next one fetches only what arrived since.
 */
export const migration009: Migration = {
  version: 9,
  name: 'follow-ups, variants, rejection reasons and replies',
  up(db) {
    db.exec(`
      CREATE TABLE drafts_next (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        channel TEXT NOT NULL,
        recipient TEXT,
        recipient_status TEXT,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        current_version TEXT NOT NULL CHECK (current_version IN ('draft','refined','edited')),
        model_used TEXT NOT NULL,
        message_quality_score REAL NOT NULL,
        lead_score REAL NOT NULL,
        rank_score REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending_review','approved','rejected','exported','expired','scheduled','cancelled')),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        decided_at TEXT,
        exported_at TEXT,
        export_format TEXT,
        body_purged_at TEXT,
        -- The first message a follow-up refers to (no foreign key: an erase removes a lead's drafts together).
        follow_up_of TEXT,
        follow_up_step INTEGER NOT NULL DEFAULT 0,
        due_at TEXT,
        -- 0 for the first (or only) version of a lead's message, 1 for the second variant.
        variant INTEGER NOT NULL DEFAULT 0,
        reject_reason TEXT CHECK (reject_reason IN ('wrong_person','wrong_business','bad_message','not_now','do_not_contact','other_variant')),
        cancel_reason TEXT CHECK (cancel_reason IN ('replied','bounced','do_not_contact')),
        UNIQUE (execution_id, lead_id, channel, follow_up_step, variant)
      );
      INSERT INTO drafts_next (id, workspace_id, execution_id, lead_id, channel, recipient, recipient_status, subject, body, current_version,
          model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at, decided_at, exported_at, export_format, body_purged_at)
        SELECT id, workspace_id, execution_id, lead_id, channel, recipient, recipient_status, subject, body, current_version,
          model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at, decided_at, exported_at, export_format, body_purged_at
        FROM drafts;
      CREATE TABLE draft_versions_next (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        draft_id TEXT NOT NULL REFERENCES drafts_next(id),
        kind TEXT NOT NULL CHECK (kind IN ('draft','refined','edited')),
        body TEXT NOT NULL,
        subject TEXT,
        model_used TEXT NOT NULL,
        metrics TEXT,
        created_at TEXT NOT NULL
      );
      INSERT INTO draft_versions_next SELECT id, workspace_id, draft_id, kind, body, subject, model_used, metrics, created_at FROM draft_versions;
      DROP TABLE draft_versions;
      DROP TABLE drafts;
      ALTER TABLE drafts_next RENAME TO drafts;
      ALTER TABLE draft_versions_next RENAME TO draft_versions;
      CREATE INDEX drafts_ws_status ON drafts(workspace_id, status, rank_score DESC);
      CREATE INDEX drafts_lead ON drafts(workspace_id, lead_id);
      CREATE INDEX drafts_due ON drafts(workspace_id, status, due_at);
      CREATE INDEX drafts_follow_up_of ON drafts(follow_up_of);
      CREATE INDEX draft_versions_draft ON draft_versions(draft_id, created_at);

      CREATE TABLE mail_events (
        workspace_id TEXT NOT NULL,
        mailbox TEXT NOT NULL,
        uid_validity TEXT NOT NULL,
        uid INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reply','bounce','auto_reply')),
        outcome TEXT CHECK (outcome IN ('replied','positive','not_now','stop','bounced')),
        language TEXT,
        lead_id TEXT,
        draft_id TEXT,
        received_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, mailbox, uid_validity, uid)
      ) WITHOUT ROWID;
      CREATE INDEX mail_events_lead ON mail_events(workspace_id, lead_id);

      CREATE TABLE lead_outcomes (
        workspace_id TEXT NOT NULL,
        lead_id TEXT NOT NULL,
        draft_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('replied','positive','not_now','stop','bounced')),
        received_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, lead_id)
      ) WITHOUT ROWID;

      CREATE TABLE reply_checks (
        workspace_id TEXT NOT NULL,
        account TEXT NOT NULL,
        mailbox TEXT NOT NULL,
        uid_validity TEXT NOT NULL,
        last_uid INTEGER NOT NULL,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, account, mailbox)
      ) WITHOUT ROWID;
    `);
  },
};
