import type { HunterApp } from '../app';
import { parseAgentConfig } from '../core/agent-config';
import { DRAFT_STATUSES, type DraftStatus } from '../core/domain';
import { parseEmailAddress } from '../core/email-address';
import { HunterError, toHunterError } from '../core/errors';
import type { WriteHooks } from '../recipes/personalization';
import type { PersonalizationResult } from '../recipes/handoff';
import type { WorkspaceStore } from '../store';
import type { BulkCandidateView, DraftDetailView, DraftRowView, DraftStreamEvent, Paged } from '../../preload/contract';
import type { Ctx } from './context';
import { releaseDueFollowUps } from './follow-up-release';
import { addressesOf, bulkCandidate, claimViews, currentVersionId, lacksOf, scoreWhy, stagesOf, storedCheckOf, type StoredCheck } from './draft-review';
import { toDraftDetail, toDraftRow } from './views';

export interface DraftListRequest {
  status?: DraftStatus | undefined;
  execution_id?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/**
 * Review: the drafts with their leads, the rep's decisions on them, their edits, and "write again". Every
 * decision is audited by the store; a decision on an exported draft is refused there.
 */
export class DraftsService {
  private readonly streams = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly app: HunterApp, private readonly onStream: (e: DraftStreamEvent) => void) {}

  list(ctx: Ctx, q: DraftListRequest = {}): Paged<DraftRowView> {
    if (q.status !== undefined && !DRAFT_STATUSES.includes(q.status)) throw new HunterError('INVALID_INPUT', `A draft's status is one of ${DRAFT_STATUSES.join(', ')}.`);
    const { store } = ctx;
    // Follow-ups whose day has come join the queue before it is listed (issue 16).
    releaseDueFollowUps(store, new Date());
    const drafts = store.drafts.list({ status: q.status, execution_id: q.execution_id, limit: q.limit ?? 200, offset: q.offset ?? 0 });
    return { rows: rows(store, drafts), total: store.drafts.count({ status: q.status, execution_id: q.execution_id }) };
  }

  row(ctx: Ctx, id: string): DraftRowView {
    return rows(ctx.store, [ctx.store.drafts.get(id)])[0]!;
  }

  async show(ctx: Ctx, id: string): Promise<DraftDetailView> {
    const { store } = ctx;
    const d = store.drafts.get(id);
    const versions = store.drafts.versions(id);
    const facts = store.leads.facts(d.lead_id);
    const detail = toDraftDetail(d, versions, store.leads.get(d.lead_id), facts);
    // What the pane decides on (issue 13): the version shown, its check, what it lacks, what it cost.
    const versionId = currentVersionId(d, versions);
    const check = storedCheckOf(versionId, versions) ?? (await this.checkOf(store, id, d.body, d.subject));
    detail.review = {
      version_id: versionId, issues: check.issues, claims: claimViews(check), lacks: lacksOf(store, d, check.issues), addresses: addressesOf(facts),
      score: scoreWhy(store, d.lead_id), stages: stagesOf(store, d, versions), writing: this.streams.has(id),
    };
    // The lead's other open variants of its first message, for the pane's "Variant 1 / Variant 2" (issue 16).
    if ((detail.follow_up_step ?? 0) === 0) {
      const others = store.followUps.siblingVariants(d).filter((x) => x.follow_up_step === 0);
      detail.variants = [{ id: d.id, variant: detail.variant ?? 0, status: d.status }, ...others.map((x) => ({ id: x.id, variant: Number(x.variant), status: x.status as DraftStatus }))]
        .sort((a, b) => a.variant - b.variant);
    }
    return detail;
  }

  /** The message check of a text shown that carries none of its own (an older draft, a run's refinement). */
  private async checkOf(store: WorkspaceStore, id: string, body: string, subject: string): Promise<StoredCheck> {
    const m = (await this.assess(store, id, body, subject)).metrics.message_check as StoredCheck;
    return { issues: m.issues, claims: m.claims };
  }

