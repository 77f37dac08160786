import type { EmailStatus, Fact, Lead } from '../../core/domain';
import { classifyEmail } from '../../core/email-class';
import { emailKey, parseEmailAddress } from '../../core/email-address';
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

export interface Recipient {
  email: string | null;
  status: EmailStatus | null;
  /** Why this address: a named person in the right role, the business's general inbox, … (for the review pane). */
  reason?: string;
}

/** Roles that decide about what a rep sells, in the languages of the product. */
const DECIDES = /\b(?:owner|co-owner|founder|co-founder|managing|partner|principal|director|ceo|president|practice manager|office manager|manager|lead dentist|inhaber\w*|geschäftsführ\w*|gründer\w*|leiter\w*|praxismanag\w*|kanzleimanag\w*|partnerin)\b/iu;
/** Mailboxes nobody reads for a first message, or that reach the wrong desk. */
const NEVER = /^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|hostmaster|abuse|webmaster|privacy|datenschutz|gdpr|dpo|unsubscribe|bounce|jobs?|careers?|karriere|bewerbung|recruiting|press|presse|media|billing|invoices?|rechnung|accounts|accounting)$/iu;
/** General inboxes a small business answers: second best after a named person in the right role. */
const GENERAL = /^(?:info|information|hello|hi|hallo|contact|kontakt|office|buero|büro|team|mail|praxis|kanzlei|care|frontdesk|reception|empfang|appointments?|booking|bookings|book|termine?|studio|welcome|smile|service|enquiries|inquiries|dispatch)$/iu;

/**
 * The address to write to, best class first: a named person in the right role (the lead's contact, or an
 * owner or manager from the team page), then another named person, then the business's general inbox;
 * never a no-reply, jobs or privacy box. Within a class, what was found on the site or given in the
 * source beats a paid finder, which beats a guess. Addresses on names reserved for testing (.example,
 * .test, .invalid) count like any other, as the hosts do, so the sample workspace has its recipients.
 */
export function pickRecipient(lead: Lead, facts: Fact[]): Recipient {
  const people = peopleOf(lead, facts);
  const seen = new Map<string, { email: string; status: EmailStatus; confidence: number; detail: Record<string, unknown> | undefined }>();
  const add = (raw: string, status: EmailStatus, confidence: number, detail?: Record<string, unknown>) => {
    const a = parseEmailAddress(raw);
    if (!a) return;
    const key = emailKey(a);
    const cur = seen.get(key);
    if (!cur || statusRank(status) > statusRank(cur.status)) seen.set(key, { email: a.address, status, confidence: Math.max(confidence, cur?.confidence ?? 0), detail: detail ?? cur?.detail });
  };
  if (lead.email) add(lead.email, 'from_source', 0.95);
  for (const f of facts) {
    if (f.kind !== 'email') continue;
    const status = (typeof f.detail?.status === 'string' ? f.detail.status : 'found_on_site') as EmailStatus;
    add(f.value, status, f.confidence, f.detail);
  }
  let best: { email: string; status: EmailStatus; score: number; reason: string } | null = null;
  for (const c of seen.values()) {
    const local = c.email.split('@')[0]!.split('+')[0]!;
    if (NEVER.test(local)) continue;
    const person = people.find((p) => matchesPerson(local, p));
    const cls = classifyEmail(c.email, people);
    let score: number;
    let reason: string;
    if (person && (person.contact || (person.role && DECIDES.test(person.role)))) {
      score = 3;
      reason = `${person.name}${person.role ? `, ${person.role}` : ''}`;
    } else if (person || cls === 'personal') {
      score = 2.4;
      reason = person ? person.name : 'a named person';
    } else if (GENERAL.test(local)) {
      score = 2;
      reason = 'the general inbox';
    } else if (cls === 'webmail') {
      score = 1.6;
      reason = 'a webmail address';
    } else {
      score = 1.2;
      reason = 'another address of the business';
    }
    score += statusRank(c.status) * 0.2 + c.confidence * 0.1;
    if (c.detail?.domain_matches_site === false) score -= 0.8;
    if (!best || score > best.score) best = { email: c.email, status: c.status, score, reason };
  }
  return best ? { email: best.email, status: best.status, reason: best.reason } : { email: null, status: null };
}

