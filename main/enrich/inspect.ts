import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FactInput } from '../core/domain';
import { HunterError, toHunterError } from '../core/errors';
import type { PageCache } from '../store/page-cache';
import { decodeBody } from './charset';
import { PageGetter } from './crawler';
import { sniffBinary, DEFAULT_FETCH_LIMITS, type FetchLimits } from './fetch-page';
import { extractPage } from './extract-page';
import { parsePage } from './html-page';
import { findPageDates, type DateSignal, type RejectedDate } from './extract/page-date';
import { HostLimiter } from './host-limiter';
import type { PageKind } from './extract/context';

export interface InspectOptions {
  /** For a file: the address it was saved from (so the site's domain and country are known). */
  baseUrl?: string;
  cache?: PageCache | null;
  limits?: Partial<FetchLimits>;
  userAgent?: string;
  defaultCountry?: string;
  pageKind?: PageKind;
  now?: () => Date;
  lookup?: LookupFunction;
}

export interface InspectResult {
  input: string;
  /** The address the facts point at (a file:// URL for a file without `baseUrl`). */
  url: string;
  final_url: string;
  from: 'file' | 'network' | 'cache';
  status: number | null;
  charset: string;
  bytes: number;
  facts: FactInput[];
  /** The page's dates: its latest (the newer of published and modified), every signal found, and what was not believed and why. */
  dates: InspectDates;
}

export interface InspectDates {
  latest: DateSignal | null;
  published: DateSignal | null;
  modified: DateSignal | null;
  signals: DateSignal[];
  rejected: RejectedDate[];
  /** How numeric dates such as 03/04/2024 were read on this page. */
  day_order: 'dmy' | 'mdy';
}

function datesOf(html: string, url: string, now: Date): InspectDates {
  const d = findPageDates({ page: parsePage(html, url), now });
  return { latest: d.latest ?? null, published: d.published ?? null, modified: d.modified ?? null, signals: d.signals, rejected: d.rejected, day_order: d.order };
}

function isWebAddress(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

function readBounded(file: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new HunterError('INVALID_INPUT', `${file} is not a file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof HunterError) throw err;
    throw new HunterError('NOT_FOUND', `No file at ${file}.`, { cause: err });
  }
  if (size > maxBytes) throw new HunterError('PAGE_TOO_LARGE', `${file} is ${size} bytes; pages are read up to ${maxBytes}.`);
  const buf = Buffer.alloc(size);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/**
 * Every fact one page shows, with its method (`hunter inspect FILE_OR_URL --json`). A web address is
 * fetched with the crawler's limits (through the page cache when given); a file is read from disk.
 */
export async function inspectPage(fileOrUrl: string, o: InspectOptions = {}): Promise<InspectResult> {
  const now = o.now?.() ?? new Date();
  const limits = { ...DEFAULT_FETCH_LIMITS, ...o.limits };
  const extract = (html: string, url: string) => extractPage(html, url, { now, observedAt: now.toISOString(), defaultCountry: o.defaultCountry, pageKind: o.pageKind });
  if (isWebAddress(fileOrUrl)) {
    const getter = new PageGetter({ cache: o.cache, limits, userAgent: o.userAgent, lookup: o.lookup }, new HostLimiter({ minIntervalMs: 0 }));
    let got;
    try {
      got = await getter.get(fileOrUrl, 'html');
    } catch (err) {
      throw toHunterError(err);
    }
    const { page, from_cache } = got;
    if (page.status >= 400) throw new HunterError('HTTP_ERROR', `${fileOrUrl} answered ${page.status}.`);
    return {
      input: fileOrUrl,
      url: page.url,
      final_url: page.final_url,
      from: from_cache ? 'cache' : 'network',
      status: page.status,
      charset: page.charset,
      bytes: page.bytes,
      facts: extract(page.text, page.final_url),
      dates: datesOf(page.text, page.final_url, now),
    };
  }
  const path = resolve(fileOrUrl);
  const body = readBounded(path, limits.maxBytes);
  const binary = sniffBinary(body.subarray(0, 1024));
  if (binary) throw new HunterError('NOT_HTML', `${fileOrUrl} is ${binary}, not a web page.`);
  const { text, charset } = decodeBody(body, null);
  let url = pathToFileURL(path).toString();
  if (o.baseUrl) {
    if (!isWebAddress(o.baseUrl)) throw new HunterError('INVALID_INPUT', `--url must be an http(s) address, not "${o.baseUrl}".`);
    url = o.baseUrl;
  }
  return { input: fileOrUrl, url, final_url: url, from: 'file', status: null, charset, bytes: body.length, facts: extract(text, url), dates: datesOf(text, url, now) };
}
