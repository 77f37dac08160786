import type { Db } from './database';
import { sql } from './database';

/**
 * Model drafts of one workspace, by a key covering everything that shapes them (see ai/draft-cache.ts):
 * the same inputs give the cached texts instead of a new paid call. Stored as JSON; the store does not
 * look inside.
 */
export class DraftCacheTable<T> {
  constructor(private readonly db: Db, readonly workspaceId: string) {}

  get(key: string, maxAgeMs?: number): T | null {
    const row = sql(this.db, 'SELECT result, created_at FROM draft_cache WHERE workspace_id = ? AND cache_key = ?').get(this.workspaceId, key) as { result: string; created_at: string } | undefined;
    if (!row) return null;
    if (maxAgeMs !== undefined && Date.now() - Date.parse(row.created_at) > maxAgeMs) return null;
    return JSON.parse(row.result) as T;
  }

  put(key: string, value: T): void {
    sql(this.db, `INSERT INTO draft_cache (workspace_id, cache_key, result, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (workspace_id, cache_key) DO UPDATE SET result = excluded.result, created_at = excluded.created_at`)
      .run(this.workspaceId, key, JSON.stringify(value), new Date().toISOString());
  }
}
