import type { CheerioAPI } from 'cheerio';
import type { JsonLdNode, ParsedPage } from '../html-page';
import { textOf, typesOf } from '../html-page';
import { dayOf, dayOrderFor, findDates, isoDate, WEB_EPOCH, writtenDay, type DayOrder } from './dates';

/** What a date says about the page: when it was last changed, when it first appeared, or only that it is dated. */
export type DateRole = 'modified' | 'published' | 'unknown';

/**
 * How much a signal is worth, strongest first. `structured`: JSON-LD, meta tags, microdata, the sitemap's
 * lastmod. `markup`: `<time>`, date-classed elements, a date in the address. `text`: labelled dates
 * ("Stand: …", "Mis à jour le …") and the date beside the headline. `external`: the HTTP Last-Modified
 * header. `copyright`: the footer's year, the weakest of all (many sites print the current year by script).
 */
export type DateStrength = 'structured' | 'markup' | 'text' | 'external' | 'copyright';

export interface DateSignal {
  /** ISO 8601: an instant when the page gave a time with its zone, else a day. */
  date: string;
  day: string;
  precision: 'day' | 'month' | 'year';
  role: DateRole;
  /** Where it came from, e.g. "json_ld.dateModified", "meta.article:published_time", "time.datetime", "url", "text.updated". */
  source: string;
  strength: DateStrength;
  /** Order in the page (smaller is nearer the top), to prefer the date by the headline over the sidebar's. */
  position: number;
  raw: string;
}

/** Why a date on the page was not believed: coded, so the rep (and `hunter inspect`) can see it. */
export type DateRejection = 'DATE_IN_FUTURE' | 'DATE_BEFORE_WEB' | 'DATE_BEFORE_SITE' | 'COPYRIGHT_STALE';

export interface RejectedDate {
  source: string;
  raw: string;
  date: string;
  code: DateRejection;
}

export interface PageDates {
  /** The page's latest date: the newer of when it was published and last changed, from the strongest signals it has. */
  latest?: DateSignal;
  published?: DateSignal;
  modified?: DateSignal;
  /** Every believable date found, strongest first. */
  signals: DateSignal[];
  rejected: RejectedDate[];
  order: DayOrder;
}

export interface PageDateInput {
  page: ParsedPage;
  now: Date;
  /** The HTTP Last-Modified header the page was served with. */
  httpLastModified?: string | null;
  /** The sitemap's lastmod for this page's address. */
  sitemapLastmod?: string | null;
  /** The site's oldest trustworthy date: nothing on its pages can be older. */
  notBefore?: string | null;
  /** When the page was fetched: only then can "3 days ago" be turned into a date. */
  fetchedAt?: Date | null;
}

const ARTICLE_TYPES = new Set(['Article', 'NewsArticle', 'BlogPosting', 'TechArticle', 'Report', 'ScholarlyArticle', 'SocialMediaPosting', 'LiveBlogPosting', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'ReportageNewsArticle', 'ReviewNewsArticle', 'BackgroundNewsArticle', 'AdvertiserContentArticle', 'SatiricalArticle', 'Recipe', 'HowTo', 'PodcastEpisode', 'Episode', 'VideoObject', 'Product', 'Event', 'JobPosting', 'Course', 'Blog']);
const PAGE_TYPES = new Set(['WebPage', 'ItemPage', 'AboutPage', 'ContactPage', 'CollectionPage', 'FAQPage', 'ProfilePage', 'QAPage', 'SearchResultsPage', 'CheckoutPage', 'MedicalWebPage', 'RealEstateListing']);
const JSON_LD_FIELDS: [string, DateRole][] = [
  ['dateModified', 'modified'],
  ['datePublished', 'published'],
  ['dateCreated', 'published'],
];

