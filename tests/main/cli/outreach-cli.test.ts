import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-outreach-cli-');
afterAll(() => tmp.cleanup());
const SAMPLE = join(__dirname, '..', '..', '..', 'resources', 'sample');

async function json(args: string[], db: string, code = 0): Promise<any> {
  const r = await runHunter([...args, '--db', db, '--json']);
  expect(r.code, `hunter ${args.join(' ')}: ${r.stderr}`).toBe(code);
  return JSON.parse(r.stdout || r.stderr);
}

describe('hunter drafts show --channel, drafts list --status scheduled, drafts reject --reason, stats, replies check', () => {
  it('works end to end on the sample workspace', async () => {
    const db = tmp.file('o.db');
    await json(['workspaces', 'create', 'Rep'], db);
    await json(['settings', 'set', 'sender.name', 'Alex Rivera'], db);
    await json(['settings', 'set', 'sender.email', 'alex@chairfill.example'], db);
    await json(['run', '--csv', join(SAMPLE, 'leads.csv'), '--agent', join(SAMPLE, 'agent.json'), '--offline'], db);
    const [first, second] = (await json(['drafts', 'list', '--limit', '2'], db)).rows;

    const r = await runHunter(['drafts', 'show', first.id, '--channel', 'sms', '--db', db, '--json']);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ channel: 'sms', subject: null, limit: expect.any(Number) });
    expect(r.code).toBe(v.fits && v.issues.length === 0 ? 0 : 1);
    expect(v.fits ? v.length <= v.limit : v.problem).toBeTruthy();

    await json(['drafts', 'approve', first.id], db);
    expect((await json(['export', '--format', 'eml', '--out', tmp.file('eml')], db)).exported).toBe(1);
    const scheduled = await json(['drafts', 'list', '--status', 'scheduled'], db);
    expect(scheduled.rows.map((x: { follow_up_of: string; step: number }) => [x.follow_up_of, x.step])).toEqual([[first.id, 1], [first.id, 2]]);

    const rejected = await json(['drafts', 'reject', second.id, '--reason', 'do_not_contact'], db);
    expect(rejected[0].status).toBe('rejected');
    const bad = await runHunter(['drafts', 'reject', second.id, '--reason', 'meh', '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--reason is one of wrong_person/);

    const stats = await json(['stats'], db);
    expect(stats.drafts_per_day.length).toBeGreaterThan(0);
    expect(stats.providers[0].provider).toBe('offline');

    const noAccount = await runHunter(['replies', 'check', '--db', db]);
    expect(noAccount.code).not.toBe(0);
    expect(noAccount.stderr).toMatch(/no mail account yet/);
  }, 90_000);
});
