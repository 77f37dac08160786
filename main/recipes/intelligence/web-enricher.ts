import type { LookupFunction } from 'node:net';
import type { FactInput } from '../../core/domain';
import { toMicros } from '../../core/credits';
import { enrichWebsite, HostLimiter, resolverLookup } from '../../enrich';
import { shouldRetry } from '../../engine/retry';
import { PageCache } from '../../store/page-cache';
import { levelMicros, type Enricher, type EnrichmentOutcome } from './index';
import { knownFacts } from './known-facts';

/** What one paid finder lookup (a Hunter.io domain search) meters, in credits. */
export const PAID_LOOKUP_CREDITS = 0.05;

export interface WebEnricherOptions {
  /** Read only what is in the page cache (the demo's saved pages, or earlier crawls); touch no network. */
  offline: boolean;
  /** A Hunter.io key enables the paid finder at premium level. */
  hunterIoKey?: string | undefined;
  hunterIoBaseUrl?: string | undefined;
  /** DNS servers to ask for site names instead of the OS resolver (the default when neither this nor `lookup` is given). */
  dnsServers?: readonly string[] | undefined;
  lookup?: LookupFunction | undefined;
  /** A name that must resolve before a site is called dead for its own; see CrawlOptions.dnsWitness. */
  dnsWitness?: string | null | undefined;
}

/**
 * The pages of the basic pass: home, contact, imprint, about, team and the blog's index, whose dates are
 * what freshness and blog activity are made of. The crawler's own basic plan reads no blog, so the pass
 * takes the premium plan capped at those pages, with no posts, no guessed addresses and no paid finder.
 */
const BASIC_PASS = { level: 'premium', maxPages: 6, maxBlogPosts: 0, guessEmails: false } as const;

/** A paid lookup is not made again for a lead that had one this recently (a resumed run, a later one). */
const PAID_LOOKUP_FRESH_MS = 30 * 86_400_000;

function hadPaidLookup(known: readonly FactInput[], now: number): boolean {
  return known.some((f) => f.method === 'paid_finder' && now - Date.parse(f.observed_at) < PAID_LOOKUP_FRESH_MS);
}

/**
 * Intelligence from the lead's own website: a polite crawl (robots.txt, two requests at a time per
 * host). The basic pass reads the pages above; the premium part reads more pages and the latest posts
 * (those already read come from the page cache) and asks the paid finder. What is already known about
 * the lead comes first, so a site that cannot be read still leaves the lead its facts.
 *
 * A dead site (no such name, refused on http and https, home page 404/410, parked) is a `website_status`
 * fact and the step succeeds at once. A fault that may pass (a timeout, a reset, a 5xx, a resolver that
 * did not answer) is thrown for the engine's retry policy; on the last attempt the lead keeps what is known.
 */
export function webEnricher(opts: WebEnricherOptions): Enricher {
  // One limiter per run: politeness is per host across all leads, not per lead.
  const limiter = new HostLimiter({ perHost: 2, minIntervalMs: 500, maxTotal: 32 });
  const lookup = opts.lookup ?? (opts.dnsServers && opts.dnsServers.length > 0 ? resolverLookup(opts.dnsServers) : undefined);
  // One page cache per workspace for the run, not two prepared statements per lead.
  const caches = new WeakMap<object, Map<string, PageCache>>();
  const cacheFor = (db: ConstructorParameters<typeof PageCache>[0], workspaceId: string): PageCache => {
    let byWorkspace = caches.get(db);
    if (!byWorkspace) caches.set(db, (byWorkspace = new Map()));
    let cache = byWorkspace.get(workspaceId);
    if (!cache) byWorkspace.set(workspaceId, (cache = new PageCache(db, workspaceId)));
    return cache;
  };
  return {
    async enrich(lead, known, level, rt): Promise<EnrichmentOutcome> {
      const base = knownFacts(lead, known);
      const cost = levelMicros(level);
      if (!lead.website) {
        return { facts: base, fields: {}, cost_micros: cost, api_calls: 0, pages_read: 0, warnings: [{ code: 'INVALID_INPUT', message: 'No website known for this lead; only the facts already known were used.' }] };
      }
      const cache = cacheFor(rt.store.db, rt.store.workspaceId);
      const paidKey = level === 'premium' && !hadPaidLookup(known, Date.now()) ? opts.hunterIoKey : undefined;
      const r = await enrichWebsite(lead.website, {
        ...(level === 'basic' ? BASIC_PASS : { level }),
        cache,
        limiter,
        offline: opts.offline,
        signal: rt.signal,
        ...(lookup ? { lookup } : {}),
        ...(opts.dnsWitness !== undefined ? { dnsWitness: opts.dnsWitness } : {}),
        ...(lead.country ? { defaultCountry: lead.country } : {}),
        hunterIo: paidKey ? { apiKey: paidKey, ...(opts.hunterIoBaseUrl ? { baseUrl: opts.hunterIoBaseUrl } : {}) } : null,
      });
      const policy = rt.agent.retry_policy;
      if (r.fatal && !r.status && r.fatal.retryable && shouldRetry(r.fatal, policy) && rt.attempt < policy.max_attempts) throw r.fatal;
      return {
        facts: [...base, ...r.facts],
        fields: r.fields,
        cost_micros: cost + r.paid_calls * toMicros(PAID_LOOKUP_CREDITS),
        api_calls: r.paid_calls,
        pages_read: r.pages.length,
        warnings: r.status?.state === 'dead'
          ? [{ code: 'WEBSITE_DEAD', message: `${lead.website} is not there: ${r.status.evidence}. The lead keeps what was already known.`, url: r.status.url }]
          : r.errors.map((e) => ({ code: e.code, message: e === r.fatal && !r.status && e.retryable && rt.attempt > 1 ? `${e.message} (still so after ${rt.attempt} attempts)` : e.message })),
      };
    },
  };
}
