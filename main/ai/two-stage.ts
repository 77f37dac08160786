import { HunterError, type ErrorCode } from '../core/errors';
import { messageQuality, type MessageQuality } from '../core/quality';
import { draftCacheKey, type CachedDraft, type DraftCache } from './draft-cache';
import { CallError, type Ai, type AttemptFailure } from './layer';
import { cleanMessage, splitSubject, SubjectSplitter } from './message-check';
import { composeOffline, type DraftContext } from './offline-composer';
import { injectedMarkers, knownContacts, prepareFacts, type PromptFact } from './prompt-data';
import { draftPrompt, refinePrompt } from './prompts';
import type { ProviderName } from './settings';
import { UsageTally, type UsageSink } from './usage';

export type { DraftContext } from './offline-composer';

export type DraftStage = 'draft' | 'refine';

/**
 * What writeDraft streams. `draft` and `refined` carry text as it arrives; `restart: true` means an
 * attempt failed after sending text and a new one begins: drop the text shown so far. The `_ready`
 * events carry the checked, final text of each version (it can differ from the streamed pieces when
 * the post-check removed something), `done` the whole result, `error` each failure on the way (a
 * failure of the draft stage is followed by its fallback; only CANCELLED ends the stream without done).
 */
export type DraftEvent =
  | { type: 'draft'; delta: string; restart: boolean }
  | { type: 'draft_ready'; subject: string; text: string; model: string }
  | { type: 'refined'; delta: string; restart: boolean }
  | { type: 'refined_ready'; subject: string; text: string; model: string; kept_as_suggestion: boolean }
  | { type: 'done'; result: DraftResult }
  | { type: 'error'; code: ErrorCode; message: string; retryable: boolean; stage: DraftStage };

export interface DraftMetrics {
  /** From the call to the first draft text the rep saw (of the attempt that went on to succeed). */
  ttft_ms: number | null;
  draft_ms: number;
  refine_ms: number | null;
  total_ms: number;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  api_calls: number;
}

export interface DraftResult {
  subject: string;
  draft_subject: string;
  draft_text: string;
  refined_subject: string | null;
  refined_text: string | null;
  /** The refinement when it arrived in time, else the draft. The rep's own edit lives elsewhere. */
  final_text: string;
  /** The refinement arrived after the rep had edited the draft: it is offered, never applied. */
  kept_as_suggestion: boolean;
  /** The model that wrote the draft, or 'offline'. */
  model_used: string;
  draft_provider: ProviderName | 'offline';
  refine_model: string | null;
  /** The draft came from a fallback: a later model in the list, the other provider, or the offline composer. */
  fallback_used: boolean;
  cached: boolean;
  /** Facts kept out of the prompts because they read like instructions. */
  facts_withheld: number;
  /** Contacts (and injected text) the post-check removed from a model's message. */
  contacts_removed: string[];
  errors: Array<{ stage: DraftStage; code: ErrorCode; message: string }>;
  failures: AttemptFailure[];
  quality: MessageQuality;
  metrics: DraftMetrics;
}

export interface WriteDraftOptions {
  sink: UsageSink;
  /** Base of the per-attempt charge keys, unique per lead and execution. */
  chargeKey: string;
  signal?: AbortSignal | undefined;
  /** Asked when the refinement arrives: has the rep edited the draft meanwhile? */
  isEditedByRep?: (() => boolean) | undefined;
  cache?: DraftCache | undefined;
}

/**
 * Two-stage drafting: Groq streams a first draft, Claude rewrites it. Single-stage when only one
 * provider is configured, the offline composer when none is (or when every model failed). Every message
 * passes the post-check (contacts must come from the lead's facts) before it is offered.
 */
