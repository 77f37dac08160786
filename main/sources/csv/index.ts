/**
 * The CSV discovery source: a rep's exported list (Apollo, Sales Navigator, Google Sheets, a Maps
 * scraper, or any "Company,Website,Phone" file) read into leads with their facts.
 */
export { readCsvLeads, previewCsv, checkCsv, DEFAULT_MAX_CELL_CHARS, DEFAULT_MAX_ROW_CHARS } from './read-csv';
export { CONTACT_FIELDS, detectMapping, headerKey } from './columns';
export { ERROR_COLUMN, failedRowsCsv, type CsvFailedRow, type FailedRowsCsvOptions } from './failed-rows';
export { RAW_CELL_CHARS, RAW_CUT_MARKER, RAW_LIST_JSON_CHARS, RAW_MAX_ENTRIES, type CsvRawRow } from './raw-row';
export { importOptions, type CsvImportOptions } from './import-options';
export {
  CSV_DELIMITERS,
  CSV_FIELDS,
  CSV_PRESETS,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvErrorRecord,
  type CsvField,
  type CsvFormat,
  type CsvLeadRecord,
  type CsvMapping,
  type CsvMappingOverride,
  type CsvPresetId,
  type CsvPreview,
  type CsvReadOptions,
  type CsvRecord,
} from './types';
