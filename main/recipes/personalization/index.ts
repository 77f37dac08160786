import { actionMicros } from '../../core/action-prices';
import type { Fact, Lead } from '../../core/domain';
import type { AgentConfig } from '../../core/agent-config';
import { checkMessage, type CheckResult, type CheckSender, type OtherDraft } from '../../core/message-check';
import { qualityOf, type MessageQuality } from '../../core/quality';
import type { DraftEvent } from '../../ai/two-stage';
import type { Recipe, StepCharge, StepRuntime } from '../../engine/types';
import { composeOffline, messageLanguage, type DraftContext, type Signer } from '../../ai/offline-composer';
import { secondVariant } from '../../ai/variant-writer';
import { angleOutcomes, learnVoice } from '../../ai/voice';
import { Variety } from '../../ai/variety';
import { isQualified, leadsReference, qualifiedCount, scoreOf, type PersonalizationResult } from '../handoff';

export type { PersonalizationResult };
export type { Signer };

export interface WrittenMessage {
  subject: string;
  /** The first version (the fast draft, or the only one). */
  body: string;
  model_used: string;
  /** The second model's rewrite, when it is the better of the two and so the one shown. */
  refined: { subject: string; body: string; model_used: string } | null;
  /** A rewrite that scored lower than the draft: kept beside it, not shown. */
  set_aside?: { subject: string; body: string; model_used: string; score: number } | null;
  facts_used: string[];
  fact_ids_used?: string[];
  angle?: string;
  /** Claims a model tied to facts ({text, fact_id}), for the check. */
  declared_claims?: Array<{ text: string; fact_id: string | null }>;
  metrics: Record<string, unknown>;
  charges: StepCharge[];
  api_calls: number;
  /** A provider that refused its key on the way (the message came from another one, or offline). */
  auth_failed?: string | null;
}

/** What a rewrite the rep is watching wants to know as it happens; a run's step passes none. */
export interface WriteHooks {
  /** The text as it is written (the fast draft, then the refinement), for the window to show. */
  onEvent?: ((e: Exclude<DraftEvent, { type: 'done' }>) => void) | undefined;
  /** Whether the rep has edited the draft meanwhile: a refinement then waits beside their text. */
  isEditedByRep?: (() => boolean) | undefined;
  /** Write anew, not from the draft cache: the rep asked for another text for the same inputs. */
  fresh?: boolean | undefined;
}

/** The AI component of personalization: writes one message for one lead from its facts. */
export interface MessageWriter {
  /** Reserved before each step: the most one message may cost. */
  maxMicros: number;
  maxApiCalls: number;
  write(ctx: DraftContext, rt: StepRuntime, hooks?: WriteHooks): Promise<WrittenMessage>;
}

export const offlineWriter: MessageWriter = {
  maxMicros: actionMicros('personalization.offline'),
  maxApiCalls: 0,
  async write(ctx, _rt, hooks) {
    const started = performance.now();
    const m = composeOffline(ctx);
    hooks?.onEvent?.({ type: 'draft', delta: m.body, restart: false });
    hooks?.onEvent?.({ type: 'draft_ready', subject: m.subject, text: m.body, model: 'offline' });
    return {
      subject: m.subject, body: m.body, model_used: 'offline', refined: null, facts_used: m.facts_used, fact_ids_used: m.fact_ids_used, angle: m.angle,
      metrics: { total_ms: Math.round((performance.now() - started) * 100) / 100, fallback_used: false, angle: m.angle, language: m.language, nothing_known: m.nothing_known },
      charges: [{ key: 'write', micros: actionMicros('personalization.offline'), description: 'offline composer' }],
      api_calls: 0,
    };
  },
};

/** What a run's drafts so far used, so the next one differs: one per execution, kept while the process runs. */
const batches = new Map<string, Variety>();
const MAX_BATCHES = 50;

function varietyOf(executionId: string): Variety {
  let v = batches.get(executionId);
  if (!v) {
    v = new Variety();
    batches.set(executionId, v);
    if (batches.size > MAX_BATCHES) batches.delete(batches.keys().next().value!);
  }
  return v;
}

/**
 * What the rep's edits and replies taught (issue 16): their voice, and the angles that got answers. Read
 * from the store once per TAUGHT_READ_EVERY drafts of an execution, not per lead: both are queries over
 * every approved draft and reply, and a decision made mid-run reaches the drafts written after it soon enough.
 */
