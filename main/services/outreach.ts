import { parseAgentConfig, type AgentConfig } from '../core/agent-config';
import { channelVersion, channelVersions, type ChannelVersion, type ChatChannel } from '../core/channels';
import { dncEmail, normaliseDncEntry, type DncValue } from '../core/dnc';
import type { Draft } from '../core/domain';
import { HunterError } from '../core/errors';
import { followUpDueDates } from '../core/follow-ups';
import { checkMessage, type CheckSender, type Finding } from '../core/message-check';
import { OUTREACH_CHANNELS, REJECTION_REASONS } from '../core/vocabulary';
import { writeFollowUp } from '../ai/follow-up-writer';
import { secondVariant } from '../ai/variant-writer';
import { learnVoice } from '../ai/voice';
import type { AccountSecretStore } from '../export/account-secrets';
import { accountKey } from '../export/imap-account';
import { assessMessage } from '../recipes/personalization';
import type { WorkspaceStore } from '../store';
import type { CancelReason, OutreachDraft, RejectionReason } from '../store/follow-ups';
import type { LeadOutcome, RecordedOutcome } from '../store/outcomes';
import type { HunterApp } from '../app';
import type { ReplyCheckView, ScheduledDraftView } from '../../preload/contract';
import type { Ctx } from './context';
import { releaseDueFollowUps, stoppedBy } from './follow-up-release';
import type { DraftsService } from './drafts';
import { environmentSecrets, type MailAccountService } from './mail-account';
import { draftStats, type DraftStats } from './outreach-stats';

export type { DraftStats };

export interface ChannelVersionView extends ChannelVersion {
  /** Findings of the message check on this version that make it not sendable (an unsupported claim, …). */
  issues: Finding[];
}

// The window's views of follow-ups and of a reply check are the contract's own (one definition for both faces).
export type ScheduledRowView = ScheduledDraftView;
export type { ReplyCheckView };

/** Findings that are about the truth of a version, not its e-mail shape (a chat has no greeting rule). */
const TRUTH: ReadonlySet<Finding['code']> = new Set(['UNSUPPORTED_CLAIM', 'CONTRADICTED_CLAIM', 'PLACEHOLDER', 'INVENTED_CONTACT', 'OTHER_BUSINESS']);
const OUR_MESSAGE_ID = /<hunter\.([A-Za-z0-9_-]{1,64})@[^<>\s]+>/u;
const MAIL_SERVER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/iu;

/**
 * Outreach after the first draft (issue 16): channel versions, follow-ups planned at export and released
 * on their day, rejection reasons, variants, replies read from the rep's own mailbox, and the analytics
 * of it all. Nothing here sends anything.
 */
