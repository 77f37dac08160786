import { HunterError, type ErrorCode } from '../core/errors';
import { BLOCKING, checkMessage, type CheckResult, type CheckSender } from '../core/message-check';
import { qualityOf, wordCount, type MessageQuality } from '../core/quality';
import { citableFacts } from './citable-facts';
import { draftCacheKey, type CachedDraft, type DraftCache } from './draft-cache';
import { CallError, type Ai, type AttemptFailure } from './layer';
import { BodyStreamer, readModelMessage } from './message-check';
import { frameMessage, repairMessage, subjectHasBadClaim, type MessageFrame } from './model-message';
import { composeOffline, greetingFor, messageLanguage, signOff, type DraftContext } from './offline-composer';
import { injectedMarkers, knownContacts, prepareFacts, type PromptFact } from './prompt-data';
import { draftPrompt, DraftAnswerSchema, refinePrompt, RefineAnswerSchema, type MessageBrief } from './prompts';
import type { ProviderName } from './settings';
import { UsageTally, type UsageSink } from './usage';
import { voicedFrame, voiceExamplesBlock } from './voice';

export type { DraftContext } from './offline-composer';

export type DraftStage = 'draft' | 'refine';

/**
 * What writeDraft streams. `draft` and `refined` carry text as it arrives (the message's body, also when
 * the model answers JSON: the body field is streamed as it comes); `restart: true` means an attempt failed
 * after sending text and a new one begins: drop the text shown so far. The `_ready` events carry the
 * checked, final text of each version (it differs from the streamed pieces: the app's greeting and
 * sign-off, and anything the check took out). `refined_ready.kept_as_suggestion` is true when the
 * refinement is offered beside the draft rather than applied: the rep edited meanwhile, or it scored
 * lower than the draft. `done` has the whole result, `error` each failure on the way (a failure of the
 * draft stage is followed by its fallback; only CANCELLED ends the stream without done).
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
  /** The version shown: the better of draft and refinement by the check's score (the refinement on a tie), unless the rep edited meanwhile. */
  final_text: string;
  /** Which version `final_text` is. */
  chosen: 'draft' | 'refined';
  /** The refinement is offered beside the draft, not applied (the rep edited meanwhile, or it scored lower). */
  kept_as_suggestion: boolean;
  /** The refinement model's verdict: it kept the draft as it was, or rewrote it. */
  refine_decision: 'keep' | 'rewrite' | null;
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
  /** Sentences the check took out because a claim in them was unsupported or contradicted. */
  claims_removed: string[];
  /** Model versions not shown because they still made claims no fact supports (the offline composer wrote the draft). */
  rejected: Array<{ stage: DraftStage; model: string; subject: string; text: string; score: number; issues: string[] }>;
  angle: string;
  fact_ids_used: string[];
  /** The claims the model said the shown version makes, with the stored facts' ids. */
  declared_claims: Array<{ text: string; fact_id: string | null }>;
  errors: Array<{ stage: DraftStage; code: ErrorCode; message: string }>;
  failures: AttemptFailure[];
  quality: MessageQuality;
  /** The message check of the version shown. */
  check: CheckResult;
  draft_score: number;
  refined_score: number | null;
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
  /**
   * Stream the models' answers (default). A run's step, which nobody watches, asks for whole answers
   * instead: Groq then constrains them to the JSON schema, which it does not do for streams.
   */
  stream?: boolean | undefined;
}

/**
 * Two-stage drafting: Groq writes a first draft as structured output, Claude sees it with its check
 * results and keeps or rewrites it; the better of the two by the message check is the one shown.
 * Single-stage when only one provider is configured, the offline composer when none is (or when every
 * model failed, or what they wrote still made claims no fact supports).
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
  claims: Array<{ text: string; fact_id: string | null }>;
  angle: string;
  fact_ids: string[];
}

interface Setup {
  frame: MessageFrame;
  brief: MessageBrief;
  withheld: number;
  checkOf: (v: Pick<Version, 'subject' | 'text' | 'claims'>) => CheckResult;
  offline: () => Version;
  /** A prompt's fact id (F1…) as the stored fact's id. */
  idOf: (ref: string) => string;
}

