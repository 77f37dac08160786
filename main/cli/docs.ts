import { readFileSync, writeFileSync } from 'node:fs';
import { commandTable } from './commands';

/**
 * `npm run docs:cli`: writes the README's table of commands from the command list, between its markers.
 * A test checks the README against the list, so the two cannot drift.
 */
export const TABLE_START = '<!-- commands: made by npm run docs:cli from main/cli/commands.ts -->';
export const TABLE_END = '<!-- /commands -->';

export function withTable(readme: string): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} markers`);
  return `${readme.slice(0, a + TABLE_START.length)}\n${commandTable()}\n${readme.slice(b)}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const file = new URL('../../README.md', import.meta.url);
  writeFileSync(file, withTable(readFileSync(file, 'utf8')));
}
