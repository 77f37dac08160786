import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { parse as parseDomain } from 'tldts';
import { HunterError, toHunterError } from '../core/errors';
import type { PageCache } from '../store/page-cache';
import { decodeBody } from './charset';
import { DEFAULT_DNS_WITNESS, isNxdomain, lookupOnce, pinnedLookup, resolverLookup, resolverWorks } from './dns';
import type { PageKind } from './extract/context';
import { DEFAULT_FETCH_LIMITS, DEFAULT_USER_AGENT, fetchPage, type Expect, type FetchedPage, type FetchLimits } from './fetch-page';
import { HostLimiter } from './host-limiter';
import { needsJavaScript, type PageRenderer } from './browser-render';
import { loadHtml } from './html-page';
import { detectParking, type Parking } from './parked';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type Robots } from './robots';
import { canonical, classifyLink, parseSitemap, sameSite, type SitemapEntry } from './site-map';
import { deadConfidence, HttpStatusError, unreachableReason, type SiteStatus, type Unreachable } from './site-status';

export type EnrichmentLevel = 'basic' | 'premium';

export interface CrawlOptions {
  level?: EnrichmentLevel;
  /** Web pages read per site, the home page included (sitemap and robots.txt not counted). */
  maxPages?: number;
  maxBlogPosts?: number;
  limits?: Partial<FetchLimits>;
  userAgent?: string;
  /** Pages read within the time to live come from here, and fresh ones are stored. */
  cache?: PageCache | null;
  /** Share one limiter across all sites of a run so per-host politeness holds. */
  limiter?: HostLimiter;
  /** The browser, used only for pages that show nothing without JavaScript. */
  renderer?: PageRenderer | null;
  respectRobots?: boolean;
  signal?: AbortSignal;
  acceptLanguage?: string;
  /** Read only the page cache (the offline demo): a page not in it counts as absent, nothing goes to the network. */
  offline?: boolean;
  /** When the site's status was observed (tests pin it). */
  now?: () => Date;
  /** Host name resolution override, passed to every fetch. Without it (and without `dnsServers`) the OS resolver answers. */
  lookup?: LookupFunction;
  /** DNS servers to ask instead of the OS resolver ("1.1.1.1", "127.0.0.1:5353"); `lookup` wins when both are given. */
  dnsServers?: readonly string[];
  /**
   * A name that must resolve before a site is called dead for its own name not resolving (a laptop
   * without network says "not found" for everything); null trusts "not found" as it is.
   */
  dnsWitness?: string | null;
}

export interface CrawledPage {
  url: string;
  final_url: string;
  status: number;
  kind: PageKind;
  html: string;
  from_cache: boolean;
  rendered: boolean;
  fetched_at: string;
  bytes: number;
  /** The server's Last-Modified header (none for a cached page: the cache does not keep it). */
  last_modified?: string | null;
}

export interface SiteCrawl {
  home: string;
  pages: CrawledPage[];
  sitemap: SitemapEntry[];
  robots: Robots;
  /** Problems with single pages; the site's other pages were still read. A failed home page is `fatal`. */
  errors: HunterError[];
  fatal?: HunterError;
  skipped: { url: string; reason: string }[];
  /** Live when the home page answered, dead when the site is permanently not there; absent when unknown (a fault that may pass, offline). */
  status?: SiteStatus;
}

export const LEVEL_BUDGET: Record<EnrichmentLevel, { maxPages: number; maxBlogPosts: number }> = {
  basic: { maxPages: 4, maxBlogPosts: 0 },
  premium: { maxPages: 12, maxBlogPosts: 4 },
};

/** The longest robots.txt crawl-delay honoured; beyond it the site simply gets fewer pages read slowly. */
const MAX_CRAWL_DELAY_MS = 10_000;

/** "example.com", "http://example.com/de" → a URL to start from (https when no scheme is given). */
export function siteUrl(website: string): URL {
  const raw = website.trim();
  if (!raw) throw new HunterError('INVALID_INPUT', 'The lead has no website to read.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new HunterError('INVALID_INPUT', `"${website}" is not a web address.`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname.includes('.')) {
    throw new HunterError('INVALID_INPUT', `"${website}" is not a web address.`);
  }
  u.hash = '';
  return u;
}

/** Fetches through the page cache and the per-host limiter. */
export class PageGetter {
  constructor(
    private readonly o: CrawlOptions,
    readonly limiter: HostLimiter,
  ) {}

