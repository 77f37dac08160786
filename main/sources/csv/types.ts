import type { CountryCode } from 'libphonenumber-js';
import type { FactInput, LeadInput } from '../../core/domain';
import type { ErrorCode } from '../../core/errors';
import type { CsvRawRow } from './raw-row';
import { CSV_FIELDS, CSV_PRESETS } from '../../core/vocabulary';

/** The encodings a rep's CSV exports come in. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The delimiters looked for; Excel in much of Europe writes ';', some tools tab or '|'. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

// The presets and fields are part of the IPC contract: the import preview lets the rep pick among them.
export { CSV_FIELDS, CSV_PRESETS };
export type CsvPresetId = (typeof CSV_PRESETS)[number];
export type CsvField = (typeof CSV_FIELDS)[number];

/** Which header (as written in the file) feeds each field. */
export type CsvMapping = Partial<Record<CsvField, string>>;

/** A rep's correction: field → header name (matched loosely), or null to ignore a detected column. */
export type CsvMappingOverride = Partial<Record<CsvField, string | null>>;

export interface CsvReadOptions {
  /** Skip detection: read the file in this encoding. */
  encoding?: CsvEncoding | undefined;
  /** Skip detection: split on this delimiter. */
  delimiter?: CsvDelimiter | undefined;
  /** Skip detection: use this export's column names. */
  preset?: CsvPresetId | undefined;
  /** Corrections on top of the detected mapping. */
  mapping?: CsvMappingOverride | undefined;
  /** A cell longer than this (characters) makes its row an error. Default 65 536. */
  maxCellChars?: number | undefined;
  /** A row longer than this (characters) is an error. Default 1 048 576. */
  maxRowChars?: number | undefined;
  /** Country for phone numbers written without a +code, when the row names no country. */
  defaultCountry?: CountryCode | undefined;
  /** The time facts are stamped with (one import, one time). Default: when reading starts. */
  observedAt?: string | undefined;
  /** Told once, before the first record, how the file is being read. */
  onFormat?: ((format: CsvFormat) => void) | undefined;
}

/** How a file is read: shown to the rep in the import preview and in the CLI. */
export interface CsvFormat {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  preset: CsvPresetId;
  mapping: CsvMapping;
  headers: string[];
}

export interface CsvLeadRecord {
  kind: 'lead';
  /** 1-based line in the file where the row starts. */
  row: number;
  lead: LeadInput;
  facts: FactInput[];
  /**
   * What was read but could not be used (a website that is not a web address, an e-mail cell with no
   * address): the lead is imported without it. Each names the row, the column, the value and the fix.
   */
  warnings: string[];
}

export interface CsvErrorRecord {
  kind: 'error';
  row: number;
  code: 'CSV_ROW_INVALID';
  /** Names the row, the field and what to do. */
  message: string;
  /** The row as it was read, bounded, so it can be listed and written back for the rep to fix. */
  raw: CsvRawRow;
}

export type CsvRecord = CsvLeadRecord | CsvErrorRecord;

export interface CsvPreview extends CsvFormat {
  sample: CsvRecord[];
  /** Data rows in the whole file: exact when the file is small, else estimated from the first part. */
  total_rows_estimate: number;
  /**
   * Why a run would refuse the file as mapped (no company column, no way to reach the business): the
   * error `checkCsv` throws, so the app can say it before the rep presses Run. Null when a run would
   * read it.
   */
  refusal: { code: ErrorCode; message: string } | null;
}
