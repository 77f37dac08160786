import * as z from 'zod';
import { HunterError, isErrorCode } from './errors';
import { describeIssues, RECIPE_IDS, RecipeIdSchema } from './envelope';
import { OUTREACH_CHANNELS } from './vocabulary';

/**
 * The agent's schemas. They are built on first use, not when the module loads: building them is most
 * of what a short command would spend on zod, and a command that never reads an agent never needs them.
 */
function buildSchemas() {
  /** An error code as the retry lists name it: one of the product's codes, never free text. */
  const ErrorCodeName = z.string().max(40).refine(isErrorCode, { message: 'is not an error code of The Hunter (see the error codes in the README)' });

  /** The seed's retry policy; defaults are 3 attempts at 1 s, 2 s, 4 s, capped at 30 s. */
  const RetryPolicySchema = z.strictObject({
    max_attempts: z.number().int().min(1).max(10).default(3),
    backoff_strategy: z.enum(['exponential', 'fixed']).default('exponential'),
    backoff_base_ms: z.number().int().min(0).max(60_000).default(1000),
    backoff_max_ms: z.number().int().min(0).max(600_000).default(30_000),
    retryable_errors: z.array(ErrorCodeName).max(50).default(['API_RATE_LIMIT', 'TIMEOUT', 'CONNECTION_ERROR']),
    non_retryable_errors: z.array(ErrorCodeName).max(50).default(['EMAIL_NOT_FOUND', 'INVALID_INPUT', 'AUTHENTICATION_FAILED']),
  });

  const RecipeSettingSchema = z.strictObject({
    id: RecipeIdSchema,
    required: z.boolean().default(true),
    continue_on_failure: z.boolean().default(false),
    enabled: z.boolean().default(true),
  });

  const RateLimitSchema = z.strictObject({
    requests_per_minute: z.number().positive().max(100_000).optional(),
    concurrency: z.number().int().min(1).max(256).default(4),
  });

  const AlertRuleSchema = z.strictObject({
    id: z.string().min(1).max(80),
    trigger: z.enum([
      'subscription_approaching_limit',
      'subscription_exceeded',
      'subscription_trial_ending',
      'recipe_failed',
      'discovery_rate_limit',
      'outreach_pending_review',
      'outreach_failed',
      'budget_exceeded',
    ]),
    severity: z.enum(['info', 'warning', 'error']).default('warning'),
    channels: z.array(z.enum(['app_notification', 'email', 'sms', 'whatsapp'])).default(['app_notification']),
    threshold_percentage: z.number().min(1).max(100).optional(),
    max_frequency_hours: z.number().min(0).max(24 * 365).default(24),
    enabled: z.boolean().default(true),
  });

  const DEFAULT_RECIPES: Array<z.infer<typeof RecipeSettingSchema>> = [
    { id: 'discovery', required: true, continue_on_failure: false, enabled: true },
    { id: 'intelligence', required: true, continue_on_failure: false, enabled: true },
    { id: 'personalization', required: true, continue_on_failure: false, enabled: true },
    { id: 'outreach', required: false, continue_on_failure: true, enabled: true },
    { id: 'subscription', required: true, continue_on_failure: false, enabled: true },
  ];

  const DEFAULT_ALERTS: Array<z.infer<typeof AlertRuleSchema>> = [
    { id: 'alert_subscription_threshold', trigger: 'subscription_approaching_limit', severity: 'warning', channels: ['app_notification'], threshold_percentage: 80, max_frequency_hours: 24, enabled: true },
    { id: 'alert_subscription_exceeded', trigger: 'subscription_exceeded', severity: 'error', channels: ['app_notification'], max_frequency_hours: 24, enabled: true },
    { id: 'alert_trial_ending', trigger: 'subscription_trial_ending', severity: 'warning', channels: ['app_notification'], max_frequency_hours: 24, enabled: true },
    { id: 'alert_recipe_failed', trigger: 'recipe_failed', severity: 'error', channels: ['app_notification'], max_frequency_hours: 1, enabled: true },
    { id: 'alert_pending_review', trigger: 'outreach_pending_review', severity: 'info', channels: ['app_notification'], max_frequency_hours: 1, enabled: true },
    { id: 'alert_budget_exceeded', trigger: 'budget_exceeded', severity: 'warning', channels: ['app_notification'], max_frequency_hours: 1, enabled: true },
    { id: 'alert_discovery_blocked', trigger: 'discovery_rate_limit', severity: 'warning', channels: ['app_notification'], max_frequency_hours: 1, enabled: true },
    { id: 'alert_outreach_failed', trigger: 'outreach_failed', severity: 'error', channels: ['app_notification'], max_frequency_hours: 1, enabled: true },
  ];

  /**
   * One agent: what to look for, how to judge it, how to write, and how to run. Unknown fields are refused
   * (a typo in a config must not be silently ignored).
   */
  const AgentConfigSchema = z.strictObject({
    name: z.string().min(1).max(200).default('The Hunter'),
    keywords: z.array(z.string().min(1).max(100)).max(50).default([]),
    location: z.string().max(200).default(''),
    business_type: z.string().max(200).optional(),
    language: z.string().max(10).optional(),
    sources: z.array(z.enum(['csv', 'google_maps', 'osm'])).min(1).default(['csv']),
    max_results: z.number().int().min(1).max(1_000_000).default(200),
    threshold: z.number().min(0).max(1).default(0.6),
    tone: z.enum(['friendly', 'professional', 'sales-focused', 'casual', 'formal']).default('friendly'),
    value_proposition: z.string().max(1000).default(''),
    call_to_action: z.string().max(300).optional(),
    max_length: z.number().int().min(20).max(400).default(75),
    /** Where the rep writes from: e-mail always, plus the channel versions the review pane shows as tabs. */
    channels: z.array(z.enum(OUTREACH_CHANNELS)).min(1).max(OUTREACH_CHANNELS.length)
      .refine((c) => c.includes('email'), { message: 'must include "email" (every other channel is a version of the e-mail)' }).default(['email']),
    /** Follow-ups planned when a message is exported: how many, and after how many business days each. */
    follow_ups: z.strictObject({
      count: z.number().int().min(0).max(5).default(2),
      after_business_days: z.array(z.number().int().min(1).max(60)).max(5).default([3, 7]),
    }).refine((f) => f.after_business_days.length >= f.count, { message: 'after_business_days needs one number per follow-up (count)' })
      .refine((f) => f.after_business_days.every((d, i, a) => i === 0 || d > a[i - 1]!), { message: 'after_business_days must grow (3, 7, …)' })
      .default({ count: 2, after_business_days: [3, 7] }),
    /** One message per lead, or two variants on different angles for the rep to pick from. */
    variants: z.union([z.literal(1), z.literal(2)]).default(1),
    draft_expiry_days: z.number().int().min(1).max(365).default(7),
    /** Credits one run may spend at most; null means only the balance limits it. */
    budget: z.number().nonnegative().nullable().default(null),
    execution_mode: z.enum(['sequential', 'parallel']).default('sequential'),
    /** How many leads are worked on at once within a recipe. */
    concurrency: z.number().int().min(1).max(256).default(8),
    recipes: z.array(RecipeSettingSchema).min(1).max(5).default(DEFAULT_RECIPES),
    retry_policy: RetryPolicySchema.default(RetryPolicySchema.parse({})),
    /** Per provider ("groq", "anthropic", "web", "google_maps", "osm", "hunter_io", "local"). */
    rate_limits: z.record(z.string().min(1).max(40).regex(/^[a-z_]+$/, 'is not a provider name (lower-case letters and _)'), RateLimitSchema)
      .refine((r) => Object.keys(r).length <= 20, { message: 'has more than 20 providers' }).default({}),
    alerts: z.array(AlertRuleSchema).max(50).default(DEFAULT_ALERTS),
  });
  return { RetryPolicySchema, RecipeSettingSchema, RateLimitSchema, AlertRuleSchema, AgentConfigSchema, DEFAULT_ALERTS };
}

