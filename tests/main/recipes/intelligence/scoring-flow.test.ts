import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentConfigInput } from '../../../../main/core/agent-config';
import { Engine } from '../../../../main/engine/runner';
import { scoreOf, verdicts, type ScoreResult } from '../../../../main/recipes/handoff';
import { runCookbook } from '../../../../main/run-cookbook';
import { startDnsServer, type DnsServer } from '../../../support/fixture-sites/dns-server';
import { startFixtureSites, type FixtureServer } from '../../../support/fixture-sites/server';
import { world, type TestWorld } from '../../../support/engine-fixtures';
import { tempDir } from '../../../support/temp';
import { DEAD, LIVE_EMPTY, LIVE_RICH, scoringCsv, scoringDns, scoringSites } from '../../../fixtures/scoring/sites';

/**
 * The case, end to end on the engine and the app's own cookbook: a rep's CSV with website,
 * category and city only (no phone, no e-mail, no ratings) over loopback sites, three rich and live,
 * one live and empty, three dead. Every row is read; the live, rich practices are drafted, the dead ones
 * are not, and the scores say why.
 */
let srv: FixtureServer;
let dns: DnsServer;
let dir: ReturnType<typeof tempDir>;
const now = new Date();

beforeAll(async () => {
  srv = await startFixtureSites((url) => scoringSites(url, now));
  dns = await startDnsServer(scoringDns);
  dir = tempDir('hunter-scoring-flow-');
});
afterAll(async () => {
  await srv.close();
  await dns.close();
  dir.cleanup();
});

const hostOf = (website: string | undefined) => (website ? new URL(website).hostname : '');

