import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CSV_PRESET_IDS, EXPORT_FORMATS, type CsvPresetId, type ExportFormat } from '../../export/types';
import type { Action } from '../program';
import { UsageError } from '../io';
import { accountOptions } from './mail';

/**
 * Approved drafts to the rep's mail client. IMAP goes to the account in the options, else the saved one;
 * its password comes from HUNTER_IMAP_PASSWORD, never a flag (flags end up in shell history).
 */
export const run: Action = async (cli, _args, opts) => {
  if (opts.format === undefined) throw new UsageError(`Say how to export with --format ${EXPORT_FORMATS.join('|')}.`);
  const format = String(opts.format);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
  const account = accountOptions(opts);
  if (account && format !== 'imap') throw new UsageError(`The mail account options are for --format imap; a ${format} export writes files (--out DIR).`);
  if (format !== 'imap' && !opts.out) throw new UsageError(`A ${format} export needs --out DIR (the folder the files go to).`);
  const preset = opts.preset === undefined ? undefined : String(opts.preset);
  if (preset !== undefined && (format !== 'csv' || !(CSV_PRESET_IDS as readonly string[]).includes(preset))) throw new UsageError(`--preset is for --format csv: one of ${CSV_PRESET_IDS.join(', ')}.`);
  return cli.withApp(['exports'], async (_app, s) => {
    const summary = await s.exports.export(cli.ctx(s), {
      format: format as ExportFormat, imap: account ?? 'saved', out_dir: opts.out ? resolve(String(opts.out)) : undefined, html: !!opts.html, bom: !!opts.bom,
      ...(preset ? { csv_preset: preset as CsvPresetId } : {}),
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
  return cli.withApp(['exports'], async (_app, s) => {
    const r = await s.exports.undo(cli.ctx(s), summary);
    cli.print(r, () => `Undone: ${r.restored} draft(s) back to approved, ${r.removed_files} file(s) removed.`);
    return 0;
  });
};

export const mailto: Action = async (cli, args) =>
  cli.withApp(['exports'], async (_app, s) => {
    const r = await s.exports.mailto(cli.ctx(s), args[0]!);
    cli.print(r, () => r.url);
    return 0;
  });
