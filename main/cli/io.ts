import { HunterError, toHunterError } from '../core/errors';
import type { HunterApp } from '../app';
import type { Area, Ctx, Services } from '../services';
import { defaultDatabaseFile } from '../store/paths';

/** The options every command takes. */
export interface CommonOptions {
  json?: boolean;
  db?: string;
  workspace?: string;
  /** The command changes the workspace: drafts past their expiry and data past its age go first. */
  writes?: boolean;
}

/** A refusal of how the command was called (a bad value, a name that names nothing): exit code 2. */
export class UsageError extends HunterError {
  constructor(message: string, code: 'INVALID_INPUT' | 'NOT_FOUND' = 'INVALID_INPUT') {
    super(code, message);
  }
}

/** Marks a coded error as being about the command line (a mistyped workspace, an unknown setting): exit 2. */
export function asUsage(err: unknown): never {
  const h = toHunterError(err);
  if (h instanceof UsageError) throw h;
  throw Object.assign(new UsageError(h.message, h.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_INPUT'), { cause: h });
}

export interface Cli {
  opts: CommonOptions;
  /** Prints a result: one JSON object with --json, else the human text. */
  print(value: unknown, human: () => string): void;
  /** Progress and notes for a person: to stderr, and not at all with --json unless stderr is a terminal. */
  note(text: string): void;
  /**
   * Opens the app on the database with the services of the areas named (only their code loads, so a
   * short command starts fast), runs fn, and closes it again.
   */
  withApp<A extends Area, T>(areas: readonly A[], fn: (app: HunterApp, s: Pick<Services, A | 'workspaces'>) => Promise<T>): Promise<T>;
  /** The workspace named by --workspace (NOT_FOUND, exit 2, when it names none), or the current one. */
  ctx(s: Pick<Services, 'workspaces'>, opts?: { createFirst?: boolean }): Ctx;
}

export function makeCli(opts: CommonOptions): Cli {
  let compliance: Services['compliance'] | null = null;
  return {
    opts,
    print(value, human) {
      process.stdout.write(opts.json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
    },
    note(text) {
      if (!opts.json || process.stderr.isTTY) process.stderr.write(text + '\n');
    },
    async withApp(areas, fn) {
      // Loaded here so that `hunter --help` and a usage error never open a database.
      const [{ HunterApp }, { loadServices }, { SessionSecretStore }] = await Promise.all([import('../app'), import('../services/load'), import('../store/secret-store')]);
      const file = opts.db ?? defaultDatabaseFile();
      const app = HunterApp.open({ dbFile: file, env: process.env });
      try {
        const { dirname, resolve } = await import('node:path');
        // Model keys come from the environment (GROQ_API_KEY, ANTHROPIC_API_KEY, HUNTER_IO_API_KEY); none is kept.
        // A command that writes purges by age first (see ctx), so it needs the compliance services too.
        const s = await loadServices(app, { secrets: new SessionSecretStore(), secretEnv: process.env, dataDir: dirname(resolve(file)) }, opts.writes ? [...areas, 'compliance' as const] : areas);
        compliance = opts.writes ? (s as Pick<Services, 'compliance'>).compliance : null;
        return await fn(app, s);
      } finally {
        app.close();
      }
    },
    ctx(s, o = {}) {
      try {
        const store = o.createFirst ? s.workspaces.openOrCreateFirst(opts.workspace, { type: 'cli', id: 'hunter' }) : s.workspaces.open(opts.workspace);
        const ctx: Ctx = { store, actor: { type: 'cli', id: 'hunter' } };
        // What the app does once a day, a command that writes does first (the purges themselves at most daily).
        if (opts.writes) {
          if (!compliance) throw new Error('a command that writes opened no compliance services');
          compliance.runRetention(ctx);
        }
        return ctx;
      } catch (err) {
        return asUsage(err);
      }
    },
  };
}

/** Errors leave as one line a person can act on (or one JSON object with --json), never a stack. */
export function reportError(err: unknown, json: boolean): number {
  const h = toHunterError(err);
  const usage = err instanceof UsageError;
  if (json) process.stdout.write(JSON.stringify({ error: { code: h.code, message: h.message, retryable: h.retryable, hint: h.hint } }, null, 2) + '\n');
  process.stderr.write(`hunter: ${h.code}: ${h.message}\n  ${usage ? 'Run "hunter help" (or add --help to the command) for how it is used.' : h.hint}\n`);
  if (h.code === 'INTERNAL' && process.env.HUNTER_DEBUG) process.stderr.write(String((err as Error)?.stack) + '\n');
  return usage ? 2 : 1;
}

/** A whole number within bounds, or a usage error naming the option. */
export function int(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

export function num(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} takes a number from ${min} to ${max}, not "${value}".`);
  return n;
}
