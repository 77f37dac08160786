import type Database from 'better-sqlite3';
import { HunterError } from '../core/errors';

export interface Migration {
  /** The user_version the database has after this migration. Numbered 1, 2, 3 … without gaps. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Brings a database to the newest schema: every pending migration in one transaction, so a crash or a
 * full disk leaves it at the old version, never halfway. A database newer than this app is refused
 * untouched, since an old app could corrupt data it does not understand.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) {
    throw new HunterError(
      'DATABASE_TOO_NEW',
      `This database is at schema version ${from}, but this version of The Hunter knows only up to ${latest}. ` +
        'Update The Hunter to open it; the file was not changed.',
    );
  }
  if (from === latest) return { from, to: from };
  db.transaction(() => {
    for (const m of migrations.slice(from)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: latest };
}
