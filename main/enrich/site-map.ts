import * as cheerio from 'cheerio';
import { parse as parseDomain } from 'tldts';
import type { PageKind } from './extract/context';
import { BLOG_PATH } from './extract/freshness';
import { isoDate } from './extract/dates';

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

const MAX_ENTRIES = 50_000;

/** A sitemap (urlset or sitemap index, per sitemaps.org) or a plain list of URLs, one a line. */
export function parseSitemap(body: string): { urls: SitemapEntry[]; sitemaps: SitemapEntry[] } {
  const urls: SitemapEntry[] = [];
  const sitemaps: SitemapEntry[] = [];
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('<')) {
    for (const line of trimmed.split(/\r?\n/).slice(0, MAX_ENTRIES)) {
      const l = line.trim();
      if (/^https?:\/\//i.test(l)) urls.push({ loc: l });
    }
    return { urls, sitemaps };
  }
  const $ = cheerio.load(body, { xml: true });
  const read = (sel: string, into: SitemapEntry[]) => {
    $(sel).each((_, el) => {
      if (into.length >= MAX_ENTRIES) return false;
      const loc = $(el).children('loc').first().text().trim();
      if (!/^https?:\/\//i.test(loc)) return undefined;
      const raw = $(el).children('lastmod').first().text().trim();
      const lastmod = raw ? isoDate(raw) ?? undefined : undefined;
      into.push(lastmod ? { loc, lastmod } : { loc });
      return undefined;
    });
  };
  read('url', urls);
  read('sitemap', sitemaps);
  return { urls, sitemaps };
}

const KIND_PATTERNS: [Exclude<PageKind, 'home' | 'other' | 'blog_post'>, RegExp, RegExp][] = [
  // [kind, path pattern, link text pattern]
  [
    'imprint',
    /impressum|imprint|legal[-_]?(?:notice|disclosure|info(?:rmation)?)|mentions[-_]?l[eé]gales|aviso[-_]?legal|nota[-_]?legal|informaci[oó]n[-_]?legal|note[-_]?legali|colofon|site[-_]?notice|offenlegung|anbieterkennzeichnung/i,
    /^(impressum|imprint|legal notice|legal disclosure|legal info(rmation)?|mentions l[ée]gales|aviso legal|nota legal|informaci[oó]n legal|note legali|colofon|site notice|offenlegung|impressum\s*(?:&|und|\/|\||·)\s*datenschutz(?:erkl[äa]rung)?|datenschutz(?:erkl[äa]rung)?\s*(?:&|und|\/|\||·)\s*impressum)$/i,
  ],
  ['contact', /contact|kontakt|contacto|contatto|contato|kontakty|get[-_]?in[-_]?touch|reach[-_]?us|anfahrt|find[-_]?us/i, /^(contact( us)?|kontakt|contacto|contatto|contato|get in touch|reach us|anfahrt|find us)$/i],
  ['team', /team|our[-_]?people|people|staff|leadership|management|equipe|equipo|ansprechpartner|mitarbeiter|doctors|dentists|attorneys|lawyers|anwaelte|anwälte|aerzte|ärzte|partners/i, /team|our people|staff|leadership|équipe|equipo|ansprechpartner|mitarbeiter|our doctors|our dentists|attorneys|anwälte|ärzte/i],
  ['about', /about|ueber[-_]?uns|uber[-_]?uns|über[-_]?uns|wir[-_]?ueber[-_]?uns|qui[-_]?sommes|a[-_]?propos|chi[-_]?siamo|quienes[-_]?somos|sobre[-_]?nos|unternehmen|company|our[-_]?story|history|praxis$/i, /^(about( us)?|über uns|ueber uns|who we are|qui sommes-nous|à propos|chi siamo|quiénes somos|sobre nós|unternehmen|our story|die praxis)$/i],
  ['blog', BLOG_PATH, /^(blog|news|aktuelles|neuigkeiten|articles|insights|journal|magazin|magazine|actualités|noticias|notizie)$/i],
];

/** What a link on the site leads to, from its path and its text; null for anything else. */
export function classifyLink(url: URL, text: string): PageKind | null {
  const path = decodeURIComponentSafe(url.pathname);
  if (path === '/' || path === '') return 'home';
  if (/\.(pdf|jpe?g|png|gif|webp|svg|zip|docx?|xlsx?|pptx?|mp[34]|mov|avi)$/i.test(path)) return null;
  const segments = path.split('/').filter(Boolean);
  const t = text.trim().toLowerCase();
  for (const [kind, pathRe, textRe] of KIND_PATTERNS) {
    if (kind === 'blog') {
      // A blog index is /blog; a post is deeper (/blog/my-post, /2024/05/title).
      if (BLOG_PATH.test(path)) return segments.length <= 1 || /\/(page|seite)\/\d+\/?$/.test(path) ? 'blog' : 'blog_post';
      if (textRe.test(t)) return 'blog';
      continue;
    }
    if (segments.length <= 3 && segments.some((s) => pathRe.test(s))) return kind;
    if (textRe.test(t)) return kind;
  }
  return null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Same site: the same registrable domain (www. and subdomains included). */
export function sameSite(a: URL, b: URL): boolean {
  const da = parseDomain(a.hostname, { allowPrivateDomains: true }).domain ?? a.hostname;
  const db = parseDomain(b.hostname, { allowPrivateDomains: true }).domain ?? b.hostname;
  return da === db;
}

/** A URL without its fragment, the form pages are cached and compared by. */
export function canonical(u: URL): string {
  const c = new URL(u.toString());
  c.hash = '';
  return c.toString();
}
