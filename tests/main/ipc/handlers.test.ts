import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentConfigFrom } from '../../../main/services/agents';
import type { DraftStreamEvent, RequestOf, RunView } from '../../../preload/contract';
import { ok, refused, waitForRun as waitForRunOn } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { startProviderSim, type ProviderSim } from '../../support/provider-sim';

const AGENT: RequestOf<'agents:save'>['config'] = {
  name: 'Dentists in Portland', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'], threshold: 0.6, tone: 'friendly',
  value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'sequential',
};

function writeCsv(t: TestApp, name: string, rows: number): string {
  const lines = ['Company,Website,Phone,Email,First Name,Title,Address,City,Category,Rating,Reviews'];
  for (let i = 0; i < rows; i++) {
    // Every third lead is thin (no site, no reviews) and falls below the threshold.
    const thin = i % 3 === 2;
    lines.push([
      `Clinic ${i}`, thin ? '' : `https://clinic-${i}.example`, thin ? '' : `+1 503-555-${String(1000 + (i % 9000)).padStart(4, '0')}`,
      thin ? '' : `hello@clinic-${i}.example`, i % 2 ? 'Maya' : '', i % 2 ? 'Practice Owner' : '', thin ? '' : `"${100 + i} SE Hawthorne Blvd, Portland, OR"`,
      'Portland', 'Dentist', thin ? '' : (4 + (i % 10) / 10).toFixed(1), thin ? '' : String(60 + i),
    ].join(','));
  }
  const file = join(t.dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const waitForRun = (t: TestApp, id: string, until: (r: RunView) => boolean, timeoutMs = 30_000) => waitForRunOn(t.emitter, id, until, timeoutMs);

function waitForDraftDone(t: TestApp, id: string): Promise<DraftStreamEvent[]> {
  return new Promise((resolve, reject) => {
    const seen: DraftStreamEvent[] = [];
    const timer = setTimeout(() => reject(new Error('draft stream did not finish')), 30_000);
    const on = (events: DraftStreamEvent[]) => {
      for (const e of events) if (e.draft_id === id) seen.push(e);
      if (events.some((e) => e.draft_id === id && (e.type === 'done' || (e.type === 'error' && e.stage === 'write')))) {
        clearTimeout(timer);
        t.emitter.off('draft:events', on);
        resolve(seen);
      }
    };
    t.emitter.on('draft:events', on);
  });
}

async function setupWorkspaceWithRun(t: TestApp, rows = 12): Promise<{ agentId: string; executionId: string; run: RunView }> {
  await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex Rivera', sender_email: 'alex@chairfill.example', company: 'ChairFill' });
  const agent = await ok(t, 'agents:save', { config: AGENT });
  const csv = writeCsv(t, `leads-${rows}.csv`, rows);
  t.pickQueue.push(csv);
  await ok(t, 'dialog:open-csv', {});
  const done = (r: RunView) => ['completed', 'partial', 'failed'].includes(r.status);
  const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: csv });
  const run = await waitForRun(t, execution_id, done);
  return { agentId: agent.id, executionId: execution_id, run };
}

