import type { FactInput, QualityTier } from '../core/domain';
import { HunterError, toHunterError } from '../core/errors';
import { contactFields, guessEmails, mergeFacts, reclassifyEmails, summarise } from './aggregate';
import { crawlSite, LEVEL_BUDGET, type CrawlOptions, type EnrichmentLevel } from './crawler';
import { siteDomainOf } from './extract/context';
import { extractPage } from './extract-page';
import { HunterIoClient, hunterIoFacts, type HunterIoOptions } from './hunter-io';
import { websiteStatusFact, type SiteStatus } from './site-status';

export type { EnrichmentLevel };

/** The seed's routing: gold → premium (every source, paid finders), silver → basic (free crawl), below → skip. */
export function enrichmentLevelFor(tier: QualityTier | null | undefined): EnrichmentLevel | 'skip' {
  return tier === 'gold' ? 'premium' : tier === 'silver' ? 'basic' : 'skip';
}

/** What each level does; the credit price of each is `intelligence.<level>` in resources/action-prices.json. */
export const ENRICHMENT_LEVELS: Record<EnrichmentLevel, { maxPages: number; maxBlogPosts: number; paidFinder: boolean; guessEmails: boolean; priceKey: string }> = {
  basic: { ...LEVEL_BUDGET.basic, paidFinder: false, guessEmails: false, priceKey: 'intelligence.basic' },
  premium: { ...LEVEL_BUDGET.premium, paidFinder: true, guessEmails: true, priceKey: 'intelligence.premium' },
};

export interface EnrichOptions extends Omit<CrawlOptions, 'level'> {
  level: EnrichmentLevel;
  /** Hunter.io, used at premium level only, and only when a key is given. */
  hunterIo?: HunterIoOptions | HunterIoClient | null;
  /** The lead's country, for phone numbers without a country code. */
  defaultCountry?: string;
  /** Guess first.last@ addresses for named people (labelled unverified); default per level. */
  guessEmails?: boolean;
}

export interface EnrichedPage {
  url: string;
  final_url: string;
  status: number;
  kind: string;
  from_cache: boolean;
  rendered: boolean;
  bytes: number;
  facts: number;
}

export interface EnrichResult {
  facts: FactInput[];
  pages: EnrichedPage[];
  /** Coded problems: a fatal one (the site could not be read at all) comes first. */
  errors: HunterError[];
  /** Fields the lead may lack that the facts fill (best e-mail, a named contact, a phone). */
  fields: ReturnType<typeof contactFields>;
  /** Paid lookups made (Hunter.io domain searches that answered), for the credit ledger. */
  paid_calls: number;
  level: EnrichmentLevel;
  skipped: { url: string; reason: string }[];
  /** Why the site could not be read at all (also first in `errors`). */
  fatal?: HunterError;
  /** Live or dead, when known; a dead site's facts are only its `website_status` fact. */
  status?: SiteStatus;
}

/**
 * Learns what a business's own website says about it. Never throws for a bad site: every failure is a
 * coded error in `errors`, with whatever facts could still be learned.
 */
export async function enrichWebsite(website: string, o: EnrichOptions): Promise<EnrichResult> {
  const now = o.now?.() ?? new Date();
  const observedAt = now.toISOString();
  const cfg = ENRICHMENT_LEVELS[o.level];
  const result: EnrichResult = { facts: [], pages: [], errors: [], fields: {}, paid_calls: 0, level: o.level, skipped: [] };
  let crawl;
  try {
    crawl = await crawlSite(website, { ...o, level: o.level });
  } catch (err) {
    result.errors.push(toHunterError(err));
    return result;
  }
  if (crawl.fatal) {
    result.errors.push(crawl.fatal);
    result.fatal = crawl.fatal;
  }
  result.errors.push(...crawl.errors);
  result.skipped = crawl.skipped;
  if (crawl.status) result.status = crawl.status;

  if (crawl.status?.state === 'dead') {
    // A parking page's addresses and numbers are the parking provider's; a dead domain is worth no paid
    // lookup, and addresses guessed at it would bounce.
    result.facts = [websiteStatusFact(crawl.status)];
    result.pages = crawl.pages.map((p) => ({ url: p.url, final_url: p.final_url, status: p.status, kind: p.kind, from_cache: p.from_cache, rendered: p.rendered, bytes: p.bytes, facts: 0 }));
    return result;
  }

  const raw: FactInput[] = [];
  for (const page of crawl.pages) {
    let facts: FactInput[] = [];
    try {
      const sitemapLastmod = crawl.sitemap.find((e) => e.loc === page.final_url || e.loc === page.url)?.lastmod ?? null;
      facts = extractPage(page.html, page.final_url, { observedAt, now, defaultCountry: o.defaultCountry, pageKind: page.kind, sitemapLastmod, fetchedAt: new Date(page.fetched_at), httpLastModified: page.last_modified ?? null });
    } catch (err) {
      result.errors.push(toHunterError(err));
    }
    raw.push(...facts);
    result.pages.push({ url: page.url, final_url: page.final_url, status: page.status, kind: page.kind, from_cache: page.from_cache, rendered: page.rendered, bytes: page.bytes, facts: facts.length });
  }

  let facts = reclassifyEmails(mergeFacts(raw));
  const home = crawl.pages[0]?.final_url ?? crawl.home;
  facts.push(...summarise(facts, crawl.sitemap, { now, observedAt, home }));
  const domain = siteDomainOf(new URL(home));

  let hunterPattern: string | undefined;
  if (o.level === 'premium' && cfg.paidFinder && o.hunterIo && domain) {
    try {
      const client = o.hunterIo instanceof HunterIoClient ? o.hunterIo : new HunterIoClient(o.hunterIo);
      const found = await client.domainSearch(domain, { signal: o.signal });
      result.paid_calls++;
      hunterPattern = found.pattern ?? undefined;
      const siteEmails = new Set(facts.filter((f) => f.kind === 'email').map((f) => f.value.toLowerCase()));
      // An address both on the site and at Hunter.io stays "found on site"; Hunter.io adds the rest.
      facts = mergeFacts([...facts, ...hunterIoFacts(found, observedAt).filter((f) => f.kind !== 'email' || !siteEmails.has(f.value.toLowerCase()))]);
    } catch (err) {
      result.errors.push(toHunterError(err));
    }
  }

  if ((o.guessEmails ?? cfg.guessEmails) && domain) {
    const pattern = hunterPattern?.replace(/\s/g, '');
    facts.push(...guessEmails(facts, domain, observedAt, pattern));
  }

  if (crawl.status) facts.push(websiteStatusFact(crawl.status));
  result.facts = facts;
  result.fields = contactFields(facts);
  if (!crawl.fatal && crawl.pages.length > 0 && !facts.some((f) => f.kind === 'email')) {
    result.errors.push(new HunterError('EMAIL_NOT_FOUND', `No e-mail address found on ${crawl.pages.length} page(s) of ${new URL(home).host}.`));
  }
  return result;
}
