import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { enrichWebsite } from '../../../main/enrich/enrich-website';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { HunterIoClient, hunterIoFacts } from '../../../main/enrich/hunter-io';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';
import { LAW, lawSite } from '../../support/fixture-sites/sites';

/** A loopback stand-in speaking Hunter.io's v2 domain-search JSON (data / meta, or errors). */
let api: Server;
let apiUrl = '';
let calls: URL[] = [];
let reply: { status: number; body: unknown };

const DOMAIN_SEARCH = {
  data: {
    domain: 'brightside-law.co.uk',
    disposable: false,
    webmail: false,
    accept_all: false,
    pattern: '{first}.{last}',
    organization: 'Brightside Law',
    emails: [
      {
        value: 'priya.raman@brightside-law.co.uk',
        type: 'personal',
        confidence: 97,
        sources: [{ domain: 'brightside-law.co.uk', uri: 'http://brightside-law.co.uk/people', extracted_on: '2025-03-01', last_seen_on: '2025-10-01', still_on_page: true }],
        first_name: 'Priya',
        last_name: 'Raman',
        position: 'Managing Partner',
        seniority: 'executive',
        department: 'legal',
        linkedin: null,
        twitter: null,
        phone_number: null,
        verification: { date: '2025-10-02', status: 'valid' },
      },
      {
        value: 'george.hale@brightside-law.co.uk',
        type: 'personal',
        confidence: 88,
        sources: [],
        first_name: 'George',
        last_name: 'Hale',
        position: 'Office Manager',
        linkedin: 'https://www.linkedin.com/in/george-hale-example',
        phone_number: null,
        verification: { date: null, status: null },
      },
      { value: 'accounts@brightside-law.co.uk', type: 'generic', confidence: 91, sources: [], first_name: null, last_name: null, position: null, verification: null },
    ],
    linked_domains: [],
  },
  meta: { results: 3, limit: 10, offset: 0, params: { domain: 'brightside-law.co.uk', company: null, type: null, seniority: null, department: null } },
};

let sites: FixtureServer;
beforeAll(async () => {
  api = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(url);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  sites = await startFixtureSites(() => [lawSite()]);
});
afterAll(async () => {
  await new Promise<void>((r) => api.close(() => r()));
  await sites.close();
});
beforeEach(() => {
  calls = [];
  reply = { status: 200, body: DOMAIN_SEARCH };
});

describe('HunterIoClient', () => {
  it('calls /v2/domain-search with the key and reads the answer', async () => {
    const r = await new HunterIoClient({ apiKey: 'test-key', baseUrl: apiUrl }).domainSearch('brightside-law.co.uk');
    expect(calls[0]!.pathname).toBe('/v2/domain-search');
    expect(calls[0]!.searchParams.get('domain')).toBe('brightside-law.co.uk');
    expect(calls[0]!.searchParams.get('api_key')).toBe('test-key');
    expect(r).toMatchObject({ domain: 'brightside-law.co.uk', pattern: '{first}.{last}', organization: 'Brightside Law', total: 3 });
    expect(r.emails).toHaveLength(3);
  });

  it('maps its errors to coded, correctly retryable errors', async () => {
    const client = new HunterIoClient({ apiKey: 'k', baseUrl: apiUrl });
    const code = async (status: number, details: string) => {
      reply = { status, body: { errors: [{ id: 'x', code: status, details }] } };
      const e = await client.domainSearch('a.com').catch((err: unknown) => err);
      expect(e).toBeInstanceOf(HunterError);
      return [(e as HunterError).code, (e as HunterError).retryable];
    };
    expect(await code(401, 'No user found for the API key supplied')).toEqual(['AUTHENTICATION_FAILED', false]);
    expect(await code(403, 'You have reached the rate limit')).toEqual(['API_RATE_LIMIT', true]);
    expect(await code(429, "You've reached the limit for the number of searches per billing period included in your plan.")).toEqual(['QUOTA_EXCEEDED', false]);
    expect(await code(400, 'You are missing the domain or the company parameter')).toEqual(['INVALID_INPUT', false]);
    expect(await code(500, 'oops')).toEqual(['PROVIDER_ERROR', true]);
    reply = { status: 200, body: { nonsense: true } };
    expect(((await client.domainSearch('a.com').catch((e: unknown) => e)) as HunterError).code).toBe('PROVIDER_ERROR');
    expect(() => new HunterIoClient({ apiKey: ' ' })).toThrow(HunterError);
    const down = await new HunterIoClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }).domainSearch('a.com').catch((e: unknown) => e);
    expect((down as HunterError).code).toBe('CONNECTION_ERROR');
  });

  it('labels its addresses paid_finder, never found on the site', () => {
    const facts = hunterIoFacts({ domain: 'brightside-law.co.uk', emails: DOMAIN_SEARCH.data.emails }, '2025-11-01T00:00:00.000Z');
    const accounts = facts.find((f) => f.value === 'accounts@brightside-law.co.uk')!;
    expect(accounts).toMatchObject({ kind: 'email', method: 'paid_finder', confidence: 0.91, detail: { class: 'role', status: 'paid_finder' } });
    const george = facts.find((f) => f.kind === 'person' && f.value === 'George Hale')!;
    expect(george.detail).toMatchObject({ role: 'Office Manager', email: 'george.hale@brightside-law.co.uk' });
  });
});

