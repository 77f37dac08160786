import { afterEach, describe, expect, it } from 'vitest';
import { ok, refused } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { seedWorkspace } from '../../support/bridge/seed';

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
});
