import type { ChannelVersionView, RateRowView, ReplyCheckView } from '../../../preload/contract';
import { formatPercent } from './format';

/** Why the rep turns a draft down (the contract's reasons), in their words, in the chooser's order (keys 1–5). */
export type RejectReason = 'wrong_person' | 'wrong_business' | 'bad_message' | 'not_now' | 'do_not_contact';
export const REJECT_REASONS: Record<RejectReason, { key: string; label: string; hint: string }> = {
  wrong_person: { key: '1', label: 'Wrong person', hint: 'The business is right, the person is not.' },
  wrong_business: { key: '2', label: 'Wrong business', hint: 'Not a business you sell to.' },
  bad_message: { key: '3', label: 'Bad message', hint: 'The text is not good enough to send.' },
  not_now: { key: '4', label: 'Not now', hint: 'Maybe later, not in this round.' },
  do_not_contact: { key: '5', label: "Don't contact again", hint: '' },
};
export const REJECT_ORDER = Object.keys(REJECT_REASONS) as RejectReason[];

export type ChatChannel = ChannelVersionView['channel'];
export const CHANNEL_LABEL: Record<ChatChannel, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  linkedin: 'LinkedIn',
  linkedin_note: 'LinkedIn note',
  facebook: 'Facebook',
};
export const LINK_LABEL: Record<ChannelVersionView['links'][number]['kind'], string> = {
  sms: 'Open in Messages (sms:)',
  whatsapp: 'Open in WhatsApp',
  linkedin: 'Open the LinkedIn profile',
};

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** "142 / 160 GSM-7": the length as the channel counts it, against its limit. */
export function lengthText(v: Pick<ChannelVersionView, 'length' | 'limit' | 'encoding'>): string {
  const unit = v.encoding === 'gsm7' ? ' GSM-7' : v.encoding === 'ucs2' ? ' UCS-2 (a character outside GSM-7)' : ' characters';
  return `${int.format(v.length)} / ${int.format(v.limit)}${unit}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${int.format(n)} ${n === 1 ? one : many}`;

/** What one reply check found, in words: "Read 4 new messages in INBOX: 1 reply (1 positive) …". */
export function replyCheckText(r: ReplyCheckView): string {
  if (r.scanned === 0 && r.replies === 0 && r.bounces === 0) return `Nothing new in ${r.mailbox} since the last check.`;
  const tones = [r.positive ? `${int.format(r.positive)} positive` : '', r.not_now ? `${int.format(r.not_now)} not now` : '', r.stop ? `${int.format(r.stop)} asked to stop` : ''].filter(Boolean);
  const parts = [
    `${plural(r.replies, 'reply', 'replies')}${tones.length ? ` (${tones.join(', ')})` : ''}`,
    r.bounces ? plural(r.bounces, 'bounce') : 'no bounces',
    r.auto_replies ? `${plural(r.auto_replies, 'out-of-office answer')} left alone` : '',
  ].filter(Boolean);
  const after = [
    r.cancelled ? `${plural(r.cancelled, 'follow-up')} cancelled` : '',
    r.listed ? `${plural(r.listed, 'address', 'addresses')} put on the do-not-contact list` : '',
  ].filter(Boolean);
  return `Read ${plural(r.scanned, 'new message')} in ${r.mailbox}: ${parts.join(', ')}.${after.length ? ` ${after.join('; ')}.` : ''}${r.more ? ' More mail is waiting; the next check goes on from here.' : ''}`;
}

export const OUTCOME_LABEL: Record<string, string> = {
  no_reply_yet: 'No reply yet',
  replied: 'Replied',
  positive: 'Positive',
  not_now: 'Not now',
  stop: 'Asked to stop',
  bounced: 'Bounced',
};

/** "3 of 14 replied", with the share only when main says the count is worth one. */
export function rateText(r: RateRowView): string {
  return `${int.format(r.replied)} of ${int.format(r.sent)} replied${r.rate !== null ? ` · ${formatPercent(r.rate)}` : ''}`;
}

const DAY = 86_400_000;

/** When a follow-up is due, as the rep says it: "today", "tomorrow", "in 3 days (Thu, 12 Mar)", "overdue". */
export function dueText(iso: string | null, now: Date = new Date()): string {
  if (!iso) return 'not planned';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const start = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((start(d) - start(now)) / DAY);
  const date = d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  if (days < 0) return `overdue since ${date}`;
  if (days === 0) return `today (${date})`;
  if (days === 1) return `tomorrow (${date})`;
  return `in ${days} days (${date})`;
}

/** Milliseconds in words: "412 ms", "1.5 s", "—" when not measured. */
export function msText(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
