import { HunterApp } from '../app';
import { HunterError, toHunterError } from '../core/errors';
import { defaultDatabaseFile } from '../store/paths';

export interface CliFlags {
  json: boolean;
  db: string | undefined;
  workspace: string | undefined;
  [k: string]: string | boolean | undefined | string[];
}

export interface Cli {
  flags: CliFlags;
  args: string[];
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  /** Prints a result: the JSON object with --json, else the human text. */
  print(value: unknown, human: () => string): void;
  openApp(file?: string): HunterApp;
}

export function makeCli(args: string[], flags: CliFlags): Cli {
  return {
    flags,
    args,
    out: process.stdout,
    err: process.stderr,
    print(value, human) {
      process.stdout.write(flags.json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
    },
    openApp(file) {
      return HunterApp.open({ dbFile: file ?? flags.db ?? defaultDatabaseFile() });
    },
  };
}

/** A usage mistake: exit code 2 and the line that says how it is used. */
export class UsageError extends Error {}

export function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

/** Errors leave as one line a person can act on (or one JSON object with --json), never a stack. */
export function reportError(err: unknown, json: boolean): number {
  if (err instanceof UsageError) {
    process.stderr.write(`hunter: ${err.message}\nRun "hunter help" for the commands.\n`);
    return 2;
  }
  const h = toHunterError(err);
  if (json) process.stdout.write(JSON.stringify({ error: { code: h.code, message: h.message, retryable: h.retryable, hint: h.hint } }, null, 2) + '\n');
  process.stderr.write(`hunter: ${h.code}: ${h.message}\n  ${h.hint}\n`);
  if (h.code === 'INTERNAL' && process.env.HUNTER_DEBUG) process.stderr.write(String((err as Error)?.stack) + '\n');
  return h instanceof HunterError && h.code === 'INTERNAL' ? 1 : 1;
}
