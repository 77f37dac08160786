import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/store/migrate';
import { MIGRATIONS } from '../../../main/store/migrations';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-m009-');
afterAll(() => tmp.cleanup());

describe('migration 9 (follow-ups, variants, replies)', () => {
  it('rebuilds drafts and their versions with every row kept, the foreign key intact, and the new statuses allowed', () => {
    const db = new Database(tmp.file('m.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 8), { backupDir: null });
    db.exec(`INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'W', '2026-01-01')`);
    db.exec(`INSERT INTO leads (id, workspace_id, name, sources, dedupe_key, created_at, updated_at) VALUES ('l1', 'ws', 'Bright', '["csv"]', 'k', '2026-01-01', '2026-01-01')`);
    db.exec(`INSERT INTO drafts (id, workspace_id, execution_id, lead_id, channel, subject, body, current_version, model_used, message_quality_score, lead_score, rank_score, status, created_at, expires_at, exported_at)
      VALUES ('d1', 'ws', 'e1', 'l1', 'email', 'S', 'B', 'edited', 'offline', 0.9, 0.8, 0.72, 'exported', '2026-01-01', '2026-01-08', '2026-01-02')`);
    db.exec(`INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, subject, model_used, metrics, created_at) VALUES ('v1', 'ws', 'd1', 'draft', 'B0', 'S', 'offline', '{"angle":"hours"}', '2026-01-01')`);
    migrate(db, MIGRATIONS, { backupDir: null });
    expect(db.prepare('SELECT id, status, exported_at, follow_up_step, variant FROM drafts').all()).toEqual([{ id: 'd1', status: 'exported', exported_at: '2026-01-02', follow_up_step: 0, variant: 0 }]);
    expect(db.prepare('SELECT id, body, metrics FROM draft_versions').all()).toEqual([{ id: 'v1', body: 'B0', metrics: '{"angle":"hours"}' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.exec(`INSERT INTO draft_versions (id, workspace_id, draft_id, kind, body, model_used, created_at) VALUES ('v2', 'ws', 'nope', 'draft', 'x', 'o', '2026')`)).toThrow(/FOREIGN KEY/);
    db.exec(`UPDATE drafts SET status = 'scheduled' WHERE id = 'd1'`);
    expect(() => db.exec(`UPDATE drafts SET status = 'sent' WHERE id = 'd1'`)).toThrow(/CHECK/);
    db.close();
  });
});
