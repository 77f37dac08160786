import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costMicros } from '../../../main/ai';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';
import { writeSampleCsv } from '../../support/sample-csv';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-2stage-');
let sim: ProviderSim;
beforeAll(async () => {
  sim = await startProviderSim({ ttftMs: 5, tokensPerSecond: 0 });
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});


describe('hunter run with models behind GROQ_BASE_URL and ANTHROPIC_BASE_URL', () => {
  it('writes two-stage drafts; drafts show --json has both versions, the models and the metrics; the ledger matches the usage', async () => {
    const csv = tmp.file('leads.csv');
    writeSampleCsv(csv, 9);
    const db = tmp.file('models.db');
    const env = { GROQ_API_KEY: 'gsk_test_key_for_the_simulator', ANTHROPIC_API_KEY: 'sk-ant-test.key.for.the.simulator', GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url };
    const run = await runHunter(['run', '--csv', csv, '--db', db, '--json', '--offline'], { env });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.drafts_pending_review).toBeGreaterThan(0);
    expect(run.stdout + run.stderr).not.toContain('gsk_test_key');

    const list = await runHunter(['drafts', 'list', '--db', db, '--json'], { env });
    const drafts = JSON.parse(list.stdout).rows as Array<{ id: string; lead_id: string }>;
    expect(drafts.length).toBe(summary.drafts_pending_review);
    const show = await runHunter(['drafts', 'show', drafts[0]!.id, '--db', db, '--json'], { env });
    const d = JSON.parse(show.stdout);
    expect(d.versions.map((v: { kind: string }) => v.kind)).toEqual(['draft', 'refined']);
    const [draft, refined] = d.versions;
    expect(draft.model_used).toMatch(/gpt-oss|llama|qwen/);
    expect(refined.model_used).toMatch(/claude/);
    expect(d.current_version).toBe('refined');
    expect(draft.metrics).toMatchObject({ ttft_ms: expect.any(Number), draft_ms: expect.any(Number), refine_ms: expect.any(Number), total_ms: expect.any(Number) });

    // Every cent the simulator reported is in the ledger, and nothing else from the models.
    // Each attempt is priced (and rounded up) on its own, as the provider layer charges it.
    const expected = sim.requests.reduce((s, r) => s + (r.reported ? costMicros(r.provider, r.model, r.reported.input_tokens, r.reported.output_tokens) : 0), 0);
    const raw = openDatabase(db);
    const store = workspaceStore(raw, new Workspaces(raw).list()[0]!.id);
    const modelCharges = raw.prepare("SELECT COALESCE(SUM(amount_micros), 0) AS s FROM credit_ledger WHERE kind = 'charge' AND (charge_key LIKE '%:groq%' OR charge_key LIKE '%:anthropic%')").get() as { s: number };
    expect(modelCharges.s).toBe(expected);
    // The model judges the leads discovery sent on, after their sites were read; the groceries were left out before.
    const scored = store.leads.query({}).filter((l) => l.category === 'Dentist');
    expect(scored.length).toBeGreaterThan(0);
    expect(scored.every((l) => l.scored_by?.startsWith('model:'))).toBe(true);
    const ex = store.executions.list(1)[0]!;
    const routed = store.executions.steps(ex.id, 'intelligence', 'done');
    expect(routed.length).toBeGreaterThan(0);
    for (const s of routed) expect((s.result as { routed_by: string }).routed_by).toMatch(/^model:/);
    raw.close();
  });
});
