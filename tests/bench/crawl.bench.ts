import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { crawlSite } from '../../main/enrich/crawler';
import { enrichWebsite } from '../../main/enrich/enrich-website';
import { extractPage } from '../../main/enrich/extract-page';
import { loadHtml } from '../../main/enrich/html-page';
import { HostLimiter } from '../../main/enrich/host-limiter';
import { startFixtureSites } from '../support/fixture-sites/server';
import { benchSites } from '../support/fixture-sites/sites';
import { percentile, round, type BenchResult } from './harness';
import { sharedFixture } from '../support/shared-fixtures';

const SITES = Number(process.env.BENCH_SITES ?? 200);
const LATENCY_MS = 30;
/** The production politeness: two requests at once per host, starts at least 500 ms apart. */
const PER_HOST = 2;
const INTERVAL_MS = 500;
/** Requests a basic crawl of a bench site makes: robots.txt, home, sitemap, contact, team, imprint. */
const REQUESTS_PER_SITE = 6;

/**
 * Crawl throughput on 200 fixture sites (30 ms server latency) against the ideal that per-domain politeness
 * allows, both in this run: the ideal is one site crawled alone (all waiting is politeness and latency), since
 * different hosts may proceed in parallel. Then extraction time per page against parse-only time.
 */
export default async function crawlBench(): Promise<BenchResult[]> {
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