type AgentSchemas = ReturnType<typeof buildSchemas>;
let built: AgentSchemas | undefined;

/** The agent's schemas, built once. */
export function agentSchemas(): AgentSchemas {
  return (built ??= buildSchemas());
}

export type RetryPolicy = z.infer<AgentSchemas['RetryPolicySchema']>;
export type RecipeSetting = z.infer<AgentSchemas['RecipeSettingSchema']>;
export type RateLimit = z.infer<AgentSchemas['RateLimitSchema']>;
export type AlertRule = z.infer<AgentSchemas['AlertRuleSchema']>;
export type AgentConfig = z.infer<AgentSchemas['AgentConfigSchema']>;
export type AgentConfigInput = z.input<AgentSchemas['AgentConfigSchema']>;

/** The seed's retry policy with its defaults filled in where the value leaves them out. */
/** The alerts a new agent starts with, one per trigger (a fresh copy each time). */
export function defaultAlerts(): AlertRule[] {
  return agentSchemas().DEFAULT_ALERTS.map((r) => ({ ...r, channels: [...r.channels] }));
}

export function parseRetryPolicy(value: unknown): RetryPolicy {
  return agentSchemas().RetryPolicySchema.parse(value);
}

/**
 * The rule that governs an alert: the agent's own for that trigger, or the default one when the agent
 * was saved before the trigger existed. A rule the rep switched off stays off.
 */
export function alertRuleFor(agent: Pick<AgentConfig, 'alerts'>, trigger: AlertRule['trigger']): AlertRule | null {
  const own = agent.alerts.find((a) => a.trigger === trigger);
  const rule = own ?? agentSchemas().DEFAULT_ALERTS.find((a) => a.trigger === trigger) ?? null;
  return rule?.enabled ? rule : null;
}


/**
 * Parses an agent config from a file or the UI. Refuses an agent without the mandatory subscription
 * recipe, and names each bad field.
 */
export function parseAgentConfig(value: unknown): AgentConfig {
  const r = agentSchemas().AgentConfigSchema.safeParse(value ?? {});
  if (!r.success) {
    throw new HunterError('INVALID_INPUT', `Agent config is not valid: ${describeIssues(r.error)}`);
  }
  const cfg = r.data;
  const sub = cfg.recipes.find((x) => x.id === 'subscription');
  if (!sub || !sub.enabled) {
    throw new HunterError(
      'INVALID_INPUT',
      'Agent config is not valid: recipes: the subscription recipe is mandatory in every agent (add {"id": "subscription"})',
    );
  }
  const seen = new Set<string>();
  for (const x of cfg.recipes) {
    if (seen.has(x.id)) throw new HunterError('INVALID_INPUT', `Agent config is not valid: recipes: "${x.id}" is listed twice`);
    seen.add(x.id);
  }
  // Recipes always run in the cookbook's order, whatever order the file lists them in.
  cfg.recipes.sort((a, b) => RECIPE_IDS.indexOf(a.id) - RECIPE_IDS.indexOf(b.id));
  return cfg;
}
