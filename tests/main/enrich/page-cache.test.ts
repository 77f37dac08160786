import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/database';
import { PageCache } from '../../../main/store/page-cache';

const dir = mkdtempSync(join(tmpdir(), 'hunter-cache-'));
const db = openDatabase(join(dir, 'cache.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PageCache (page_cache table)', () => {
  it('stores a page per workspace and forgets it after its time to live', () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const cache = new PageCache(db, 'ws_a', { ttlMs: 60_000, now: () => now });
    const stored = cache.put({ url: 'https://a.example.org/', final_url: 'https://a.example.org/home', status: 200, content_type: 'text/html; charset=utf-8', body: Buffer.from('<p>ä</p>') });
    expect(stored.expires_at).toBe('2025-01-01T00:01:00.000Z');
    const hit = cache.get('https://a.example.org/')!;
    expect(hit).toMatchObject({ final_url: 'https://a.example.org/home', status: 200, fetched_at: '2025-01-01T00:00:00.000Z' });
    expect(hit.body.toString('utf8')).toBe('<p>ä</p>');
    expect(new PageCache(db, 'ws_b', { now: () => now }).get('https://a.example.org/')).toBeNull();
    expect(cache.count()).toBe(1);

    // Storing again replaces the page and renews its life.
    now = new Date('2025-01-01T00:00:30Z');
    cache.put({ url: 'https://a.example.org/', final_url: 'https://a.example.org/', status: 200, content_type: null, body: Buffer.from('new') });
    now = new Date('2025-01-01T00:01:10Z');
    expect(cache.get('https://a.example.org/')!.body.toString()).toBe('new');
    now = new Date('2025-01-01T00:02:00Z');
    expect(cache.get('https://a.example.org/')).toBeNull();
    expect(cache.purgeExpired()).toBe(1);
    expect(cache.count()).toBe(0);
    cache.put({ url: 'https://a.example.org/x', final_url: 'https://a.example.org/x', status: 404, content_type: 'text/html', body: Buffer.alloc(0) });
    cache.delete('https://a.example.org/x');
    expect(cache.count()).toBe(0);
  });
});
