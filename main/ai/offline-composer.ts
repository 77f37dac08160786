import type { AgentConfig } from '../core/agent-config';
import type { Fact, Lead } from '../core/domain';
import { genderOf, leadLanguage, type OtherDraft } from '../core/message-check';
import { detectLanguage, sectorOf, type Language, type Sector } from '../core/message-lexicon';
import { wordCount } from '../core/quality';
import { angleTexts, clientele, NOTHING_KNOWN, refersBack, type AngleSlots } from './angles';
import { citableFacts, offerTopics, parseHours, type AngleKind, type CitableFact, type OfferTopic } from './citable-facts';
import { hashOf, Variety } from './variety';
import { applyVoice, type VoiceProfile } from './voice';

/** How the agent writes, as the writers see it. */
export type WritingAgent = Pick<AgentConfig, 'tone' | 'value_proposition' | 'max_length' | 'call_to_action' | 'keywords' | 'location'> & {
  language?: string | undefined;
};

/** Who signs: the rep's name and company, and whether their settings add a signature block at export. */
export interface Signer {
  name: string;
  company?: string | undefined;
  /** The rep's signature block; when set, the export appends it and the message signs with the first name only. */
  signature?: string | undefined;
  email?: string | undefined;
}

/** Everything a message may be built from: the lead, its facts, how the agent writes, who signs. */
export interface DraftContext {
  lead: Lead;
  facts: Fact[];
  agent: WritingAgent;
  sender: Signer;
  /** What this run's other drafts used, so this one differs from them. */
  variety?: Variety | undefined;
  /** "Now" for how recent a fact is; the clock when not given. */
  now?: Date | undefined;
  outcomes?: Partial<Record<AngleKind, number>> | undefined;
  /** Other drafts of the same run, for the near-duplicate check. */
  others?: OtherDraft[] | undefined;
  /** How the rep writes, from their approved edits (issue 16): their greeting, closing and what they cut. */
  voice?: VoiceProfile | null | undefined;
}

export interface ComposedMessage {
  subject: string;
  body: string;
  /** The fact values the message is built on, so the review pane can highlight them. */
  facts_used: string[];
  fact_ids_used: string[];
  angle: AngleKind | 'none';
  language: Language;
  /** Nothing particular is known about the lead: the draft says less rather than invent, and the rep is told. */
  nothing_known: boolean;
}

type Tone = WritingAgent['tone'];

const ASK: Record<Language, Record<Tone, string>> = {
  en: {
    friendly: 'Would a short call next week be useful?',
    casual: 'Open to a short call next week?',
    professional: 'Would you be open to a 15-minute call next week?',
    formal: 'Would you be available for a brief call at your convenience?',
    'sales-focused': 'Could we find 15 minutes this week to see if it fits?',
  },
  de: {
    friendly: 'Hätten Sie nächste Woche Zeit für ein kurzes Telefonat?',
    casual: 'Hätten Sie nächste Woche Zeit für ein kurzes Telefonat?',
    professional: 'Hätten Sie nächste Woche 15 Minuten für ein kurzes Gespräch?',
    formal: 'Hätten Sie in den nächsten Tagen Zeit für ein kurzes Gespräch?',
    'sales-focused': 'Wollen wir diese Woche 15 Minuten telefonieren?',
  },
};

/**
 * The offline composer: a real first message from the lead's own facts, with no model and no network. It
 * picks the fact that says most about the need the offer answers, says it plainly through the angle
 * library, bridges to the offer, and varies its forms across the run. Every specific in it comes from a
 * fact; when nothing is known it writes a short, honest note instead of inventing an observation.
 */
