import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactInput } from '../../../main/core/domain';
import { createBrowserRenderer, needsJavaScript } from '../../../main/enrich/browser-render';
import { enrichmentLevelFor, enrichWebsite, type EnrichOptions } from '../../../main/enrich/enrich-website';
import { HostLimiter } from '../../../main/enrich/host-limiter';
import { loadSavedPages } from '../../../main/enrich/saved-pages';
import { openDatabase, type Db } from '../../../main/store/database';
import { PageCache } from '../../../main/store/page-cache';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';
import { BAD, badSites, DENTAL, dentalSite, JS_CAFE, jsCafeSite, LAW, lawSite } from '../../support/fixture-sites/sites';
import { FakeClock } from '../core/fake-clock';

const NOW = new Date('2025-11-01T10:00:00Z');
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
let srv: FixtureServer;
let dir: string;
let db: Db;

beforeAll(async () => {
  srv = await startFixtureSites((url) => [
    dentalSite(url),
    lawSite(),
    jsCafeSite(),
    ...badSites(),
    { host: 'slow-crawl.com', pages: { '/robots.txt': 'User-agent: *\nCrawl-delay: 0.3\n', '/': '<html><body><a href="/kontakt">Kontakt</a><a href="/impressum">Impressum</a><a href="/team">Team</a></body></html>', '/kontakt': '<p>a@slow-crawl.com</p>', '/impressum': '<p>b</p>', '/team': '<p>c</p>' } },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'hunter-enrich-'));
  db = openDatabase(join(dir, 'hunter.db'));
});
afterAll(async () => {
  await srv.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = (extra: Partial<EnrichOptions> = {}): EnrichOptions => ({
  level: 'basic',
  lookup: srv.lookup,
  limiter: new HostLimiter({ minIntervalMs: 20 }),
  now: () => NOW,
  limits: { totalTimeoutMs: 2500, idleTimeoutMs: 1500 },
  ...extra,
});
const byKind = (facts: FactInput[], kind: string) => facts.filter((f) => f.kind === kind);
const emailOf = (facts: FactInput[], value: string) => facts.find((f) => f.kind === 'email' && f.value === value);

describe('routing', () => {
  it('gold → premium, silver → basic, below → skip', () => {
    expect(enrichmentLevelFor('gold')).toBe('premium');
    expect(enrichmentLevelFor('silver')).toBe('basic');
    expect(enrichmentLevelFor('skipped')).toBe('skip');
    expect(enrichmentLevelFor(null)).toBe('skip');
  });
});

describe('enrichWebsite on a multi-page fixture site', () => {
  it('basic: home, contact, imprint and team; every fact with its source, method, confidence and time', async () => {
    const r = await enrichWebsite(srv.url(DENTAL), base());
    expect(r.errors).toEqual([]);
    expect(r.pages.map((p) => [p.kind, new URL(p.url).pathname])).toEqual([
      ['home', '/'],
      ['contact', '/kontakt/'],
      ['imprint', '/impressum/'],
      ['team', '/team/'],
    ]);
    // robots.txt said /intern/ is off limits; it was never requested.
    expect(srv.requests.some((q) => q.host === DENTAL && q.path.startsWith('/intern'))).toBe(false);

    for (const f of r.facts) {
      expect(f.observed_at).toMatch(ISO_INSTANT);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.method).toBeTruthy();
      if (f.method !== 'pattern_guess') expect(f.source_url).toMatch(/^http:\/\//);
    }
    expect(emailOf(r.facts, 'praxis@sonnenberg-dental.de')).toMatchObject({ method: 'mailto', source_url: srv.url(DENTAL, '/kontakt/'), detail: { class: 'role', status: 'found_on_site' } });
    expect(emailOf(r.facts, 'notfall@sonnenberg-dental.de')).toMatchObject({ method: 'cloudflare' });
    expect(emailOf(r.facts, 'm.huber@sonnenberg-dental.de')).toMatchObject({ method: 'obfuscated', detail: { class: 'personal', person: 'Markus Huber' } });
    expect(emailOf(r.facts, 'hello@pixelwerk-agentur.de')!.detail).toMatchObject({ domain_matches_site: false });
    expect(byKind(r.facts, 'email').some((f) => f.detail?.status === 'guessed_unverified')).toBe(false);
    expect(byKind(r.facts, 'phone').map((f) => f.value)).toEqual(['+49892345678']);

    const people = Object.fromEntries(byKind(r.facts, 'person').map((f) => [f.value, f.detail?.role]));
    expect(people).toMatchObject({ 'Dr. Anna Sonnenberg': 'Inhaberin', 'Markus Huber': 'Leiter der Verwaltung' });
    expect(Object.keys(people)).toContain('Lena Vogt');

    expect(byKind(r.facts, 'social').map((f) => f.value).sort()).toEqual([
      'https://www.facebook.com/sonnenbergdental',
      'https://www.instagram.com/sonnenberg.dental',
      'https://www.linkedin.com/company/sonnenberg-dental',
    ]);
    expect(byKind(r.facts, 'tech').map((f) => f.value)).toEqual(expect.arrayContaining(['WordPress', 'Google Analytics', 'jQuery']));
    expect(byKind(r.facts, 'business')[0]).toMatchObject({ value: 'Zahnarztpraxis Dr. Sonnenberg', method: 'json_ld', detail: { schema_type: 'Dentist' } });
    expect(byKind(r.facts, 'address')[0]!.value).toBe('Sonnenstraße 12, 80331 München, DE');
    expect(byKind(r.facts, 'opening_hours')[0]!.value).toBe('Mo,Tu,We,Th,Fr 08:00-18:00');

    // Freshness and blog activity come from the sitemap at basic level (no blog pages read).
    expect(byKind(r.facts, 'last_updated')[0]).toMatchObject({ value: '2025-09-15', method: 'derived', detail: { freshness: 'high', basis: 'sitemap lastmod' } });
    expect(byKind(r.facts, 'content_freshness').find((f) => f.method === 'derived')!.value).toBe('high');
    expect(byKind(r.facts, 'blog_activity')[0]).toMatchObject({ value: '4 posts, latest 2025-09-15', detail: { count: 4, posts_last_365_days: 3 } });

    expect(r.fields).toMatchObject({ email: 'm.huber@sonnenberg-dental.de', phone: '+49892345678', first_name: 'Markus', last_name: 'Huber' });
  });

  it('premium: also the blog and its latest posts, and guessed addresses labelled unverified', async () => {
    const r = await enrichWebsite(srv.url(DENTAL), base({ level: 'premium' }));
    expect(r.errors).toEqual([]);
    const kinds = r.pages.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'blog_post')).toHaveLength(4);
    expect(kinds).toContain('blog');
    const posts = byKind(r.facts, 'blog_post');
    expect(posts.map((f) => f.value)).toEqual(expect.arrayContaining(['Fünf Tipps zur Prophylaxe', 'Neue Behandlungsräume', 'Keine Angst vor dem Zahnarzt', 'Zahnseide richtig benutzen']));
    expect(posts.find((f) => f.value === 'Fünf Tipps zur Prophylaxe')!.detail!.date).toBe('2025-09-15T08:00:00.000Z');
    const activity = byKind(r.facts, 'blog_activity')[0]!;
    expect(activity.detail).toMatchObject({ count: 4, latest_date: '2025-09-15' });
    expect((activity.detail!.latest_posts as { title: string }[])[0]!.title).toBe('Fünf Tipps zur Prophylaxe');

    const guessed = byKind(r.facts, 'email').filter((f) => f.method === 'pattern_guess');
    expect(guessed.map((f) => f.value).sort()).toEqual(['a.sonnenberg@sonnenberg-dental.de', 'l.vogt@sonnenberg-dental.de']);
    for (const g of guessed) {
      expect(g.detail).toMatchObject({ status: 'guessed_unverified', pattern: '{f}.{last}', pattern_source: 'learned' });
      expect(g.confidence).toBeLessThan(0.5);
    }
    // A guess never becomes the lead's address.
    expect(r.fields.email).toBe('m.huber@sonnenberg-dental.de');
  });

  it('learns first.last from a named address and guesses the colleague, on an English site without robots.txt or sitemap', async () => {
    const r = await enrichWebsite(srv.url(LAW), base({ level: 'premium' }));
    expect(r.errors).toEqual([]);
    expect(emailOf(r.facts, 'priya.raman@brightside-law.co.uk')).toMatchObject({ method: 'json_ld', detail: { class: 'personal', person: 'Priya Raman' } });
    expect(emailOf(r.facts, 'hello@brightside-law.co.uk')).toMatchObject({ method: 'text', detail: { class: 'role' } });
    expect(emailOf(r.facts, 'tom.oneill@brightside-law.co.uk')).toMatchObject({ method: 'pattern_guess', detail: { status: 'guessed_unverified', pattern: '{first}.{last}' } });
    expect(byKind(r.facts, 'phone').map((f) => f.value)).toEqual(['+442079460018']);
    expect(byKind(r.facts, 'social').map((f) => f.value)).toEqual(['https://x.com/brightsidelaw', 'https://www.youtube.com/@brightsidelaw']);
    expect(byKind(r.facts, 'tech').map((f) => f.value)).toEqual(expect.arrayContaining(['Squarespace', 'Calendly']));
    expect(byKind(r.facts, 'last_updated')[0]).toMatchObject({ value: '2023-01-01', detail: { basis: 'copyright year', freshness: 'low' } });
  });
});

