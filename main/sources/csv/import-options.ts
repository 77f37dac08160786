import { CSV_FIELDS, type CsvField, type CsvMappingOverride, type CsvPresetId } from './types';

/**
 * What the rep chose in the import preview (or with --preset / --map): one export's column names, and
 * per field the header that feeds it (null: leave the detected column out). A run keeps it with its
 * input, so a resume reads the file the same way.
 */
export interface CsvImportOptions {
  preset?: CsvPresetId;
  mapping?: CsvMappingOverride;
}

/**
 * A request's choice as import options: a blank header means "not used", and a choice that changes
 * nothing is undefined (the file is read as detected). Only known fields are taken.
 */
export function importOptions(
  choice: { preset?: CsvPresetId | undefined; mapping?: Partial<Record<CsvField, string | null | undefined>> | undefined } | null | undefined,
): CsvImportOptions | undefined {
  if (!choice) return undefined;
  const out: CsvImportOptions = {};
  if (choice.preset) out.preset = choice.preset;
  if (choice.mapping) {
    const mapping: CsvMappingOverride = {};
    for (const field of CSV_FIELDS) {
      const header = Object.hasOwn(choice.mapping, field) ? choice.mapping[field] : undefined;
      if (header === undefined) continue;
      mapping[field] = header === null || header.trim() === '' ? null : header;
    }
    if (Object.keys(mapping).length > 0) out.mapping = mapping;
  }
  return out.preset || out.mapping ? out : undefined;
}