  /**
   * Approves exactly the version the rep read: refused while a rewrite is being written, when the draft
   * has changed since (`versionId` is not the one shown), and when there is no address to write to.
   */
  approve(ctx: Ctx, id: string, versionId?: string): DraftRowView {
    const { store } = ctx;
    refuseListed(store, id);
    if (this.streams.has(id)) throw new HunterError('CONFLICT', 'A rewrite of this draft is still being written: wait for it to finish, read it, then approve.');
    const d = store.drafts.get(id);
    if (versionId !== undefined && versionId !== currentVersionId(d, store.drafts.versions(id))) {
      throw new HunterError('CONFLICT', 'This draft changed since you read it (a rewrite or an edit arrived): read the version now shown, then approve it.');
    }
    if (!d.recipient) throw new HunterError('EMAIL_NOT_FOUND', `${store.leads.get(d.lead_id).name} has no address to write to: add one or pick a found one, then approve.`);
    store.drafts.setStatus(id, 'approved', ctx.actor);
    return this.row(ctx, id);
  }

  /** The drafts a bulk approve at this rank would take, best first, each with what it lacks. */
  bulkPreview(ctx: Ctx, minRank: number): { min_rank: number; candidates: BulkCandidateView[] } {
    const { store } = ctx;
    const drafts = store.drafts.pendingIdsAbove(minRank).map((x) => store.drafts.get(x));
    const names = new Map(store.leads.getMany([...new Set(drafts.map((d) => d.lead_id))]).map((l) => [l.id, l.name]));
    return { min_rank: minRank, candidates: drafts.map((d) => bulkCandidate(store, d, names.get(d.lead_id) ?? '(lead removed)')) };
  }

  /** Puts the drafts a bulk approve took back to review, in one transaction (those exported since stay). */
  bulkUndo(ctx: Ctx, ids: readonly string[]): { restored: number } {
    const { store } = ctx;
    let restored = 0;
    store.tx(() => {
      for (const id of ids) {
        if (store.drafts.get(id).status !== 'approved') continue;
        store.drafts.setStatus(id, 'pending_review', ctx.actor);
        restored++;
      }
    });
    return { restored };
  }

  /** The address the rep typed or picked: validated, refused when on the do-not-contact list; its status is the found address's. */
  async setRecipient(ctx: Ctx, id: string, email: string): Promise<DraftDetailView> {
    const { store } = ctx;
    const parsed = parseEmailAddress(email);
    if (!parsed) throw new HunterError('INVALID_INPUT', `"${email.trim().slice(0, 80)}" is not an e-mail address: type it as name@business.com.`);
    const d = store.drafts.get(id);
    const listed = store.dnc.blocksAddress(parsed.address);
    if (listed) throw new HunterError('DO_NOT_CONTACT', `${parsed.address}: ${listed.reason}. Pick another address, or remove the entry if it was added by mistake.`);
    const found = addressesOf(store.leads.facts(d.lead_id)).find((a) => a.email.toLowerCase() === parsed.address.toLowerCase());
    store.drafts.setRecipient(id, parsed.address, (found?.status as Parameters<WorkspaceStore['drafts']['setRecipient']>[2] | undefined) ?? null, ctx.actor);
    return this.show(ctx, id);
  }

  reject(ctx: Ctx, id: string): DraftRowView {
    ctx.store.drafts.setStatus(id, 'rejected', ctx.actor);
    return this.row(ctx, id);
  }

  defer(ctx: Ctx, id: string): DraftRowView {
    ctx.store.drafts.setStatus(id, 'pending_review', ctx.actor);
    return this.row(ctx, id);
  }

  /** Puts a draft back to the status it had before the last decision on it. */
  undo(ctx: Ctx, id: string): DraftRowView {
    const before = ctx.store.audit.statusBeforeLastDecision(id);
    if (before !== 'approved' && before !== 'rejected' && before !== 'pending_review') {
      throw new HunterError('CONFLICT', before ? `The draft was ${before} before; that cannot be restored here.` : 'There is no decision on this draft to undo.');
    }
    ctx.store.drafts.setStatus(id, before, ctx.actor);
    return this.row(ctx, id);
  }

  /** The rep's text, checked as any draft is: its score and findings follow what it now says. */
  async edit(ctx: Ctx, id: string, body: string, subject: string | null): Promise<DraftDetailView> {
    ctx.store.drafts.edit(id, body, subject, ctx.actor, await this.assess(ctx.store, id, body, subject));
    return this.show(ctx, id);
  }

