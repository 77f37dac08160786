import { BUSINESS_SUFFIX, escapeRe, findClaims, isAboutLead, sentencesOf, type Claim, type ClaimFact, type ClaimLead } from './claims';
import {
  ASK_PATTERNS, CLOSINGS, detectLanguage, GENERIC_GREETING, GREETING_START, sectorOf, SPAM_PHRASES, TRIGGER_OPENERS, type Language, type Sector,
} from './message-lexicon';
import { BLOCKING, type Finding, type FindingCode } from './findings';
import { unverifiedContacts, wordCount } from './quality';

export type { Claim, ClaimFact, ClaimKind, ClaimLead, Support } from './claims';
export type { Language } from './message-lexicon';
export { BLOCKING, FINDING_CODES, type Finding, type FindingCode } from './findings';

/**
 * The message check: one function for runs, "write again", the rep's edits and export. It finds the
 * claims in a message and matches each against the lead's facts, and flags what makes a draft not
 * sendable as it is. The score is derived from the findings and the supported specific claims only, so
 * it means the same whoever wrote the text.
 */

export interface CheckAgent {
  value_proposition: string;
  call_to_action?: string | undefined;
  max_length: number;
}

export interface CheckSender {
  name: string;
  company?: string | undefined;
  email?: string | undefined;
  reply_to?: string | undefined;
  signature?: string | undefined;
}

export interface OtherDraft {
  lead_name?: string | undefined;
  body: string;
}

export interface CheckInput {
  lead: ClaimLead & { email?: string | null | undefined; phone?: string | null | undefined; linkedin?: string | null | undefined };
  facts: readonly ClaimFact[];
  agent: CheckAgent;
  sender: CheckSender | null;
  body: string;
  subject?: string | null | undefined;
  /** Other drafts of the same run: a near-copy of one is a template, and their businesses' names do not belong here. */
  others?: ReadonlyArray<OtherDraft | string> | undefined;
  /** The language the message should be in; found from the lead when not given. */
  language?: Language | undefined;
  /** Claims a model said it made ({text, fact_id}); one it tied to no fact is unsupported even if the words hide it. */
  declared_claims?: ReadonlyArray<{ text: string; fact_id: string | null }> | undefined;
}

export interface CheckResult {
  score: number;
  issues: Finding[];
  claims: Claim[];
  words: number;
  /** Supported claims particular to this lead, each fact counted once. */
  supported_specific: number;
  language: Language;
}

const PENALTY: Record<FindingCode, number> = {
  UNSUPPORTED_CLAIM: 0.35, CONTRADICTED_CLAIM: 0.45, PLACEHOLDER: 0.5, INVENTED_CONTACT: 0.45, OTHER_BUSINESS: 0.45, OFF_TARGET: 0.45,
  NO_CALL_TO_ACTION: 0.2, TOO_LONG: 0.15, SPAM_PHRASE: 0.1, GREETING: 0.15, SENDER_MISSING: 0.3, TEMPLATE_DUPLICATE: 0.2, NO_OBSERVATION: 0.2, EMPTY: 1,
};

/** Longer than this is read only in part: enough to judge, bounded in time whatever is pasted. */
const MAX_ANALYSED_CHARS = 20_000;