/** Meta tags that date the page itself (names as the lowercased name, property, itemprop or http-equiv). */
const META_ROLES: Record<string, DateRole> = {
  'article:modified_time': 'modified',
  'article:modified': 'modified',
  'og:updated_time': 'modified',
  'og:modified_time': 'modified',
  'last-modified': 'modified',
  lastmodified: 'modified',
  lastmod: 'modified',
  'dc.date.modified': 'modified',
  'dcterms.modified': 'modified',
  'dc:modified': 'modified',
  datemodified: 'modified',
  dateupdate: 'modified',
  'date.modified': 'modified',
  modified: 'modified',
  revised: 'modified',
  'article:published_time': 'published',
  'article:published': 'published',
  'og:published_time': 'published',
  'og:article:published_time': 'published',
  'article.published': 'published',
  'article.created': 'published',
  'og:regdate': 'published',
  pubdate: 'published',
  publishdate: 'published',
  publish_date: 'published',
  'publish-date': 'published',
  published_time: 'published',
  datepublished: 'published',
  datecreated: 'published',
  created: 'published',
  'dc.date': 'published',
  'dc.date.issued': 'published',
  'dc.date.created': 'published',
  'dc.issued': 'published',
  'dc:created': 'published',
  'dc:date': 'published',
  'dcterms.date': 'published',
  'dcterms.issued': 'published',
  'dcterms.created': 'published',
  date: 'published',
  'sailthru.date': 'published',
  'parsely-pub-date': 'published',
  'citation_publication_date': 'published',
  'citation_date': 'published',
  'rnews:datepublished': 'published',
  'article_date_original': 'published',
  'original-publish-date': 'published',
  displaydate: 'published',
  'creation_date': 'published',
};

/** Containers of other pages' dates: related posts, sidebars, comments, footers. */
const ELSEWHERE = 'aside, nav, [class*="related" i], [id*="related" i], [class*="sidebar" i], [id*="sidebar" i], [class*="widget" i], [class*="comment" i], [id*="comment" i], [class*="recent" i], [class*="popular" i], [class*="teaser" i], [class*="similar" i], [class*="newsmenu" i], [class*="archive" i], [id*="archive" i], [class*="calendar" i], [class*="events" i]';

const DATE_CLASSES = '[class*="date" i], [id*="date" i], [class*="time" i]:not(time), [class*="publi" i], [class*="updated" i], [class*="posted" i], [class*="byline" i], [class*="datum" i], [class*="fecha" i], [class*="entry-meta" i], [class*="post-meta" i], [class*="article-meta" i], [class*="metadata" i], [class*="Post-metas" i], p.info, abbr[title]';

/** Elements that name the page's author: the start of a byline. */
const AUTHOR = 'a[rel~="author" i], [itemprop="author" i], .author, .byline-author, .entry-author, [class*="author-name" i]';