function setup(ctx: DraftContext): Setup {
  const lang = messageLanguage(ctx.lead, ctx.facts, ctx.agent);
  const prepared = prepareFacts(ctx.facts);
  const cited = citableFacts(ctx.lead, ctx.facts, ctx.agent, { now: ctx.now, outcomes: ctx.outcomes });
  const sender: CheckSender | null = ctx.sender.name.trim() ? { name: ctx.sender.name, company: ctx.sender.company, email: ctx.sender.email, signature: ctx.sender.signature } : null;
  const known = [...knownContacts(ctx.lead, prepared.used), ...[ctx.sender.email, ctx.sender.signature].filter((x): x is string => !!x)];
  // The rep's voice (issue 16): their greeting and closing frame the model's words, their edits are shown as examples.
  const names = [ctx.lead.first_name, ctx.lead.last_name, ctx.lead.name].filter((x): x is string => !!x);
  const voiced = voicedFrame({ greeting: greetingFor(ctx.lead, ctx.facts, ctx.agent.tone, lang), signoff: signOff(ctx.sender, lang) }, ctx.voice, { language: lang, names, sender: ctx.sender });
  const frame: MessageFrame = {
    greeting: voiced.greeting,
    signoff: voiced.signoff,
    maxLength: ctx.agent.max_length,
    knownContacts: known,
    markers: injectedMarkers(prepared.withheld, legitText(ctx, prepared.used)),
    sender,
    callToAction: ctx.agent.call_to_action,
  };
  const brief: MessageBrief = {
    lead: ctx.lead, facts: cited.facts, agent: ctx.agent, language: lang, greeting: frame.greeting,
    maxWords: Math.max(20, ctx.agent.max_length - wordCount(frame.signoff)),
    voice: ctx.voice && ctx.voice.language === lang ? voiceExamplesBlock(ctx.voice) : undefined,
  };
  // Fact ids in the prompt are F1, F2…; the claims a model names are mapped back to the stored facts.
  const byRef = new Map(cited.facts.map((f) => [f.ref, f.id]));
  const checkOf = (v: Pick<Version, 'subject' | 'text' | 'claims'>) =>
    checkMessage({
      lead: ctx.lead, facts: ctx.facts, agent: ctx.agent, sender, body: v.text, subject: v.subject, others: ctx.others, language: lang,
      declared_claims: v.claims.map((c) => ({ text: c.text, fact_id: c.fact_id ? (byRef.get(c.fact_id) ?? c.fact_id) : null })),
    });
  const offline = (): Version => {
    const m = composeOffline(ctx);
    return { subject: m.subject, text: m.body, model: 'offline', provider: 'offline', claims: [], angle: m.angle, fact_ids: m.fact_ids_used };
  };
  return { frame, brief, withheld: cited.withheld.length, checkOf, offline, idOf: (ref) => byRef.get(ref) ?? ref };
}

function hasFalseClaims(c: CheckResult): boolean {
  return c.issues.some((i) => BLOCKING.has(i.code) && i.code !== 'SENDER_MISSING' && i.code !== 'OFF_TARGET');
}

