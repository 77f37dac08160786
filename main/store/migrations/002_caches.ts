import type { Migration } from '../migrate';

/**
 * Caches that save the rep money and time: fetched web pages (with a time to live) and model drafts
 * keyed by everything that shapes them. Scoped by workspace like every other table.
 */
export const migration002: Migration = {
  version: 2,
  name: 'page and draft caches',
  up(db) {
    db.exec(`
      CREATE TABLE page_cache (
        workspace_id TEXT NOT NULL,
        url TEXT NOT NULL,
        final_url TEXT NOT NULL,
        status INTEGER NOT NULL,
        content_type TEXT,
        body BLOB,
        fetched_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, url)
      );
      CREATE TABLE draft_cache (
        workspace_id TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, cache_key)
      );
    `);
  },
};
