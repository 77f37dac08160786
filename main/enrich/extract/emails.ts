import type { FactInput, FactMethod } from '../../core/domain';
import { emailKey, parseEmailAddress, type EmailAddress } from '../../core/email-address';
import { classifyEmail, isWebmail } from '../../core/email-class';
import { listOf } from '../html-page';
import { fact, type ExtractContext } from './context';

/** Addresses that appear on pages but belong to nobody: placeholders, error trackers, site builders. */
// Exactly example.com (a placeholder), but not a fictional business under it (demo sites use such names).
const JUNK_DOMAINS = /^(example\.(com|org|net)|domain\.(com|tld)|email\.com|yourdomain\.com|yoursite\.com|mysite\.com|placeholder\.com|test\.com)$|(^|\.)(sentry\.io|wixpress\.com)$/i;
const JUNK_LOCAL = /^(your[-_.]?(name|email|mail)|name|email|user|username|someone|john\.?doe|jane\.?doe|test|[0-9a-f]{24,})$/i;

/**
 * Cloudflare's e-mail protection: hex pairs, the first is an XOR key for the rest; the bytes are the
 * address in UTF-8 (`data-cfemail`, or the fragment of `/cdn-cgi/l/email-protection#…`).
 */
export function decodeCloudflareEmail(hex: string): string | null {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length < 4 || hex.length % 2 !== 0 || hex.length > 1024) return null;
  const key = parseInt(hex.slice(0, 2), 16);
  const bytes = new Uint8Array(hex.length / 2 - 1);
  for (let i = 2; i < hex.length; i += 2) bytes[i / 2 - 1] = parseInt(hex.slice(i, i + 2), 16) ^ key;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const AT_BRACKET = String.raw`\s*[\[\(\{<]\s*(?:at|ät|@)\s*[\]\)\}>]\s*`;
const DOT_BRACKET = String.raw`\s*[\[\(\{<]\s*(?:dot|punkt|point|punto)\s*[\]\)\}>]\s*`;
const DOT_WORD = String.raw`\s+(?:dot|punkt)\s+`;
const LOCAL = String.raw`[a-z0-9][a-z0-9._%+-]{0,63}`;
const LABEL = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;
// name [at] domain [dot] com, name(at)domain.com, name (at) domain (dot) co (dot) uk
const OBFUSCATED_BRACKET = new RegExp(String.raw`(?<![a-z0-9._%+-])(${LOCAL})${AT_BRACKET}(${LABEL}(?:(?:${DOT_BRACKET}|${DOT_WORD}|\.)${LABEL}){1,4})`, 'gi');
// name at domain dot com: only with a spelled-out dot, or ordinary prose would match.
const OBFUSCATED_WORDS = new RegExp(String.raw`(?<![a-z0-9._%+-])(${LOCAL})\s+(?:at|AT)\s+(${LABEL}(?:(?:${DOT_BRACKET}|${DOT_WORD})${LABEL}){1,4})(?![a-z0-9])`, 'g');
const PLAIN = /(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/gi;

function deobfuscateDomain(s: string): string {
  return s.replace(new RegExp(DOT_BRACKET, 'gi'), '.').replace(new RegExp(DOT_WORD, 'gi'), '.');
}

/** Text on a page wraps an address in quotes and brackets and ends a sentence after it: "(info@acme.com)." */
function trimProse(s: string): string {
  return s.trim().replace(/^[<("']+|[>)"'.,;:]+$/g, '');
}

interface Found {
  email: string;
  method: FactMethod;
  confidence: number;
}

/** E-mail addresses on a page: mailto links, Cloudflare-protected ones, JSON-LD, plain and obfuscated text. */
export function extractEmails(ctx: ExtractContext): FactInput[] {
  const { page } = ctx;
  const found: Found[] = [];
  const add = (raw: string | null | undefined, method: FactMethod, confidence: number) => {
    if (raw) found.push({ email: raw, method, confidence });
  };
  for (const link of page.links) {
    if (/^mailto:/i.test(link.href)) {
      // Several recipients in one link: each is read as a mailto: of its own, so escapes are undone the same way.
      for (const part of link.href.replace(/^mailto:/i, '').split('?')[0]!.split(/[,;]/)) add(`mailto:${part}`, 'mailto', 0.95);
    } else if (link.href.includes('/cdn-cgi/l/email-protection#')) {
      add(decodeCloudflareEmail(link.href.split('#')[1] ?? ''), 'cloudflare', 0.9);
    }
  }
  page.$('[data-cfemail]').each((_, el) => {
    add(decodeCloudflareEmail(page.$(el).attr('data-cfemail') ?? ''), 'cloudflare', 0.9);
  });
  for (const node of page.jsonLd) {
    for (const v of listOf(node.email)) if (typeof v === 'string') add(v, 'json_ld', 0.9);
  }
  page.$('[itemprop="email"]').each((_, el) => {
    const e = page.$(el);
    add(e.attr('content') ?? e.attr('href') ?? e.text(), 'meta', 0.9);
  });
  const text = page.text;
  for (const m of text.matchAll(PLAIN)) add(m[0], 'text', 0.8);
  for (const re of [OBFUSCATED_BRACKET, OBFUSCATED_WORDS]) {
    for (const m of text.matchAll(re)) add(`${m[1]}@${deobfuscateDomain(m[2]!)}`, 'obfuscated', 0.7);
  }

  // One fact per address (case-insensitive), from its most trustworthy method on this page.
  const best = new Map<string, { email: EmailAddress; method: FactMethod; confidence: number }>();
  for (const f of found) {
    const email = parseEmailAddress(trimProse(f.email));
    if (!email || JUNK_DOMAINS.test(email.domain) || JUNK_LOCAL.test(email.local)) continue;
    const key = emailKey(email);
    const cur = best.get(key);
    if (!cur || f.confidence > cur.confidence) best.set(key, { email, method: f.method, confidence: f.confidence });
  }
  const out: FactInput[] = [];
  for (const { email: e, method, confidence: found } of best.values()) {
    const onSite = !ctx.siteDomain || e.domain === ctx.siteDomain || e.domain.endsWith(`.${ctx.siteDomain}`);
    const webmail = isWebmail(e.domain);
    // An address on another business's domain (the web agency in the footer) is less likely the lead's.
    const confidence = onSite || webmail ? found : Math.max(0.3, found - 0.35);
    out.push(fact(ctx, 'email', e.address, method, confidence, { class: classifyEmail(e.address), status: 'found_on_site', domain: e.domain, domain_matches_site: onSite }));
  }
  return out;
}
