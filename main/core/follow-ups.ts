/**
 * When follow-ups fall due (issue 16): counted in business days from the day the first message went out,
 * so a message exported on a Friday is followed up on the Wednesday after, never on a weekend. Pure: the
 * caller gives "now".
 */

/** The agent's follow-up plan: how many, and after how many business days each (counted from the first message). */
export interface FollowUpPlan {
  count: number;
  after_business_days: readonly number[];
}

/** The most words a follow-up has: it is a nudge that refers to the first message, not a second pitch. */
export const FOLLOW_UP_MAX_WORDS = 50;

/** Saturday and Sunday; the time of day is kept. Days are UTC days, as every stored time is. */
function isWeekend(d: Date): boolean {
  const day = d.getUTCDay();
  return day === 0 || day === 6;
}

/** The date `n` business days after `from` (a start on a weekend counts from the Monday after). */
export function addBusinessDays(from: Date, n: number): Date {
  const d = new Date(from.getTime());
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (!isWeekend(d)) left--;
  }
  return d;
}

/** The due dates of a first message's follow-ups, in order; none when the agent plans none. */
export function followUpDueDates(sentAt: Date, plan: FollowUpPlan): Date[] {
  return plan.after_business_days.slice(0, plan.count).map((n) => addBusinessDays(sentAt, n));
}