describe('the paid finder in enrichment', () => {
  const opts = () => ({ lookup: sites.lookup, now: () => new Date('2025-11-01T00:00:00Z'), limiter: new HostLimiter({ minIntervalMs: 0 }) });

  it('premium with a key: Hunter.io adds what the site lacks, the site keeps what it found', async () => {
    const r = await enrichWebsite(sites.url(LAW), { ...opts(), level: 'premium', hunterIo: { apiKey: 'k', baseUrl: apiUrl } });
    expect(r.errors).toEqual([]);
    expect(r.paid_calls).toBe(1);
    // The fixture site's domain is looked up (its registrable domain).
    expect(calls[0]!.searchParams.get('domain')).toBe('brightside-law.co.uk');
    const emails = Object.fromEntries(r.facts.filter((f) => f.kind === 'email').map((f) => [f.value, f]));
    expect(emails['priya.raman@brightside-law.co.uk']).toMatchObject({ method: 'json_ld', detail: { status: 'found_on_site' } });
    expect(emails['george.hale@brightside-law.co.uk']).toMatchObject({ method: 'paid_finder', detail: { status: 'paid_finder', role: 'Office Manager' } });
    // Tom O'Neill is guessed with Hunter.io's pattern, and labelled a guess.
    expect(emails['tom.oneill@brightside-law.co.uk']).toMatchObject({ method: 'pattern_guess', detail: { status: 'guessed_unverified' } });
  });

  it('basic level, or no key: no paid lookup at all', async () => {
    await enrichWebsite(sites.url(LAW), { ...opts(), level: 'basic', hunterIo: { apiKey: 'k', baseUrl: apiUrl } });
    const r = await enrichWebsite(sites.url(LAW), { ...opts(), level: 'premium', hunterIo: null });
    expect(calls).toEqual([]);
    expect(r.paid_calls).toBe(0);
  });

  it('a failing paid finder is a coded error on the lead; the site facts remain', async () => {
    reply = { status: 401, body: { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] } };
    const r = await enrichWebsite(sites.url(LAW), { ...opts(), level: 'premium', hunterIo: { apiKey: 'bad', baseUrl: apiUrl } });
    expect(r.errors.map((e) => e.code)).toEqual(['AUTHENTICATION_FAILED']);
    expect(r.paid_calls).toBe(0);
    expect(r.facts.some((f) => f.value === 'hello@brightside-law.co.uk')).toBe(true);
  });
});