  /** The message check of a text for a draft's lead, with the run's agent and the sender as they are now. */
  private async assess(store: WorkspaceStore, id: string, body: string, subject: string | null): Promise<{ quality: number; metrics: Record<string, unknown> }> {
    // The writer's code loads when a text is checked or written, so listing and deciding start fast.
    const { assessMessage } = await import('../recipes/personalization');
    const draft = store.drafts.get(id);
    const agent = store.agents.find(store.executions.get(draft.execution_id).agent_id)?.config ?? parseAgentConfig({});
    const a = assessMessage(body, store.leads.get(draft.lead_id), store.leads.facts(draft.lead_id), agent, { signer: this.app.signer(store), subject: subject ?? draft.subject });
    return {
      quality: a.score,
      metrics: { quality_checks: a.checks, message_check: { issues: a.check.issues, claims: a.check.claims, language: a.check.language, supported_specific: a.check.supported_specific } },
    };
  }

  /** The rep chose an earlier version: it becomes the body as their decision (audited as an edit). */
  async useVersion(ctx: Ctx, id: string, versionId: string): Promise<DraftDetailView> {
    const v = ctx.store.drafts.versions(id).find((x) => x.id === versionId);
    if (!v) throw new HunterError('NOT_FOUND', `No version "${versionId}" of this draft.`);
    ctx.store.drafts.edit(id, v.body, v.subject, ctx.actor, await this.assess(ctx.store, id, v.body, v.subject));
    return this.show(ctx, id);
  }

  /**
   * Approves, in one transaction, the drafts waiting for review at or above a rank, or exactly the ones
   * listed (the list the rep was shown). A draft with no address, or to someone on the do-not-contact
   * list, is left out and named.
   */
  bulkApprove(ctx: Ctx, minRank: number, only?: readonly string[]): { approved: number; ids: string[]; left_out: BulkCandidateView[] } {
    const { store } = ctx;
    const candidates = only ? only.filter((id) => store.drafts.find(id)?.status === 'pending_review') : store.drafts.pendingIdsAbove(minRank);
    const ids: string[] = [];
    const left_out: BulkCandidateView[] = [];
    store.tx(() => {
      for (const id of candidates) {
        const d = store.drafts.get(id);
        const listed = isListed(store, id);
        if (!d.recipient || listed) {
          const c = bulkCandidate(store, d, store.leads.get(d.lead_id).name);
          left_out.push(listed ? { ...c, lacks: [...c.lacks, { kind: 'address', message: 'On your do-not-contact list.' }] } : c);
          continue;
        }
        store.drafts.setStatus(id, 'approved', ctx.actor);
        ids.push(id);
      }
    });
    return { approved: ids.length, ids, left_out };
  }

  /**
   * Writes a draft again with the writer a run uses (the models when configured, else the offline
   * composer), streaming its text; the result becomes a version, and the body unless the rep has edited it.
   * Resolves when it has started; a second request for the same draft replaces the first.
   */
  write(ctx: Ctx, id: string): { started: true } {
    const { store } = ctx;
    const draft = store.drafts.get(id);
    if (draft.status === 'exported') throw new HunterError('CONFLICT', 'This draft was already exported; undo the export to write it again.');
    refuseListed(store, id);
    this.streams.get(id)?.abort();
    const abort = new AbortController();
    this.streams.set(id, abort);
    const p = this.writeToEnd(ctx, id, abort.signal)
      .then(() => undefined)
      .catch((err: unknown) => {
        const h = toHunterError(err);
        this.onStream({ type: 'error', draft_id: id, code: h.code, message: h.message, stage: 'write' });
      })
      .finally(() => {
        if (this.streams.get(id) === abort) this.streams.delete(id);
        this.running.delete(p);
      });
    this.running.add(p);
    return { started: true };
  }

