import type { AgentConfig } from '../core/agent-config';
import type { RecipeId, RecipeInput, RecipeOutput, RecipeStatus } from '../core/envelope';
import type { RunAlert } from './alerts';
import type { RecipeError } from '../core/errors';
import type { Execution, StepCounts } from '../store/executions';
import type { WorkspaceStore } from '../store';

/** What a recipe sees while it runs: its workspace's store, the execution and the agent's config. */
export interface RecipeRuntime {
  store: WorkspaceStore;
  execution: Execution;
  agent: AgentConfig;
  input: RecipeInput;
  signal: AbortSignal;
  /** Progress of a recipe's own preparation (e.g. rows imported), for long imports. */
  report(note: { done: number; total?: number; label: string }): void;
}

export type PayloadContext = Pick<RecipeRuntime, 'store' | 'execution' | 'agent'>;

export interface StepRuntime extends RecipeRuntime {
  attempt: number;
  /** The charge key of this step's attempt; a provider call appends its own suffix. */
  chargeKey: string;
}

export interface StepCharge {
  /** Unique within the step, e.g. "score" or "groq#2". */
  key: string;
  micros: number;
  description: string;
}

/** What one step did. Its effects are written in one transaction with the step's record and charges. */
export interface StepResult {
  status: 'done' | 'skipped';
  /** Kept with the step; later recipes and the recipe's output read it. Plain JSON. */
  result?: unknown;
  charges?: StepCharge[];
  api_calls?: number;
  /** Writes to the store, run inside the commit transaction. */
  write?: (store: WorkspaceStore) => void;
}

export interface OnceResult {
  data: Record<string, unknown>;
  errors: RecipeError[];
  status?: RecipeStatus;
  records_processed?: number;
}

/**
 * A recipe as the engine sees it: it prepares once, then runs one step per lead (or once, for recipes
 * that work on the execution as a whole). The engine knows no recipe by name; the composition root
 * hands it the agent's cookbook.
 */
export interface Recipe {
  id: RecipeId;
  /** The provider whose rate limits apply to this recipe's steps ('local' for none). */
  provider: string;
  /**
   * How many leads this recipe's steps may work on at once, at least, whatever the agent's concurrency:
   * for steps that wait on the network (where the recipe's own limiters bound the requests).
   */
  minConcurrency?: number;
  /** The most credits one step may cost; reserved before it runs so the balance never goes below zero. */
  maxStepMicros: number;
  /** API calls one step may make at most, checked against the monthly quota before it runs. */
  maxStepApiCalls: number;
  /** Builds this recipe's input envelope payload from the store (the previous recipe's results). */
  buildPayload(rt: PayloadContext): unknown;
  /** Runs once per execution before any step. Must be idempotent: a resumed run may call it again. */
  setUp?(rt: RecipeRuntime): Promise<void>;
  step?(leadId: string, rt: StepRuntime): Promise<StepResult>;
  once?(rt: RecipeRuntime): Promise<OnceResult>;
  /** The recipe-specific `data` of its RecipeOutput, from what its steps recorded. */
  summarize?(rt: RecipeRuntime, counts: StepCounts): Record<string, unknown>;
  /** Alerts the recipe's own result calls for (raised as the agent's rules say), once it has finished. */
  alerts?(rt: RecipeRuntime, output: RecipeOutput): RunAlert[];
}

export interface RecipeProgress {
  execution_id: string;
  recipe_id: RecipeId;
  phase: 'preparing' | 'running' | 'done';
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  credits_micros: number;
  note?: string;
}

export interface ExecutionEvent {
  type: 'progress' | 'recipe_finished' | 'execution_finished' | 'retry' | 'alert';
  execution_id: string;
  progress?: RecipeProgress;
  recipe_id?: RecipeId;
  status?: string;
  message?: string;
}
