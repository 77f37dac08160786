import { sentencesOf } from '../core/claims';
import { splitMessage, type CheckResult, type CheckSender } from '../core/message-check';
import { wordCount } from '../core/quality';
import { cleanMessage } from './message-check';

/**
 * What the app, not the model, decides about a model's message: the greeting (MESSAGES.md's rules, worked
 * out from the lead), the sign-off (from the sender's settings; the model never signs), the contacts it may
 * contain and the length. Applied to every model answer before it is checked.
 */
export interface MessageFrame {
  greeting: string;
  signoff: string;
  maxLength: number;
  knownContacts: readonly string[];
  markers: readonly string[];
  sender: CheckSender | null;
  callToAction?: string | undefined;
}

export function joinMessage(greeting: string, content: string, signoff: string): string {
  return [greeting, content.trim(), signoff].filter((x) => x.trim()).join('\n\n');
}

/** The model's text in the app's frame: our greeting and sign-off, contacts checked, within the limit. */
export function frameMessage(body: string, frame: MessageFrame): { body: string; removed: string[]; usable: boolean } {
  const parts = splitMessage(body.replace(/\r\n?/gu, '\n'), frame.sender);
  const content = parts.content.replace(/^\s*(?:best|regards|thanks|cheers|viele grüße|mit freundlichen grüßen)[,.]?\s*$/gimu, '').trim();
  const budget = frame.maxLength - wordCount(frame.greeting) - wordCount(frame.signoff);
  const cleaned = cleanMessage(content, { knownContacts: frame.knownContacts, markers: frame.markers, maxLength: Math.max(10, budget) });
  return { body: joinMessage(frame.greeting, cleaned.body, frame.signoff), removed: cleaned.removed, usable: cleaned.usable };
}

/**
 * Takes out what the check found untrue or unsendable: each sentence carrying an unsupported or
 * contradicted claim, a placeholder, an invented contact or another business's name. The greeting and
 * the sign-off stay; the ask is put back if it went. What is left is checked again by the caller.
 */
export function repairMessage(body: string, check: CheckResult, frame: MessageFrame): { body: string; removed: string[] } {
  const bad = [
    ...check.claims.filter((c) => c.supported !== 'supported').map((c) => c.text),
    ...check.issues.filter((i) => ['PLACEHOLDER', 'INVENTED_CONTACT', 'OTHER_BUSINESS'].includes(i.code) && i.text).map((i) => i.text!),
  ].map((t) => t.toLowerCase().replace(/^"|"$/gu, '').trim()).filter((t) => t.length >= 2);
  if (bad.length === 0) return { body, removed: [] };
  const parts = splitMessage(body, frame.sender);
  const removed: string[] = [];
  const kept = sentencesOf(parts.content).filter((s) => {
    const lower = s.toLowerCase();
    const hit = bad.some((b) => lower.includes(b) || b.includes(lower.replace(/[.!?]+$/u, '')));
    if (hit) removed.push(s);
    return !hit;
  });
  let content = kept.join(' ');
  const cta = frame.callToAction?.trim();
  if (cta && !content.toLowerCase().includes(cta.toLowerCase().replace(/[.?!]+$/u, ''))) {
    if (!/\?\s*$/u.test(content)) content = `${content} ${/[.?!]$/u.test(cta) ? cta : `${cta}?`}`.trim();
  }
  return { body: joinMessage(frame.greeting, content, frame.signoff), removed };
}

/** A subject with an untrue claim in it is not kept. */
export function subjectHasBadClaim(subject: string, check: CheckResult): boolean {
  const s = subject.toLowerCase();
  return check.claims.some((c) => c.supported !== 'supported' && s.includes(c.text.toLowerCase().replace(/^"|"$/gu, '')));
}
