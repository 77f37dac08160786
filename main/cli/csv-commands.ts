import { HunterError } from '../core/errors';
import { toCsvPreviewView } from '../ipc/views';
import { CSV_FIELDS, CSV_PRESETS, importOptions, previewCsv, type CsvField, type CsvImportOptions } from '../sources/csv';
import type { CsvPreviewView } from '../../preload/contract';
import { type Cli, need } from './context';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe ("|")' };

/**
 * `--preset ID` and `--map FIELD=HEADER` (repeatable; `FIELD=` leaves a detected column out) as import
 * options, refusing an unknown preset or field with the ones there are.
 */
export function csvImportFlags(cli: Cli): CsvImportOptions | undefined {
  const preset = cli.flags.preset as string | undefined;
  if (preset !== undefined && !(CSV_PRESETS as readonly string[]).includes(preset)) {
    throw new HunterError('INVALID_INPUT', `--preset "${preset}" is not an export The Hunter recognises. Choose one of: ${CSV_PRESETS.join(', ')}.`);
  }
  const mapping: Partial<Record<CsvField, string | null>> = {};
  for (const pair of (cli.flags.map as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    const field = eq === -1 ? '' : pair.slice(0, eq).trim();
    if (!field) {
      throw new HunterError('INVALID_INPUT', `--map "${pair}" is not FIELD=HEADER. Write it like --map name=Organisation (or --map website= to leave a column out).`);
    }
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new HunterError('INVALID_INPUT', `--map names the field "${field}", which does not exist. Fields: ${CSV_FIELDS.join(', ')}.`);
    }
    mapping[field as CsvField] = pair.slice(eq + 1);
  }
  return importOptions({ ...(preset ? { preset: preset as CsvImportOptions['preset'] } : {}), mapping });
}

/** `hunter csv-preview FILE [--preset ID] [--map FIELD=HEADER …] [--limit N]`: how a file will be imported, before a run. */
export async function csvPreviewCommand(cli: Cli): Promise<number> {
  const file = need(cli.args[0], 'a CSV file (FILE)');
  const limit = cli.flags.limit === undefined ? 20 : Number(cli.flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HunterError('INVALID_INPUT', '--limit must be a whole number of rows from 1 to 1000.');
  const view = toCsvPreviewView(file, await previewCsv(file, csvImportFlags(cli), limit));
  cli.print(view, () => previewText(view));
  return 0;
}

function previewText(v: CsvPreviewView): string {
  const lines = [
    `${v.path}: about ${v.total_rows_estimate} row${v.total_rows_estimate === 1 ? '' : 's'}, ${v.encoding}, ${DELIMITER_NAMES[v.delimiter] ?? JSON.stringify(v.delimiter)}-separated, read as a ${v.preset} export`,
    'Columns (field <- header):',
  ];
  const mapped = CSV_FIELDS.filter((f) => v.mapping[f] !== undefined);
  const width = Math.max(...mapped.map((f) => f.length), 4);
  for (const f of mapped) lines.push(`  ${f.padEnd(width)} <- ${JSON.stringify(v.mapping[f])}`);
  const used = new Set(Object.values(v.mapping));
  const unused = v.headers.filter((h) => !used.has(h));
  if (unused.length > 0) lines.push(`  ${'not used'.padEnd(width)}    ${unused.map((h) => JSON.stringify(h)).join(', ')}`);
  if (v.mapping.name === undefined) lines.push('No column is chosen as the company name: add --map name=HEADER with the column that holds it.');

  lines.push(v.rows.length === 0 ? 'No data rows.' : v.rows.length === 1 ? 'The first row:' : `The first ${v.rows.length} rows:`);
  let warned = 0;
  let failed = 0;
  for (const r of v.rows) {
    const at = `  row ${String(r.row).padEnd(5)}`;
    if (r.kind === 'error') {
      failed++;
      lines.push(`${at} error ${r.code}: ${r.message}`);
      continue;
    }
    lines.push(`${at} ${[r.name, r.website, r.phone, r.email, r.city, r.person].filter((x) => x !== null && x !== '').join(' | ')}`);
    if (r.warnings.length > 0) warned++;
    for (const w of r.warnings) lines.push(`  ${' '.repeat(9)} warning: ${w}`);
  }
  if (warned + failed > 0) lines.push(`${failed} row${failed === 1 ? '' : 's'} left out, ${warned} imported with a warning, of the ${v.rows.length} shown.`);
  lines.push(
    'Correct the reading with --map FIELD=HEADER (e.g. --map name="Organisation"; --map website= leaves a column out) ' +
      `or --preset ${CSV_PRESETS.join('|')}; "hunter run --csv FILE" takes the same options.`,
  );
  return lines.join('\n');
}