const MODIFIED_WORDS = /(updated|modified|revised|revision|aktualisiert|aktualisierung|geändert|überarbeitet|stand|mis à jour|mise à jour|modifié|actualizado|actualización|modificado|aggiornato|aggiornamento|modificato|bijgewerkt|gewijzigd|atualizado|atualização)/i;
const LABEL = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(last[ -]updated|updated(?: on| at)?|last modified|modified(?: on)?|date of last revision|last revised|revised(?: on)?|zuletzt (?:aktualisiert|geändert|bearbeitet)(?: am)?|aktualisiert(?: am)?|geändert am|überarbeitet am|stand(?: vom)?|letzte änderung|letzte aktualisierung|dernière mise à jour(?: le)?|mis à jour(?: le)?|modifié le|actualizado(?: el)?|última actualización|aggiornato(?: il| al)?|ultimo aggiornamento|bijgewerkt(?: op)?|laatst gewijzigd|atualizado em)|(published(?: on)?|posted(?: on| the)?|veröffentlicht(?: am)?|erstellt(?: am)?|geschrieben(?: am)?|verfasst(?: am)?|datum|date|publié(?: le)?|publicado(?: el| em)?|pubblicato(?: il)?|gepubliceerd(?: op)?|written(?: on)?|created(?: on)?|am))(?![\p{L}])\s*[:\-–]?\s*`,
  'giu',
);

/** Relative dates, read only beside a byline and only when the fetch time is known. */
const RELATIVE: [RegExp, number][] = [
  [/\b(?:vor|il y a|hace|há)\s+(\d{1,2})\s+(?:tagen|tag|jours?|d[ií]as?)\b/i, 1],
  [/\b(\d{1,2})\s+(?:days?|giorni|dagen)\s+(?:ago|fa|geleden)\b/i, 1],
  [/\b(?:vor|il y a|hace|há)\s+(\d{1,2})\s+(?:wochen|woche|semaines?|semanas?)\b/i, 7],
  [/\b(\d{1,2})\s+weeks?\s+ago\b/i, 7],
];
const SAME_DAY = /\b(?:today|heute|aujourd'hui|hoy|oggi|hoje|vandaag|(?:vor|il y a|hace)\s+\d{1,2}\s+(?:stunden|minuten|heures?|minutes?|horas?|minutos?)|\d{1,2}\s+(?:hours?|minutes?|mins?)\s+ago)\b/i;
const YESTERDAY = /\b(?:yesterday|gestern|hier|ayer|ieri|ontem|gisteren)\b/i;

function lower(s: string | undefined): string {
  return (s ?? '').toLowerCase();
}

/** An element's text with a space between its parts, so "Mai<span>06</span>2018" reads as "Mai 06 2018". */
function spacedText(el: unknown): string {
  const parts: string[] = [];
  const walk = (node: { type?: string; data?: string; children?: unknown[] }, depth: number) => {
    if (depth > 12 || parts.length > 60) return;
    if (node.type === 'text') parts.push(node.data ?? '');
    for (const c of node.children ?? []) walk(c as typeof node, depth + 1);
  };
  walk(el as { children?: unknown[] }, 0);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function roleFrom(hint: string): DateRole {
  if (/modif|updat|revis|aktualis|letzte|geänd|mise à jour|mis à jour|actualiz|aggiorn|bijgewerkt/i.test(hint)) return 'modified';
  if (/publi|posted|pubdate|entry-date|created|erstellt|veröffentl|datepublished/i.test(hint)) return 'published';
  return 'unknown';
}

function samePage(a: string | undefined, page: URL): boolean {
  if (!a) return false;
  try {
    const u = new URL(a, page);
    return u.hostname.replace(/^www\./, '') === page.hostname.replace(/^www\./, '') && u.pathname.replace(/\/+$/, '') === page.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

function compact(value: string): string | null {
  const m = value.trim().match(/^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$/);
  return m ? isoDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

/** The date in an address: /2024/03/15/…, /2016-04-15/…, /2011/12/… (a month), /20200102/… */
export function urlDate(path: string): { date: string; precision: 'day' | 'month' } | null {
  const day = path.match(/\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/\-_.]|$)/);
  if (day) {
    const d = isoDate(`${day[1]}-${day[2]!.padStart(2, '0')}-${day[3]!.padStart(2, '0')}`);
    if (d) return { date: d, precision: 'day' };
  }
  const eight = path.match(/\/((?:19|20)\d{2})(\d{2})(\d{2})(?:\/|$)/);
  if (eight) {
    const d = isoDate(`${eight[1]}-${eight[2]}-${eight[3]}`);
    if (d) return { date: d, precision: 'day' };
  }
  const month = path.match(/\/((?:19|20)\d{2})\/(\d{1,2})(?:\/|$)/);
  if (month && +month[2]! >= 1 && +month[2]! <= 12) return { date: `${month[1]}-${month[2]!.padStart(2, '0')}-01`, precision: 'month' };
  return null;
}

/** The newest year after "©" or "copyright", e.g. 2025 in "© 2015–2025". */
export function copyrightYears(text: string): number[] {
  const years: number[] = [];
  const re = /(?:©|\(c\)|&copy;|copyright)\s*(?:[a-z.\s]{0,40}?)?(?:(\d{4})\s*[-–—/]\s*)?(\d{4})(?!\d)/gi;
  for (const m of text.slice(-50_000).matchAll(re)) years.push(Number(m[2]));
  return years;
}

function ms(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
}

/**
 * Every date a page gives about itself, each with its signal, and the page's latest date picked from the
 * strongest signals present. Dates in the future (after `now`), before the web (1995) or before the site's
 * own oldest date are kept out and listed in `rejected` with their code.
 */
export function findPageDates(input: PageDateInput): PageDates {
  const { page, now } = input;
  const $ = page.$;
  const lang = $('html').attr('lang') ?? $('html').attr('xml:lang') ?? page.meta.get('content-language') ?? page.meta.get('og:locale') ?? page.meta.get('language');
  const order = dayOrderFor(lang, page.url.hostname);
  const found: DateSignal[] = [];
  const rejected: RejectedDate[] = [];
  const floor = input.notBefore && input.notBefore > WEB_EPOCH ? dayOf(input.notBefore) : WEB_EPOCH;
  const latestAllowed = now.getTime() + 86_400_000;

  const add = (raw: string, date: string | null, s: Omit<DateSignal, 'date' | 'day' | 'raw' | 'precision'> & { precision?: DateSignal['precision'] }) => {
    if (!date) return;
    // A zoned timestamp keeps the day it was written on, not its UTC day (at most a day apart).
    const written = writtenDay(raw);
    const day = written && Math.abs(ms(written) - ms(dayOf(date))) <= 86_400_000 ? written : dayOf(date);
    const base = { source: s.source, raw: raw.slice(0, 120), date };
    if (ms(date) > latestAllowed) return void rejected.push({ ...base, code: 'DATE_IN_FUTURE' });
    if (day < WEB_EPOCH) return void rejected.push({ ...base, code: 'DATE_BEFORE_WEB' });
    if (day < floor) return void rejected.push({ ...base, code: 'DATE_BEFORE_SITE' });
    found.push({ date, day, raw: raw.slice(0, 120), precision: s.precision ?? 'day', role: s.role, source: s.source, strength: s.strength, position: s.position });
  };

  // JSON-LD: the page's own article (or web page) node; on a listing, every post it lists.
  const typed = page.jsonLd.slice(0, 500);
  const articles = typed.filter((n) => typesOf(n).some((t) => ARTICLE_TYPES.has(t)));
  const pages = typed.filter((n) => typesOf(n).some((t) => PAGE_TYPES.has(t)));
  const own = (nodes: JsonLdNode[]) => {
    const mine = nodes.filter((n) => samePage(textOf(n.url), page.url) || samePage(textOf(n['@id'])?.replace(/#.*$/, ''), page.url) || samePage(textOf(n.mainEntityOfPage), page.url));
    return mine.length > 0 ? mine : nodes;
  };
  const ldNodes = [...own(articles), ...own(pages)];
  if (ldNodes.length === 0) ldNodes.push(...typed.filter((n) => typesOf(n).length === 0 && (n.datePublished || n.dateModified)));
  ldNodes.forEach((node, i) => {
    for (const [field, role] of JSON_LD_FIELDS) {
      const v = textOf(node[field]);
      if (v) add(v, isoDate(v, order) ?? compact(v), { role, source: `json_ld.${field}`, strength: 'structured', position: i });
    }
  });

  // Meta tags, in the head or as microdata.
  $('meta').each((i, el) => {
    const m = $(el);
    const key = lower(m.attr('property') ?? m.attr('name') ?? m.attr('itemprop') ?? m.attr('http-equiv'));
    const role = META_ROLES[key];
    if (!role) return;
    const v = m.attr('content') ?? m.attr('datetime');
    if (v) add(v, isoDate(v, order) ?? compact(v), { role, source: `meta.${key}`, strength: 'structured', position: i });
  });
  $('[itemprop="datePublished" i], [itemprop="dateModified" i], [itemprop="dateCreated" i]').each((i, el) => {
    const e = $(el);
    if ((el as { name?: string }).name === 'meta') return;
    const prop = e.attr('itemprop')!;
    const v = e.attr('datetime') ?? e.attr('content') ?? e.attr('title') ?? spacedText(el);
    add(v, isoDate(v, order), { role: roleFrom(prop), source: `microdata.${prop}`, strength: 'structured', position: 100 + i });
  });

  // Markup: <time>, date-classed elements, hAtom's abbr — outside related lists, sidebars, comments and the
  // site's footer (an article's own footer, where themes print "posted on", stays in).
  let pos = 1000;
  const readMarkup = (els: ReturnType<CheerioAPI>) => {
    const seenEls = new Set<unknown>();
    let added = 0;
    els.each((_, el) => {
      if (seenEls.size > 200) return false;
      const e = $(el);
      if (e.closest(ELSEWHERE).length) return undefined;
      const foot = e.closest('footer');
      if (foot.length && !foot.closest('article').length) return undefined;
      // Nested date elements (a <time> inside a .date span) are one date, read once at the outermost.
      if (e.parents().toArray().some((p) => seenEls.has(p))) return undefined;
      seenEls.add(el);
      pos++;
      const tag = (el as { name?: string }).name;
      const hint = `${e.attr('class') ?? ''} ${e.attr('id') ?? ''} ${e.attr('itemprop') ?? ''} ${e.attr('pubdate') !== undefined ? 'pubdate' : ''} ${e.parent().attr('class') ?? ''}`;
      const text = spacedText(el).slice(0, 200);
      const attr = e.attr('datetime') ?? (tag === 'abbr' ? e.attr('title') : undefined) ?? e.attr('data-date') ?? e.attr('content');
      let role = roleFrom(hint);
      if (role === 'unknown' && MODIFIED_WORDS.test(text.slice(0, 40))) role = 'modified';
      const source = tag === 'time' ? 'time' : tag === 'abbr' ? 'abbr' : 'element';
      const before = found.length;
      if (attr) {
        const d = isoDate(attr, order);
        if (d) add(attr, d, { role, source: `${source}.datetime`, strength: 'markup', position: pos });
      }
      if (found.length === before && text.length > 0 && text.length <= 200) {
        const first = findDates(text, { order, limit: 1, shortYears: /^(?:am|le|stand|datum|vom)\b/i.test(text) || text.length <= 16 })[0];
        if (first) add(text, first.date, { role, source: `${source}.text`, strength: 'markup', position: pos });
        else {
          const rel = relativeDate(text, input.fetchedAt);
          if (rel) add(text, rel, { role, source: `${source}.relative`, strength: 'markup', position: pos });
        }
      }
      if (found.length > before) added++;
      return undefined;
    });
    return added;
  };
  const selector = `time, ${DATE_CLASSES}`;
  const main = $('main, article, [role="main"], #content, .content, #main').first();
  if (!main.length || readMarkup(main.find(selector)) === 0) readMarkup($(selector));
  readBylines();

  /**
   * The byline: the element that names the author ("von Klaus-Peter Schöppner, 8.5.12", "By Jane Doe |
   * March 3, 2024") dates the page it signs, in whatever class the theme gave it. Short years are read
   * here, since a date that follows an author's name is a date, not a version number.
   */
  function readBylines() {
    let bylines = 0;
    $(AUTHOR).each((_, el) => {
      if (bylines >= 5) return false;
      const e = $(el);
      if (e.closest(ELSEWHERE).length) return undefined;
      const holder = e.parent().length && spacedText(e.parent()[0]).length <= 200 ? e.parent()[0]! : el;
      const text = spacedText(holder);
      const name = spacedText(el);
      const at = Math.max(0, text.indexOf(name));
      const d = findDates(text.slice(at), { order, limit: 1, shortYears: true })[0];
      bylines++;
      // Only a date close to the name: farther on the line is another item's.
      if (!d || d.index > name.length + 40) return undefined;
      add(text.slice(at + d.index, at + d.index + d.length), d.date, { role: roleFrom(text.slice(0, at + d.index)), source: 'element.byline', strength: 'markup', position: 1500 + bylines });
      return undefined;
    });
  }

  // The address: the page's own, its canonical and og:url.
  const addresses = [page.url.toString(), $('link[rel="canonical" i]').attr('href'), page.meta.get('og:url')];
  for (const a of addresses) {
    if (!a) continue;
    let path: string;
    try {
      path = new URL(a, page.url).pathname;
    } catch {
      continue;
    }
    const u = urlDate(path);
    if (u) {
      add(path, u.date, { role: 'published', source: 'url', strength: 'markup', position: 999, precision: u.precision });
      break;
    }
  }

  // Text: labelled dates ("Stand: 03.04.2019", "Mis à jour le 12 mars 2024"), then the date beside the headline.
  const text = page.text;
  LABEL.lastIndex = 0;
  let labels = 0;
  for (let m = LABEL.exec(text); m && labels < 40; m = LABEL.exec(text)) {
    labels++;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    const d = findDates(after, { order, limit: 1, shortYears: true })[0];
    if (!d || d.index > 25) continue;
    const modified = !!m[1];
    add(`${m[0]}${after.slice(0, d.index + d.length)}`, d.date, { role: modified ? 'modified' : 'published', source: modified ? 'text.updated' : 'text.published', strength: 'text', position: 5000 + m.index });
  }
  const h1 = ownHeadline($, page);
  if (h1) {
    // The headline's text also opens the page's text as its <title>: try each place it appears.
    for (let at = text.indexOf(h1.slice(0, 60)), tries = 0; at >= 0 && tries < 3; at = text.indexOf(h1.slice(0, 60), at + 1), tries++) {
      const offset = Math.max(0, at - 160);
      const around = text.slice(offset, at + h1.length + 400);
      const near = findDates(around, { order, limit: 5 }).sort((a, b) => Math.abs(a.index + offset - at) - Math.abs(b.index + offset - at))[0];
      if (near) {
        add(around.slice(near.index, near.index + near.length), near.date, { role: 'unknown', source: 'text.headline', strength: 'text', position: 9000 });
        break;
      }
    }
  }

  // Outside the page: the server's Last-Modified header and the sitemap's lastmod.
  if (input.sitemapLastmod) add(input.sitemapLastmod, isoDate(input.sitemapLastmod), { role: 'modified', source: 'sitemap.lastmod', strength: 'structured', position: 50 });
  if (input.httpLastModified) add(input.httpLastModified, isoDate(input.httpLastModified), { role: 'modified', source: 'http.last_modified', strength: 'external', position: 20000 });

  // The copyright year: the weakest sign, and none at all when it is years behind (a stale footer or a founding year).
  const years = copyrightYears(text);
  if (years.length > 0) {
    const y = Math.max(...years);
    const date = `${y}-01-01`;
    const raw = `© ${y}`;
    if (y > now.getUTCFullYear()) rejected.push({ source: 'copyright', raw, date, code: 'DATE_IN_FUTURE' });
    else if (y < now.getUTCFullYear() - 3) rejected.push({ source: 'copyright', raw, date, code: 'COPYRIGHT_STALE' });
    else add(raw, date, { role: 'unknown', source: 'copyright', strength: 'copyright', position: 30000, precision: 'year' });
  }

  return choose(found, rejected, order);
}

/**
 * The page's own headline: an h1 in the main content, else the h1 that repeats the title, else a heading
 * that links to the page itself (themes that print the post as one entry of a list, "The Blog" as the h1),
 * and only then any h1 (not the site's name in the banner when something better is there).
 */
function ownHeadline($: CheerioAPI, page: ParsedPage): string | undefined {
  const title = (page.meta.get('og:title') ?? $('title').first().text()).toLowerCase().slice(0, 40);
  const headlines = $('h1').toArray().map((el) => ({ text: spacedText(el), inMain: $(el).closest('main, article, [role="main"], #content, .content, #main').length > 0 })).filter((h) => h.text.length >= 8);
  const repeatsTitle = (h: { text: string }) => !!title && (title.includes(h.text.toLowerCase().slice(0, 30)) || h.text.toLowerCase().includes(title.slice(0, 30)));
  const selfLinked = $('h1 a[href], h2 a[href], h3 a[href]').toArray().find((a) => samePage($(a).attr('href'), page.url) && spacedText(a).length >= 8);
  return (headlines.find((h) => h.inMain) ?? headlines.find(repeatsTitle))?.text ?? (selfLinked ? spacedText(selfLinked) : headlines[0]?.text);
}

function relativeDate(text: string, fetchedAt: Date | null | undefined): string | null {
  if (!fetchedAt) return null;
  const dayMs = 86_400_000;
  const at = (days: number) => new Date(fetchedAt.getTime() - days * dayMs).toISOString().slice(0, 10);
  for (const [re, unit] of RELATIVE) {
    const m = text.match(re);
    if (m) {
      const n = Number(m[1]);
      return n >= 0 && n * unit <= 60 ? at(n * unit) : null;
    }
  }
  if (YESTERDAY.test(text)) return at(1);
  if (SAME_DAY.test(text)) return at(0);
  return null;
}

const RANK: Record<DateStrength, number> = { structured: 0, markup: 1, text: 2, external: 3, copyright: 4 };

function newest(list: DateSignal[]): DateSignal | undefined {
  return [...list].sort((a, b) => ms(b.date) - ms(a.date) || a.position - b.position)[0];
}

function choose(found: DateSignal[], rejected: RejectedDate[], order: DayOrder): PageDates {
  const signals = [...found].sort((a, b) => RANK[a.strength] - RANK[b.strength] || a.position - b.position);
  const days = signals.filter((s) => s.precision === 'day');
  const of = (strength: DateStrength) => days.filter((s) => s.strength === strength);
  let latest: DateSignal | undefined;
  const structured = of('structured');
  const markup = of('markup');
  const text = of('text');
  if (structured.length > 0) {
    latest = newest(structured);
  } else if (markup.length > 0) {
    // The first dated element is the page's own (lists of other posts come after it); a marked "updated" one may be newer.
    const first = markup.filter((s) => s.source !== 'url').sort((a, b) => a.position - b.position)[0] ?? markup[0]!;
    latest = newest([first, ...markup.filter((s) => s.role === 'modified')]);
  } else if (text.length > 0) {
    const labelled = text.filter((s) => s.source === 'text.updated');
    latest = labelled.length > 0 ? newest(labelled) : text.filter((s) => s.source === 'text.published')[0] ?? text[0];
  }
  // A labelled "last updated" in the text outranks an older published date from the markup.
  const updated = newest(text.filter((s) => s.source === 'text.updated'));
  if (latest && updated && latest.strength !== 'structured' && ms(updated.date) > ms(latest.date)) latest = updated;
  const address = days.find((s) => s.source === 'url');
  // A page is not changed before it was published: an address's day beats an older guess from the text.
  if (address && latest && latest.strength !== 'structured' && latest.day < address.day) latest = address;
  if (!latest) latest = address ?? newest(of('external')) ?? signals.find((s) => s.precision === 'month' && s.source === 'url') ?? signals.find((s) => s.strength === 'copyright');
  const published = [...signals].filter((s) => s.role === 'published' && s.precision === 'day').sort((a, b) => RANK[a.strength] - RANK[b.strength] || ms(a.date) - ms(b.date))[0];
  const modified = newest(signals.filter((s) => s.role === 'modified' && s.precision === 'day' && s.strength === (latest?.strength ?? 'structured')));
  const out: PageDates = { signals, rejected, order };
  if (latest) out.latest = latest;
  if (published) out.published = published;
  if (modified) out.modified = modified;
  return out;
}