async function run(w: TestWorld, csvText: string, over: Partial<AgentConfigInput> = {}) {
  const csv = dir.file(`leads-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(csv, csvText);
  const ex = w.newExecution({ concurrency: 4, ...over });
  const agent = w.store.agents.get(w.store.executions.get(ex).agent_id).config;
  const recipes = runCookbook({
    store: w.store, agent, input: { csv, offline: false }, ai: null,
    // The crawler asks the stand-in DNS, which knows only the fixture hosts: nothing reaches the network.
    env: { HUNTER_DNS_SERVERS: dns.address }, keys: { hunter_io: null }, browserPath: null, sender: () => ({ name: 'Alex' }),
  });
  const r = await new Engine(w.store, recipes).run(ex);
  return { ex, r };
}

function ledgerHolds(w: TestWorld, ex: string): void {
  const steps = w.store.db.prepare('SELECT COALESCE(SUM(credits_micros), 0) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };
  expect(w.store.ledger.chargedFor(ex)).toBe(steps.s);
  const dup = w.store.db.prepare('SELECT COUNT(*) - COUNT(DISTINCT charge_key) AS d FROM credit_ledger WHERE charge_key IS NOT NULL').get() as { d: number };
  expect(dup.d).toBe(0);
  expect(w.store.audit.verify().ok).toBe(true);
}

describe('scoring after the website is read', () => {
  it('drafts the live, rich practices of a CSV without ratings and none of the dead ones; their scores are far apart', async () => {
    const w = world(dir.file('flow.db'), []);
    const { ex, r } = await run(w, scoringCsv(srv.url));
    expect(r.status).toBe('completed');
    const leads = w.store.leads.query({ execution_id: ex });
    expect(leads).toHaveLength(7);
    const byHost = new Map(leads.map((l) => [hostOf(l.website), l]));

    // The rep's list is theirs: no row is dropped before its site is read, ratings or not.
    for (const l of leads) {
      const provisional = w.store.executions.step(ex, 'discovery', l.id)!.result as ScoreResult;
      expect(provisional, l.name).toMatchObject({ stage: 'provisional', dropped_rule: null });
      expect(w.store.executions.step(ex, 'intelligence', l.id)!.status, l.name).toBe('done');
    }

    const final = (host: string) => scoreOf(w.store, ex, byHost.get(host)!.id)!;
    for (const host of [...LIVE_RICH, LIVE_EMPTY, ...Object.values(DEAD)]) expect(final(host).stage, host).toBe('final');
    const drafted = new Set(w.store.drafts.list({ execution_id: ex }).map((d) => d.lead_id));
    for (const host of LIVE_RICH) {
      expect(final(host).quality_tier, host).not.toBe('skipped');
      expect(drafted.has(byHost.get(host)!.id), host).toBe(true);
    }
    for (const host of [...Object.values(DEAD), LIVE_EMPTY]) {
      expect(final(host).quality_tier, host).toBe('skipped');
      expect(drafted.has(byHost.get(host)!.id), host).toBe(false);
    }
    const facts = (host: string) => w.store.leads.facts(byHost.get(host)!.id);
    expect(facts(DEAD.noName).find((f) => f.kind === 'website_status')).toMatchObject({ value: 'dead', detail: { reason: 'dns_not_found' } });
    expect(facts(DEAD.gone).find((f) => f.kind === 'website_status')).toMatchObject({ value: 'dead', detail: { reason: 'gone' } });
    expect(facts(DEAD.parked).find((f) => f.kind === 'website_status')).toMatchObject({ value: 'dead', detail: { reason: 'parked' } });
    // The basic pass read the blog's index: the freshness the score rests on is the site's own.
    expect(facts(LIVE_RICH[0]).some((f) => f.kind === 'blog_activity' || f.kind === 'blog_post')).toBe(true);

    const liveLow = Math.min(...LIVE_RICH.map((h) => final(h).lead_score));
    const deadHigh = Math.max(...Object.values(DEAD).map((h) => final(h).lead_score));
    expect(liveLow - deadHigh).toBeGreaterThanOrEqual(0.15);
    // The lead row shows the final verdict, not discovery's.
    for (const l of w.store.leads.query({ execution_id: ex })) expect(l.lead_score).toBe(scoreOf(w.store, ex, l.id)!.lead_score);

    // Each score is its signals: the weights of the signals that count sum to 1, and weight × value to the score.
    for (const host of [...LIVE_RICH, DEAD.gone]) {
      const s = final(host);
      expect(s.signals.length).toBeGreaterThan(10);
      expect(s.signals.reduce((a, x) => a + x.weight, 0)).toBeCloseTo(1, 2);
      expect(Math.abs(s.signals.reduce((a, x) => a + x.weight * x.value, 0) - s.lead_score)).toBeLessThanOrEqual(0.011);
    }

    // Routing follows the final score: gold leads had the premium part, the others stopped at the basic pass.
    for (const l of leads) {
      const step = w.store.executions.step(ex, 'intelligence', l.id)!;
      const res = step.result as ScoreResult & { level: string };
      expect(res.level, l.name).toBe(res.quality_tier === 'gold' ? 'premium' : 'basic');
    }

    const intel = r.recipes.find((o) => o.recipe_id === 'intelligence') as unknown as { data: { summary: { score_spread: { min: number; max: number; count: number }; qualified_leads: number; scored: number } } };
    expect(intel.data.summary.scored).toBe(7);
    expect(intel.data.summary.qualified_leads).toBe(3);
    expect(intel.data.summary.score_spread.count).toBe(7);
    expect(intel.data.summary.score_spread.max - intel.data.summary.score_spread.min).toBeGreaterThanOrEqual(0.3);
    expect(verdicts(w.store, ex)).toMatchObject({ stage: 'final', passed: 7, scored: 7, skipped: 4, dropped: {} });
    expect(verdicts(w.store, ex).gold + verdicts(w.store, ex).silver).toBe(3);
    ledgerHolds(w, ex);
    w.close();
  });

  it('a list of dead sites drafts nothing, and the final scores say how far below the threshold they are', async () => {
    const w = world(dir.file('dead.db'), []);
    const csv = scoringCsv(srv.url).split('\n').filter((line, i) => i === 0 || Object.values(DEAD).some((h) => line.includes(h))).join('\n') + '\n';
    const { ex, r } = await run(w, csv);
    expect(r.status).toBe('completed');
    expect(w.store.drafts.count({ execution_id: ex })).toBe(0);
    const v = verdicts(w.store, ex);
    expect(v).toMatchObject({ stage: 'final', passed: 3, scored: 3, gold: 0, silver: 0, skipped: 3 });
    expect(v.spread!.max).toBeLessThan(0.6);
    // Discovery's provisional scores were higher than the final ones: the sites' deaths are what sank them.
    const provisional = w.store.executions.spread(ex, 'discovery', 'lead_score')!;
    expect(provisional.max).toBeGreaterThan(v.spread!.max);
    ledgerHolds(w, ex);
    w.close();
  });
});
