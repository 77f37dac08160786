import { alertRuleFor, type AgentConfig, type AlertRule } from '../core/agent-config';
import type { WorkspaceStore } from '../store';
import type { Alert, NewAlert } from '../store/alerts';

export type RunAlert = Omit<NewAlert, 'severity' | 'trigger_type' | 'expires_at'> & { trigger: AlertRule['trigger']; expires_at?: string | null };

/**
 * Raises an alert the way the agent's rules say: only when its trigger's rule is on, at the rule's
 * severity, at most once per the rule's max frequency. Returns the alert, or null when none was raised.
 */
export function raiseAlert(store: WorkspaceStore, agent: Pick<AgentConfig, 'alerts'>, a: RunAlert, now = new Date()): Alert | null {
  const rule = alertRuleFor(agent, a.trigger);
  if (!rule) return null;
  const { trigger, ...rest } = a;
  return store.alerts.raise({ ...rest, trigger_type: trigger, severity: rule.severity, expires_at: a.expires_at ?? null }, rule.max_frequency_hours, now);
}
