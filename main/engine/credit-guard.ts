import { fromMicros } from '../core/credits';
import { HunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';

/**
 * Holds credits for steps in flight. The ledger in SQLite has what is charged; holds live here, in the
 * one process that runs the execution, so a step can never start unless its most expensive outcome still
 * fits the balance and the run's budget. A process that dies takes its holds with it, which is right:
 * its unrecorded steps are run again on resume.
 */
/** Reservations between two reads of the ledger's balance. */
const REFRESH_EVERY = 64;
/**
 * How many of a step's price from empty a run starts reading the balance at every step and writing each
 * step at once. Above it, another run's steps done but not yet written (a commit batch of 512 plus those
 * in flight, under 1 024) cannot add up to what is left, so two runs at once never both spend the last
 * credits; below it, neither hides more than the steps it has in flight.
 */
const REFRESH_MARGIN = 1024;

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

  private sinceRefresh = 0;

  /**
   * The balance as the ledger has it now. Another process (a second run, the app) may be spending from the
   * same workspace, and its charges are visible only there: re-read often enough that two runs at once
   * cannot take the balance far below zero, rarely enough to cost nothing (one indexed read).
   */
  private refresh(): void {
    this.balance = this.store.ledger.balance().balance_micros;
    this.callsUsed = this.store.usage.used();
    this.sinceRefresh = 0;
  }

  reserve(micros: number, apiCalls: number, leadId: string): void {
    if (++this.sinceRefresh >= REFRESH_EVERY || (micros > 0 && this.balance - this.held < micros * REFRESH_MARGIN)) this.refresh();
    if (micros > 0 && this.balance - this.held < micros) {
      throw new HunterError('INSUFFICIENT_CREDITS', `Not enough credits to go on: the next step needs up to ${fromMicros(micros)} and ${fromMicros(Math.max(0, this.balance - this.held))} are left. Add credits, then resume the run.`, { recordId: leadId });
    }
    if (micros > 0 && this.budgetMicros != null && this.runSpend + this.held + micros > this.budgetMicros) {
      throw new HunterError('BUDGET_REACHED', `This run reached its budget of ${fromMicros(this.budgetMicros)} credits (${fromMicros(this.runSpend)} spent). Raise the run's budget, then resume it.`, { recordId: leadId });
    }
    if (apiCalls > 0 && this.callsUsed + this.heldCalls + apiCalls > this.callsLimit) {
      throw new HunterError('QUOTA_EXCEEDED', `The monthly quota of ${this.callsLimit} API calls is used up.`, { recordId: leadId });
    }
    this.held += micros;
    this.heldCalls += apiCalls;
  }

  /**
   * Close enough to empty that what this run has done but not yet written matters to another run spending
   * from the same balance: the engine then writes each step at once, so both see the true balance.
   */
  nearEmpty(micros: number): boolean {
    return micros > 0 && this.balance - this.held < micros * REFRESH_MARGIN;
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
