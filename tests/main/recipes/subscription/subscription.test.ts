import { afterAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../../main/core/agent-config';
import { checkSubscriptionAlerts } from '../../../../main/recipes/subscription';
import { openDatabase, workspaceStore, Workspaces } from '../../../../main/store';
import { tempDir } from '../../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function workspace(name: string, opts: { credits: number; trialEndsInDays?: number }) {
  const db = openDatabase(tmp.file(`${name}.db`));
  const ws = new Workspaces(db).create({
    name, monthly_credits_micros: opts.credits * 1e6,
    trial_ends_at: opts.trialEndsInDays == null ? null : new Date(Date.now() + opts.trialEndsInDays * 86_400_000).toISOString(),
  });
  const s = workspaceStore(db, ws.id);
  s.ledger.grant(opts.credits * 1e6, 'plan', { type: 'system', id: 't' });
  return { db, s };
}

const spend = (s: ReturnType<typeof workspace>['s'], key: string, micros: number) => s.tx(() => s.ledger.charge(key, micros, { execution_id: 'exec_t' }, 'test'));
const agent = parseAgentConfig({});

describe('subscription alerts', () => {
  it('warn at 80 % of the month, once within the rule’s frequency, and say what to do', () => {
    const { db, s } = workspace('eighty', { credits: 1 });
    spend(s, 'a', 700_000);
    expect(checkSubscriptionAlerts(s, agent, {}).evaluated.find((e) => e.type === 'subscription_approaching_limit')?.triggered).toBe(false);
    spend(s, 'b', 150_000);
    const first = checkSubscriptionAlerts(s, agent, {});
    const approaching = first.evaluated.find((e) => e.type === 'subscription_approaching_limit')!;
    expect(approaching.triggered).toBe(true);
    expect(approaching.alert?.message).toMatch(/85%/);
    expect(approaching.alert?.suggested_action).toBeTruthy();
    // Throttled: the same trigger within max_frequency_hours raises nothing new.
    const second = checkSubscriptionAlerts(s, agent, {});
    expect(second.evaluated.find((e) => e.type === 'subscription_approaching_limit')?.alert).toBeNull();
    expect(s.alerts.list().filter((a) => a.trigger_type === 'subscription_approaching_limit')).toHaveLength(1);
    // A day later it may be raised again.
    const later = checkSubscriptionAlerts(s, agent, {}, new Date(Date.now() + 25 * 3_600_000));
    expect(later.evaluated.find((e) => e.type === 'subscription_approaching_limit')?.alert).not.toBeNull();
    expect(s.audit.list({ action: 'alert_triggered' })).toHaveLength(2);
    db.close();
  });

  it('raise "exceeded" when the credits are used up, instead of "approaching"', () => {
    const { db, s } = workspace('exceeded', { credits: 1 });
    spend(s, 'a', 1_000_000);
    const r = checkSubscriptionAlerts(s, agent, {});
    expect(r.evaluated.find((e) => e.type === 'subscription_exceeded')?.triggered).toBe(true);
    expect(r.evaluated.find((e) => e.type === 'subscription_approaching_limit')?.triggered).toBe(false);
    expect(r.status.credits_remaining).toBe(0);
    db.close();
  });

  it('warn 7 days before the trial ends, not earlier', () => {
    const soon = workspace('trial-soon', { credits: 10, trialEndsInDays: 5 });
    expect(checkSubscriptionAlerts(soon.s, agent, {}).evaluated.find((e) => e.type === 'subscription_trial_ending')?.alert?.message).toMatch(/5 day/);
    soon.db.close();
    const far = workspace('trial-far', { credits: 10, trialEndsInDays: 20 });
    expect(checkSubscriptionAlerts(far.s, agent, {}).evaluated.find((e) => e.type === 'subscription_trial_ending')?.triggered).toBe(false);
    far.db.close();
  });

  it('respect a disabled rule', () => {
    const { db, s } = workspace('disabled', { credits: 1 });
    spend(s, 'a', 900_000);
    const quiet = parseAgentConfig({ alerts: agent.alerts.map((a) => (a.trigger === 'subscription_approaching_limit' ? { ...a, enabled: false } : a)) });
    expect(checkSubscriptionAlerts(s, quiet, {}).evaluated.find((e) => e.type === 'subscription_approaching_limit')?.alert).toBeNull();
    expect(s.alerts.list()).toHaveLength(0);
    db.close();
  });
});
