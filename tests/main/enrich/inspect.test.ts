import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { inspectPage } from '../../../main/enrich/inspect';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';
import { DENTAL, dentalSite } from '../../support/fixture-sites/sites';
import { sharedFixture } from '../../support/shared-fixtures';

const ISO = /^\d{4}(-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{3})?Z)?)?$/;
let srv: FixtureServer;
const dir = mkdtempSync(join(tmpdir(), 'hunter-inspect-'));
beforeAll(async () => {
  srv = await startFixtureSites((url) => [dentalSite(url)]);
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inspectPage', () => {
  it('reads a saved real page from a file, every fact with its method and ISO dates', async () => {
    const r = await inspectPage(sharedFixture('pages', 'caktusgroup.com.django.html'), { baseUrl: 'https://www.caktusgroup.com/blog/x/', now: () => new Date('2026-01-01T00:00:00Z') });
    expect(r).toMatchObject({ from: 'file', url: 'https://www.caktusgroup.com/blog/x/', status: null, charset: 'utf-8' });
    expect(r.facts.find((f) => f.kind === 'email')).toMatchObject({ value: 'solutions@caktusgroup.com', method: 'mailto' });
    for (const f of r.facts) {
      expect(f.method).toBeTruthy();
      expect(f.observed_at).toBe('2026-01-01T00:00:00.000Z');
      if (f.kind === 'content_freshness') expect(f.value).toMatch(ISO);
      if (typeof f.detail?.date === 'string') expect(f.detail.date).toMatch(ISO);
    }
  });

  it('reads a file without a base address (file:// source)', async () => {
    const file = join(dir, 'page.html');
    writeFileSync(file, '<html><body><a href="tel:+442079460111">call</a> info@harbour-bakery.co.uk</body></html>');
    const r = await inspectPage(file);
    expect(r.url).toMatch(/^file:\/\//);
    expect(r.facts.map((f) => [f.kind, f.value])).toEqual(expect.arrayContaining([['phone', '+442079460111'], ['email', 'info@harbour-bakery.co.uk']]));
  });

  it('fetches a web address with the crawler limits', async () => {
    const r = await inspectPage(srv.url(DENTAL, '/kontakt/'), { lookup: srv.lookup });
    expect(r).toMatchObject({ from: 'network', status: 200 });
    expect(r.facts.filter((f) => f.kind === 'email').map((f) => f.value)).toEqual(expect.arrayContaining(['praxis@sonnenberg-dental.de', 'm.huber@sonnenberg-dental.de', 'notfall@sonnenberg-dental.de']));
  });

  it('gives coded errors for missing, binary, oversized and failing inputs', async () => {
    const code = (p: Promise<unknown>) => p.then(() => 'none', (e: unknown) => (e instanceof HunterError ? e.code : `not coded: ${String(e)}`));
    expect(await code(inspectPage(join(dir, 'missing.html')))).toBe('NOT_FOUND');
    expect(await code(inspectPage(dir))).toBe('INVALID_INPUT');
    const bin = join(dir, 'x.html');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    expect(await code(inspectPage(bin))).toBe('NOT_HTML');
    const big = join(dir, 'big.html');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 0x61));
    expect(await code(inspectPage(big))).toBe('PAGE_TOO_LARGE');
    expect(await code(inspectPage(srv.url(DENTAL, '/nope'), { lookup: srv.lookup }))).toBe('HTTP_ERROR');
    expect(await code(inspectPage(join(dir, 'page.html'), { baseUrl: 'ftp://x' }))).toBe('INVALID_INPUT');
  });
});
