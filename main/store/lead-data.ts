import type { Draft, DraftVersion, Fact, Lead } from '../core/domain';
import type { AuditEntry } from './audit';
import { sql } from './database';
import type { DncEntry } from './dnc';
import type { WorkspaceStore } from './index';
import type { LeadLink, LeadMerge } from './leads';
import type { LeadOutcome, MailEvent } from './outcomes';

/** One run's record of a lead: what each recipe concluded about it (its score and why, how it was enriched, …). */
export interface LeadStepRecord {
  execution_id: string;
  recipe_id: string;
  status: string;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  finished_at: string;
}

/** Everything the workspace holds about one lead, read in one transaction (so it is one consistent picture). */
export interface LeadDataRecord {
  lead: Lead;
  /** Leads the rep merged into this one: the same business, held as such. */
  merged_leads: Lead[];
  facts: Fact[];
  merges: LeadMerge[];
  links: LeadLink[];
  drafts: Array<{ draft: Draft; versions: DraftVersion[] }>;
  steps: LeadStepRecord[];
  audit: AuditEntry[];
  /** Entries on the do-not-contact list added from this lead, or matching it now. */
  dnc: DncEntry[];
  /** Ledger rows charged for work on it: amounts and what they paid for. */
  charges: Array<{ id: number; amount_micros: number; recipe_id: string | null; description: string; created_at: string }>;
  /** Replies and bounces read for it from the rep's mailbox (their kind and outcome; the texts are not kept), and its outcome. */
  mail: { outcome: LeadOutcome; events: Array<MailEvent & { created_at: string }> };
}

export function leadDataRecord(store: WorkspaceStore, leadId: string): LeadDataRecord {
  return store.db.transaction(() => {
    const lead = store.leads.get(leadId);
    const ids = [leadId];
    const st = sql(store.db, 'SELECT id FROM leads WHERE workspace_id = ? AND merged_into = ?');
    for (let i = 0; i < ids.length; i++) {
      for (const r of st.all(store.workspaceId, ids[i]) as Array<{ id: string }>) if (!ids.includes(r.id)) ids.push(r.id);
    }
    const mergedIds = ids.slice(1);
    const drafts = ids.flatMap((id) => store.drafts.list({ lead_id: id })).map((d) => ({ draft: d, versions: store.drafts.versions(d.id) }));
    const facts = ids.flatMap((id) => store.leads.facts(id));
    const steps = (sql(store.db, `SELECT execution_id, recipe_id, status, result, error_code, error_message, finished_at FROM steps
        WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?)) ORDER BY finished_at`)
      .all(store.workspaceId, JSON.stringify(ids)) as Array<Omit<LeadStepRecord, 'result'> & { result: string | null }>)
      .map((r) => ({ ...r, result: r.result ? JSON.parse(r.result) : null }));
    const byLead = sql(store.db, 'SELECT id, kind, value, source, reason, lead_id, created_at FROM dnc_entries WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?))')
      .all(store.workspaceId, JSON.stringify(ids)) as DncEntry[];
    const matching = store.dnc.blocks(lead, facts)?.entry;
    const dnc = matching && !byLead.some((e) => e.id === matching.id) ? [...byLead, matching] : byLead;
    const charges = sql(store.db, `SELECT id, amount_micros, recipe_id, description, created_at FROM credit_ledger
        WHERE workspace_id = ? AND lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(store.workspaceId, JSON.stringify(ids)) as LeadDataRecord['charges'];
    return {
      lead,
      merged_leads: store.leads.getMany(mergedIds),
      facts,
      merges: ids.flatMap((id) => store.leads.merges(id)),
      links: store.leads.links(leadId),
      drafts,
      steps,
      audit: store.audit.about(ids, drafts.map((d) => d.draft.id)),
      dnc,
      charges,
      mail: { outcome: store.outcomes.of(leadId), events: store.outcomes.eventsOf(ids) },
    };
  })();
}
