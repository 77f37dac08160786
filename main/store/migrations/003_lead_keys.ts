import type { Migration } from '../migrate';

/**
 * Every identity a lead is known by (its own domain, its phone in E.164, a Maps place id, its name in
 * its town), so a business found again by another source — a CSV row with only a phone, a Maps place
 * with the website too — is recognised as the same lead. Backfills the one key each lead had so far.
 */
export const migration003: Migration = {
  version: 3,
  name: 'lead identity keys',
  up(db) {
    db.exec(`
      CREATE TABLE lead_keys (
        workspace_id TEXT NOT NULL,
        key TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        PRIMARY KEY (workspace_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX lead_keys_lead ON lead_keys(lead_id);
      INSERT OR IGNORE INTO lead_keys (workspace_id, key, lead_id) SELECT workspace_id, dedupe_key, id FROM leads;
    `);
  },
};
