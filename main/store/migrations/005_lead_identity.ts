import type { Migration } from '../migrate';

/**
 * Identity that means the same business. A phone shared by a group practice or a call-tracking service
 * is held by several leads, so a key may now name more than one lead; every sighting that joined a lead
 * is recorded with the key it joined by (and what it filled in, so it can be split off again); leads that
 * share a key but disagree elsewhere are linked as "may be related" for the rep to decide.
 */
export const migration005: Migration = {
  version: 5,
  name: 'lead identity (shared keys, recorded merges, related leads) and retried steps',
  up(db) {
    db.exec(`
      CREATE TABLE lead_keys_v5 (
        workspace_id TEXT NOT NULL,
        key TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        PRIMARY KEY (workspace_id, key, lead_id)
      ) WITHOUT ROWID;
      INSERT INTO lead_keys_v5 (workspace_id, key, lead_id) SELECT workspace_id, key, lead_id FROM lead_keys;
      DROP TABLE lead_keys;
      ALTER TABLE lead_keys_v5 RENAME TO lead_keys;
      CREATE INDEX lead_keys_lead ON lead_keys(lead_id);

      -- The execution that first found the lead: a resumed import that reads the same row again knows it.
      ALTER TABLE leads ADD COLUMN found_in TEXT;
      -- A lead the rep merged into another is kept (its drafts and history point at it) but no longer listed.
      ALTER TABLE leads ADD COLUMN merged_into TEXT;

      -- Each sighting that joined an existing lead: which row or place, by which key, what it filled in.
      CREATE TABLE lead_merges (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        execution_id TEXT,
        source TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        matched_by TEXT NOT NULL,
        -- The sighting as read (for a merged lead: its id), its keys and blocks, the fields it filled (with
        -- what they were) and the ids of the facts it brought: enough to split it off again.
        sighting TEXT NOT NULL,
        keys TEXT NOT NULL,
        blocks TEXT NOT NULL,
        filled TEXT NOT NULL,
        facts TEXT NOT NULL,
        created_at TEXT NOT NULL,
        split_into TEXT,
        split_at TEXT,
        -- 'sighting': a row or place that joined the lead; 'lead': a whole lead the rep merged into it.
        kind TEXT NOT NULL DEFAULT 'sighting' CHECK (kind IN ('sighting', 'lead'))
      );
      CREATE UNIQUE INDEX lead_merges_sighting ON lead_merges(workspace_id, execution_id, source, source_ref);
      CREATE INDEX lead_merges_lead ON lead_merges(workspace_id, lead_id);

      -- Two leads that share a key but not the rest: 'possible' until the rep decides; 'distinct' once
      -- they say so (or split a merge), so no later run joins them again.
      CREATE TABLE lead_links (
        workspace_id TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        other_id TEXT NOT NULL REFERENCES leads(id),
        matched_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('possible', 'distinct')),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        PRIMARY KEY (workspace_id, lead_id, other_id),
        CHECK (lead_id < other_id)
      ) WITHOUT ROWID;
      CREATE INDEX lead_links_other ON lead_links(workspace_id, other_id);

      -- The unique (lead_id, kind, value, source_url) index finds a lead's facts already; this one only cost
      -- every fact insert a third index write and the file 50 bytes a fact.
      DROP INDEX IF EXISTS facts_lead;

      -- A step that ended in a provider failure is run again on resume; its earlier rounds are kept here, so
      -- what they charged stays accounted for and the new round's charges get keys of their own.
      CREATE TABLE step_history (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        lead_id TEXT NOT NULL,
        recipe_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        workspace_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        result TEXT,
        error_code TEXT,
        error_message TEXT,
        credits_micros INTEGER NOT NULL,
        api_calls INTEGER NOT NULL,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (execution_id, recipe_id, lead_id, round)
      ) WITHOUT ROWID;
    `);
  },
};