const taught = new Map<string, { voice: DraftContext['voice']; outcomes: DraftContext['outcomes']; uses: number }>();
const TAUGHT_READ_EVERY = 100;

function taughtFor(rt: StepRuntime, signer: Signer): { voice: DraftContext['voice']; outcomes: DraftContext['outcomes'] } {
  let t = taught.get(rt.execution.id);
  if (!t || t.uses >= TAUGHT_READ_EVERY) {
    t = { voice: learnVoice(rt.store.voice.approved(), signer), outcomes: angleOutcomes(rt.store.outcomes.replyRates()), uses: 0 };
    taught.set(rt.execution.id, t);
    if (taught.size > MAX_BATCHES) taught.delete(taught.keys().next().value!);
  }
  t.uses++;
  return t;
}

/**
 * The other drafts of this execution, for the near-duplicate and other-business checks: the ones this
 * process wrote (a run in progress has no stored drafts yet) and the stored ones (a rewrite after the run).
 */
function othersOf(rt: StepRuntime, lead: Lead, variety: Variety): OtherDraft[] {
  const stored = rt.store.drafts.list({ execution_id: rt.execution.id, limit: 60 }).filter((d) => d.lead_id !== lead.id);
  const names = new Map(rt.store.leads.getMany([...new Set(stored.map((d) => d.lead_id))]).map((l) => [l.id, l.name]));
  const out: OtherDraft[] = stored.map((d) => ({ lead_name: names.get(d.lead_id), body: d.body }));
  for (const body of variety.recent()) if (!out.some((o) => o.body === body)) out.push({ body });
  return out;
}

/**
 * Writes one lead's message and scores it: what a run's step does for each lead and what "write again"
 * does for one draft, the same writer and the same message check, so a text ranks the same whichever
 * path wrote it. What the writer's calls cost comes back as charges, for the engine to write.
 */
export async function writeLeadMessage(
  writer: MessageWriter,
  input: { lead: Lead; facts: Fact[]; signer: Signer; others?: OtherDraft[] | undefined },
  rt: StepRuntime,
  hooks?: WriteHooks,
): Promise<{ result: PersonalizationResult; charges: StepCharge[]; api_calls: number }> {
  const { lead, facts, signer } = input;
  const variety = varietyOf(rt.execution.id);
  const others = input.others ?? othersOf(rt, lead, variety);
  const { voice, outcomes } = taughtFor(rt, signer);
  const ctx: DraftContext = { lead, facts, agent: rt.agent, sender: signer, variety, others, voice, outcomes };
  const m = await writer.write(ctx, rt, hooks);
  const shown = m.refined ?? { subject: m.subject, body: m.body };
  const check = checkOf(shown.body, shown.subject, lead, facts, rt.agent, signer, others, m.declared_claims);
  variety.remember(shown.body);
  const q = qualityOf(check);
  return {
    result: {
      subject: m.subject, body: m.body, model_used: m.model_used, refined: m.refined, message_quality_score: q.score,
      quality_checks: q.checks, facts_used: m.facts_used, metrics: m.metrics, auth_failed: m.auth_failed ?? null,
      message_check: { issues: check.issues, claims: check.claims, language: check.language, supported_specific: check.supported_specific },
      angle: m.angle ?? null, fact_ids_used: m.fact_ids_used ?? [], set_aside: m.set_aside ?? null,
      needs_review: check.issues.some((i) => i.code === 'NO_OBSERVATION' || i.code === 'SENDER_MISSING' || i.code === 'OFF_TARGET'),
      variant: rt.agent.variants === 2 ? variantOf({ ...ctx, now: ctx.now }, m.angle ?? null, rt.agent, signer, others) : null,
    },
    charges: m.charges,
    api_calls: m.api_calls,
  };
}

/** The second variant a run writes when the agent asks for two (issue 16), checked as the first is. */
function variantOf(ctx: DraftContext, firstAngle: string | null, agent: StepRuntime['agent'], signer: Signer, others: OtherDraft[] | undefined): PersonalizationResult['variant'] {
  const v = secondVariant(ctx, firstAngle);
  if (!v) return null;
  const check = checkOf(v.body, v.subject, ctx.lead, ctx.facts, agent, signer, others);
  return { ...v, message_quality_score: qualityOf(check).score, message_check: { issues: check.issues, claims: check.claims } };
}

