import { writeFileSync } from 'node:fs';
import { parse as csvParse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { failedRowsCsv, previewCsv, RAW_CELL_CHARS, RAW_CUT_MARKER, type CsvErrorRecord, type CsvReadOptions } from '../../../../main/sources/csv';
import { collectRecords, errorsOf } from '../../../support/csv/records';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-csv-failed-');
afterAll(() => tmp.cleanup());

let files = 0;
function file(text: string): string {
  const path = tmp.file(`f${++files}.csv`);
  writeFileSync(path, text);
  return path;
}

/**
 * Every row of a file as the product's reader reads it, through the whole reader (encoding, delimiter,
 * line ends, quoting): the error column is mapped as the rating, which no error text is, so every row
 * comes back as an error carrying its cells as read.
 */
async function cellsAsRead(path: string, options: CsvReadOptions = {}): Promise<string[][]> {
  const records = await collectRecords(path, { ...options, mapping: { rating: 'error' } });
  const failed = errorsOf(records);
  expect(failed).toHaveLength(records.length);
  return [failed[0]!.raw.headers, ...failed.map((r) => r.raw.cells)];
}

function parsed(text: string, delimiter = ','): string[][] {
  return csvParse(text, { bom: true, delimiter, relax_column_count: true });
}

/** What the writer makes of a cell: an apostrophe before a formula, signed numbers left alone. */
function guarded(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^[+-][\d\s().,/-]*\d[\d\s().,/-]*$/.test(cell) ? `'${cell}` : cell;
}

const SOURCE = [
  'Company,Website,Phone,Rating,Notes',
  'Acme,acme.com,+49 30 1234567,great,"Line one\nline two"',
  '"Comma, Inc.",comma.example,-5,7,"He said ""hi"""',
  '=cmd|\' /C calc\'!A0,evil.example,+cmd|x,lots,@SUM(A1:A2)',
  '-2+3+cmd|\' /C calc\'!A0,,(030) 1234,bad,  leading and trailing  ',
  'Short Row,short.example',
  '"Broken" Quote Ltd,broken.example,030 9,4.5,x',
  ',nameless.example,030 8,4.0,',
  'Café Ümlaut 😀,umlaut.example,,9,"tab\tinside; semi"',
  'Fine GmbH,fine.example,030 7,4.9,ok',
].join('\r\n') + '\r\n';

async function failedOf(path: string, options: CsvReadOptions = {}): Promise<CsvErrorRecord[]> {
  return errorsOf(await collectRecords(path, options));
}

describe('failedRowsCsv: the failed rows written back for the rep to fix', () => {
  it('writes the error column first, then the original header and cells, and the product reader and csv-parse read the same cells back', async () => {
    const failed = await failedOf(file(SOURCE));
    expect(failed.map((r) => r.row)).toEqual([2, 4, 5, 6, 7, 8, 9, 10]);
    const text = failedRowsCsv(failed);
    const expected = [
      ['error', 'Company', 'Website', 'Phone', 'Rating', 'Notes'],
      ...failed.map((r) => [`${r.code}: ${r.message}`, ...r.raw.cells.map(guarded)]),
    ];
    const back = await cellsAsRead(file(text));
    expect(back).toEqual(expected);
    expect(parsed(text)).toEqual(expected);
    // The cells as written in the rep's file, quotes, line breaks and spaces included.
    expect(expected.slice(1).map((r) => r.slice(1))).toEqual([
      ['Acme', 'acme.com', '+49 30 1234567', 'great', 'Line one\nline two'],
      ['Comma, Inc.', 'comma.example', '-5', '7', 'He said "hi"'],
      ["'=cmd|' /C calc'!A0", 'evil.example', "'+cmd|x", 'lots', "'@SUM(A1:A2)"],
      ["'-2+3+cmd|' /C calc'!A0", '', '(030) 1234', 'bad', '  leading and trailing  '],
      ['Short Row', 'short.example'],
      ['"Broken" Quote Ltd', 'broken.example', '030 9', '4.5', 'x'],
      ['', 'nameless.example', '030 8', '4.0', ''],
      ['Café Ümlaut 😀', 'umlaut.example', '', '9', 'tab\tinside; semi'],
    ]);
  });

  it('follows RFC 4180: CRLF after each record, quotes only where needed, inner quotes doubled', () => {
    const text = failedRowsCsv([
      { code: 'CSV_ROW_INVALID', message: 'Row 2: the rating in column "Rating" is "great".', raw: { row: 2, headers: ['Company', 'Rating'], cells: ['Acme, Inc.', 'great'] } },
      { code: 'CSV_ROW_INVALID', message: 'Row 3 has 1 column', raw: { row: 3, headers: ['Company', 'Rating'], cells: ['Two\nlines'] } },
    ]);
    expect(text).toBe(
      'error,Company,Rating\r\n' +
        '"CSV_ROW_INVALID: Row 2: the rating in column ""Rating"" is ""great"".","Acme, Inc.",great\r\n' +
        'CSV_ROW_INVALID: Row 3 has 1 column,"Two\nlines"\r\n',
    );
  });

  it('guards what a spreadsheet would run as a formula, and leaves signed numbers and phone numbers alone', () => {
    const cells = ['=1+1', '+cmd', '-cmd', '@A1', '\t=1', '\r=1', '+49 (30) 123-45', '-5', '-1,5', "'=already text", 'a=b', ''];
    const text = failedRowsCsv([{ code: 'CSV_ROW_INVALID', message: 'm', raw: { row: 2, headers: cells.map((_, i) => `c${i}`), cells } }]);
    expect(parsed(text)[1]!.slice(1)).toEqual(["'=1+1", "'+cmd", "'-cmd", "'@A1", "'\t=1", "'\r=1", '+49 (30) 123-45', '-5', '-1,5', "'=already text", 'a=b', '']);
  });

  it('re-imports once fixed: the rep corrects the cells, the guard apostrophes are not part of the values', async () => {
    const failed = await failedOf(file(SOURCE));
    const fixed = failedRowsCsv(failed.filter((r) => r.row === 5 || r.row === 6))
      .replace(',lots,', ',4.5,')
      .replace(',bad,', ',3.9,');
    const records = await collectRecords(file(fixed));
    expect(records.map((r) => (r.kind === 'lead' ? [r.lead.name, r.lead.phone ?? null, r.lead.rating] : r.message))).toEqual([
      ["=cmd|' /C calc'!A0", null, 4.5],
      ["-2+3+cmd|' /C calc'!A0", '(030) 1234', 3.9],
    ]);
    // "+cmd|x" is no number, so it is not stored; its warning quotes it as read, without the guard.
    const phoneCells = records.flatMap((r) => (r.kind === 'lead' ? r.warnings : [])).map((w) => /the phone "([^"]*)"/.exec(w)?.[1]);
    expect(phoneCells).toEqual(['+cmd|x']);
  });

  it('replaces its own error column when a file it wrote fails again, instead of adding a second one', async () => {
    const first = failedRowsCsv(await failedOf(file(SOURCE)));
    const again = await failedOf(file(first));
    const second = failedRowsCsv(again);
    const rows = parsed(second);
    expect(rows[0]).toEqual(['error', 'Company', 'Website', 'Phone', 'Rating', 'Notes']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(again.map((r) => `${r.code}: ${r.message}`));
    // Written with its quotes doubled, the broken row reads well now: it is imported, the others fail again.
    const stillFailing = parsed(first).slice(1).filter((r) => r[1] !== '"Broken" Quote Ltd');
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual(stillFailing.map((r) => r.slice(1)));
  });

  it('writes the file’s own delimiter and a byte-order mark when asked, and both readers still agree', async () => {
    const failed = await failedOf(file(SOURCE.replace(/,/g, ';').replace('"Comma; Inc."', '"Comma, Inc."')));
    const text = failedRowsCsv(failed, { delimiter: ';', bom: true });
    expect(text.startsWith('\uFEFFerror;Company;')).toBe(true);
    const path = file(text);
    const preview = await previewCsv(path);
    expect([preview.encoding, preview.delimiter]).toEqual(['utf-8-bom', ';']);
    expect(await cellsAsRead(path)).toEqual(parsed(text, ';'));
  });

  it('writes a cell cut in the record with its marker, as both readers read it', async () => {
    const long = 'n'.repeat(3000);
    const failed = await failedOf(file(`Company,Phone,Rating,Notes\nAcme,030 1,great,${long}\n`));
    const text = failedRowsCsv(failed);
    const rows = parsed(text);
    expect(rows[1]!.slice(1)).toEqual(['Acme', '030 1', 'great', 'n'.repeat(RAW_CELL_CHARS) + RAW_CUT_MARKER]);
    // Read back, the cut cell is over the limit again: the record keeps its start, with the marker.
    const back = await cellsAsRead(file(text));
    expect(back[1]!.slice(0, 4)).toEqual(rows[1]!.slice(0, 4));
    expect(back[1]![4]).toBe('n'.repeat(RAW_CELL_CHARS) + RAW_CUT_MARKER);
  });

  it('refuses no rows, and rows from files with different headers, with a coded error', () => {
    const row = (headers: string[]) => ({ code: 'CSV_ROW_INVALID', message: 'm', raw: { row: 2, headers, cells: ['x'] } });
    expect(() => failedRowsCsv([])).toThrow(HunterError);
    expect(() => failedRowsCsv([])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => failedRowsCsv([row(['Company']), row(['Firma'])])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('a CSV of its own') }));
  });
});
