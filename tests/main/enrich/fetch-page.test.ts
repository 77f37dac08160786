import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { decodeBody } from '../../../main/enrich/charset';
import { fetchPage, sniffBinary, type FetchOptions } from '../../../main/enrich/fetch-page';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';
import { BAD, badSites } from '../../support/fixture-sites/sites';

let srv: FixtureServer;
beforeAll(async () => {
  srv = await startFixtureSites(() => [
    ...badSites(),
    {
      host: 'plain-site.com',
      pages: {
        '/': '<!DOCTYPE html><html><body><p>Hello</p></body></html>',
        '/moved': { status: 301, headers: { location: '/' }, body: '' },
        '/abs-moved': { status: 302, headers: { location: 'http://plain-site.com/other' }, body: '' },
        '/ftp': { status: 302, headers: { location: 'ftp://plain-site.com/file' }, body: '' },
        '/gone': { status: 410, body: '<p>gone</p>' },
        '/text': { headers: { 'content-type': 'text/plain' }, body: '<html><body>served as text/plain</body></html>' },
        '/utf16': { headers: { 'content-type': 'text/html' }, body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>Grüße</p>', 'utf16le')]) },
        '/cp1252-no-label': { headers: { 'content-type': 'text/html' }, body: iconv.encode('<p>Café Müller – 5 €</p>', 'windows-1252') },
        '/big-declared': { handler: (_req, res) => (res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(60 * 1024 * 1024) }), res.end()) },
      },
    },
  ]);
});
afterAll(() => srv.close());

const limits = { totalTimeoutMs: 3000, idleTimeoutMs: 1500, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };
const opts = (): FetchOptions => ({ limits, lookup: srv.lookup });

async function failure(p: Promise<unknown>): Promise<HunterError> {
  const r = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(r).toBeInstanceOf(HunterError);
  return r as HunterError;
}

describe('fetchPage on bad input: bounded time and memory, a coded error', () => {
  it('stops a 50 MB page at the size limit', async () => {
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const e = await failure(fetchPage(srv.url(BAD.huge), opts()));
    expect(e.code).toBe('PAGE_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(30 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    expect((await failure(fetchPage(srv.url('plain-site.com', '/big-declared'), opts()))).code).toBe('PAGE_TOO_LARGE');
  });

  it('stops endless redirects', async () => {
    const e = await failure(fetchPage(srv.url(BAD.loop), opts()));
    expect(e.code).toBe('TOO_MANY_REDIRECTS');
    const hops = srv.requests.filter((r) => r.host === BAD.loop).length;
    expect(hops).toBe(6);
  });

  it('bounds a server that answers one byte a second by the total timeout', async () => {
    const started = Date.now();
    const e = await failure(fetchPage(srv.url(BAD.drip), opts()));
    expect(e.code).toBe('TIMEOUT');
    expect(e.retryable).toBe(true);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2900);
    expect(took).toBeLessThan(4500);
  });

  it('bounds a server that goes silent by the idle timeout', async () => {
    const started = Date.now();
    const e = await failure(fetchPage(srv.url(BAD.silent), opts()));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toContain('silent');
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('refuses binary content served as text/html, and declared non-HTML types', async () => {
    const png = await failure(fetchPage(srv.url(BAD.binary), opts()));
    expect(png.code).toBe('NOT_HTML');
    expect(png.message).toContain('PNG');
    expect((await failure(fetchPage(srv.url(BAD.pdf), opts()))).code).toBe('NOT_HTML');
  });

  it('refuses other schemes and unknown hosts', async () => {
    expect((await failure(fetchPage(srv.url('plain-site.com', '/ftp'), opts()))).code).toBe('INVALID_INPUT');
    expect((await failure(fetchPage('not a url', opts()))).code).toBe('INVALID_INPUT');
    const dns = await failure(fetchPage('http://no-such-host-for-tests.com/', opts()));
    expect(dns.code).toBe('CONNECTION_ERROR');
  });
});

describe('fetchPage on ordinary responses', () => {
  it('follows redirects and reports where it landed', async () => {
    const r = await fetchPage(srv.url('plain-site.com', '/moved'), opts());
    expect(r.status).toBe(200);
    expect(r.final_url).toBe(srv.url('plain-site.com', '/'));
    expect(r.redirects).toHaveLength(1);
    expect(r.text).toContain('Hello');
  });

  it('returns error statuses for the caller to judge', async () => {
    const r = await fetchPage(srv.url('plain-site.com', '/gone'), opts());
    expect(r.status).toBe(410);
  });

  it('decodes charsets: declared latin1, UTF-16 with BOM, unlabelled Windows-1252, gzip', async () => {
    const latin1 = await fetchPage(srv.url(BAD.latin1), opts());
    expect(latin1.text).toContain('Königstraße');
    expect(latin1.text).toContain('Jürgen Weiß');
    expect(latin1.charset).toBe('windows-1252');
    expect((await fetchPage(srv.url('plain-site.com', '/utf16'), opts())).text).toContain('Grüße');
    const cp = await fetchPage(srv.url('plain-site.com', '/cp1252-no-label'), opts());
    expect(cp.text).toContain('Café Müller – 5 €');
    const gz = await fetchPage(srv.url(BAD.gzip), opts());
    expect(gz.text).toContain('team@gzip-site.com');
  });

  it('accepts HTML served as text/plain', async () => {
    expect((await fetchPage(srv.url('plain-site.com', '/text'), opts())).text).toContain('served as text/plain');
  });
});

describe('helpers', () => {
  it('sniffs binary signatures and control bytes', () => {
    expect(sniffBinary(Buffer.from('%PDF-1.7 ...'))).toBe('PDF');
    expect(sniffBinary(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('GZIP');
    expect(sniffBinary(Buffer.from('<html>\u0000</html>'))).toContain('NUL');
    expect(sniffBinary(Buffer.from('<!DOCTYPE html><p>ok</p>'))).toBeNull();
  });

  it('decodes by BOM, header, meta, then UTF-8 or Windows-1252', () => {
    expect(decodeBody(Buffer.from('<meta charset="windows-1252"><p>\xe9</p>', 'latin1'), null).text).toContain('é');
    expect(decodeBody(Buffer.from('<p>é</p>', 'utf8'), 'text/html; charset=utf-8').text).toBe('<p>é</p>');
    expect(decodeBody(Buffer.from('<p>é</p>', 'utf8'), 'text/html; charset=bogus-charset').charset).toBe('utf-8');
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xfc</a>', 'latin1'), null).text).toContain('ü');
  });
});
