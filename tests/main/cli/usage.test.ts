import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { commandTable, COMMANDS } from '../../../main/cli/commands';
import { TABLE_END, TABLE_START } from '../../../main/cli/docs';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-usage-');
afterAll(() => tmp.cleanup());

describe('the command line', () => {
  it("README's table of commands is the one made from the command list", () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    expect(table).toBe(commandTable());
    expect(COMMANDS.length).toBeGreaterThan(40);
  });

  it('refuses an unknown command or option, a missing value, a mistyped workspace and an unknown setting: exit code 2, the name, nothing written', async () => {
    const db = tmp.file('usage.db');
    expect((await runHunter(['workspaces', 'create', 'Real', '--db', db])).code).toBe(0);
    const before = statSync(db).mtimeMs;
    const cases: Array<{ args: string[]; says: RegExp }> = [
      { args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
      { args: ['drafts', 'list', '--colour', 'red'], says: /unknown option '--colour'/ },
      { args: ['drafts', 'list', '--db', '<db>', '--status'], says: /option '--status <status>' argument missing/ },
      { args: ['drafts', 'approve'], says: /missing required argument 'drafts'/ },
      { args: ['credits', '--workspace', 'Reel'], says: /No workspace "Reel"\. There are: "Real"\. Create it with: hunter workspaces create "Reel"/ },
      { args: ['settings', 'set', 'sender.nmae', 'Alex'], says: /There is no setting "sender\.nmae"\. Settings: sender\.name/ },
      { args: ['drafts', 'list', '--limit', 'lots'], says: /--limit takes a whole number from 1 to 5000, not "lots"/ },
      { args: ['run', '--source', 'yelp', '--keywords', 'dentist', '--location', 'Leeds'], says: /--source "yelp" is not a source/ },
      { args: ['export'], says: /Say how to export with --format eml\|mbox\|csv\|imap/ },
    ];
    for (const c of cases) {
      const args = c.args.includes('<db>') ? c.args.map((a) => (a === '<db>' ? db : a)) : [...c.args, '--db', db];
      const r = await runHunter(args);
      expect(r.code, `${c.args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(c.says);
    }
    // Nothing was written, not even a second workspace.
    expect(statSync(db).mtimeMs).toBe(before);
    const list = JSON.parse((await runHunter(['workspaces', 'list', '--db', db, '--json'])).stdout) as Array<{ name: string }>;
    expect(list.map((w) => w.name)).toEqual(['Real']);
    // Help is an answer, not an error.
    const help = await runHunter(['drafts', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--status <status>');
    expect(existsSync(tmp.file('never.db'))).toBe(false);
  });
});
