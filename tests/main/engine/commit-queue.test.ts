import { afterAll, describe, expect, it } from 'vitest';
import { CommitQueue } from '../../../main/engine/commit-queue';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import type { StepRecord } from '../../../main/store/executions';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-commit-queue-');
afterAll(() => tmp.cleanup());

function fixture(name: string) {
  const db = openDatabase(tmp.file(`${name}.db`));
  const store = workspaceStore(db, new Workspaces(db).create({ name: 'T' }).id);
  const agent = store.agents.save({ recipes: [{ id: 'discovery' }, { id: 'subscription' }] });
  const ex = store.executions.create(agent.id, {});
  const [lead] = store.tx(() => store.leads.insertMany([{ name: 'Harbor Dental', source: 'csv' as const, dedupe_key: 'k:1' }]));
  const record = (result: unknown): StepRecord => ({ lead_id: lead!, recipe_id: 'discovery', status: 'done', attempts: 1, result, error_code: null, error_message: null, retryable: null, credits_micros: 0, api_calls: 0 });
  return { db, store, ex: ex.id, lead: lead!, record };
}

describe('commit queue', () => {
  it('writes a step with its result as it was handed over, once the batch is written', () => {
    const { db, store, ex, lead, record } = fixture('handed');
    const queue = new CommitQueue(store, ex);
    const result = { lead_score: 0.8, reasons: ['matches "dentist"'] };
    const committed: boolean[] = [];
    queue.push({ record: record(result), charges: [], chargeKey: `${ex}:discovery:${lead}`, onCommitted: (ok) => committed.push(ok) });
    // The queue keeps the result as text from the hand-over on: what the step returned is what is written.
    result.reasons.push('changed after the hand-over');
    expect(store.executions.step(ex, 'discovery', lead)).toBeNull();
    queue.flush();
    expect(committed).toEqual([true]);
    expect(store.executions.step(ex, 'discovery', lead)?.result).toEqual({ lead_score: 0.8, reasons: ['matches "dentist"'] });
    expect(store.executions.resultOf(ex, 'discovery', lead)).toEqual({ status: 'done', result: { lead_score: 0.8, reasons: ['matches "dentist"'] } });
    db.close();
  });

  it('records a step whose result cannot be written as JSON as failed, and goes on', () => {
    const { db, store, ex, lead, record } = fixture('circular');
    const queue = new CommitQueue(store, ex);
    const result: Record<string, unknown> = { lead_score: 0.8 };
    result.self = result;
    const committed: boolean[] = [];
    expect(() => queue.push({ record: record(result), charges: [], chargeKey: `${ex}:discovery:${lead}`, onCommitted: (ok) => committed.push(ok) })).not.toThrow();
    queue.flush();
    expect(committed).toEqual([false]);
    expect(store.executions.step(ex, 'discovery', lead)).toMatchObject({ status: 'failed', result: null });
    db.close();
  });
});
