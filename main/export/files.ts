import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HunterError, toHunterError } from '../core/errors';

/**
 * Writes the bytes of a not-yet-visible temporary file. The default writes and fsyncs; tests pass one
 * that hits a real ENOSPC (/dev/full) to prove a full disk leaves nothing behind.
 */
export type FileWriter = (tempPath: string, data: Buffer) => Promise<void>;

export const defaultFileWriter: FileWriter = async (tempPath, data) => {
  const fh = await open(tempPath, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
};

/**
 * Writes files so a reader never sees half of one: each goes to a temporary name in the same folder
 * and is renamed into place. If any write fails, the files already placed are removed again, so an
 * export either produces all its files or none.
 */
export class FileBatch {
  private readonly placed: string[] = [];
  private readonly taken = new Set<string>();

  constructor(readonly dir: string, private readonly writer: FileWriter = defaultFileWriter) {}

  async prepare(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (err) {
      throw fileError(err, this.dir);
    }
  }

  /** Writes one file under a free name built from `stem` and `ext`; returns its path. */
  async write(stem: string, ext: string, data: Buffer): Promise<string> {
    const path = this.freePath(stem, ext);
    const temp = join(this.dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.writer(temp, data);
      await rename(temp, path);
    } catch (err) {
      const failure = fileError(err, path);
      try {
        await removeQuietly(temp);
      } catch (cleanup) {
        throw new HunterError(failure.code, `${failure.message} The temporary file ${temp} could not be removed either: ${(cleanup as Error).message}`, { cause: err });
      }
      throw failure;
    }
    this.placed.push(path);
    return path;
  }

  get files(): readonly string[] {
    return this.placed;
  }

  /** Removes every file this batch placed (after a failure part-way). */
  async rollback(): Promise<void> {
    const left: string[] = [];
    for (const f of this.placed.splice(0)) {
      try {
        await removeQuietly(f);
      } catch {
        left.push(f);
      }
    }
    if (left.length) throw new HunterError('INTERNAL', `These partly exported files could not be removed; delete them by hand: ${left.join(', ')}`);
  }

  private freePath(stem: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = n === 1 ? `${stem}.${ext}` : `${stem}-${n}.${ext}`;
      const path = join(this.dir, name);
      // Never overwrite: a file of the same name may be an earlier export the rep is still using.
      if (!this.taken.has(name) && !existsSync(path)) {
        this.taken.add(name);
        return path;
      }
    }
  }
}

/**
 * A file name stem that is safe on Windows, macOS and Linux: ASCII letters, digits and dashes, accents
 * folded, at most 48 characters; `fallback` when nothing is left (a name in Arabic script, say).
 */
export function safeStem(s: string | null | undefined, fallback: string): string {
  const folded = (s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return folded || fallback;
}

/** A timestamp for batch file names: 20250102-030405 (UTC). */
export function fileStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Removes files an export wrote; a file already gone is fine (the rep may have moved it). */
export async function removeFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for (const p of paths) if (await removeQuietly(p)) n++;
  return n;
}

async function removeQuietly(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileError(err, path);
  }
}

function fileError(err: unknown, path: string): HunterError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new HunterError('DISK_FULL', `The disk is full while writing ${path}; nothing was exported. Free some space or choose another folder.`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new HunterError('INVALID_INPUT', `Cannot write in ${dirname(path)} (${code === 'EROFS' ? 'read-only' : 'permission denied'}); choose another folder.`, { cause: err });
  }
  if (code === 'ENOTDIR') return new HunterError('INVALID_INPUT', `${dirname(path)} is not a folder; choose a folder to export into.`, { cause: err });
  return toHunterError(err);
}