export function composeOffline(ctx: DraftContext): ComposedMessage {
  const { lead, facts, agent } = ctx;
  const variety = ctx.variety ?? new Variety();
  // From what the business is, not its id (a new one each import): the same list writes the same drafts.
  const seed = hashOf(`${lead.name}|${lead.domain ?? lead.website ?? ''}|${lead.phone ?? ''}`);
  const lang = messageLanguage(lead, facts, agent);
  const sector = sectorOf(lead.category, lead.name);
  const company = cleanName(lead.name);
  const topics = offerTopics(agent);
  const ranked = citableFacts(lead, facts, agent, { now: ctx.now, outcomes: ctx.outcomes }).facts;

  const greeting = greetingFor(lead, facts, agent.tone, lang);
  const ask = agent.call_to_action?.trim() ? sentence(agent.call_to_action.trim()) : ASK[lang][agent.tone];
  const offers = offerForms(agent.value_proposition, ctx.sender.company, lang, sector);
  const signoff = signOff(ctx.sender, lang);

  const chosen = chooseAngle(ranked, lang, company, sector, lead, facts, variety, seed);
  let observation: string;
  let bridge: string | null;
  let subject: string;
  let used: CitableFact | null = null;
  if (chosen) {
    used = chosen.fact;
    observation = chosen.observation;
    const bridges = bridgesFor(chosen.fact.angle, chosen.slots, topics, lang);
    bridge = bridges.length ? variety.pick(`bridge:${lang}:${chosen.fact.angle}`, bridges, seed).value : null;
    subject = chosen.subject;
  } else {
    const s = { category: lead.category ?? null, city: lead.city ?? null, sector };
    observation = variety.pick(`nothing:${lang}`, NOTHING_KNOWN[lang].map((f) => f(s)), seed).value;
    bridge = null;
    subject = lang === 'de' ? `Kurz vorgestellt: ${ctx.sender.company || ctx.sender.name || 'ein Angebot'}` : `a short introduction${ctx.sender.company ? ` from ${ctx.sender.company}` : ''}`;
  }
  const offer = variety.pick(`offer:${lang}`, offers, seed).value;
  const shape = bridge && !refersBack(bridge) ? variety.pick(`shape:${lang}`, ['observation-first', 'bridge-first'] as const, seed).value : 'observation-first';

  const assemble = (obs: string, br: string | null, off: string) => {
    const parts = shape === 'bridge-first' && br ? [br, capitalise(obs)] : [obs, ...(br ? [br] : [])];
    const first = lang === 'de' ? germanAfterComma(parts[0]!) : capitalise(parts[0]!);
    const text = [first, ...parts.slice(1).map(capitalise), off, ask].join(' ');
    return `${greeting}\n\n${text}${signoff ? `\n\n${signoff}` : ''}`;
  };
  // Longest first, then shorter until it fits: the offer's first sentence, then without the bridge, then a clipped offer.
  let body = assemble(observation, bridge, offer);
  if (wordCount(body) > agent.max_length) body = assemble(observation, bridge, firstSentence(offer));
  if (wordCount(body) > agent.max_length && bridge) body = assemble(observation, null, firstSentence(offer));
  if (wordCount(body) > agent.max_length) {
    const fixed = wordCount(assemble(observation, null, ''));
    body = assemble(observation, null, clipWords(firstSentence(offer), Math.max(6, agent.max_length - fixed)));
  }
  body = applyVoice(body, ctx.voice, { language: lang, names: [lead.first_name, lead.last_name, company].filter((x): x is string => !!x), sender: ctx.sender });
  variety.remember(body);
  return {
    subject: clipChars(subject, 78),
    body,
    facts_used: used ? [company, used.parts.title ?? used.parts.person ?? used.parts.tech ?? used.text] : [company],
    fact_ids_used: used ? [used.id] : [],
    angle: used?.angle ?? 'none',
    language: lang,
    nothing_known: !used,
  };
}

/** The lead's language when the site is clearly in one and the offer is written in it; otherwise the rep's. */
export function messageLanguage(lead: Lead, facts: readonly Fact[], agent: Pick<WritingAgent, 'value_proposition' | 'language'>): Language {
  const leadLang = leadLanguage(lead, facts);
  const offerLang = detectLanguage(agent.value_proposition);
  const repLang: Language = agent.language?.toLowerCase().startsWith('de') ? 'de' : agent.language?.toLowerCase().startsWith('en') ? 'en' : (offerLang ?? 'en');
  if (leadLang === repLang) return leadLang;
  // Writing in the lead's language needs the offer in it: a German message with an English offer helps nobody.
  return offerLang === leadLang ? leadLang : repLang;
}

