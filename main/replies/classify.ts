import { detectLanguage } from '../core/message-lexicon';

/**
 * What a message in the rep's inbox is (issue 16), from its headers and the first part of its text: a
 * delivery report (a bounce), an automatic answer (out of office), or a person's reply, and what the
 * reply says (positive, not now, stop). Pure, and careful in one direction: a message it cannot read is
 * a plain reply at most, never a positive one.
 */
export interface IncomingHeaders {
  from: string | null;
  subject: string;
  inReplyTo: string | null;
  references: readonly string[];
  /** The raw header block, for the few fields that decide (Auto-Submitted, Content-Type, Precedence, …). */
  raw: string;
}

export type ReplyTone = 'positive' | 'not_now' | 'stop' | 'replied';

export type Classified =
  | { kind: 'bounce'; recipient: string | null; permanent: boolean; messageIds: string[] }
  | { kind: 'auto_reply'; messageIds: string[] }
  | { kind: 'reply'; tone: ReplyTone; language: string | null; messageIds: string[] };

const MESSAGE_ID = /<[^<>\s]{1,250}>/gu;

/** The Message-IDs a message points back to: In-Reply-To, References, and (in a bounce) the original's. */
export function messageIdsIn(text: string | null | undefined): string[] {
  return [...new Set((text ?? '').match(MESSAGE_ID) ?? [])];
}

/** The value of a header in a raw block (the first occurrence, unfolded), lower-cased field names. */
export function headerValue(raw: string, name: string): string | null {
  // Header names are letters, digits and hyphens: nothing in them needs escaping (a "\\-" is invalid with the u flag).
  const re = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'imu');
  const m = re.exec(raw);
  return m ? m[1]!.replace(/\r?\n[ \t]+/gu, ' ').trim() : null;
}

const BOUNCE_FROM = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/iu;
const BOUNCE_SUBJECT = /\b(?:undeliver(?:ed|able)|delivery (?:status notification|has failed|failure)|returned mail|failure notice|mail delivery failed|unzustellbar|nicht zustellbar|non remis|no se puede entregar)\b/iu;
const AUTO_SUBJECT = /\b(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|away from (?:the )?office|on vacation|abwesenheit\w*|automatische antwort|nicht im büro|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|afwezig|automatisch antwoord|risposta automatica|fuori sede)\b/iu;

/** Classifies one message. `text` is the first part of its body (quoted history is ignored). */
export function classify(h: IncomingHeaders, text: string): Classified {
  const contentType = headerValue(h.raw, 'content-type') ?? '';
  const pointed = [...messageIdsIn(h.inReplyTo), ...h.references.flatMap((r) => messageIdsIn(r))];
  const from = (h.from ?? '').toLowerCase();
  const isReport = /multipart\/report/iu.test(contentType) && /delivery-status/iu.test(contentType);
  if (isReport || BOUNCE_FROM.test(from) || (BOUNCE_SUBJECT.test(h.subject) && /\b(?:mailer|postmaster|daemon)\b/iu.test(from))) {
    const status = /^Status:\s*([245])\.\d{1,3}\.\d{1,3}/imu.exec(text)?.[1];
    const action = /^Action:\s*(\w+)/imu.exec(text)?.[1]?.toLowerCase();
    const recipient = /^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+)>?/imu.exec(text)?.[1]
      ?? headerValue(h.raw, 'x-failed-recipients')?.split(',')[0]?.trim() ?? null;
    // A delay ("Action: delayed", status 4.x.x) is not a bounce: the server is still trying.
    const permanent = action === 'delayed' || status === '4' ? false : true;
    const original = messageIdsIn([...text.matchAll(/^(?:Message-ID|Original-Message-ID|In-Reply-To|References):\s*(.+)$/gimu)].map((m) => m[1]).join(' '));
    return { kind: 'bounce', recipient: recipient?.toLowerCase() ?? null, permanent, messageIds: [...new Set([...original, ...pointed])] };
  }
  const autoSubmitted = headerValue(h.raw, 'auto-submitted');
  const precedence = headerValue(h.raw, 'precedence')?.toLowerCase();
  if ((autoSubmitted && !/^no\b/iu.test(autoSubmitted)) || headerValue(h.raw, 'x-autoreply') !== null || headerValue(h.raw, 'x-autorespond') !== null
    || precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk' || AUTO_SUBJECT.test(h.subject)) {
    return { kind: 'auto_reply', messageIds: pointed };
  }
  const own = ownWords(text);
  return { kind: 'reply', tone: toneOf(own), language: languageOf(own), messageIds: pointed };
}

