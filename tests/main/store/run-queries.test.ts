import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-run-queries-');
afterAll(() => tmp.cleanup());

/** How SQLite would run a statement, one line per step of its plan. */
function plan(db: ReturnType<typeof openDatabase>, text: string, params: Record<string, unknown> | unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...(Array.isArray(params) ? params : [params])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

// The statements a run asks once per lead or once per stage, as the store writes them (drafts.ts list, contact-history.ts, executions.ts).
describe('queries a run asks per lead', () => {
  it("read the run's best drafts as a range of an index, in rank order, without reading the workspace's other drafts", () => {
    const db = openDatabase(tmp.file('drafts.db'));
    const p = plan(db, 'SELECT * FROM drafts WHERE workspace_id = @ws AND execution_id = @execution_id ORDER BY rank_score DESC, created_at LIMIT @limit OFFSET @offset', { ws: 'w', execution_id: 'e', limit: 60, offset: 0 });
    expect(p).toMatch(/USING INDEX drafts_execution \(workspace_id=\? AND execution_id=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it("ask whether a lead was written to by the lead's own drafts, not every exported draft of the workspace", () => {
    const db = openDatabase(tmp.file('contacted.db'));
    const p = plan(db, "SELECT 1 FROM drafts WHERE workspace_id = ? AND lead_id = ? AND +status = 'exported' LIMIT 1", ['w', 'l']);
    expect(p).toMatch(/USING INDEX drafts_lead \(workspace_id=\? AND lead_id=\?\)/);
    db.close();
  });

  it("count a recipe's steps from an index, without reading their results", () => {
    const db = openDatabase(tmp.file('steps.db'));
    const counts = plan(db, `SELECT COUNT(*) AS processed, COALESCE(SUM(status = 'done'), 0) AS succeeded, COALESCE(SUM(status = 'failed'), 0) AS failed,
        COALESCE(SUM(status = 'skipped'), 0) AS skipped, COALESCE(SUM(credits_micros), 0) AS credits_micros, COALESCE(SUM(api_calls), 0) AS api_calls
      FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ?`, ['e', 'discovery', 'w']);
    expect(counts).toMatch(/USING COVERING INDEX steps_counts/);
    const finished = plan(db, "SELECT COUNT(*) AS n FROM steps WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? AND lead_id NOT LIKE '%:%'", ['e', 'discovery', 'w']);
    expect(finished).toMatch(/USING COVERING INDEX steps_counts/);
    const failed = plan(db, "SELECT * FROM steps INDEXED BY steps_counts WHERE execution_id = ? AND recipe_id = ? AND workspace_id = ? AND status = 'failed' LIMIT ?", ['e', 'discovery', 'w', 50]);
    expect(failed).toMatch(/USING INDEX steps_counts \(execution_id=\? AND recipe_id=\? AND status=\?/);
    db.close();
  });
});
