import type { Migration } from '../migrate';

/**
 * Two indexes for what a run asks over and over (issue 17).
 *
 * - drafts_execution: a run's drafts by rank. Personalization asks for the run's best drafts before each
 *   message (the near-duplicate check) and outreach's summary counts them; with only drafts_lead and
 *   drafts_ws_status SQLite read every draft of the workspace and sorted them, for every lead.
 * - steps_counts: a recipe's steps by status, with what they cost. steps is WITHOUT ROWID with a
 *   kilobytes-long result before credits_micros and api_calls, so counting a recipe's steps (its
 *   envelope, the progress totals, the next recipe's start) read every result's overflow pages: 300 MB at
 *   100 000 leads, several times per recipe, with the run waiting. The index answers those counts, the
 *   failed-step samples and the leads already done from some 70 bytes a step.
 */
export const migration010: Migration = {
  version: 10,
  name: 'run indexes',
  up(db) {
    db.exec(`
      CREATE INDEX drafts_execution ON drafts(workspace_id, execution_id, rank_score DESC, created_at);
      CREATE INDEX steps_counts ON steps(execution_id, recipe_id, status, workspace_id, credits_micros, api_calls);
    `);
  },
};
