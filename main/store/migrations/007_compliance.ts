import { randomBytes } from 'node:crypto';
import { sealLegacyEntries } from '../audit';
import { descriptionDigest } from '../ledger-digest';
import type { Migration } from '../migrate';

/**
 * What the rep owes the people they write to: a do-not-contact list, erasable personal data in the audit
 * log, erasable names in the ledger's descriptions, a record of erasures, and what retention purges by.
 *
 * - audit_payloads: an entry's payload ("changes") moves out of the hashed chain; the chain keeps a salted
 *   digest of it, so a payload can be blanked (by an erase or a purge) while every entry still verifies.
 *   Entries written before keep their hashes; their payloads move too, and one seal per workspace (the
 *   newer form) vouches for the rest of each of them once their payload is blanked.
 * - credit_ledger gets a salted commitment per description, for the same reason: an erase takes a
 *   business's name out of a description and the money still verifies.
 * - page_cache gets indexes on its times: purging by age otherwise reads every cached page's body.
 */
export const migration007: Migration = {
  version: 7,
  name: 'do-not-contact list, erasable audit payloads, erasures and retention',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE audit_log ADD COLUMN payload_digest TEXT;
      CREATE TABLE audit_payloads (
        entry_id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        -- Both NULL once blanked; erased_by names the erasure (or purge) entry that says why.
        salt TEXT,
        body TEXT,
        erased_at TEXT,
        erased_by TEXT
      ) WITHOUT ROWID;
      -- A payload is only ever blanked, never rewritten or removed.
      CREATE TRIGGER audit_payloads_blank_only BEFORE UPDATE ON audit_payloads
        WHEN OLD.body IS NULL OR NEW.body IS NOT NULL OR NEW.salt IS NOT NULL OR NEW.entry_id IS NOT OLD.entry_id
          OR NEW.workspace_id IS NOT OLD.workspace_id OR NEW.erased_by IS NULL
        BEGIN SELECT RAISE(ABORT, 'an audit payload can only be erased'); END;
      CREATE TRIGGER audit_payloads_no_delete BEFORE DELETE ON audit_payloads
        BEGIN SELECT RAISE(ABORT, 'audit payloads are kept (blank one to erase it)'); END;

      ALTER TABLE credit_ledger ADD COLUMN description_salt TEXT;
      ALTER TABLE credit_ledger ADD COLUMN description_digest TEXT;
      ALTER TABLE credit_ledger ADD COLUMN scrubbed_at TEXT;

      -- A rejected or expired draft whose text retention removed.
      ALTER TABLE drafts ADD COLUMN body_purged_at TEXT;

      CREATE TABLE dnc_entries (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'domain', 'phone', 'name')),
        -- The normalised value; NULL when only the hash is kept (an erased person's address).
        value TEXT,
        value_hash TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('manual', 'import', 'rejection', 'reply', 'erasure')),
        reason TEXT,
        -- The lead it was added from (a rejection), if any; no foreign key: the lead may be erased since.
        lead_id TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (workspace_id, kind, value_hash)
      );
      CREATE INDEX dnc_value ON dnc_entries(workspace_id, kind, value);
      CREATE TABLE dnc_salts (
        workspace_id TEXT PRIMARY KEY,
        salt TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      -- What each erase did, without the personal data: refuses a second erase of the same lead.
      CREATE TABLE erasures (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        lead_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        erased_at TEXT NOT NULL,
        audit_id TEXT NOT NULL,
        report TEXT NOT NULL
      );
      CREATE INDEX erasures_lead ON erasures(lead_id);

      -- Facts about this file (not a workspace): e.g. that it held data before deletes were zeroed.
      CREATE TABLE file_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE INDEX page_cache_expiry ON page_cache(workspace_id, expires_at);
      CREATE INDEX page_cache_fetched ON page_cache(workspace_id, fetched_at);
    `);

    db.function('hunter_salt16', { deterministic: false }, () => randomBytes(16).toString('hex'));
    db.function('hunter_description_digest', { deterministic: true }, (salt: unknown, d: unknown) => descriptionDigest(String(salt), String(d)));
    db.exec(`
      UPDATE credit_ledger SET description_salt = hunter_salt16();
      UPDATE credit_ledger SET description_digest = hunter_description_digest(description_salt, description);
    `);

    sealLegacyEntries(db);

    // Rows deleted before secure_delete was on may linger in free space: the first erase in such a file
    // rebuilds it (VACUUM) so nothing of the erased lead survives there.
    const held = (db.prepare('SELECT (SELECT COUNT(*) FROM leads) + (SELECT COUNT(*) FROM audit_log) AS n').get() as { n: number }).n;
    if (held > 0) db.prepare("INSERT INTO file_state (key, value) VALUES ('rebuild_before_erase', '1')").run();
  },
};
