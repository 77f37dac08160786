import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/engine/runner';
import type { Recipe } from '../../../main/engine/types';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/**
 * A recipe's input payload is built once per hand-over: the envelope of the recipe before it carries it
 * (next_recipe_input), and the recipe starts from that instead of counting the same steps again.
 */
describe('the hand-over between recipes', () => {
  it('starts a recipe with the payload the one before handed on, built once', async () => {
    const db = openDatabase(tmp.file('handoff.db'));
    const store = workspaceStore(db, new Workspaces(db).create({ name: 'T' }).id);
    store.ledger.grant(1000, 'test', { type: 'system', id: 'test' });
    const built: string[] = [];
    const local = (id: 'discovery' | 'intelligence'): Recipe => ({
      id, provider: 'local', maxStepMicros: 0, maxStepApiCalls: 0,
      buildPayload: ({ store: s, execution }) => {
        built.push(id);
        return { done_before: s.executions.stepCounts(execution.id, 'discovery').succeeded };
      },
      step: async () => ({ status: 'done', result: { ok: true } }),
    });
    const sub: Recipe = { id: 'subscription', provider: 'local', maxStepMicros: 0, maxStepApiCalls: 0, buildPayload: () => ({ once: true }), once: async () => ({ data: {}, errors: [] }) };
    const agent = store.agents.save({ recipes: [{ id: 'discovery' }, { id: 'intelligence' }, { id: 'subscription' }] });
    const ex = store.executions.create(agent.id, {});
    store.tx(() => store.executions.addLeads(ex.id, store.leads.insertMany([1, 2, 3].map((i) => ({ name: `L${i}`, source: 'csv' as const, dedupe_key: `k${i}` }))), 0));
    const r = await new Engine(store, [local('discovery'), local('intelligence'), sub]).run(ex.id);
    expect(r.status).toBe('completed');
    // discovery's own, then intelligence's once, for discovery's envelope (not again when intelligence starts).
    expect(built).toEqual(['discovery', 'intelligence']);
    const handed = store.executions.recipeRun(ex.id, 'discovery')!.output!.next_recipe_input!;
    expect(handed.payload).toEqual({ done_before: 3 });
    expect(store.executions.recipeRun(ex.id, 'intelligence')!.input).toEqual(handed);
    db.close();
  });
});
