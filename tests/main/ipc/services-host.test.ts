import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ServicesHost } from '../../../main/ipc/services-host';
import { SessionSecretStore } from '../../../main/store/secret-store';
import { CHANNELS, type Channel, type RequestOf, type RunView } from '../../../preload/contract';
import { waitForRun } from '../../support/bridge/calls';
import { payloadsFor, prng } from '../../support/fuzz-payloads';
import { servicesScript, startServices, type HostedServices } from '../../support/services';
import { writeSampleCsv } from '../../support/sample-csv';
import { tempDir } from '../../support/temp';

const AGENT: RequestOf<'agents:save'>['config'] = {
  name: 'Dentists in Portland', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'], threshold: 0.6, tone: 'friendly',
  value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'parallel',
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function temp() {
  const t = tempDir('hunter-services-');
  cleanups.push(t.cleanup);
  return t;
}

async function started(dbFile: string, dataDir: string, secrets?: SessionSecretStore): Promise<HostedServices> {
  const s = await startServices({ dbFile, dataDir, secrets });
  cleanups.push(() => s.host.close());
  return s;
}

const runReaches = (s: HostedServices, id: string, until: (r: RunView) => boolean, timeoutMs?: number) => waitForRun(s.events, id, until, timeoutMs);

/** A workspace with one CSV agent and a picked file of `rows` leads; returns the agent id and the file. */
async function workspaceWithCsv(s: HostedServices, dir: string, rows: number): Promise<{ agentId: string; csv: string }> {
  await s.call('workspace:create', { name: 'Test', sender_name: 'Alex Rivera', sender_email: 'alex@chairfill.example', company: 'ChairFill' });
  const agent = await s.call('agents:save', { config: AGENT });
  const csv = `${dir}/leads-${rows}.csv`;
  writeSampleCsv(csv, rows);
  s.pickQueue.push(csv);
  expect((await s.call('dialog:open-csv', {})).path).toBe(csv);
  return { agentId: agent.id, csv };
}

describe('the services thread', () => {
  it('answers the contract, streams a run to the end and refuses bad payloads with a code', async () => {
    const t = temp();
    const s = await started(t.file('hunter.db'), t.dir);
    expect((await s.call('app:bootstrap', {})).workspace).toBeNull();
    const { agentId, csv } = await workspaceWithCsv(s, t.dir, 30);
    const { execution_id } = await s.call('runs:start', { agent_id: agentId, csv_path: csv });
    const done = await runReaches(s, execution_id, (r) => r.status === 'completed');
    expect(done.processed).toBe(done.total);
    expect(done.funnel.find((f) => f.stage === 'discovered')?.count).toBe(30);
    const drafts = await s.call('drafts:list', { status: 'pending_review' });
    expect(drafts.total).toBeGreaterThan(0);

    // The same refusals as in-process: wrong shape, unknown channel, a file the rep did not pick.
    const bad = await s.invoke('runs:start', { agent_id: agentId, csv_path: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await s.invoke('fs:read', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await s.invoke('runs:start', { agent_id: agentId, csv_path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A payload that cannot cross a thread is refused, not thrown.
    expect(await s.invoke('runs:get', { id: () => 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers every fuzzed payload of every channel with a result across the thread boundary, and keeps running', async () => {
    const t = temp();
    const s = await started(t.file('hunter.db'), t.dir);
    await s.call('workspace:create', { name: 'Fuzz', sender_name: 'Alex', sender_email: 'alex@example.com' });
    const r = prng(20261123);
    let refused = 0;
    for (const channel of Object.keys(CHANNELS) as Channel[]) {
      for (const payload of payloadsFor(channel, r)) {
        const res = await s.invoke(channel, payload);
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) {
          refused++;
          expect(res.error.code).toMatch(/^[A-Z_]+$/);
          // A refusal never echoes what was sent (it may be a key).
          expect(res.error.message).not.toContain('gsk_xxxx');
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
    // Still answering; the few payloads that happened to be valid did their job (opening the sample, say).
    expect((await s.call('app:bootstrap', {})).workspaces.map((w) => w.name)).toContain('Fuzz');
  }, 120_000);

  it('saves a key in the main thread’s store before the services use it, and reports a key that could not be saved', async () => {
    const t = temp();
    const keychain = new SessionSecretStore({ anthropic: 'sk-ant-test-from-keychain' }, true);
    const s = await started(t.file('hunter.db'), t.dir, keychain);
    await s.call('workspace:create', { name: 'Keys', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    // The key the keychain held at start reached the services thread.
    expect((await s.call('app:bootstrap', {})).keys).toMatchObject({ anthropic: true, groq: false, secure_store: true });
    expect(await s.call('secrets:set', { name: 'groq', value: 'gsk-test-key-1' })).toMatchObject({ groq: true });
    expect(keychain.get('groq')).toBe('gsk-test-key-1');

    const failing = new SessionSecretStore({}, true);
    failing.set = () => {
      throw new Error('the keychain is locked');
    };
    const u = temp();
    const f = await started(u.file('hunter.db'), u.dir, failing);
    const r = await f.invoke('secrets:set', { name: 'groq', value: 'gsk-test-key-2' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('the keychain is locked') } });
    expect((await f.call('app:bootstrap', {})).keys.groq).toBe(false);
  });

  it('recovers from a crash: waiting requests get SERVICE_RESTARTED, a fresh thread answers, and the run resumes where it was', async () => {
    const t = temp();
    const s = await started(t.file('hunter.db'), t.dir);
    const { agentId, csv } = await workspaceWithCsv(s, t.dir, 2000);
    const { execution_id } = await s.call('runs:start', { agent_id: agentId, csv_path: csv });
    const mid = await runReaches(s, execution_id, (r) => r.processed > 200);
    expect(mid.processed).toBeLessThan(mid.total);

    // A request waiting on the main thread (the file picker is open) when the thread dies.
    let answerPicker: (p: string | null) => void = () => undefined;
    s.pickQueue.push(new Promise((r) => (answerPicker = r)));
    const waiting = s.invoke('dialog:open-csv', {});
    await new Promise((r) => setTimeout(r, 50));
    await s.host.kill();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'SERVICE_RESTARTED' } });
    answerPicker(null);

    // The fresh thread sees the run as interrupted (nothing is running it) with its committed work kept.
    const after = await s.call('runs:get', { id: execution_id });
    expect(after.status).toBe('interrupted');
    expect(after.processed).toBeGreaterThan(0);
    await s.call('runs:resume', { id: execution_id });
    const done = await runReaches(s, execution_id, (r) => r.status === 'completed', 120_000);
    expect(done.funnel.find((f) => f.stage === 'discovered')?.count).toBe(2000);
    // Every lead was scored once: the steps committed before the crash were not run again.
    const db = new Database(t.file('hunter.db'), { readonly: true });
    cleanups.push(() => void db.close());
    const twice = db.prepare("SELECT COUNT(*) AS n FROM (SELECT lead_id FROM steps WHERE execution_id = ? AND recipe_id = 'discovery' AND status = 'done' GROUP BY lead_id HAVING COUNT(*) > 1)").get(execution_id) as { n: number };
    expect(twice.n).toBe(0);
  }, 180_000);

  it('closing pauses a running run cleanly, so the next start resumes it', async () => {
    const t = temp();
    const s = await startServices({ dbFile: t.file('hunter.db'), dataDir: t.dir });
    const { agentId, csv } = await workspaceWithCsv(s, t.dir, 20_000);
    const { execution_id } = await s.call('runs:start', { agent_id: agentId, csv_path: csv });
    await runReaches(s, execution_id, (r) => r.processed > 200);
    await s.host.close();
    expect(await s.invoke('runs:get', { id: execution_id })).toMatchObject({ ok: false, error: { code: 'SERVICE_RESTARTED' } });

    const again = await started(t.file('hunter.db'), t.dir);
    const paused = await again.call('runs:get', { id: execution_id });
    expect(paused.status).toBe('paused');
    expect(paused.processed).toBeGreaterThan(200);
    expect(paused.processed).toBeLessThan(paused.total);
  }, 120_000);

  it('refuses to start on a database from a newer version, with its code', async () => {
    const t = temp();
    const dbFile = t.file('hunter.db');
    const db = new Database(dbFile);
    db.pragma('user_version = 999');
    db.close();
    await expect(ServicesHost.start({
      script: servicesScript(), dbFile, dataDir: t.dir, secrets: new SessionSecretStore(),
      emit: () => undefined, notify: () => undefined, pickCsv: async () => null, openUrl: () => undefined,
    })).rejects.toMatchObject({ code: 'DATABASE_TOO_NEW' });
    writeFileSync(t.file('marker'), 'still writable');
  });
});
