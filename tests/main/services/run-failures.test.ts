import { afterAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../main/app';
import { createServices, CLI } from '../../../main/services';
import { SessionSecretStore } from '../../../main/store/secret-store';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-run-failures-');
afterAll(() => tmp.cleanup());

describe("a run's failed records", () => {
  it('name the business when the record is a lead, and the row when it never became one', () => {
    const app = HunterApp.open({ dbFile: tmp.file('failures.db'), env: {} });
    try {
      const s = createServices(app, { secrets: new SessionSecretStore(), dataDir: tmp.dir });
      const store = app.workspaces.create('Dentists', CLI);
      const agent = store.agents.save({});
      const execution = store.executions.create(agent.id, {});
      const [lead] = store.tx(() => store.leads.insertMany([{ name: 'Cedar Orthodontics', website: 'https://cedar-ortho.example', source: 'csv', dedupe_key: 'cedar' }]));
      const failed = { status: 'failed' as const, attempts: 1, result: null, retryable: false, credits_micros: 0, api_calls: 0 };
      store.executions.recordStep(execution.id, { ...failed, lead_id: lead!, recipe_id: 'intelligence', error_code: 'SITE_UNREACHABLE', error_message: 'the name does not resolve' });
      store.executions.recordStep(execution.id, { ...failed, lead_id: 'csv:row 7', recipe_id: 'discovery', error_code: 'CSV_ROW_INVALID', error_message: 'no name' });

      const page = s.runs.failures({ store, actor: CLI }, execution.id, { offset: 0, limit: 10 });
      expect(page.total).toBe(2);
      const byRecord = Object.fromEntries(page.rows.map((r) => [r.record_id, r.lead_name]));
      expect(byRecord).toEqual({ [lead!]: 'Cedar Orthodontics', 'csv:row 7': null });
    } finally {
      app.close();
    }
  });
});
