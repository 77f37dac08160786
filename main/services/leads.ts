import { HunterError } from '../core/errors';
import { QUALITY_TIERS, type QualityTier } from '../core/domain';
import { SCORE_WEIGHTS } from '../core/scoring';
import { scoreOf } from '../recipes/handoff';
import { LEAD_ORDERS, type LeadOrder } from '../store/leads';
import type { LeadDetailView, LeadLinkView, LeadMergeView, LeadRowView, Paged } from '../../preload/contract';
import type { Ctx } from './context';
import { toLeadDetail, toLeadRow } from './views';

export interface LeadListRequest {
  search?: string | undefined;
  tier?: QualityTier | undefined;
  execution_id?: string | undefined;
  order?: LeadOrder | undefined;
  direction?: 'asc' | 'desc' | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/** Leads: the list, one lead with everything known about it and why it scored so, and the rep's identity decisions. */
export class LeadsService {
  list(ctx: Ctx, q: LeadListRequest = {}): Paged<LeadRowView> {
    if (q.tier !== undefined && !QUALITY_TIERS.includes(q.tier)) throw new HunterError('INVALID_INPUT', `A tier is one of ${QUALITY_TIERS.join(', ')}.`);
    if (q.order !== undefined && !LEAD_ORDERS.includes(q.order)) throw new HunterError('INVALID_INPUT', `Leads sort by ${LEAD_ORDERS.join(', ')}.`);
    const filter = { search: q.search?.trim() || undefined, tier: q.tier, execution_id: q.execution_id };
    return {
      rows: ctx.store.leads.query({ ...filter, order: q.order, direction: q.direction, limit: q.limit ?? 200, offset: q.offset ?? 0 }).map(toLeadRow),
      total: ctx.store.leads.count(filter),
    };
  }

  show(ctx: Ctx, id: string): LeadDetailView {
    const { store } = ctx;
    const lead = store.leads.get(id);
    const drafts = store.drafts.list({ lead_id: id }).sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
    // The newest run that scored it says why.
    const scored = store.executions.latestWithStep(id, 'discovery');
    const score = scored ? scoreOf(store, scored, id) : null;
    const merges: LeadMergeView[] = store.leads.merges(id).map((m) => ({
      id: m.id, kind: m.kind, source: m.source, source_ref: m.source_ref, matched_by: m.matched_by, execution_id: m.execution_id,
      created_at: m.created_at, filled: Object.keys(m.filled), split_into: m.split_into,
    }));
    const related: LeadLinkView[] = store.leads.links(id).map((l) => {
      const other = l.lead_id === id ? l.other_id : l.lead_id;
      return { lead_id: other, name: store.leads.find(other)?.name ?? '(removed)', matched_by: l.matched_by, status: l.status };
    });
    return {
      ...toLeadDetail(lead, store.leads.facts(id)),
      score: score && scored ? { reasons: score.reasons, fallback_code: score.fallback_code, execution_id: scored, signals: score.signals, part_weights: { ...SCORE_WEIGHTS } } : null,
      merges,
      related,
      drafts: drafts.map((d) => ({ id: d.id, status: d.status, recipient: d.recipient, recipient_status: d.recipient_status, created_at: d.created_at })),
    };
  }

  /** Splits a merge off a lead: the row or place that joined becomes a lead of its own again. */
  async split(ctx: Ctx, leadId: string, mergeId: string): Promise<{ lead_id: string; split_into: string }> {
    const { store } = ctx;
    const { splitMerge } = await import('../store/lead-filing');
    const out = store.tx(() => {
      const into = splitMerge(store.leads, leadId, mergeId);
      store.audit.append({ actor: ctx.actor, action: 'lead_split', resource: 'lead', resource_id: leadId, changes: { after: { merge_id: mergeId, split_into: into } }, context: { lead_id: leadId } });
      return into;
    });
    return { lead_id: leadId, split_into: out };
  }

  /** The rep's decision on two related leads: one business (merged), or two (never joined again). */
  async decide(ctx: Ctx, leadId: string, otherId: string, same: boolean): Promise<{ lead_id: string; merge_id: string | null }> {
    const { store } = ctx;
    const { mergeLeadsByRep } = await import('../store/lead-filing');
    return store.tx(() => {
      store.leads.get(otherId);
      if (!same) {
        store.leads.link(leadId, otherId, 'rep', 'distinct');
        store.audit.append({ actor: ctx.actor, action: 'lead_link_decided', resource: 'lead', resource_id: leadId, changes: { after: { other: otherId, same: false } }, context: { lead_id: leadId } });
        return { lead_id: leadId, merge_id: null };
      }
      const mergeId = mergeLeadsByRep(store.leads, leadId, otherId);
      store.audit.append({ actor: ctx.actor, action: 'lead_merged', resource: 'lead', resource_id: leadId, changes: { after: { merged: otherId, merge_id: mergeId } }, context: { lead_id: leadId } });
      return { lead_id: leadId, merge_id: mergeId };
    });
  }
}
