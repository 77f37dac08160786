/**
 * A deterministic score for one message, kept with the draft and used to rank the review queue. Every
 * check is named so the rep can see what lowered it.
 */
export interface QualityContext {
  max_length: number;
  /** Fact values the lead has (company name, city, post titles, tech...): a good message uses one. */
  fact_values: readonly string[];
  /** The contact's first name, when known; a greeting with any other name is a defect. */
  first_name?: string | null | undefined;
  /**
   * Everything the lead's facts say about how to reach it (e-mails, phones, websites, source URLs).
   * When given, a phone, e-mail or web address in the message that is not among them is a defect:
   * a model must never invent one.
   */
  known_contacts?: readonly string[] | undefined;
}

export interface MessageQuality {
  score: number;
  checks: Record<string, boolean | number>;
}

const PLACEHOLDER = /\[[^\]]{1,40}\]|\{\{[^}]*\}\}|<[A-Z_ ]{3,}>|\bINSERT\b|lorem ipsum/i;
const SPAM = [
  'act now', 'limited time', 'guaranteed', '100% free', 'risk-free', 'no obligation', 'click here', 'buy now',
  'dear sir/madam', 'sir/madam', 'to whom it may concern', 'winner', 'cash bonus', 'once in a lifetime', 'urgent',
];

export function wordCount(text: string): number {
  const m = text.trim().match(/\S+/gu);
  return m ? m.length : 0;
}

export function messageQuality(body: string, ctx: QualityContext): MessageQuality {
  const words = wordCount(body);
  const lower = body.toLowerCase();
  const within_length = words > 0 && words <= ctx.max_length;
  const no_placeholder = !PLACEHOLDER.test(body);
  const spam_phrases = SPAM.filter((p) => lower.includes(p)).length;
  const uses_fact = ctx.fact_values.some((v) => v.trim().length >= 3 && lower.includes(v.trim().toLowerCase()));
  const greeting = /^\s*(?:hi|hello|hey|dear|hallo|bonjour|hola)\s+([\p{L}'-]+)/iu.exec(body);
  const greetingName = greeting?.[1];
  const genericGreeting = !greetingName || /^(team|there|all|sir|madam|friend|everyone)$/i.test(greetingName);
  const greeting_ok = genericGreeting
    ? true
    : !!ctx.first_name && greetingName!.toLowerCase() === ctx.first_name.toLowerCase();
  const not_too_short = words >= Math.min(20, Math.floor(ctx.max_length / 3));
  const unverified_contacts = ctx.known_contacts ? unverifiedContacts(body, ctx.known_contacts).length : 0;

  let score = 1;
  if (!within_length) score -= 0.3;
  if (!no_placeholder) score -= 0.5;
  if (!uses_fact) score -= 0.3;
  if (!greeting_ok) score -= 0.4;
  if (!not_too_short) score -= 0.15;
  score -= Math.min(0.4, spam_phrases * 0.2);
  if (unverified_contacts > 0) score -= 0.5;
  score = Math.max(0, Math.round(score * 100) / 100);
  return {
    score,
    checks: {
      within_length, words, no_placeholder, uses_fact, greeting_ok, spam_phrases, not_too_short,
      ...(ctx.known_contacts ? { contacts_verified: unverified_contacts === 0 } : {}),
    },
  };
}

export type ContactKind = 'email' | 'phone' | 'url';

export interface FoundContact {
  kind: ContactKind;
  /** As written in the text. */
  text: string;
  /** Compared form: lower-case e-mail, digits of a phone, host of an address (without www.). */
  norm: string;
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,24}/giu;
const URL_LIKE = /\b(?:https?:\/\/[^\s<>"'()]+|www\.[^\s<>"'()]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|info|biz|io|co|ai|app|dev|shop|store|online|site|tech|agency|studio|health|clinic|dental|law|legal|eu|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|pt|ie|in|us|ca|au|nz|br|mx|ar|jp|cn|sg|hk|za|ae|ru)(?:\/[^\s<>"'()]*)?)(?=$|[\s.,;:!?)\]'"])/giu;
const PHONE = /(?:\+|\b)\d[\d\s().\/-]{5,}\d\b/gu;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/u;

/** Phones, e-mail addresses and web addresses written in a text, deterministically. */
export function findContacts(text: string): FoundContact[] {
  const out: FoundContact[] = [];
  const emails = [...text.matchAll(EMAIL)].map((m) => m[0]);
  for (const e of emails) out.push({ kind: 'email', text: e, norm: e.toLowerCase() });
  // E-mail domains are not also web addresses, and their digits are not phones.
  const rest = emails.reduce((t, e) => t.split(e).join(' '), text);
  for (const m of rest.matchAll(URL_LIKE)) {
    const raw = m[0].replace(/[.,;:!?]+$/u, '');
    const host = hostOf(raw);
    if (host) out.push({ kind: 'url', text: raw, norm: host });
  }
  const noUrls = [...rest.matchAll(URL_LIKE)].reduce((t, m) => t.split(m[0]).join(' '), rest);
  for (const m of noUrls.matchAll(PHONE)) {
    const raw = m[0].trim();
    const digits = raw.replace(/\D/gu, '');
    if (digits.length < 7 || digits.length > 15 || DATE_LIKE.test(raw)) continue;
    out.push({ kind: 'phone', text: raw, norm: digits });
  }
  return out;
}

/**
 * The contacts in `body` that none of `known` mentions. A phone matches when one number ends with the
 * other (country codes come and go); a web address matches on its host or the host's parent domain.
 */
export function unverifiedContacts(body: string, known: readonly string[]): FoundContact[] {
  const knownFound = known.flatMap((k) => findContacts(k));
  const emails = new Set(knownFound.filter((c) => c.kind === 'email').map((c) => c.norm));
  const hosts = new Set<string>();
  for (const c of knownFound) {
    if (c.kind === 'url') hosts.add(c.norm);
    if (c.kind === 'email') hosts.add(c.norm.split('@')[1]!);
  }
  const phones = knownFound.filter((c) => c.kind === 'phone').map((c) => c.norm);
  return findContacts(body).filter((c) => {
    if (c.kind === 'email') return !emails.has(c.norm);
    if (c.kind === 'phone') return !phones.some((p) => samePhone(p, c.norm));
    return ![...hosts].some((h) => h === c.norm || c.norm.endsWith('.' + h) || h.endsWith('.' + c.norm));
  });
}

function samePhone(x: string, y: string): boolean {
  // A national number's trunk 0 ("020 …") and the international 00 prefix are not part of the number.
  const a = x.replace(/^0+/u, '');
  const b = y.replace(/^0+/u, '');
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 7 && long.endsWith(short);
}

function hostOf(raw: string): string | null {
  try {
    const u = new URL(/^https?:\/\//iu.test(raw) ? raw : `http://${raw}`);
    return u.hostname.toLowerCase().replace(/^www\./u, '') || null;
  } catch {
    return null;
  }
}
