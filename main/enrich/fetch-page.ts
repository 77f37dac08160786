import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { HunterError, toHunterError } from '../core/errors';
import { decodeBody } from './charset';

export interface FetchLimits {
  /** The whole fetch, redirects included. */
  totalTimeoutMs: number;
  /** Silence on the socket (connecting, or between two chunks). */
  idleTimeoutMs: number;
  /** Decoded body size; a bigger page is cut off with PAGE_TOO_LARGE. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { totalTimeoutMs: 20_000, idleTimeoutMs: 8_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };

export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; TheHunter/0.1; +https://github.com/the-hunter-app)';

/** `html`: a web page is required; `text`: robots.txt, sitemaps (XML, plain text, gzip). */
export type Expect = 'html' | 'text';

export interface FetchOptions {
  limits?: Partial<FetchLimits>;
  userAgent?: string;
  expect?: Expect;
  signal?: AbortSignal;
  acceptLanguage?: string;
  /** Host name resolution override (pinning a site to an address; tests map fictional sites to 127.0.0.1). */
  lookup?: LookupFunction;
}

export interface FetchedPage {
  url: string;
  final_url: string;
  status: number;
  content_type: string | null;
  text: string;
  charset: string;
  bytes: number;
  redirects: string[];
  fetched_at: string;
  /** The Last-Modified header, as sent: one of the page's dates (page-date.ts). */
  last_modified?: string | null;
}

const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(pdf|zip|x-zip|octet-stream|x-rar|x-7z|x-tar|msword|vnd\.|x-msdownload|x-shockwave-flash|wasm|java-archive|x-executable|ogg)/i;
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)/i;
const TEXT_TYPES = /^(text\/|application\/(xml|[\w.+-]+\+xml|json|x-gzip|gzip))/i;

/** File signatures that say "this is not a web page" whatever the Content-Type claims. */
const MAGIC: [string, number[]][] = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['ZIP', [0x50, 0x4b, 0x03, 0x04]],
  ['GZIP', [0x1f, 0x8b]],
  ['RIFF', [0x52, 0x49, 0x46, 0x46]],
  ['OGG', [0x4f, 0x67, 0x67, 0x53]],
  ['MP3', [0x49, 0x44, 0x33]],
  ['ELF', [0x7f, 0x45, 0x4c, 0x46]],
  ['EXE', [0x4d, 0x5a]],
  ['WASM', [0x00, 0x61, 0x73, 0x6d]],
];

/** Binary content served as a page: a known file signature, NUL bytes, or mostly control characters. */
export function sniffBinary(head: Buffer): string | null {
  for (const [name, sig] of MAGIC) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) return name;
  }
  const sample = head.subarray(0, 1024);
  // UTF-16 text has NULs too; it starts with a BOM, which decodeBody handles.
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return null;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return 'binary data (NUL bytes)';
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1 ? 'binary data' : null;
}

function mimeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Fetches one page over plain HTTP with every limit a hostile or broken site needs: total and idle
 * timeouts, a size cap enforced while streaming (also after decompression), a redirect cap, binary
 * refusal before the body is read, and charset decoding. Any status is returned; the caller judges it.
 */
export async function fetchPage(url: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new HunterError('INVALID_INPUT', `Not a web address: ${url}`);
  }
  const redirects: string[] = [];
  const deadline = Date.now() + limits.totalTimeoutMs;
  for (;;) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new HunterError('INVALID_INPUT', `Only http and https pages are read, not ${current.protocol} (${current.toString()})`);
    }
    const hop = await requestOnce(current, options, limits, deadline);
    if (hop.redirect) {
      if (redirects.length >= limits.maxRedirects) {
        throw new HunterError('TOO_MANY_REDIRECTS', `${url} redirects more than ${limits.maxRedirects} times (last: ${current.toString()}).`);
      }
      let next: URL;
      try {
        next = new URL(hop.redirect, current);
      } catch {
        throw new HunterError('HTTP_ERROR', `${current.toString()} redirects to an invalid address.`);
      }
      redirects.push(next.toString());
      current = next;
      continue;
    }
    const { text, charset } = decodeBody(hop.body, hop.contentType);
    return {
      url,
      final_url: current.toString(),
      status: hop.status,
      content_type: hop.contentType,
      text,
      charset,
      bytes: hop.body.length,
      redirects,
      fetched_at: new Date().toISOString(),
      last_modified: hop.lastModified ?? null,
    };
  }
}

