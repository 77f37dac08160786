import type { Db } from './database';
import { sql } from './database';

/**
 * Whether the rep has already written to a lead: a draft of it was exported (to files, a mail-merge
 * file or the Drafts folder), in any run. A later run does not write to it again unless the rep asks.
 */
export function wasContacted(db: Db, workspaceId: string, leadId: string): boolean {
  // `+status` keeps SQLite on the lead's index (drafts_lead): by (workspace, status) it would read every
  // exported draft of the workspace, for each lead a run scores.
  return !!sql(db, "SELECT 1 FROM drafts WHERE workspace_id = ? AND lead_id = ? AND +status = 'exported' LIMIT 1").get(workspaceId, leadId);
}
