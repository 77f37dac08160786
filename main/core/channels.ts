import { isAboutLead, sentencesOf } from './claims';
import { splitMessage, type CheckSender } from './message-check';
import { parsePhone, phoneDetails } from './phone';
import type { ChatChannel, OutreachChannel } from './vocabulary';

/**
 * The channel versions of a draft (issue 16): the same observation and ask, formatted for where the rep
 * will paste it. The e-mail is the source; each version is cut from its sentences, never mid-word or
 * mid-sentence, and a version that cannot fit its channel's limit says so instead of being clipped.
 */
export { CHAT_CHANNELS, type ChatChannel, type OutreachChannel } from './vocabulary';

/** One SMS segment: 160 characters of the GSM 03.38 alphabet, 70 UTF-16 units once one character is outside it. */
export const SMS_GSM7_LIMIT = 160;
export const SMS_UCS2_LIMIT = 70;
/** LinkedIn's connection-request note. */
export const LINKEDIN_NOTE_LIMIT = 300;
/** LinkedIn's message box, WhatsApp's and Messenger's: far above a first message, but a limit all the same. */
const LINKEDIN_MESSAGE_LIMIT = 8000;
const WHATSAPP_LIMIT = 65_536;
const FACEBOOK_LIMIT = 20_000;

export interface ChannelLead {
  name: string;
  phone?: string | null | undefined;
  country?: string | null | undefined;
  linkedin?: string | null | undefined;
}

export interface ChannelSource {
  body: string;
  subject: string;
  sender: CheckSender | null;
  lead: ChannelLead;
}

export interface ChannelLink {
  kind: 'sms' | 'whatsapp' | 'linkedin';
  url: string;
}

export interface ChannelVersion {
  channel: ChatChannel;
  text: string;
  /** Chat channels have no subject line. */
  subject: null;
  /** The length as the channel counts it (GSM-7 septets for SMS, characters otherwise). */
  length: number;
  limit: number;
  /** SMS only: which alphabet the segment needs. */
  encoding: 'gsm7' | 'ucs2' | null;
  fits: boolean;
  /** Why it does not fit, and what to do; null when it fits. */
  problem: string | null;
  links: ChannelLink[];
}

/** The parts of the e-mail a channel version is built from. */
interface Parts {
  greeting: string;
  /** The first sentence: the observation the e-mail is built on. */
  observation: string;
  /** The sentences between: the bridge and the offer. */
  middle: string[];
  /** The last question (or the last sentence): the ask. */
  ask: string;
  /** The sender's name as a chat signs: first name and company when known. */
  name: string;
  firstName: string;
}

function partsOf(src: ChannelSource): Parts {
  const split = splitMessage(src.body, src.sender);
  const sentences = sentencesOf(split.content);
  const askAt = lastIndexWhere(sentences, (s) => s.trim().endsWith('?'));
  const ask = askAt >= 0 ? sentences[askAt]! : (sentences.length > 1 ? sentences[sentences.length - 1]! : '');
  const rest = sentences.filter((_, i) => i !== (askAt >= 0 ? askAt : sentences.length > 1 ? sentences.length - 1 : -1));
  // The observation is the sentence about the lead (a message may open with the bridge); the rest keep their order.
  const obsAt = Math.max(0, rest.findIndex((x) => isAboutLead(x, src.lead, [])));
  const full = src.sender?.name.trim() ?? '';
  const firstName = full.split(/\s+/u)[0] ?? '';
  const company = src.sender?.company?.trim();
  return {
    greeting: split.greeting,
    observation: rest[obsAt] ?? '',
    middle: rest.filter((_, i) => i !== obsAt),
    ask,
    name: full ? (company ? `${full}, ${company}` : full) : '',
    firstName,
  };
}

function lastIndexWhere<T>(xs: readonly T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i;
  return -1;
}

/** Every version the agent's channels ask for, in the agent's order. */
export function channelVersions(src: ChannelSource, channels: readonly OutreachChannel[]): ChannelVersion[] {
  return channels.filter((c): c is ChatChannel => c !== 'email').map((c) => channelVersion(src, c));
}

export function channelVersion(src: ChannelSource, channel: ChatChannel): ChannelVersion {
  const p = partsOf(src);
  switch (channel) {
    case 'sms':
      return smsVersion(p, src.lead);
    case 'linkedin_note':
      return noteVersion(p, src.lead);
    case 'whatsapp':
      return chatVersion('whatsapp', p, src.lead, WHATSAPP_LIMIT);
    case 'facebook':
      return chatVersion('facebook', p, src.lead, FACEBOOK_LIMIT);
    case 'linkedin':
      return chatVersion('linkedin', p, src.lead, LINKEDIN_MESSAGE_LIMIT);
  }
}

/**
 * The candidates a short channel tries, longest first: everything, then the observation, the first
 * middle sentence and the ask, then only the observation and the ask. Whole sentences only.
 */
function shortCandidates(p: Parts): string[][] {
  const core = [p.observation, p.ask].filter(Boolean);
  const out = [[p.observation, ...p.middle, p.ask].filter(Boolean)];
  if (p.middle.length > 1) out.push([p.observation, p.middle[0]!, p.ask].filter(Boolean));
  if (p.middle.length > 0) out.push(core);
  return out;
}