export function checkMessage(input: CheckInput): CheckResult {
  const raw = (input.body ?? '').replace(/\r\n?/gu, '\n');
  const words = wordCount(raw);
  const language = input.language ?? leadLanguage(input.lead, input.facts);
  if (!raw.trim()) {
    return { score: 0, issues: [{ code: 'EMPTY', message: 'The message is empty.' }], claims: [], words: 0, supported_specific: 0, language };
  }
  const body = raw.length > MAX_ANALYSED_CHARS ? raw.slice(0, MAX_ANALYSED_CHARS) : raw;
  const parts = splitMessage(body, input.sender);
  const issues: Finding[] = [];
  const add = (code: FindingCode, message: string, text?: string) => {
    if (!issues.some((i) => i.code === code && i.message === message)) issues.push({ code, message, ...(text ? { text } : {}) });
  };

  const ownWords = [input.agent.value_proposition, input.agent.call_to_action ?? '', input.sender?.name ?? '', input.sender?.company ?? ''].filter(Boolean);
  const claimCtx = { lead: input.lead, facts: input.facts, ownWords, language };
  const claims = findClaims(parts.content, claimCtx);
  // The observation belongs in the message: what the subject names is checked for truth, not counted.
  const bodyClaims = new Set(claims);
  const subject = (input.subject ?? '').trim();
  // A subject is a few words, not a statement: its numbers, names and dates are checked, not its phrasing.
  if (subject) for (const c of findClaims(subject, claimCtx, { statements: false })) if (!claims.some((x) => x.text === c.text)) claims.push(c);
  addDeclared(claims, input, parts.content);

  for (const c of claims) {
    if (c.supported === 'unsupported') add('UNSUPPORTED_CLAIM', `Not backed by any fact of this lead: "${short(c.text)}"${c.why ? ` (${c.why})` : ''}.`, c.text);
    if (c.supported === 'contradicted') add('CONTRADICTED_CLAIM', `Says otherwise than the facts: "${short(c.text)}"${c.why ? ` (${c.why})` : ''}.`, c.text);
  }
  checkPlaceholders(body, subject, add);
  checkContacts(body, input, add);
  checkOtherBusiness(parts, input, add);
  checkOffer(input, add);
  checkAsk(parts.content, input.agent, add);
  if (words > input.agent.max_length) add('TOO_LONG', `${words} words, more than the ${input.agent.max_length} this agent allows.`);
  checkSpam(`${subject}\n${parts.content}\n${parts.signoff}`, parts.content, input, add);
  checkGreeting(parts.greeting, input, language, add);
  checkInformal(parts.content, language, add);
  checkSender(parts, input.sender, add);
  const specificFacts = new Set(claims.filter((c) => bodyClaims.has(c) && c.supported === 'supported' && c.specific).map((c) => c.fact_id ?? c.text));
  const supported_specific = specificFacts.size;
  // A note with nothing particular in it is like every other such note; one finding says so.
  if (supported_specific === 0) add('NO_OBSERVATION', 'Nothing in it is particular to this business: add one true observation from its facts (or leave it as a short, honest note).');
  else checkDuplicate(parts.content, input, add);

  return { score: scoreOf(issues, supported_specific, words, input.agent.max_length), issues, claims, words, supported_specific, language };
}

/** The score: a clean message with one supported specific observation scores about 0.9; any blocking finding keeps it under 0.5. */
export function scoreOf(issues: readonly Finding[], supportedSpecific: number, words: number, maxLength: number): number {
  if (issues.some((i) => i.code === 'EMPTY')) return 0;
  let score = 0.6 + (supportedSpecific >= 1 ? 0.2 : 0) + (supportedSpecific >= 2 ? 0.1 : 0) + (words >= 30 && words <= maxLength ? 0.1 : 0);
  const seen = new Map<FindingCode, number>();
  for (const i of issues) {
    const n = seen.get(i.code) ?? 0;
    seen.set(i.code, n + 1);
    // Repeats of one kind count less, so one bad habit does not outweigh a different, worse problem.
    score -= PENALTY[i.code] * (n === 0 ? 1 : n === 1 ? 0.5 : 0.25);
  }
  if (words > maxLength * 1.5) score -= 0.25;
  if (issues.some((i) => BLOCKING.has(i.code))) score = Math.min(score, 0.45);
  return Math.max(0, Math.min(1, Math.round(score * 100) / 100));
}

function short(s: string): string {
  const t = s.replace(/\s+/gu, ' ').trim();
  return t.length <= 90 ? t : t.slice(0, 87) + '…';
}

