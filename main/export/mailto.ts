import { HunterError } from '../core/errors';
import type { WorkspaceStore } from '../store';
import { complianceFooter } from './compliance';
import { checkSenderAddresses, draftMessage, senderSignature } from './message';
import { parseSender, readSender } from './sender';
import type { ExportSenderInput } from './types';

/** Longer mailto: URLs are cut off or refused by some mail clients and by the OS handing them over. */
export const MAILTO_MAX_LENGTH = 2000;

/**
 * A mailto: URL (RFC 6068) with the subject and body, percent-encoded as UTF-8, line breaks as %0D%0A.
 * Refuses a URL longer than clients accept, and says to use the .eml file instead.
 */
export function mailtoUrl(m: { to: string; subject: string; text: string; cc?: readonly string[]; bcc?: readonly string[] }): string {
  const addr = (a: string) => encodeURIComponent(a).replace(/%40/g, '@');
  const to = addr(m.to);
  const body = encodeURIComponent(m.text.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n'));
  const copies = [['cc', m.cc], ['bcc', m.bcc]] as const;
  const extra = copies.filter(([, list]) => list && list.length).map(([k, list]) => `&${k}=${list!.map(addr).join(',')}`).join('');
  const url = `mailto:${to}?subject=${encodeURIComponent(m.subject)}${extra}&body=${body}`;
  if (url.length > MAILTO_MAX_LENGTH) {
    throw new HunterError(
      'INVALID_INPUT',
      `This message is too long to open in your mail client directly (the link would be ${url.length} characters; mail clients take about ${MAILTO_MAX_LENGTH}). Export it as an .eml file instead and open that file: it opens as a ready draft.`,
    );
  }
  return url;
}

/**
 * The mailto: URL of one approved draft, with the sender's Cc and Bcc (by default the workspace's
 * "sender" setting) and the footer every export carries. Opening it exports nothing: the draft stays
 * approved. A draft to an address or business on the do-not-contact list gets no link.
 */
export function mailtoForDraft(store: WorkspaceStore, draftId: string, senderInput?: ExportSenderInput | null): string {
  const draft = store.drafts.get(draftId);
  if (draft.status !== 'approved' && draft.status !== 'exported') {
    throw new HunterError('INVALID_INPUT', `Draft ${draftId} is ${draft.status.replace('_', ' ')}; approve it first.`);
  }
  const lead = store.leads.get(draft.lead_id);
  const listed = store.dnc.blocksAddress(draft.recipient) ?? store.dnc.blocks(lead, store.leads.facts(lead.id));
  if (listed) throw new HunterError('DO_NOT_CONTACT', `${lead.name}: ${listed.reason}.`, { recordId: draftId });
  const sender = senderInput !== undefined ? parseSender(senderInput) : readSender(store);
  const ctx = { from: null, signature: senderSignature(sender), footer: complianceFooter(sender).text, date: new Date(), ...checkSenderAddresses(sender) };
  const checked = draftMessage(draft, lead, ctx);
  if (!checked.ok) throw new HunterError('INVALID_INPUT', checked.reason, { recordId: draftId });
  const m = checked.message;
  return mailtoUrl({ to: m.to.address, subject: m.subject, text: m.text, cc: m.cc, bcc: m.bcc });
}
