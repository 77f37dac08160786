import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-compliance-cli-');
afterAll(() => tmp.cleanup());
const SAMPLE = join(__dirname, '..', '..', '..', 'resources', 'sample');

async function json(args: string[], db: string, code = 0): Promise<any> {
  const r = await runHunter([...args, '--db', db, '--json']);
  expect(r.code, `hunter ${args.join(' ')}: ${r.stderr}`).toBe(code);
  return JSON.parse(r.stdout);
}

describe('do-not-contact and erase from the command line', () => {
  it('a business on the list is left out of the next run, a listed draft is neither approved nor exported, and an erased lead is gone', async () => {
    const db = tmp.file('dnc.db');
    await json(['workspaces', 'create', 'Rep'], db);
    const added = await json(['dnc', 'add', 'brightharbor-dental.example', '+1 503-555-0102', 'someone@', '--reason', 'asked not to be contacted'], db);
    expect(added.added.map((e: { kind: string }) => e.kind).sort()).toEqual(['domain', 'phone']);
    expect(added.refused).toHaveLength(1);
    expect((await json(['dnc', 'check', 'maya@brightharbor-dental.example'], db)).listed).toBe(true);

    // The run reads the sample list: the two listed businesses go no further than discovery.
    const run = await json(['run', '--csv', join(SAMPLE, 'leads.csv'), '--agent', join(SAMPLE, 'agent.json'), '--offline'], db);
    const discovery = run.recipes.find((r: { recipe_id: string }) => r.recipe_id === 'discovery');
    expect(discovery.summary.filtered_because.do_not_contact).toBe(2);
    const drafts = (await json(['drafts', 'list', '--limit', '100'], db)).rows as Array<{ id: string; company: string; lead_id: string }>;
    expect(drafts.map((d) => d.company)).not.toContain('Bright Harbor Dental');
    expect(drafts.map((d) => d.company)).not.toContain('Willamette Smiles');

    // Listed after its draft was written: approval is refused with the code and the reason.
    const target = drafts[0]!;
    const lead = await json(['leads', 'show', target.lead_id], db);
    await json(['dnc', 'add', lead.lead.name], db);
    const refused = await json(['drafts', 'approve', target.id], db, 1);
    expect(refused.error.code).toBe('DO_NOT_CONTACT');
    expect(refused.error.message).toContain(lead.lead.name);

    // "Don't contact again" from a draft: rejected, and its business listed.
    const blocked = await json(['drafts', 'block', drafts[1]!.id, '--reason', 'asked us to stop'], db);
    expect(blocked).toMatchObject({ draft_id: drafts[1]!.id, status: 'rejected' });
    expect(blocked.dnc.added.length).toBeGreaterThan(0);

    // What is held about a lead, then its erasure (which needs --yes).
    const out = tmp.file('lead-data.json');
    await json(['leads', 'export', drafts[2]!.lead_id, '--out', out], db);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data.format).toBe('the-hunter/lead-data/1');
    const noYes = await runHunter(['leads', 'erase', drafts[2]!.lead_id, '--reason', 'subject_request', '--db', db]);
    expect(noYes.code).toBe(2);
    const erased = await json(['leads', 'erase', drafts[2]!.lead_id, '--reason', 'subject_request', '--yes'], db);
    expect(erased.lead_ids).toContain(drafts[2]!.lead_id);
    const again = await json(['leads', 'erase', drafts[2]!.lead_id, '--reason', 'subject_request', '--yes'], db, 1);
    expect(again.error.code).toBe('ALREADY_ERASED');
    expect((await json(['audit', 'verify'], db)).ok).toBe(true);

    const removed = await json(['dnc', 'remove', 'BrightHarbor-Dental.example', 'never-listed.example'], db);
    expect(removed.removed.map((e: { value: string }) => e.value)).toEqual(['brightharbor-dental.example']);
    expect(removed.not_listed).toEqual([{ value: 'never-listed.example', reason: 'never-listed.example is not on the list' }]);

    const list = await json(['dnc', 'list'], db);
    expect(list.total).toBeGreaterThanOrEqual(4);
    expect(list.rows.some((e: { hashed: boolean }) => e.hashed)).toBe(true);
  }, 120_000);

  it('retention and its settings', async () => {
    const db = tmp.file('retention.db');
    await json(['workspaces', 'create', 'Rep'], db);
    expect(await json(['settings', 'set', 'retention.data_days', '30'], db)).toBeDefined();
    expect((await json(['settings', 'get', 'retention.data_days'], db))).toMatchObject({ 'retention.data_days': 30 });
    const bad = await runHunter(['settings', 'set', 'retention.data_days', '0', '--db', db]);
    expect(bad.code).not.toBe(0);
    const r = await json(['retention'], db);
    expect(r.limits).toEqual({ data_days: 30, rejected_draft_days: 90 });
    await json(['settings', 'set', 'sender.name', 'Alex Rivera'], db);
    expect(await json(['settings', 'set', 'sender.compliance_footer', 'off'], db)).toBeDefined();
    const maybe = await runHunter(['settings', 'set', 'sender.compliance_footer', 'maybe', '--db', db]);
    expect(maybe.code).not.toBe(0);
  });
});