interface Chosen {
  fact: CitableFact;
  observation: string;
  subject: string;
  slots: AngleSlots;
}

function chooseAngle(ranked: readonly CitableFact[], lang: Language, company: string, sector: Sector, lead: Lead, facts: readonly Fact[], variety: Variety, seed: number): Chosen | null {
  const usable = ranked
    .map((f) => ({ f, slots: slotsFor(f, lang, company, sector, lead, facts) }))
    .map((x) => ({ ...x, observations: angleTexts(lang, x.f.angle).observations.map((o) => o(x.slots)).filter((o): o is string => !!o) }))
    .filter((x) => x.observations.length > 0);
  if (usable.length === 0) return null;
  // Each time the run has used an angle it counts for a little less, so a batch varies without trading a
  // relevant fact for an irrelevant one: twenty drafts that all lead with the site builder read as a template.
  const worth = (x: (typeof usable)[number]) => x.f.relevance - 0.07 * Math.min(5, variety.used(`angle:${x.f.angle}`));
  const pick = [...usable].sort((a, b) => worth(b) - worth(a) || b.f.relevance - a.f.relevance)[0]!;
  variety.note(`angle:${pick.f.angle}`);
  const observation = variety.pick(`obs:${lang}:${pick.f.angle}`, pick.observations, seed).value;
  // The most particular subject the fact allows ("your second service van" before "your expansion").
  const subject = angleTexts(lang, pick.f.angle).subjects.map((s) => s(pick.slots)).find((s): s is string => !!s) ?? company;
  return { fact: pick.f, observation, subject, slots: pick.slots };
}

function bridgesFor(angle: AngleKind, slots: AngleSlots, topics: readonly OfferTopic[], lang: Language): string[] {
  const texts = angleTexts(lang, angle).bridges;
  for (const t of topics) {
    const lines = (texts[t] ?? []).map((b) => b(slots)).filter((b): b is string => !!b);
    if (lines.length) return lines;
  }
  return texts.generic.map((b) => b(slots)).filter((b): b is string => !!b);
}

function slotsFor(f: CitableFact, lang: Language, company: string, sector: Sector, lead: Lead, facts: readonly Fact[]): AngleSlots {
  const s: AngleSlots = { lang, company, sector, clientele: clientele(sector, lang), fact: f };
  const title = f.parts.title;
  if (title) {
    s.told = lang === 'de' ? toldDe(title) : toldEn(title);
    s.topic = topicOf(title, lang);
    const hire = hireOf(title, facts);
    if (hire.person) s.person = hire.person;
    if (hire.role) s.role = hire.role;
    if (f.angle === 'hours') Object.assign(s, daysFromText(title, lang));
    if (f.angle === 'news_expansion') s.topic = expansionTopic(title, lang);
  }
  if (f.parts.person) {
    s.person = f.parts.person;
    if (f.parts.role) s.role = f.parts.role;
  }
  if (f.parts.tech) s.tech = f.parts.tech;
  if (f.parts.year) s.year = f.parts.year;
  if (f.parts.street) s.street = f.parts.street;
  if (f.kind === 'opening_hours') Object.assign(s, notableHoursText(f.text, lang));
  return s;
}

