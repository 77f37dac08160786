import type { WorkspaceStore } from '../store';
import type { CancelReason, OutreachDraft } from '../store/follow-ups';

/**
 * Follow-ups whose day has come join the review queue; those to a lead that replied, bounced, or is on
 * the do-not-contact list are cancelled instead. What the review list calls before it lists.
 */
export function releaseDueFollowUps(store: WorkspaceStore, now: Date): { released: number; cancelled: number } {
  return store.followUps.releaseDue(now, (d) => stoppedBy(store, d));
}

/** Why a planned follow-up must not go out now (a reply, a bounce, the do-not-contact list), or null. */
export function stoppedBy(store: WorkspaceStore, d: OutreachDraft): CancelReason | null {
  const outcome = store.outcomes.of(d.lead_id);
  if (outcome === 'bounced') return 'bounced';
  if (outcome !== 'no_reply_yet') return 'replied';
  const lead = store.leads.find(d.lead_id);
  if (store.dnc.blocksAddress(d.recipient) || (lead && store.dnc.blocks(lead, store.leads.facts(lead.id)))) return 'do_not_contact';
  return null;
}
