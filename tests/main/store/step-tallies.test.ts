import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import type { StepRecord } from '../../../main/store/executions';
import { passedCount, qualifiedCount, verdicts } from '../../../main/recipes/handoff';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A workspace with one execution and leads a, b, c, d, e. */
function fixture(name: string) {
  const db = openDatabase(tmp.file(`${name}.db`));
  const store = workspaceStore(db, new Workspaces(db).create({ name: 'T' }).id);
  const agent = store.agents.save({ recipes: [{ id: 'discovery' }, { id: 'intelligence' }, { id: 'subscription' }] });
  const ex = store.executions.create(agent.id, {});
  const ids = store.tx(() => store.leads.insertMany(['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: n, source: 'csv' as const, dedupe_key: `k:${n}` }))));
  const step = (leadId: string, recipe_id: string, status: StepRecord['status'], result: unknown): void =>
    store.executions.recordStep(ex.id, { lead_id: leadId, recipe_id, status, attempts: 1, result, error_code: null, error_message: null, retryable: null, credits_micros: 0, api_calls: 0 });
  return { db, store, ex: ex.id, ids: ids as [string, string, string, string, string], step };
}

describe('step tallies', () => {
  it('count several fields of a recipe\'s results and one field\'s spread in one pass, as the single-field tallies do', () => {
    const { db, store, ex, ids, step } = fixture('tallies');
    const [a, b, c, d, e] = ids;
    step(a, 'discovery', 'done', { quality_tier: 'gold', stage: 'provisional', dropped_rule: null, lead_score: 0.9, email_found: true });
    step(b, 'discovery', 'done', { quality_tier: 'silver', stage: 'provisional', dropped_rule: null, lead_score: 0.6, email_found: false });
    step(c, 'discovery', 'done', { quality_tier: 'skipped', stage: 'provisional', dropped_rule: 'other_kind', lead_score: 0.1 });
    step(d, 'discovery', 'skipped', { quality_tier: 'skipped', reason: 'do not contact' });
    step(e, 'discovery', 'failed', null);
    const x = store.executions;
    const t = x.tallies(ex, 'discovery', ['quality_tier', 'dropped_rule', 'email_found'], { status: 'done', spreadOf: 'lead_score' });
    expect(t.steps).toBe(3);
    expect(t.by).toEqual({
      quality_tier: { gold: 1, silver: 1, skipped: 1 },
      dropped_rule: { none: 2, other_kind: 1 },
      // json_extract answers a JSON boolean as 1 / 0; an absent field is "none".
      email_found: { '1': 1, '0': 1, none: 1 },
    });
    expect(t.spread).toEqual({ min: 0.1, max: 0.9, mean: 0.533, count: 3 });
    for (const f of ['quality_tier', 'dropped_rule', 'email_found']) expect(x.tally(ex, 'discovery', f, 'done')).toEqual(t.by[f]);
    expect(x.spread(ex, 'discovery', 'lead_score')).toEqual(t.spread);
    // Without a status every step counts (a failed one has no result: "none"); the spread is still of done steps.
    const all = x.tallies(ex, 'discovery', ['quality_tier'], { spreadOf: 'lead_score' });
    expect(all.by.quality_tier).toEqual({ gold: 1, silver: 1, skipped: 2, none: 1 });
    expect(all.spread).toEqual(t.spread);
    expect(x.tally(ex, 'discovery', 'quality_tier')).toEqual(all.by.quality_tier);
    // Nothing recorded: empty tallies and no spread.
    expect(x.tallies(ex, 'intelligence', ['level'], { status: 'done', spreadOf: 'lead_score' })).toEqual({ steps: 0, by: { level: {} }, spread: null });
    expect(() => x.tallies(ex, 'discovery', ["x') --"])).toThrow(/not a result field/);
    db.close();
  });

  it('give the verdicts and the count sent on from discovery\'s and intelligence\'s results', () => {
    const { db, store, ex, ids, step } = fixture('verdicts');
    const [a, b, c, d] = ids;
    const provisional = (tier: string, score: number, dropped: string | null) => ({ quality_tier: tier, stage: 'provisional', dropped_rule: dropped, lead_score: score });
    step(a, 'discovery', 'done', provisional('gold', 0.9, null));
    step(b, 'discovery', 'done', provisional('silver', 0.6, null));
    step(c, 'discovery', 'done', provisional('skipped', 0.5, null));
    step(d, 'discovery', 'done', provisional('skipped', 0.1, 'cannot_qualify'));
    expect(passedCount(store, ex)).toBe(3);
    expect(verdicts(store, ex)).toEqual({
      dropped: { cannot_qualify: 1 }, passed: 3, scored: 0, gold: 1, silver: 1, skipped: 2,
      spread: { min: 0.1, max: 0.9, mean: 0.525, count: 4 }, stage: 'provisional',
    });
    expect(qualifiedCount(store, ex)).toBe(2);
    step(a, 'intelligence', 'done', { quality_tier: 'silver', stage: 'final', lead_score: 0.7 });
    step(b, 'intelligence', 'done', { quality_tier: 'skipped', stage: 'final', lead_score: 0.4 });
    step(c, 'intelligence', 'done', { quality_tier: 'gold', stage: 'final', lead_score: 0.8 });
    expect(verdicts(store, ex)).toEqual({
      dropped: { cannot_qualify: 1 }, passed: 3, scored: 3, gold: 1, silver: 1, skipped: 1,
      spread: { min: 0.4, max: 0.8, mean: 0.633, count: 3 }, stage: 'final',
    });
    // Once intelligence has scored, its tiers decide: a (silver) and c (gold), not b.
    step(d, 'intelligence', 'skipped', { level: 'skip' });
    expect(qualifiedCount(store, ex)).toBe(2);
    expect(verdicts(store, ex).scored).toBe(3);
    db.close();
  });

  it('count what went on by the tier for results from before the split (no stage)', () => {
    const { db, store, ex, ids, step } = fixture('legacy');
    step(ids[0], 'discovery', 'done', { quality_tier: 'gold', lead_score: 0.9 });
    step(ids[1], 'discovery', 'done', { quality_tier: 'skipped', lead_score: 0.2 });
    expect(passedCount(store, ex)).toBe(1);
    db.close();
  });

  it('answer tallies of fewer fields from the last pass over the same steps, and count again once anything is written', () => {
    const { db, store, ex, ids, step } = fixture('memo');
    const [a, b, c] = ids;
    step(a, 'discovery', 'done', { quality_tier: 'gold', stage: 'provisional', dropped_rule: null, lead_score: 0.9, fallback_code: null });
    step(b, 'discovery', 'done', { quality_tier: 'skipped', stage: 'provisional', dropped_rule: 'other_kind', lead_score: 0.2, fallback_code: null });
    const x = store.executions;
    const wide = x.tallies(ex, 'discovery', ['dropped_rule', 'stage', 'quality_tier', 'fallback_code'], { status: 'done', spreadOf: 'lead_score' });
    // A subset (what the next recipe's envelope asks) is the same as counting it afresh, spread or not.
    const narrow = x.tallies(ex, 'discovery', ['dropped_rule', 'quality_tier'], { status: 'done' });
    expect(narrow).toEqual({ steps: 2, by: { dropped_rule: wide.by.dropped_rule, quality_tier: wide.by.quality_tier }, spread: null });
    expect(x.tallies(ex, 'discovery', ['quality_tier'], { status: 'done', spreadOf: 'lead_score' })).toEqual({ steps: 2, by: { quality_tier: { gold: 1, skipped: 1 } }, spread: wide.spread });
    expect(passedCount(store, ex)).toBe(1);
    // Another status, or a field the last pass did not count, is a pass of its own.
    expect(x.tallies(ex, 'discovery', ['quality_tier']).steps).toBe(2);
    expect(x.tallies(ex, 'discovery', ['reason'], { status: 'done' }).by.reason).toEqual({ none: 2 });
    // A step written by this connection is counted at once.
    step(c, 'discovery', 'done', { quality_tier: 'silver', stage: 'provisional', dropped_rule: null, lead_score: 0.7, fallback_code: null });
    expect(passedCount(store, ex)).toBe(2);
    // So is one another connection (another process) wrote.
    const other = new Database(tmp.file('memo.db'));
    other.prepare('UPDATE steps SET result = json_set(result, \'$.dropped_rule\', \'cannot_qualify\') WHERE lead_id = ?').run(c);
    other.close();
    expect(passedCount(store, ex)).toBe(1);
    db.close();
  });
});