describe('IPC handlers over the real services', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('bootstraps empty, creates a workspace with its sender, and lists keys without their values', async () => {
    t = createTestApp();
    const empty = await ok(t, 'app:bootstrap', {});
    expect(empty.workspace).toBeNull();
    expect(empty.keys).toEqual({ groq: false, anthropic: false, hunter_io: false, imap: false, secure_store: true });
    expect((await refused(t, 'agents:list', {})).code).toBe('NOT_FOUND');
    expect((await refused(t, 'workspace:create', { name: 'X', sender_name: 'A', sender_email: 'not-an-address' })).code).toBe('INVALID_INPUT');
    const ws = await ok(t, 'workspace:create', { name: 'ChairFill', sender_name: 'Alex', sender_email: 'alex@chairfill.example', signature: 'Alex\nChairFill' });
    const boot = await ok(t, 'app:bootstrap', {});
    expect(boot.workspace).toEqual(ws);
    expect(boot.sender).toEqual({ name: 'Alex', email: 'alex@chairfill.example', signature: 'Alex\nChairFill' });
    const keys = await ok(t, 'secrets:set', { name: 'groq', value: 'gsk_supersecretvalue123' });
    expect(keys.groq).toBe(true);
    expect(JSON.stringify(await ok(t, 'app:bootstrap', {}))).not.toContain('gsk_supersecret');
    // A key never reaches the database file (or its write-ahead log).
    t.app.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(t.dir).filter((x) => x.startsWith('hunter.db'))) expect(readFileSync(join(t.dir, f)).includes('gsk_supersecretvalue123')).toBe(false);
    const audit = await ok(t, 'audit:list', { action: 'settings_changed' });
    expect(audit.rows.some((r) => r.resource === 'secret' && r.resource_id === 'groq')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('gsk_supersecret');
  });

  it('refuses to read a CSV the rep did not pick, estimates before a run, runs it and shows the funnel', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: AGENT });
    expect(agent.config.threshold).toBe(0.6);
    const csv = writeCsv(t, 'leads.csv', 12);
    expect((await refused(t, 'runs:estimate', { agent_id: agent.id, csv_path: '/etc/passwd' })).code).toBe('INVALID_INPUT');
    expect((await refused(t, 'runs:start', { agent_id: agent.id, csv_path: csv })).code).toBe('INVALID_INPUT');
    t.pickQueue.push(csv);
    expect(await ok(t, 'dialog:open-csv', {})).toEqual({ path: csv });
    const est = await ok(t, 'runs:estimate', { agent_id: agent.id, csv_path: csv });
    expect(est.leads).toBe(12);
    // Per lead at most: 0.001 scoring; for one that goes on 0.002 writing and 0.002 basic enrichment, or
    // 0.01 with the premium pass when it may turn out gold.
    const { left_out, at_most_silver, may_be_gold } = est.outlook;
    expect(left_out + at_most_silver + may_be_gold).toBe(12);
    const upTo = 12 * 0.001 + at_most_silver * 0.004 + may_be_gold * 0.012;
    expect(est.credits).toBeCloseTo(upTo, 6);
    expect(est).toMatchObject({ basis: 'up_to', money: { amount: est.credits, currency: 'USD' }, balance: 25 });
    expect(est.balance_after).toBeCloseTo(25 - upTo, 6);

    const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: csv });
    const run = await waitForRun(t, execution_id, (r) => ['completed', 'partial', 'failed'].includes(r.status));
    expect(run.status).toBe('completed');
    const stage = (s: string) => run.funnel.find((f) => f.stage === s)!;
    expect(stage('discovered').count).toBe(12);
    expect(stage('qualified').count).toBeGreaterThan(0);
    expect(stage('drafted').count).toBe(stage('enriched').count);
    expect(stage('qualified').credits).toBeCloseTo(0.012, 6);
    expect(run.credits).toBeGreaterThan(0);
    // The estimate is an upper bound of what the run spent.
    expect(run.credits).toBeLessThanOrEqual(est.credits + 1e-9);
    expect(run.processed).toBe(run.total);
    expect(run.seconds_left).toBeNull();
    const list = await ok(t, 'runs:list', {});
    expect(list[0]!.id).toBe(execution_id);
    const boot = await ok(t, 'app:bootstrap', {});
    expect(boot.pending_review).toBe(stage('drafted').count);
  });

  it('groups a run’s errors by code with what to do', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: AGENT });
    const csv = join(t.dir, 'bad.csv');
    writeFileSync(csv, 'Company,Website,Rating\nGood Dental,https://good.example,4.5\n,https://noname.example,4\n,https://noname2.example,4\n');
    t.pickQueue.push(csv);
    await ok(t, 'dialog:open-csv', {});
    const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: csv });
    const run = await waitForRun(t, execution_id, (r) => !['running', 'pending'].includes(r.status));
    const group = run.errors.find((e) => e.recipe_id === 'discovery');
    expect(group).toBeDefined();
    expect(group!.count).toBe(2);
    expect(group!.hint.length).toBeGreaterThan(10);
    expect(group!.examples.length).toBe(2);
  });

  it('pauses, resumes and cancels a run in the background', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: { ...AGENT, execution_mode: 'parallel' } });
    const csv = writeCsv(t, 'big.csv', 3000);
    t.pickQueue.push(csv);
    await ok(t, 'dialog:open-csv', {});
    const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: csv });
    await waitForRun(t, execution_id, (r) => r.processed > 0);
    const paused = await ok(t, 'runs:pause', { id: execution_id });
    expect(paused.status).toBe('paused');
    expect(paused.error).toBeNull();
    expect((await refused(t, 'runs:pause', { id: 'exec_nope' })).code).toBe('NOT_FOUND');
    const resumed = await ok(t, 'runs:resume', { id: execution_id });
    expect(resumed.status).toBe('running');
    expect((await refused(t, 'runs:resume', { id: execution_id })).code).toBe('CONFLICT');
    const cancelled = await ok(t, 'runs:cancel', { id: execution_id });
    expect(['cancelled', 'completed', 'partial']).toContain(cancelled.status);
    expect((await refused(t, 'runs:cancel', { id: execution_id })).code).toBe('CONFLICT');
  });

  it('reviews drafts: approve, undo, edit, use a version, bulk approve, export', async () => {
    t = createTestApp();
    await setupWorkspaceWithRun(t);
    const list = await ok(t, 'drafts:list', { status: 'pending_review' });
    expect(list.total).toBeGreaterThan(2);
    const ranks = list.rows.map((r) => r.rank_score);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    const first = list.rows[0]!;
    expect(first.company).toMatch(/^Clinic /);

    const detail = await ok(t, 'drafts:get', { id: first.id });
    expect(detail.facts_used.length).toBeGreaterThan(0);
    expect(detail.versions[0]!.kind).toBe('draft');
    expect(detail.lead.score_breakdown).not.toBeNull();

    expect((await ok(t, 'drafts:approve', { id: first.id })).status).toBe('approved');
    expect((await ok(t, 'drafts:undo', { id: first.id })).status).toBe('pending_review');
    expect((await ok(t, 'drafts:reject', { id: first.id })).status).toBe('rejected');
    expect((await ok(t, 'drafts:undo', { id: first.id })).status).toBe('pending_review');
    expect((await ok(t, 'drafts:defer', { id: first.id })).status).toBe('pending_review');

    const edited = await ok(t, 'drafts:edit', { id: first.id, body: 'Hi Maya, a shorter note from me.', subject: 'Hello' });
    expect(edited.body).toBe('Hi Maya, a shorter note from me.');
    expect(edited.current_version).toBe('edited');
    const original = edited.versions.find((v) => v.kind === 'draft')!;
    const back = await ok(t, 'drafts:use-version', { id: first.id, version_id: original.id });
    expect(back.body).toBe(original.body);
    expect((await refused(t, 'drafts:use-version', { id: first.id, version_id: 'dv_nope' })).code).toBe('NOT_FOUND');

    expect((await refused(t, 'export:mailto', { id: first.id })).code).toBe('INVALID_INPUT');
    const bulk = await ok(t, 'drafts:bulk-approve', { min_rank: 0 });
    expect(bulk.approved).toBe(list.total);
    const out = await ok(t, 'export:run', { format: 'eml' });
    expect(out.exported).toBeGreaterThan(0);
    expect(out.location).toContain(t.dir);
    const { url } = await ok(t, 'export:mailto', { id: first.id });
    expect(url).toMatch(/^mailto:hello@clinic-\d+\.example\?subject=/);
    const runs = await ok(t, 'runs:list', {});
    expect(runs[0]!.funnel.find((f) => f.stage === 'exported')!.count).toBe(out.exported);
  });

  it('writes a draft again offline, streamed, and keeps an edit over the new text', async () => {
    t = createTestApp();
    await setupWorkspaceWithRun(t);
    const [row] = (await ok(t, 'drafts:list', { status: 'pending_review', limit: 1 })).rows;
    const done = waitForDraftDone(t, row!.id);
    expect(await ok(t, 'drafts:write', { id: row!.id })).toEqual({ started: true });
    const events = await done;
    const ready = events.find((e) => e.type === 'draft_ready');
    expect(ready && ready.type === 'draft_ready' && ready.model).toBe('offline');
    const text = events.filter((e) => e.type === 'draft').map((e) => (e.type === 'draft' ? e.delta : '')).join('');
    expect(text.length).toBeGreaterThan(20);
    const after = await ok(t, 'drafts:get', { id: row!.id });
    expect(after.versions.length).toBe(2);

    await ok(t, 'drafts:edit', { id: row!.id, body: 'My own words.' });
    const again = waitForDraftDone(t, row!.id);
    await ok(t, 'drafts:write', { id: row!.id });
    await again;
    expect((await ok(t, 'drafts:get', { id: row!.id })).body).toBe('My own words.');
  });

  it('audits: lists newest first with filters, verifies, exports to the data folder', async () => {
    t = createTestApp();
    const { executionId } = await setupWorkspaceWithRun(t, 4);
    const page = await ok(t, 'audit:list', { limit: 5 });
    expect(page.rows.length).toBe(5);
    expect(page.rows[0]!.seq).toBeGreaterThan(page.rows[4]!.seq);
    expect(page.total).toBeGreaterThan(5);
    const byExec = await ok(t, 'audit:list', { execution_id: executionId, limit: 1000 });
    expect(byExec.rows.every((r) => r.context.execution_id === executionId)).toBe(true);
    const second = await ok(t, 'audit:list', { limit: 5, offset: 5 });
    expect(second.rows[0]!.seq).toBeLessThan(page.rows[4]!.seq);
    const today = new Date().toISOString().slice(0, 10);
    expect((await ok(t, 'audit:list', { since: today, until: today, limit: 1 })).total).toBe(page.total);
    expect((await ok(t, 'audit:verify', {})).ok).toBe(true);
    const exp = await ok(t, 'audit:export', {});
    expect(exp.verification.ok).toBe(true);
    expect(JSON.parse(readFileSync(exp.path, 'utf8')).entries.length).toBe(exp.entries);
  });

  it('settings: models and folders, refusing relative paths', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const s = await ok(t, 'settings:get', {});
    expect(s.draft_models.length).toBeGreaterThan(0);
    expect(s.prices['groq/openai/gpt-oss-20b']).toBeDefined();
    const saved = await ok(t, 'settings:set', { draft_models: ['llama-3.3-70b-versatile'], refine_model: 'claude-haiku-4-5', data_folder: t.dir });
    expect(saved.draft_models).toEqual(['llama-3.3-70b-versatile']);
    expect(saved.refine_model).toBe('claude-haiku-4-5');
    expect((await refused(t, 'settings:set', { data_folder: 'relative/dir' })).code).toBe('INVALID_INPUT');
  });

  it('keeps an agent’s hidden fields when the form saves it again', () => {
    const cfg = agentConfigFrom({ ...AGENT, alerts: { approaching_limit_percent: 70, max_frequency_hours: 2 } }, null);
    expect(cfg.alerts.find((a) => a.trigger === 'subscription_approaching_limit')!.threshold_percentage).toBe(70);
    const again = agentConfigFrom({ ...AGENT, name: 'Renamed' }, { ...cfg, rate_limits: { web: { concurrency: 2 } } });
    expect(again.name).toBe('Renamed');
    expect(again.rate_limits.web!.concurrency).toBe(2);
    expect(again.alerts.find((a) => a.trigger === 'subscription_approaching_limit')!.threshold_percentage).toBe(70);
  });

  it('opens the sample workspace and runs it', async () => {
    t = createTestApp();
    const ws = await ok(t, 'workspace:open-sample', {});
    expect(ws.name).toBe('Sample workspace');
    const [run] = await ok(t, 'runs:list', {});
    const done = await waitForRun(t, run!.id, (r) => !['running', 'pending'].includes(r.status));
    // The sample CSV has one row without a company name, on purpose.
    expect(done.status).toBe('partial');
    expect(done.errors[0]!.code).toBe('CSV_ROW_INVALID');
  });
});