export class OutreachService {
  constructor(
    private readonly app: HunterApp,
    private readonly drafts: DraftsService,
    private readonly mail: MailAccountService,
    private readonly secrets: AccountSecretStore,
    /** The CLI's environment, for the mail password (HUNTER_IMAP_PASSWORD); none in the app. */
    private readonly secretEnv: NodeJS.ProcessEnv | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The versions of a draft for the agent's channels (or the one asked for), each checked for truth. */
  channels(ctx: Ctx, id: string, channel?: ChatChannel): ChannelVersionView[] {
    const { store } = ctx;
    const d = store.drafts.get(id);
    const lead = store.leads.get(d.lead_id);
    const facts = store.leads.facts(d.lead_id);
    const agent = agentOf(store, d);
    const signer = this.app.signer(store);
    const sender: CheckSender | null = signer.name.trim() ? { name: signer.name, company: signer.company, email: signer.email, signature: signer.signature } : null;
    const linkedin = lead.linkedin ?? facts.find((f) => f.kind === 'social' && /linkedin\.com\/in\//iu.test(f.value))?.value ?? null;
    const src = { body: d.body, subject: d.subject, sender, lead: { name: lead.name, phone: lead.phone ?? null, country: lead.country ?? null, linkedin } };
    const versions = channel ? [channelVersion(src, channel)] : channelVersions(src, agent.channels);
    return versions.map((v) => {
      const check = checkMessage({ lead, facts, agent: { value_proposition: agent.value_proposition, call_to_action: agent.call_to_action, max_length: 400 }, sender, body: v.text });
      return { ...v, issues: check.issues.filter((i) => TRUTH.has(i.code)) };
    });
  }

  /**
   * Plans the follow-ups of exported first messages (the agent's plan; default two, after 3 and 7
   * business days from the export). A draft already planned, or to a lead that replied, gets none.
   */
  planFollowUps(ctx: Ctx, draftIds: readonly string[]): number {
    const { store } = ctx;
    let planned = 0;
    for (const id of draftIds) {
      const first = store.followUps.find(id);
      if (!first || first.status !== 'exported' || first.follow_up_step !== 0) continue;
      if (store.outcomes.of(first.lead_id) !== 'no_reply_yet') continue;
      const agent = agentOf(store, first as unknown as Draft);
      const due = followUpDueDates(new Date(first.exported_at ?? this.now().toISOString()), agent.follow_ups);
      if (due.length === 0 || store.followUps.of(first.id).length > 0) continue;
      const lead = store.leads.get(first.lead_id);
      const facts = store.leads.facts(first.lead_id);
      const firstVersion = store.drafts.versions(first.id).filter((v) => v.kind !== 'edited').at(-1);
      const usedAngles = [String(firstVersion?.metrics?.angle ?? '')].filter(Boolean);
      const usedFactIds = Array.isArray(firstVersion?.metrics?.fact_ids_used) ? (firstVersion!.metrics!.fact_ids_used as string[]) : [];
      const signer = this.app.signer(store);
      const steps = due.map((at, i) => {
        const w = writeFollowUp({ lead, facts, agent, sender: signer, now: this.now() }, { subject: first.subject, body: first.body, usedAngles, usedFactIds, step: i + 1 });
        usedAngles.push(w.angle);
        usedFactIds.push(...w.fact_ids_used);
        const q = assessMessage(w.body, lead, facts, { ...agent, max_length: 50 }, { signer, subject: w.subject });
        return {
          step: i + 1, due_at: at.toISOString(), expires_at: new Date(at.getTime() + agent.draft_expiry_days * 86_400_000).toISOString(),
          subject: w.subject, body: w.body, model_used: 'offline', message_quality_score: q.score,
          metrics: { angle: w.angle, fact_ids_used: w.fact_ids_used, words: w.words, follow_up: true, message_check: { issues: q.check.issues, claims: q.check.claims } },
        };
      });
      planned += store.followUps.plan(first as unknown as Draft, steps).length;
    }
    return planned;
  }

  /** Follow-ups waiting for their day (first the due ones join the queue, and the stopped ones are cancelled). */
  scheduled(ctx: Ctx, q: { offset?: number | undefined; limit?: number | undefined } = {}): { rows: ScheduledRowView[]; total: number } {
    releaseDueFollowUps(ctx.store, this.now());
    // A do-not-contact entry added since (by hand, an import, a rejection) stops the sequence at once.
    ctx.store.followUps.cancelListed((d) => stoppedBy(ctx.store, d) === 'do_not_contact', { type: 'system', id: 'outreach' });
    const r = ctx.store.followUps.scheduled({ limit: q.limit ?? 200, offset: q.offset ?? 0 });
    const names = new Map(ctx.store.leads.getMany([...new Set(r.rows.map((d) => d.lead_id))]).map((l) => [l.id, l.name]));
    return { total: r.total, rows: r.rows.map((d) => scheduledRow(d, names.get(d.lead_id) ?? '(lead removed)')) };
  }

  /** Releases the follow-ups due by now into the review queue. */
  releaseDue(ctx: Ctx): { released: number; cancelled: number } {
    return releaseDueFollowUps(ctx.store, this.now());
  }

  /**
   * Rejects a draft with the rep's reason. "Don't contact again" puts the person (their address, or the
   * business's name when there is none) on the do-not-contact list and cancels the lead's follow-ups.
   */
  reject(ctx: Ctx, id: string, reason?: RejectionReason): ReturnType<DraftsService['reject']> {
    if (reason !== undefined && !REJECTION_REASONS.includes(reason)) throw new HunterError('INVALID_INPUT', `A rejection reason is one of ${REJECTION_REASONS.join(', ')}.`);
    const { store } = ctx;
    return store.tx(() => {
      const row = this.drafts.reject(ctx, id);
      if (!reason) return row;
      store.followUps.setRejectReason(id, reason, ctx.actor);
      if (reason === 'do_not_contact') {
        const d = store.drafts.get(id);
        const email = dncEmail(d.recipient);
        const name = normaliseDncEntry(store.leads.get(d.lead_id).name, { kind: 'name' });
        const values: DncValue[] = email ? [{ kind: 'email', value: email }] : name.ok ? [{ kind: name.kind, value: name.value }] : [];
        if (values.length) store.dnc.add(values, { source: 'rejection', reason: 'Rejected: do not contact again', lead_id: d.lead_id, actor: ctx.actor });
        store.followUps.cancelForLead(d.lead_id, 'do_not_contact', ctx.actor);
      }
      return row;
    });
  }

  /**
   * A second variant of a lead's first message on another angle (the agent's `variants: 2`), written by
   * the offline composer from the facts the first did not use. Refused when the lead has no other angle.
   */
  addVariant(ctx: Ctx, id: string): OutreachDraft {
    const { store } = ctx;
    const first = store.drafts.get(id);
    const agent = agentOf(store, first);
    const lead = store.leads.get(first.lead_id);
    const facts = store.leads.facts(first.lead_id);
    const v = store.drafts.versions(id).filter((x) => x.kind !== 'edited').at(-1);
    const signer = this.app.signer(store);
    const m = secondVariant({ lead, facts, agent, sender: signer, voice: learnVoice(store.voice.approved(), signer), now: this.now() }, String(v?.metrics?.angle ?? '') || null);
    if (!m) throw new HunterError('INVALID_INPUT', `${lead.name} has no other fact to write a second variant from; enrich the lead, or keep the one draft.`);
    const q = assessMessage(m.body, lead, facts, agent, { signer, subject: m.subject });
    return store.followUps.addVariant(first, {
      subject: m.subject, body: m.body, model_used: 'offline', message_quality_score: q.score,
      metrics: { angle: m.angle, fact_ids_used: m.fact_ids_used, language: m.language, message_check: { issues: q.check.issues, claims: q.check.claims } },
    });
  }

  /** The rep picks one variant: it is approved (as any approval: address, list), the others are set aside. */
  pickVariant(ctx: Ctx, id: string): ReturnType<DraftsService['approve']> {
    const { store } = ctx;
    return store.tx(() => {
      const row = this.drafts.approve(ctx, id);
      for (const s of store.followUps.siblingVariants(store.drafts.get(id))) {
        store.drafts.setStatus(s.id, 'rejected', ctx.actor);
        store.followUps.setRejectReason(s.id, 'other_variant', ctx.actor);
      }
      return row;
    });
  }

  /**
   * Reads the rep's inbox (read-only) for what came back to exported messages: replies by In-Reply-To /
   * References or the lead's address, bounces by their delivery reports, out-of-office answers left
   * alone. A reply or a bounce cancels the lead's follow-ups; "stop" lists the sender. Nothing is sent.
   */
  async checkReplies(ctx: Ctx, o: { mailbox?: string | undefined; maxMessages?: number | undefined } = {}): Promise<ReplyCheckView> {
    const { store } = ctx;
    const exported = store.drafts.list({ status: 'exported' });
    const view: ReplyCheckView = {
      mailbox: o.mailbox ?? 'INBOX', scanned: 0, replies: 0, positive: 0, not_now: 0, stop: 0, bounces: 0, auto_replies: 0, cancelled: 0, listed: 0, more: false,
      outcomes: store.outcomes.counts(),
    };
    if (exported.length === 0) return view;
    const account = this.mail.account(ctx);
    const secrets = this.secretEnv ? environmentSecrets(account, this.secretEnv, this.secrets) : this.secrets;
    const byId = new Map(exported.map((d) => [d.id, d]));
    const byAddress = new Map<string, Draft>();
    for (const d of exported) if (d.recipient && !byAddress.has(d.recipient.toLowerCase())) byAddress.set(d.recipient.toLowerCase(), d);
    const firstOf = (d: Draft): Draft => {
      const of = store.followUps.find(d.id)?.follow_up_of;
      return (of && store.drafts.find(of)) || d;
    };
    const ours = (refs: readonly string[]): Draft | null => {
      for (const r of refs) {
        const m = OUR_MESSAGE_ID.exec(r);
        const d = m ? (byId.get(m[1]!) ?? store.drafts.find(m[1]!)) : null;
        if (d) return firstOf(d);
      }
      return null;
    };
    const since = new Date(Math.min(...exported.map((d) => Date.parse(d.exported_at ?? d.created_at))) - 86_400_000);
    const key = accountKey(account);
    const mark = store.outcomes.mark(key, view.mailbox);
    const { readNewMail } = await import('../replies/mailbox');
    const read = await readNewMail(account, secrets, mark, {
      ...this.mail.tokenOptions(), mailbox: view.mailbox, since, maxMessages: o.maxMessages,
      interesting: (m) => m.references.some((r) => OUR_MESSAGE_ID.test(r)) || (!!m.from && (byAddress.has(m.from) || MAIL_SERVER.test(m.from))),
    });
    view.scanned = read.scanned;
    view.more = read.more;
    store.tx(() => {
      for (const m of read.messages) {
        const what = m.what;
        const draft = ours(what.messageIds) ?? (what.kind === 'bounce' ? (what.recipient ? byAddress.get(what.recipient) : undefined) : m.from ? byAddress.get(m.from) : undefined) ?? null;
        if (what.kind === 'bounce' && !what.permanent) continue;
        let outcome: RecordedOutcome | null = null;
        if (what.kind === 'bounce' && draft) outcome = 'bounced';
        if (what.kind === 'reply' && draft) outcome = what.tone;
        const fresh = store.outcomes.addEvent({
          mailbox: read.mailbox, uid_validity: read.uid_validity, uid: m.uid, kind: what.kind, outcome, language: what.kind === 'reply' ? what.language : null,
          lead_id: draft?.lead_id ?? null, draft_id: draft?.id ?? null, received_at: m.date,
        });
        if (!fresh || !draft) continue;
        if (what.kind === 'auto_reply') {
          view.auto_replies++;
          continue;
        }
        store.outcomes.setOutcome(draft.lead_id, draft.id, outcome!, m.date);
        store.audit.append({ actor: { type: 'system', id: 'replies' }, action: 'reply_recorded', resource: 'lead', resource_id: draft.lead_id, changes: { after: { outcome } }, context: { lead_id: draft.lead_id } });
        const why: CancelReason = what.kind === 'bounce' ? 'bounced' : 'replied';
        view.cancelled += store.followUps.cancelForLead(draft.lead_id, why, { type: 'system', id: 'replies' });
        if (what.kind === 'bounce') {
          view.bounces++;
          continue;
        }
        view.replies++;
        if (what.tone === 'positive') view.positive++;
        if (what.tone === 'not_now') view.not_now++;
        if (what.tone === 'stop') {
          view.stop++;
          const values = [...new Set([m.from, draft.recipient].map((a) => dncEmail(a)).filter((a): a is string => !!a))].map((value) => ({ kind: 'email' as const, value }));
          view.listed += store.dnc.add(values, { source: 'reply', reason: 'Asked to stop in a reply', lead_id: draft.lead_id, actor: { type: 'system', id: 'replies' } }).added.length;
        }
      }
      store.outcomes.setMark(key, read.mailbox, { uid_validity: read.uid_validity, last_uid: read.last_uid });
    });
    view.outcomes = store.outcomes.counts();
    return view;
  }

  /** The draft analytics: drafts per day, timings per provider, fallbacks, edits, replies per angle. */
  stats(ctx: Ctx, o: { days?: number | undefined } = {}): DraftStats & { outcomes: Record<LeadOutcome, number> } {
    // The outcome counts too, so the window shows them without reading the mailbox first.
    return { ...draftStats(ctx.store, this.now(), o.days ?? 30), outcomes: ctx.store.outcomes.counts() };
  }
}


function agentOf(store: WorkspaceStore, d: Pick<Draft, 'execution_id'>): AgentConfig {
  return store.agents.find(store.executions.get(d.execution_id).agent_id)?.config ?? parseAgentConfig({});
}

function scheduledRow(d: OutreachDraft, company: string): ScheduledRowView {
  return {
    id: d.id, lead_id: d.lead_id, company, recipient: d.recipient, subject: d.subject, body: d.body, status: d.status,
    follow_up_of: d.follow_up_of, step: d.follow_up_step, due_at: d.due_at, cancel_reason: d.cancel_reason,
  };
}

export { OUTREACH_CHANNELS };
