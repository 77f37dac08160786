import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import * as z from 'zod';
import { HunterError } from '../core/errors';
import type { PageCache } from '../store/page-cache';
import { decodeBody } from './charset';

/**
 * `manifest.json` beside the saved pages: either `{ "https://example.com/": "example-home.html", … }` or
 * `{ "pages": [{ "url": …, "file": …, "content_type"?: …, "status"?: … }] }`.
 */
const Entry = z.object({
  url: z.string().regex(/^https?:\/\//i, 'an http(s) address'),
  file: z.string().min(1),
  content_type: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
});
const Manifest = z.union([z.object({ pages: z.array(Entry) }), z.record(z.string().regex(/^https?:\/\//i, 'an http(s) address'), z.string().min(1))]);

export interface LoadedPages {
  loaded: number;
  urls: string[];
}

/** A century: saved demo pages never expire. */
const SAVED_TTL_MS = 100 * 365 * 24 * 3600 * 1000;
const MAX_SAVED_BYTES = 5 * 1024 * 1024;

/** Loads saved HTML files into the page cache, so enrichment reads them as if fetched (the offline demo). */
export function loadSavedPages(dir: string, cache: PageCache, options: { ttlMs?: number } = {}): LoadedPages {
  const root = resolve(dir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(root, 'manifest.json'), 'utf8'));
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `${root}/manifest.json is missing or not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw new HunterError('INVALID_INPUT', `${root}/manifest.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const entries = 'pages' in parsed.data && Array.isArray(parsed.data.pages) ? (parsed.data.pages as z.infer<typeof Entry>[]) : Object.entries(parsed.data as Record<string, string>).map(([url, file]) => ({ url, file }) as z.infer<typeof Entry>);
  const urls: string[] = [];
  for (const e of entries) {
    const path = resolve(root, e.file);
    const rel = relative(root, path);
    // A manifest may only name files inside its own folder.
    if (rel.startsWith('..') || isAbsolute(rel)) throw new HunterError('INVALID_INPUT', `manifest.json names a file outside ${root}: ${e.file}`);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (err) {
      throw new HunterError('INVALID_INPUT', `manifest.json names ${e.file}, which does not exist.`, { cause: err });
    }
    if (size > MAX_SAVED_BYTES) throw new HunterError('PAGE_TOO_LARGE', `${e.file} is ${size} bytes; saved pages are read up to ${MAX_SAVED_BYTES}.`);
    const mime = (e.content_type ?? (/\.xml$/i.test(e.file) ? 'application/xml' : /\.txt$/i.test(e.file) ? 'text/plain' : 'text/html')).split(';')[0]!.trim();
    const { text } = decodeBody(readFileSync(path), e.content_type ?? null);
    cache.put({ url: e.url, final_url: e.url, status: e.status ?? 200, content_type: `${mime}; charset=utf-8`, body: Buffer.from(text, 'utf8') }, options.ttlMs ?? SAVED_TTL_MS);
    urls.push(e.url);
  }
  return { loaded: urls.length, urls };
}