/** The language a lead should be written to in: its site's, when clearly one. */
export function leadLanguage(lead: CheckInput['lead'], facts: readonly ClaimFact[]): Language {
  for (const f of facts) {
    const lang = f.detail?.lang ?? f.detail?.language;
    if (typeof lang === 'string' && /^(?:de|en)\b/iu.test(lang)) return lang.slice(0, 2).toLowerCase() as Language;
  }
  const country = (lead.country ?? '').toLowerCase();
  if (/^(?:de|at|deutschland|germany|österreich|austria)$/u.test(country)) return 'de';
  const host = (lead.website ?? '').toLowerCase().replace(/^https?:\/\//u, '').split(/[/:?#]/u)[0] ?? '';
  if (/\.(?:de|at)$/u.test(host)) return 'de';
  const text = [lead.category, ...facts.filter((f) => ['description', 'blog_post', 'opening_hours', 'business', 'category'].includes(f.kind)).map((f) => f.value)].filter(Boolean).join(' ');
  return detectLanguage(text) ?? 'en';
}

interface MessageParts {
  greeting: string;
  content: string;
  signoff: string;
  hasSignature: boolean;
}

/** Greeting line, the content, and the sign-off (the closing and the name under it). */
export function splitMessage(body: string, sender: CheckSender | null): MessageParts {
  let text = body.trim();
  let hasSignature = false;
  const sep = /\n-- ?\n/u.exec(text);
  if (sep) {
    text = text.slice(0, sep.index).trim();
    hasSignature = true;
  }
  const lines = text.split('\n');
  let greeting = '';
  const firstLine = lines[0] ?? '';
  if (GREETING_START.test(firstLine)) {
    const inline = /^([^,\n]{1,80}?,)\s+(\S.*)$/u.exec(firstLine);
    if (inline && wordCount(inline[2]!) >= 3) {
      greeting = inline[1]!;
      lines[0] = inline[2]!;
    } else {
      greeting = firstLine;
      lines.shift();
    }
  }
  const tail: string[] = [];
  const names = [sender?.name, sender?.name?.split(/\s+/u)[0], sender?.company].filter((x): x is string => !!x && x.length >= 2).map((x) => x.toLowerCase());
  while (lines.length > 0) {
    const last = lines[lines.length - 1]!.trim();
    if (!last) {
      lines.pop();
      continue;
    }
    const isName = (wordCount(last) <= 6 && names.some((n) => last.toLowerCase().replace(/^[—–-]\s*/u, '').startsWith(n))) || /^(?:\[?your name\]?|your name here)$/iu.test(last);
    const shortSign = wordCount(last) <= 4 && !/[?.!:]$/u.test(last) && tail.length < 3 && lines.length > 1 && /^[—–-]?\s*\p{Lu}/u.test(last) && !/[,;]$/u.test(last);
    if (CLOSINGS.test(last) || isName || (shortSign && tail.length === 0)) {
      tail.unshift(lines.pop()!);
      continue;
    }
    break;
  }
  return { greeting: greeting.trim(), content: lines.join('\n').trim(), signoff: tail.join('\n').trim(), hasSignature };
}

function addDeclared(claims: Claim[], input: CheckInput, content: string): void {
  const people: string[] = [];
  for (const d of input.declared_claims ?? []) {
    const known = d.fact_id !== null && (input.facts.some((f, i) => (f.id ?? `F${i + 1}`) === d.fact_id) || d.fact_id.startsWith('lead.'));
    if (known || !d.text.trim()) continue;
    if (!isAboutLead(d.text, input.lead, people) && !content.toLowerCase().includes(d.text.toLowerCase().slice(0, 40))) continue;
    const words = new Set((d.text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []));
    const present = [...words].filter((w) => content.toLowerCase().includes(w)).length;
    if (words.size > 0 && present / words.size >= 0.6 && !claims.some((c) => c.supported === 'supported' && d.text.toLowerCase().includes(c.text.toLowerCase()))) {
      claims.push({ text: d.text, kind: 'event', supported: 'unsupported', specific: false, why: 'the writer tied it to no fact' });
    }
  }
}

const PLACEHOLDERS: readonly RegExp[] = [
  /\[[^\]\n]{1,40}\]/u,
  /\{\{[^}\n]{0,40}\}\}/u,
  /\{[A-Za-z_][A-Za-z0-9_ .-]{1,30}\}/u,
  /%[A-Z][A-Z0-9_]{2,}%/u,
  /<[A-Za-z_][A-Za-z0-9_ -]{1,30}>/u,
  /\$\{[^}\n]{1,40}\}/u,
  /\b(?:INSERT|TBD|TODO|XXX+|lorem ipsum)\b/u,
  /^\s*(?:your name|your name here|name)\s*$/imu,
  /\bYour Name\b/u,
  /\b(?:company name|first name|last name|recipient name|business name|your company)\b(?!\s+\p{Ll})/iu,
];

