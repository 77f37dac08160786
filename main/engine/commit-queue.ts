import { toHunterError, type HunterError } from '../core/errors';
import { nowIso } from '../store/database';
import { resultJson, type StepRecord } from '../store/executions';
import type { WorkspaceStore } from '../store';
import type { StepCharge } from './types';

export interface PendingStep {
  record: StepRecord;
  /** The result as it is written, serialised on arrival (see push). */
  resultJson?: string | null;
  charges: StepCharge[];
  chargeKey: string;
  write?: ((store: WorkspaceStore) => void) | undefined;
  onCommitted: (ok: boolean, err?: HunterError) => void;
}

/**
 * Writes finished steps in batches: one transaction per batch holds each step's record, its charges,
 * its API-call count and its effects, so a crash loses whole steps (run again on resume) and never half of
 * one. Batching is what lets 100 000 leads go through at thousands of steps a second with fsync on.
 */
export class CommitQueue {
  private queue: PendingStep[] = [];
  private timer: NodeJS.Timeout | null = null;
  private fatal: HunterError | null = null;

  /**
   * A batch is written when it holds `maxBatch` steps or its first step has waited `maxDelayMs`. Each
   * write is one fsync (a few ms), and fast local steps come at several a millisecond: at 25 ms a batch
   * held some 50 of them, and a 20 000-lead run wrote 1 700 batches. Waiting longer means bigger batches
   * but steps that live long enough for the old heap; 50 ms halves the writes and a pending step holds
   * little (its result as text, see push). A crash loses at most the batch in hand, whose steps run again
   * on resume; a lead whose next step waits for this commit (parallel mode) has the batch written at once.
   * `maxBatch` stays 512: the credit guard's margin (credit-guard.ts) counts on a batch no bigger.
   */
  constructor(private readonly store: WorkspaceStore, private readonly executionId: string, private readonly maxBatch = 512, private readonly maxDelayMs = 50) {}

  push(step: PendingStep): void {
    if (this.fatal) {
      step.onCommitted(false, this.fatal);
      return;
    }
    // The result is written as JSON anyway: as text from now on, the batch holds a string per step, not
    // the result's objects (which, waiting for the batch, would outlive the young heap and fill the old one).
    this.queue.push(serialised(step));
    if (this.queue.length >= this.maxBatch) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** The error that stopped writing (a full disk), if any. */
  get error(): HunterError | null {
    return this.fatal;
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.store.tx(() => this.apply(batch));
      for (const s of batch) s.onCommitted(true);
    } catch (raw) {
      const err = toHunterError(raw);
      if (err.code === 'DISK_FULL') {
        this.fatal = err;
        for (const s of batch) s.onCommitted(false, err);
        return;
      }
      // One bad step must not sink the batch: write them one by one, recording the bad one as failed.
      for (const s of batch) this.applyAlone(s);
    }
  }

  /** Records the steps with their effects; their charges go to the ledger together, audited as one entry. */
  private apply(batch: readonly PendingStep[]): void {
    const { ledger, usage, executions } = this.store;
    const charges: Parameters<typeof ledger.chargeMany>[0][number][] = [];
    let calls = 0;
    const finishedAt = nowIso();
    for (const s of batch) {
      executions.recordStep(this.executionId, s.record, { resultJson: s.resultJson !== undefined ? s.resultJson : resultJson(s.record.result), finishedAt });
      for (const c of s.charges) {
        charges.push({ key: `${s.chargeKey}:${c.key}`, micros: c.micros, ctx: { execution_id: this.executionId, recipe_id: s.record.recipe_id, lead_id: s.record.lead_id }, description: c.description });
      }
      calls += s.record.api_calls;
      s.write?.(this.store);
    }
    ledger.chargeMany(charges);
    usage.add(calls);
  }

  private applyAlone(s: PendingStep): void {
    try {
      this.store.tx(() => this.apply([s]));
      s.onCommitted(true);
    } catch (raw) {
      const err = toHunterError(raw);
      if (err.code === 'DISK_FULL') {
        this.fatal = err;
        s.onCommitted(false, err);
        return;
      }
      try {
        this.store.tx(() =>
          this.store.executions.recordStep(this.executionId, {
            ...s.record, status: 'failed', result: null, error_code: err.code, error_message: err.message, retryable: false, credits_micros: 0, api_calls: 0,
          }),
        );
        s.onCommitted(false, err);
      } catch (again) {
        s.onCommitted(false, toHunterError(again));
      }
    }
  }
}

/** The step with its result as JSON text; as it came when the result cannot be serialised (its write fails, and says why). */
function serialised(step: PendingStep): PendingStep {
  try {
    return { ...step, resultJson: resultJson(step.record.result), record: { ...step.record, result: null } };
  } catch {
    return step;
  }
}