describe('two-stage drafting through the handlers, against the provider simulator', () => {
  let sim: ProviderSim;
  let t: TestApp;
  beforeAll(async () => {
    sim = await startProviderSim({ ttftMs: 20, tokensPerSecond: 400 });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('streams the draft, then the refinement, charges the ledger, and offers the refinement beside an edit', async () => {
    t = createTestApp({ env: { GROQ_BASE_URL: sim.url, ANTHROPIC_BASE_URL: sim.url } });
    await setupWorkspaceWithRun(t, 4);
    await ok(t, 'secrets:set', { name: 'groq', value: 'gsk_test_key_123456' });
    await ok(t, 'secrets:set', { name: 'anthropic', value: 'sk-ant-test-key-123456' });
    const [row] = (await ok(t, 'drafts:list', { status: 'pending_review', limit: 1 })).rows;
    const before = (await ok(t, 'credits:summary', {})).charged;
    const done = waitForDraftDone(t, row!.id);
    await ok(t, 'drafts:write', { id: row!.id });
    const events = await done;
    const kinds = events.map((e) => e.type);
    expect(kinds).toContain('draft');
    expect(kinds).toContain('draft_ready');
    expect(kinds).toContain('refined_ready');
    // Tokens are joined: far fewer messages than words.
    const draftMessages = events.filter((e) => e.type === 'draft').length;
    const words = (events.find((e) => e.type === 'draft_ready') as { text: string }).text.split(/\s+/).length;
    expect(draftMessages).toBeLessThan(words);
    const refined = events.find((e) => e.type === 'refined_ready') as Extract<DraftStreamEvent, { type: 'refined_ready' }>;
    expect(refined.kept_as_suggestion).toBe(false);
    const detail = await ok(t, 'drafts:get', { id: row!.id });
    expect(detail.body).toBe(refined.text);
    expect((await ok(t, 'credits:summary', {})).charged).toBeGreaterThan(before);
    expect(sim.requests.some((r) => r.provider === 'groq') && sim.requests.some((r) => r.provider === 'anthropic')).toBe(true);
    // The keys went to the provider and nowhere else.
    expect(JSON.stringify(t.events)).not.toContain('gsk_test_key_123456');

    await ok(t, 'drafts:edit', { id: row!.id, body: 'Typed by the rep.' });
    const again = waitForDraftDone(t, row!.id);
    await ok(t, 'drafts:write', { id: row!.id });
    const second = (await again).find((e) => e.type === 'refined_ready') as Extract<DraftStreamEvent, { type: 'refined_ready' }>;
    expect(second.kept_as_suggestion).toBe(true);
    expect((await ok(t, 'drafts:get', { id: row!.id })).body).toBe('Typed by the rep.');
  });
});
