import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HunterError } from '../../core/errors';

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** A CSV to read: a file on disk, or bytes already in memory (tests, drag-and-drop). */
export interface CsvInput {
  /** How messages name it. */
  label: string;
  /** file:// URL of the file, for the source of each fact; null for bytes in memory. */
  fileUrl: string | null;
  size: number;
  /** The first bytes, for detecting the encoding, delimiter and header. */
  sample: Buffer;
  sampleIsWholeFile: boolean;
  /** The bytes from `start` on, chunk by chunk; read again from the start when a broken row needs it. */
  chunks(start: number): AsyncIterable<Buffer>;
}

export async function openCsvInput(source: string | Buffer): Promise<CsvInput> {
  if (Buffer.isBuffer(source)) {
    if (source.length === 0) throw new HunterError('CSV_UNREADABLE', 'The CSV data is empty. Export the list again and import the new file.');
    return {
      label: 'The CSV data',
      fileUrl: null,
      size: source.length,
      sample: source.subarray(0, SAMPLE_BYTES),
      sampleIsWholeFile: source.length <= SAMPLE_BYTES,
      async *chunks(start: number) {
        for (let i = start; i < source.length; i += CHUNK_BYTES) yield source.subarray(i, i + CHUNK_BYTES);
      },
    };
  }
  const path = resolve(source);
  const label = JSON.stringify(source);
  const info = await stat(path).catch((err: unknown) => {
    throw unreadable(label, err);
  });
  if (info.isDirectory()) throw new HunterError('CSV_UNREADABLE', `${label} is a folder, not a file. Choose the CSV file inside it.`);
  if (!info.isFile()) throw new HunterError('CSV_UNREADABLE', `${label} is not a regular file. Choose a CSV file saved on disk.`);
  if (info.size === 0) throw new HunterError('CSV_UNREADABLE', `${label} is empty (0 bytes). Export the list again and import the new file.`);
  const sample = await readStart(path, Math.min(info.size, SAMPLE_BYTES)).catch((err: unknown) => {
    throw unreadable(label, err);
  });
  return {
    label,
    fileUrl: pathToFileURL(path).href,
    size: info.size,
    sample,
    sampleIsWholeFile: info.size <= SAMPLE_BYTES,
    async *chunks(start: number) {
      const stream = createReadStream(path, { start, highWaterMark: CHUNK_BYTES });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (err) {
        throw unreadable(label, err);
      } finally {
        stream.destroy();
      }
    },
  };
}

async function readStart(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function unreadable(label: string, err: unknown): HunterError {
  if (err instanceof HunterError) return err;
  const code = (err as { code?: string } | null)?.code;
  const message =
    code === 'ENOENT'
      ? `There is no file at ${label}. Check the path and the file name.`
      : code === 'EACCES' || code === 'EPERM'
        ? `${label} cannot be read: permission denied. Copy the file somewhere you can read it (e.g. Documents) and import the copy.`
        : code === 'EISDIR'
          ? `${label} is a folder, not a file. Choose the CSV file inside it.`
          : `${label} could not be read (${err instanceof Error ? err.message : String(err)}). Check the file and try again.`;
  return new HunterError('CSV_UNREADABLE', message, { cause: err });
}
