import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { actionMicros } from '../../main/core/action-prices';
import { parseRetryPolicy } from '../../main/core/agent-config';
import type { LeadInput } from '../../main/core/domain';
import { crawlSite } from '../../main/enrich/crawler';
import { enrichWebsite } from '../../main/enrich/enrich-website';
import { extractPage } from '../../main/enrich/extract-page';
import { loadHtml } from '../../main/enrich/html-page';
import { HostLimiter } from '../../main/enrich/host-limiter';
import type { SourceRecord } from '../../main/recipes/discovery';
import type { EnrichmentRouter } from '../../main/recipes/intelligence';
import { webEnricher } from '../../main/recipes/intelligence/web-enricher';
import { world } from '../support/engine-fixtures';
import { startDnsServerThread } from '../support/fixture-sites/dns-server';
import { startFixtureSites } from '../support/fixture-sites/server';
import { benchSites } from '../support/fixture-sites/sites';
import { tempDir } from '../support/temp';
import { percentile, round, type BenchResult } from './harness';
import { sharedFixture } from '../support/shared-fixtures';

const SITES = Number(process.env.BENCH_SITES ?? 200);
const LATENCY_MS = 30;
/** The production politeness: two requests at once per host, starts at least 500 ms apart. */
const PER_HOST = 2;
const INTERVAL_MS = 500;
/** Requests a basic crawl of a bench site makes: robots.txt, home, sitemap, contact, team, imprint. */
const REQUESTS_PER_SITE = 6;

const DEAD_LEADS = Number(process.env.BENCH_DEAD_LEADS ?? 1000);
const DNS_WITNESS = 'dns-witness.test';

/** Every lead to basic enrichment, so the two runs differ only in whether a lead has a website. */
const basicRouter: EnrichmentRouter = {
  async route() {
    return { level: 'basic', routed_by: 'bench', cost_micros: actionMicros('intelligence.route'), api_calls: 0 };
  },
};

/**
 * Leads whose websites do not resolve, through the intelligence recipe on the engine, against the same
 * leads with no website at all (the enricher returns at once): a dead site must cost about as little as
 * no site. Names are answered NXDOMAIN by a DNS server on loopback, on its own thread as a real resolver
 * is another process, reached through the product's own `dnsServers` option. The production retry
 * policy (1 s, 2 s backoff) is in force, so a retried dead site would show at once. Three alternating
 * rounds, medians.
 */
