import * as z from 'zod';
import { HunterError } from './errors';

/** The five recipes of The Hunter's cookbook. */
export const RECIPE_IDS = ['discovery', 'intelligence', 'personalization', 'outreach', 'subscription'] as const;
export const RecipeIdSchema = z.enum(RECIPE_IDS);
export type RecipeId = z.infer<typeof RecipeIdSchema>;

/** `customer_id` is the workspace: no query or hand-over crosses workspaces. */
export const RecipeInputSchema = z.object({
  recipe_id: z.string().min(1),
  execution_id: z.string().min(1),
  customer_id: z.string().min(1),
  payload: z.unknown(),
});
export type RecipeInput<P = unknown> = { recipe_id: string; execution_id: string; customer_id: string; payload: P };

export const RecipeErrorSchema = z.object({
  record_id: z.string(),
  error_code: z.string().min(1),
  error_message: z.string(),
  retryable: z.boolean(),
});

export const RecipeMetadataSchema = z.object({
  started_at: z.iso.datetime({ offset: true }),
  completed_at: z.iso.datetime({ offset: true }),
  duration_ms: z.number().int().nonnegative(),
  records_processed: z.number().int().nonnegative(),
  records_succeeded: z.number().int().nonnegative(),
  records_failed: z.number().int().nonnegative(),
  credits_consumed: z.number().nonnegative(),
});
export type RecipeMetadata = z.infer<typeof RecipeMetadataSchema>;

export const RecipeStatusSchema = z.enum(['success', 'partial', 'failed']);
export type RecipeStatus = z.infer<typeof RecipeStatusSchema>;

export const RecipeOutputSchema = z.object({
  recipe_id: z.string().min(1),
  execution_id: z.string().min(1),
  customer_id: z.string().min(1),
  status: RecipeStatusSchema,
  data: z.record(z.string(), z.unknown()),
  metadata: RecipeMetadataSchema,
  errors: z.array(RecipeErrorSchema),
  next_recipe_input: RecipeInputSchema.optional(),
});
export type RecipeOutput<D extends Record<string, unknown> = Record<string, unknown>> = Omit<
  z.infer<typeof RecipeOutputSchema>,
  'data'
> & { data: D };

/**
 * Validates an envelope at a hand-over. A bad envelope is a programming error between recipes, but it
 * still leaves as a coded error naming the field, never as a crash with a stack only.
 */
export function parseRecipeInput(value: unknown): RecipeInput {
  const r = RecipeInputSchema.safeParse(value);
  if (!r.success) throw new HunterError('INVALID_INPUT', 'RecipeInput ' + describeIssues(r.error));
  return r.data as RecipeInput;
}

export function parseRecipeOutput(value: unknown): RecipeOutput {
  const r = RecipeOutputSchema.safeParse(value);
  if (!r.success) throw new HunterError('INVALID_INPUT', 'RecipeOutput ' + describeIssues(r.error));
  return r.data as RecipeOutput;
}

/** "field.path: message; ..." for a rep or a script to act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** The seed's status rule: all good is success, none good is failed, anything between is partial. */
export function statusFromCounts(succeeded: number, failed: number): RecipeStatus {
  if (failed === 0) return 'success';
  if (succeeded === 0) return 'failed';
  return 'partial';
}
