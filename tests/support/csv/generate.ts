/**
 * CSV test data: files in each encoding (written with iconv-lite, as the tools that export them would),
 * large generated files streamed to disk so the generator itself stays small in memory.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

export type TestEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-nobom' | 'utf-16be' | 'utf-16be-nobom' | 'windows-1252';

/** One CSV line: cells with the delimiter, a quote or a line break are quoted, inner quotes doubled. */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells
    .map((c) => (c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c))
    .join(delimiter);
}

export function csvText(rows: readonly (readonly string[])[], delimiter = ',', eol = '\r\n'): string {
  return rows.map((r) => csvLine(r, delimiter)).join(eol) + eol;
}

/** The bytes a tool would write for this text in this encoding. */
export function encodeText(text: string, encoding: TestEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return iconv.encode(text, 'utf16le', { addBOM: true });
    case 'utf-16le-nobom':
      return iconv.encode(text, 'utf16le');
    case 'utf-16be':
      return iconv.encode(text, 'utf16be', { addBOM: true });
    case 'utf-16be-nobom':
      return iconv.encode(text, 'utf16be');
    case 'windows-1252':
      return iconv.encode(text, 'windows1252');
  }
}

export async function makeTempDir(prefix = 'hunter-csv-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `parts()` to a file piece by piece; the whole file is never in memory. */
export async function streamToFile(path: string, parts: () => Iterable<string | Buffer>): Promise<number> {
  const handle = await open(path, 'w');
  let bytes = 0;
  try {
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const buf = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
      await handle.write(buf);
      bytes += buf.length;
    };
    for (const part of parts()) {
      if (typeof part === 'string') {
        pending.push(part);
        pendingLength += part.length;
        if (pendingLength >= 1 << 20) await flush();
      } else {
        await flush();
        await handle.write(part);
        bytes += part.length;
      }
    }
    await flush();
  } finally {
    await handle.close();
  }
  return bytes;
}

export const SIMPLE_HEADER = ['Company', 'Website', 'Phone', 'City', 'Category', 'Email', 'First Name', 'Last Name', 'Title', 'Country'];

/** Row i of the simple 10-column file; every value is predictable from i. */
export function simpleRow(i: number): string[] {
  return [
    `Company ${i} GmbH`,
    `www.company${i}.de`,
    `+49 30 ${String(1000000 + (i % 8999999)).padStart(7, '0')}`,
    i % 2 === 0 ? 'Berlin' : 'Munich',
    i % 3 === 0 ? 'Dentist' : 'Bakery',
    `info@company${i}.de`,
    `Anna${i}`,
    'Schmidt',
    'Owner',
    'Germany',
  ];
}

/** A simple 10-column export of `rows` data rows (header first), streamed to `path`. */
export function writeSimpleCsv(path: string, rows: number): Promise<number> {
  return streamToFile(path, function* () {
    yield csvLine(SIMPLE_HEADER) + '\r\n';
    for (let i = 1; i <= rows; i++) yield csvLine(simpleRow(i)) + '\r\n';
  });
}

/**
 * A file with one enormous quoted cell (`cellBytes` of text, line breaks and doubled quotes inside) in
 * the row after `rowsBefore` good rows, then `rowsAfter` good rows. Returns the huge row's line number.
 */
export async function writeHugeCellCsv(path: string, options: { cellBytes: number; rowsBefore: number; rowsAfter: number }): Promise<number> {
  const piece = 'Lorem ipsum "dolor" sit amet, consectetur;\nadipiscing elit. '.replace(/"/g, '""');
  const pieceText = piece.replace(/""/g, '"');
  const repeats = Math.ceil(options.cellBytes / pieceText.length);
  const hugeLine = 1 + options.rowsBefore + 1;
  await streamToFile(path, function* () {
    yield csvLine(SIMPLE_HEADER) + '\n';
    for (let i = 1; i <= options.rowsBefore; i++) yield csvLine(simpleRow(i)) + '\n';
    yield 'Huge Cell Ltd,www.huge.example.com,+44 20 7946 0000,"';
    const block = piece.repeat(1000);
    for (let r = 0; r < repeats; r += 1000) yield r + 1000 <= repeats ? block : piece.repeat(repeats - r);
    yield '",Dentist,info@huge.example.com,Hugh,Large,Owner,UK\n';
    for (let i = 1; i <= options.rowsAfter; i++) yield csvLine(simpleRow(options.rowsBefore + i)) + '\n';
  });
  return hugeLine;
}
