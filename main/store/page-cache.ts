import type { Db } from './database';
import { sql } from './database';

export interface CachedPage {
  url: string;
  final_url: string;
  status: number;
  content_type: string | null;
  body: Buffer;
  fetched_at: string;
  expires_at: string;
}

export type NewCachedPage = Pick<CachedPage, 'url' | 'final_url' | 'status' | 'content_type' | 'body'> & { fetched_at?: string };

export const DEFAULT_PAGE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Fetched web pages, per workspace, with a time to live: a re-run within the week reads the cache instead of
 * the site (polite, and fast). The demo loads saved pages here so extraction runs with no network.
 */
export class PageCache {
  private readonly getStmt;
  private readonly putStmt;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    readonly workspaceId: string,
    private readonly options: { ttlMs?: number; now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.getStmt = db.prepare('SELECT url, final_url, status, content_type, body, fetched_at, expires_at FROM page_cache WHERE workspace_id = ? AND url = ?');
    this.putStmt = db.prepare(`INSERT INTO page_cache (workspace_id, url, final_url, status, content_type, body, fetched_at, expires_at)
      VALUES (@workspace_id, @url, @final_url, @status, @content_type, @body, @fetched_at, @expires_at)
      ON CONFLICT (workspace_id, url) DO UPDATE SET final_url = excluded.final_url, status = excluded.status,
        content_type = excluded.content_type, body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`);
  }

  /** The cached page, or null when absent or expired. */
  get(url: string): CachedPage | null {
    const row = this.getStmt.get(this.workspaceId, url) as (Omit<CachedPage, 'body'> & { body: Buffer | null }) | undefined;
    if (!row) return null;
    if (row.expires_at <= this.now().toISOString()) return null;
    return { ...row, body: row.body ?? Buffer.alloc(0) };
  }

  put(page: NewCachedPage, ttlMs = this.options.ttlMs ?? DEFAULT_PAGE_TTL_MS): CachedPage {
    const fetched = page.fetched_at ?? this.now().toISOString();
    const expires = new Date(this.now().getTime() + ttlMs).toISOString();
    const row = { workspace_id: this.workspaceId, url: page.url, final_url: page.final_url, status: page.status, content_type: page.content_type, body: page.body, fetched_at: fetched, expires_at: expires };
    this.putStmt.run(row);
    return { url: page.url, final_url: page.final_url, status: page.status, content_type: page.content_type, body: page.body, fetched_at: fetched, expires_at: expires };
  }

  delete(url: string): void {
    sql(this.db, 'DELETE FROM page_cache WHERE workspace_id = ? AND url = ?').run(this.workspaceId, url);
  }

  /** Removes expired pages of this workspace; returns how many. */
  purgeExpired(): number {
    return sql(this.db, 'DELETE FROM page_cache WHERE workspace_id = ? AND expires_at <= ?').run(this.workspaceId, this.now().toISOString()).changes;
  }

  count(): number {
    return (sql(this.db, 'SELECT COUNT(*) AS n FROM page_cache WHERE workspace_id = ?').get(this.workspaceId) as { n: number }).n;
  }
}
