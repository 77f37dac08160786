import type { LookupFunction } from 'node:net';
import { HunterError, toHunterError } from '../core/errors';
import type { PageCache } from '../store/page-cache';
import { decodeBody } from './charset';
import type { PageKind } from './extract/context';
import { DEFAULT_USER_AGENT, fetchPage, type Expect, type FetchedPage, type FetchLimits } from './fetch-page';
import { HostLimiter } from './host-limiter';
import { needsJavaScript, type PageRenderer } from './browser-render';
import { loadHtml } from './html-page';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type Robots } from './robots';
import { canonical, classifyLink, parseSitemap, sameSite, type SitemapEntry } from './site-map';

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
  /** Host name resolution override, passed to every fetch. */
  lookup?: LookupFunction;
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
    const page = await this.limiter.run(host, () =>
      fetchPage(url, { limits: this.o.limits, userAgent: this.o.userAgent ?? DEFAULT_USER_AGENT, expect, signal: this.o.signal, acceptLanguage: this.o.acceptLanguage, lookup: this.o.lookup }),
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

/**
 * Reads a business's site politely: robots.txt first (its rules and crawl-delay are honoured), the home
 * page, the sitemap, then the contact, imprint, about and team pages (and, at premium level, the blog and
 * its latest posts). Plain HTTP first; the browser only for pages that need JavaScript.
 */
export async function crawlSite(website: string, o: CrawlOptions = {}): Promise<SiteCrawl> {
  const level = o.level ?? 'basic';
  const budget = { ...LEVEL_BUDGET[level], ...(o.maxPages !== undefined ? { maxPages: o.maxPages } : {}), ...(o.maxBlogPosts !== undefined ? { maxBlogPosts: o.maxBlogPosts } : {}) };
  const limiter = o.limiter ?? new HostLimiter();
  const getter = new PageGetter(o, limiter);
  const start = siteUrl(website);
  const errors: HunterError[] = [];
  const skipped: { url: string; reason: string }[] = [];
  const pages: CrawledPage[] = [];
  const result = (extra: Partial<SiteCrawl>): SiteCrawl => ({ home: start.toString(), pages, sitemap: [], robots: ALLOW_ALL, errors, skipped, ...extra });

  const { robots, fatal: robotsFatal } = await readRobots(getter, start.origin, o);
  if (robotsFatal) return result({ fatal: robotsFatal, robots });
  if (robots.crawlDelaySec !== undefined) limiter.setInterval(start.host, Math.min(MAX_CRAWL_DELAY_MS, robots.crawlDelaySec * 1000));

  const readHtml = async (url: string, kind: PageKind): Promise<CrawledPage> => {
    if (!robots.isAllowed(url)) {
      const host = new URL(url).host;
      throw new HunterError(
        'ROBOTS_DISALLOWED',
        robots.unavailable
          ? `robots.txt of ${host} answers with a server error; until it works, its rules say nothing may be read.`
          : `robots.txt of ${host} asks crawlers not to read ${new URL(url).pathname}.`,
      );
    }
    const { page, from_cache } = await getter.get(url, 'html');
    if (page.status >= 400) throw new HunterError('HTTP_ERROR', `${url} answered ${page.status}.`, { retryable: page.status === 429 || page.status === 503 });
    let html = page.text;
    let final_url = page.final_url;
    let rendered = false;
    if (o.renderer && needsJavaScript(html)) {
      const r = await limiter.run(new URL(url).host, () => o.renderer!.render(page.final_url));
      html = r.html;
      final_url = r.final_url;
      rendered = true;
    }
    return { url, final_url, status: page.status, kind, html, from_cache, rendered, fetched_at: page.fetched_at, bytes: page.bytes };
  };

  let home: CrawledPage;
  try {
    home = await readHtml(start.toString(), 'home');
  } catch (err) {
    return result({ fatal: toHunterError(err), robots });
  }
  pages.push(home);
  // The home page may have moved (http → https, example.com → example.de): links are judged against where it landed.
  const site = new URL(home.final_url);
  const sitemap = await readSitemaps(getter, start.origin, robots, errors);

  const seen = new Set<string>([canonical(start), canonical(site)]);
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
          return await readHtml(c.url, c.kind);
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
  return result({ sitemap, robots });
}
