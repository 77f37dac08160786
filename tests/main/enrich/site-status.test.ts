import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { lookupOnce, resolverLookup } from '../../../main/enrich/dns';
import { enrichWebsite, type EnrichOptions, type EnrichResult } from '../../../main/enrich/enrich-website';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { detectParking } from '../../../main/enrich/parked';
import { unreachableReason } from '../../../main/enrich/site-status';
import { DEAD, deadSites, deadSitesDns, LIVE, WITNESS } from '../../support/fixture-sites/dead-sites';
import { startDnsServer, type DnsServer } from '../../support/fixture-sites/dns-server';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';

const NOW = new Date('2026-02-01T09:00:00Z');
let srv: FixtureServer;
let dns: DnsServer;
let closedPort: number;

beforeAll(async () => {
  srv = await startFixtureSites((url) => deadSites(url));
  dns = await startDnsServer(deadSitesDns);
  // A port that was just free: nothing listens there, so a connection is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await srv.close();
  await dns.close();
});

const opts = (extra: Partial<EnrichOptions> = {}): EnrichOptions => ({
  level: 'basic',
  dnsServers: [dns.address],
  dnsWitness: WITNESS,
  limiter: new HostLimiter({ minIntervalMs: 0 }),
  limits: { totalTimeoutMs: 3000, idleTimeoutMs: 2000 },
  now: () => NOW,
  ...extra,
});
const statusFact = (r: EnrichResult) => r.facts.find((f) => f.kind === 'website_status');
const requestsTo = (host: string) => srv.requests.filter((q) => q.host === host).length;

