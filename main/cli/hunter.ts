import { parseArgs } from 'node:util';
import { auditCommand, creditsCommand } from './account-commands';
import { type Cli, makeCli, reportError, UsageError } from './context';
import { csvPreviewCommand } from './csv-commands';
import { draftsCommand } from './draft-commands';
import { exportCommand } from './export-commands';
import { gmapsParseCommand, inspectCommand } from './source-commands';
import { demoCommand, resumeCommand, runCommand } from './run-commands';

const HELP = `The Hunter: find businesses that fit, learn what is true about each, and write a first message per lead.

Usage: hunter COMMAND [options]

  demo                         run the bundled sample workspace end to end (no keys, no network)
  run --csv FILE [--agent FILE] [--offline] [--preset ID] [--map FIELD=HEADER …]
                               find, score, enrich and draft for the leads in FILE
                               (--offline: read websites only from the page cache;
                               --preset, --map: correct how FILE is read, as in csv-preview)
  csv-preview FILE [--preset ID] [--map FIELD=HEADER …] [--limit N]
                               how FILE will be imported: encoding, delimiter, export preset,
                               which column feeds which field, the first rows with their
                               errors and warnings (--map name=Organisation corrects a column,
                               --map website= leaves one out)
  resume [EXECUTION_ID]        finish an execution that was paused, stopped or killed
  drafts list [--status S] [--limit N] [--execution ID]
  drafts show ID | approve ID… | reject ID… | edit ID (--body TEXT | --file FILE) [--subject S]
  credits [--grant N]          balance, this month's use, alerts
  inspect FILE_OR_URL [--url U]  every fact one web page yields, with its method (--url: a saved file's address)
  gmaps-parse FILE             a saved Google Maps place page or payload, as the normalised place
  audit verify | export [--out FILE]
  export --format eml|mbox|csv --out DIR [--html] [--ids A,B]
  export --format imap --host H [--port 993] --user U   (password from HUNTER_IMAP_PASSWORD)
  export undo SUMMARY.json | export mailto DRAFT_ID

Options for every command:
  --json            print one JSON object (for scripts)
  --db FILE         the database (default: the app's own data file)
  --workspace NAME  the workspace (default: the first one)
`;

type Command = (cli: Cli) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  demo: demoCommand,
  run: runCommand,
  'csv-preview': csvPreviewCommand,
  resume: resumeCommand,
  drafts: draftsCommand,
  credits: creditsCommand,
  audit: auditCommand,
  export: exportCommand,
  inspect: inspectCommand,
  'gmaps-parse': gmapsParseCommand,
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        workspace: { type: 'string' },
        csv: { type: 'string' },
        agent: { type: 'string' },
        preset: { type: 'string' },
        map: { type: 'string', multiple: true },
        mode: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
        execution: { type: 'string' },
        body: { type: 'string' },
        file: { type: 'string' },
        subject: { type: 'string' },
        grant: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        user: { type: 'string' },
        ids: { type: 'string' },
        html: { type: 'boolean' },
        plaintext: { type: 'boolean' },
        offline: { type: 'boolean' },
        url: { type: 'string' },
        action: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return reportError(new UsageError((err as Error).message), false);
  }
  const [name, ...args] = parsed.positionals;
  if (!name || name === 'help' || parsed.values.help) {
    process.stdout.write(HELP);
    return name || parsed.values.help ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) return reportError(new UsageError(`unknown command "${name}"`), false);
  const cli = makeCli(args, { ...parsed.values, json: !!parsed.values.json, db: parsed.values.db, workspace: parsed.values.workspace });
  try {
    return await command(cli);
  } catch (err) {
    return reportError(err, cli.flags.json);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportError(err, false);
  },
);
