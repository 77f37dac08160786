/**
 * How often the page's latest date is found on real saved pages (tests/fixtures/dated-pages), on the
 * tuning set and on the held-out set, against the extractor as it was before (a frozen copy of its code
 * below, run in the same process on the same pages), and how often the date found is wrong.
 *
 * "The page's latest date" is what the product says of a one-page site: the last_updated fact that
 * summarise() derives from the page's facts. A last_updated that rests on the copyright year is a year,
 * not a day: it counts as no day found (neither right nor wrong) and is reported on its own.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactInput } from '../../main/core/domain';
import { summarise } from '../../main/enrich/aggregate';
import { extractPage } from '../../main/enrich/extract-page';
import { fact, type ExtractContext } from '../../main/enrich/extract/context';
import { absolute, clean, parsePage, textOf, typesOf } from '../../main/enrich/html-page';
import type { Bench, BenchResult } from './harness';
import { round } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const DIR = join(here, '..', 'fixtures', 'dated-pages');
/** Fixed, so the sanity window (nothing after now) and the copyright rule give the same answer every run. */
export const NOW = new Date('2026-06-01T00:00:00Z');
const OBSERVED = NOW.toISOString();

export interface DatedPage {
  file: string;
  url: string;
  language: string;
  kind: string;
  expected: string;
  precision: 'day' | 'year';
  basis: string;
  set: 'tuning' | 'heldout';
  doubtful?: string;
}

export function loadManifest(): DatedPage[] {
  return (JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { pages: DatedPage[] }).pages;
}

export function pageHtml(p: DatedPage): string {
  return readFileSync(join(DIR, 'pages', p.file), 'utf8');
}

export interface Answer {
  /** The last_updated day, or null. */
  day: string | null;
  basis: string | null;
}

function answerOf(facts: FactInput[], url: string): Answer {
  const last = summarise(facts, [], { now: NOW, observedAt: OBSERVED, home: url }).find((f) => f.kind === 'last_updated');
  return last ? { day: last.value, basis: String(last.detail?.basis ?? '') } : { day: null, basis: null };
}

export function currentAnswer(p: DatedPage): Answer {
  return answerOf(extractPage(pageHtml(p), p.url, { now: NOW, observedAt: OBSERVED }), p.url);
}

export function legacyAnswer(p: DatedPage): Answer {
  const page = parsePage(pageHtml(p), p.url);
  const ctx: ExtractContext = { page, observedAt: OBSERVED, now: NOW, defaultCountry: undefined, pageKind: page.url.pathname === '/' ? 'home' : 'other', siteDomain: undefined };
  return answerOf([...legacy.extractFreshness(ctx), ...legacy.extractBlogPosts(ctx)], p.url);
}

interface Score {
  pages: number;
  found: number;
  correct: number;
  wrong: number;
  yearOnly: number;
  misses: string[];
}

export function score(pages: DatedPage[], answer: (p: DatedPage) => Answer): Score {
  const s: Score = { pages: 0, found: 0, correct: 0, wrong: 0, yearOnly: 0, misses: [] };
  for (const p of pages) {
    s.pages++;
    const a = answer(p);
    const year = a.basis === 'copyright year';
    if (p.precision === 'year') {
      if (a.day && a.day.slice(0, 4) === p.expected.slice(0, 4)) s.correct++;
      else s.misses.push(`${p.file}: ${a.day ?? 'none'} for ${p.expected.slice(0, 4)}`);
      if (a.day) s.found++;
      if (a.day && a.day.slice(0, 4) !== p.expected.slice(0, 4)) s.wrong++;
      continue;
    }
    if (!a.day || year) {
      if (year) s.yearOnly++;
      s.misses.push(`${p.file}: ${a.day ? `year ${a.day.slice(0, 4)} only` : 'none'} for ${p.expected}`);
      continue;
    }
    s.found++;
    if (a.day === p.expected) s.correct++;
    else {
      s.wrong++;
      s.misses.push(`${p.file}: ${a.day} (${a.basis}) for ${p.expected}`);
    }
  }
  return s;
}

const share = (n: number, d: number) => (d === 0 ? NaN : round(n / d, 3));

const bench: Bench = async () => {
  const all = loadManifest().filter((p) => !p.doubtful);
  const out: BenchResult[] = [];
  for (const set of ['tuning', 'heldout'] as const) {
    const day = all.filter((p) => p.set === set && p.precision === 'day');
    if (day.length === 0) continue;
    const now = score(day, currentAnswer);
    const old = score(day, legacyAnswer);
    const label = set === 'tuning' ? 'tuning set' : 'held-out set';
    out.push({
      name: `page's latest date found, ${label} (${day.length} pages)`,
      value: share(now.correct, now.pages),
      unit: 'share of pages',
      baseline: share(old.correct, old.pages),
      baseline_label: 'extractor before this change, same run',
      ratio: share(now.correct, now.pages),
      goal: '≥ 0.80 of pages',
      pass: now.correct / now.pages >= 0.8,
      notes: `found ${now.correct}/${now.pages} (before: ${old.correct}/${old.pages}); ${now.yearOnly} answered with a copyright year only (before: ${old.yearOnly}). Not found or wrong now: ${now.misses.join('; ') || 'none'}`,
    });
    out.push({
      name: `wrong latest date when one is given, ${label}`,
      value: share(now.wrong, now.found),
      unit: 'share of dates given',
      baseline: share(old.wrong, old.found),
      baseline_label: 'extractor before this change, same run',
      ratio: share(now.wrong, now.found),
      goal: '≤ 0.10 (a wrong "updated" date is worse than none)',
      pass: now.found === 0 || now.wrong / now.found <= 0.1,
      notes: `wrong ${now.wrong} of ${now.found} dates given (before: ${old.wrong} of ${old.found})`,
    });
  }
  const years = all.filter((p) => p.precision === 'year');
  if (years.length > 0) {
    const now = score(years, currentAnswer);
    const old = score(years, legacyAnswer);
    out.push({
      name: `year-only expectations (${years.length} pages, both sets): right year`,
      value: share(now.correct, now.pages),
      unit: 'share of pages',
      baseline: share(old.correct, old.pages),
      baseline_label: 'extractor before this change, same run',
      ratio: null,
      goal: 'reported, no goal (the source itself only knows the year)',
      pass: null,
      notes: now.misses.join('; ') || undefined,
    });
  }
  return out;
};