/** The placeholders left in a text ("[First Name]", "{{company}}", "Your Name", …), each once; export refuses a draft with one. */
export function placeholdersIn(...texts: string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const re of PLACEHOLDERS) {
      const m = re.exec(text);
      // "[First Name]" is one placeholder, not also "First Name".
      if (!m || found.some((f) => f.toLowerCase().includes(m[0].trim().toLowerCase()))) continue;
      found.push(m[0].trim());
    }
  }
  return found;
}

function checkPlaceholders(body: string, subject: string, add: (c: FindingCode, m: string, t?: string) => void): void {
  for (const p of placeholdersIn(body, subject)) add('PLACEHOLDER', `A placeholder was left in: "${p}".`, p);
}

function checkContacts(body: string, input: CheckInput, add: (c: FindingCode, m: string, t?: string) => void): void {
  const { lead, facts, sender } = input;
  const known: string[] = [lead.email, lead.phone, lead.website, lead.linkedin].filter((x): x is string => !!x);
  for (const f of facts) {
    known.push(f.value);
    if (f.source_url) known.push(f.source_url);
    if (f.detail) known.push(JSON.stringify(f.detail));
  }
  if (sender) known.push(...[sender.email, sender.reply_to, sender.signature].filter((x): x is string => !!x));
  for (const c of unverifiedContacts(body, known)) {
    add('INVENTED_CONTACT', `The ${c.kind === 'url' ? 'web address' : c.kind === 'email' ? 'e-mail address' : 'phone number'} ${c.text} is in neither the lead's facts nor your settings.`, c.text);
  }
}


