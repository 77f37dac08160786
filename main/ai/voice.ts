import { sentencesOf } from '../core/claims';
import { splitMessage } from '../core/message-check';
import { CLOSINGS, detectLanguage, GREETING_START, type Language } from '../core/message-lexicon';
import type { AngleKind } from './citable-facts';

/**
 * The rep's voice (issue 16): what their approved edits say about how they write. The greeting they use
 * ("Hello" where the writer put "Hi"), the closing they add above their name ("Cheers,"), and the
 * sentences they keep taking out. Learned from the texts, never from a setting the rep has to fill in;
 * the offline composer follows it, and the models are shown a few of the edits as examples.
 */
export interface VoiceProfile {
  language: Language;
  /** The words before the name in the rep's greeting ("Hello", "Good morning"), when their edits changed it. */
  greeting: string | null;
  /** The closing line the rep puts above their name ("Cheers,"), when their edits added or changed it. */
  closing: string | null;
  /** Sentences the rep took out of at least two drafts: the writers leave them out. */
  removed: string[];
  /** A few of the rep's edits, the writer's text and theirs, newest first. */
  examples: Array<{ written: string; approved: string }>;
  /** Approved edits the profile was learned from. */
  edits: number;
}

/** One approved first message beside the writer's text. */
export interface VoiceSample {
  written: string;
  approved: string;
  edited: boolean;
  /** The names the greeting may use, so "Hello Jordan," teaches "Hello" and not "Hello Jordan". */
  names: readonly string[];
}

const MAX_EXAMPLES = 3;
/** A sentence taken out this often is one the rep does not want. */
const REMOVED_AT_LEAST = 2;

/** What the rep's approved edits teach; null when they have not edited anything yet. */
export function learnVoice(samples: readonly VoiceSample[], signer: { name: string; company?: string | undefined } | null): VoiceProfile | null {
  const edits = samples.filter((s) => s.edited && s.written.trim() !== s.approved.trim());
  if (edits.length === 0) return null;
  const language = detectLanguage(edits[0]!.approved) ?? 'en';
  const same = edits.filter((s) => (detectLanguage(s.approved) ?? 'en') === language);
  const sender = signer?.name.trim() ? signer : null;
  const greetings: string[] = [];
  const closings: string[] = [];
  const removedCount = new Map<string, { text: string; n: number }>();
  for (const s of same) {
    const before = splitMessage(s.written, sender);
    const after = splitMessage(s.approved, sender);
    const g = openerOf(after.greeting, s.names);
    if (g && g !== openerOf(before.greeting, s.names)) greetings.push(g);
    const c = closingOf(after.signoff);
    if (c && c !== closingOf(before.signoff)) closings.push(c);
    const kept = new Set(sentencesOf(after.content).map(norm));
    for (const sentence of sentencesOf(before.content)) {
      const key = norm(sentence);
      if (kept.has(key)) continue;
      const e = removedCount.get(key) ?? { text: sentence, n: 0 };
      e.n++;
      removedCount.set(key, e);
    }
  }
  return {
    language,
    greeting: mostCommon(greetings),
    closing: mostCommon(closings),
    removed: [...removedCount.values()].filter((e) => e.n >= REMOVED_AT_LEAST).map((e) => e.text),
    examples: same.slice(0, MAX_EXAMPLES).map((s) => ({ written: s.written, approved: s.approved })),
    edits: same.length,
  };
}

/**
 * A message written the rep's way: their greeting word, their closing above the name, without the
 * sentences they always take out. Only a message in the profile's language is changed, and a sentence is
 * taken out only while at least two remain, so the observation and the ask are never lost.
 */
export function applyVoice(body: string, voice: VoiceProfile | null | undefined, o: { language: Language; names: readonly string[]; sender: { name: string; company?: string | undefined } | null }): string {
  if (!voice || voice.language !== o.language) return body;
  let lines = body.split('\n');
  if (voice.greeting && lines[0] && GREETING_START.test(lines[0])) {
    const opener = openerOf(lines[0], o.names);
    if (opener) lines[0] = voice.greeting + lines[0].slice(lines[0].indexOf(opener) + opener.length);
  }
  if (voice.closing) {
    const sender = o.sender?.name.trim() ? o.sender : null;
    const parts = splitMessage(lines.join('\n'), sender);
    const signoff = parts.signoff.split('\n').filter(Boolean);
    const named = signoff.filter((l) => !CLOSINGS.test(l.trim()));
    if (parts.signoff && named.length > 0) {
      const text = lines.join('\n');
      const at = text.lastIndexOf(parts.signoff);
      if (at >= 0) lines = (text.slice(0, at) + [voice.closing, ...named].join('\n') + text.slice(at + parts.signoff.length)).split('\n');
    }
  }
  let text = lines.join('\n');
  for (const sentence of voice.removed) {
    const content = sentencesOf(splitMessage(text, o.sender?.name.trim() ? o.sender : null).content);
    if (content.length <= 2) break;
    const hit = content.find((s) => norm(s) === norm(sentence));
    if (hit) text = text.replace(` ${hit}`, '').replace(`${hit} `, '').replace(hit, '');
  }
  return text;
}

