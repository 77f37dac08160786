import { isSupportedCountry } from 'libphonenumber-js';
import * as z from 'zod';
import { HunterError } from '../../core/errors';
import { applyOverride, detectMapping, missingCompanyColumn, missingContactColumn } from './columns';
import { detectDelimiter } from './delimiter';
import { createDecoder, detectEncoding, type DetectedEncoding } from './encoding';
import { openCsvInput, type CsvInput } from './input';
import { boundList } from './raw-row';
import { rowToRecord, type RowContext } from './row-to-lead';
import { CsvTokenizer, type RawRow, type TokenizerLimits } from './tokenizer';
import {
  CSV_DELIMITERS,
  CSV_FIELDS,
  CSV_PRESETS,
  type CsvDelimiter,
  type CsvFormat,
  type CsvPreview,
  type CsvReadOptions,
  type CsvRecord,
} from './types';

export const DEFAULT_MAX_CELL_CHARS = 64 * 1024;
export const DEFAULT_MAX_ROW_CHARS = 1024 * 1024;

const OptionsSchema = z.object({
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  preset: z.enum(CSV_PRESETS).optional(),
  mapping: z.partialRecord(z.enum(CSV_FIELDS), z.string().min(1).nullable()).optional(),
  maxCellChars: z.number().int().positive().optional(),
  maxRowChars: z.number().int().positive().optional(),
  defaultCountry: z.string().refine(isSupportedCountry, 'not a country code like "DE" or "US"').optional(),
  observedAt: z.iso.datetime({ offset: true }).optional(),
});

/** Everything decided before the first row: where the bytes are and how they are read. */
interface Prepared {
  input: CsvInput;
  encoding: DetectedEncoding;
  delimiter: CsvDelimiter;
  /** The decoded start of the file. */
  sampleText: string;
  limits: TokenizerLimits;
  /** The line the header is looked for from: 2 when Excel's "sep=;" line comes first. */
  firstLine: number;
}

async function prepare(source: string | Buffer, options: CsvReadOptions): Promise<Prepared> {
  const checked = OptionsSchema.safeParse({ ...options, onFormat: undefined });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new HunterError('INVALID_INPUT', `CSV import option "${issue.path.join('.')}": ${issue.message}.`);
  }
  const input = await openCsvInput(source);
  const encoding: DetectedEncoding = options.encoding
    ? { encoding: options.encoding, bomBytes: 0 }
    : detectEncoding(input.sample, input.label, input.sampleIsWholeFile);
  const decoder = createDecoder(encoding.encoding);
  let sampleText = decoder.write(input.sample.subarray(encoding.bomBytes));
  if (input.sampleIsWholeFile) sampleText += decoder.end();
  sampleText = sampleText.replace(/^\uFEFF/, '');
  if (input.sampleIsWholeFile && sampleText.trim() === '') {
    throw new HunterError('CSV_UNREADABLE', `${input.label} holds no text, only blank space. Export the list again and import the new file.`);
  }
  // Excel reads (and some tools write) a first line "sep=;" that names the delimiter.
  const sep = /^sep=([,;\t|])[ \t]*(?:\r\n|\r|\n)/i.exec(sampleText);
  const delimiter = options.delimiter ?? (sep?.[1] as CsvDelimiter | undefined) ?? detectDelimiter(sampleText, input.sampleIsWholeFile);
  const limits = {
    maxCellChars: options.maxCellChars ?? DEFAULT_MAX_CELL_CHARS,
    maxRowChars: Math.max(options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS, options.maxCellChars ?? 0),
  };
  return { input, encoding, delimiter, sampleText, limits, firstLine: sep ? 2 : 1 };
}