  async get(url: string, expect: Expect): Promise<{ page: FetchedPage; from_cache: boolean }> {
    const cached = this.o.cache?.get(url);
    if (cached) {
      const { text, charset } = decodeBody(cached.body, cached.content_type);
      return {
        page: { url, final_url: cached.final_url, status: cached.status, content_type: cached.content_type, text, charset, bytes: cached.body.length, redirects: [], fetched_at: cached.fetched_at },
        from_cache: true,
      };
    }
    if (this.o.offline) throw new HunterError('NOT_FOUND', `${url} is not in the page cache (offline).`);
    const host = new URL(url).host;
    const page = await this.limiter.run(
      host,
      () => fetchPage(url, { limits: this.o.limits, userAgent: this.o.userAgent ?? DEFAULT_USER_AGENT, expect, signal: this.o.signal, acceptLanguage: this.o.acceptLanguage, lookup: this.o.lookup }),
      this.o.signal,
    );
    const mime = (page.content_type ?? (expect === 'html' ? 'text/html' : 'text/plain')).split(';')[0]!.trim();
    // Stored decoded, as UTF-8, so a cache hit never sniffs the charset again.
    this.o.cache?.put({ url, final_url: page.final_url, status: page.status, content_type: `${mime}; charset=utf-8`, body: Buffer.from(page.text, 'utf8'), fetched_at: page.fetched_at });
    return { page, from_cache: false };
  }
}

async function readRobots(getter: PageGetter, origin: string, o: CrawlOptions): Promise<{ robots: Robots; fatal?: HunterError }> {
  if (o.respectRobots === false) return { robots: ALLOW_ALL };
  try {
    const { page } = await getter.get(`${origin}/robots.txt`, 'text');
    if (page.status >= 200 && page.status < 300) return { robots: parseRobots(page.text) };
    if (page.status >= 500) return { robots: DISALLOW_ALL };
    return { robots: ALLOW_ALL };
  } catch (err) {
    const e = toHunterError(err);
    // An unreachable site is reported as such, not as a robots.txt refusal.
    if (e.code === 'TIMEOUT' || e.code === 'CONNECTION_ERROR' || e.code === 'CANCELLED') return { robots: DISALLOW_ALL, fatal: e };
    // A robots.txt that is a binary, huge, or a redirect loop is "unavailable": RFC 9309 allows crawling.
    return { robots: ALLOW_ALL };
  }
}

async function readSitemaps(getter: PageGetter, origin: string, robots: Robots, errors: HunterError[]): Promise<SitemapEntry[]> {
  const sameOrigin = (u: string) => {
    try {
      return sameSite(new URL(u), new URL(origin));
    } catch {
      return false;
    }
  };
  const roots = robots.sitemaps.filter(sameOrigin).slice(0, 2);
  if (roots.length === 0) roots.push(`${origin}/sitemap.xml`);
  const entries: SitemapEntry[] = [];
  const queue = [...roots];
  let fetched = 0;
  while (queue.length > 0 && fetched < 4) {
    const url = queue.shift()!;
    fetched++;
    try {
      const { page } = await getter.get(url, 'text');
      if (page.status >= 400) continue;
      const parsed = parseSitemap(page.text);
      entries.push(...parsed.urls.filter((e) => sameOrigin(e.loc)));
      // A sitemap index: the parts most likely to list posts first.
      const children = parsed.sitemaps.filter((s) => sameOrigin(s.loc)).sort((a, b) => Number(/post|blog|news|article/i.test(b.loc)) - Number(/post|blog|news|article/i.test(a.loc)));
      queue.push(...children.slice(0, 3).map((c) => c.loc));
    } catch (err) {
      const e = toHunterError(err);
      if (e.code === 'CANCELLED') throw e;
      // Offline, a sitemap that was not saved is simply absent, as a 404 would be.
      if (e.code === 'NOT_FOUND') continue;
      errors.push(new HunterError(e.code, `sitemap ${url}: ${e.message}`, { cause: err, retryable: false }));
    }
  }
  return entries;
}

interface Candidate {
  url: string;
  kind: PageKind;
  rank: number;
}

function candidatesFrom(html: string, base: URL, site: URL): Candidate[] {
  const $ = loadHtml(html.length > 2_000_000 ? html.slice(0, 2_000_000) : html);
  const out: Candidate[] = [];
  $('a[href]').each((i, el) => {
    if (i > 3000) return false;
    let u: URL;
    try {
      u = new URL($(el).attr('href')!, base);
    } catch {
      return undefined;
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !sameSite(u, site)) return undefined;
    const kind = classifyLink(u, $(el).text());
    if (kind && kind !== 'home') out.push({ url: canonical(u), kind, rank: i });
    return undefined;
  });
  return out;
}

function isRegistrableDomain(at: URL): boolean {
  return parseDomain(at.hostname, { allowPrivateDomains: true }).domain === at.hostname;
}

