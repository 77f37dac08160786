import type { FactInput, FactMethod } from '../../core/domain';
import { absolute, clean, textOf, typesOf } from '../html-page';
import { fact, type ExtractContext } from './context';
import { dayOrderFor, isoDate, notInFuture, parseLooseDate, WEB_EPOCH } from './dates';
import { findPageDates, type DateSignal, type PageDates } from './page-date';

const COMMENT = '[class~="comment" i], [id^="comment" i], [class*="comments" i], [id*="comments" i], [class*="commentlist" i]';
export const BLOG_PATH = /\/(blog|news|aktuelles|neuigkeiten|articles?|insights|journal|magazin|magazine|actualites|noticias|notizie|posts?)(\/|$)|\/(19|20)\d{2}\/\d{2}\//i;
const ARTICLE_TYPES = new Set(['BlogPosting', 'Article', 'NewsArticle', 'TechArticle', 'Report', 'ScholarlyArticle', 'SocialMediaPosting', 'LiveBlogPosting']);

function methodOf(s: DateSignal): FactMethod {
  if (s.source.startsWith('json_ld.')) return 'json_ld';
  if (s.source.startsWith('meta.') || s.source.startsWith('microdata.') || s.source === 'http.last_modified') return 'meta';
  if (s.source === 'sitemap.lastmod') return 'sitemap';
  if (s.source === 'url') return 'link';
  if (s.source === 'copyright') return 'copyright';
  if (s.source === 'text.headline') return 'heading';
  return 'text';
}

const CONFIDENCE: Record<DateSignal['strength'], number> = { structured: 0.85, markup: 0.75, text: 0.65, external: 0.6, copyright: 0.4 };

/** The fields the old facts carried ("field"), kept so stored facts and their readers stay compatible. */
function fieldOf(s: DateSignal): string {
  if (s.source.startsWith('meta.')) return s.source.slice(5);
  // The same words the site-wide sitemap signal uses (aggregate.ts), so one date has one basis wherever it is read.
  if (s.source === 'sitemap.lastmod') return 'sitemap lastmod';
  return s.source;
}

/** The page's dates, computed once per context (freshness and blog posts both read them). */
const cache = new WeakMap<ExtractContext, PageDates>();
export function pageDatesOf(ctx: ExtractContext): PageDates {
  let d = cache.get(ctx);
  if (!d) {
    d = findPageDates({ page: ctx.page, now: ctx.now, httpLastModified: ctx.httpLastModified, sitemapLastmod: ctx.sitemapLastmod, notBefore: ctx.notBefore, fetchedAt: ctx.fetchedAt });
    cache.set(ctx, d);
  }
  return d;
}

/**
 * When the page was last touched, as facts: its latest date first (with the signal it came from, and what
 * was found but not believed), then its published date when that is older, then the copyright year (weak:
 * many sites print the current year by script). No other date of the page becomes a fact, so the newest
 * content_freshness fact of a page is always its latest date, never a sidebar's.
 */
export function extractFreshness(ctx: ExtractContext): FactInput[] {
  const d = pageDatesOf(ctx);
  const out: FactInput[] = [];
  const push = (s: DateSignal, extra: Record<string, unknown>) => {
    // The summary reads the day from detail.date: where the written day differs from the UTC one, it carries the written day.
    const detail: Record<string, unknown> = { date: s.day === s.date.slice(0, 10) ? s.date : s.day, field: fieldOf(s), source: s.source, role: s.role, precision: s.precision, ...extra };
    out.push(fact(ctx, 'content_freshness', s.date, methodOf(s), CONFIDENCE[s.strength], detail));
  };
  const latest = d.latest && d.latest.strength !== 'copyright' && d.latest.precision !== 'year' ? d.latest : undefined;
  if (latest) {
    const extra: Record<string, unknown> = { latest: true };
    if (d.published && d.published.day < latest.day) extra.published = d.published.date;
    const others = d.signals.filter((s) => s !== latest && s.strength !== 'copyright').slice(0, 8);
    if (others.length > 0) extra.signals = others.map((s) => ({ date: s.date, source: s.source, role: s.role }));
    if (d.rejected.length > 0) extra.rejected = d.rejected.slice(0, 8);
    push(latest, extra);
    if (d.published && d.published.day < latest.day) push(d.published, {});
  }
  const copyright = d.signals.find((s) => s.strength === 'copyright');
  if (copyright) {
    const year = Number(copyright.day.slice(0, 4));
    const detail: Record<string, unknown> = { date: copyright.day, year, field: 'copyright', source: 'copyright', precision: 'year' };
    if (!latest && d.rejected.length > 0) detail.rejected = d.rejected.slice(0, 8);
    out.push(fact(ctx, 'content_freshness', String(year), 'copyright', 0.4, detail));
  }
  return out;
}

