import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { parse as parseDomain } from 'tldts';
import type { FactInput, FactKind, FactMethod } from '../../core/domain';
import type { ParsedPage } from '../html-page';

/** What a page is, from the crawler's point of view (it picks pages by kind). */
export type PageKind = 'home' | 'contact' | 'about' | 'team' | 'imprint' | 'blog' | 'blog_post' | 'other';

export interface ExtractContext {
  page: ParsedPage;
  observedAt: string;
  now: Date;
  defaultCountry: CountryCode | undefined;
  pageKind: PageKind;
  /** The site's registrable domain ("example.co.uk"), when the page is on the web. */
  siteDomain: string | undefined;
  /** The HTTP Last-Modified header the page came with, when the fetch kept it. */
  httpLastModified?: string | null;
  /** The sitemap's lastmod for this page's address. */
  sitemapLastmod?: string | null;
  /** The site's oldest trustworthy date: no date on its pages is believed before it. */
  notBefore?: string | null;
  /** When the page was fetched; relative dates ("3 days ago") are read only when it is known. */
  fetchedAt?: Date | null;
}

export function fact(ctx: ExtractContext, kind: FactKind, value: string, method: FactMethod, confidence: number, detail?: Record<string, unknown>): FactInput {
  const f: FactInput = { kind, value, source_url: ctx.page.url.protocol.startsWith('http') || ctx.page.url.protocol === 'file:' ? ctx.page.url.toString() : null, method, confidence, observed_at: ctx.observedAt };
  if (detail) f.detail = detail;
  return f;
}

const TLD_COUNTRY: Record<string, string> = { uk: 'GB', su: 'RU', eu: '' };

/** The country a site's ccTLD suggests ("praxis.de" → DE), for phone numbers written without +49. */
export function countryFromHost(host: string): CountryCode | undefined {
  const suffix = parseDomain(host).publicSuffix ?? '';
  const last = suffix.split('.').pop() ?? '';
  const mapped = TLD_COUNTRY[last] ?? last.toUpperCase();
  return mapped.length === 2 && isSupportedCountry(mapped) ? mapped : undefined;
}

export function siteDomainOf(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return parseDomain(url.hostname, { allowPrivateDomains: true }).domain ?? undefined;
}
