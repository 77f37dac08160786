import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvLeads, type CsvRecord } from '../../../../main/sources/csv';
import { sampleRetainedHeap } from '../../../support/csv/memory';
import { csvLine, makeTempDir, SIMPLE_HEADER, simpleRow, streamToFile, writeHugeCellCsv, writeSimpleCsv } from '../../../support/csv/generate';

const MB = 1024 * 1024;

/**
 * Reads every record, keeping only counts and the errors; or, to show that the measure sees held memory,
 * keeps the first `keep` records and stops there.
 */
async function drain(source: string | Buffer, options: Parameters<typeof readCsvLeads>[1] = {}, { keep = 0, sampleEveryMs = 250 } = {}) {
  const kept: CsvRecord[] = [];
  let leads = 0;
  let lastRow = 0;
  let ordered = true;
  const errors: Extract<CsvRecord, { kind: 'error' }>[] = [];
  const sampler = sampleRetainedHeap(sampleEveryMs);
  const started = performance.now();
  for await (const r of readCsvLeads(source, options)) {
    if (r.row <= lastRow) ordered = false;
    lastRow = r.row;
    if (r.kind === 'lead') leads++;
    else errors.push(r);
    if (keep > 0) {
      kept.push(r);
      if (kept.length === keep) break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const retainedMb = sampler.stop();
  return { leads, errors, ordered, seconds, retainedMb, kept: kept.length, samples: sampler.samples };
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await tmp.remove();
});

describe('large files', () => {
  it('reads 100 000 rows streaming, with memory bounded', async () => {
    const path = join(tmp.dir, '100k.csv');
    const bytes = await writeSimpleCsv(path, 100_000);
    const run = await drain(path, { defaultCountry: 'DE' });
    expect(run.leads).toBe(100_000);
    expect(run.errors).toEqual([]);
    expect(run.ordered).toBe(true);
    // The reader holds a chunk and a row at a time, whatever the file's length.
    expect(run.retainedMb).toBeLessThan(16);
    console.log(
      `csv: 100 000 rows × 10 columns (${(bytes / MB).toFixed(1)} MB) in ${run.seconds.toFixed(2)} s = ` +
        `${Math.round(100_000 / run.seconds)} rows/s (goal ≥ 50 000); heap held at most ${run.retainedMb.toFixed(1)} MB`,
    );
    // The measure does see memory that is held: keeping 40 000 records shows up at once.
    const keeping = await drain(path, { defaultCountry: 'DE' }, { keep: 40_000 });
    expect(keeping.kept).toBe(40_000);
    console.log(`csv: control, keeping 40 000 records: heap held ${keeping.retainedMb.toFixed(1)} MB`);
    expect(keeping.retainedMb).toBeGreaterThan(3 * run.retainedMb + 32);
  });

  it('reports a 50 MB cell as an error on its row, reads the other rows, and never holds the cell', async () => {
    const path = join(tmp.dir, 'huge-cell.csv');
    const hugeLine = await writeHugeCellCsv(path, { cellBytes: 50 * MB, rowsBefore: 20, rowsAfter: 30 });
    const run = await drain(path, {}, { sampleEveryMs: 40 });
    // The sampler ran while the file was read (how often depends on the machine's speed).
    expect(run.samples).toBeGreaterThan(0);
    expect(run.leads).toBe(50);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.row).toBe(hugeLine);
    expect(run.errors[0]!.message).toMatch(/^Row 22: column 4 \("City"\) holds 50\.0 MB of text, more than the 64 KB a cell may hold, so the row was left out/);
    // Held as a string, the cell alone would be 50 MB.
    expect(run.retainedMb).toBeLessThan(16);
    console.log(`csv: 50 MB cell read in ${run.seconds.toFixed(2)} s; heap held at most ${run.retainedMb.toFixed(1)} MB (${run.samples} samples)`);
  });

  it('reads on after a stray quote that swallows more than a row may hold, by reading the file again from the next line', async () => {
    const path = join(tmp.dir, 'stray-quote.csv');
    await streamToFile(path, function* () {
      yield csvLine(SIMPLE_HEADER) + '\n';
      yield csvLine(simpleRow(1)) + '\n';
      yield 'Broken "Quote Ltd,"www.broken.example,+1 555 0100,Austin,Bakery,a@b.com,Al,Bo,Owner,USA\n';
      for (let i = 2; i <= 3000; i++) yield csvLine(simpleRow(i)) + '\n';
    });
    // The quote opens the Website cell and runs to the end of the file: 3000 rows, far over a 20 000-character row.
    const run = await drain(path, { maxCellChars: 5_000, maxRowChars: 20_000 });
    expect(run.errors.map((e) => e.row)).toEqual([3]);
    expect(run.errors[0]!.message).toMatch(/^Row 3: the quote that opens column 2 \("Website"\) is never closed/);
    expect(run.leads).toBe(3000);
    expect(run.ordered).toBe(true);
  });
});
