import type { FactInput } from '../../core/domain';
import { absolute, clean, textOf, typesOf } from '../html-page';
import { fact, type ExtractContext } from './context';
import { dayOf, isoDate, notInFuture, parseLooseDate } from './dates';

const DATE_FIELDS = ['dateModified', 'datePublished', 'uploadDate', 'dateCreated'] as const;
const META_DATES = ['article:modified_time', 'article:published_time', 'og:updated_time', 'last-modified', 'date', 'dc.date', 'dc.date.modified', 'dcterms.modified', 'pubdate', 'publishdate'];
export const BLOG_PATH = /\/(blog|news|aktuelles|neuigkeiten|articles?|insights|journal|magazin|magazine|actualites|noticias|notizie|posts?)(\/|$)|\/(19|20)\d{2}\/\d{2}\//i;
const ARTICLE_TYPES = new Set(['BlogPosting', 'Article', 'NewsArticle', 'TechArticle', 'Report', 'ScholarlyArticle', 'SocialMediaPosting', 'LiveBlogPosting']);

/**
 * Signs of when the site was last touched: JSON-LD and meta dates, and the copyright year (weak: many
 * sites print the current year by script).
 */
export function extractFreshness(ctx: ExtractContext): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<string>();
  const push = (date: string | null, method: 'json_ld' | 'meta', field: string, confidence: number) => {
    if (!date || !notInFuture(date, ctx.now)) return;
    const key = `${dayOf(date)}|${field}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(fact(ctx, 'content_freshness', date, method, confidence, { date, field }));
  };
  for (const node of ctx.page.jsonLd.slice(0, 200)) {
    for (const f of DATE_FIELDS) {
      const v = textOf(node[f]);
      if (v) push(isoDate(v), 'json_ld', `${typesOf(node)[0] ?? 'Thing'}.${f}`, 0.85);
    }
  }
  for (const name of META_DATES) {
    const v = ctx.page.meta.get(name);
    if (v) push(isoDate(v), 'meta', name, 0.8);
  }
  const copyright = copyrightYear(ctx.page.text, ctx.now);
  if (copyright) out.push(fact(ctx, 'content_freshness', String(copyright), 'copyright', 0.4, { date: `${copyright}-01-01`, year: copyright, field: 'copyright' }));
  return out;
}

export function copyrightYear(text: string, now: Date): number | undefined {
  let best: number | undefined;
  const re = /(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–—/]\s*)?(\d{4})/gi;
  for (const m of text.slice(-50_000).matchAll(re)) {
    const y = Number(m[1]);
    if (y >= 1995 && y <= now.getUTCFullYear() + 1 && (!best || y > best)) best = y;
  }
  return best;
}

interface Post {
  title: string;
  date?: string;
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
  const add = (p: Post) => {
    const title = clean(p.title, 200);
    if (title.length < 3) return;
    const date = p.date && notInFuture(p.date, ctx.now) ? p.date : undefined;
    const key = (p.url ?? title).toLowerCase();
    const cur = posts.get(key);
    if (!cur || (!cur.date && date)) posts.set(key, { ...p, title, date });
  };

  for (const node of ctx.page.jsonLd) {
    if (!typesOf(node).some((t) => ARTICLE_TYPES.has(t))) continue;
    const title = textOf(node.headline) ?? textOf(node.name);
    const date = isoDate(textOf(node.datePublished) ?? textOf(node.dateCreated) ?? '') ?? undefined;
    const url = textOf(node.url) ?? textOf(node.mainEntityOfPage);
    if (title) add({ title, date, url: url && absolute(url, ctx.page.url)?.toString(), method: 'json_ld', confidence: 0.85 });
  }
  // Many CMSs mark every page og:type=article; only a published date or a blog address makes it a post.
  const published = ctx.page.meta.get('article:published_time');
  if (ctx.page.meta.get('og:type') === 'article' && (published || ctx.pageKind === 'blog_post' || BLOG_PATH.test(ctx.page.url.pathname))) {
    const title = ctx.page.meta.get('og:title') ?? ctx.page.$('h1').first().text();
    const date = isoDate(ctx.page.meta.get('article:published_time') ?? '') ?? undefined;
    if (title) add({ title, date, url: ctx.page.url.toString(), method: 'meta', confidence: 0.8 });
  }

  const $ = ctx.page.$;
  const entries = $('article, .post, .blog-post, .hentry, .entry, [class*="post-item"], [class*="blog-item"], [class*="news-item"]');
  const listing = entries.length >= 2 || ctx.pageKind === 'blog';
  if (listing) {
    entries.slice(0, 100).each((_, el) => {
      const e = $(el);
      const heading = e.find('h1, h2, h3, h4').first();
      const link = heading.find('a[href]').first().length ? heading.find('a[href]').first() : e.find('a[href]').first();
      const title = heading.text() || link.text();
      const timeEl = e.find('time').first();
      const rawDate = timeEl.attr('datetime') ?? timeEl.text() ?? '';
      const date = isoDate(rawDate) ?? parseLooseDate(e.find('[class*="date"], .meta, .byline, small').first().text()) ?? parseLooseDate(e.text().slice(0, 400)) ?? undefined;
      const href = link.attr('href');
      const url = href ? absolute(href, ctx.page.url)?.toString() : undefined;
      if (title.trim()) add({ title, date, url, method: 'heading', confidence: date ? 0.75 : 0.6 });
    });
  }

  return [...posts.values()].map((p) => {
    const detail: Record<string, unknown> = { title: p.title };
    if (p.date) detail.date = p.date;
    if (p.url) detail.url = p.url;
    return fact(ctx, 'blog_post', p.title, p.method, p.confidence, detail);
  });
}
