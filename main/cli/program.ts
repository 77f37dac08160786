import { Command, CommanderError, Option } from 'commander';
import { COMMANDS, COMMON_OPTIONS, type ActionModule, type CommandDef } from './commands';
import { makeCli, reportError, UsageError, type Cli, type CommonOptions } from './io';

/** What an action module's functions look like: the CLI, the positional arguments, the command's options. */
export type Action = (cli: Cli, args: string[], opts: Record<string, unknown>) => Promise<number>;

const ACTIONS: Record<ActionModule, () => Promise<object>> = {
  runs: () => import('./actions/runs'),
  drafts: () => import('./actions/drafts'),
  leads: () => import('./actions/leads'),
  account: () => import('./actions/account'),
  export: () => import('./actions/export'),
  mail: () => import('./actions/mail'),
  compliance: () => import('./actions/compliance'),
  workspaces: () => import('./actions/workspaces'),
  sources: () => import('./actions/sources'),
  db: () => import('./actions/db'),
};

const INTRO = 'The Hunter: find businesses that fit, learn what is true about each, and write a first message per lead.';

/**
 * The parser, built from the command list: per-command options, help from the definitions, unknown options
 * refused. With `only`, just the commands under that first word (what a call of one command needs; the
 * whole list is for the overall help and for suggesting a command when the word names none).
 */
export function program(onExit: (code: number) => void, only?: string): Command {
  // Positional options: an option belongs to the command it follows, so "export undo FILE --json" is undo's.
  const root = new Command('hunter').description(INTRO).exitOverride().enablePositionalOptions().showHelpAfterError('(add --help for how it is used)').helpCommand(true);
  const groups = new Map<string, Command>();
  for (const def of only ? COMMANDS.filter((c) => c.path[0] === only) : COMMANDS) {
    let parent = root;
    for (const word of def.path.slice(0, -1)) {
      let g = groups.get(word);
      if (!g) {
        g = root.command(word).description(groupSummary(word)).exitOverride().enablePositionalOptions();
        groups.set(word, g);
      }
      parent = g;
    }
    // A group that is also a command itself ("export" and "export undo").
    const last = def.path[def.path.length - 1]!;
    const existing = def.path.length === 1 ? groups.get(last) : undefined;
    const cmd = existing ?? parent.command(last).exitOverride().enablePositionalOptions();
    if (def.path.length === 1) groups.set(last, cmd);
    cmd.description(def.summary);
    for (const a of def.args ?? []) cmd.argument(a);
    for (const o of [...(def.options ?? []), ...COMMON_OPTIONS]) {
      const opt = new Option(o.flags, o.description);
      if (o.repeat) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
      if (o.required) opt.makeOptionMandatory(true);
      cmd.addOption(opt);
    }
    cmd.action(async (...params: unknown[]) => onExit(await runAction(def, params)));
  }
  return root;
}

function groupSummary(word: string): string {
  return COMMANDS.filter((c) => c.path[0] === word && c.path.length > 1).map((c) => c.path[1]).join(', ');
}

async function runAction(def: CommandDef, params: unknown[]): Promise<number> {
  // commander passes the arguments, then the options, then the command.
  const command = params[params.length - 1] as Command;
  const opts = command.opts() as Record<string, unknown>;
  const args = params.slice(0, -2).flatMap((p) => (Array.isArray(p) ? p.map(String) : p === undefined ? [] : [String(p)]));
  const common: CommonOptions = { json: !!opts.json, ...(opts.db ? { db: String(opts.db) } : {}), ...(opts.workspace ? { workspace: String(opts.workspace) } : {}), ...(def.writes ? { writes: true } : {}) };
  const cli = makeCli(common);
  try {
    const mod = (await ACTIONS[def.action[0]]()) as Record<string, Action | undefined>;
    const fn = mod[def.action[1]];
    if (!fn) throw new Error(`no action ${def.action.join('.')}`);
    return await fn(cli, args, opts);
  } catch (err) {
    return reportError(err, !!common.json);
  }
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const first = argv[0];
  const root = program((c) => (code = c), first && COMMANDS.some((c) => c.path[0] === first) ? first : undefined);
  if (argv.length === 0) {
    process.stdout.write(root.helpInformation());
    return 2;
  }
  try {
    await root.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and the version are answers, not errors; every other refusal is a usage error (exit code 2).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      return 2;
    }
    return reportError(err instanceof Error ? err : new UsageError(String(err)), argv.includes('--json'));
  }
}
