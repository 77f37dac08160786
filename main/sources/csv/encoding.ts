import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { HunterError } from '../../core/errors';
import type { CsvEncoding } from './types';

export interface DetectedEncoding {
  encoding: CsvEncoding;
  /** Bytes of byte-order mark at the start of the file, skipped before decoding. */
  bomBytes: number;
}

const SAVE_AS_CSV = 'Open it in Excel or Google Sheets and save it as "CSV UTF-8", then import that file.';

/**
 * Reads the encoding from the first bytes of a file. Excel writes UTF-8 with a BOM or UTF-16 LE
 * ("Unicode text"), older Windows tools Windows-1252; a byte-order mark wins, then the NUL pattern of
 * UTF-16, then whether the bytes are valid UTF-8.
 */
export function detectEncoding(sample: Buffer, label: string, sampleIsWholeFile: boolean): DetectedEncoding {
  const bom = bomOf(sample);
  if (bom) return bom;
  refuseKnownBinary(sample, label);
  const utf16 = utf16ByNulPattern(sample);
  if (utf16) return { encoding: utf16, bomBytes: 0 };
  refuseBinary(sample, label);
  const complete = sampleIsWholeFile ? sample : withoutPartialUtf8Tail(sample);
  return { encoding: isUtf8(complete) ? 'utf-8' : 'windows-1252', bomBytes: 0 };
}

/** The byte-order mark at the start, if any; used also when the rep forces an encoding. */
export function bomOf(sample: Buffer): DetectedEncoding | null {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8-bom', bomBytes: 3 };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  return null;
}

function refuseKnownBinary(sample: Buffer, label: string): void {
  const starts = (...bytes: number[]) => bytes.every((b, i) => sample[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    throw new HunterError('CSV_UNREADABLE', `${label} is an Excel workbook or ZIP archive, not a CSV file. ${SAVE_AS_CSV}`);
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new HunterError('CSV_UNREADABLE', `${label} is an old Excel (.xls) workbook, not a CSV file. ${SAVE_AS_CSV}`);
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    throw new HunterError('CSV_UNREADABLE', `${label} is a PDF document, not a CSV file. Export the list as CSV from the tool it came from.`);
  }
}

/** UTF-16 without a BOM shows as text with a NUL in every other byte (for Latin text). */
function utf16ByNulPattern(sample: Buffer): CsvEncoding | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Many NULs or control bytes mean an image, archive or database file renamed to .csv; a stray one is just dirt. */
function refuseBinary(sample: Buffer, label: string): void {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > Math.max(2, sample.length * 0.01)) {
    throw new HunterError('CSV_UNREADABLE', `${label} is a binary file, not text (${control} control or NUL bytes in its first ${sample.length} bytes). ${SAVE_AS_CSV}`);
  }
}

/** A sample cut mid-character must not count as invalid UTF-8. */
export function withoutPartialUtf8Tail(buf: Buffer): Buffer {
  const end = buf.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const b = buf[end - back]!;
    if (b < 0x80) return buf;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return back < need ? buf.subarray(0, end - back) : buf;
    }
  }
  return buf;
}

export interface TextDecoderStream {
  write(bytes: Buffer): string;
  end(): string;
}

/** A chunk-by-chunk decoder for the detected encoding; characters split across chunks come out whole. */
export function createDecoder(encoding: CsvEncoding): TextDecoderStream {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return new Utf8WithFallbackDecoder();
    case 'utf-16le':
    case 'utf-16be':
    case 'windows-1252': {
      const d = iconv.getDecoder(encoding === 'windows-1252' ? 'windows1252' : encoding, { stripBOM: false });
      return { write: (bytes) => d.write(bytes), end: () => d.end() ?? '' };
    }
  }
}

/**
 * UTF-8, except that a line which is not valid UTF-8 is read as Windows-1252: files pasted together
 * from two tools, or a Windows-1252 file whose first part happens to be plain ASCII, still read right.
 */
class Utf8WithFallbackDecoder implements TextDecoderStream {
  private tail: Buffer | null = null;
  /** Lines decoded as Windows-1252 so far, for the curious (tests). */
  fallbackLines = 0;

  write(bytes: Buffer): string {
    const all = this.tail ? Buffer.concat([this.tail, bytes]) : bytes;
    const whole = withoutPartialUtf8Tail(all);
    this.tail = whole.length < all.length ? Buffer.from(all.subarray(whole.length)) : null;
    return this.decode(whole);
  }

  end(): string {
    const rest = this.tail;
    this.tail = null;
    return rest ? this.decode(rest) : '';
  }

  private decode(bytes: Buffer): string {
    if (isUtf8(bytes)) return bytes.toString('utf8');
    let out = '';
    let start = 0;
    while (start < bytes.length) {
      const nl = bytes.indexOf(0x0a, start);
      const end = nl === -1 ? bytes.length : nl + 1;
      const line = bytes.subarray(start, end);
      if (isUtf8(line)) out += line.toString('utf8');
      else {
        this.fallbackLines++;
        out += iconv.decode(line, 'windows1252');
      }
      start = end;
    }
    return out;
  }
}
