import { afterAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../../main/app';
import { loadSampleWorkspace } from '../../../../main/sample';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-variants-');
afterAll(() => tmp.cleanup());

describe('an agent that asks for two variants', () => {
  it('gets, per lead with another angle, a second draft on that angle beside the first, written once even when the run resumes', async () => {
    const app = HunterApp.open({ dbFile: tmp.file('variants.db'), env: {} });
    try {
      const { store, execution } = loadSampleWorkspace(app);
      const agent = store.agents.get(execution.agent_id);
      store.agents.save({ ...agent.config, variants: 2 }, agent.id);
      await app.run(store, execution.id);
      const rows = app.db.prepare('SELECT d.id, d.lead_id, d.variant, v.metrics FROM drafts d JOIN draft_versions v ON v.draft_id = d.id AND v.kind = \'draft\' WHERE d.execution_id = ? AND d.follow_up_step = 0')
        .all(execution.id) as Array<{ id: string; lead_id: string; variant: number; metrics: string }>;
      const byLead = new Map<string, Array<{ variant: number; angle: string }>>();
      for (const r of rows) byLead.set(r.lead_id, [...(byLead.get(r.lead_id) ?? []), { variant: r.variant, angle: String((JSON.parse(r.metrics) as { angle?: string }).angle) }]);
      const pairs = [...byLead.values()].filter((v) => v.length === 2);
      expect(pairs.length).toBeGreaterThan(0);
      for (const p of pairs) {
        expect(p.map((x) => x.variant).sort()).toEqual([0, 1]);
        // Two different openings, not the same fact said twice.
        expect(p[0]!.angle).not.toBe(p[1]!.angle);
      }
      for (const v of byLead.values()) expect(v.length).toBeLessThanOrEqual(2);
      const before = rows.length;
      // Resuming a finished run writes nothing twice.
      await app.run(store, execution.id);
      expect((app.db.prepare('SELECT COUNT(*) AS n FROM drafts WHERE execution_id = ? AND follow_up_step = 0').get(execution.id) as { n: number }).n).toBe(before);
    } finally {
      app.close();
    }
  });
});