/** Where else the same site may answer when one address of it fails for good. */
function alternativesFor(at: URL, reason: Unreachable['reason']): URL[] {
  const u = new URL(at.toString());
  if (reason === 'dns_not_found') {
    // Many small businesses' sites answer only at www., or only without it.
    const domain = parseDomain(at.hostname, { allowPrivateDomains: true }).domain;
    if (!domain) return [];
    if (at.hostname === domain) u.hostname = `www.${domain}`;
    else if (at.hostname === `www.${domain}`) u.hostname = domain;
    else return [];
    return [u];
  }
  if (reason === 'refused') {
    u.protocol = at.protocol === 'https:' ? 'http:' : 'https:';
    return [u];
  }
  // A deep link the lead was given may be gone while the site itself is not.
  return at.pathname !== '/' || at.search ? [new URL('/', at)] : [];
}

/** The addresses tried per site at most: the lead's, www. or not, the other scheme, the root. */
const MAX_ADDRESSES = 4;
/** A site that answered 404 at least had a server; one that refused at least had a name. */
const REASON_RANK: Record<Unreachable['reason'], number> = { gone: 3, refused: 2, dns_not_found: 1 };

interface OpenedSite {
  /** The address that answered (the lead's, or the www./scheme/root alternative). */
  at: URL;
  robots: Robots;
  home?: { page: CrawledPage; parking: Parking | null };
  fatal?: HunterError;
  status?: SiteStatus;
}

type ReadHtml = (url: string, kind: PageKind, robots: Robots, checkParking?: boolean) => Promise<{ page: CrawledPage; parking: Parking | null }>;

/**
 * Reaches a site's home page. A permanent failure (no such name, connection refused, 404/410) at one
 * address sends the crawl to the site's other likely addresses; when every one fails for good, the site is
 * dead, said at once. Any other failure is returned as it is: it may pass, and deciding that is the caller's.
 */
async function openSite(start: URL, getter: PageGetter, o: CrawlOptions, lookup: LookupFunction | undefined, pins: Map<string, LookupAddress[]>, readHtml: ReadHtml): Promise<OpenedSite> {
  const queue = [start];
  const tried = new Set<string>();
  const robotsOf = new Map<string, { robots: Robots; fatal?: HunterError }>();
  const failed: (Unreachable & { url: string; cause: unknown })[] = [];
  let robots: Robots = ALLOW_ALL;
  // The name first, before any request is built: a name that does not exist costs one lookup, not a
  // connection attempt per page, and a name that does is resolved once for every page of the crawl.
  const resolve = async (at: URL): Promise<{ failure: HunterError } | { notFound: NodeJS.ErrnoException } | null> => {
    const host = at.hostname.toLowerCase();
    if (o.offline || isIP(host) || pins.has(host) || o.cache?.get(at.toString())) return null;
    try {
      pins.set(host, await lookupOnce(lookup, host, o.limits?.idleTimeoutMs ?? DEFAULT_FETCH_LIMITS.idleTimeoutMs));
      return null;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (o.signal?.aborted) return { failure: new HunterError('CANCELLED', 'The page fetch was cancelled.') };
      // No HunterError yet for a name that does not exist: most end as the one error of a dead site.
      if (e.code === 'ENOTFOUND') return { notFound: e };
      return { failure: new HunterError('CONNECTION_ERROR', `${host} could not be resolved now (${e.code ?? 'DNS'}).`, { cause: err }) };
    }
  };
  while (queue.length > 0 && tried.size < MAX_ADDRESSES) {
    const at = queue.shift()!;
    if (tried.has(at.toString())) continue;
    tried.add(at.toString());
    const resolved = await resolve(at);
    if (resolved && 'notFound' in resolved) {
      failed.push({ reason: 'dns_not_found', evidence: 'no such host name (DNS)', url: at.toString(), cause: resolved.notFound });
      // A domain the DNS says does not exist has nothing under it either (RFC 8020): no www. to ask for.
      if (!(isNxdomain(resolved.notFound) && isRegistrableDomain(at))) queue.push(...alternativesFor(at, 'dns_not_found'));
      continue;
    }
    let failure = resolved?.failure;
    if (!failure) {
      let r = robotsOf.get(at.origin);
      if (!r) {
        r = await readRobots(getter, at.origin, o);
        robotsOf.set(at.origin, r);
        if (!r.fatal && r.robots.crawlDelaySec !== undefined) getter.limiter.setInterval(at.host, Math.min(MAX_CRAWL_DELAY_MS, r.robots.crawlDelaySec * 1000));
      }
      robots = r.robots;
      failure = r.fatal;
    }
    if (!failure) {
      try {
        return { at, robots, home: await readHtml(at.toString(), 'home', robots, true) };
      } catch (err) {
        failure = toHunterError(err);
      }
    }
    const why = unreachableReason(failure);
    if (!why) return { at, robots, fatal: failure };
    failed.push({ ...why, url: at.toString(), cause: failure });
    queue.push(...alternativesFor(at, why.reason));
  }

  const worst = failed.reduce((a, b) => (REASON_RANK[b.reason] > REASON_RANK[a.reason] ? b : a));
  const witness = o.dnsWitness === undefined ? DEFAULT_DNS_WITNESS : o.dnsWitness;
  if (worst.reason === 'dns_not_found' && witness !== null && !(await resolverWorks(lookup, witness))) {
    return {
      at: start, robots,
      fatal: new HunterError('CONNECTION_ERROR', `${start.hostname} did not resolve, and neither did ${witness}: the network or its DNS seems down, so the site is not called dead.`, { retryable: true }),
    };
  }
  const evidence = failed.map((f) => `${f.url}: ${f.evidence}`).join('; ').slice(0, 500);
  const message =
    worst.reason === 'dns_not_found' ? `${start.hostname} does not exist (DNS): ${evidence}.`
      : worst.reason === 'refused' ? `${start.hostname} refuses connections on http and https: ${evidence}.`
        : `The website ${start.toString()} is gone: ${evidence}.`;
  return {
    at: start, robots,
    fatal: new HunterError(worst.reason === 'gone' ? 'HTTP_ERROR' : 'CONNECTION_ERROR', message, { retryable: false, cause: worst.cause }),
    status: { state: 'dead', reason: worst.reason, evidence, url: start.toString(), observed_at: (o.now?.() ?? new Date()).toISOString(), confidence: deadConfidence(worst.reason) },
  };
}

