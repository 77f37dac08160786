import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadInput } from '../../../main/core/domain';
import type { SourceRecord } from '../../../main/recipes/discovery';
import { tierRouter } from '../../../main/recipes/intelligence';
import { webEnricher } from '../../../main/recipes/intelligence/web-enricher';
import { DEAD, deadSites, deadSitesDns, LIVE, WITNESS } from '../../support/fixture-sites/dead-sites';
import { startDnsServer, type DnsServer } from '../../support/fixture-sites/dns-server';
import { startFixtureSites, type FixtureServer } from '../../support/fixture-sites/server';
import { world, type TestWorld } from '../../support/engine-fixtures';
import { tempDir } from '../../support/temp';

/**
 * The whole way from a lead's website to its stored facts, through the engine and its retry policy: a
 * dead site is a fact on the first attempt, a fault that may pass is retried, and every lead keeps what
 * was already known about it.
 */
let srv: FixtureServer;
let dns: DnsServer;
let w: TestWorld;
let dir: ReturnType<typeof tempDir>;
let closedPort: number;

const lead = (i: number, name: string, website: string): SourceRecord => {
  const l: LeadInput = {
    name, website, phone: `+49 30 555 01${String(10 + i)}`, city: 'Berlin', address: `Hauptstraße ${i + 1}, Berlin`, category: 'Dentist',
    rating: 4.8, review_count: 140, source: 'csv', source_ref: `row ${i + 2}`,
  };
  return { kind: 'lead', lead: l, facts: [] };
};

beforeAll(async () => {
  srv = await startFixtureSites((url) => deadSites(url));
  dns = await startDnsServer(deadSitesDns);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  dir = tempDir('hunter-dead-sites-');
  w = world(dir.file('hunter.db'), [
    lead(0, 'Bäckerei Sommer', `https://${DEAD.noName}/`),
    lead(1, 'Tischlerei Geschlossen', `http://${DEAD.refused}:${closedPort}/`),
    lead(2, 'Praxis Weg', srv.url(DEAD.gone404)),
    lead(3, 'Möbel Altbau', srv.url(DEAD.sedo)),
    lead(4, 'Praxis Wackel', `https://${DEAD.flakyDns}/`),
    lead(5, 'Bäckerei Kraus', srv.url(LIVE.plain)),
  ], 1000);
});
afterAll(async () => {
  w.close();
  dir.cleanup();
  await srv.close();
  await dns.close();
});

describe('intelligence over dead, flaky and live websites', () => {
  it('a dead site is a fact at once; only the flaky resolver is retried; every lead keeps its known facts', async () => {
    const enricher = webEnricher({ offline: false, dnsServers: [dns.address], dnsWitness: WITNESS });
    const engine = w.engineFor({ intelligence: { router: tierRouter, enricher } });
    const retries: string[] = [];
    engine.on('event', (e) => {
      if (e.type === 'retry' && e.recipe_id === 'intelligence') retries.push(e.message ?? '');
    });
    const ex = w.newExecution({ recipes: [{ id: 'discovery' }, { id: 'intelligence' }, { id: 'subscription' }], threshold: 0 });
    const run = await engine.run(ex);
    expect(run.status).toBe('completed');

    const byName = new Map(w.store.executions.steps(ex, 'intelligence').map((s) => [w.store.leads.get(s.lead_id).name, s]));
    expect(byName.size).toBe(6);
    const factsOf = (name: string) => w.store.leads.facts(byName.get(name)!.lead_id);
    const status = (name: string) => factsOf(name).find((f) => f.kind === 'website_status');

    for (const [name, reason] of [['Bäckerei Sommer', 'dns_not_found'], ['Tischlerei Geschlossen', 'refused'], ['Praxis Weg', 'gone'], ['Möbel Altbau', 'parked']] as const) {
      const step = byName.get(name)!;
      expect(step, name).toMatchObject({ status: 'done', attempts: 1 });
      expect(status(name), name).toMatchObject({ value: 'dead', method: 'derived', detail: { reason } });
      expect(typeof status(name)!.detail!.evidence, name).toBe('string');
      // What the CSV said is kept beside the verdict.
      expect(factsOf(name).some((f) => f.kind === 'phone'), name).toBe(true);
    }
    // Nothing from the parking page became a fact of the lead.
    expect(factsOf('Möbel Altbau').some((f) => f.kind === 'email')).toBe(false);

    // SERVFAIL is a resolver that could not answer: tried on every attempt the policy allows, then the lead goes on with what is known.
    expect(byName.get('Praxis Wackel')).toMatchObject({ status: 'done', attempts: 3 });
    expect(retries).toHaveLength(2);
    expect(retries.every((m) => m.includes(byName.get('Praxis Wackel')!.lead_id) && m.includes('CONNECTION_ERROR'))).toBe(true);
    expect(status('Praxis Wackel')).toBeUndefined();
    expect(factsOf('Praxis Wackel').some((f) => f.kind === 'phone')).toBe(true);
    const warnings = (byName.get('Praxis Wackel')!.result as { warnings: { code: string; message: string }[] }).warnings;
    expect(warnings[0]).toMatchObject({ code: 'CONNECTION_ERROR', message: expect.stringContaining('after 3 attempts') });

    expect(status('Bäckerei Kraus')).toMatchObject({ value: 'live', detail: { http_status: 200 } });
    expect(factsOf('Bäckerei Kraus').some((f) => f.kind === 'email' && f.value === 'bestellung@baeckerei-kraus-beispiel.de')).toBe(true);
  });
});