function checkOtherBusiness(parts: MessageParts, input: CheckInput, add: (c: FindingCode, m: string, t?: string) => void): void {
  const own = input.lead.name.toLowerCase();
  const text = `${parts.greeting}\n${parts.content}`;
  const sender = (input.sender?.company ?? '').toLowerCase();
  for (const o of input.others ?? []) {
    const name = typeof o === 'string' ? null : o.lead_name;
    if (!name || name.length < 5) continue;
    const n = name.toLowerCase();
    if (n === own || own.includes(n) || n.includes(own)) continue;
    if (new RegExp(`\\b${escapeRe(n)}\\b`, 'iu').test(text)) add('OTHER_BUSINESS', `It names another business of this run, ${name}.`, name);
  }
  const evidence = [input.lead.name, ...input.facts.map((f) => f.value), input.agent.value_proposition].join(' ').toLowerCase();
  for (const m of text.matchAll(/\b((?:\p{Lu}[\p{L}'’&-]+[ \t]+){1,4}\p{Lu}[\p{L}'’&-]+)/gu)) {
    const words = m[1]!.split(/\s+/u);
    if (!BUSINESS_SUFFIX.test(words[words.length - 1]!.replace(/[.,]$/u, ''))) continue;
    const phrase = m[1]!.replace(/['’]s$/u, '');
    const lower = phrase.toLowerCase();
    if (own.includes(lower) || lower.includes(own) || (sender && (lower.includes(sender) || sender.includes(lower)))) continue;
    const distinct = words.slice(0, -1).map((w) => w.toLowerCase()).filter((w) => !/^(?:the|your|our|a|an|hi|hello|dear|at|from|ihre?[mnrs]?|unser[emnrs]?|die|der|das|den|dem|des|eine?[mnrs]?|meine?[mnrs]?|sehr|geehrte[rs]?|liebe[rs]?|guten|tag)$/u.test(w));
    if (distinct.length === 0 || distinct.every((w) => own.includes(w))) continue;
    if (evidence.includes(lower)) continue;
    add('OTHER_BUSINESS', `It names a business that is not this lead: ${phrase}.`, phrase);
  }
  const team = /^(?:hi|hello|hey|dear)\s+(.+?)\s+team\b/iu.exec(parts.greeting) ?? /^(?:hello|hi)\s+team\s+at\s+(.+?)[,]?$/iu.exec(parts.greeting);
  if (team) {
    const named = team[1]!.toLowerCase().replace(/^the\s+/u, '');
    const tokens = named.split(/\s+/u).filter((w) => w.length > 2);
    if (tokens.length > 0 && !tokens.every((w) => own.includes(w))) add('OTHER_BUSINESS', `The greeting is for ${team[1]}, not ${input.lead.name}.`, team[1]);
  }
}

/** An offer aimed at one kind of business sent to another (a dental pitch to a coffee shop). */
function checkOffer(input: CheckInput, add: (c: FindingCode, m: string, t?: string) => void): void {
  const leadSector = sectorOf(input.lead.category, input.lead.name);
  const offerSector = offerSectorOf(input.agent.value_proposition);
  if (leadSector !== 'other' && offerSector !== null && offerSector !== leadSector && !(offerSector === 'health' && leadSector === 'vet')) {
    add('OFF_TARGET', `The offer is for ${offerSector === 'health' ? 'healthcare practices' : `${offerSector} businesses`}, and this lead is ${input.lead.category ? `a ${input.lead.category.toLowerCase()}` : 'not one'}.`);
  }
}

function offerSectorOf(vp: string): Sector | null {
  if (!vp.trim()) return null;
  const s = sectorOf(vp);
  return s === 'other' ? null : s;
}

function checkAsk(content: string, agent: CheckAgent, add: (c: FindingCode, m: string, t?: string) => void): void {
  const sentences = sentencesOf(content);
  const last = sentences.slice(-2).join(' ');
  const cta = agent.call_to_action?.trim();
  const hasCta = cta ? content.toLowerCase().includes(cta.toLowerCase().replace(/[.?!]+$/u, '')) : false;
  if (!hasCta && !/\?/u.test(last) && !ASK_PATTERNS.test(last)) add('NO_CALL_TO_ACTION', 'It ends without a clear ask: close with one question or the agent\'s call to action.');
}

/**
 * The spam phrases, longest first (so "i hope this email finds you well" is one finding, not also "hope
 * this email finds you well"), each with its pattern: compiled once, not once per phrase per message.
 */
const SPAM_PATTERNS: ReadonlyArray<{ phrase: string; re: RegExp }> = [...SPAM_PHRASES]
  .sort((a, b) => b.length - a.length)
  .map((phrase) => ({ phrase, re: new RegExp(`(?:^|[^\\p{L}])${escapeRe(phrase)}(?=$|[^\\p{L}])`, 'iu') }));

function checkSpam(text: string, content: string, input: CheckInput, add: (c: FindingCode, m: string, t?: string) => void): void {
  const lower = text.toLowerCase();
  const hits: string[] = [];
  for (const { phrase: p, re } of SPAM_PATTERNS) {
    if (hits.some((h) => h.includes(p))) continue;
    if (re.test(lower)) {
      hits.push(p);
      add('SPAM_PHRASE', `"${p}" reads as spam or hype; say it plainly or leave it out.`, p);
    }
  }
  if (/\burgent\s*:|\bURGENT\b/u.test(text)) add('SPAM_PHRASE', 'False urgency ("URGENT"): leave it out.', 'urgent');
  const known = [input.lead.name, ...input.facts.map((f) => f.value)].join(' ');
  const shouted = (text.match(/\b\p{Lu}{4,}\b/gu) ?? []).filter((w) => !known.includes(w) && !/^(?:HVAC|GDPR|DSGVO|SEO|CRM|FAQ|HTML|HTTPS)$/u.test(w));
  if (shouted.length >= 1) add('SPAM_PHRASE', `Words in capitals read as shouting: ${[...new Set(shouted)].slice(0, 3).join(', ')}.`, shouted[0]);
  const bangs = (content.replace(/["“„][^"”“]*["”“]/gu, '').match(/!/gu) ?? []).length;
  if (bangs > 0) add('SPAM_PHRASE', `${bangs === 1 ? 'An exclamation mark' : `${bangs} exclamation marks`}: a calm first message does better without.`, '!');
  const opening = sentencesOf(content)[0] ?? '';
  if (TRIGGER_OPENERS.test(opening)) add('SPAM_PHRASE', 'It opens with the trigger event itself ("Congrats on…"), which measurably gets fewer replies: weave the observation in instead.', opening.split(/\s+/u).slice(0, 4).join(' '));
}

function checkGreeting(greeting: string, input: CheckInput, language: Language, add: (c: FindingCode, m: string, t?: string) => void): void {
  const { lead } = input;
  const first = lead.first_name?.trim() || null;
  const last = lead.last_name?.trim() || null;
  if (!greeting) {
    add('GREETING', first || last ? `It has no greeting: start with the contact's name (${greetingHint(lead, language, input.facts)}).` : `It has no greeting: start with "${language === 'de' ? 'Guten Tag' : `Hi ${lead.name} team`},".`);
    return;
  }
  if (GENERIC_GREETING.test(greeting)) {
    if (first || last || /sir|madam|whom|damen und herren/iu.test(greeting)) {
      add('GREETING', `"${greeting}" addresses nobody${first || last ? `: the contact is known (${greetingHint(lead, language, input.facts)})` : ''}.`, greeting);
    }
    return;
  }
  const named = greeting.replace(GREETING_START, '').replace(/[,:!.]+\s*$/u, '').trim();
  if (!named) {
    if (first || last) add('GREETING', `The greeting has no name, and the contact is known (${greetingHint(lead, language, input.facts)}).`, greeting);
    return;
  }
  const namedLower = named.toLowerCase();
  const isTeam = /\bteam\b/iu.test(named);
  if (first || last) {
    const hasFirst = !!first && new RegExp(`\\b${escapeRe(first)}\\b`, 'iu').test(named);
    const hasLast = !!last && new RegExp(`\\b${escapeRe(last)}\\b`, 'iu').test(named);
    if (!hasFirst && !hasLast) {
      add('GREETING', isTeam ? `It greets the team although the contact is known (${greetingHint(lead, language, input.facts)}).` : `It greets "${named}", but the contact is ${[first, last].filter(Boolean).join(' ')}.`, greeting);
      return;
    }
    if (/\b(?:Dr|Frau|Herr|Mr|Mrs|Ms|Prof)\.?\s*$/u.test(named)) add('GREETING', 'A title without the surname.', greeting);
  } else if (!isTeam && !namedLower.includes(lead.name.toLowerCase().split(/\s+/u)[0]!)) {
    add('GREETING', `It greets "${named}", a name the lead's data does not have.`, greeting);
    return;
  }
  if (language === 'de' && (first || last)) {
    const formal = /^\s*(?:sehr geehrte[r]?|guten tag)\b/iu.test(greeting);
    if (!formal) add('GREETING', `A German business is greeted formally: "${greetingHint(lead, 'de', input.facts)}".`, greeting);
    const gender = genderOf(lead, input.facts);
    if (/sehr geehrte\s+herr\b/iu.test(greeting) || /sehr geehrter\s+frau\b/iu.test(greeting)) add('GREETING', 'The greeting does not agree with Frau/Herr ("Sehr geehrte Frau", "Sehr geehrter Herr").', greeting);
    if ((gender === 'f' && /\bherr\b/iu.test(greeting)) || (gender === 'm' && /\bfrau\b/iu.test(greeting))) add('GREETING', 'Frau and Herr are swapped in the greeting.', greeting);
  }
}

function checkInformal(content: string, language: Language, add: (c: FindingCode, m: string, t?: string) => void): void {
  if (language !== 'de') return;
  const m = /\b(?:du|dein|deine|deinen|deinem|dich|dir|euch|euer|eure)\b/iu.exec(content);
  if (m) add('GREETING', `"${m[0]}" is the informal address; write "Sie" to a business.`, m[0]);
}

/** The gender a German greeting needs, when the lead says it (a title like "Inhaberin", or Frau/Herr). */
export function genderOf(lead: CheckInput['lead'], facts: readonly ClaimFact[] = []): 'f' | 'm' | null {
  const t = [lead.title ?? '', contactRole(lead, facts) ?? ''].join(' ').trim();
  if (/\bfrau\b/iu.test(t)) return 'f';
  if (/\bherr\b/iu.test(t)) return 'm';
  if (/(?:in|innen)\b/u.test(t) && /\p{L}{4,}in\b/u.test(t)) return 'f';
  if (/\b(?:inhaber|rechtsanwalt|zahnarzt|arzt|geschäftsführer|steuerberater|gründer|leiter|partner|physiotherapeut|architekt|meister|kieferorthopäde|orthopäde|notar|apotheker)\b/iu.test(t)) return 'm';
  return null;
}

/** The contact's role as the team page gives it, when the lead itself has no title. */
export function contactRole(lead: CheckInput['lead'], facts: readonly ClaimFact[]): string | null {
  const last = lead.last_name?.toLowerCase();
  if (!last) return null;
  for (const f of facts) {
    if (f.kind !== 'person' || typeof f.detail?.role !== 'string') continue;
    const name = String(f.detail?.name ?? f.value).toLowerCase();
    if (name.includes(last) && (!lead.first_name || name.includes(lead.first_name.toLowerCase()))) return f.detail.role;
  }
  return null;
}

function greetingHint(lead: CheckInput['lead'], language: Language, facts: readonly ClaimFact[] = []): string {
  const first = lead.first_name?.trim();
  const last = lead.last_name?.trim();
  if (language === 'de') {
    const g = genderOf(lead, facts);
    const dr = /\bdr\.?/iu.test(lead.title ?? '') ? 'Dr. ' : '';
    if (g && last) return `${g === 'f' ? 'Sehr geehrte Frau' : 'Sehr geehrter Herr'} ${dr}${last},`;
    return `Guten Tag ${[first, last].filter(Boolean).join(' ')},`;
  }
  return `Hi ${first ?? last},`;
}

function checkSender(parts: MessageParts, sender: CheckSender | null, add: (c: FindingCode, m: string, t?: string) => void): void {
  if (!sender || !sender.name.trim()) {
    add('SENDER_MISSING', 'No sender is set, so nobody signs it: set your name (and company) in Settings before sending.');
    return;
  }
  if (/\byour name\b/iu.test(parts.signoff)) {
    add('SENDER_MISSING', 'It is signed "Your name": sign with your own name.', 'Your name');
    return;
  }
  if (sender.signature?.trim() || parts.hasSignature) return;
  const name = sender.name.toLowerCase();
  const firstName = name.split(/\s+/u)[0]!;
  if (!parts.signoff.toLowerCase().includes(firstName)) add('SENDER_MISSING', `It is not signed: end it with your name (${sender.name}).`);
}

function checkDuplicate(content: string, input: CheckInput, add: (c: FindingCode, m: string, t?: string) => void): void {
  const others = input.others ?? [];
  if (others.length === 0) return;
  const own = [input.agent.value_proposition, input.agent.call_to_action ?? ''].filter((w) => w.trim());
  const mine = shingles(reduce(content, own, input.lead.name));
  if (mine.size < 4) return;
  for (const o of others) {
    const body = typeof o === 'string' ? o : o.body;
    const name = typeof o === 'string' ? '' : (o.lead_name ?? '');
    const theirs = shingles(reduce(splitMessage(body, input.sender).content, own, name));
    if (theirs.size < 4) continue;
    let n = 0;
    for (const s of mine) if (theirs.has(s)) n++;
    if (n / Math.min(mine.size, theirs.size) >= 0.6) {
      add('TEMPLATE_DUPLICATE', `It repeats another draft of this run${name ? ` (${name})` : ''} nearly word for word, apart from the offer and the ask: vary the observation and how it leads to the offer.`);
      return;
    }
  }
}

/** The part of a message that should differ from lead to lead: without the rep's offer and ask, and names. */
function reduce(content: string, own: readonly string[], leadName: string): string {
  const ownTokens = own.map((w) => new Set(w.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
  const kept = sentencesOf(content).filter((s) => {
    const t = s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return !ownTokens.some((o) => t.length > 0 && t.filter((x) => o.has(x)).length / t.length >= 0.7);
  });
  let text = kept.join(' ').toLowerCase();
  for (const w of leadName.toLowerCase().split(/\s+/u)) if (w.length > 2) text = text.split(w).join(' ');
  return text;
}

function shingles(text: string): Set<string> {
  const w = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(w.slice(i, i + 3).join(' '));
  return out;
}

/** The opening of a message after its greeting, as a shape: its first words with the lead's own words and numbers masked. */
export function openingShape(body: string, lead: { name: string; first_name?: string | null | undefined; last_name?: string | null | undefined }, facts: readonly ClaimFact[]): string {
  const content = splitMessage(body, null).content;
  const first = sentencesOf(content)[0] ?? '';
  const own = new Set([lead.name, lead.first_name ?? '', lead.last_name ?? '', ...facts.map((f) => f.value)].join(' ').toLowerCase().match(/[\p{L}]{3,}/gu) ?? []);
  return (first.match(/[\p{L}\p{N}'’]+/gu) ?? [])
    .slice(0, 3)
    .map((w) => (/\d/u.test(w) ? '#' : own.has(w.toLowerCase()) ? '<x>' : w.toLowerCase()))
    .join(' ');
}

export type { Sector };