function checkOf(
  body: string, subject: string | null, lead: Lead, facts: Fact[], agent: Pick<AgentConfig, 'max_length' | 'value_proposition' | 'call_to_action' | 'language'>,
  signer: Signer | null, others: OtherDraft[] | undefined, declared?: Array<{ text: string; fact_id: string | null }>,
): CheckResult {
  const sender: CheckSender | null = signer?.name.trim() ? { name: signer.name, company: signer.company, email: signer.email, signature: signer.signature } : null;
  return checkMessage({
    lead, facts, agent: { value_proposition: agent.value_proposition, call_to_action: agent.call_to_action, max_length: agent.max_length },
    sender, body, subject, others, language: messageLanguage(lead, facts, { value_proposition: agent.value_proposition, language: agent.language }), declared_claims: declared,
  });
}

/**
 * The quality of a message for a lead: one function for runs, rewrites and the rep's edits. It is the
 * message check's score; the signer, the subject and the run's other drafts make it complete (without a
 * signer the message counts as having no sender, as it would when sent).
 */
export function assessMessage(
  body: string,
  lead: Lead,
  facts: Fact[],
  agent: Pick<AgentConfig, 'max_length'> & Partial<Pick<AgentConfig, 'value_proposition' | 'call_to_action' | 'language'>>,
  extra: { signer?: Signer | null; subject?: string | null; others?: OtherDraft[] } = {},
): MessageQuality & { check: CheckResult } {
  const check = checkOf(
    body, extra.subject ?? null, lead, facts,
    { max_length: agent.max_length, value_proposition: agent.value_proposition ?? '', call_to_action: agent.call_to_action, language: agent.language },
    extra.signer ?? null, extra.others,
  );
  return { ...qualityOf(check), check };
}

/** Personalization: one message per qualified lead, grounded in that lead's facts, scored for quality. */
export function personalizationRecipe(deps: { writer: MessageWriter; sender: (rt: StepRuntime) => Signer }): Recipe {
  return {
    id: 'personalization',
    provider: 'llm',
    maxStepMicros: deps.writer.maxMicros,
    maxStepApiCalls: deps.writer.maxApiCalls,
    buildPayload: ({ store, execution, agent }) => ({
      leads: leadsReference(execution.id, 'discovery', 'qualified', qualifiedCount(store, execution.id)),
      tone: agent.tone,
      max_length: agent.max_length,
      template_context: 'lead_generation',
    }),

    async step(leadId, rt) {
      if (!isQualified(scoreOf(rt.store, rt.execution.id, leadId))) return { status: 'skipped', result: { reason: 'not qualified' } };
      const lead = rt.store.leads.get(leadId);
      const facts = rt.store.leads.facts(leadId);
      // Asked again here: the rep may have listed the business while the run was reading its website.
      const listed = rt.store.dnc.blocks(lead, facts);
      if (listed) return { status: 'skipped', result: { reason: 'do not contact', detail: listed.reason } };
      const w = await writeLeadMessage(deps.writer, { lead, facts, signer: deps.sender(rt) }, rt);
      return { status: 'done', result: w.result, charges: w.charges, api_calls: w.api_calls };
    },

    alerts(rt) {
      const refused = rt.store.executions.tally(rt.execution.id, 'personalization', 'auth_failed', 'done');
      return Object.entries(refused)
        .filter(([provider]) => provider !== 'none')
        .map(([provider, n]) => ({
          trigger: 'recipe_failed' as const, title: `${provider} refused its key`, context: { provider, error_code: 'AUTHENTICATION_FAILED' }, action_required: true,
          message: `${provider} answered AUTHENTICATION_FAILED for ${n} message(s) of this run; they were written by the next provider in line (or offline), which can cost more.`,
          suggested_action: `Check the ${provider} key in Settings (or its environment variable), then write those drafts again.`,
        }));
    },

    summarize(rt) {
      const { store, execution } = rt;
      // One pass over the steps' results for every figure (each pass reads every result's JSON).
      const t = store.executions.tallies(execution.id, 'personalization', ['model_used', 'needs_review'], { status: 'done', spreadOf: 'message_quality_score' });
      const models = t.by.model_used!;
      const written = Object.values(models).reduce((a, b) => a + b, 0);
      return {
        summary: {
          written, by_model: models, message_quality: t.spread,
          // SQLite's json_extract gives a stored true as 1.
          needs_review: t.by.needs_review!['1'] ?? 0,
        },
        leads: leadsReference(execution.id, 'personalization', 'written', written),
      };
    },
  };
}
