import type { AgentConfig, AlertRule } from '../../core/agent-config';
import { fromMicros } from '../../core/credits';
import type { Recipe } from '../../engine/types';
import type { Alert, NewAlert } from '../../store/alerts';
import type { WorkspaceStore } from '../../store';

export interface SubscriptionStatus {
  plan_id: string;
  monthly_credits_total: number;
  credits_used_this_month: number;
  credits_remaining: number;
  api_calls_limit: number;
  api_calls_used_this_month: number;
  api_calls_remaining: number;
  billing_cycle_ends: string;
  trial_ends_at: string | null;
}

export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function subscriptionStatus(store: WorkspaceStore, now = new Date()): SubscriptionStatus {
  const ws = store.workspace();
  const used = store.ledger.chargedSince(monthStart(now).toISOString());
  const calls = store.usage.used(now);
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  return {
    plan_id: ws.plan_id,
    monthly_credits_total: fromMicros(ws.monthly_credits_micros),
    credits_used_this_month: fromMicros(used),
    credits_remaining: fromMicros(store.ledger.balance().balance_micros),
    api_calls_limit: ws.api_calls_limit,
    api_calls_used_this_month: calls,
    api_calls_remaining: Math.max(0, ws.api_calls_limit - calls),
    billing_cycle_ends: end.toISOString().slice(0, 10),
    trial_ends_at: ws.trial_ends_at,
  };
}

/**
 * The seed's three subscription alerts, each throttled by its rule's max frequency: 80 % of the month's
 * credits used, credits or calls exceeded, and 7 days before the trial ends.
 */
export function checkSubscriptionAlerts(store: WorkspaceStore, agent: Pick<AgentConfig, 'alerts'>, context: Record<string, unknown>, now = new Date()): { status: SubscriptionStatus; evaluated: Array<{ type: string; triggered: boolean; alert: Alert | null; message: string }> } {
  const status = subscriptionStatus(store, now);
  const rule = (t: AlertRule['trigger']) => agent.alerts.find((a) => a.trigger === t && a.enabled);
  const out: Array<{ type: string; triggered: boolean; alert: Alert | null; message: string }> = [];
  const pct = status.monthly_credits_total > 0 ? (status.credits_used_this_month / status.monthly_credits_total) * 100 : 0;
  const callPct = status.api_calls_limit > 0 ? (status.api_calls_used_this_month / status.api_calls_limit) * 100 : 0;

  const raise = (r: AlertRule | undefined, a: Omit<NewAlert, 'severity' | 'context'>, triggered: boolean) => {
    const message = a.message;
    if (!r || !triggered) return out.push({ type: r?.trigger ?? a.trigger_type, triggered, alert: null, message });
    const alert = store.alerts.raise({ ...a, severity: r.severity, context: { ...context, percent_used: Math.round(pct) } }, r.max_frequency_hours, now);
    return out.push({ type: r.trigger, triggered, alert, message });
  };

  const approaching = rule('subscription_approaching_limit');
  const threshold = approaching?.threshold_percentage ?? 80;
  const exceeded = status.credits_remaining <= 0 || pct >= 100 || callPct >= 100;
  raise(approaching, {
    trigger_type: 'subscription_approaching_limit', title: 'Credits running low',
    message: `You have used ${Math.round(pct)}% of this month's credits${callPct >= threshold ? ` and ${Math.round(callPct)}% of your API calls` : ''}.`,
    action_required: false, suggested_action: 'Review your spend on the Credits screen, or raise the plan before the next run.', expires_at: null,
  }, !exceeded && (pct >= threshold || callPct >= threshold));
  raise(rule('subscription_exceeded'), {
    trigger_type: 'subscription_exceeded', title: 'Limit reached',
    message: status.credits_remaining <= 0 ? 'Your credits are used up: runs stop before spending more.' : `You are over your monthly limit (${Math.round(Math.max(pct, callPct))}%).`,
    action_required: true, suggested_action: 'Add credits or upgrade the plan, then resume the paused run.', expires_at: null,
  }, exceeded);
  const trialEnd = status.trial_ends_at ? new Date(status.trial_ends_at) : null;
  const daysLeft = trialEnd ? (trialEnd.getTime() - now.getTime()) / 86_400_000 : null;
  raise(rule('subscription_trial_ending'), {
    trigger_type: 'subscription_trial_ending', title: 'Trial ending soon',
    message: daysLeft != null ? `Your trial ends in ${Math.max(0, Math.ceil(daysLeft))} day(s), on ${status.trial_ends_at!.slice(0, 10)}.` : 'No trial.',
    action_required: true, suggested_action: 'Choose a plan to keep your workspace running.', expires_at: status.trial_ends_at,
  }, daysLeft != null && daysLeft <= 7 && daysLeft > -1);
  return { status, evaluated: out };
}

/** Subscription (mandatory): after the work, reports the plan's standing and raises the alerts it calls for. */
export function subscriptionRecipe(): Recipe {
  return {
    id: 'subscription',
    provider: 'local',
    maxStepMicros: 0,
    maxStepApiCalls: 0,
    buildPayload: ({ store, execution }) => {
      return { credits_used_this_run: fromMicros(store.ledger.chargedFor(execution.id)), api_calls_this_run: store.executions.apiCalls(execution.id) };
    },
    async once(rt) {
      const { status, evaluated } = checkSubscriptionAlerts(rt.store, rt.agent, { execution_id: rt.execution.id, agent_id: rt.execution.agent_id });
      const pending = rt.store.drafts.count({ status: 'pending_review', execution_id: rt.execution.id });
      const reviewRule = rt.agent.alerts.find((a) => a.trigger === 'outreach_pending_review' && a.enabled);
      const review = reviewRule && pending > 0
        ? rt.store.alerts.raise({
            trigger_type: 'outreach_pending_review', severity: reviewRule.severity, title: 'Drafts waiting for review',
            message: `${pending} new draft${pending === 1 ? '' : 's'} are waiting for your review.`, context: { execution_id: rt.execution.id },
            action_required: true, suggested_action: 'Open Review to approve, edit or reject them.', expires_at: null,
          }, reviewRule.max_frequency_hours)
        : null;
      return {
        data: {
          subscription_status: status,
          alerts: [
            ...evaluated.map((e) => ({ id: e.alert?.id ?? null, type: e.type, triggered: e.triggered, message: e.message })),
            ...(review ? [{ id: review.id, type: 'outreach_pending_review', triggered: true, message: review.message }] : []),
          ],
        },
        errors: [],
        status: 'success',
      };
    },
  };
}