/**
 * The greeting and sign-off a model's message is framed with, in the rep's voice: their opener ("Hello")
 * before the name, their closing ("Cheers,") above their name. The models write only the content between,
 * so this is where an approved edit changes the next draft for certain, whatever the model does.
 */
export function voicedFrame(
  frame: { greeting: string; signoff: string },
  voice: VoiceProfile | null | undefined,
  o: { language: Language; names: readonly string[]; sender: { name: string; company?: string | undefined } | null },
): { greeting: string; signoff: string } {
  if (!voice || voice.language !== o.language) return frame;
  const greeting = voice.greeting ? applyVoice(frame.greeting, { ...voice, closing: null, removed: [] }, o) : frame.greeting;
  const named = frame.signoff.split('\n').filter((l) => l.trim() && !CLOSINGS.test(l.trim()));
  const signoff = voice.closing && named.length > 0 ? [voice.closing, ...named].join('\n') : frame.signoff;
  return { greeting, signoff };
}

/** The rep's edits as the models are shown them: a few before/after pairs, then the preferences. */
export function voiceExamplesBlock(voice: VoiceProfile | null | undefined): string {
  if (!voice) return '';
  const lines = ['The rep edited earlier drafts like this before approving them; write the way they do.'];
  voice.examples.forEach((e, i) => lines.push(`Example ${i + 1}, written:\n${e.written}\nExample ${i + 1}, as the rep approved it:\n${e.approved}`));
  if (voice.greeting) lines.push(`Greeting: start with "${voice.greeting}".`);
  if (voice.closing) lines.push(`Closing above the name: "${voice.closing}".`);
  if (voice.removed.length) lines.push(`Never write: ${voice.removed.map((r) => `"${r}"`).join('; ')}`);
  return lines.join('\n\n');
}

/** "Hello Jordan," → "Hello"; "Sehr geehrte Frau Köhler," → "Sehr geehrte Frau". */
function openerOf(greeting: string, names: readonly string[]): string | null {
  const g = greeting.trim().replace(/[,:!]+$/u, '');
  if (!g || !GREETING_START.test(g)) return null;
  const lower = g.toLowerCase();
  let at = g.length;
  for (const n of names) {
    const i = n.trim() ? lower.indexOf(n.trim().toLowerCase()) : -1;
    if (i > 0 && i < at) at = i;
  }
  const teamAt = lower.search(/\s(?:team|teams)\b/u);
  if (at === g.length && teamAt > 0) at = lower.lastIndexOf(' ', teamAt - 1) + 1 || teamAt;
  const opener = g.slice(0, at).trim();
  return opener || null;
}

function closingOf(signoff: string): string | null {
  const line = signoff.split('\n').map((l) => l.trim()).find((l) => CLOSINGS.test(l));
  return line ?? null;
}

function mostCommon(xs: readonly string[]): string | null {
  if (xs.length === 0) return null;
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  // Ties go to the newest (samples come newest first).
  return [...n.entries()].sort((a, b) => b[1] - a[1] || xs.indexOf(a[0]) - xs.indexOf(b[0]))[0]![0];
}

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/gu, ' ').replace(/[.!?…]+$/u, '').trim();
}

/**
 * How well each angle did with this rep's leads, as the fact ranking takes it (0..1): the share of sent
 * first messages on that angle that got a reply. An angle needs a reply to count at all, so one lucky
 * message cannot outweigh the offer's relevance, and none counts more than it has earned.
 */
export function angleOutcomes(rates: ReadonlyArray<{ angle: string; sent: number; replied: number }>): Partial<Record<AngleKind, number>> {
  const by = new Map<string, { sent: number; replied: number }>();
  for (const r of rates) {
    const e = by.get(r.angle) ?? { sent: 0, replied: 0 };
    e.sent += r.sent;
    e.replied += r.replied;
    by.set(r.angle, e);
  }
  const out: Partial<Record<AngleKind, number>> = {};
  for (const [angle, e] of by) if (angle !== 'none' && e.replied > 0) out[angle as AngleKind] = e.replied / e.sent;
  return out;
}
