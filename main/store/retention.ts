import { newId } from '../core/ids';
import { nowIso, sql } from './database';
import type { WorkspaceStore } from './index';

export interface RetentionLimits {
  /** Cached pages, facts and cached model drafts older than this many days are purged. */
  data_days: number;
  /** Rejected and expired drafts lose their text (and their versions') this many days after the decision or expiry. */
  rejected_draft_days: number;
}

export interface PurgeCounts {
  /** Pages past their time to live, or fetched before the limit. */
  cached_pages: number;
  facts: number;
  cached_drafts: number;
  /** Places a map search kept for a resume. */
  map_places: number;
  /** Drafts whose text (and versions' texts) was removed. */
  draft_texts: number;
  /** Audit payloads that held those texts (a rep's edit), blanked. */
  audit_payloads_erased: number;
}

const DAY_MS = 86_400_000;

/**
 * Purges what the workspace keeps longer than it needs, by age, in one transaction, and audits the counts
 * (never the content) in one entry. The draft rows stay (their status, times and scores are the run's
 * history); only their texts go. Returns the counts; nothing is audited when nothing was purged.
 */
export function purgeByAge(store: WorkspaceStore, limits: RetentionLimits, now: Date, actor: { type: 'rep' | 'cli' | 'system'; id: string }): PurgeCounts {
  const { db, workspaceId: ws } = store;
  const nowText = now.toISOString();
  const dataBefore = new Date(now.getTime() - limits.data_days * DAY_MS).toISOString();
  const draftsBefore = new Date(now.getTime() - limits.rejected_draft_days * DAY_MS).toISOString();
  return store.tx(() => {
    const cached_pages = sql(db, 'DELETE FROM page_cache WHERE workspace_id = ? AND (expires_at <= ? OR fetched_at < ?)').run(ws, nowText, dataBefore).changes;
    const facts = sql(db, 'DELETE FROM facts WHERE workspace_id = ? AND observed_at < ?').run(ws, dataBefore).changes;
    const cached_drafts = sql(db, 'DELETE FROM draft_cache WHERE workspace_id = ? AND created_at < ?').run(ws, dataBefore).changes;
    // A search that old is not resumed place by place: a resume reads the map again.
    const map_places = sql(db, 'DELETE FROM map_places WHERE workspace_id = ? AND found_at < ?').run(ws, dataBefore).changes;
    const due = (sql(db, `SELECT id FROM drafts WHERE workspace_id = ? AND status IN ('rejected', 'expired') AND body_purged_at IS NULL
        AND COALESCE(decided_at, expires_at) < ?`).all(ws, draftsBefore) as Array<{ id: string }>).map((r) => r.id);
    let audit_payloads_erased = 0;
    const erasureId = newId('purge');
    if (due.length) {
      const ids = JSON.stringify(due);
      sql(db, `UPDATE drafts SET body = '', subject = '', body_purged_at = ? WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`).run(nowIso(), ws, ids);
      sql(db, `UPDATE draft_versions SET body = '', subject = NULL, metrics = NULL WHERE workspace_id = ? AND draft_id IN (SELECT value FROM json_each(?))`).run(ws, ids);
      // The rep's edits of those drafts carry the texts in their audit payloads.
      const edits = (sql(db, `SELECT a.id FROM audit_log a JOIN audit_payloads p ON p.entry_id = a.id WHERE a.workspace_id = ? AND a.action_type = 'draft_edited'
          AND a.resource_id IN (SELECT value FROM json_each(?)) AND p.body IS NOT NULL`).all(ws, ids) as Array<{ id: string }>).map((r) => r.id);
      audit_payloads_erased = store.audit.erasePayloads(edits, { erasure_id: erasureId });
    }
    const counts: PurgeCounts = { cached_pages, facts, cached_drafts, map_places, draft_texts: due.length, audit_payloads_erased };
    if (cached_pages + facts + cached_drafts + map_places + due.length > 0) {
      store.audit.append({
        actor, action: 'retention_applied', resource: 'workspace', resource_id: ws,
        changes: { erasure_id: erasureId, ...counts, limits: { ...limits }, older_than: { data: dataBefore, rejected_drafts: draftsBefore } },
      });
    }
    return counts;
  });
}

/** The workspace settings retention reads (values in days). */
export const RETENTION_DATA_DAYS = 'retention_data_days';
export const RETENTION_REJECTED_DRAFT_DAYS = 'retention_rejected_draft_days';
export const DEFAULT_RETENTION: RetentionLimits = { data_days: 180, rejected_draft_days: 90 };

/** The retention limits of a workspace, in days (the defaults where the rep set none). */
export function retentionOf(store: Pick<WorkspaceStore, 'settings'>): RetentionLimits {
  const days = (key: string, fallback: number) => {
    const v = store.settings.get<unknown>(key);
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 3650 ? v : fallback;
  };
  return { data_days: days(RETENTION_DATA_DAYS, DEFAULT_RETENTION.data_days), rejected_draft_days: days(RETENTION_REJECTED_DRAFT_DAYS, DEFAULT_RETENTION.rejected_draft_days) };
}