/** The crawler's limiter, noting when each request it lets through starts, in the limiter's own clock. */
class RecordingLimiter extends HostLimiter {
  readonly starts = new Map<string, number[]>();
  constructor(private readonly clock: FakeClock, o: { perHost?: number; minIntervalMs?: number }) {
    super({ ...o, now: clock.now, sleep: clock.sleep });
  }

  override run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return super.run(
      host,
      () => {
        const name = host.replace(/:\d+$/, '');
        this.starts.set(name, [...(this.starts.get(name) ?? []), this.clock.now()]);
        return fn();
      },
      signal,
    );
  }
}

describe('politeness', () => {
  // The limiter paces in a clock that jumps straight to each moment it waits for: the spacing is read exactly,
  // however busy the machine, and the server counts what reached it for real.
  it('sends every request through the limiter: never more than two at once to one host, starts at least the interval apart', async () => {
    const limiter = new RecordingLimiter(new FakeClock(0, { auto: true }), { perHost: 2, minIntervalMs: 150 });
    const before = srv.requests.length;
    await Promise.all([enrichWebsite(srv.url(DENTAL), base({ level: 'premium', limiter })), enrichWebsite(srv.url(DENTAL), base({ level: 'premium', limiter }))]);
    const mine = srv.requests.slice(before).filter((q) => q.host === DENTAL);
    expect(mine.length).toBeGreaterThan(10);
    expect(limiter.starts.get(DENTAL)).toHaveLength(mine.length);
    expect(srv.maxInFlight(DENTAL)).toBeLessThanOrEqual(2);
    const starts = limiter.starts.get(DENTAL)!;
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(150);
  });

  it('honours a robots.txt crawl-delay', async () => {
    const limiter = new RecordingLimiter(new FakeClock(0, { auto: true }), { minIntervalMs: 20 });
    const before = srv.requests.length;
    const r = await enrichWebsite(srv.url('slow-crawl.com'), base({ limiter }));
    expect(r.pages).toHaveLength(4);
    const starts = limiter.starts.get('slow-crawl.com')!;
    expect(starts).toHaveLength(srv.requests.slice(before).filter((q) => q.host === 'slow-crawl.com').length);
    // robots.txt is read at the default spacing; everything after it waits the 0.3 s it asks for.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(20);
    for (let i = 2; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(300);
    expect(limiter.intervalFor(new URL(srv.url('slow-crawl.com')).host)).toBe(300);
  });
});

describe('page cache', () => {
  it('a second run within the time to live reads no page from the network; expiry fetches again', async () => {
    let now = new Date('2025-11-01T10:00:00Z');
    const cache = new PageCache(db, 'ws_cache_test', { ttlMs: 3600_000, now: () => now });
    const count = () => srv.requests.filter((q) => q.host === LAW).length;
    const first = await enrichWebsite(srv.url(LAW), base({ cache }));
    const afterFirst = count();
    expect(first.pages.every((p) => !p.from_cache)).toBe(true);
    const second = await enrichWebsite(srv.url(LAW), base({ cache }));
    expect(count()).toBe(afterFirst);
    expect(second.pages.every((p) => p.from_cache)).toBe(true);
    expect(second.facts.map((f) => f.value).sort()).toEqual(first.facts.map((f) => f.value).sort());
    // Another workspace does not see this one's pages.
    const other = new PageCache(db, 'ws_other', { now: () => now });
    expect(other.get(srv.url(LAW))).toBeNull();
    now = new Date('2025-11-01T12:00:00Z');
    await enrichWebsite(srv.url(LAW), base({ cache }));
    expect(count()).toBeGreaterThan(afterFirst);
    expect(cache.purgeExpired()).toBe(0);
  });

  it('saved pages load into the cache and are extracted offline, with no network at all', async () => {
    const saved = mkdtempSync(join(tmpdir(), 'hunter-saved-'));
    try {
      writeFileSync(join(saved, 'home.html'), '<html><body><h1>Harbour Bakery</h1><a href="/contact">Contact</a><a href="/team">Team</a><a href="/imprint">Imprint</a><footer>© 2025</footer></body></html>');
      writeFileSync(join(saved, 'contact.html'), '<html><body><p>Orders: <a href="mailto:orders@harbour-bakery.example.org">orders@harbour-bakery.example.org</a>, call <a href="tel:+442079460777">020 7946 0777</a></p></body></html>');
      writeFileSync(join(saved, 'team.html'), '<html><body><h2>Ruth Baker</h2><p>Owner and head baker</p></body></html>');
      writeFileSync(
        join(saved, 'manifest.json'),
        JSON.stringify({ 'https://harbour-bakery.example.org/': 'home.html', 'https://harbour-bakery.example.org/contact': 'contact.html', 'https://harbour-bakery.example.org/team': 'team.html' }),
      );
      const cache = new PageCache(db, 'ws_demo');
      expect(loadSavedPages(saved, cache)).toEqual({ loaded: 3, urls: ['https://harbour-bakery.example.org/', 'https://harbour-bakery.example.org/contact', 'https://harbour-bakery.example.org/team'] });
      const refuse = () => {
        throw new Error('network used in offline mode');
      };
      const r = await enrichWebsite('https://harbour-bakery.example.org/', { level: 'basic', cache, offline: true, now: () => NOW, lookup: refuse as never });
      expect(r.pages.map((p) => p.from_cache)).toEqual([true, true, true]);
      expect(emailOf(r.facts, 'orders@harbour-bakery.example.org')).toMatchObject({ method: 'mailto' });
      expect(byKind(r.facts, 'person')[0]).toMatchObject({ value: 'Ruth Baker', detail: { role: 'Owner and head baker' } });
      expect(r.errors).toEqual([]);
      // A linked page that was not saved is absent, as a 404 would be; nothing else happens.
      expect(r.skipped).toEqual([{ url: 'https://harbour-bakery.example.org/imprint', reason: 'not in the page cache (offline)' }]);

      writeFileSync(join(saved, 'manifest.json'), JSON.stringify({ 'https://x.example.org/': '../escape.html' }));
      expect(() => loadSavedPages(saved, cache)).toThrow(/outside/);
      writeFileSync(join(saved, 'manifest.json'), '{ not json');
      expect(() => loadSavedPages(saved, cache)).toThrow(/not JSON/);
    } finally {
      rmSync(saved, { recursive: true, force: true });
    }
  });
});

describe('bad sites: each lead gets a coded error, the others go on', () => {
  it('enriches good and hostile sites side by side in bounded time', async () => {
    const limiter = new HostLimiter({ minIntervalMs: 20 });
    const sites = [DENTAL, LAW, BAD.huge, BAD.loop, BAD.drip, BAD.silent, BAD.binary, BAD.pdf, BAD.broken, BAD.robotsBlocked, BAD.robots500, BAD.latin1, BAD.gzip, 'unknown-host.com'];
    const started = Date.now();
    const results = await Promise.all(sites.map((h) => enrichWebsite(srv.url(h), base({ limiter }))));
    expect(Date.now() - started).toBeLessThan(8000);
    const by = Object.fromEntries(sites.map((h, i) => [h, results[i]!]));
    const fatal = (h: string) => by[h]!.errors[0]?.code;
    expect(fatal(BAD.huge)).toBe('PAGE_TOO_LARGE');
    expect(fatal(BAD.loop)).toBe('TOO_MANY_REDIRECTS');
    expect(fatal(BAD.drip)).toBe('TIMEOUT');
    expect(fatal(BAD.silent)).toBe('TIMEOUT');
    expect(fatal(BAD.binary)).toBe('NOT_HTML');
    expect(fatal(BAD.pdf)).toBe('NOT_HTML');
    expect(fatal(BAD.robotsBlocked)).toBe('ROBOTS_DISALLOWED');
    expect(fatal(BAD.robots500)).toBe('ROBOTS_DISALLOWED');
    expect(fatal('unknown-host.com')).toBe('CONNECTION_ERROR');
    for (const h of [BAD.huge, BAD.loop, BAD.drip, BAD.binary, BAD.robotsBlocked]) expect(by[h]!.facts).toEqual([]);

    expect(by[DENTAL]!.errors).toEqual([]);
    expect(emailOf(by[DENTAL]!.facts, 'praxis@sonnenberg-dental.de')).toBeDefined();
    expect(emailOf(by[LAW]!.facts, 'hello@brightside-law.co.uk')).toBeDefined();
    expect(emailOf(by[BAD.latin1]!.facts, 'kontakt@latin1-praxis.de')).toBeDefined();
    expect(byKind(by[BAD.latin1]!.facts, 'person')[0]).toMatchObject({ value: 'Jürgen Weiß', detail: { role: 'Geschäftsführer' } });
    expect(emailOf(by[BAD.gzip]!.facts, 'team@gzip-site.com')).toBeDefined();

    // Broken markup and injected instructions: the real address is found, the script's is not, no instruction is a person.
    const broken = by[BAD.broken]!;
    expect(emailOf(broken.facts, 'info@broken-markup.com')).toBeDefined();
    expect(emailOf(broken.facts, 'hidden@broken-markup.com')).toBeUndefined();
    expect(byKind(broken.facts, 'person').map((f) => f.value)).toEqual(['Jane Carter']);
    expect(broken.fields.email).toBe('info@broken-markup.com');
  });

  it('refuses a website that is not one, with INVALID_INPUT', async () => {
    for (const w of ['', 'not a site', 'ftp://files.example.com', 'javascript:alert(1)']) {
      const r = await enrichWebsite(w, base());
      expect(r.errors[0]!.code, w).toBe('INVALID_INPUT');
    }
  });
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM))('pages that need JavaScript', () => {
  it('detects them', () => {
    expect(needsJavaScript('<html><body><div id="root"></div><script src="/a.js"></script></body></html>')).toBe(true);
    expect(needsJavaScript('<html><body><noscript>Please enable JavaScript to use this site.</noscript></body></html>')).toBe(true);
    expect(needsJavaScript(`<html><body><p>${'Plain words. '.repeat(40)}</p><script src="/a.js"></script></body></html>`)).toBe(false);
  });

  it('reads them with plain HTTP first and renders only those in the browser', async () => {
    const plain = await enrichWebsite(srv.url(JS_CAFE), base());
    expect(byKind(plain.facts, 'email')).toEqual([]);
    expect(plain.errors.map((e) => e.code)).toEqual(['EMAIL_NOT_FOUND']);

    const renderer = await createBrowserRenderer({ executablePath: CHROMIUM, hostResolverRules: srv.hostResolverRules, timeoutMs: 15_000 });
    try {
      const r = await enrichWebsite(srv.url(JS_CAFE), base({ renderer }));
      expect(r.pages[0]).toMatchObject({ kind: 'home', rendered: true });
      expect(emailOf(r.facts, 'hola@js-only-cafe.com')).toMatchObject({ method: 'mailto' });
      // A page with content is not sent to the browser.
      const dental = await enrichWebsite(srv.url(DENTAL), base({ renderer }));
      expect(dental.pages.every((p) => !p.rendered)).toBe(true);
    } finally {
      await renderer.close();
    }
  });
});
