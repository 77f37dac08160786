import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { listBackups } from './backups';
import type { Db } from './database';
import { databaseFile, sql } from './database';
import { eraseLeadData, type EraseOptions } from './erase';
import { checkFile, fsyncDir, fsyncFile } from './file-health';
import { workspaceStore } from './index';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { defaultBackupDir, sideFiles } from './paths';

export interface BackupErasure {
  /** Backups that held the lead and were rewritten without it. */
  erased: string[];
  /** Of those, the ones at an older schema that were brought to this version to be erased. */
  upgraded: string[];
  /** Backups that never held the lead (taken before it was found): left as they were. */
  untouched: string[];
  /** Backups the erase could not be applied to, and why: the rep is told to delete them. */
  failed: Array<{ file: string; problem: string }>;
}

/**
 * Applies an erase to every backup of the database: each is copied aside (with its -wal folded in),
 * brought to this schema if it is older (as restoring it would), erased with the same erasure id and the
 * live workspace's salt, rebuilt with VACUUM INTO (a fresh file, so nothing of the lead is left in free
 * pages), checked, and put in place of the original under the same name. A backup that fails a check is
 * not touched and is reported, so the rep can delete it.
 */
export function eraseInBackups(db: Db, workspaceId: string, leadId: string, o: EraseOptions, dir = defaultBackupDir(databaseFile(db))): BackupErasure {
  const out: BackupErasure = { erased: [], upgraded: [], untouched: [], failed: [] };
  for (const b of listBackups(dir, { verify: false, database: databaseFile(db) })) {
    try {
      const r = eraseInBackup(b.file, workspaceId, leadId, o);
      if (r === 'untouched') out.untouched.push(b.file);
      else {
        out.erased.push(b.file);
        if (r === 'upgraded') out.upgraded.push(b.file);
      }
    } catch (err) {
      out.failed.push({ file: b.file, problem: (err as Error).message });
    }
  }
  return out;
}

function eraseInBackup(file: string, workspaceId: string, leadId: string, o: EraseOptions): 'erased' | 'upgraded' | 'untouched' {
  const side = sideFiles(file);
  const work = `${file}.erasing`;
  const rebuilt = `${file}.erased`;
  const cleanup = () => {
    for (const f of [work, ...Object.values(sideFiles(work)), rebuilt, ...Object.values(sideFiles(rebuilt))]) rmSync(f, { force: true });
  };
  cleanup();
  try {
    copyFileSync(file, work);
    if (existsSync(side.wal) && statSync(side.wal).size > 0) copyFileSync(side.wal, sideFiles(work).wal);
    const copy = new Database(work, { fileMustExist: true });
    let upgraded = false;
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma('secure_delete = ON');
      copy.pragma('foreign_keys = ON');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the backup is damaged (${String(check)})`);
      const version = copy.pragma('user_version', { simple: true }) as number;
      if (version > MIGRATIONS.length) throw new Error(`the backup is from a newer version of The Hunter (schema ${version})`);
      const held = copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leads'").get()
        && copy.prepare('SELECT 1 FROM leads WHERE id = ? AND workspace_id = ?').get(leadId, workspaceId);
      if (!held) return 'untouched';
      if (version < MIGRATIONS.length) {
        migrate(copy, MIGRATIONS, { backupDir: null });
        upgraded = true;
      }
      eraseLeadData(workspaceStore(copy, workspaceId), leadId, o);
      sql(copy, 'VACUUM INTO ?').run(rebuilt);
    } finally {
      copy.close();
    }
    const verdict = checkFile(rebuilt, 'quick');
    if (!verdict.ok) throw new Error(`the erased copy did not pass its check (${verdict.problems.slice(0, 2).join('; ')})`);
    fsyncFile(rebuilt);
    rmSync(side.wal, { force: true });
    rmSync(side.shm, { force: true });
    renameSync(rebuilt, file);
    fsyncDir(dirname(file));
    return upgraded ? 'upgraded' : 'erased';
  } finally {
    cleanup();
  }
}
