import { HunterError } from '../../core/errors';
import { FORMULA_START } from './normalise';
import type { CsvRawRow } from './raw-row';
import type { CsvDelimiter } from './types';

/** A row an import left out: its error, and the row as it was read. */
export interface CsvFailedRow {
  code: string;
  message: string;
  raw: CsvRawRow;
}

export interface FailedRowsCsvOptions {
  /** Default ','. The file's own delimiter may be passed: Excel in much of Europe opens ';' files directly. */
  delimiter?: CsvDelimiter | undefined;
  /** Start with a byte-order mark (U+FEFF), which Excel needs to open a UTF-8 file as UTF-8. Default false. */
  bom?: boolean | undefined;
}

/** The column the failed rows' errors are written to. */
export const ERROR_COLUMN = 'error';

/**
 * The failed rows of one file as CSV text the rep can fix and import again: the error column (code and
 * message), then the file's own columns with each row's cells as read. The error comes first so that it
 * is the first thing seen in a spreadsheet, and so that a row with more or fewer cells than the header
 * keeps every cell without pushing the error under another column. A file written here that fails again
 * is written with its error column replaced, not a second one added.
 *
 * RFC 4180: CRLF after every record, a field in double quotes when it holds the delimiter, a quote or a
 * line break, a quote inside doubled. A field a spreadsheet would run as a formula (it starts with
 * = + - @, a tab or a carriage return: OWASP's list for CSV injection, e.g. "=cmd|' /C calc'!A0") gets
 * an apostrophe in front, as Google Sheets and Excel show text that must not be evaluated; the reader
 * here drops that apostrophe again on import. A number or phone number written with its sign ("+49 30
 * 1234567", "-5") is left alone: a spreadsheet can only do arithmetic with it, and the apostrophe would
 * spoil it for the tools that show it.
 *
 * Throws INVALID_INPUT for no rows, or rows from files with different headers (one CSV per file).
 */
export function failedRowsCsv(rows: readonly CsvFailedRow[], options: FailedRowsCsvOptions = {}): string {
  const first = rows[0];
  if (!first) throw new HunterError('INVALID_INPUT', 'There are no failed rows to write.');
  const headers = first.raw.headers;
  for (const r of rows) {
    if (r.raw.headers.length !== headers.length || r.raw.headers.some((h, i) => h !== headers[i])) {
      throw new HunterError('INVALID_INPUT', `Row ${r.raw.row} comes from a file with other columns than row ${first.raw.row}: write the failed rows of each file to a CSV of its own.`);
    }
  }
  const delimiter = options.delimiter ?? ',';
  const again = headers[0]?.trim().toLowerCase() === ERROR_COLUMN;
  const line = (fields: readonly string[]) => fields.map((f) => field(f, delimiter)).join(delimiter) + '\r\n';
  let out = options.bom ? '\uFEFF' : '';
  out += line(again ? headers : [ERROR_COLUMN, ...headers]);
  for (const r of rows) out += line([`${r.code}: ${r.message}`, ...(again ? r.raw.cells.slice(1) : r.raw.cells)]);
  return out;
}

const SIGNED_NUMBER = /^[+-][\d\s().,/-]*\d[\d\s().,/-]*$/;

function field(value: string, delimiter: string): string {
  const v = FORMULA_START.test(value) && !SIGNED_NUMBER.test(value) ? `'${value}` : value;
  return v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.replace(/"/g, '""')}"` : v;
}