async function deadWebsites(): Promise<BenchResult[]> {
  const dns = await startDnsServerThread({ addresses: { [DNS_WITNESS]: '127.0.0.1' } });
  const dir = tempDir('hunter-bench-dead-');
  try {
    const records = (withSite: boolean): SourceRecord[] =>
      Array.from({ length: DEAD_LEADS }, (_, i) => {
        const lead: LeadInput = {
          name: `Praxis Nummer ${i}`, phone: `+49 30 ${String(2_000_000 + i)}`, city: 'Berlin', address: `Weg ${i}, Berlin`, category: 'Dentist',
          rating: 4.6, review_count: 80, source: 'csv', source_ref: `row ${i + 2}`,
          ...(withSite ? { website: `https://praxis-${i}-geschlossen.de/` } : {}),
        };
        return { kind: 'lead', lead, facts: [] };
      });
    const run = async (withSite: boolean, round_: number) => {
      const w = world(dir.file(`${withSite ? 'dead' : 'none'}-${round_}.db`), records(withSite), 100_000);
      try {
        const enricher = webEnricher({ offline: false, dnsServers: [dns.address], dnsWitness: DNS_WITNESS });
        const engine = w.engineFor({ intelligence: { router: basicRouter, enricher } });
        let started = 0;
        let finished = 0;
        let retries = 0;
        engine.on('event', (e) => {
          if (e.type === 'recipe_finished' && e.recipe_id === 'discovery') started = performance.now();
          if (e.type === 'recipe_finished' && e.recipe_id === 'intelligence') finished = performance.now();
          if (e.type === 'retry') retries++;
        });
        // The production defaults for concurrency and retries; every lead qualifies.
        const ex = w.newExecution({ recipes: [{ id: 'discovery' }, { id: 'intelligence' }, { id: 'subscription' }], threshold: 0, concurrency: 8, retry_policy: parseRetryPolicy({}) });
        const queriesBefore = await dns.queryCount();
        await engine.run(ex);
        const steps = w.store.executions.steps(ex, 'intelligence');
        const dead = steps.filter((s) => w.store.leads.facts(s.lead_id).some((f) => f.kind === 'website_status' && f.value === 'dead')).length;
        return {
          ms: finished - started, retries, dead, done: steps.filter((s) => s.status === 'done').length,
          maxAttempts: Math.max(0, ...steps.map((s) => s.attempts)), queries: (await dns.queryCount()) - queriesBefore,
        };
      } finally {
        w.close();
      }
    };
    const none: Awaited<ReturnType<typeof run>>[] = [];
    const dead: Awaited<ReturnType<typeof run>>[] = [];
    for (let r = 0; r < 3; r++) {
      none.push(await run(false, r));
      dead.push(await run(true, r));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const noneRate = DEAD_LEADS / (median(none.map((x) => x.ms)) / 1000);
    const deadRate = DEAD_LEADS / (median(dead.map((x) => x.ms)) / 1000);
    const ratio = deadRate / noneRate;
    const clean = dead.every((x) => x.retries === 0 && x.dead === DEAD_LEADS && x.done === DEAD_LEADS && x.maxAttempts === 1) && none.every((x) => x.done === DEAD_LEADS);
    return [
      {
        name: `${DEAD_LEADS.toLocaleString('en')} leads whose websites do not resolve, through intelligence`,
        value: round(deadRate, 0),
        unit: 'leads/s',
        baseline: round(noneRate, 0),
        baseline_label: `the same ${DEAD_LEADS.toLocaleString('en')} leads with no website at all`,
        ratio: round(ratio, 2),
        goal: '>= 0.8 of the no-website run; every lead dead on its first attempt, no retry',
        pass: ratio >= 0.8 && clean,
        notes: `medians of 3 alternating rounds (ms, dead: ${dead.map((x) => Math.round(x.ms)).join(', ')}; none: ${none.map((x) => Math.round(x.ms)).join(', ')}); ` +
          `${dead[0]!.dead}/${DEAD_LEADS} website_status dead; retries ${dead.map((x) => x.retries).join('/')}; most attempts per step ${Math.max(...dead.map((x) => x.maxAttempts))}; ` +
          `${round(dead[0]!.queries / DEAD_LEADS, 2)} DNS queries per dead lead (its name; no www. after an NXDOMAIN; the witness once a minute)`,
      },
    ];
  } finally {
    dir.cleanup();
    await dns.close();
  }
}

/** The crawler's figures: live sites under politeness, extraction per page, dead sites through intelligence. */
export default async function crawlBench(): Promise<BenchResult[]> {
  // BENCH_CRAWL_PARTS=dead runs only the dead-site figure (for quick iterations); both by default.
  const parts = (process.env.BENCH_CRAWL_PARTS ?? 'live,dead').split(',');
  return [...(parts.includes('live') ? await crawlThroughput() : []), ...(parts.includes('dead') ? await deadWebsites() : [])];
}

/**
 * Crawl throughput on 200 fixture sites (30 ms server latency) against the ideal that per-domain politeness
 * allows, both in this run: the ideal is one site crawled alone (all waiting is politeness and latency), since
 * different hosts may proceed in parallel. Then extraction time per page against parse-only time.
 */
async function crawlThroughput(): Promise<BenchResult[]> {
  const srv = await startFixtureSites((url) => benchSites(SITES + 1, url), { latencyMs: LATENCY_MS });
  try {
    const host = (i: number) => `bench-business-${i}.com`;
    const opts = (limiter: HostLimiter) => ({ level: 'basic' as const, lookup: srv.lookup, limiter, now: () => new Date('2025-11-01T00:00:00Z') });

    // Same-run baseline: the last site, alone, with the same politeness.
    const tAlone = performance.now();
    const alone = await enrichWebsite(srv.url(host(SITES)), opts(new HostLimiter({ perHost: PER_HOST, minIntervalMs: INTERVAL_MS, maxTotal: 64 })));
    const aloneMs = performance.now() - tAlone;
    if (alone.errors.length > 0 || alone.pages.length !== 4) throw new Error(`bench site did not crawl cleanly: ${alone.errors.map((e) => e.code).join(', ')}`);
    const politenessFloorMs = (REQUESTS_PER_SITE - 1) * INTERVAL_MS + LATENCY_MS;

    const limiter = new HostLimiter({ perHost: PER_HOST, minIntervalMs: INTERVAL_MS, maxTotal: 64 });
    const before = srv.requests.length;
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: SITES }, (_, i) => enrichWebsite(srv.url(host(i)), opts(limiter))));
    const allMs = performance.now() - t0;
    const requests = srv.requests.length - before;
    const failed = results.filter((r) => r.errors.length > 0).length;
    const emails = results.filter((r) => r.facts.some((f) => f.kind === 'email')).length;
    let maxInFlight = 0;
    for (let i = 0; i < SITES; i++) maxInFlight = Math.max(maxInFlight, srv.maxInFlight(host(i)));

    const achieved = SITES / (allMs / 1000);
    const ideal = SITES / (aloneMs / 1000);

    // Extraction per page: the real fixture pages and the bench pages, against parsing alone.
    const pages: { html: string; url: string }[] = [
      ...['caktusgroup.com.django.html', 'ebrosia.de.zinfandel.html', 'viehbacher.com.steuerrecht.html', 'rs-ingenieure.de.tragwerksplanung.html'].map((f) => ({
        html: readFileSync(sharedFixture('pages', f), 'utf8'),
        url: `https://www.${f.split('.').slice(0, 2).join('.')}/page`,
      })),
    ];
    const crawled = await crawlSite(srv.url(host(0)), { lookup: srv.lookup, limiter: new HostLimiter({ minIntervalMs: 0 }) });
    pages.push(...crawled.pages.map((p) => ({ html: p.html, url: p.final_url })));
    for (const p of pages) extractPage(p.html, p.url); // warm-up
    const extractMs: number[] = [];
    const parseMs: number[] = [];
    for (let round_ = 0; round_ < 20; round_++) {
      for (const p of pages) {
        let t = performance.now();
        loadHtml(p.html);
        parseMs.push(performance.now() - t);
        t = performance.now();
        extractPage(p.html, p.url);
        extractMs.push(performance.now() - t);
      }
    }
    extractMs.sort((a, b) => a - b);
    parseMs.sort((a, b) => a - b);
    const medianExtract = percentile(extractMs, 50);
    const medianParse = percentile(parseMs, 50);

    return [
      {
        name: `crawl throughput, ${SITES} fixture sites, ${LATENCY_MS} ms latency, basic level`,
        value: round(achieved, 1),
        unit: 'sites/s',
        baseline: round(ideal, 1),
        baseline_label: `ideal under politeness (${PER_HOST}/host, ${INTERVAL_MS} ms apart): one site alone took ${Math.round(aloneMs)} ms (floor ${politenessFloorMs} ms)`,
        ratio: round(achieved / ideal, 2),
        goal: '>= 0.5 of the politeness ideal, no host over 2 requests at once, no failures',
        pass: achieved / ideal >= 0.5 && maxInFlight <= PER_HOST && failed === 0,
        notes: `${Math.round(allMs)} ms for ${requests} requests (${round(requests / (allMs / 1000), 0)} req/s); ${emails}/${SITES} sites with an e-mail; max in flight per host ${maxInFlight}; ${failed} failed`,
      },
      {
        name: 'extraction time per page (all extractors)',
        value: round(medianExtract, 2),
        unit: 'ms (median)',
        baseline: round(medianParse, 2),
        baseline_label: 'HTML parse alone, same pages (median)',
        ratio: round(medianExtract / medianParse, 2),
        goal: '<= 20 ms median per page',
        pass: medianExtract <= 20,
        notes: `p95 ${round(percentile(extractMs, 95), 2)} ms over ${extractMs.length} extractions of ${pages.length} pages (4 real, ${pages.length - 4} fixture)`,
      },
    ];
  } finally {
    await srv.close();
  }
}
