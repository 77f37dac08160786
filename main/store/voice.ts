import { sql, type Db } from './database';

/** An approved draft beside the text the writer gave the rep: what the rep's edits teach. */
export interface ApprovedText {
  draft_id: string;
  lead_id: string;
  /** The writer's text the rep started from (the refinement when there was one). */
  written: string;
  /** What the rep approved. */
  approved: string;
  edited: boolean;
  decided_at: string | null;
  /** The lead's person and business names, as a greeting may use them. */
  names: string[];
}

/** One version a writer produced, with its timings, for the draft analytics. */
export interface WrittenVersion {
  kind: 'draft' | 'refined';
  model_used: string;
  created_at: string;
  metrics: Record<string, unknown> | null;
}

/**
 * What the rep approved and what the writers produced (issue 16), read from the drafts and their
 * versions: the rep's voice and the draft analytics are derived from these, never stored twice, so an
 * undo or an erase changes them too.
 */
export class VoiceSamples {
  constructor(private readonly db: Db, readonly workspaceId: string) {}

  /** The latest first messages the rep approved (or exported), newest first. */
  approved(limit = 40): ApprovedText[] {
    const rows = sql(this.db, `
      SELECT d.id AS draft_id, d.lead_id, d.body AS approved, d.current_version, d.decided_at, l.first_name, l.last_name, l.name,
        (SELECT v.body FROM draft_versions v WHERE v.draft_id = d.id AND v.kind <> 'edited' ORDER BY v.created_at DESC, v.rowid DESC LIMIT 1) AS written
      FROM drafts d JOIN leads l ON l.id = d.lead_id
      WHERE d.workspace_id = ? AND d.status IN ('approved', 'exported') AND d.follow_up_step = 0 AND d.body_purged_at IS NULL
      ORDER BY COALESCE(d.decided_at, d.created_at) DESC LIMIT ?`).all(this.workspaceId, limit) as Array<{ draft_id: string; lead_id: string; approved: string; current_version: string; decided_at: string | null; written: string | null; first_name: string | null; last_name: string | null; name: string }>;
    return rows.map((r) => ({
      draft_id: r.draft_id, lead_id: r.lead_id, written: r.written ?? r.approved, approved: r.approved, edited: r.current_version === 'edited', decided_at: r.decided_at,
      names: [r.first_name, r.last_name, r.name].filter((x): x is string => !!x),
    }));
  }

  /** Drafts created per UTC day since a time, oldest day first. */
  draftsPerDay(since: string): Array<{ day: string; drafts: number }> {
    return sql(this.db, `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS drafts FROM drafts WHERE workspace_id = ? AND created_at >= ? AND follow_up_step = 0 GROUP BY 1 ORDER BY 1`)
      .all(this.workspaceId, since) as Array<{ day: string; drafts: number }>;
  }

  /** Every writer's version since a time (the rep's own edits left out). */
  writtenVersions(since: string): WrittenVersion[] {
    const rows = sql(this.db, `SELECT kind, model_used, created_at, metrics FROM draft_versions WHERE workspace_id = ? AND kind <> 'edited' AND created_at >= ?`)
      .all(this.workspaceId, since) as Array<Omit<WrittenVersion, 'metrics'> & { metrics: string | null }>;
    return rows.map((r) => ({ ...r, metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, unknown>) : null }));
  }
}
