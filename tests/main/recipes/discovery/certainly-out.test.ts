import { afterAll, describe, expect, it } from 'vitest';
import type { LeadExclusion } from '../../../../main/recipes/discovery';
import { verdicts, type ScoreResult } from '../../../../main/recipes/handoff';
import { listSource, sampleLeads, world } from '../../../support/engine-fixtures';
import { tempDir } from '../../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('discovery drops only what is certainly out', () => {
  it('asks the rules it is given (a do-not-contact list) after its own, and the lead goes no further', async () => {
    const records = sampleLeads(9);
    const w = world(tmp.file('out.db'), records);
    const asked: string[] = [];
    const doNotContact: LeadExclusion = {
      rule: 'do_not_contact',
      check(lead) {
        asked.push(lead.name);
        return lead.name === 'Harbor Dental 0' ? { rule: 'do_not_contact', reason: 'Harbor Dental 0 asked not to be contacted.' } : null;
      },
    };
    const ex = w.newExecution();
    const r = await w.engineFor({ discovery: { sources: () => [listSource(records)], exclusions: [doNotContact] } }).run(ex);
    expect(r.status).toBe('completed');
    // The grocery rows are settled by the facts before the rep's rule is asked.
    expect(asked.some((n) => n.startsWith('Corner Store'))).toBe(false);
    const byName = new Map(w.store.leads.query({ execution_id: ex }).map((l) => [l.name, l]));
    const harbor0 = byName.get('Harbor Dental 0')!;
    const provisional = w.store.executions.step(ex, 'discovery', harbor0.id)!.result as ScoreResult;
    expect(provisional).toMatchObject({ stage: 'provisional', quality_tier: 'skipped', dropped_rule: 'do_not_contact' });
    expect(provisional.reasons[0]).toMatch(/asked not to be contacted/);
    expect(w.store.executions.step(ex, 'intelligence', harbor0.id)).toMatchObject({ status: 'skipped', result: { level: 'skip', reason: 'Harbor Dental 0 asked not to be contacted.' } });
    expect(w.store.drafts.list({ execution_id: ex }).some((d) => d.lead_id === harbor0.id)).toBe(false);
    const corner = w.store.executions.step(ex, 'discovery', byName.get('Corner Store 2')!.id)!.result as ScoreResult;
    expect(corner).toMatchObject({ dropped_rule: 'other_kind', quality_tier: 'skipped' });

    const disc = r.recipes.find((o) => o.recipe_id === 'discovery') as unknown as { data: { summary: { qualified_leads: number; filtered_out: number; filtered_because: Record<string, number> } } };
    expect(disc.data.summary).toMatchObject({ qualified_leads: 5, filtered_out: 4, filtered_because: { do_not_contact: 1, other_kind: 3 } });
    expect(verdicts(w.store, ex)).toMatchObject({ stage: 'final', passed: 5, scored: 5, dropped: { do_not_contact: 1, other_kind: 3 } });
    expect(w.store.drafts.count({ execution_id: ex })).toBe(5);
    w.close();
  });
});
