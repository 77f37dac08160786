import { parse as parseDomain } from 'tldts';
import { isReservedTestHost } from './hosts';

/**
 * E-mail addresses as every source and extractor reads them: one parser, so an address typed in a CSV,
 * tagged in OSM or found on a web page is the same address in the same spelling.
 */
export interface EmailAddress {
  /** local@domain: the local part as written, the domain lower-case ASCII ("Info@xn--mller-zahnarzt-gsb.de"). */
  address: string;
  /** As written: the domain owner decides whether case matters in it, so it is not changed. */
  local: string;
  /** Lower-case, an internationalised name in its ASCII (punycode) form. */
  domain: string;
  /** The sub-address after "+" ("news" in "info+news@acme.com"), or null. */
  tag: string | null;
  /** The address without its tag ("info@acme.com"): the mailbox a tagged address delivers to. */
  untagged: string;
}

const MAX_ADDRESS = 254;
const MAX_LOCAL_BYTES = 64;
// RFC 5322 atext, plus any non-ASCII character (RFC 6531 lets mailboxes have them); a quoted local part
// ("john doe"@acme.com) is valid but no business writes one, and would let through what a rep mistyped.
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+$/;
// Spaces, controls and invisible formatting characters (zero-width space, bidi marks) are never part of an address.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;
// What would make the URL parser read something else than a host name: a port, a path, a user, an escape.
const NOT_IN_HOST = /[/\\?#@:%[\]<>()"',;]/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const ASCII = /^[\x21-\x7e]*$/;
const ASCII_HOST = /^[A-Za-z0-9.-]+$/;
const utf8 = new TextEncoder();

/**
 * Reads one address as a person or a page writes it ("Info@Acme.com", "mailto:info@acme.com?subject=Hi",
 * "<info@acme.com>"), or null when it is not one: no "@", a space, a domain without a dot, a top-level
 * domain that does not exist ("logo@2x.png"). Names reserved for testing and documentation (RFC 2606:
 * ".example", ".test", ".invalid", ".localhost") count as real domains, as they do for web addresses.
 */
export function parseEmailAddress(raw: string | null | undefined): EmailAddress | null {
  if (!raw) return null;
  let s = raw.trim();
  if (/^mailto:/i.test(s)) {
    s = s.slice(7).split('?')[0]!;
    try {
      s = decodeURIComponent(s);
    } catch {
      return null;
    }
  }
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  if (!s || s.length > MAX_ADDRESS || INVISIBLE.test(s)) return null;
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at);
  const domain = asciiDomain(s.slice(at + 1));
  if (!domain || !validLocal(local)) return null;
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) return null;
  const plus = local.indexOf('+');
  const tag = plus > 0 && plus < local.length - 1 ? local.slice(plus + 1) : null;
  return { address, local, domain, tag, untagged: tag === null ? address : `${local.slice(0, plus)}@${domain}` };
}

/** Two spellings of one address compare equal by this ("Info@Acme.com" and "info@acme.com"). */
export function emailKey(address: EmailAddress): string {
  return address.address.toLowerCase();
}

function validLocal(local: string): boolean {
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  // The limit is in octets; only a local part with non-ASCII characters needs encoding to count them.
  if (local.length > MAX_LOCAL_BYTES || (!ASCII.test(local) && utf8.encode(local).length > MAX_LOCAL_BYTES)) return false;
  return local.split('.').every((atom) => LOCAL_ATOM.test(atom));
}

/**
 * The domain in lower-case ASCII, by the WHATWG URL parser's host rules (a global in Node and in browsers,
 * so core stays free of node:url): it maps "Müller.DE" to "xn--mller-gsb.de" as a mail server would look it up.
 */
function asciiDomain(text: string): string | null {
  const written = text.endsWith('.') ? text.slice(0, -1) : text;
  if (!written || NOT_IN_HOST.test(written)) return null;
  // Most domains are plain ASCII already: lower-casing is all the URL parser would do to them.
  let host = ASCII_HOST.test(written) ? written.toLowerCase() : '';
  if (!host) {
    try {
      host = new URL(`http://${written}`).hostname;
    } catch {
      return null;
    }
  }
  const labels = host.split('.');
  if (labels.length < 2 || host.length > 253 || !labels.every((l) => LABEL.test(l))) return null;
  // An IPv4 literal (the URL parser also reads "0x7f.1" as one) is no mail domain without brackets.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null;
  if (isReservedTestHost(host)) return host;
  const info = parseDomain(host, { extractHostname: false });
  return info.isIcann && info.domain ? host : null;
}
