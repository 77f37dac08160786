import type { Db } from './database';
import { nowIso, sql } from './database';

/** Preferences of whoever uses this database (the workspace opened by default), across workspaces. */
export class Preferences {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | null {
    const r = sql(this.db, 'SELECT value FROM preferences WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    sql(this.db, 'INSERT INTO preferences (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), nowIso());
  }

  delete(key: string): void {
    sql(this.db, 'DELETE FROM preferences WHERE key = ?').run(key);
  }
}