  /** The rewrite itself, to its end: what `write` runs in the background, and what a script awaits. */
  async writeToEnd(ctx: Ctx, id: string, signal: AbortSignal = new AbortController().signal): Promise<DraftDetailView> {
    const { store } = ctx;
    const draft = store.drafts.get(id);
    const lead = store.leads.get(draft.lead_id);
    const facts = store.leads.facts(draft.lead_id);
    const execution = store.executions.get(draft.execution_id);
    const agent = store.agents.find(execution.agent_id)?.config ?? parseAgentConfig({});
    const writer = await this.app.writer(store);
    const [{ runAdHocStep }, { writeLeadMessage }] = await Promise.all([import('../engine/ad-hoc'), import('../recipes/personalization')]);
    const hooks: WriteHooks = {
      onEvent: (e) => this.onStream(toStream(id, e)),
      isEditedByRep: () => store.drafts.get(id).current_version === 'edited',
      fresh: true,
    };
    const started = performance.now();
    const result = await runAdHocStep(
      store,
      { execution, agent, recipe_id: 'personalization', lead_id: draft.lead_id, maxMicros: writer.maxMicros, signal, key: `rewrite-${Date.now().toString(36)}` },
      async (rt) => {
        const w = await writeLeadMessage(writer, { lead, facts, signer: this.app.signer(store) }, rt, hooks);
        return { value: w.result, charges: w.charges, api_calls: w.api_calls };
      },
      (r: PersonalizationResult, s: WorkspaceStore) => {
        const text = r.refined?.body ?? r.body;
        const subject = r.refined?.subject ?? r.subject;
        s.drafts.addRefinement(id, text, subject, r.refined?.model_used ?? r.model_used, { ...r.metrics, quality_checks: r.quality_checks, facts_used: r.facts_used }, r.message_quality_score);
      },
    );
    const after = store.drafts.get(id);
    this.onStream({
      type: 'done', draft_id: id,
      metrics: {
        ...result.metrics, model_used: result.model_used, refine_model: result.refined?.model_used ?? null, quality: result.message_quality_score,
        kept_as_suggestion: after.current_version === 'edited', total_ms: Math.round(performance.now() - started),
      },
    });
    return this.show(ctx, id);
  }

  /** Stops every rewrite in flight and waits for them (before the database closes). */
  async stopAll(): Promise<void> {
    for (const a of this.streams.values()) a.abort();
    await Promise.all([...this.running]);
  }
}

function rows(store: WorkspaceStore, drafts: ReturnType<WorkspaceStore['drafts']['list']>): DraftRowView[] {
  const leads = new Map(store.leads.getMany([...new Set(drafts.map((d) => d.lead_id))]).map((l) => [l.id, l]));
  return drafts.map((d) => toDraftRow(d, leads.get(d.lead_id)));
}

function toStream(draftId: string, e: Parameters<NonNullable<WriteHooks['onEvent']>>[0]): DraftStreamEvent {
  switch (e.type) {
    case 'draft':
      return { type: 'draft', draft_id: draftId, delta: e.delta, ...(e.restart ? { restart: true } : {}) };
    case 'refined':
      return { type: 'refined', draft_id: draftId, delta: e.delta, ...(e.restart ? { restart: true } : {}) };
    case 'draft_ready':
      return { type: 'draft_ready', draft_id: draftId, text: e.text, subject: e.subject, model: e.model };
    case 'refined_ready':
      return { type: 'refined_ready', draft_id: draftId, text: e.text, model: e.model, kept_as_suggestion: e.kept_as_suggestion };
    case 'error':
      return { type: 'error', draft_id: draftId, code: e.code, message: e.message, stage: e.stage };
  }
}

/** Whether a draft is to someone on the do-not-contact list (a bulk approve leaves it out rather than failing). */
function isListed(store: WorkspaceStore, id: string): boolean {
  try {
    refuseListed(store, id);
    return false;
  } catch (err) {
    if (toHunterError(err).code === 'DO_NOT_CONTACT') return true;
    throw err;
  }
}

/** A draft to a business or address on the do-not-contact list is neither approved nor written again. */
function refuseListed(store: WorkspaceStore, id: string): void {
  const d = store.drafts.get(id);
  const lead = store.leads.get(d.lead_id);
  const m = store.dnc.blocksAddress(d.recipient) ?? store.dnc.blocks(lead, store.leads.facts(lead.id));
  if (m) throw new HunterError('DO_NOT_CONTACT', `${lead.name}: ${m.reason}. Reject the draft, or remove the entry if it was added by mistake.`);
}
