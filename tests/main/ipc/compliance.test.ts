import { afterEach, describe, expect, it } from 'vitest';
import { ok, refused, waitForRun as waitOn } from '../../support/bridge/calls';
import type { RunView } from '../../../preload/contract';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { seedWorkspace } from '../../support/bridge/seed';

const waitForRun = (t: TestApp, id: string, until: (r: RunView) => boolean) => waitOn(t.emitter, id, until);

describe('do-not-contact and erase in the app', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('lists, refuses approval of a listed business, blocks from a draft, erases a lead', async () => {
    t = createTestApp();
    const seeded = seedWorkspace(t.app, 'Compliance', { leads: 4, drafts: 3 });
    await ok(t, 'workspace:select', { id: seeded.store.workspaceId });
    const added = await ok(t, 'dnc:add', { values: ['practice-0.example'], reason: 'asked not to be contacted' });
    expect(added.added).toEqual([expect.objectContaining({ kind: 'domain', value: 'practice-0.example', reason: 'asked not to be contacted' })]);
    expect((await ok(t, 'dnc:list', {})).total).toBe(1);

    const no = await refused(t, 'drafts:approve', { id: seeded.draftIds[0]! });
    expect(no.code).toBe('DO_NOT_CONTACT');
    expect(no.message).toMatch(/^Practice 000000: /);

    expect(await ok(t, 'drafts:block', { id: seeded.draftIds[1]!, scope: 'address' })).toMatchObject({ status: 'rejected' });
    expect((await ok(t, 'dnc:list', { kind: 'email' })).rows.map((e) => e.value)).toEqual(['hello@practice-1.example']);

    const erased = await ok(t, 'leads:erase', { id: seeded.leadIds[2]!, reason: 'subject_request' });
    expect(erased.lead_ids).toEqual([seeded.leadIds[2]]);
    expect((await refused(t, 'leads:get', { id: seeded.leadIds[2]! })).code).toBe('NOT_FOUND');
    expect((await ok(t, 'audit:verify', {})).ok).toBe(true);
    // Only files picked in the dialog can be imported.
    expect((await refused(t, 'dnc:import', { path: '/etc/passwd' })).code).toBe('INVALID_INPUT');
  });

  it("says once, when a run first uses Google Maps, what its terms allow and what is kept", async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Maps', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: {
      name: 'Maps', keywords: ['dentist'], location: 'Portland, OR', sources: ['google_maps'], threshold: 0.6, tone: 'friendly',
      value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'sequential',
    } });
    const first = await ok(t, 'runs:start', { agent_id: agent.id });
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toMatch(/^Google Maps' terms do not allow copying .*\(no review texts, no photos\)/);
    await waitForRun(t, first.execution_id, (r) => ['completed', 'partial', 'failed'].includes(r.status));
    const second = await ok(t, 'runs:start', { agent_id: agent.id });
    expect(second.notices).toEqual([]);
    await waitForRun(t, second.execution_id, (r) => ['completed', 'partial', 'failed'].includes(r.status));
  });
});