interface Hop {
  status: number;
  contentType: string | null;
  body: Buffer;
  redirect?: string;
  lastModified?: string | null;
}

function requestOnce(url: URL, options: FetchOptions, limits: FetchLimits, deadline: number): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new HunterError('TIMEOUT', `${url.host} took longer than ${limits.totalTimeoutMs} ms.`));
    let settled = false;
    const finish = (err: unknown, hop?: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err instanceof HunterError ? err : mapNetworkError(err, url));
      } else resolve(hop!);
    };
    const onAbort = () => finish(new HunterError('CANCELLED', 'The page fetch was cancelled.'));
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      ...(options.lookup ? { lookup: options.lookup } : {}),
      headers: {
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        accept: options.expect === 'text' ? 'text/plain, application/xml, text/xml, */*;q=0.5' : 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': options.acceptLanguage ?? 'en, *;q=0.5',
      },
    });
    const totalTimer = setTimeout(() => finish(new HunterError('TIMEOUT', `${url.host} took longer than ${limits.totalTimeoutMs} ms.`)), remaining);
    req.setTimeout(limits.idleTimeoutMs, () => finish(new HunterError('TIMEOUT', `${url.host} went silent for ${limits.idleTimeoutMs} ms.`)));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish(err));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return finish(null, { status, contentType, body: Buffer.alloc(0), redirect: res.headers.location });
      }
      const mime = mimeOf(contentType);
      const expect = options.expect ?? 'html';
      if (status < 400 && mime) {
        const refused = BINARY_TYPES.test(mime) || (expect === 'html' ? !HTML_TYPES.test(mime) && !/^text\/plain/.test(mime) : !TEXT_TYPES.test(mime));
        if (refused) return finish(new HunterError('NOT_HTML', `${url.toString()} is ${mime}, not a web page.`));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        return finish(new HunterError('PAGE_TOO_LARGE', `${url.toString()} is ${declared} bytes; pages are read up to ${limits.maxBytes}.`));
      }
      let stream: Readable = res;
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      const gzipFile = expect === 'text' && /gzip/.test(mime);
      if (encoding === 'gzip' || encoding === 'x-gzip' || gzipFile) stream = res.pipe(zlib.createGunzip());
      else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
      else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
      if (stream !== res) stream.on('error', (err) => finish(new HunterError('HTTP_ERROR', `${url.toString()} sent a broken ${encoding || 'gzip'} body: ${err.message}`)));
      res.on('error', (err) => finish(err));
      const chunks: Buffer[] = [];
      let size = 0;
      let sniffed = false;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > limits.maxBytes) {
          return finish(new HunterError('PAGE_TOO_LARGE', `${url.toString()} is larger than ${limits.maxBytes} bytes; reading stopped there.`));
        }
        chunks.push(chunk);
        if (!sniffed && size >= 512 && status < 400) {
          sniffed = true;
          const kind = sniffBinary(Buffer.concat(chunks));
          if (kind) finish(new HunterError('NOT_HTML', `${url.toString()} is ${kind}, not a web page (though it says ${mime || 'nothing'}).`));
        }
      });
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        if (!sniffed && status < 400) {
          const kind = sniffBinary(body);
          if (kind) return finish(new HunterError('NOT_HTML', `${url.toString()} is ${kind}, not a web page.`));
        }
        finish(null, { status, contentType, body, lastModified: typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : null });
      });
    });
    req.end();
  });
}

function mapNetworkError(err: unknown, url: URL): HunterError {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && /^(CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL)/.test(e.code)) {
    return new HunterError('CONNECTION_ERROR', `${url.host} has a broken HTTPS certificate (${e.code}).`, { cause: err, retryable: false });
  }
  if (e?.code === 'ENOTFOUND') return new HunterError('CONNECTION_ERROR', `${url.host} does not exist (DNS).`, { cause: err, retryable: false });
  if (e?.code === 'HPE_HEADER_OVERFLOW' || (typeof e?.code === 'string' && e.code.startsWith('HPE_'))) {
    return new HunterError('HTTP_ERROR', `${url.host} sent a malformed HTTP response (${e.code}).`, { cause: err });
  }
  const h = toHunterError(err);
  return h.code === 'INTERNAL' ? new HunterError('CONNECTION_ERROR', `${url.host}: ${h.message}`, { cause: err }) : h;
}