/**
 * Reads a business's site politely: robots.txt first (its rules and crawl-delay are honoured), the home
 * page, the sitemap, then the contact, imprint, about and team pages (and, at premium level, the blog and
 * its latest posts). Plain HTTP first; the browser only for pages that need JavaScript. A site that is not
 * there (no such name, nothing listening, its home page gone, a parked domain) comes back dead at once.
 */
export async function crawlSite(website: string, o: CrawlOptions = {}): Promise<SiteCrawl> {
  const level = o.level ?? 'basic';
  const budget = { ...LEVEL_BUDGET[level], ...(o.maxPages !== undefined ? { maxPages: o.maxPages } : {}), ...(o.maxBlogPosts !== undefined ? { maxBlogPosts: o.maxBlogPosts } : {}) };
  const limiter = o.limiter ?? new HostLimiter();
  // Only when asked does a name go anywhere but the OS resolver.
  const lookup = o.lookup ?? (o.dnsServers && o.dnsServers.length > 0 ? resolverLookup(o.dnsServers) : undefined);
  const pins = new Map<string, LookupAddress[]>();
  const getter = new PageGetter({ ...o, lookup: pinnedLookup(lookup, pins) }, limiter);
  const start = siteUrl(website);
  const errors: HunterError[] = [];
  const skipped: { url: string; reason: string }[] = [];
  const pages: CrawledPage[] = [];
  const result = (extra: Partial<SiteCrawl>): SiteCrawl => ({ home: start.toString(), pages, sitemap: [], robots: ALLOW_ALL, errors, skipped, ...extra });

  const readHtml: ReadHtml = async (url, kind, robots, checkParking = false) => {
    if (!robots.isAllowed(url)) {
      const host = new URL(url).host;
      throw new HunterError(
        'ROBOTS_DISALLOWED',
        robots.unavailable
          ? `robots.txt of ${host} answers with a server error; until it works, its rules say nothing may be read.`
          : `robots.txt of ${host} asks crawlers not to read ${new URL(url).pathname}.`,
        // A robots.txt that fails with a server error says "not now", not "never".
        { retryable: robots.unavailable },
      );
    }
    const { page, from_cache } = await getter.get(url, 'html');
    if (page.status >= 400) throw new HttpStatusError(page.status, url);
    const crawled = (html: string, final_url: string, rendered: boolean): CrawledPage => ({ url, final_url, status: page.status, kind, html, from_cache, rendered, fetched_at: page.fetched_at, bytes: page.bytes, last_modified: page.last_modified ?? null });
    // A parking page is told by its own markup, before any browser is started for its scripts.
    const parking = checkParking ? detectParking(page.text, page.final_url, url) : null;
    if (parking || !o.renderer || !needsJavaScript(page.text)) return { page: crawled(page.text, page.final_url, false), parking };
    const r = await limiter.run(new URL(url).host, () => o.renderer!.render(page.final_url), o.signal);
    return { page: crawled(r.html, r.final_url, true), parking: checkParking ? detectParking(r.html, r.final_url, url) : null };
  };

  const opened = await openSite(start, getter, o, lookup, pins, readHtml);
  const { robots } = opened;
  if (!opened.home) return result({ robots, ...(opened.fatal ? { fatal: opened.fatal } : {}), ...(opened.status ? { status: opened.status } : {}) });
  const { page: home, parking } = opened.home;
  pages.push(home);
  if (parking) {
    return result({
      robots,
      fatal: new HunterError('INVALID_INPUT', `${start.hostname} is a parked domain (${parking.evidence}), not the business's own site.`),
      status: { state: 'dead', reason: 'parked', evidence: parking.evidence, url: home.final_url, observed_at: (o.now?.() ?? new Date()).toISOString(), confidence: deadConfidence('parked', parking.strong) },
    });
  }
  const status: SiteStatus = { state: 'live', url: home.final_url, http_status: home.status, observed_at: home.fetched_at };
  // The home page may have moved (http → https, example.com → example.de): links are judged against where it landed.
  const site = new URL(home.final_url);
  const sitemap = await readSitemaps(getter, opened.at.origin, robots, errors);

  const seen = new Set<string>([canonical(start), canonical(opened.at), canonical(site)]);
  const fromHome = candidatesFrom(home.html, site, site);
  const fromSitemap: Candidate[] = sitemap
    .map((e, i): Candidate | null => {
      const u = new URL(e.loc);
      const kind = classifyLink(u, '');
      return kind && kind !== 'home' ? { url: canonical(u), kind, rank: 10_000 + i } : null;
    })
    .filter((c) => c !== null);

  const pick = (kind: PageKind): Candidate | undefined =>
    [...fromHome, ...fromSitemap]
      .filter((c) => c.kind === kind && !seen.has(c.url))
      .sort((a, b) => a.rank - b.rank || a.url.length - b.url.length)[0];

  const plan: Candidate[] = [];
  const wanted: PageKind[] = level === 'premium' ? ['contact', 'imprint', 'about', 'team', 'blog'] : ['contact', 'imprint', 'team', 'about'];
  for (const kind of wanted) {
    if (plan.length + 1 >= budget.maxPages) break;
    // Basic reads one of team / about, whichever the site has.
    if (level === 'basic' && kind === 'about' && plan.some((p) => p.kind === 'team')) continue;
    const c = pick(kind);
    if (c) {
      plan.push(c);
      seen.add(c.url);
    }
  }

  const readAll = async (list: Candidate[]) => {
    const read = await Promise.all(
      list.map(async (c) => {
        try {
          return (await readHtml(c.url, c.kind, robots)).page;
        } catch (err) {
          const e = toHunterError(err);
          if (e.code === 'CANCELLED') throw e;
          if (e.code === 'ROBOTS_DISALLOWED') skipped.push({ url: c.url, reason: 'robots.txt' });
          else if (e.code === 'NOT_FOUND' && o.offline) skipped.push({ url: c.url, reason: 'not in the page cache (offline)' });
          else errors.push(new HunterError(e.code, e.message.includes(c.url) ? e.message : `${c.url}: ${e.message}`, { cause: err, retryable: e.retryable }));
          return null;
        }
      }),
    );
    for (const p of read) if (p) pages.push(p);
  };
  await readAll(plan);

  if (budget.maxBlogPosts > 0 && pages.length < budget.maxPages) {
    const blogIndex = pages.find((p) => p.kind === 'blog');
    const fromBlog = blogIndex ? candidatesFrom(blogIndex.html, new URL(blogIndex.final_url), site).filter((c) => c.kind === 'blog_post') : [];
    // Newest first when the sitemap dates them; else in the order the blog lists them.
    const dated = new Map(sitemap.filter((e) => e.lastmod).map((e) => [canonical(new URL(e.loc)), e.lastmod!]));
    const posts = [...fromBlog, ...fromSitemap.filter((c) => c.kind === 'blog_post')]
      .filter((c, i, all) => !seen.has(c.url) && all.findIndex((x) => x.url === c.url) === i)
      .sort((a, b) => (dated.get(b.url) ?? '').localeCompare(dated.get(a.url) ?? '') || a.rank - b.rank)
      .slice(0, Math.min(budget.maxBlogPosts, budget.maxPages - pages.length));
    for (const p of posts) seen.add(p.url);
    await readAll(posts);
  }
  return result({ sitemap, robots, status });
}