/** No greeting line (an SMS has no room for one), the observation and the ask, the sender's name at the end. */
function smsVersion(p: Parts, lead: ChannelLead): ChannelVersion {
  const signatures = [p.name, p.firstName].filter((s, i, a) => s && a.indexOf(s) === i);
  const texts: string[] = [];
  for (const c of shortCandidates(p)) {
    for (const sig of signatures.length ? signatures : ['']) texts.push(gsmFriendly([c.join(' '), sig ? `– ${sig}` : ''].filter(Boolean).join(' ')));
  }
  const measured = texts.map((t) => ({ text: t, ...smsLength(t) }));
  const fitting = measured.find((m) => m.length <= m.limit);
  const chosen = fitting ?? measured[measured.length - 1]!;
  const links = smsLinks(lead, chosen.text);
  return {
    channel: 'sms', text: chosen.text, subject: null, length: chosen.length, limit: chosen.limit, encoding: chosen.encoding, fits: !!fitting, links,
    problem: fitting ? null : `Too long for one SMS: ${chosen.length} of ${chosen.limit} characters${chosen.encoding === 'ucs2' ? ' (a character outside the SMS alphabet halves the room)' : ''}, even with only the observation, the ask and your name. Shorten the observation or the ask in the e-mail, or send it by WhatsApp.`,
  };
}

/** A greeting, the observation and the ask in at most 300 characters; LinkedIn shows who sent it. */
function noteVersion(p: Parts, lead: ChannelLead): ChannelVersion {
  const texts = shortCandidates(p).map((c) => [p.greeting, c.join(' ')].filter(Boolean).join(' '));
  const measured = texts.map((t) => ({ text: t, length: charCount(t) }));
  const fitting = measured.find((m) => m.length <= LINKEDIN_NOTE_LIMIT);
  const chosen = fitting ?? measured[measured.length - 1]!;
  return {
    channel: 'linkedin_note', text: chosen.text, subject: null, length: chosen.length, limit: LINKEDIN_NOTE_LIMIT, encoding: null, fits: !!fitting,
    links: lead.linkedin ? [{ kind: 'linkedin', url: lead.linkedin }] : [],
    problem: fitting ? null : `Too long for a LinkedIn connection note: ${chosen.length} of ${LINKEDIN_NOTE_LIMIT} characters even with only the observation and the ask. Shorten them, or send it as a LinkedIn message after connecting.`,
  };
}

/** Short paragraphs (a chat is read on a phone), no subject, the sender's first name at the end. */
function chatVersion(channel: 'whatsapp' | 'facebook' | 'linkedin', p: Parts, lead: ChannelLead, limit: number): ChannelVersion {
  const sentences = [p.observation, ...p.middle].filter(Boolean);
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) paragraphs.push(sentences.slice(i, i + 2).join(' '));
  if (p.ask) paragraphs.push(p.ask);
  const text = [p.greeting, ...paragraphs, p.firstName].filter(Boolean).join('\n\n');
  const length = charCount(text);
  const links: ChannelLink[] = [];
  if (channel === 'whatsapp') {
    const phone = parsePhone(lead.phone ?? null, lead.country ?? null);
    if (phone) links.push({ kind: 'whatsapp', url: `https://wa.me/${phone.e164.slice(1)}?text=${encodeURIComponent(text)}` });
  }
  if (channel === 'linkedin' && lead.linkedin) links.push({ kind: 'linkedin', url: lead.linkedin });
  return {
    channel, text, subject: null, length, limit, encoding: null, fits: length <= limit, links,
    problem: length <= limit ? null : `Longer than the ${limit} characters a ${channel} message takes: shorten the e-mail first.`,
  };
}

/** An `sms:` link only to a number that can take a text: a known landline cannot. */
function smsLinks(lead: ChannelLead, text: string): ChannelLink[] {
  const phone = parsePhone(lead.phone ?? null, lead.country ?? null);
  if (!phone || phoneDetails(phone).type === 'FIXED_LINE') return [];
  return [{ kind: 'sms', url: `sms:${phone.e164}?body=${encodeURIComponent(text)}` }];
}

// GSM 03.38: the basic alphabet, and the extension table whose characters take two septets.
const GSM_BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const GSM_EXTENDED = new Set([...'^{}\\[~]|€']);

/**
 * The length of a text in one SMS segment and the segment's room: GSM-7 septets when every character is
 * in the alphabet (an extension character counts two), otherwise UTF-16 units against 70.
 */
export function smsLength(text: string): { length: number; limit: number; encoding: 'gsm7' | 'ucs2' } {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else return { length: text.length, limit: SMS_UCS2_LIMIT, encoding: 'ucs2' };
  }
  return { length: septets, limit: SMS_GSM7_LIMIT, encoding: 'gsm7' };
}

/**
 * Typographic punctuation a writer uses freely (’ “ ” – … and the non-breaking space) has plain GSM
 * equivalents: one curly apostrophe would otherwise cut the room from 160 to 70.
 */
export function gsmFriendly(text: string): string {
  return text
    .replace(/[‘’‚′]/gu, "'")
    .replace(/[“”„″]/gu, '"')
    .replace(/[–—]/gu, '-')
    .replace(/…/gu, '...')
    .replace(/[\u00a0\u202f]/gu, ' ');
}

/** Characters as a person counts them (an emoji is one), which is how LinkedIn and chat apps count. */
function charCount(text: string): number {
  return [...text].length;
}
