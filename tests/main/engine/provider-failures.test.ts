import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../main/app';
import { parseAgentConfig } from '../../../main/core/agent-config';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';
import { writeSampleCsv } from '../../support/sample-csv';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-provider-');
let sim: ProviderSim;
const GROQ = 'gsk_sim-TEST-key-0123456789-abcdef';
const CLAUDE = 'sk-ant-api03-sim.TEST.key.0123456789';
beforeAll(async () => {
  // The simulator checks keys as the real APIs do: a wrong one is a 401.
  sim = await startProviderSim({ ttftMs: 2, tokensPerSecond: 0, keys: { groq: GROQ, anthropic: CLAUDE } });
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

const agent = parseAgentConfig({ keywords: ['dentist'], location: 'Portland', concurrency: 4, retry_policy: { backoff_base_ms: 1, backoff_max_ms: 5 } });
const steps = (app: HunterApp, ex: string) => app.db.prepare('SELECT COALESCE(SUM(credits_micros), 0) AS s FROM steps WHERE execution_id = ?').get(ex) as { s: number };

describe('a failed judgement is not a verdict', () => {
  it('keeps the qualified leads of a run whose scorer is down, marks them, alerts, and scores them again on resume', async () => {
    const csv = tmp.file('leads.csv');
    writeSampleCsv(csv, 12);
    const file = tmp.file('scorer-down.db');
    const env = { GROQ_API_KEY: 'gsk_sim-WRONG-key-0000000000-000000', GROQ_BASE_URL: sim.url, HUNTER_DRAFT_MODELS: 'openai/gpt-oss-20b' };
    const app = HunterApp.open({ dbFile: file, env });
    const store = app.createWorkspace('Down', { credits: 100 });
    const ex = app.createExecution(store, { csv, agent, offline: true });
    const r = await app.run(store, ex.id);
    expect(r.status).toBe('completed');
    const leads = store.leads.query({ execution_id: ex.id });
    const dental = leads.filter((l) => l.category === 'Dentist');
    // Complete rows with website, phone, ratings and the keyword stay in, scored by the heuristic, and say so.
    expect(dental.length).toBe(8);
    for (const l of dental) expect(l.quality_tier).not.toBe('skipped');
    expect(leads.every((l) => l.scored_by === 'heuristic')).toBe(true);
    // The model judges a lead once its website has been read (intelligence); the four groceries were left out before that.
    const intelligence = r.recipes.find((x) => x.recipe_id === 'intelligence') as unknown as { data: { summary: { scored_by_fallback: number; fallback_codes: Record<string, number> } } };
    expect(intelligence.data.summary).toMatchObject({ scored_by_fallback: 8, fallback_codes: { AUTHENTICATION_FAILED: 8 } });
    const alert = store.alerts.list().find((a) => a.trigger_type === 'recipe_failed');
    expect(alert?.message).toMatch(/could not score 8 of 8 leads \(AUTHENTICATION_FAILED ×8\)/);
    app.close();

    // The rep fixes the key and resumes: the fallbacks are scored again by the model, nothing else is redone.
    const fixed = HunterApp.open({ dbFile: file, env: { ...env, GROQ_API_KEY: GROQ } });
    const store2 = fixed.workspace('Down');
    const draftsBefore = store2.drafts.count({ execution_id: ex.id });
    const again = await fixed.run(store2, ex.id);
    expect(again.status).toBe('completed');
    expect(store2.leads.query({ execution_id: ex.id }).filter((l) => l.category === 'Dentist').every((l) => l.scored_by?.startsWith('model:'))).toBe(true);
    // Drafts already written stay, once each.
    const drafts = store2.drafts.list({ execution_id: ex.id });
    expect(drafts.length).toBeGreaterThanOrEqual(draftsBefore);
    expect(new Set(drafts.map((d) => d.lead_id)).size).toBe(drafts.length);
    expect(store2.executions.steps(ex.id, 'discovery').length).toBe(12);
    // What the first round charged is still accounted for, and no key was charged twice.
    expect(fixed.db.prepare("SELECT COUNT(*) AS n FROM step_history WHERE execution_id = ? AND recipe_id = 'intelligence'").get(ex.id)).toEqual({ n: 8 });
    expect(store2.ledger.chargedFor(ex.id)).toBe(steps(fixed, ex.id).s + store2.executions.historyCredits(ex.id));
    expect(store2.audit.verify().ok).toBe(true);
    fixed.close();
  });

  it('names a provider that refused its key when another wrote the drafts', async () => {
    const csv = tmp.file('two.csv');
    writeSampleCsv(csv, 3);
    const app = HunterApp.open({
      dbFile: tmp.file('refused.db'),
      env: { GROQ_API_KEY: 'gsk_sim-WRONG-key-0000000000-000000', ANTHROPIC_API_KEY: CLAUDE, GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url },
    });
    const store = app.createWorkspace('Refused', { credits: 100 });
    const ex = app.createExecution(store, { csv, agent, offline: true });
    const r = await app.run(store, ex.id);
    expect(r.status).toBe('completed');
    const alert = store.alerts.list().find((a) => a.title === 'groq refused its key');
    expect(alert?.message).toMatch(/AUTHENTICATION_FAILED for \d+ message/);
    const step = store.executions.steps(ex.id, 'personalization', 'done')[0]!;
    expect(step.result).toMatchObject({ auth_failed: 'groq' });
    app.close();
  });

  it('stops at the run\'s budget with BUDGET_REACHED and an alert, and goes on once the run\'s budget is raised', async () => {
    const csv = tmp.file('budget.csv');
    writeSampleCsv(csv, 60);
    const app = HunterApp.open({ dbFile: tmp.file('budget.db'), env: {} });
    const store = app.createWorkspace('Budget', { credits: 100 });
    const ex = app.createExecution(store, { csv, agent: { ...agent, budget: 0.05 }, offline: true });
    const r = await app.run(store, ex.id);
    expect(r.status).toBe('paused');
    expect(r.error?.code).toBe('BUDGET_REACHED');
    expect(store.ledger.chargedFor(ex.id)).toBeLessThanOrEqual(50_000);
    expect(store.alerts.list().find((a) => a.trigger_type === 'budget_exceeded')?.suggested_action).toContain(`hunter runs set-budget ${ex.id}`);
    store.executions.setBudget(ex.id, 10);
    const again = await app.run(store, ex.id);
    expect(again.status).toBe('completed');
    app.close();
  });
});