export default bench;

/**
 * The freshness and blog-post extraction as it was before this change (main/enrich/extract/dates.ts and
 * freshness.ts at the commit this bench was written on), kept here unchanged so every run measures the
 * old behaviour beside the new on the same pages.
 */
const legacy = (() => {
  const MONTHS: Record<string, number> = {};
  const NAMES: [number, string[]][] = [
    [1, ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'gen', 'janeiro']],
    [2, ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'fev', 'febrero', 'febbraio', 'fevereiro']],
    [3, ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'março', 'marco']],
    [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile']],
    [5, ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio']],
    [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho']],
    [7, ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho']],
    [8, ['august', 'aug', 'août', 'aout', 'agosto', 'ago']],
    [9, ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set', 'setembro']],
    [10, ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'out']],
    [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro']],
    [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro']],
  ];
  for (const [n, names] of NAMES) for (const name of names) MONTHS[name] = n;
  const MONTH_RE = Object.keys(MONTHS)
    .sort((a, b) => b.length - a.length)
    .join('|');
  const pad = (n: number) => String(n).padStart(2, '0');
  const valid = (y: number, m: number, d: number): string | null => {
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
    const dt = new Date(Date.UTC(y, m - 1, d));
    if (dt.getUTCMonth() !== m - 1) return null;
    return `${y}-${pad(m)}-${pad(d)}`;
  };
  const parseLooseDate = (text: string): string | null => {
    const s = text.toLowerCase();
    let m = s.match(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/);
    if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
    m = s.match(/\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b/);
    if (m) return valid(+m[3]!, +m[2]!, +m[1]!);
    m = s.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.)?\\s+(?:de\\s+)?(${MONTH_RE})\\.?,?\\s+(?:de\\s+)?(\\d{4})\\b`, 'u'));
    if (m) return valid(+m[3]!, MONTHS[m[2]!]!, +m[1]!);
    m = s.match(new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'u'));
    if (m) return valid(+m[3]!, MONTHS[m[1]!]!, +m[2]!);
    m = s.match(/\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/);
    if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
    return null;
  };
  const isoDate = (value: string): string | null => {
    const s = value.trim();
    const dateOnly = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (dateOnly) return valid(+dateOnly[1]!, +dateOnly[2]!, +dateOnly[3]!);
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
      const t = Date.parse(s.replace(' ', 'T'));
      if (Number.isNaN(t)) return null;
      const y = new Date(t).getUTCFullYear();
      return y >= 1990 && y <= 2100 ? new Date(t).toISOString() : null;
    }
    return parseLooseDate(s);
  };
  const notInFuture = (iso: string, now: Date) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) <= now.getTime() + 86_400_000;
  const dayOf = (iso: string) => iso.slice(0, 10);
  const DATE_FIELDS = ['dateModified', 'datePublished', 'uploadDate', 'dateCreated'] as const;
  const META_DATES = ['article:modified_time', 'article:published_time', 'og:updated_time', 'last-modified', 'date', 'dc.date', 'dc.date.modified', 'dcterms.modified', 'pubdate', 'publishdate'];
  const BLOG_PATH = /\/(blog|news|aktuelles|neuigkeiten|articles?|insights|journal|magazin|magazine|actualites|noticias|notizie|posts?)(\/|$)|\/(19|20)\d{2}\/\d{2}\//i;
  const ARTICLE_TYPES = new Set(['BlogPosting', 'Article', 'NewsArticle', 'TechArticle', 'Report', 'ScholarlyArticle', 'SocialMediaPosting', 'LiveBlogPosting']);
  const copyrightYear = (text: string, now: Date): number | undefined => {
    let best: number | undefined;
    const re = /(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–—/]\s*)?(\d{4})/gi;
    for (const m of text.slice(-50_000).matchAll(re)) {
      const y = Number(m[1]);
      if (y >= 1995 && y <= now.getUTCFullYear() + 1 && (!best || y > best)) best = y;
    }
    return best;
  };
  const extractFreshness = (ctx: ExtractContext): FactInput[] => {
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
  };
  interface Post {
    title: string;
    date?: string;
    url?: string;
    method: 'json_ld' | 'meta' | 'heading';
    confidence: number;
  }
  const extractBlogPosts = (ctx: ExtractContext): FactInput[] => {
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
  };
  return { extractFreshness, extractBlogPosts };
})();