interface Person {
  name: string;
  first?: string;
  last?: string;
  role?: string;
  contact: boolean;
  first_name?: string;
  last_name?: string;
}

function peopleOf(lead: Lead, facts: Fact[]): Person[] {
  const out: Person[] = [];
  if (lead.first_name || lead.last_name) {
    out.push({ name: [lead.first_name, lead.last_name].filter(Boolean).join(' '), first: fold(lead.first_name), last: fold(lead.last_name), role: lead.title, contact: true, first_name: lead.first_name, last_name: lead.last_name });
  }
  for (const f of facts) {
    if (f.kind !== 'person') continue;
    const first = typeof f.detail?.first_name === 'string' ? f.detail.first_name : undefined;
    const last = typeof f.detail?.last_name === 'string' ? f.detail.last_name : undefined;
    const name = typeof f.detail?.name === 'string' ? f.detail.name : f.value;
    const parts = name.replace(/^(?:Dr\.?|Prof\.?|Frau|Herr|Mr\.?|Mrs\.?|Ms\.?)\s+/u, '').split(/\s+/u);
    const f1 = first ?? parts[0];
    const l1 = last ?? (parts.length > 1 ? parts[parts.length - 1] : undefined);
    const isContact = !!lead.last_name && fold(l1) === fold(lead.last_name) && (!lead.first_name || fold(f1) === fold(lead.first_name));
    out.push({ name, first: fold(f1), last: fold(l1), role: typeof f.detail?.role === 'string' ? f.detail.role : undefined, contact: isContact, first_name: f1, last_name: l1 });
  }
  return out;
}

function matchesPerson(local: string, p: Person): boolean {
  const l = fold(local) ?? local;
  const tokens = l.split(/[._-]+/u);
  if (p.first && p.first.length > 1 && tokens.includes(p.first)) return true;
  if (p.last && p.last.length > 2 && (tokens.includes(p.last) || l.endsWith(p.last))) return true;
  return !!p.first && !!p.last && (l === `${p.first[0]}${p.last}` || l === `${p.first}${p.last}`);
}

function statusRank(s: EmailStatus): number {
  return s === 'found_on_site' || s === 'from_source' ? 2 : s === 'paid_finder' ? 1 : -3;
}

function fold(s: string | undefined): string | undefined {
  return s?.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').replace(/ß/gu, 'ss').toLowerCase();
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
          const { draft } = store.drafts.create({
            id, execution_id: rt.execution.id, lead_id: leadId, recipient: recipient.email, recipient_status: recipient.status,
            subject: p.subject, body, model_used: p.model_used, message_quality_score: p.message_quality_score,
            lead_score: lead.lead_score ?? 0, expires_at,
            // The check's findings and the set-aside refinement travel with the first version, for the review pane.
            metrics: {
              ...p.metrics, quality_checks: p.quality_checks, facts_used: p.facts_used, message_check: p.message_check, angle: p.angle, fact_ids_used: p.fact_ids_used,
              needs_review: p.needs_review, set_aside: p.set_aside, recipient_reason: recipient.reason ?? null,
            },
            refined,
          });
          // The agent's second variant, beside the first in the same write: a crash leaves both or neither.
          if (p.variant) {
            store.followUps.addVariant(draft, {
              subject: p.variant.subject, body: deps.formatter.format(p.variant.body, 'email'), model_used: 'offline', message_quality_score: p.variant.message_quality_score,
              metrics: { angle: p.variant.angle, fact_ids_used: p.variant.fact_ids_used, language: p.variant.language, message_check: p.variant.message_check, recipient_reason: recipient.reason ?? null },
            });
          }
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
