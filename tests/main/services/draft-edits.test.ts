import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';
import { seedWorkspace } from '../../support/bridge/seed';

/** The rep's edit is a draft like any other: checked again, scored by what it now says. */
describe("the rep's edits are checked", () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an edit that adds a placeholder and an invented phone scores below one half and shows why; fixing it scores again', async () => {
    t = createTestApp();
    const seeded = seedWorkspace(t.app, 'Edits', { leads: 2, drafts: 1 });
    await ok(t, 'workspace:select', { id: seeded.store.workspaceId });
    const id = seeded.draftIds[0]!;
    const bad = await ok(t, 'drafts:edit', { id, body: 'Hi [First Name],\n\nCall me at 503-555-0199 about booking. Would a short call next week be useful?\n\nAlex' });
    expect(bad.message_quality_score).toBeLessThan(0.5);
    const edited = bad.versions.find((v) => v.kind === 'edited')!;
    const check = edited.metrics?.message_check as { issues: Array<{ code: string }> };
    expect(check.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['PLACEHOLDER', 'INVENTED_CONTACT']));
    const row = (await ok(t, 'drafts:list', { status: 'pending_review' })).rows.find((r) => r.id === id)!;
    expect(row.message_quality_score).toBe(bad.message_quality_score);

    const fixed = await ok(t, 'drafts:edit', { id, body: 'Hi Maya,\n\nI came across Practice 000000 while looking at dentist practices in Portland. We build booking sites for practices like yours. Would a short call next week be useful?\n\nAlex' });
    expect(fixed.message_quality_score).toBeGreaterThan(bad.message_quality_score);
  });
});
