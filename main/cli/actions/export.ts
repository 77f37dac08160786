import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat, type ImapTarget } from '../../export/types';
import { HunterError } from '../../core/errors';
import type { Action } from '../hunter';
import { int, UsageError } from '../io';

/** Approved drafts to the rep's mail client. The IMAP password comes from HUNTER_IMAP_PASSWORD, never a flag (flags end up in shell history). */
export const run: Action = async (cli, _args, opts) => {
  if (opts.format === undefined) throw new UsageError(`Say how to export with --format ${EXPORT_FORMATS.join('|')}.`);
  const format = String(opts.format);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
  let imap: ImapTarget | undefined;
  if (format === 'imap') {
    const password = process.env.HUNTER_IMAP_PASSWORD;
    if (!password) throw new HunterError('AUTHENTICATION_FAILED', 'Set the mailbox password (or app password) in HUNTER_IMAP_PASSWORD.');
    if (!opts.host || !opts.user) throw new UsageError('An IMAP export needs --host and --user.');
    const port = int(opts.port as string | undefined, '--port', 1, 65_535) ?? 993;
    imap = { host: String(opts.host), port, secure: port === 993, user: String(opts.user), password, allowPlaintext: !!opts.plaintext };
  } else if (!opts.out) {
    throw new UsageError(`A ${format} export needs --out DIR (the folder the files go to).`);
  }
  return cli.withApp(async (_app, s) => {
    const summary = await s.exports.export(cli.ctx(s), {
      format: format as ExportFormat, imap, out_dir: opts.out ? resolve(String(opts.out)) : undefined, html: !!opts.html,
      ...(opts.ids ? { ids: String(opts.ids).split(',').map((x) => x.trim()).filter(Boolean) } : {}),
    });
    cli.print(summary, () =>
      [
        `Exported ${summary.exported} draft(s) as ${format}${summary.location ? ` to ${summary.location}` : ''}.`,
        ...summary.skipped.map((x) => `  skipped ${x.id}: ${x.reason}`),
        summary.undoable ? 'To take it back: hunter export undo SUMMARY.json (save this output with --json).' : '',
      ].filter(Boolean).join('\n'),
    );
    return 0;
  });
};

export const undo: Action = async (cli, args) => {
  let summary: unknown;
  try {
    summary = JSON.parse(readFileSync(args[0]!, 'utf8'));
  } catch (err) {
    throw new UsageError(`Cannot read the export summary ${args[0]}: ${(err as Error).message}`);
  }
  return cli.withApp(async (_app, s) => {
    const r = await s.exports.undo(cli.ctx(s), summary);
    cli.print(r, () => `Undone: ${r.restored} draft(s) back to approved, ${r.removed_files} file(s) removed.`);
    return 0;
  });
};

export const mailto: Action = async (cli, args) =>
  cli.withApp(async (_app, s) => {
    const r = await s.exports.mailto(cli.ctx(s), args[0]!);
    cli.print(r, () => r.url);
    return 0;
  });