interface Post {
  title: string;
  date?: string;
  dateSource?: string;
  url?: string;
  method: 'json_ld' | 'meta' | 'heading';
  confidence: number;
}

/**
 * Blog posts: a single post page (JSON-LD BlogPosting / og:type article), or the entries of a listing
 * (`article` elements and post cards with a heading link and a date).
 */
export function extractBlogPosts(ctx: ExtractContext): FactInput[] {
  const posts = new Map<string, Post>();
  const order = dayOrderFor(ctx.page.$('html').attr('lang'), ctx.page.url.hostname);
  const believable = (date: string | null | undefined) => (date && notInFuture(date, ctx.now) && date.slice(0, 10) >= WEB_EPOCH ? date : undefined);
  const add = (p: Post) => {
    const title = clean(p.title, 200);
    if (title.length < 3) return;
    const date = believable(p.date);
    const key = (p.url ?? title).toLowerCase();
    const cur = posts.get(key);
    if (!cur || (!cur.date && date)) posts.set(key, { ...p, title, date, dateSource: date ? p.dateSource : undefined });
  };

  for (const node of ctx.page.jsonLd) {
    if (!typesOf(node).some((t) => ARTICLE_TYPES.has(t))) continue;
    const title = textOf(node.headline) ?? textOf(node.name);
    const field = textOf(node.datePublished) ? 'datePublished' : 'dateCreated';
    const date = isoDate(textOf(node[field]) ?? '', order) ?? undefined;
    const url = textOf(node.url) ?? textOf(node.mainEntityOfPage);
    if (title) add({ title, date, dateSource: `json_ld.${field}`, url: url && absolute(url, ctx.page.url)?.toString(), method: 'json_ld', confidence: 0.85 });
  }
  // Many CMSs mark every page og:type=article; only a published date or a blog address makes it a post.
  const published = ctx.page.meta.get('article:published_time');
  if (ctx.page.meta.get('og:type') === 'article' && (published || ctx.pageKind === 'blog_post' || BLOG_PATH.test(ctx.page.url.pathname))) {
    const title = ctx.page.meta.get('og:title') ?? ctx.page.$('h1').first().text();
    let date = isoDate(published ?? '', order) ?? undefined;
    let dateSource = 'meta.article:published_time';
    if (!date) {
      // A post without the meta tag: the date the page itself shows as published (or its latest).
      const d = pageDatesOf(ctx);
      const s = d.published ?? d.latest;
      if (s && s.precision === 'day' && s.strength !== 'copyright') {
        date = s.date;
        dateSource = s.source;
      }
    }
    if (title) add({ title, date, dateSource, url: ctx.page.url.toString(), method: 'meta', confidence: 0.8 });
  }

  const $ = ctx.page.$;
  const entries = $('article, .post, .blog-post, .hentry, .entry, [class*="post-item"], [class*="blog-item"], [class*="news-item"]');
  const listing = entries.length >= 2 || ctx.pageKind === 'blog';
  if (listing) {
    entries.slice(0, 100).each((_, el) => {
      const e = $(el);
      // Readers' comments are marked up as articles too (WordPress: article.comment in #comments); they are not posts.
      if (e.is(COMMENT) || e.closest(COMMENT).length) return;
      const heading = e.find('h1, h2, h3, h4').first();
      const link = heading.find('a[href]').first().length ? heading.find('a[href]').first() : e.find('a[href]').first();
      const title = heading.text() || link.text();
      const timeEl = e.find('time').first();
      const rawDate = timeEl.attr('datetime') ?? timeEl.text() ?? '';
      let date = isoDate(rawDate, order);
      let dateSource = 'time';
      if (!date) {
        date = parseLooseDate(e.find('[class*="date"], .meta, .byline, small').first().text(), order);
        dateSource = 'element.text';
      }
      if (!date) {
        date = parseLooseDate(e.text().slice(0, 400), order);
        dateSource = 'text';
      }
      const href = link.attr('href');
      const url = href ? absolute(href, ctx.page.url)?.toString() : undefined;
      if (title.trim()) add({ title, date: date ?? undefined, dateSource, url, method: 'heading', confidence: date ? 0.75 : 0.6 });
    });
  }

  return [...posts.values()].map((p) => {
    const detail: Record<string, unknown> = { title: p.title };
    if (p.date) detail.date = p.date;
    if (p.date && p.dateSource) detail.date_source = p.dateSource;
    if (p.url) detail.url = p.url;
    return fact(ctx, 'blog_post', p.title, p.method, p.confidence, detail);
  });
}