async function run(ctx: DraftContext, ai: Ai, opts: WriteDraftOptions, emit: (e: DraftEvent) => void): Promise<void> {
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const stream = opts.stream ?? true;
  const tally = new UsageTally(opts.sink);
  const errors: DraftResult['errors'] = [];
  const failures: AttemptFailure[] = [];
  const contactsRemoved: string[] = [];
  const claimsRemoved: string[] = [];
  const rejected: DraftResult['rejected'] = [];
  const s = setup(ctx);
  const gen = ai.settings.generation;

  const fail = (stage: DraftStage, err: unknown): HunterError => {
    const h = err instanceof HunterError ? err : new HunterError('INTERNAL', String(err));
    if (err instanceof CallError) failures.push(...err.spent.failures);
    errors.push({ stage, code: h.code, message: h.message });
    emit({ type: 'error', code: h.code, message: h.message, retryable: h.retryable, stage });
    return h;
  };

  /** A model's answer made into a message in the app's frame, checked, and repaired where the check found untrue claims. */
  const accept = (raw: string, model: string, provider: ProviderName, stage: DraftStage, fallbackSubject: string): { v: Version; check: CheckResult } | string => {
    const m = readModelMessage(raw, stage === 'draft' ? DraftAnswerSchema : RefineAnswerSchema.transform((x) => ({ ...x, subject: x.subject || fallbackSubject })));
    if (!m) return 'the answer held no message';
    const framed = frameMessage(m.body, s.frame);
    contactsRemoved.push(...framed.removed);
    if (!framed.usable) return `the message was not usable after removing contact details not in the lead's facts (${framed.removed.join(', ') || 'too short'})`;
    let v: Version = { subject: m.subject ?? fallbackSubject, text: framed.body, model, provider, claims: m.claims, angle: m.angle, fact_ids: m.fact_ids_used };
    let check = s.checkOf(v);
    if (hasFalseClaims(check) || subjectHasBadClaim(v.subject, check)) {
      const fixed = repairMessage(v.text, check, s.frame);
      claimsRemoved.push(...fixed.removed);
      const subject = subjectHasBadClaim(v.subject, check) ? fallbackSubject : v.subject;
      v = { ...v, subject, text: fixed.body, claims: v.claims.filter((c) => !fixed.removed.some((r) => r.toLowerCase().includes(c.text.toLowerCase()))) };
      check = s.checkOf(v);
    }
    return { v, check };
  };

  // A cache hit costs nothing and calls no one.
  const cacheKey = opts.cache ? draftCacheKey(ctx, ai.settings) : null;
  const hit = cacheKey ? opts.cache!.get(cacheKey) : null;
  if (hit) {
    emit({ type: 'draft', delta: hit.draft_text, restart: false });
    emit({ type: 'draft_ready', subject: hit.draft_subject, text: hit.draft_text, model: hit.model_used });
    const t = since();
    const result = assemble(s, hit, { cached: true, kept: opts.isEditedByRep?.() ?? false, errors, failures, rejected, metrics: { ttft_ms: t, draft_ms: t, refine_ms: hit.refined_text !== null ? 0 : null, total_ms: t, input_tokens: 0, output_tokens: 0, cost_micros: 0, api_calls: 0 } });
    if (hit.refined_text !== null && hit.refine_model) {
      emit({ type: 'refined', delta: hit.refined_text, restart: false });
      emit({ type: 'refined_ready', subject: hit.refined_subject ?? hit.draft_subject, text: hit.refined_text, model: hit.refine_model, kept_as_suggestion: result.kept_as_suggestion });
    }
    emit({ type: 'done', result });
    return;
  }

  const offlineSubject = s.offline().subject;
  let draft: Version | null = null;
  let draftCheck: CheckResult | null = null;
  let fallback = false;
  let ttft: number | null = null;
  let textShown = false;

  const candidates: Array<{ provider: ProviderName; models: string[] }> = [];
  if (ai.has('groq')) candidates.push({ provider: 'groq', models: ai.settings.models.draft });
  if (ai.has('anthropic')) candidates.push({ provider: 'anthropic', models: ai.settings.models.refine });

  // Stage 1: the draft, from the first provider that gives a usable one.
  for (let i = 0; i < candidates.length && !draft; i++) {
    const { provider, models } = candidates[i]!;
    const streamer = new BodyStreamer();
    let firstOfCandidate = true;
    try {
      const r = await ai.call({
        provider,
        models,
        request: draftPrompt(s.brief, { maxTokens: gen.draftMaxTokens, temperature: gen.draftTemperature }),
        stream,
        chargeKey: `${opts.chargeKey}:draft:${provider}`,
        sink: tally,
        signal: opts.signal,
        onDelta: stream
          ? (piece, restart) => {
              const again = restart || (firstOfCandidate && textShown);
              if (again) {
                ttft = null;
                streamer.reset();
              }
              firstOfCandidate = false;
              const body = streamer.feed(piece);
              if (!body && !again) return;
              if (ttft === null && body) ttft = since();
              textShown = true;
              emit({ type: 'draft', delta: body, restart: again });
            }
          : undefined,
      });
      failures.push(...r.failures);
      const got = accept(r.text, r.model, provider, 'draft', offlineSubject);
      if (typeof got === 'string') {
        fail('draft', new HunterError('MALFORMED_RESPONSE', `${provider} ${r.model}: ${got}`));
        fallback = true;
        continue;
      }
      draft = got.v;
      draftCheck = got.check;
      if (i > 0 || r.model_fallback) fallback = true;
      if (!stream) {
        // Nobody watched it being written: it arrives whole.
        emit({ type: 'draft', delta: draft.text, restart: textShown });
        textShown = true;
        ttft ??= since();
      }
    } catch (err) {
      // Only a failed call is a reason to fall back; anything else (the ledger refusing a charge) stops here.
      if (!(err instanceof CallError)) throw err;
      const h = fail('draft', err);
      if (h.code === 'CANCELLED') return;
      fallback = true;
    }
  }
  if (!draft) {
    draft = s.offline();
    draftCheck = s.checkOf(draft);
    emit({ type: 'draft', delta: draft.text, restart: textShown });
    if (ttft === null) ttft = since();
  }
  const draftMs = since();
  emit({ type: 'draft_ready', subject: draft.subject, text: draft.text, model: draft.model });

  // Stage 2: Claude sees a Groq draft and what the check found, and keeps it or rewrites it. A draft that
  // already came from Claude, or from the offline composer, is final.
  let refined: Version | null = null;
  let refinedCheck: CheckResult | null = null;
  let refineMs: number | null = null;
  let decision: 'keep' | 'rewrite' | null = null;
  if (draft.provider === 'groq' && ai.has('anthropic')) {
    const r0 = performance.now();
    const streamer = new BodyStreamer();
    try {
      const r = await ai.call({
        provider: 'anthropic',
        models: ai.settings.models.refine,
        // The refiner sees the draft without the sign-off: it is the app's to add, not the model's to rewrite.
        request: refinePrompt(s.brief, { subject: draft.subject, body: withoutSignoff(draft.text, s.frame) }, draftCheck!, { maxTokens: gen.refineMaxTokens, temperature: gen.refineTemperature }),
        stream,
        chargeKey: `${opts.chargeKey}:refine:anthropic`,
        sink: tally,
        signal: opts.signal,
        onDelta: stream
          ? (piece, restart) => {
              if (restart) streamer.reset();
              const body = streamer.feed(piece);
              if (body || restart) emit({ type: 'refined', delta: body, restart });
            }
          : undefined,
      });
      failures.push(...r.failures);
      if (isKeep(r.text)) {
        decision = 'keep';
      } else {
        const got = accept(r.text, r.model, 'anthropic', 'refine', draft.subject);
        if (typeof got === 'string') {
          fail('refine', new HunterError('MALFORMED_RESPONSE', `anthropic ${r.model}: ${got}; the draft stands`));
        } else {
          decision = 'rewrite';
          refined = got.v;
          refinedCheck = got.check;
          refineMs = performance.now() - r0;
        }
      }
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      const h = fail('refine', err);
      if (h.code === 'CANCELLED') return;
    }
  }

  // Never shown as clean: a model text that still makes claims no fact supports gives way to the other
  // version, or to the offline composer.
  if (refined && refinedCheck && hasFalseClaims(refinedCheck)) {
    rejected.push(rejection('refine', refined, refinedCheck));
    refined = null;
    refinedCheck = null;
  }
  if (draft.provider !== 'offline' && hasFalseClaims(draftCheck!)) {
    rejected.push(rejection('draft', draft, draftCheck!));
    if (refined) {
      // The refinement is clean: it becomes the one draft shown.
      draft = refined;
      draftCheck = refinedCheck;
      refined = null;
      refinedCheck = null;
    } else {
      draft = s.offline();
      draftCheck = s.checkOf(draft);
      fallback = true;
    }
    fail('draft', new HunterError('UNGROUNDED_DRAFT', `The model's draft made claims no fact of this lead supports (${rejected.at(-1)!.issues.slice(0, 2).join('; ')}); ${draft.provider === 'offline' ? 'the offline composer wrote it instead' : 'the clean refinement is shown'}.`));
    emit({ type: 'draft_ready', subject: draft.subject, text: draft.text, model: draft.model });
  }

  // A draft whose only observation was an untrue claim says nothing particular once it is taken out: when
  // the lead has facts to cite, the composer's true observation is the better draft.
  const shown = refined && refinedCheck && refinedCheck.score >= draftCheck!.score ? refinedCheck : draftCheck!;
  if (draft.provider !== 'offline' && claimsRemoved.length > 0 && shown.issues.some((i) => i.code === 'NO_OBSERVATION') && s.brief.facts.length > 0) {
    const composed = s.offline();
    const composedCheck = s.checkOf(composed);
    if (composedCheck.score > shown.score) {
      rejected.push(rejection('draft', draft, draftCheck!));
      if (refined && refinedCheck) rejected.push(rejection('refine', refined, refinedCheck));
      draft = composed;
      draftCheck = composedCheck;
      refined = null;
      refinedCheck = null;
      fallback = true;
      fail('draft', new HunterError('UNGROUNDED_DRAFT', 'With its unsupported claim taken out, the model\'s draft said nothing particular about this lead; the offline composer wrote it from the facts instead.'));
      emit({ type: 'draft_ready', subject: draft.subject, text: draft.text, model: draft.model });
    }
  }

  const texts: CachedDraft = {
    draft_subject: draft.subject,
    draft_text: draft.text,
    refined_subject: refined?.subject ?? null,
    refined_text: refined?.text ?? null,
    model_used: draft.model,
    draft_provider: draft.provider,
    refine_model: refined?.model ?? (decision === 'keep' ? ai.settings.models.refine[0] ?? null : null),
    fallback_used: fallback,
    facts_withheld: s.withheld,
    contacts_removed: contactsRemoved,
    claims_removed: claimsRemoved,
    draft_claims: draft.claims,
    refined_claims: refined?.claims ?? null,
    refine_decision: decision,
    angle: refined?.angle || draft.angle,
    fact_ids_used: (refined?.fact_ids.length ? refined.fact_ids : draft.fact_ids).map(s.idOf),
  };
  // Asked only now: an edit made while the refinement streamed must win.
  const kept = refined ? (opts.isEditedByRep?.() ?? false) : false;
  const result = assemble(s, texts, {
    cached: false, kept, errors, failures, rejected,
    metrics: {
      ttft_ms: ttft, draft_ms: draftMs, refine_ms: refineMs, total_ms: since(),
      input_tokens: tally.input_tokens, output_tokens: tally.output_tokens, cost_micros: tally.cost_micros, api_calls: tally.api_calls,
    },
  });
  if (refined) {
    if (!stream) emit({ type: 'refined', delta: refined.text, restart: false });
    emit({ type: 'refined_ready', subject: refined.subject, text: refined.text, model: refined.model, kept_as_suggestion: result.kept_as_suggestion });
  }
  // Only a complete model answer is worth reusing: a draft whose refinement failed would never be refined.
  if (cacheKey && draft.provider !== 'offline' && errors.length === 0) opts.cache!.put(cacheKey, texts);
  emit({ type: 'done', result });
}

