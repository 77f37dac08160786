import type { Migration } from '../migrate';

/** The first schema: every table a workspace owns carries workspace_id, and every query filters by it. */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        plan_id TEXT NOT NULL DEFAULT 'trial',
        monthly_credits_micros INTEGER NOT NULL DEFAULT 25000000,
        api_calls_limit INTEGER NOT NULL DEFAULT 10000,
        trial_ends_at TEXT,
        created_at TEXT NOT NULL
      );

      CREATE TABLE settings (
        workspace_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, key)
      );

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX agents_ws ON agents(workspace_id);

      CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        agent_id TEXT NOT NULL REFERENCES agents(id),
        status TEXT NOT NULL CHECK (status IN ('pending','running','paused','completed','partial','failed','cancelled')),
        input TEXT NOT NULL,
        current_recipe TEXT,
        error_code TEXT,
        error_message TEXT,
        started_at TEXT NOT NULL,
        completed_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX executions_ws ON executions(workspace_id, started_at);

      -- One row per recipe of an execution: its envelope in and out.
      CREATE TABLE recipe_runs (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        workspace_id TEXT NOT NULL,
        recipe_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','prepared','running','success','partial','failed','skipped')),
        input TEXT,
        output TEXT,
        started_at TEXT,
        completed_at TEXT,
        PRIMARY KEY (execution_id, recipe_id)
      );

      CREATE TABLE leads (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces(id),
        name TEXT NOT NULL,
        website TEXT,
        domain TEXT,
        phone TEXT,
        email TEXT,
        address TEXT,
        city TEXT,
        country TEXT,
        category TEXT,
        rating REAL,
        review_count INTEGER,
        first_name TEXT,
        last_name TEXT,
        title TEXT,
        linkedin TEXT,
        place_id TEXT,
        sources TEXT NOT NULL,
        source_ref TEXT,
        dedupe_key TEXT NOT NULL,
        lead_score REAL,
        score_breakdown TEXT,
        quality_tier TEXT CHECK (quality_tier IS NULL OR quality_tier IN ('gold','silver','skipped')),
        scored_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (workspace_id, dedupe_key)
      );
      CREATE INDEX leads_ws_score ON leads(workspace_id, lead_score DESC);
      CREATE INDEX leads_ws_domain ON leads(workspace_id, domain);

      -- Which leads an execution works on (a lead can be in several runs).
      CREATE TABLE execution_leads (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        lead_id TEXT NOT NULL REFERENCES leads(id),
        workspace_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        PRIMARY KEY (execution_id, lead_id)
      ) WITHOUT ROWID;
      CREATE INDEX execution_leads_order ON execution_leads(execution_id, ordinal);

      -- Durable per-lead, per-recipe state: a step that is 'done' is never run again.
      CREATE TABLE steps (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        lead_id TEXT NOT NULL,
        recipe_id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done','failed','skipped')),
        attempts INTEGER NOT NULL,
        result TEXT,
        error_code TEXT,
        error_message TEXT,
        retryable INTEGER,
        credits_micros INTEGER NOT NULL DEFAULT 0,
        api_calls INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (execution_id, recipe_id, lead_id)
      ) WITHOUT ROWID;

      CREATE TABLE facts (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        detail TEXT,
        source_url TEXT,
        method TEXT NOT NULL,
        confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        observed_at TEXT NOT NULL,
        UNIQUE (lead_id, kind, value, source_url)
      );
      CREATE INDEX facts_lead ON facts(workspace_id, lead_id);

      CREATE TABLE drafts (
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
        status TEXT NOT NULL CHECK (status IN ('pending_review','approved','rejected','exported','expired')),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        decided_at TEXT,
        exported_at TEXT,
        export_format TEXT,
        UNIQUE (execution_id, lead_id, channel)
      );
      CREATE INDEX drafts_ws_status ON drafts(workspace_id, status, rank_score DESC);
      CREATE INDEX drafts_lead ON drafts(workspace_id, lead_id);

      CREATE TABLE draft_versions (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        draft_id TEXT NOT NULL REFERENCES drafts(id),
        kind TEXT NOT NULL CHECK (kind IN ('draft','refined','edited')),
        body TEXT NOT NULL,
        subject TEXT,
        model_used TEXT NOT NULL,
        metrics TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX draft_versions_draft ON draft_versions(draft_id, created_at);

      -- Money. Grants and refunds add, charges subtract; a paid step's hold lives in the running engine.
      CREATE TABLE credit_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('grant','charge','refund')),
        -- Micro-credits (1 credit = 1 000 000): integers add up exactly, floats drift.
        amount_micros INTEGER NOT NULL CHECK (amount_micros >= 0),
        -- One charge per paid step attempt: a retry or a resume cannot charge the same key twice.
        charge_key TEXT UNIQUE,
        execution_id TEXT,
        recipe_id TEXT,
        lead_id TEXT,
        description TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX credit_ledger_ws ON credit_ledger(workspace_id, created_at);

      -- The running totals, updated in the same transaction as each entry, so a balance is one read.
      CREATE TABLE credit_balances (
        workspace_id TEXT PRIMARY KEY,
        granted_micros INTEGER NOT NULL DEFAULT 0,
        charged_micros INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE api_usage (
        workspace_id TEXT NOT NULL,
        month TEXT NOT NULL,
        api_calls INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workspace_id, month)
      );

      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        trigger_type TEXT NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        context TEXT NOT NULL,
        action_required INTEGER NOT NULL,
        suggested_action TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        read INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX alerts_ws ON alerts(workspace_id, trigger_type, created_at);

      -- Append-only and hash-chained per workspace; the triggers make the database refuse edits.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action_type TEXT NOT NULL,
        resource TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        changes TEXT,
        context TEXT NOT NULL,
        result_status TEXT NOT NULL,
        error_code TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_ws ON audit_log(workspace_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- The chain's head per workspace, so removing the newest entries is detected too.
      CREATE TABLE audit_heads (
        workspace_id TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        last_hash TEXT NOT NULL,
        entries INTEGER NOT NULL
      );
    `);
  },
};
