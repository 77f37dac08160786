import { afterAll, describe, expect, it } from 'vitest';
import type { FactInput } from '../../../../main/core/domain';
import { HunterError } from '../../../../main/core/errors';
import { heuristicScorer, scoreOf, type LeadScorer } from '../../../../main/recipes/handoff';
import { levelMicros, tierRouter, type Enricher } from '../../../../main/recipes/intelligence';
import { knownFacts } from '../../../../main/recipes/intelligence/known-facts';
import { sampleLeads, world } from '../../../support/engine-fixtures';
import { tempDir } from '../../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const at = new Date().toISOString();
const f = (kind: FactInput['kind'], value: string, detail?: Record<string, unknown>): FactInput => ({ kind, value, detail, source_url: null, method: 'derived', confidence: 0.9, observed_at: at });
/** What the basic pass of a good site finds. */
const siteFacts = (): FactInput[] => [
  f('website_status', 'live'), f('person', 'Dr. Maya Lind', { role: 'Owner' }), f('person', 'Jon Ek', { role: 'Hygienist' }),
  f('blog_activity', '5 posts', { count: 5, posts_last_365_days: 4, latest_date: at.slice(0, 10) }), f('last_updated', at.slice(0, 10), { date: at.slice(0, 10) }),
  f('social', 'https://facebook.com/x', { network: 'facebook' }), f('social', 'https://instagram.com/x', { network: 'instagram' }), f('tech', 'WordPress'), f('tech', 'Calendly'), f('opening_hours', 'Mo-Fr'),
];

describe('the premium part, retried', () => {
  it('asks the scorer once per lead and charges its answer once, whatever the retries of the premium part', async () => {
    const w = world(tmp.file('premium-retry.db'), sampleLeads(9));
    const premiumCalls = new Map<string, number>();
    const enricher: Enricher = {
      async enrich(lead, known, level) {
        if (level === 'premium') {
          const n = (premiumCalls.get(lead.id) ?? 0) + 1;
          premiumCalls.set(lead.id, n);
          if (n === 1) throw new HunterError('TIMEOUT', 'the site was slow', { retryAfterMs: 1 });
          return { facts: [f('email', `owner@${lead.id}.example`, { class: 'personal', status: 'paid_finder' })], fields: {}, cost_micros: levelMicros('premium'), api_calls: 1, pages_read: 6, warnings: [] };
        }
        return { facts: [...knownFacts(lead, known), ...siteFacts()], fields: {}, cost_micros: levelMicros('basic'), api_calls: 0, pages_read: 6, warnings: [] };
      },
    };
    const asked = new Map<string, number>();
    // A scorer that charges like a model, one charge per answer.
    const scorer: LeadScorer = {
      maxMicros: 10_000,
      async score(lead, facts, agent, rt) {
        asked.set(lead.id, (asked.get(lead.id) ?? 0) + 1);
        const h = await heuristicScorer.score(lead, facts, agent, rt);
        return { ...h, scored_by: 'model:test', cost_micros: 0, api_calls: 1, charges: [{ key: 'model#1', micros: 700, description: 'test model' }] };
      },
    };
    const ex = w.newExecution();
    const r = await w.engineFor({ intelligence: { router: tierRouter, enricher, scorer, maxStepApiCalls: 1 } }).run(ex);
    expect(r.status).toBe('completed');

    const gold = w.store.executions.steps(ex, 'intelligence', 'done').filter((s) => (s.result as { quality_tier: string }).quality_tier === 'gold');
    expect(gold.length).toBe(6);
    for (const s of gold) {
      expect(asked.get(s.lead_id)).toBe(1);
      expect(premiumCalls.get(s.lead_id)).toBe(2);
      expect(s).toMatchObject({ attempts: 2, result: { level: 'premium' } });
      // Basic pass + the model's answer (kept from the first attempt) + the premium part: premium's price once, the model once.
      expect(s.credits_micros).toBe(levelMicros('basic') + 700 + levelMicros('premium'));
      expect(scoreOf(w.store, ex, s.lead_id)).toMatchObject({ stage: 'final', scored_by: 'model:test' });
    }
    const keys = w.store.db.prepare("SELECT charge_key FROM credit_ledger WHERE charge_key LIKE ? AND charge_key LIKE '%model#1%'").all(`${ex}:intelligence:%`) as Array<{ charge_key: string }>;
    expect(keys).toHaveLength(6);
    expect(keys.every((k) => k.charge_key.includes(':a1:'))).toBe(true);
    const steps = w.store.db.prepare('SELECT SUM(credits_micros) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };
    expect(w.store.ledger.chargedFor(ex)).toBe(steps.s);
    expect(w.store.drafts.count({ execution_id: ex })).toBe(6);
    w.close();
  });
});