function withoutSignoff(text: string, frame: MessageFrame): string {
  return frame.signoff && text.endsWith(frame.signoff) ? text.slice(0, -frame.signoff.length).trimEnd() : text;
}

function isKeep(text: string): boolean {
  const m = /"decision"\s*:\s*"(keep|rewrite)"/u.exec(text);
  return m?.[1] === 'keep';
}

function rejection(stage: DraftStage, v: Version, c: CheckResult): DraftResult['rejected'][number] {
  return { stage, model: v.model, subject: v.subject, text: v.text, score: c.score, issues: c.issues.map((i) => `${i.code}: ${i.message}`) };
}

function assemble(
  s: Setup,
  t: CachedDraft,
  x: { cached: boolean; kept: boolean; errors: DraftResult['errors']; failures: AttemptFailure[]; rejected: DraftResult['rejected']; metrics: DraftMetrics },
): DraftResult {
  const draftCheck = s.checkOf({ subject: t.draft_subject, text: t.draft_text, claims: t.draft_claims ?? [] });
  const refinedCheck = t.refined_text !== null ? s.checkOf({ subject: t.refined_subject ?? t.draft_subject, text: t.refined_text, claims: t.refined_claims ?? [] }) : null;
  // The better of the two is shown; a tie goes to the refinement, written by the stronger model with the draft's findings in view.
  const refinedBetter = refinedCheck !== null && refinedCheck.score >= draftCheck.score;
  const useRefined = refinedBetter && !x.kept;
  const check = useRefined ? refinedCheck! : draftCheck;
  return {
    subject: useRefined ? (t.refined_subject ?? t.draft_subject) : t.draft_subject,
    draft_subject: t.draft_subject,
    draft_text: t.draft_text,
    refined_subject: t.refined_subject,
    refined_text: t.refined_text,
    final_text: useRefined ? t.refined_text! : t.draft_text,
    chosen: useRefined ? 'refined' : 'draft',
    kept_as_suggestion: t.refined_text !== null && !useRefined,
    refine_decision: t.refine_decision ?? null,
    model_used: t.model_used,
    draft_provider: t.draft_provider,
    refine_model: t.refine_model,
    fallback_used: t.fallback_used,
    cached: x.cached,
    facts_withheld: t.facts_withheld,
    contacts_removed: t.contacts_removed,
    claims_removed: t.claims_removed ?? [],
    rejected: x.rejected,
    angle: t.angle ?? '',
    fact_ids_used: t.fact_ids_used ?? [],
    declared_claims: ((useRefined ? t.refined_claims : t.draft_claims) ?? []).map((c) => ({ text: c.text, fact_id: c.fact_id ? s.idOf(c.fact_id) : null })),
    errors: x.errors,
    failures: x.failures,
    quality: qualityOf(check),
    check,
    draft_score: draftCheck.score,
    refined_score: refinedCheck?.score ?? null,
    metrics: x.metrics,
  };
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