/** The file's text from the start, with every line end made '\n' (Excel on Windows writes CRLF, old Macs CR). */
async function* textOf(p: Prepared): AsyncGenerator<string> {
  const decoder = createDecoder(p.encoding.encoding);
  let first = true;
  let pendingCR = false;
  const normalise = (text: string): string => {
    let t = pendingCR ? '\r' + text : text;
    pendingCR = false;
    if (first && t.length > 0) {
      first = false;
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    }
    if (t.indexOf('\r') === -1) return t;
    if (t.endsWith('\r')) {
      pendingCR = true;
      t = t.slice(0, -1);
    }
    return t.replace(/\r\n?/g, '\n');
  };
  for await (const chunk of p.input.chunks(p.encoding.bomBytes)) {
    const t = normalise(decoder.write(chunk));
    if (t) yield t;
  }
  const rest = normalise(decoder.end());
  if (rest) yield rest;
  if (pendingCR) yield '\n';
}

/**
 * Reads leads from a CSV file (a path) or bytes, streaming: each data row becomes a lead with its facts,
 * or a coded error naming the row, the field and what to do, with the row as read; good rows go on
 * after bad ones. Throws HunterError CSV_UNREADABLE (missing, empty, binary) or INVALID_INPUT (no
 * company column, a bad option) before the first record.
 *
 * A file with no website, phone, e-mail or address column is refused by `checkCsv`, which the CLI and
 * the app call before a run exists. Here, inside a run, it is read: a run made before that rule, when
 * resumed, reads its file as it did when it started.
 */
export async function* readCsvLeads(source: string | Buffer, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  yield* readPrepared(await prepare(source, options), options, 'run');
}

/**
 * `run`: refuse before the first row a file with no company column. `preview`: read a file a run would
 * be refused (no company column, no way to reach the business) anyway, every row an error that says
 * which column to choose, and tell `onRefusal` why, so the rep can choose the column there.
 */
type ReadMode = 'run' | 'preview';

interface ReadHooks {
  onRefusal?: (refusal: HunterError) => void;
}

async function* readPrepared(p: Prepared, options: CsvReadOptions, mode: ReadMode, hooks: ReadHooks = {}): AsyncGenerator<CsvRecord> {
  const observedAt = options.observedAt ?? new Date().toISOString();
  let ctx: RowContext | null = null;
  let startAtLine = p.firstLine;
  const rows: RawRow[] = [];

  const takeHeader = (raw: RawRow): RowContext | null => {
    if (raw.problem) {
      throw new HunterError(
        'INVALID_INPUT',
        `The header row of ${p.input.label} (line ${raw.line}) cannot be read (${raw.problem.kind.replace(/_/g, ' ')}). ` +
          'The first row must name the columns, e.g. Company,Website,Phone. Fix it and import again.',
      );
    }
    if (raw.cells.every((c) => c.trim() === '')) return null;
    const headers = raw.cells.map((h) => h.replace(/\s+/g, ' ').trim());
    let detected = detectMapping(headers, options.preset);
    if (options.mapping) detected = applyOverride(detected, headers, options.mapping, p.input.label);
    const noCompany = missingCompanyColumn(detected, headers, p.input.label);
    const noContact = missingContactColumn(detected, headers, p.input.label);
    if (mode === 'run' && noCompany) throw noCompany;
    const refusal = noCompany ?? noContact;
    if (mode === 'preview' && refusal) hooks.onRefusal?.(refusal);
    const format: CsvFormat = {
      encoding: p.encoding.encoding,
      delimiter: p.delimiter,
      preset: detected.preset,
      mapping: detected.mapping,
      headers,
    };
    options.onFormat?.(format);
    const mappedColumns = Object.values(detected.columns);
    return {
      headers,
      columns: detected.columns,
      delimiter: p.delimiter,
      defaultCountry: options.defaultCountry,
      observedAt,
      fileUrl: p.input.fileUrl,
      limits: p.limits,
      rawHeaders: boundList(raw.cells, mappedColumns),
      mappedColumns,
      contactMissing: mode === 'preview' && noContact !== null,
    };
  };

  for (;;) {
    const tokenizer = new CsvTokenizer(p.delimiter, p.limits, { startAtLine });
    let ended = false;
    const texts = textOf(p);
    try {
      while (tokenizer.restartAt === null) {
        const next = await texts.next();
        if (next.done) {
          tokenizer.end(rows);
          ended = true;
        } else {
          tokenizer.push(next.value, rows);
        }
        for (let i = 0; i < rows.length; i++) {
          const raw = rows[i]!;
          if (ctx === null) {
            ctx = takeHeader(raw);
            continue;
          }
          const record = rowToRecord(raw, ctx);
          if (record) yield record;
        }
        rows.length = 0;
        if (ended) break;
      }
    } finally {
      await texts.return(undefined);
    }
    if (tokenizer.restartAt === null) break;
    // A broken row too large to keep in memory: read the file again, from the line after it.
    startAtLine = tokenizer.restartAt;
  }
  if (ctx === null) {
    throw new HunterError('CSV_UNREADABLE', `${p.input.label} has no header row and no data. Export the list again (with its column names) and import the new file.`);
  }
}

