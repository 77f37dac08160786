import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../main/app';
import { loadSampleWorkspace, sampleDir } from '../../../main/sample';
import { createServices, CLI } from '../../../main/services';
import { SessionSecretStore } from '../../../main/store/secret-store';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-estimate-');
afterAll(() => tmp.cleanup());

describe('the estimate', () => {
  it('for the sample workspace is an upper bound within twice what the run then spends', async () => {
    const app = HunterApp.open({ dbFile: tmp.file('sample.db'), env: {} });
    try {
      const s = createServices(app, { secrets: new SessionSecretStore(), dataDir: tmp.dir });
      const { store, execution } = loadSampleWorkspace(app);
      const ctx = { store, actor: CLI };
      const est = await s.runs.estimate(ctx, { agent_id: execution.agent_id, csv: join(sampleDir(), 'leads.csv') });
      expect(est).toMatchObject({ basis: 'up_to', money: { amount: est.credits, currency: 'USD' } });
      const before = store.ledger.balance().balance_micros;
      await app.run(store, execution.id);
      const spent = (before - store.ledger.balance().balance_micros) / 1e6;
      const ratio = est.credits / spent;
      // Figures for the record: what was estimated, what was spent.
      console.log(`estimate ${est.credits} credits for ${est.leads} leads (${JSON.stringify(est.outlook)}); spent ${spent}; ratio ${ratio.toFixed(2)}`);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThanOrEqual(2);
      // Per recipe too, the estimate is at least what was spent.
      const spentBy = store.ledger.chargedByRecipe(execution.id);
      for (const r of est.per_recipe) expect(r.credits * 1e6 + 1).toBeGreaterThanOrEqual(spentBy.get(r.recipe_id) ?? 0);
    } finally {
      app.close();
    }
  });
});