export async function* writeDraft(ctx: DraftContext, ai: Ai, opts: WriteDraftOptions): AsyncGenerator<DraftEvent, void, undefined> {
  const queue = new EventQueue<DraftEvent>();
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) inner.abort();
  const work = run(ctx, ai, { ...opts, signal: inner.signal }, (e) => queue.push(e)).then(
    () => queue.close(),
    (err: unknown) => queue.fail(err),
  );
  try {
    yield* queue;
    await work;
  } finally {
    // A consumer that stops listening cancels the calls still running.
    inner.abort();
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Runs writeDraft to the end and returns its result (the CLI and tests that need no streaming). */
export async function writeDraftToEnd(ctx: DraftContext, ai: Ai, opts: WriteDraftOptions): Promise<{ result: DraftResult | null; events: DraftEvent[] }> {
  const events: DraftEvent[] = [];
  let result: DraftResult | null = null;
  for await (const e of writeDraft(ctx, ai, opts)) {
    events.push(e);
    if (e.type === 'done') result = e.result;
  }
  return { result, events };
}

interface Version {
  subject: string;
  text: string;
  model: string;
  provider: ProviderName | 'offline';
}

async function run(ctx: DraftContext, ai: Ai, opts: WriteDraftOptions, emit: (e: DraftEvent) => void): Promise<void> {
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const tally = new UsageTally(opts.sink);
  const errors: DraftResult['errors'] = [];
  const failures: AttemptFailure[] = [];
  const removed: string[] = [];
  const { used, withheld } = prepareFacts(ctx.facts);
  const known = knownContacts(ctx.lead, used);
  const markers = injectedMarkers(withheld, legitText(ctx, used));
  const gen = ai.settings.generation;
  const offlineSubject = () => composeOffline(ctx).subject;

  const fail = (stage: DraftStage, err: unknown): HunterError => {
    const h = err instanceof HunterError ? err : new HunterError('INTERNAL', String(err));
    if (err instanceof CallError) failures.push(...err.spent.failures);
    errors.push({ stage, code: h.code, message: h.message });
    emit({ type: 'error', code: h.code, message: h.message, retryable: h.retryable, stage });
    return h;
  };

  // A cache hit costs nothing and calls no one.
  const cacheKey = opts.cache ? draftCacheKey(ctx, ai.settings) : null;
  const hit = cacheKey ? opts.cache!.get(cacheKey) : null;
  if (hit) {
    emit({ type: 'draft', delta: hit.draft_text, restart: false });
    emit({ type: 'draft_ready', subject: hit.draft_subject, text: hit.draft_text, model: hit.model_used });
    if (hit.refined_text !== null && hit.refine_model) {
      emit({ type: 'refined', delta: hit.refined_text, restart: false });
      emit({ type: 'refined_ready', subject: hit.refined_subject ?? hit.draft_subject, text: hit.refined_text, model: hit.refine_model, kept_as_suggestion: false });
    }
    const t = since();
    emit({ type: 'done', result: assemble(ctx, known, hit, { cached: true, kept: false, errors, failures, metrics: { ttft_ms: t, draft_ms: t, refine_ms: hit.refined_text !== null ? 0 : null, total_ms: t, input_tokens: 0, output_tokens: 0, cost_micros: 0, api_calls: 0 } }) });
    return;
  }

  // Stage 1: the draft, from the first provider that gives a usable one.
  const candidates: Array<{ provider: ProviderName; models: string[] }> = [];
  if (ai.has('groq')) candidates.push({ provider: 'groq', models: ai.settings.models.draft });
  if (ai.has('anthropic')) candidates.push({ provider: 'anthropic', models: ai.settings.models.refine });
  let draft: Version | null = null;
  let fallback = false;
  let ttft: number | null = null;
  let textShown = false;
  for (let i = 0; i < candidates.length && !draft; i++) {
    const { provider, models } = candidates[i]!;
    const splitter = new SubjectSplitter();
    let firstOfCandidate = true;
    try {
      const r = await ai.call({
        provider,
        models,
        request: draftPrompt(ctx.lead, used, ctx.agent, ctx.sender, { maxTokens: gen.draftMaxTokens, temperature: gen.draftTemperature }),
        stream: true,
        chargeKey: `${opts.chargeKey}:draft:${provider}`,
        sink: tally,
        signal: opts.signal,
        onDelta: (piece, restart) => {
          const again = restart || (firstOfCandidate && textShown);
          if (again) {
            ttft = null;
            splitter.reset();
          }
          firstOfCandidate = false;
          const body = splitter.feed(piece);
          if (!body && !again) return;
          if (ttft === null && body) ttft = since();
          textShown = true;
          emit({ type: 'draft', delta: body, restart: again });
        },
      });
      failures.push(...r.failures);
      const { subject, body } = splitSubject(r.text);
      const checked = cleanMessage(body, { knownContacts: known, markers, maxLength: ctx.agent.max_length });
      removed.push(...checked.removed);
      if (!checked.usable) {
        fail('draft', new HunterError('MALFORMED_RESPONSE', `${provider} ${r.model}: the draft was not usable after removing contact details not in the lead's facts (${checked.removed.join(', ') || 'too short'})`));
        fallback = true;
        continue;
      }
      draft = { subject: subject ?? offlineSubject(), text: checked.body, model: r.model, provider };
      if (i > 0 || r.model_fallback) fallback = true;
    } catch (err) {
      // Only a failed call is a reason to fall back; anything else (the ledger refusing a charge) stops here.
      if (!(err instanceof CallError)) throw err;
      const h = fail('draft', err);
      if (h.code === 'CANCELLED') return;
      fallback = true;
    }
  }
  if (!draft) {
    const m = composeOffline(ctx);
    draft = { subject: m.subject, text: m.body, model: 'offline', provider: 'offline' };
    emit({ type: 'draft', delta: m.body, restart: textShown });
    if (ttft === null) ttft = since();
  }
  const draftMs = since();
  emit({ type: 'draft_ready', subject: draft.subject, text: draft.text, model: draft.model });

  // Stage 2: Claude rewrites a Groq draft. A draft that already came from Claude, or from the offline
  // composer after the models failed, is final.
  let refined: Version | null = null;
  let refineMs: number | null = null;
  let kept = false;
  if (draft.provider === 'groq' && ai.has('anthropic')) {
    const r0 = performance.now();
    const splitter = new SubjectSplitter();
    try {
      const r = await ai.call({
        provider: 'anthropic',
        models: ai.settings.models.refine,
        request: refinePrompt(ctx.lead, used, ctx.agent, ctx.sender, { subject: draft.subject, body: draft.text }, { maxTokens: gen.refineMaxTokens, temperature: gen.refineTemperature }),
        stream: true,
        chargeKey: `${opts.chargeKey}:refine:anthropic`,
        sink: tally,
        signal: opts.signal,
        onDelta: (piece, restart) => {
          if (restart) splitter.reset();
          const body = splitter.feed(piece);
          if (body || restart) emit({ type: 'refined', delta: body, restart });
        },
      });
      failures.push(...r.failures);
      const { subject, body } = splitSubject(r.text);
      const checked = cleanMessage(body, { knownContacts: known, markers, maxLength: ctx.agent.max_length });
      removed.push(...checked.removed);
      if (checked.usable) {
        refined = { subject: subject ?? draft.subject, text: checked.body, model: r.model, provider: 'anthropic' };
        // Asked only now: an edit made while the refinement streamed must win.
        kept = opts.isEditedByRep?.() ?? false;
        refineMs = performance.now() - r0;
        emit({ type: 'refined_ready', subject: refined.subject, text: refined.text, model: refined.model, kept_as_suggestion: kept });
      } else {
        fail('refine', new HunterError('MALFORMED_RESPONSE', `anthropic ${r.model}: the refinement was not usable after removing contact details not in the lead's facts (${checked.removed.join(', ') || 'too short'}); the draft stands`));
      }
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      const h = fail('refine', err);
      if (h.code === 'CANCELLED') return;
    }
  }

  const texts: CachedDraft = {
    draft_subject: draft.subject,
    draft_text: draft.text,
    refined_subject: refined?.subject ?? null,
    refined_text: refined?.text ?? null,
    model_used: draft.model,
    draft_provider: draft.provider,
    refine_model: refined?.model ?? null,
    fallback_used: fallback,
    facts_withheld: withheld.length,
    contacts_removed: removed,
  };
  // Only a complete model answer is worth reusing: a draft whose refinement failed would never be refined.
  if (cacheKey && draft.provider !== 'offline' && errors.length === 0) opts.cache!.put(cacheKey, texts);
  const total = since();
  const result = assemble(ctx, known, texts, {
    cached: false,
    kept,
    errors,
    failures,
    metrics: {
      ttft_ms: ttft,
      draft_ms: draftMs,
      refine_ms: refineMs,
      total_ms: total,
      input_tokens: tally.input_tokens,
      output_tokens: tally.output_tokens,
      cost_micros: tally.cost_micros,
      api_calls: tally.api_calls,
    },
  });
  emit({ type: 'done', result });
}

function assemble(
  ctx: DraftContext,
  known: string[],
  t: CachedDraft,
  x: { cached: boolean; kept: boolean; errors: DraftResult['errors']; failures: AttemptFailure[]; metrics: DraftMetrics },
): DraftResult {
  const useRefined = t.refined_text !== null && !x.kept;
  const final_text = useRefined ? t.refined_text! : t.draft_text;
  const subject = useRefined ? (t.refined_subject ?? t.draft_subject) : t.draft_subject;
  return {
    subject,
    draft_subject: t.draft_subject,
    draft_text: t.draft_text,
    refined_subject: t.refined_subject,
    refined_text: t.refined_text,
    final_text,
    kept_as_suggestion: t.refined_text !== null && x.kept,
    model_used: t.model_used,
    draft_provider: t.draft_provider,
    refine_model: t.refine_model,
    fallback_used: t.fallback_used,
    cached: x.cached,
    facts_withheld: t.facts_withheld,
    contacts_removed: t.contacts_removed,
    errors: x.errors,
    failures: x.failures,
    quality: messageQuality(final_text, {
      max_length: ctx.agent.max_length,
      fact_values: factValues(ctx),
      first_name: ctx.lead.first_name ?? null,
      known_contacts: known,
    }),
    metrics: x.metrics,
  };
}

/** The values a message may cite, for its quality score. */
function factValues(ctx: DraftContext): string[] {
  const { lead } = ctx;
  const vals = [lead.name, lead.city, lead.category, ...prepareFacts(ctx.facts).used.map((f) => (typeof f.detail?.title === 'string' ? f.detail.title : f.value))];
  if (lead.rating != null) vals.push(String(lead.rating));
  return vals.filter((v): v is string => !!v && v.length >= 3);
}

/** The lead's real data and the rep's own words: text an injected fact shares with these is not a marker. */
function legitText(ctx: DraftContext, used: readonly PromptFact[]): string {
  const { lead, agent, sender } = ctx;
  return [lead.name, lead.city, lead.category, lead.title, agent.value_proposition, agent.call_to_action, sender.name, sender.company, ...used.map((f) => f.value)]
    .filter(Boolean)
    .join('\n');
}

/** Bridges callback events into an async iterator, in order, without loss. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private error: { err: unknown } | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  fail(err: unknown): void {
    this.error = { err };
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.error) throw this.error.err;
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = () => {
          this.wake = null;
          resolve();
        };
      });
    }
  }
}
