import * as z from 'zod';

/**
 * Who signs the messages: the rep's identity as set once in Settings (or `hunter settings set sender.*`),
 * used by the writers (the signature), by the message check (a message without a sender is not ready) and
 * by every export (From, Reply-To, Cc/Bcc, postal address and opt-out line).
 */
const email = z.string().trim().max(320).regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'is not an e-mail address like you@company.com');

export const SenderSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: email.optional(),
  company: z.string().trim().max(200).optional(),
  signature: z.string().max(2000).optional(),
  /** The sender's postal address, which CAN-SPAM and the mailbox providers' sender rules ask for. */
  postal_address: z.string().trim().max(500).optional(),
  /** The opt-out sentence, in the rep's words. */
  opt_out: z.string().trim().max(300).optional(),
  /**
   * Whether every exported message ends with the postal address and the opt-out sentence. On unless set
   * to false: turning it off is the rep's deliberate choice, never a default.
   */
  compliance_footer: z.boolean().optional(),
  reply_to: email.optional(),
  cc: z.array(email).max(10).optional(),
  bcc: z.array(email).max(10).optional(),
});
export type Sender = z.infer<typeof SenderSchema>;

/** The opt-out line when the rep has not written their own. */
export const DEFAULT_OPT_OUT = "If you'd rather not hear from me, just reply and I won't write again.";

/** Reads a stored sender; an unreadable one counts as none (the rep sets it again), never as a crash. */
export function readSenderSettings(raw: unknown): Sender | null {
  const r = SenderSchema.safeParse(raw);
  return r.success ? r.data : null;
}
