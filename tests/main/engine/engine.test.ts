import { afterAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../main/core/agent-config';
import { parseRecipeOutput, type RecipeOutput } from '../../../main/core/envelope';
import { HunterError } from '../../../main/core/errors';
import { ExecutionControl } from '../../../main/engine/runner';
import type { Enricher } from '../../../main/recipes/intelligence';
import { knownFactsEnricher } from '../../../main/recipes/intelligence/known-facts';
import { tempDir } from '../../support/temp';
import { sampleLeads, world } from '../../support/engine-fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function outputs(r: { recipes: unknown[] }): RecipeOutput[] {
  return r.recipes.filter((o): o is RecipeOutput => !!o && typeof o === 'object' && 'metadata' in o);
}

describe('engine', () => {
  for (const mode of ['sequential', 'parallel'] as const) {
    it(`runs all five recipes in ${mode} mode: one draft per qualified lead, ledger = committed steps, chain intact`, async () => {
      const w = world(tmp.file(`run-${mode}.db`), sampleLeads(30));
      const ex = w.newExecution({ execution_mode: mode });
      const r = await w.engineFor().run(ex);
      expect(r.status).toBe('completed');
      const outs = outputs(r);
      expect(outs.map((o) => o.recipe_id)).toEqual(['discovery', 'intelligence', 'personalization', 'outreach', 'subscription']);
      for (const o of outs) expect(() => parseRecipeOutput(o)).not.toThrow();
      const disc = outs[0]!;
      expect(disc.metadata.records_processed).toBe(30);
      const summary = disc.data.summary as { qualified_leads: number; filtered_out: number };
      expect(summary.qualified_leads).toBe(20);
      expect(summary.filtered_out).toBe(10);
      expect(outs[0]!.next_recipe_input?.recipe_id).toBe('intelligence');
      const drafts = w.store.drafts.list({ execution_id: ex });
      expect(drafts).toHaveLength(20);
      expect(new Set(drafts.map((d) => d.lead_id)).size).toBe(20);
      for (const d of drafts) {
        expect(d.status).toBe('pending_review');
        expect(d.body).not.toMatch(/\[|\{\{/);
        expect(d.model_used).toBe('offline');
      }
      // The ledger holds exactly what the recorded steps charged.
      const stepSum = w.store.db.prepare('SELECT SUM(credits_micros) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };
      expect(w.store.ledger.chargedFor(ex)).toBe(stepSum.s);
      expect(r.credits_consumed).toBeCloseTo(outs.reduce((s, o) => s + o.metadata.credits_consumed, 0), 6);
      expect(w.store.ledger.balance().balance_micros).toBe(100e6 - stepSum.s);
      expect(w.store.audit.verify().ok).toBe(true);
      w.close();
    });
  }

  it('retries retryable errors with backoff and records the attempts; a non-retryable error fails at once', async () => {
    const w = world(tmp.file('retry.db'), sampleLeads(6));
    const calls = new Map<string, number>();
    const flaky: Enricher = {
      async enrich(lead, known, level, rt) {
        const n = (calls.get(lead.id) ?? 0) + 1;
        calls.set(lead.id, n);
        if (lead.name.endsWith(' 0')) throw new HunterError('INVALID_INPUT', 'bad website');
        if (n < 3) throw new HunterError('TIMEOUT', 'slow site', { retryAfterMs: 20 });
        return knownFactsEnricher.enrich(lead, known, level, rt);
      },
    };
    const ex = w.newExecution();
    const started = Date.now();
    const r = await w.engineFor({ intelligence: { router: (await import('../../../main/recipes/intelligence')).tierRouter, enricher: flaky } }).run(ex);
    // Two waits of at least the retry-after (20 ms), less a timer's early firing.
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(r.status).toBe('partial');
    const steps = w.store.executions.steps(ex, 'intelligence');
    const bad = steps.find((s) => s.status === 'failed')!;
    expect(bad).toMatchObject({ error_code: 'INVALID_INPUT', attempts: 1, retryable: false });
    const good = steps.filter((s) => s.status === 'done');
    expect(good.length).toBe(3);
    for (const s of good) expect(s.attempts).toBe(3);
    const intel = outputs(r).find((o) => o.recipe_id === 'intelligence')!;
    expect(intel.status).toBe('partial');
    expect(intel.errors).toEqual([{ record_id: bad.lead_id, error_code: 'INVALID_INPUT', error_message: 'bad website', retryable: false }]);
    w.close();
  });

  it('stops at a failed required recipe unless it may continue on failure', async () => {
    const failing: Enricher = { enrich: async () => { throw new HunterError('AUTHENTICATION_FAILED', 'bad key'); } };
    const { tierRouter } = await import('../../../main/recipes/intelligence');
    for (const cont of [false, true]) {
      const w = world(tmp.file(`cof-${cont}.db`), sampleLeads(6));
      const recipes = parseAgentConfig({}).recipes.map((r) => (r.id === 'intelligence' ? { ...r, continue_on_failure: cont } : r));
      const ex = w.newExecution({ recipes });
      const r = await w.engineFor({ intelligence: { router: tierRouter, enricher: failing } }).run(ex);
      if (cont) {
        expect(r.status).toBe('partial');
        expect(w.store.drafts.count({ execution_id: ex })).toBe(4);
      } else {
        expect(r.status).toBe('failed');
        expect(w.store.executions.recipeRun(ex, 'personalization')).toBeNull();
        expect(w.store.drafts.count({ execution_id: ex })).toBe(0);
      }
      w.close();
    }
  });

  it('stops cleanly with INSUFFICIENT_CREDITS before the balance goes below zero, and resumes after a grant', async () => {
    const w = world(tmp.file('credits.db'), sampleLeads(30), 0.05);
    const ex = w.newExecution();
    const r = await w.engineFor().run(ex);
    expect(r.status).toBe('paused');
    expect(r.error?.code).toBe('INSUFFICIENT_CREDITS');
    expect(w.store.ledger.balance().balance_micros).toBeGreaterThanOrEqual(0);
    const chargedBefore = w.store.ledger.chargedFor(ex);
    w.store.ledger.grant(10e6, 'top-up', { type: 'rep', id: 'rep' });
    const r2 = await w.engineFor().run(ex);
    expect(r2.status).toBe('completed');
    expect(w.store.drafts.count({ execution_id: ex })).toBe(20);
    const stepSum = w.store.db.prepare('SELECT SUM(credits_micros) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };
    expect(w.store.ledger.chargedFor(ex)).toBe(stepSum.s);
    expect(w.store.ledger.chargedFor(ex)).toBeGreaterThan(chargedBefore);
    w.close();
  });

  it("stops at the run's budget", async () => {
    const w = world(tmp.file('budget.db'), sampleLeads(30));
    const ex = w.newExecution({ budget: 0.02 });
    const r = await w.engineFor().run(ex);
    expect(r.status).toBe('paused');
    expect(r.error?.message).toMatch(/budget/);
    expect(w.store.ledger.chargedFor(ex)).toBeLessThanOrEqual(20_000);
    w.close();
  });

  it('pauses on request and resumes without repeating a recorded step', async () => {
    const w = world(tmp.file('pause.db'), sampleLeads(60));
    const ex = w.newExecution({ concurrency: 2 });
    const control = new ExecutionControl();
    const engine = w.engineFor();
    let seen = 0;
    engine.on('event', (e) => {
      if (e.type === 'progress' && e.progress?.recipe_id === 'intelligence' && e.progress.processed > 5 && seen++ === 0) control.pause();
    });
    const r = await engine.run(ex, control);
    expect(r.status).toBe('paused');
    const before = w.store.executions.stepCounts(ex, 'intelligence').processed;
    expect(before).toBeGreaterThan(0);
    const r2 = await w.engineFor().run(ex);
    expect(r2.status).toBe('completed');
    const rows = w.store.db.prepare('SELECT recipe_id, COUNT(*) AS n, COUNT(DISTINCT lead_id) AS d FROM steps WHERE execution_id = ? GROUP BY recipe_id').all(ex) as Array<{ n: number; d: number }>;
    for (const row of rows) expect(row.n).toBe(row.d);
    expect(w.store.drafts.count({ execution_id: ex })).toBe(40);
    w.close();
  });

  it('refuses an agent without the subscription recipe, and unknown fields', () => {
    expect(() => parseAgentConfig({ recipes: [{ id: 'discovery' }] })).toThrow(/subscription recipe is mandatory/);
    expect(() => parseAgentConfig({ keywordz: ['x'] })).toThrow(/keywordz/);
    expect(() => parseAgentConfig({ threshold: 'high' })).toThrow(/threshold/);
  });

  it('keeps to a provider concurrency limit', async () => {
    const w = world(tmp.file('limits.db'), sampleLeads(12));
    let inFlight = 0;
    let most = 0;
    const slow: Enricher = {
      async enrich(lead, known, level, rt) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 15));
        inFlight--;
        return knownFactsEnricher.enrich(lead, known, level, rt);
      },
    };
    const { tierRouter } = await import('../../../main/recipes/intelligence');
    const ex = w.newExecution({ concurrency: 8, rate_limits: { web: { concurrency: 2 } } });
    await w.engineFor({ intelligence: { router: tierRouter, enricher: slow } }).run(ex);
    expect(most).toBe(2);
    w.close();
  });

  it('stops with QUOTA_EXCEEDED when the monthly API calls would pass the plan', async () => {
    const w = world(tmp.file('quota.db'), sampleLeads(9));
    w.store.db.prepare('UPDATE workspaces SET api_calls_limit = 3 WHERE id = ?').run(w.store.workspaceId);
    const { tierRouter } = await import('../../../main/recipes/intelligence');
    const ex = w.newExecution({ concurrency: 1 });
    const calling: Enricher = { enrich: async (...a) => ({ ...(await knownFactsEnricher.enrich(...a)), api_calls: 1 }) };
    const r = await w.engineFor({ intelligence: { router: tierRouter, enricher: calling, maxStepApiCalls: 1 } }).run(ex);
    expect(w.store.usage.used()).toBeGreaterThan(0);
    expect(w.store.usage.used()).toBeLessThanOrEqual(3);
    expect(r.status).toBe('paused');
    expect(r.error?.code).toBe('QUOTA_EXCEEDED');
    w.close();
  });
});

describe('a full disk', () => {
  it('stops the run with DISK_FULL, loses nothing committed, and resume finishes once there is room', async () => {
    const w = world(tmp.file('full.db'), sampleLeads(300));
    const ex = w.newExecution();
    // SQLite's page limit makes the database file "full" exactly as a full disk does (SQLITE_FULL).
    const pages = w.store.db.pragma('page_count', { simple: true }) as number;
    w.store.db.pragma(`max_page_count = ${pages + 40}`);
    const r = await w.engineFor().run(ex);
    expect(r.status).toBe('paused');
    expect(r.error?.code).toBe('DISK_FULL');
    const before = w.store.db.prepare('SELECT COUNT(*) AS n FROM steps WHERE execution_id = ?').get(ex) as { n: number };
    w.store.db.pragma('max_page_count = 1073741823');
    const r2 = await w.engineFor().run(ex);
    expect(r2.status).toBe('completed');
    const after = w.store.db.prepare('SELECT COUNT(*) AS n FROM steps WHERE execution_id = ?').get(ex) as { n: number };
    expect(after.n).toBeGreaterThanOrEqual(before.n);
    expect(w.store.drafts.count({ execution_id: ex })).toBe(200);
    const stepSum = w.store.db.prepare('SELECT SUM(credits_micros) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };
    expect(w.store.ledger.chargedFor(ex)).toBe(stepSum.s);
    expect(w.store.audit.verify().ok).toBe(true);
    w.close();
  });
});

describe('de-duplication across sources and runs', () => {
  it('makes a business found twice (a CSV row with its phone, a Maps place with website and phone) one lead with both sources', async () => {
    const { listSource } = await import('../../support/engine-fixtures');
    const records = [
      { kind: 'lead' as const, lead: { name: 'Bright Harbor Dental', phone: '+1 503-555-0141', city: 'Portland', source: 'csv' as const, source_ref: 'row 2' }, facts: [] },
      { kind: 'lead' as const, lead: { name: 'Bright Harbor Dental', phone: '(503) 555-0141', website: 'https://brightharbor.example', city: 'Portland', country: 'US', place_id: 'ChIJx', source: 'google_maps' as const }, facts: [] },
      { kind: 'lead' as const, lead: { name: 'Other Dental', website: 'https://other.example', city: 'Portland', source: 'csv' as const }, facts: [] },
    ];
    const w = world(tmp.file('dedupe.db'), records);
    const parts = { discovery: { sources: () => [listSource(records)], scorer: (await import('../../../main/recipes/discovery')).heuristicScorer, defaultCountry: 'US' } };
    const ex = w.newExecution();
    await w.engineFor(parts).run(ex);
    const leads = w.store.leads.query({});
    expect(leads).toHaveLength(2);
    const harbor = leads.find((l) => l.name === 'Bright Harbor Dental')!;
    expect(harbor.sources.sort()).toEqual(['csv', 'google_maps']);
    expect(harbor.website).toBe('https://brightharbor.example');
    // A later run that finds it again by its website alone still lands on the same lead.
    const again = [{ kind: 'lead' as const, lead: { name: 'Bright Harbor Dental Clinic', website: 'https://www.brightharbor.example/contact', source: 'osm' as const }, facts: [] }];
    const ex2 = w.newExecution();
    await w.engineFor({ discovery: { ...parts.discovery, sources: () => [listSource(again)] } }).run(ex2);
    expect(w.store.leads.count()).toBe(2);
    expect(w.store.leads.get(harbor.id).sources.sort()).toEqual(['csv', 'google_maps', 'osm']);
    w.close();
  });
});
