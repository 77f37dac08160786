import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HunterError } from '../core/errors';
import { EXPORT_FORMATS, exportDrafts, mailtoForDraft, undoExport } from '../export';
import { type Cli, need, UsageError } from './context';

/**
 * `hunter export --format eml|mbox|csv|imap --out DIR`: approved drafts to the rep's mail client.
 * IMAP takes --host --port --user and the password from HUNTER_IMAP_PASSWORD (never a flag: flags end
 * up in shell history). `hunter export undo SUMMARY.json` takes a file export back.
 */
export async function exportCommand(cli: Cli): Promise<number> {
  const app = cli.openApp();
  try {
    const store = app.workspace(cli.flags.workspace);
    const [sub, arg] = cli.args;
    if (sub === 'undo') {
      const file = need(arg, 'the summary file written by the export (--json output)');
      const summary = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const r = await undoExport(store, summary, { type: 'cli', id: 'hunter' });
      cli.print(r, () => `Undone: ${r.restored} draft(s) back to approved, ${r.removed_files} file(s) removed.`);
      return 0;
    }
    if (sub === 'mailto') {
      const url = mailtoForDraft(store, need(arg, 'the draft id'));
      cli.print({ url }, () => url);
      return 0;
    }
    if (sub) throw new UsageError(`export takes --format …, "undo SUMMARY.json" or "mailto ID", not "${sub}"`);
    const format = need(cli.flags.format as string | undefined, '--format eml|mbox|csv|imap');
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    let imap;
    if (format === 'imap') {
      const password = process.env.HUNTER_IMAP_PASSWORD;
      if (!password) throw new HunterError('AUTHENTICATION_FAILED', 'Set the mailbox password (an app password) in HUNTER_IMAP_PASSWORD.');
      const port = Number(cli.flags.port ?? 993);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError('--port takes a port number');
      imap = { host: need(cli.flags.host as string | undefined, '--host'), port, secure: port === 993, user: need(cli.flags.user as string | undefined, '--user'), password, allowPlaintext: !!cli.flags.plaintext };
    }
    const outDir = format === 'imap' ? undefined : resolve(need(cli.flags.out as string | undefined, '--out DIR'));
    const summary = await exportDrafts(store, {
      format: format as (typeof EXPORT_FORMATS)[number], outDir, imap, html: !!cli.flags.html, actor: { type: 'cli', id: 'hunter' },
      ...(cli.flags.ids ? { ids: String(cli.flags.ids).split(',') } : {}),
    });
    cli.print(summary, () =>
      [
        `Exported ${summary.exported} draft(s) as ${format}${summary.location ? ` to ${summary.location}` : ''}.`,
        ...summary.skipped.map((s) => `  skipped ${s.id}: ${s.reason}`),
        summary.undoable ? 'To take it back: hunter export undo SUMMARY.json (save this output with --json).' : '',
      ].filter(Boolean).join('\n'),
    );
    return 0;
  } finally {
    app.close();
  }
}