/** The reply's own words: the quoted message and everything after "On … wrote:" left out. */
export function ownWords(text: string): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n/gu, '\n').split('\n')) {
    if (/^\s*>/u.test(line)) continue;
    if (/^(?:On .{4,200} wrote:|Am .{4,200} schrieb .{1,200}:|Le .{4,200} a écrit\s*:|El .{4,200} escribió:|Op .{4,200} schreef .{1,200}:|-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,})\s*$/iu.test(line.trim())) break;
    if (/^(?:From|Von|De):\s.+@/u.test(line.trim()) && lines.some((l) => l.trim())) break;
    lines.push(line);
  }
  return lines.join('\n').slice(0, 4000);
}

const STOP = /\b(?:stop|unsubscribe|remove me|take me off|opt(?:ed)? out|do not (?:contact|email|e-mail|write)|don'?t (?:contact|email|e-mail|write)|no more (?:e-?mails|messages)|abmelden|austragen|abbestellen|nicht mehr (?:kontaktieren|anschreiben|schreiben)|keine (?:weiteren )?(?:e-?mails|nachrichten|werbung)|désabonner|désinscri\w*|ne (?:plus|pas) me (?:contacter|écrire)|darme de baja|dar de baja|no me (?:contacte|escriba)\w*|afmelden|uitschrijven|niet meer (?:contacteren|mailen)|cancella(?:mi|re)|non contattatemi)\b/iu;
const NOT_NOW = /\b(?:not (?:right )?now|not at the moment|not at this time|maybe later|perhaps later|next (?:quarter|year|month)|in a few (?:months|weeks)|circle back|reach out (?:again )?(?:in|after|next)|too busy|try (?:me )?again (?:in|later)|später|derzeit nicht|im moment nicht|momentan nicht|nicht jetzt|nächstes (?:jahr|quartal)|plus tard|pas pour le moment|pas maintenant|más adelante|ahora no|en este momento no|later misschien|nu niet)\b/iu;
const POSITIVE = /\b(?:(?:i'?m|we'?re|we are|i am|sounds) (?:very |quite |definitely )?(?:interested|good|great)|let'?s (?:talk|chat|do it|set up|book)|happy to (?:chat|talk|hop on|meet)|give me a call|call me|book (?:a|some) (?:call|time|slot)|send (?:me |us )?(?:more )?(?:info|information|details)|what times? (?:work|suit)|when (?:are|would) you (?:be )?(?:free|available)|ja,? gerne|gerne(?:,| können| würde| telefonieren)|klingt (?:gut|interessant)|wir sind interessiert|ich bin interessiert|rufen sie (?:mich|uns) an|oui,? (?:avec plaisir|volontiers)|ça m'intéresse|je suis intéressée?|me interesa|nos interesa|sí,? (?:claro|me interesa)|klinkt goed|graag)\b/iu;
const NEGATED = /\b(?:not|no|never|kein\w*|nicht|pas|no estoy|nicht so)\b[^.!?\n]{0,25}\b(?:interest\w*|good|great|gerne|interessant|intéress\w*|interesa)/iu;

/** What a reply says: stop beats everything, then "not now"; positive only when plainly said and not negated. */
export function toneOf(own: string): ReplyTone {
  if (STOP.test(own)) return 'stop';
  if (NOT_NOW.test(own)) return 'not_now';
  if (POSITIVE.test(own) && !NEGATED.test(own)) return 'positive';
  return 'replied';
}

/** English or German by the message lexicon; a few more by their commonest words; otherwise unknown. */
function languageOf(own: string): string | null {
  const t = ` ${own.toLowerCase()} `;
  const count = (re: RegExp) => (t.match(re) ?? []).length;
  const others: Array<[string, number]> = [
    ['fr', count(/\s(?:le|la|les|des|est|pour|nous|vous|merci|bonjour|avec|pas)\s/gu)],
    ['es', count(/\s(?:el|los|las|es|para|nosotros|usted|gracias|hola|con|por|muy)\s/gu)],
    ['nl', count(/\s(?:het|een|niet|voor|wij|jullie|bedankt|hallo|met|ook|graag)\s/gu)],
  ];
  const best = others.sort((a, b) => b[1] - a[1])[0]!;
  if (best[1] >= 3) return best[0];
  return detectLanguage(own);
}
