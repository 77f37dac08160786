import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { previewCsv, readCsvLeads, type CsvRecord } from '../../../../main/sources/csv';
import { csvText, encodeText, makeTempDir, streamToFile, type TestEncoding } from '../../../support/csv/generate';

const NAMES = ['Café Müller', 'Zahnarztpraxis Dr. Böhm', 'Señor Niño Tapas', '€uro Shop “Deluxe”', 'Øresund Bageri'];
const TEXT = csvText([['Company', 'City', 'Phone'], ...NAMES.map((n, i) => [n, i % 2 ? 'München' : 'Köln', `+49 221 55500${i}`])]);

async function collect(source: string | Buffer): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvLeads(source)) out.push(r);
  return out;
}

function leadNames(records: CsvRecord[]): string[] {
  return records.flatMap((r) => (r.kind === 'lead' ? [r.lead.name] : []));
}

async function expectUnreadable(source: string | Buffer, pattern: RegExp): Promise<void> {
  const err = await collect(source).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HunterError);
  expect((err as HunterError).code).toBe('CSV_UNREADABLE');
  expect((err as HunterError).message).toMatch(pattern);
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await tmp.remove();
});

describe('encoding detection', () => {
  const cases: [TestEncoding, string][] = [
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8-bom'],
    ['utf-16le', 'utf-16le'],
    ['utf-16le-nobom', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
    ['utf-16be-nobom', 'utf-16be'],
    ['windows-1252', 'windows-1252'],
  ];
  for (const [written, detected] of cases) {
    it(`reads a file written as ${written} and reports ${detected}`, async () => {
      const path = join(tmp.dir, `names-${written}.csv`);
      await writeFile(path, encodeText(TEXT, written));
      const preview = await previewCsv(path);
      expect(preview.encoding).toBe(detected);
      expect(preview.headers).toEqual(['Company', 'City', 'Phone']);
      expect(preview.mapping.name).toBe('Company');
      const records = await collect(path);
      expect(leadNames(records)).toEqual(NAMES);
      expect(records.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
      const first = records[0]!;
      expect(first.kind === 'lead' && first.lead.city).toBe('Köln');
    });
  }

  it('keeps characters whole when they straddle read chunks', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => [`Bäckerei Ü${i} – 東京 🍞`, 'Zürich']);
    for (const enc of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      const path = join(tmp.dir, `chunks-${enc}.csv`);
      await writeFile(path, encodeText(csvText([['Company', 'City'], ...rows]), enc));
      const names = leadNames(await collect(path));
      expect(names).toHaveLength(6000);
      expect(names.every((n, i) => n === `Bäckerei Ü${i} – 東京 🍞`)).toBe(true);
    }
  });

  it('reads a line in Windows-1252 that appears after a long plain-ASCII start as Windows-1252', async () => {
    const path = join(tmp.dir, 'late-1252.csv');
    await streamToFile(path, function* () {
      yield 'Company,City\n';
      for (let i = 0; i < 5000; i++) yield `Plain Company ${i},Berlin\n`;
      yield encodeText('Gärtnerei Schön,Köln\n', 'windows-1252');
      yield 'Last Company,Bonn\n';
    });
    const preview = await previewCsv(path);
    expect(preview.encoding).toBe('utf-8');
    const records = await collect(path);
    const late = records.find((r) => r.row === 5002);
    expect(late?.kind === 'lead' && [late.lead.name, late.lead.city]).toEqual(['Gärtnerei Schön', 'Köln']);
    expect(leadNames(records).at(-1)).toBe('Last Company');
  });

  it('honours an encoding the rep chose over detection', async () => {
    const bytes = encodeText(TEXT, 'windows-1252');
    const records: CsvRecord[] = [];
    for await (const r of readCsvLeads(bytes, { encoding: 'windows-1252', delimiter: ',' })) records.push(r);
    expect(leadNames(records)).toEqual(NAMES);
  });
});

describe('files that cannot be read', () => {
  it('refuses a missing file, naming it', async () => {
    await expectUnreadable(join(tmp.dir, 'nope.csv'), /There is no file at ".*nope\.csv"\. Check the path/);
  });

  it('refuses a folder', async () => {
    const dir = join(tmp.dir, 'a-folder.csv');
    await mkdir(dir, { recursive: true });
    await expectUnreadable(dir, /is a folder, not a file/);
  });

  it('refuses an empty file and one holding only blank space', async () => {
    const empty = join(tmp.dir, 'empty.csv');
    await writeFile(empty, '');
    await expectUnreadable(empty, /is empty \(0 bytes\)/);
    await expectUnreadable(Buffer.from('\ufeff \r\n\r\n  \n', 'utf8'), /holds no text/);
  });

  it('refuses binary files with what to do', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00]);
    await expectUnreadable(png, /binary file.*save it as "CSV UTF-8"/);
    await expectUnreadable(Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), /Excel workbook or ZIP archive/);
    await expectUnreadable(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), /PDF document/);
  });

  it('refuses a file whose header row is unreadable', async () => {
    const err = await collect(Buffer.from('"Company" Name,City\nAcme,Berlin\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('INVALID_INPUT');
    expect((err as HunterError).message).toMatch(/header row .*line 1/);
  });
});
