import { fromMicros } from '../core/credits';
import { HunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';

/**
 * Holds credits for steps in flight. The ledger in SQLite has what is charged; holds live here, in the
 * one process that runs the execution, so a step can never start unless its most expensive outcome still
 * fits the balance and the run's budget. A process that dies takes its holds with it, which is right:
 * its unrecorded steps are run again on resume.
 */
export class CreditGuard {
  private held = 0;
  private heldCalls = 0;
  private balance: number;
  private runSpend: number;
  private callsUsed: number;

  constructor(private readonly store: WorkspaceStore, private readonly executionId: string, private readonly budgetMicros: number | null, private readonly callsLimit: number) {
    this.balance = store.ledger.balance().balance_micros;
    this.runSpend = store.ledger.chargedFor(executionId);
    this.callsUsed = store.usage.used();
  }

  reserve(micros: number, apiCalls: number, leadId: string): void {
    if (micros > 0 && this.balance - this.held < micros) {
      throw new HunterError('INSUFFICIENT_CREDITS', `Not enough credits to go on: the next step needs up to ${fromMicros(micros)} and ${fromMicros(Math.max(0, this.balance - this.held))} are left. Add credits, then resume the run.`, { recordId: leadId });
    }
    if (micros > 0 && this.budgetMicros != null && this.runSpend + this.held + micros > this.budgetMicros) {
      throw new HunterError('INSUFFICIENT_CREDITS', `This run reached its budget of ${fromMicros(this.budgetMicros)} credits. Raise the agent's budget, then resume the run.`, { recordId: leadId });
    }
    if (apiCalls > 0 && this.callsUsed + this.heldCalls + apiCalls > this.callsLimit) {
      throw new HunterError('QUOTA_EXCEEDED', `The monthly quota of ${this.callsLimit} API calls is used up.`, { recordId: leadId });
    }
    this.held += micros;
    this.heldCalls += apiCalls;
  }

  /** A step ended (recorded or not): its hold goes, what it charged is counted. */
  settle(heldMicros: number, heldCalls: number, chargedMicros: number, calls: number): void {
    this.held -= heldMicros;
    this.heldCalls -= heldCalls;
    this.balance -= chargedMicros;
    this.runSpend += chargedMicros;
    this.callsUsed += calls;
  }
}
