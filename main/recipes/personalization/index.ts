import { actionMicros } from '../../core/action-prices';
import type { Fact, Lead } from '../../core/domain';
import type { AgentConfig } from '../../core/agent-config';
import { messageQuality, type MessageQuality } from '../../core/quality';
import type { DraftEvent } from '../../ai/two-stage';
import type { Recipe, StepCharge, StepRuntime } from '../../engine/types';
import { composeOffline, type DraftContext } from '../../ai/offline-composer';
import { isQualified, leadsReference, qualifiedCount, scoreOf, type PersonalizationResult } from '../handoff';

export type { PersonalizationResult };

export interface WrittenMessage {
  subject: string;
  /** The first version (the fast draft, or the only one). */
  body: string;
  model_used: string;
  /** The second model's rewrite, when two-stage drafting ran. */
  refined: { subject: string; body: string; model_used: string } | null;
  facts_used: string[];
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
      subject: m.subject, body: m.body, model_used: 'offline', refined: null, facts_used: m.facts_used,
      metrics: { total_ms: Math.round((performance.now() - started) * 100) / 100, fallback_used: false },
      charges: [{ key: 'write', micros: actionMicros('personalization.offline'), description: 'offline composer' }],
      api_calls: 0,
    };
  },
};

/** Who signs a message, as the writers see it (the full sender lives in the settings, core/sender.ts). */
export interface Signer {
  name: string;
  company?: string | undefined;
}

/** The values a good message may cite, for the quality check. */
export function citableValues(lead: Lead, facts: Fact[]): string[] {
  const vals = [lead.name, lead.city, lead.category, ...facts.map((f) => (typeof f.detail?.title === 'string' ? f.detail.title : f.value))];
  if (lead.rating != null) vals.push(String(lead.rating));
  return vals.filter((v): v is string => !!v && v.length >= 3);
}

/**
 * Writes one lead's message and scores it: what a run's step does for each lead and what "write again"
 * does for one draft, the same writer and the same quality function, so a text ranks the same whichever
 * path wrote it. What the writer's calls cost comes back as charges, for the engine to write.
 */
export async function writeLeadMessage(
  writer: MessageWriter,
  input: { lead: Lead; facts: Fact[]; signer: Signer },
  rt: StepRuntime,
  hooks?: WriteHooks,
): Promise<{ result: PersonalizationResult; charges: StepCharge[]; api_calls: number }> {
  const { lead, facts, signer } = input;
  const ctx: DraftContext = { lead, facts, agent: rt.agent, sender: { name: signer.name, company: signer.company } };
  const m = await writer.write(ctx, rt, hooks);
  const q = assessMessage(m.refined?.body ?? m.body, lead, facts, rt.agent);
  return {
    result: {
      subject: m.subject, body: m.body, model_used: m.model_used, refined: m.refined, message_quality_score: q.score,
      quality_checks: q.checks, facts_used: m.facts_used, metrics: m.metrics, auth_failed: m.auth_failed ?? null,
    },
    charges: m.charges,
    api_calls: m.api_calls,
  };
}

/** The quality of a message for a lead: one function for runs, rewrites and the rep's edits. */
export function assessMessage(body: string, lead: Lead, facts: Fact[], agent: Pick<AgentConfig, 'max_length'>): MessageQuality {
  return messageQuality(body, { max_length: agent.max_length, fact_values: citableValues(lead, facts), first_name: lead.first_name ?? null });
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
      const w = await writeLeadMessage(deps.writer, { lead, facts: rt.store.leads.facts(leadId), signer: deps.sender(rt) }, rt);
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
      const models = store.executions.tally(execution.id, 'personalization', 'model_used', 'done');
      const written = Object.values(models).reduce((a, b) => a + b, 0);
      return {
        summary: { written, by_model: models, message_quality: store.executions.spread(execution.id, 'personalization', 'message_quality_score') },
        leads: leadsReference(execution.id, 'personalization', 'written', written),
      };
    },
  };
}