/** A news title in the second person ("Our new hygiene room is ready" → "your new hygiene room is ready"). */
export function toldEn(title: string): string | undefined {
  const t = title.trim().replace(/[.!]+$/u, '');
  if (/[:?"“”]|\byou(?:r|rs)?\b/iu.test(t) || t.split(/\s+/u).length > 14 || !/^[\p{L}\p{N} ,'’&-]+$/u.test(t)) return undefined;
  // An imperative headline ("Meet our new hygienist") is not a statement to pass on.
  if (/^(?:meet|welcome|say hello|join|book|read|learn|discover|see|get|try|find|ask|call|visit|check)\b/iu.test(t)) return undefined;
  if (/^now\s+/iu.test(t)) return `you're ${t[0]!.toLowerCase()}${t.slice(1)}`;
  if (!/\b(?:we|we're|we've|our|us)\b/iu.test(t) && !/^the\s/iu.test(t)) return undefined;
  return t
    .replace(/^the\s/iu, 'your ')
    .replace(/\bwe're\b/giu, "you're")
    .replace(/\bwe've\b/giu, "you've")
    .replace(/\bwe are\b/giu, 'you are')
    .replace(/\bwe\b/giu, 'you')
    .replace(/\bour\b/giu, 'your')
    .replace(/\bus\b/giu, 'you')
    .replace(/^(\p{Lu})(?=\p{Ll})/u, (m) => m.toLowerCase());
}

/** German news titles that read as a main clause in the second person; anything else is quoted instead. */
export function toldDe(title: string): string | undefined {
  const t = title.trim().replace(/[.!]+$/u, '');
  if (/[:?"„“”]/u.test(t) || t.split(/\s+/u).length > 14) return undefined;
  if (/^ab\s.+\sgeöffnet$/iu.test(t)) return `Sie haben ${t[0]!.toLowerCase()}${t.slice(1)}`;
  if (/^unser(?:e|er|en)?\s.+\s(?:ist|sind|hat|haben|wurde|wurden)\b/iu.test(t)) return t.replace(/^unser/iu, 'Ihr').replace(/^Ihre?r\b/u, (m) => (m === 'Ihrer' ? 'Ihr' : m));
  return undefined;
}

function topicOf(title: string, lang: Language): string | undefined {
  const t = title.trim().replace(/[.!]+$/u, '');
  if (lang === 'de' || /[:?"“”]|\byou(?:r)?\b/iu.test(t) || t.split(/\s+/u).length > 12) return undefined;
  const second = t.replace(/\bwe\b/giu, 'you').replace(/\bour\b/giu, 'your').replace(/\bus\b/giu, 'you');
  return /^[A-Z][a-z]/u.test(second) && !/^(?:I|[A-Z][a-z]+ [A-Z])/u.test(second) ? second[0]!.toLowerCase() + second.slice(1) : second;
}

function expansionTopic(title: string, lang: Language): string | undefined {
  if (lang === 'de') return /\b(zweite[rn]?\s+Standort|neue[rn]?\s+\p{Lu}\p{L}+)/u.exec(title)?.[1];
  return /\b((?:second|third|new)\s+(?:location|office|shop|clinic|branch|room|studio|space|service van|van|hygiene room)(?:\s+in\s+\p{Lu}\p{L}+)?)/iu.exec(title)?.[1]?.replace(/^(\p{Lu})/u, (c) => c.toLowerCase());
}

/** A new hire's name and role from a news title ("Meet our new hygienist, Rosa Mendes"), checked against the team facts. */
function hireOf(title: string, facts: readonly Fact[]): { person?: string; role?: string } {
  for (const f of facts) {
    if (f.kind !== 'person') continue;
    const name = typeof f.detail?.name === 'string' ? f.detail.name : f.value;
    const bare = name.replace(/^(?:Dr\.?|Prof\.?)\s+/u, '');
    if (title.includes(bare)) {
      const role = typeof f.detail?.role === 'string' ? f.detail.role : roleIn(title);
      return { person: title.includes(name) ? name : bare, ...(role ? { role } : {}) };
    }
  }
  const de = /^neu im team:\s*(.+?)\s+((?:Dr\.\s+)?\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)$/iu.exec(title);
  if (de) return { person: de[2]!, role: de[1]! };
  const m = /^(?:meet|welcome|say hello to)\s+(.+?),\s+(.+)$/iu.exec(title);
  if (m) {
    const [a, b] = [m[1]!.trim(), m[2]!.trim()];
    const isName = (x: string) => /^(?:Dr\.\s+)?\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2}$/u.test(x);
    const person = isName(a) ? a : isName(b) ? b : undefined;
    const roleText = person === a ? b : a;
    const role = roleText.replace(/^(?:our|the)\s+/iu, '').replace(/^(?:new|newest)\s+/iu, '').trim();
    return { ...(person ? { person } : {}), ...(role && !/\s{2,}/u.test(role) ? { role } : {}) };
  }
  const role = roleIn(title);
  return role ? { role } : {};
}

function roleIn(title: string): string | undefined {
  return /\bnew(?:est)?\s+((?:licensed\s+|staff\s+|senior\s+)?(?:hygienist|dentist|doctor|stylist|colou?rist|barista|electrician|plumber|accountant|associate|partner|lawyer|attorney|therapist|physiotherapist|specialist)s?)\b/iu.exec(title)?.[1];
}

const DAY_NAMES: Record<Language, Record<string, string>> = {
  en: { mo: 'Mondays', tu: 'Tuesdays', we: 'Wednesdays', th: 'Thursdays', fr: 'Fridays', sa: 'Saturdays', su: 'Sundays' },
  de: { mo: 'montags', tu: 'dienstags', we: 'mittwochs', th: 'donnerstags', fr: 'freitags', sa: 'samstags', su: 'sonntags' },
};

/** The notable part of a lead's opening hours: its weekend day, a late evening or an early start. */
function notableHoursText(text: string, lang: Language): { days?: string; times?: string } {
  const groups = parseHours(text);
  const weekend = groups.find((g) => g.days.includes('sa') || g.days.includes('su'));
  const late = groups.find((g) => g.close >= '19:00' && !g.days.includes('sa') && !g.days.includes('su'));
  const early = groups.find((g) => g.open <= '07:00');
  const g = weekend ?? late ?? early;
  if (!g) return {};
  const day = weekend ? (g.days.includes('sa') && g.days.includes('su') ? (lang === 'de' ? 'am Wochenende' : 'on weekends') : DAY_NAMES[lang][g.days.includes('sa') ? 'sa' : 'su']!) : lang === 'de' ? 'unter der Woche' : 'on weekdays';
  const days = lang === 'en' && !day.startsWith('on ') ? `on ${day}` : day;
  if (!weekend && late) return { days, times: lang === 'de' ? `bis ${hour(g.close, lang)} Uhr` : `until ${hour(g.close, lang)}` };
  if (!weekend && early) return { days, times: lang === 'de' ? `ab ${hour(g.open, lang)} Uhr` : `from ${hour(g.open, lang)}` };
  return { days, times: lang === 'de' ? `von ${hour(g.open, lang)} bis ${hour(g.close, lang)} Uhr` : `from ${hour(g.open, lang)} to ${hour(g.close, lang)}` };
}

function daysFromText(title: string, lang: Language): { days?: string } {
  const m = /\b(saturday|sunday|samstag|sonntag)s?\b/iu.exec(title);
  if (!m) return {};
  const code = /^sa/iu.test(m[1]!) ? 'sa' : 'su';
  return { days: lang === 'en' ? `on ${DAY_NAMES.en[code]}` : DAY_NAMES.de[code]! };
}

/** "08:00" → "8 am", "12:00" → "noon", "20:00" → "8 pm" in English; German keeps the 24-hour clock. */
function hour(hhmm: string, lang: Language): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const mm = m ? `:${String(m).padStart(2, '0')}` : '';
  if (lang === 'de') return `${h}${mm}`;
  if (h === 0) return `12${mm} am`;
  if (h < 12) return `${h}${mm} am`;
  if (h === 12) return m ? `12${mm} pm` : 'noon';
  return `${h - 12}${mm} pm`;
}

/** The greeting MESSAGES.md asks for: the contact by name (with their title where expected), else the team. */
export function greetingFor(lead: Lead, facts: readonly Fact[], tone: Tone, lang: Language): string {
  const first = lead.first_name ? cleanName(lead.first_name) : null;
  const last = lead.last_name ? cleanName(lead.last_name) : null;
  const doctor = isDoctor(lead, facts);
  const company = cleanName(lead.name);
  if (lang === 'de') {
    if (first || last) {
      const g = genderOf(lead, facts);
      const dr = doctor ? 'Dr. ' : '';
      if (g && last) return `${g === 'f' ? 'Sehr geehrte Frau' : 'Sehr geehrter Herr'} ${dr}${last},`;
      return `Guten Tag ${[first, last].filter(Boolean).join(' ')},`;
    }
    return /^(?:kanzlei|praxis|zahnarztpraxis|rechtsanwaltskanzlei|physiotherapie|klinik|physiotherapiepraxis)\b/iu.test(company) ? `Sehr geehrtes Team der ${company},` : `Sehr geehrtes Team von ${company},`;
  }
  const hello = tone === 'formal' ? 'Dear' : tone === 'professional' ? 'Hello' : tone === 'casual' && !doctor ? 'Hey' : 'Hi';
  if (doctor && last) return `${hello} Dr. ${last},`;
  if (first) return `${hello} ${first},`;
  if (last) return `${hello} ${last},`;
  return `${hello} ${company} team,`;
}

function isDoctor(lead: Lead, facts: readonly Fact[]): boolean {
  if (/\bdr\.?(?:\s|$|,)/iu.test(lead.title ?? '')) return true;
  const last = lead.last_name?.toLowerCase();
  if (!last) return false;
  return facts.some((f) => f.kind === 'person' && (f.detail?.honorific === 'Dr.' || /^dr\.?\s/iu.test(String(f.detail?.name ?? f.value))) && String(f.detail?.name ?? f.value).toLowerCase().includes(last));
}

/** The offer in the rep's words, with a few ways to lead into it. */
function offerForms(vp: string, company: string | undefined, lang: Language, sector: Sector): string[] {
  const v = vp.trim();
  if (!v) {
    return lang === 'de' ? ['Ich helfe Betrieben wie Ihrem, mehr der Kunden zu gewinnen, die zu ihnen passen.'] : [`I help ${sector === 'health' ? 'practices' : 'businesses'} like yours win more of the clients they want.`];
  }
  const base = sentence(v);
  const out = [base];
  if (company) {
    const en = /^We\s+(\p{Ll}+)\b(.*)$/u.exec(base);
    if (lang === 'en' && en) {
      out.push(`At ${company}, we ${en[1]}${en[2]}`);
      out.push(`What we do at ${company}: we ${en[1]}${en[2]}`);
    }
    const de = /^Wir\s+(\p{Ll}+)\b(.*)$/u.exec(base);
    if (lang === 'de' && de) out.push(`Bei ${company} ${de[1]} wir${de[2]}`);
  }
  return out;
}

/** The sign-off from the sender's settings: the model never signs, and "Your name" never appears. */
export function signOff(sender: Signer, lang: Language): string {
  const name = sender.name.trim();
  if (!name) return '';
  const lines = sender.signature?.trim() ? [name.split(/\s+/u)[0]!] : [name, ...(sender.company?.trim() ? [sender.company.trim()] : [])];
  return lang === 'de' ? `Mit freundlichen Grüßen\n${lines.join('\n')}` : lines.join('\n');
}

/** After "Sehr geehrte Frau X," the letter goes on in lower case, except for nouns and the formal Sie. */
function germanAfterComma(s: string): string {
  const first = /^\p{L}+/u.exec(s)?.[0] ?? '';
  return GERMAN_LOWER_STARTS.has(first.toLowerCase()) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Words a German sentence may start with that are not nouns (nor Sie/Ihr), so they go lower-case after the greeting's comma. */
const GERMAN_LOWER_STARTS = new Set(
  'ich auf im in ab seit mit wie als ein eine einen einem einer mehr wer viele zusätzliche neue neuer neues genau solche solcher gerade über wenn bei damit nur jede jeder jedes die der das den dem diese dieser wir'.split(' '),
);

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Scraped names can carry markup or line breaks; the message is plain text on one line. */
function cleanName(s: string): string {
  return s.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : s + '.';
}

function firstSentence(s: string): string {
  const m = /^.*?[.!?](\s|$)/u.exec(s);
  return (m ? m[0] : s).trim();
}

function clipWords(s: string, n: number): string {
  const words = s.trim().split(/\s+/u);
  if (words.length <= n) return s.trim();
  return sentence(words.slice(0, n).join(' ').replace(/[,;:—-]+$/u, ''));
}

function clipChars(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…';
}
