import { describe, expect, it } from 'vitest';
import { alertRuleFor, defaultAlerts, parseAgentConfig } from '../../../main/core/agent-config';

describe('an agent config', () => {
  it('bounds every string it keeps, naming the field', () => {
    const huge = 'x'.repeat(10_000_000);
    const refused = (cfg: unknown) => {
      try {
        parseAgentConfig(cfg);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused({ alerts: [{ ...defaultAlerts()[0], id: huge }] })).toMatch(/alerts\.0\.id/);
    expect(refused({ rate_limits: { [huge]: { concurrency: 2 } } })).toMatch(/rate_limits/);
    expect(refused({ rate_limits: { 'Not A Provider!': { concurrency: 2 } } })).toMatch(/rate_limits\.Not A Provider!: Invalid key/);
    expect(refused({ retry_policy: { retryable_errors: [huge] } })).toMatch(/retry_policy\.retryable_errors\.0/);
    expect(refused({ retry_policy: { retryable_errors: ['PLEASE_RETRY'] } })).toMatch(/not an error code/);
    expect(refused({ retry_policy: { non_retryable_errors: Array(51).fill('TIMEOUT') } })).toMatch(/non_retryable_errors/);
    expect(refused({ alerts: Array(51).fill(defaultAlerts()[0]) })).toMatch(/alerts/);
    // The message names the field, never echoes the 10 MB value.
    expect(refused({ alerts: [{ ...defaultAlerts()[0], id: huge }] })!.length).toBeLessThan(500);
    expect(parseAgentConfig({ rate_limits: { groq: { requests_per_minute: 30 } }, retry_policy: { retryable_errors: ['TIMEOUT', 'PROVIDER_ERROR'] } }).rate_limits.groq).toEqual({ requests_per_minute: 30, concurrency: 4 });
  });

  it('governs a new alert by its default rule for an agent saved before it existed, and keeps a rule the rep switched off off', () => {
    const old = parseAgentConfig({ alerts: defaultAlerts().filter((a) => a.trigger !== 'budget_exceeded') });
    expect(alertRuleFor(old, 'budget_exceeded')).toMatchObject({ trigger: 'budget_exceeded', enabled: true });
    const off = parseAgentConfig({ alerts: defaultAlerts().map((a) => (a.trigger === 'recipe_failed' ? { ...a, enabled: false } : a)) });
    expect(alertRuleFor(off, 'recipe_failed')).toBeNull();
  });
});
