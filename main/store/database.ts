import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { toHunterError } from '../core/errors';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * Opens (and creates) the one SQLite file everything lives in. One writer connection per process; WAL
 * so readers never block it; synchronous=FULL because the credit ledger is money and must survive a
 * power cut; a busy timeout because the CLI and the app may open the same file.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (err) {
    throw toHunterError(err);
  }
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  try {
    if (!options.readonly) migrate(db, MIGRATIONS);
  } catch (err) {
    db.close();
    throw toHunterError(err);
  }
  return db;
}

export function nowIso(): string {
  return new Date().toISOString();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection and SQL text. Preparing costs more than running a
 * small query, and the hot paths (a lead, its facts, its step) run them hundreds of thousands of times.
 */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(text);
  if (!st) cache.set(text, (st = db.prepare(text)));
  return st;
}
