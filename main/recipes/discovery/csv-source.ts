import { readCsvLeads } from '../../sources/csv';
import type { CsvImportOptions } from '../../sources/csv/import-options';
import type { DiscoverySource } from './index';

/**
 * The CSV file a rep imports, as a discovery source, read with the preset and column mapping the rep
 * chose in the import preview. Bad rows come out as coded errors carrying the row as read; good rows go on.
 */
export function csvSource(file: string, options: CsvImportOptions = {}): DiscoverySource {
  return {
    id: 'csv',
    async *records() {
      for await (const r of readCsvLeads(file, options)) {
        if (r.kind === 'error') yield { kind: 'error', ref: `row ${r.row}`, code: r.code, message: r.message, raw: r.raw };
        else yield { kind: 'lead', lead: r.lead, facts: r.facts };
      }
    },
  };
}
