import type { CountryCode } from 'libphonenumber-js';
import type { FactInput, LeadInput } from '../../core/domain';

/** The encodings a rep's CSV exports come in. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The delimiters looked for; Excel in much of Europe writes ';', some tools tab or '|'. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The exports whose headers are recognised. */
export const CSV_PRESETS = ['generic', 'apollo', 'linkedin_sales_navigator', 'google_sheets', 'google_maps_scraper'] as const;
export type CsvPresetId = (typeof CSV_PRESETS)[number];

/** What a column can mean. `name` is the company (the lead); person columns describe a contact there. */
export const CSV_FIELDS = [
  'name',
  'website',
  'phone',
  'email',
  'address',
  'street',
  'postal_code',
  'state',
  'city',
  'country',
  'category',
  'rating',
  'review_count',
  'first_name',
  'last_name',
  'full_name',
  'title',
  'linkedin',
  'company_linkedin',
  'place_id',
  'employees',
] as const;
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
}

export interface CsvErrorRecord {
  kind: 'error';
  row: number;
  code: 'CSV_ROW_INVALID';
  /** Names the row, the field and what to do. */
  message: string;
}

export type CsvRecord = CsvLeadRecord | CsvErrorRecord;

export interface CsvPreview extends CsvFormat {
  sample: CsvRecord[];
  /** Data rows in the whole file: exact when the file is small, else estimated from the first part. */
  total_rows_estimate: number;
}
