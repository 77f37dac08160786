import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { FactInput } from '../core/domain';
import { HunterError } from '../core/errors';
import { extractBusiness } from './extract/business';
import { countryFromHost, siteDomainOf, type ExtractContext, type PageKind } from './extract/context';
import { extractEmails } from './extract/emails';
import { extractBlogPosts, extractFreshness } from './extract/freshness';
import { extractPeople } from './extract/people';
import { extractPhones } from './extract/phones';
import { extractSocials } from './extract/socials';
import { extractTech } from './extract/tech';
import { parsePage, type ParsedPage } from './html-page';

export interface ExtractOptions {
  /** When the page was read (ISO 8601); every fact carries it. */
  observedAt?: string;
  now?: Date;
  /** For phone numbers written without a country code; else the site's ccTLD says. */
  defaultCountry?: string;
  pageKind?: PageKind;
  /** The sitemap's lastmod for this page, and when the page was fetched: both date the page (see page-date.ts). */
  sitemapLastmod?: string | null;
  fetchedAt?: Date | null;
  /** The HTTP Last-Modified header the page came with. */
  httpLastModified?: string | null;
}

export type { PageKind };

function contextFor(page: ParsedPage, o: ExtractOptions): ExtractContext {
  const now = o.now ?? new Date();
  const cc = o.defaultCountry?.toUpperCase();
  const defaultCountry: CountryCode | undefined = cc && isSupportedCountry(cc) ? cc : countryFromHost(page.url.hostname);
  return {
    page,
    observedAt: o.observedAt ?? now.toISOString(),
    now,
    defaultCountry,
    pageKind: o.pageKind ?? (page.url.pathname === '/' || page.url.pathname === '' ? 'home' : 'other'),
    siteDomain: siteDomainOf(page.url),
    sitemapLastmod: o.sitemapLastmod ?? null,
    httpLastModified: o.httpLastModified ?? null,
    fetchedAt: o.fetchedAt && !Number.isNaN(o.fetchedAt.getTime()) ? o.fetchedAt : null,
  };
}

/**
 * Every fact one page shows: e-mails, phones, people and roles, social profiles, tech stack, schema.org
 * business data, freshness and blog posts. Pure: html + url in, facts out. Text in the page is data only —
 * nothing in it is ever followed as an instruction.
 */
export function extractPage(html: string, url: string, options: ExtractOptions = {}): FactInput[] {
  let parsed: ParsedPage;
  try {
    parsed = parsePage(html, url);
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `Could not read ${url} as a web page: ${(err as Error).message}`, { cause: err });
  }
  const ctx = contextFor(parsed, options);
  try {
    return [
      ...extractEmails(ctx),
      ...extractPhones(ctx),
      ...extractPeople(ctx),
      ...extractSocials(ctx),
      ...extractTech(ctx),
      ...extractBusiness(ctx),
      ...extractFreshness(ctx),
      ...extractBlogPosts(ctx),
    ];
  } catch (err) {
    // An extractor tripping over a page is a defect to report with the page, not a crash of the run.
    throw new HunterError('INTERNAL', `Extraction failed on ${url}: ${(err as Error).message}`, { cause: err });
  }
}