/** Rows after the header: counted when the whole file was sampled, else scaled from the sample by size. */
function estimateDataRows(p: Prepared): number {
  const tokenizer = new CsvTokenizer(p.delimiter, p.limits, { startAtLine: p.firstLine });
  const rows: RawRow[] = [];
  tokenizer.push(p.sampleText.replace(/\r\n?/g, '\n'), rows);
  if (p.input.sampleIsWholeFile) tokenizer.end(rows);
  const counted = rows.filter((r) => r.problem !== undefined || r.cells.some((c) => c.trim() !== '')).length;
  if (p.input.sampleIsWholeFile || counted === 0) return Math.max(0, counted - 1);
  const sampleBytes = p.input.sample.length - p.encoding.bomBytes;
  return Math.max(counted - 1, Math.round((counted * (p.input.size - p.encoding.bomBytes)) / sampleBytes) - 1);
}

/**
 * The import preview: how the file will be read (encoding, delimiter, export preset, column mapping),
 * the first `rows` records as they will be imported, and how many rows the file holds. A file a run
 * would refuse (no company column; no website, phone, e-mail or address column) is previewed with that
 * refusal and its rows as errors saying which column to choose, so the rep can correct the mapping
 * there; `checkCsv` refuses it, as `readCsvLeads` does a file with no company column.
 */
export async function previewCsv(source: string | Buffer, options: CsvReadOptions = {}, rows = 20): Promise<CsvPreview> {
  return previewPrepared(await prepare(source, options), options, rows);
}

/**
 * How a file will be read and how many rows it holds, refusing (with the same coded errors) what a
 * run would refuse: a bad option, a mapping to a column the file lacks, no company column, no way to
 * reach the business. For the cost estimate and before a run starts, so a wrong mapping is refused up
 * front, not mid-run.
 */
export async function checkCsv(source: string | Buffer, options: CsvReadOptions = {}): Promise<CsvFormat & { total_rows_estimate: number }> {
  const { sample, refusal, ...rest } = await previewPrepared(await prepare(source, options), options, 0);
  void sample;
  if (refusal) throw new HunterError(refusal.code, refusal.message);
  return rest;
}

async function previewPrepared(p: Prepared, options: CsvReadOptions, rows: number): Promise<CsvPreview> {
  let format: CsvFormat | null = null;
  let refusal: HunterError | null = null;
  const sample: CsvRecord[] = [];
  const records = readPrepared(
    p,
    {
      ...options,
      onFormat: (f) => {
        format = f;
        options.onFormat?.(f);
      },
    },
    'preview',
    { onRefusal: (r) => (refusal = r) },
  );
  if (rows > 0) {
    for await (const record of records) {
      sample.push(record);
      if (sample.length >= rows) break;
    }
  } else {
    // Read up to the header only, for the format.
    await records.next();
    await records.return(undefined);
  }
  const found = format as CsvFormat | null;
  if (found === null) {
    throw new HunterError('CSV_UNREADABLE', `${p.input.label} has no header row. Export the list again (with its column names) and import the new file.`);
  }
  const refused = refusal as HunterError | null;
  return { ...found, sample, total_rows_estimate: estimateDataRows(p), refusal: refused ? { code: refused.code, message: refused.message } : null };
}
