import type { Db } from './database';
import { nowIso, sql } from './database';

/** Plain settings of a workspace (never secrets: keys live in the OS keychain or the environment). */
export class Settings {
  constructor(private readonly db: Db, readonly workspaceId: string) {}

  get<T>(key: string): T | null {
    const r = sql(this.db, 'SELECT value FROM settings WHERE workspace_id = ? AND key = ?').get(this.workspaceId, key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    if (/key|secret|password|token/i.test(key) && !/^(has_|uses_)/.test(key)) {
      // Secrets never go to SQLite: the file is easy to copy and is not encrypted.
      throw new Error(`setting "${key}" looks like a secret; store it with the secret store instead`);
    }
    sql(this.db, `INSERT INTO settings (workspace_id, key, value, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
      .run(this.workspaceId, key, JSON.stringify(value), nowIso());
  }

  all(): Record<string, unknown> {
    const rows = sql(this.db, 'SELECT key, value FROM settings WHERE workspace_id = ?').all(this.workspaceId) as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }
}
