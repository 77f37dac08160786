import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { HunterError } from '../core/errors';
import { backupWithVacuum, type BackupInfo } from './backups';
import { defaultBackupDir } from './paths';

export interface Migration {
  /** The user_version the database has after this migration. Numbered 1, 2, 3 … without gaps. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export interface MigrateOptions {
  /**
   * Where the backup taken before a schema change goes; default `backups` beside the file. null takes
   * none (for a caller that has just taken its own).
   */
  backupDir?: string | null | undefined;
  /** Before-migration backups kept; default 7. */
  keep?: number | undefined;
  now?: (() => Date) | undefined;
}

export interface MigrateResult {
  from: number;
  to: number;
  /** The backup taken before the schema changed, or null when nothing needed one. */
  backup: BackupInfo | null;
}

/** Another connection committed between the backup and the migration's lock: the backup is stale. */
class ChangedSinceBackup extends Error {}

/**
 * Brings a database to the newest schema: every pending migration in one transaction, so a crash or a
 * full disk leaves it at the old version, never halfway. A database newer than this app is refused
 * untouched, since an old app could corrupt data it does not understand.
 *
 * Before a schema change it takes a backup (VACUUM INTO, which is synchronous and consistent), so a
 * migration that turns out wrong costs nothing that was there. A brand-new database (version 0, no
 * tables) has nothing to keep and gets none. VACUUM INTO cannot run inside the migration's transaction,
 * so if another connection commits between the two, the backup is thrown away and taken again.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], options: MigrateOptions = {}): MigrateResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  refuseNewer(from, latest);
  if (from === latest) return { from, to: from, backup: null };

  const backupDir = options.backupDir === undefined ? (db.memory || db.name === '' ? null : defaultBackupDir(db.name)) : options.backupDir;
  const hasContent = from > 0 || (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n > 0;
  for (let attempt = 1; ; attempt++) {
    const seen = db.pragma('data_version', { simple: true }) as number;
    const backup = hasContent && backupDir !== null
      ? backupWithVacuum(db, { dir: backupDir, reason: 'before-migration', keep: options.keep, now: options.now?.() })
      : null;
    try {
      const applied = db.transaction(() => {
        if (backup && (db.pragma('data_version', { simple: true }) as number) !== seen) throw new ChangedSinceBackup();
        // Read again under the write lock: another process may have migrated while this one waited.
        const now = db.pragma('user_version', { simple: true }) as number;
        refuseNewer(now, latest);
        for (const m of migrations.slice(now)) {
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
        }
        return now;
      }).immediate();
      return { from: applied, to: latest, backup };
    } catch (err) {
      if (!(err instanceof ChangedSinceBackup)) throw err;
      if (backup) rmSync(backup.file, { force: true });
      if (attempt >= 3) {
        throw new HunterError('DATABASE_BUSY', 'The database kept changing while it was being backed up before an upgrade; nothing was changed. Close other windows of The Hunter and try again.');
      }
    }
  }
}

function refuseNewer(version: number, latest: number): void {
  if (version > latest) {
    throw new HunterError(
      'DATABASE_TOO_NEW',
      `This database is at schema version ${version}, but this version of The Hunter knows only up to ${latest}. ` +
        'Update The Hunter to open it; the file was not changed.',
    );
  }
}
