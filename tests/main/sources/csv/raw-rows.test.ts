import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecipeRuntime } from '../../../../main/engine/types';
import { csvSource } from '../../../../main/recipes/discovery/csv-source';
import type { SourceRecord } from '../../../../main/recipes/discovery';
import { RAW_CELL_CHARS, RAW_CUT_MARKER, RAW_LIST_JSON_CHARS, RAW_MAX_ENTRIES, type CsvRawRow } from '../../../../main/sources/csv';
import { boundList } from '../../../../main/sources/csv/raw-row';
import { encodeText, SIMPLE_HEADER, writeHugeCellCsv } from '../../../support/csv/generate';
import { sampleRetainedHeap } from '../../../support/csv/memory';
import { collectRecords, errorAt, errorsOf } from '../../../support/csv/records';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-csv-raw-');
afterAll(() => tmp.cleanup());

const MB = 1024 * 1024;
/** The most a raw record takes as JSON: two bounded lists, the row number and the keys. */
const RAW_JSON_BOUND = 2 * RAW_LIST_JSON_CHARS + 64;

function file(name: string, content: string | Buffer): string {
  const path = tmp.file(name);
  writeFileSync(path, content);
  return path;
}

function rawOf(records: Awaited<ReturnType<typeof collectRecords>>, row: number): CsvRawRow {
  return errorAt(records, row).raw;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('a failed row keeps the row as it was read', () => {
  const text = [
    '"  Company  Name ",City,Rating,Phone',
    'Acme,Berlin,4.5,030 1',
    '" Beta\u0007 ",  Hamburg ,great,040 2',
    'Gamma,Köln',
    '"Delta" GmbH,Bonn,4.0,0228 4',
    'Eps,"Essen, Ruhr",N/A,"0201\n5"',
    'Zeta,"Kiel,4.0,0431 6',
    'Eta,Ulm,4.1,0731 7',
  ].join('\r\n') + '\r\n';

  it('with its line, the header cells and its own cells, decoded but not cleaned', async () => {
    // UTF-16 as Excel's "Unicode text" writes it: what is kept is the text, not the bytes.
    const records = await collectRecords(file('raw.csv', encodeText(text, 'utf-16le')));
    expect(records.map((r) => `${r.row}${r.kind === 'lead' ? '' : '!'}`)).toEqual(['2', '3!', '4!', '5!', '6', '8!', '9']);
    const headers = ['  Company  Name ', 'City', 'Rating', 'Phone'];
    expect(rawOf(records, 3)).toEqual({ row: 3, headers, cells: [' Beta\u0007 ', '  Hamburg ', 'great', '040 2'] });
    expect(rawOf(records, 4)).toEqual({ row: 4, headers, cells: ['Gamma', 'Köln'] });
  });

  it('for broken quoting, as the line was written: split at delimiters outside a quote that closes on the line, quotes kept', async () => {
    const records = await collectRecords(file('raw-quotes.csv', text));
    expect(rawOf(records, 5).cells).toEqual(['"Delta" GmbH', 'Bonn', '4.0', '0228 4']);
    // The quote runs over the rows below: it is a stray one, text like the rest.
    expect(rawOf(records, 8).cells).toEqual(['Zeta', '"Kiel', '4.0', '0431 6']);
    expect(errorAt(records, 8).message).toMatch(/^Row 8: the quote that opens column 2 \("City"\) is never closed/);
  });

  it('for a stray quote that swallowed more than a row may hold: the cells before it, and the start of the quoted one, cut', async () => {
    const path = file('raw-swallowed.csv', 'Company,Website,Phone\nAcme,"acme.com,030 1\n' + 'Row,row.example,030 2\n'.repeat(200));
    const records = await collectRecords(path, { maxCellChars: 100, maxRowChars: 200 });
    expect(errorsOf(records).map((r) => r.row)).toEqual([2]);
    const cells = rawOf(records, 2).cells;
    expect(cells).toHaveLength(2);
    expect(cells[0]).toBe('Acme');
    expect(cells[1]).toMatch(/^"acme\.com,030 1\nRow,row\.example,030 2\n/);
    expect(cells[1]!.endsWith(RAW_CUT_MARKER)).toBe(true);
    expect(records.filter((r) => r.kind === 'lead')).toHaveLength(200);
  });

  it('is what the CSV discovery source hands on with the error', async () => {
    const path = file('raw-source.csv', text);
    const out: SourceRecord[] = [];
    for await (const r of csvSource(path).records(undefined as unknown as RecipeRuntime)) out.push(r);
    const failed = out.filter((r) => r.kind === 'error');
    expect(failed.map((r) => r.ref)).toEqual(['row 3', 'row 4', 'row 5', 'row 8']);
    expect(failed[1]).toEqual({
      kind: 'error',
      ref: 'row 4',
      code: 'CSV_ROW_INVALID',
      message: expect.stringMatching(/^Row 4 has 2 columns/),
      raw: { row: 4, headers: ['  Company  Name ', 'City', 'Rating', 'Phone'], cells: ['Gamma', 'Köln'] },
    });
  });
});

describe('the record of a failed row is bounded', () => {
  it('keeps the start of a 50 MB cell with the marker, its other cells whole, and never holds the cell', async () => {
    const path = tmp.file('huge.csv');
    const hugeLine = await writeHugeCellCsv(path, { cellBytes: 50 * MB, rowsBefore: 2, rowsAfter: 2 });
    const sampler = sampleRetainedHeap(40);
    const records = await collectRecords(path);
    const heldMb = sampler.stop();
    const [failed] = errorsOf(records);
    expect(failed?.row).toBe(hugeLine);
    const raw = failed!.raw;
    expect(raw.headers).toEqual(SIMPLE_HEADER);
    expect(raw.cells).toHaveLength(SIMPLE_HEADER.length);
    expect(raw.cells.filter((_, i) => i !== 3)).toEqual(['Huge Cell Ltd', 'www.huge.example.com', '+44 20 7946 0000', 'Dentist', 'info@huge.example.com', 'Hugh', 'Large', 'Owner', 'UK']);
    expect(raw.cells[3]).toMatch(/^Lorem ipsum "dolor" sit amet, consectetur;\nadipiscing elit\. Lorem/);
    expect(raw.cells[3]!.endsWith(RAW_CUT_MARKER)).toBe(true);
    expect(raw.cells[3]!.length).toBe(RAW_CELL_CHARS + RAW_CUT_MARKER.length);
    expect(JSON.stringify(raw).length).toBeLessThanOrEqual(RAW_JSON_BOUND);
    expect(records.filter((r) => r.kind === 'lead')).toHaveLength(4);
    expect(heldMb).toBeLessThan(16);
  });

  it('cuts the cells of a row over the row limit, keeping the mapped ones before the others', async () => {
    const notes = (c: string) => c.repeat(3000);
    const path = file('long-row.csv', `Notes 1,Notes 2,Company,Notes 3,Website,Notes 4,Notes 5,Notes 6\n${notes('a')},${notes('b')},Acme GmbH,${notes('c')},acme.de,${notes('d')},${notes('e')},${notes('f')}\nBeta,,Beta AG,,beta.de,,,\n`);
    const records = await collectRecords(path, { maxCellChars: 5000, maxRowChars: 12_000 });
    expect(errorAt(records, 2).message).toMatch(/^Row 2 holds 18 KB of text, more than the 12 KB a row may hold/);
    const raw = rawOf(records, 2);
    expect(raw.cells).toHaveLength(8);
    expect([raw.cells[2], raw.cells[4]]).toEqual(['Acme GmbH', 'acme.de']);
    const letters: Record<number, string> = { 0: 'a', 1: 'b', 3: 'c', 5: 'd', 6: 'e', 7: 'f' };
    for (const [i, letter] of Object.entries(letters)) {
      const kept = raw.cells[Number(i)]!;
      expect(kept.endsWith(RAW_CUT_MARKER)).toBe(true);
      expect(kept.slice(0, -RAW_CUT_MARKER.length)).toBe(letter.repeat(kept.length - RAW_CUT_MARKER.length));
    }
    // The budget went to the mapped cells and the first notes; the last notes keep only the marker.
    expect(raw.cells[7]).toBe(RAW_CUT_MARKER);
    expect(JSON.stringify(raw.cells).length).toBeLessThanOrEqual(RAW_LIST_JSON_CHARS);
    expect(records.at(-1)).toMatchObject({ kind: 'lead', lead: { name: 'Beta AG' } });
  });

  it('keeps at most RAW_MAX_ENTRIES columns of a very wide row, the last one the marker', async () => {
    const headers = ['Company', 'Phone', 'Rating', ...Array.from({ length: 5000 }, (_, i) => `x${i}`)];
    const row = ['Acme', '030 1', 'great', ...Array.from({ length: 5000 }, (_, i) => `v${i}`)];
    const records = await collectRecords(file('wide.csv', `${headers.join(',')}\n${row.join(',')}\n`));
    const raw = rawOf(records, 2);
    for (const list of [raw.headers, raw.cells]) {
      expect(list).toHaveLength(RAW_MAX_ENTRIES);
      expect(list.at(-1)).toBe(RAW_CUT_MARKER);
      expect(JSON.stringify(list).length).toBeLessThanOrEqual(RAW_LIST_JSON_CHARS);
    }
    expect(raw.headers.slice(0, 3)).toEqual(['Company', 'Phone', 'Rating']);
    expect(raw.cells.slice(0, 3)).toEqual(['Acme', '030 1', 'great']);
  });

  it('counts escapes in the bound (quotes, backslashes, controls), and never cuts a character in half', async () => {
    const quotes = '"'.repeat(900);
    const emoji = '😀'.repeat(1500);
    // Few controls: a file full of them is refused as binary before any row is read.
    const ctrl = '\\'.repeat(900) + '\u0001'.repeat(10);
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const path = file('escapes.csv', `Company,Phone,Rating,A,B,C\nAcme,030 1,great,${cell(quotes)},${emoji},${ctrl}\n`);
    const raw = rawOf(await collectRecords(path), 2);
    expect(JSON.stringify(raw.cells).length).toBeLessThanOrEqual(RAW_LIST_JSON_CHARS);
    expect(raw.cells.slice(0, 3)).toEqual(['Acme', '030 1', 'great']);
    for (const c of raw.cells) expect(LONE_SURROGATE.test(c)).toBe(false);
    expect(raw.cells[4]!.endsWith(RAW_CUT_MARKER)).toBe(true);
    expect(emoji.startsWith(raw.cells[4]!.slice(0, -RAW_CUT_MARKER.length))).toBe(true);
  });

  it('keeps every list within its bound, mapped entries first, each cut entry a start of the original plus the marker', () => {
    // A fixed seed: the same lists every run.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'é', '"', '\\', '\n', '\u0002', '😀', ' ', ',', '\ud800'];
    const text = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const size = Math.floor(random() * (round % 10 === 0 ? 900 : 40));
      const list = Array.from({ length: size }, () => (random() < 0.3 ? '' : text(Math.floor(random() * (random() < 0.1 ? 3000 : 60)))));
      const first = Array.from({ length: 3 }, () => Math.floor(random() * Math.max(1, size)));
      const out = boundList(list, first);
      expect(JSON.stringify(out).length).toBeLessThanOrEqual(RAW_LIST_JSON_CHARS);
      expect(out.length).toBe(Math.min(size, RAW_MAX_ENTRIES));
      out.forEach((v, i) => {
        if (i === RAW_MAX_ENTRIES - 1 && size > RAW_MAX_ENTRIES) return expect(v).toBe(RAW_CUT_MARKER);
        const original = list[i]!;
        if (v === original) return;
        expect(v.endsWith(RAW_CUT_MARKER)).toBe(true);
        expect(original.startsWith(v.slice(0, -RAW_CUT_MARKER.length))).toBe(true);
      });
      // A mapped entry short enough is never cut for an unmapped one.
      for (const i of first) if (i < out.length && list[i]!.length <= 40 && size <= 40) expect(out[i]).toBe(list[i]);
    }
  });
});
