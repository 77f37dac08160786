import { createHash } from 'node:crypto';
import type { Draft, Lead } from '../core/domain';
import { HunterError } from '../core/errors';
import { checkRecipient } from './recipient';
import type { ExportSender, SkipProblem } from './types';

/** One approved draft, ready to be written in any format. Text uses "\n" line breaks. */
export interface DraftMessage {
  draftId: string;
  messageId: string;
  from: { name: string; address: string } | null;
  to: { name: string; address: string };
  /** From the sender settings, the same on every message of an export. */
  replyTo: string | null;
  cc: string[];
  bcc: string[];
  subject: string;
  /**
   * The approved body, then the signature block: the rep's signature and the footer (postal address and
   * opt-out sentence) unless turned off. What the recipient reads.
   */
  text: string;
  /** The approved body alone, for mail-merge columns (those tools add their own signature). */
  body: string;
  date: Date;
  /** The address was guessed, not read from a page or a source. */
  unverified: boolean;
}

export type MessageCheck = { ok: true; message: DraftMessage } | { ok: false; problem: SkipProblem; reason: string };

/** The sender's address, required when the format carries a From header. */
export interface CheckedSender {
  name: string;
  address: string;
  domainAscii: string;
}

/** What every message of one export shares. */
export interface MessageContext {
  /** Null for formats without a From header (CSV, mailto:). */
  from: CheckedSender | null;
  signature: string | null;
  /** The postal address and opt-out lines, appended to the signature; null when the rep turned them off. */
  footer?: string | null;
  date: Date;
  /** Checked addresses from the sender settings; empty for formats without headers. */
  replyTo?: string | null;
  cc?: readonly string[];
  bcc?: readonly string[];
}

export function checkSender(sender: ExportSender | null): CheckedSender {
  const where = 'Add it in Settings → Your details (or `hunter settings set sender.email ADDRESS`) and export again.';
  if (!sender || !sender.email) throw new HunterError('INVALID_INPUT', `Your e-mail address is not set, and a draft needs a From address. ${where}`);
  const checked = checkRecipient(sender.email);
  if (!checked.ok) throw new HunterError('INVALID_INPUT', `Your e-mail address is not valid: ${checked.reason} ${where}`);
  return { name: oneLine(sender.name), address: checked.address, domainAscii: checked.domainAscii };
}

/**
 * The Reply-To, Cc and Bcc of the sender settings, each address checked: a wrong one would be on every
 * message of the export, so it stops the export with the field named rather than being skipped.
 */
export function checkSenderAddresses(sender: ExportSender | null): { replyTo: string | null; cc: string[]; bcc: string[] } {
  const check = (field: string, a: string) => {
    const r = checkRecipient(a);
    if (!r.ok) throw new HunterError('INVALID_INPUT', `The ${field} address in your sender settings is not valid: ${r.reason} Fix it in Settings → Your details and export again.`);
    return r.address;
  };
  return {
    replyTo: sender?.reply_to?.trim() ? check('Reply-To', sender.reply_to) : null,
    cc: (sender?.cc ?? []).map((a) => check('Cc', a)),
    bcc: (sender?.bcc ?? []).map((a) => check('Bcc', a)),
  };
}

/** The signature block the rep set, if any; appended after the RFC 3676 "-- " separator. */
export function senderSignature(sender: ExportSender | null): string | null {
  return sender?.signature?.trim() ? normaliseLineBreaks(sender.signature) : null;
}

/**
 * The message a draft becomes. A draft whose address or subject cannot be exported safely is refused with
 * the reason, so the caller skips it and the rest of the batch goes on.
 */
export function draftMessage(draft: Draft, lead: Lead, ctx: MessageContext): MessageCheck {
  const to = checkRecipient(draft.recipient);
  if (!to.ok) return { ok: false, problem: draft.recipient ? 'invalid_recipient' : 'no_recipient', reason: to.reason };
  const subjectProblem = unsafeSubject(draft.subject);
  if (subjectProblem) return { ok: false, problem: 'unsafe_subject', reason: subjectProblem };
  const body = normaliseLineBreaks(draft.body);
  const signature = [ctx.signature, ctx.footer ? normaliseLineBreaks(ctx.footer) : null].filter((s): s is string => !!s).join('\n\n');
  return {
    ok: true,
    message: {
      draftId: draft.id,
      messageId: stableMessageId(draft.id, ctx.from?.domainAscii ?? to.domainAscii),
      from: ctx.from ? { name: ctx.from.name, address: ctx.from.address } : null,
      to: { name: recipientName(lead), address: to.address },
      replyTo: ctx.replyTo ?? null,
      cc: [...(ctx.cc ?? [])],
      bcc: [...(ctx.bcc ?? [])],
      subject: draft.subject,
      text: signature ? `${body}\n\n-- \n${signature}` : body,
      body,
      date: ctx.date,
      unverified: draft.recipient_status === 'guessed_unverified',
    },
  };
}

/**
 * A subject goes into a header as it is: a line break there would let a draft add headers of its own
 * (Bcc, a second body). Such a draft is refused rather than silently rewritten.
 */
export function unsafeSubject(subject: string): string | null {
  if (/[\r\n]/.test(subject)) return 'The subject contains a line break; a subject must be one line (refused to prevent header injection). Edit the subject and export again.';
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(subject)) return 'The subject contains control characters; edit the subject and export again.';
  return null;
}

/**
 * The same draft always gets the same Message-ID, so a second export (or a resumed IMAP upload) is
 * recognised as the same message instead of becoming a copy.
 */
export function stableMessageId(draftId: string, domainAscii: string): string {
  const local = /^[A-Za-z0-9_-]{1,64}$/.test(draftId) ? draftId : 'h' + createHash('sha256').update(draftId).digest('hex').slice(0, 32);
  return `<hunter.${local}@${domainAscii}>`;
}

/** The person when the lead names one, otherwise the business: what a mail client shows beside the address. */
function recipientName(lead: Lead): string {
  const person = [lead.first_name, lead.last_name].filter((s): s is string => !!s && !!s.trim()).join(' ');
  return oneLine(person || lead.name);
}

/** Names come from scraped pages and settings: a control character in one must not reach a header. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function normaliseLineBreaks(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}
