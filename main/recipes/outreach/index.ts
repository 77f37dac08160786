import type { EmailStatus, Fact, Lead } from '../../core/domain';
import { newId } from '../../core/ids';
import type { Recipe } from '../../engine/types';
import { leadsReference, messageOf } from '../handoff';

/** The correspondence component: shapes a message for its channel. */
export interface ChannelFormatter {
  format(message: string, channel: 'email'): string;
}

/** E-mail: plain text, no markup, one blank line between paragraphs, no trailing spaces. */
export const emailFormatter: ChannelFormatter = {
  format(message) {
    return message
      .replace(/<[^>]*>/g, '')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  },
};

/** The address to write to, and how sure we are of it: the lead's own first, then found facts by confidence. */
export function pickRecipient(lead: Lead, facts: Fact[]): { email: string | null; status: EmailStatus | null } {
  const emails = facts.filter((f) => f.kind === 'email').sort((a, b) => rank(b) - rank(a));
  if (lead.email) {
    const f = emails.find((e) => e.value.toLowerCase() === lead.email!.toLowerCase());
    return { email: lead.email, status: (f?.detail?.status as EmailStatus | undefined) ?? 'from_source' };
  }
  const best = emails[0];
  return best ? { email: best.value, status: (best.detail?.status as EmailStatus | undefined) ?? 'found_on_site' } : { email: null, status: null };
}

function rank(f: Fact): number {
  const status = f.detail?.status;
  const cls = f.detail?.class;
  return f.confidence + (status === 'guessed_unverified' ? -1 : 0) + (cls === 'personal' ? 0.2 : cls === 'role' ? 0.1 : 0);
}

/** Outreach: saves each message as a draft for the rep's review (never sent), ranked by lead score × quality. */
export function outreachRecipe(deps: { formatter: ChannelFormatter }): Recipe {
  return {
    id: 'outreach',
    provider: 'local',
    maxStepMicros: 0,
    maxStepApiCalls: 0,
    buildPayload: ({ store, execution, agent }) => ({
      leads: leadsReference(execution.id, 'personalization', 'written', store.executions.stepCounts(execution.id, 'personalization').succeeded),
      channels: agent.channels,
      send_mode: 'draft_only',
      draft_expiry_days: agent.draft_expiry_days,
    }),

    async step(leadId, rt) {
      const p = messageOf(rt.store, rt.execution.id, leadId);
      if (!p) return { status: 'skipped', result: { reason: 'no message' } };
      // A lead already in review (or sent) from an earlier run is not drafted twice.
      const live = rt.store.drafts.liveDraftOf(leadId, rt.execution.id);
      if (live) return { status: 'skipped', result: { reason: 'already has a draft', draft_id: live.id } };
      const lead = rt.store.leads.get(leadId);
      const recipient = pickRecipient(lead, rt.store.leads.facts(leadId));
      const id = newId('draft');
      const created_at = new Date();
      const expires_at = new Date(created_at.getTime() + rt.agent.draft_expiry_days * 86_400_000).toISOString();
      const body = deps.formatter.format(p.body, 'email');
      const refined = p.refined ? { ...p.refined, body: deps.formatter.format(p.refined.body, 'email') } : null;
      return {
        status: 'done',
        result: {
          id: `outreach_${id.slice(6)}`, draft_id: id, lead_id: leadId, channel: 'email', recipient: recipient.email,
          status: 'draft_pending_review', created_at: created_at.toISOString(), draft_expires_at: expires_at, awaiting_customer_approval: true,
        },
        write: (store) => {
          store.drafts.create({
            id, execution_id: rt.execution.id, lead_id: leadId, recipient: recipient.email, recipient_status: recipient.status,
            subject: p.subject, body, model_used: p.model_used, message_quality_score: p.message_quality_score,
            lead_score: lead.lead_score ?? 0, expires_at, metrics: { ...p.metrics, quality_checks: p.quality_checks, facts_used: p.facts_used },
            refined,
          });
        },
      };
    },

    summarize(rt) {
      const { store, execution } = rt;
      const drafted = store.drafts.count({ execution_id: execution.id });
      return {
        summary: {
          drafts: drafted,
          pending_review: store.drafts.count({ execution_id: execution.id, status: 'pending_review' }),
          without_recipient: store.drafts.count({ execution_id: execution.id, recipient: null }),
          already_drafted: (store.executions.tally(execution.id, 'outreach', 'reason', 'skipped')['already has a draft'] ?? 0),
        },
        drafts: { count: drafted, list_with: `hunter drafts list --execution ${execution.id}` },
      };
    },
  };
}
