import { defaultAlerts, parseAgentConfig, type AgentConfig, type AlertRule } from '../core/agent-config';
import { HunterError, toHunterError } from '../core/errors';
import { addProposals, expandKeywords } from '../core/keyword-expansion';
import { proposeKeywords } from '../ai/keyword-proposals';
import type { Ai } from '../ai/layer';
import { ledgerSink } from '../ai/usage';
import type { AgentView, KeywordExpansionView, ParsedRequestOf } from '../../preload/contract';
import type { Ctx } from './context';
import { toAgentView } from './views';

/** Agents: what to look for, how to judge it, how to write, and how to run. */
export class AgentsService {
  list(ctx: Ctx): AgentView[] {
    return ctx.store.agents.list().map(toAgentView);
  }

  get(ctx: Ctx, id: string): AgentView {
    return toAgentView(ctx.store.agents.get(id));
  }

  /** Saves an agent from a full config (a file, a script): unknown fields refused, the field named. */
  save(ctx: Ctx, config: unknown, id?: string): AgentView {
    return toAgentView(ctx.store.agents.save(parseAgentConfig(config), id, ctx.actor));
  }

  /** Saves the setup form's fields over the stored config: what the form does not show is kept as it was. */
  saveForm(ctx: Ctx, form: ParsedRequestOf<'agents:save'>['config'], id?: string): AgentView {
    const existing = id ? ctx.store.agents.get(id).config : null;
    if (!form.value_proposition.trim()) throw new HunterError('INVALID_INPUT', 'Say what you offer (the value proposition): every message is built around it.');
    return toAgentView(ctx.store.agents.save(agentConfigFrom(form, existing), id, ctx.actor));
  }

  /**
   * Keywords for the rep to choose from before a run: their own, the bundled table's for the same kind of
   * business (offline), and, when Groq is set up, a model's proposals checked against the table. A model
   * that fails leaves the table's list, with the error said; its cost goes to the ledger like any call.
   */
  async expandKeywords(ctx: Ctx, req: ParsedRequestOf<'agents:expand-keywords'>, models: { ai: Ai } | null, signal?: AbortSignal): Promise<KeywordExpansionView> {
    const offline = expandKeywords(req.keywords, { language: req.language });
    const model: KeywordExpansionView['model'] = { asked: false, model: null, added: 0, error: null };
    if (!models || !models.ai.has('groq')) return { ...offline, model };
    model.asked = true;
    try {
      const chargeKey = `keywords:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}`;
      const r = await proposeKeywords(models.ai, { keywords: req.keywords, known: offline.suggestions.map((s) => s.keyword), language: offline.language, location: req.location }, ledgerSink({ charge: (k, micros, c, d) => ctx.store.tx(() => ctx.store.ledger.charge(k, micros, c, d)) }, {}), { chargeKey, signal });
      const checked = addProposals(offline, r.proposals);
      model.model = r.model;
      model.added = checked.suggestions.length - offline.suggestions.length;
      return { ...checked, model };
    } catch (err) {
      const e = toHunterError(err);
      model.error = { code: e.code, message: `${e.message} The list is the bundled table's alone.` };
      return { ...offline, model };
    }
  }

  /** The credits each run of this agent may spend at most (null: only the balance limits it). */
  setBudget(ctx: Ctx, id: string, credits: number | null): AgentView {
    if (credits !== null && (!Number.isFinite(credits) || credits < 0 || credits > 1_000_000)) throw new HunterError('INVALID_INPUT', 'A budget is a number of credits from 0 to 1 000 000.');
    const cur = ctx.store.agents.get(id).config;
    return toAgentView(ctx.store.agents.save({ ...cur, budget: credits }, id, ctx.actor));
  }
}

export function agentConfigFrom(req: ParsedRequestOf<'agents:save'>['config'], existing: AgentConfig | null): AgentConfig {
  const { alerts, retry_policy, follow_up_days, ...fields } = req;
  const base: Record<string, unknown> = existing ? { ...existing } : {};
  const merged: Record<string, unknown> = { ...base, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  // The form gives the follow-ups as their days; the config keeps the count beside them.
  if (follow_up_days) merged.follow_ups = { count: follow_up_days.length, after_business_days: follow_up_days };
  if (retry_policy) merged.retry_policy = { ...(existing?.retry_policy ?? {}), ...retry_policy };
  if (alerts) {
    const rules: AlertRule[] = (existing?.alerts ?? defaultAlerts()).map((r) => ({ ...r }));
    for (const r of rules) {
      if (r.trigger === 'subscription_approaching_limit') r.threshold_percentage = alerts.approaching_limit_percent;
      if (r.trigger.startsWith('subscription_')) r.max_frequency_hours = alerts.max_frequency_hours;
    }
    merged.alerts = rules;
  }
  return parseAgentConfig(merged);
}
