import { modelChoice, type ConfiguredAi } from '../ai/configured';
import type { Ai } from '../ai/layer';
import { writeDraft, type DraftContext, type DraftEvent, type DraftResult } from '../ai/two-stage';
import { ledgerSink } from '../ai/usage';
import { actionMicros } from '../core/action-prices';
import { parseAgentConfig } from '../core/agent-config';
import { HunterError, toHunterError } from '../core/errors';
import type { SenderIdentity } from '../recipes/personalization';
import type { WorkspaceStore } from '../store';
import type { DraftStreamEvent } from '../../preload/contract';
import type { EventBatcher } from './event-batcher';

/**
 * Re-writes one draft on request, streaming: the fast model's draft, then the refinement, through the
 * event batcher. The result is stored as a new version; it replaces the body only if the rep has not
 * edited it (otherwise it waits beside the edit). With no key configured the offline composer writes it.
 */
export class DraftWriter {
  private readonly streams = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly models: ConfiguredAi,
    private readonly env: NodeJS.ProcessEnv,
    private readonly batcher: EventBatcher,
    private readonly sender: (store: WorkspaceStore) => SenderIdentity,
  ) {}

  /** Starts writing; the text arrives as draft:events. A second request for the same draft replaces the first. */
  start(store: WorkspaceStore, draftId: string): void {
    const draft = store.drafts.get(draftId);
    if (draft.status === 'exported') throw new HunterError('CONFLICT', 'This draft was already exported; undo the export to rewrite it.');
    const ai = this.ai(store);
    if ((ai.has('groq') || ai.has('anthropic')) && store.ledger.balance().balance_micros <= 0) {
      throw new HunterError('INSUFFICIENT_CREDITS', 'No credits left for a model call; add credits, or remove the keys to write offline.');
    }
    this.streams.get(draftId)?.abort();
    const abort = new AbortController();
    this.streams.set(draftId, abort);
    const p = this.stream(store, draftId, ai, abort.signal)
      .catch((err: unknown) => {
        const h = toHunterError(err);
        this.batcher.draft({ type: 'error', draft_id: draftId, code: h.code, message: h.message, stage: 'write' });
      })
      .finally(() => {
        if (this.streams.get(draftId) === abort) this.streams.delete(draftId);
        this.batcher.flush();
        this.running.delete(p);
      });
    this.running.add(p);
  }

  async stopAll(): Promise<void> {
    for (const a of this.streams.values()) a.abort();
    await Promise.all([...this.running]);
  }

  keyFor(name: 'groq' | 'anthropic'): string | null {
    return this.models.keyFor(name);
  }

  /** The same configured models the runs use: keys from the key store, models from Settings. */
  private ai(store: WorkspaceStore): Ai {
    return this.models.for(modelChoice(store.settings, this.env)).ai;
  }

  private async stream(store: WorkspaceStore, draftId: string, ai: Ai, signal: AbortSignal): Promise<void> {
    const draft = store.drafts.get(draftId);
    const lead = store.leads.get(draft.lead_id);
    const facts = store.leads.facts(draft.lead_id);
    const execution = store.executions.find(draft.execution_id);
    const agent = (execution ? store.agents.find(execution.agent_id)?.config : null) ?? parseAgentConfig({});
    const sender = this.sender(store);
    const ctx: DraftContext = { lead, facts, agent, sender: { name: sender.name, company: sender.company } };
    const ledgerCtx = { execution_id: draft.execution_id, recipe_id: 'personalization', lead_id: draft.lead_id };
    const inner = ledgerSink(store.ledger, ledgerCtx, () => store.usage.add(1));
    // Each attempt's charge is its own transaction: the ledger row and its audit entry land together.
    const sink = { charge: (key: string, u: Parameters<typeof inner.charge>[1]) => store.tx(() => inner.charge(key, u)), apiCall: inner.apiCall };
    const chargeKey = `${draft.id}:rewrite:${Date.now().toString(36)}`;
    const isEditedByRep = () => store.drafts.get(draftId).current_version === 'edited';
    for await (const e of writeDraft(ctx, ai, { sink, chargeKey, signal, isEditedByRep })) {
      if (signal.aborted) return;
      if (e.type === 'done') this.save(store, draftId, e.result, chargeKey, ledgerCtx);
      this.batcher.draft(toStreamEvent(draftId, e));
    }
  }

  private save(store: WorkspaceStore, draftId: string, r: DraftResult, chargeKey: string, ledgerCtx: { execution_id: string; recipe_id: string; lead_id: string }): void {
    const metrics = { ...r.metrics, cached: r.cached, fallback_used: r.fallback_used, errors: r.errors, quality_checks: r.quality.checks };
    store.tx(() => {
      if (r.draft_provider === 'offline' && r.metrics.cost_micros === 0) {
        // The offline composer is metered like in a run, so a rewrite costs what the run's write cost.
        store.ledger.charge(`${chargeKey}:offline`, actionMicros('personalization.offline'), ledgerCtx, 'offline composer (rewrite)');
      }
      const text = r.refined_text ?? r.draft_text;
      const subject = r.refined_text !== null ? (r.refined_subject ?? r.draft_subject) : r.draft_subject;
      store.drafts.addRefinement(draftId, text, subject, r.refine_model ?? r.model_used, metrics, r.quality.score);
    });
  }
}

function toStreamEvent(draftId: string, e: DraftEvent): DraftStreamEvent {
  switch (e.type) {
    case 'draft':
      return { type: 'draft', draft_id: draftId, delta: e.delta, ...(e.restart ? { restart: true } : {}) };
    case 'refined':
      return { type: 'refined', draft_id: draftId, delta: e.delta, ...(e.restart ? { restart: true } : {}) };
    case 'draft_ready':
      return { type: 'draft_ready', draft_id: draftId, text: e.text, subject: e.subject, model: e.model };
    case 'refined_ready':
      return { type: 'refined_ready', draft_id: draftId, text: e.text, model: e.model, kept_as_suggestion: e.kept_as_suggestion };
    case 'done':
      return {
        type: 'done',
        draft_id: draftId,
        metrics: {
          ...e.result.metrics,
          model_used: e.result.model_used,
          refine_model: e.result.refine_model,
          fallback_used: e.result.fallback_used,
          quality: e.result.quality.score,
          kept_as_suggestion: e.result.kept_as_suggestion,
        },
      };
    case 'error':
      return { type: 'error', draft_id: draftId, code: e.code, message: e.message, stage: e.stage };
  }
}
