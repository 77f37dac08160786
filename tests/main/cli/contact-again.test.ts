import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-contact-again-');
afterAll(() => tmp.cleanup());
const SAMPLE = join(__dirname, '..', '..', '..', 'resources', 'sample');

async function json(args: string[], db: string): Promise<any> {
  const r = await runHunter([...args, '--db', db, '--json']);
  expect(r.code, `hunter ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
}

describe('a business already written to', () => {
  it('is left out of a later run unless the rep asks with --contact-again', async () => {
    const db = tmp.file('again.db');
    await json(['workspaces', 'create', 'Rep'], db);
    await json(['settings', 'set', 'sender.name', 'Alex Rivera'], db);
    await json(['settings', 'set', 'sender.email', 'alex@chairfill.example'], db);
    const input = ['--csv', join(SAMPLE, 'leads.csv'), '--agent', join(SAMPLE, 'agent.json'), '--offline'];
    await json(['run', ...input], db);
    const first = (await json(['drafts', 'list', '--limit', '1'], db)).rows[0];
    await json(['drafts', 'approve', first.id], db);
    expect((await json(['export', '--format', 'eml', '--out', tmp.file('eml')], db)).exported).toBe(1);

    const again = await json(['run', ...input], db);
    const discovery = again.recipes.find((r: { recipe_id: string }) => r.recipe_id === 'discovery');
    expect(discovery.summary.filtered_because.already_contacted).toBe(1);

    const asked = await json(['run', ...input, '--contact-again'], db);
    expect(asked.recipes.find((r: { recipe_id: string }) => r.recipe_id === 'discovery').summary.filtered_because.already_contacted).toBeUndefined();
  }, 90_000);
});