describe('the stand-in DNS server and the resolver the crawler asks', () => {
  it('answers over the DNS protocol: an address, NXDOMAIN as ENOTFOUND, SERVFAIL as EAI_AGAIN (never "not found")', async () => {
    const lookup = resolverLookup([dns.address]);
    expect(await lookupOnce(lookup, LIVE.plain, 2000)).toEqual([{ address: '127.0.0.1', family: 4 }]);
    await expect(lookupOnce(lookup, DEAD.noName, 2000)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(lookupOnce(lookup, DEAD.flakyDns, 2000)).rejects.toMatchObject({ code: 'EAI_AGAIN' });
    expect(dns.queries.some((q) => q.name === DEAD.noName && q.type === 1)).toBe(true);
  });

  it('without a lookup or DNS servers, names go to the OS resolver (which reads the hosts file: no network)', async () => {
    expect(await lookupOnce(undefined, 'localhost', 2000)).toContainEqual({ address: '127.0.0.1', family: 4 });
    // The protocol resolver asks the servers only, and they have never heard of it.
    await expect(lookupOnce(resolverLookup([dns.address]), 'localhost', 2000)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('a resolver that does not answer in time is "try again", not "not found"', async () => {
    const silent = await startDnsServer(() => 'drop');
    try {
      const started = Date.now();
      await expect(lookupOnce(resolverLookup([silent.address], { timeoutMs: 100, tries: 1 }), 'anything.de', 3000)).rejects.toMatchObject({ code: 'EAI_AGAIN' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(silent.queries.length).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });
});

describe('a website that is not there is dead at once, with its reason and evidence', () => {
  it('a name the DNS says does not exist (NXDOMAIN): one question, no request', async () => {
    const before = srv.requests.length;
    const asked = dns.queries.length;
    const r = await enrichWebsite(`https://${DEAD.noName}/`, opts());
    expect(r.status).toMatchObject({ state: 'dead', reason: 'dns_not_found' });
    expect(r.facts).toEqual([
      {
        kind: 'website_status', value: 'dead', method: 'derived', source_url: `https://${DEAD.noName}/`, observed_at: NOW.toISOString(), confidence: 0.95,
        detail: { reason: 'dns_not_found', evidence: `https://${DEAD.noName}/: no such host name (DNS)` },
      },
    ]);
    // Nothing exists under a name that does not exist: www. is not asked for.
    expect(dns.queries.slice(asked).map((q) => q.name).filter((n) => n.endsWith(DEAD.noName))).toEqual([DEAD.noName]);
    expect(srv.requests.length).toBe(before);
    expect(r.fatal).toMatchObject({ code: 'CONNECTION_ERROR', retryable: false });
    // Not also "no e-mail found": the site was never there to have one.
    expect(r.errors.map((e) => e.code)).toEqual(['CONNECTION_ERROR']);
  });

  it('a domain without an address whose www. does not exist either', async () => {
    const r = await enrichWebsite(`https://${DEAD.noAddress}/`, opts());
    expect(r.status).toMatchObject({ state: 'dead', reason: 'dns_not_found' });
    expect(statusFact(r)!.detail!.evidence).toBe(`https://${DEAD.noAddress}/: no such host name (DNS); https://www.${DEAD.noAddress}/: no such host name (DNS)`);
  });

  it('"not found" from the OS resolver, which cannot tell NXDOMAIN from no address: www. is tried too', async () => {
    const r = await enrichWebsite(`https://${DEAD.noName}/`, opts({ dnsServers: undefined, lookup: srv.lookup, dnsWitness: LIVE.plain }));
    expect(r.status).toMatchObject({ state: 'dead', reason: 'dns_not_found' });
    expect(statusFact(r)!.detail!.evidence).toContain(`https://www.${DEAD.noName}/: no such host name (DNS)`);
  });

  it('a connection refused on http and on https', async () => {
    const r = await enrichWebsite(`http://${DEAD.refused}:${closedPort}/`, opts());
    expect(r.status).toMatchObject({ state: 'dead', reason: 'refused' });
    const f = statusFact(r)!;
    expect(f.detail).toMatchObject({ reason: 'refused' });
    expect(f.detail!.evidence).toContain(`http://${DEAD.refused}:${closedPort}/: connection refused`);
    expect(f.detail!.evidence).toContain(`https://${DEAD.refused}:${closedPort}/: connection refused`);
  });

  it('a home page that answers 404 or 410', async () => {
    for (const [host, code] of [[DEAD.gone404, 404], [DEAD.gone410, 410]] as const) {
      const r = await enrichWebsite(srv.url(host), opts());
      expect(r.status, host).toMatchObject({ state: 'dead', reason: 'gone', evidence: `${srv.url(host)}: HTTP ${code}` });
      expect(r.facts.map((x) => x.value)).toEqual(['dead']);
    }
  });

  it('parked domains: provider scripts, for-sale pages in German, French and Spanish, a redirect to a marketplace', async () => {
    const cases: [string, RegExp][] = [
      [DEAD.sedo, /Sedo parking/],
      [DEAD.godaddy, /GoDaddy parking/],
      [DEAD.germanForSale, /Diese Domain steht zum Verkauf/],
      [DEAD.frenchForSale, /Ce nom de domaine est à vendre/],
      [DEAD.spanishForSale, /Este dominio está a la venta/],
      [DEAD.toMarketplace, /lands on HugeDomains/],
    ];
    for (const [host, evidence] of cases) {
      const r = await enrichWebsite(srv.url(host), opts());
      expect(r.status, host).toMatchObject({ state: 'dead', reason: 'parked' });
      expect(String(statusFact(r)!.detail!.evidence), host).toMatch(evidence);
      // The parking page's own addresses and numbers are not the lead's.
      expect(r.facts.map((f) => f.kind), host).toEqual(['website_status']);
      expect(r.fatal?.code, host).toBe('INVALID_INPUT');
    }
  });
});

describe('what is not dead', () => {
  it('a live site gets website_status live, with the status it answered', async () => {
    const r = await enrichWebsite(srv.url(LIVE.plain), opts());
    expect(statusFact(r)).toMatchObject({ value: 'live', method: 'derived', detail: { http_status: 200, final_url: srv.url(LIVE.plain) } });
    expect(r.facts.some((f) => f.kind === 'email' && f.value === 'bestellung@baeckerei-kraus-beispiel.de')).toBe(true);
  });

  it('a name that answers only with www. is crawled there', async () => {
    const r = await enrichWebsite(srv.url(LIVE.wwwOnlyBare), opts());
    expect(r.status).toMatchObject({ state: 'live', url: srv.url(LIVE.wwwOnly) });
    expect(r.facts.some((f) => f.value === 'werkstatt@nur-mit-www.de')).toBe(true);
  });

  it('a gone deep link on a live site: the site is read from its root', async () => {
    const r = await enrichWebsite(srv.url(LIVE.movedPage, '/alte-seite.html'), opts());
    expect(r.status).toMatchObject({ state: 'live' });
    expect(r.pages.map((p) => new URL(p.url).pathname)).toEqual(['/', '/kontakt/']);
    expect(r.facts.some((f) => f.value === 'praxis@umgezogene-seite.de')).toBe(true);
  });

  it('a long page that quotes a parking page and links to a marketplace is a live site', async () => {
    const r = await enrichWebsite(srv.url(LIVE.agencyBlog), opts());
    expect(r.status).toMatchObject({ state: 'live' });
    expect(detectParking('<html><body><p>We moved! Visit our new shop.</p></body></html>', 'https://example-shop.de/')).toBeNull();
  });

  it('a resolver that fails (SERVFAIL → EAI_AGAIN) is a fault that may pass: no status, a retryable error', async () => {
    const r = await enrichWebsite(`https://${DEAD.flakyDns}/`, opts());
    expect(r.status).toBeUndefined();
    expect(r.facts).toEqual([]);
    expect(r.fatal).toMatchObject({ code: 'CONNECTION_ERROR', retryable: true });
  });

  it('a 503 home page may pass too', async () => {
    const r = await enrichWebsite(srv.url(DEAD.busy), opts());
    expect(r.status).toBeUndefined();
    expect(r.fatal).toMatchObject({ code: 'HTTP_ERROR', retryable: true });
    expect(requestsTo(DEAD.busy)).toBeGreaterThan(0);
  });

  it('when not even the witness name resolves, the network is down and no site is called dead', async () => {
    const r = await enrichWebsite(`https://${DEAD.noName}/`, opts({ dnsWitness: 'witness-that-is-missing.test' }));
    expect(r.status).toBeUndefined();
    expect(r.fatal).toMatchObject({ code: 'CONNECTION_ERROR', retryable: true });
    expect(r.fatal!.message).toMatch(/network or its DNS seems down/);
  });

  it('EAI_AGAIN from the OS resolver is never a dead name; ENOTFOUND is', () => {
    const wrap = (code: string) => new HunterError('CONNECTION_ERROR', code, { cause: Object.assign(new Error(code), { code }) });
    expect(unreachableReason(wrap('EAI_AGAIN'))).toBeNull();
    expect(unreachableReason(wrap('ECONNRESET'))).toBeNull();
    expect(unreachableReason(wrap('ENOTFOUND'))).toMatchObject({ reason: 'dns_not_found' });
    // Happy eyeballs over two addresses: refused only when every attempt was.
    const both = new HunterError('CONNECTION_ERROR', 'x', { cause: Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ETIMEDOUT' })]), { code: 'ECONNREFUSED' }) });
    expect(unreachableReason(both)).toBeNull();
  });
});
