import type { CheckResult } from './message-check';

/**
 * A message's quality as the draft keeps it: the message check's score (core/message-check.ts, the one
 * function runs, rewrites, edits and export use) and one entry per finding code and claim count, so the
 * rep can see what lowered it and the review queue can rank by it.
 */
export interface MessageQuality {
  score: number;
  checks: Record<string, boolean | number>;
}

export function qualityOf(c: CheckResult): MessageQuality {
  const checks: Record<string, boolean | number> = {
    words: c.words,
    claims: c.claims.length,
    supported_specific: c.supported_specific,
    unsupported_or_contradicted: c.claims.filter((x) => x.supported !== 'supported').length,
    contacts_verified: !c.issues.some((i) => i.code === 'INVENTED_CONTACT'),
  };
  for (const i of c.issues) checks[i.code] = (typeof checks[i.code] === 'number' ? (checks[i.code] as number) : 0) + 1;
  return { score: c.score, checks };
}

export function wordCount(text: string): number {
  const m = text.trim().match(/\S+/gu);
  return m ? m.length : 0;
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
