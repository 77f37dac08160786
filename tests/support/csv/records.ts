/** Reading a CSV through the product's reader for tests: every record, and picking rows out of them. */
import { readCsvLeads, type CsvErrorRecord, type CsvLeadRecord, type CsvReadOptions, type CsvRecord } from '../../../main/sources/csv';

export async function collectRecords(source: string | Buffer, options: CsvReadOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvLeads(source, options)) out.push(r);
  return out;
}

export function leadAt(records: readonly CsvRecord[], row: number): CsvLeadRecord {
  const r = records.find((x) => x.row === row);
  if (r?.kind !== 'lead') throw new Error(`row ${row} is not a lead: ${r ? r.message : 'no such row'}`);
  return r;
}

export function errorAt(records: readonly CsvRecord[], row: number): CsvErrorRecord {
  const r = records.find((x) => x.row === row);
  if (r?.kind !== 'error') throw new Error(`row ${row} is not an error`);
  return r;
}

export function errorsOf(records: readonly CsvRecord[]): CsvErrorRecord[] {
  return records.filter((r): r is CsvErrorRecord => r.kind === 'error');
}
