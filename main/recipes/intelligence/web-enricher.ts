import { actionMicros } from '../../core/action-prices';
import { toMicros } from '../../core/credits';
import { enrichWebsite, HostLimiter } from '../../enrich';
import { PageCache } from '../../store/page-cache';
import type { Enricher, EnrichmentOutcome } from './index';
import { knownFacts } from './known-facts';

/** What one paid finder lookup (a Hunter.io domain search) meters, in credits. */
export const PAID_LOOKUP_CREDITS = 0.05;

export interface WebEnricherOptions {
  /** Read only what is in the page cache (the demo's saved pages, or earlier crawls); touch no network. */
  offline: boolean;
  /** A Hunter.io key enables the paid finder at premium level. */
  hunterIoKey?: string | undefined;
  hunterIoBaseUrl?: string | undefined;
}

/**
 * Intelligence from the lead's own website: a polite crawl (robots.txt, two requests at a time per
 * host) of the home, contact, about, team, imprint and blog pages, with every fact's page and method;
 * basic for silver leads, premium (more pages, the paid finder) for gold. What is already known about
 * the lead comes first, so a site that cannot be read still leaves the lead its facts.
 */
export function webEnricher(opts: WebEnricherOptions): Enricher {
  // One limiter per run: politeness is per host across all leads, not per lead.
  const limiter = new HostLimiter({ perHost: 2, minIntervalMs: 500, maxTotal: 32 });
  return {
    async enrich(lead, known, level, rt): Promise<EnrichmentOutcome> {
      const base = knownFacts(lead, known);
      const cost = actionMicros(level === 'premium' ? 'intelligence.premium' : 'intelligence.basic');
      if (!lead.website) {
        return { facts: base, fields: {}, cost_micros: cost, api_calls: 0, pages_read: 0, warnings: [{ code: 'INVALID_INPUT', message: 'No website known for this lead; only the facts already known were used.' }] };
      }
      const cache = new PageCache(rt.store.db, rt.store.workspaceId);
      const r = await enrichWebsite(lead.website, {
        level,
        cache,
        limiter,
        offline: opts.offline,
        signal: rt.signal,
        ...(lead.country ? { defaultCountry: lead.country } : {}),
        hunterIo: opts.hunterIoKey && level === 'premium' ? { apiKey: opts.hunterIoKey, ...(opts.hunterIoBaseUrl ? { baseUrl: opts.hunterIoBaseUrl } : {}) } : null,
      });
      return {
        facts: [...base, ...r.facts],
        fields: r.fields,
        cost_micros: cost + r.paid_calls * toMicros(PAID_LOOKUP_CREDITS),
        api_calls: r.paid_calls,
        pages_read: r.pages.length,
        warnings: r.errors.map((e) => ({ code: e.code, message: e.message })),
      };
    },
  };
}
