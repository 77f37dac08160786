import { domainToASCII } from 'node:url';

export type RecipientCheck = { ok: true; address: string; domainAscii: string } | { ok: false; reason: string };

// The characters RFC 5322 allows in a dot-atom local part. Quoted local parts and non-ASCII local parts
// (RFC 6531) are refused: most mail clients and mail-merge tools mangle them, so the rep fixes them by hand.
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Whether an address can be put in a To header as it is. The domain may be internationalised (it is
 * checked in its ASCII form, the form the message carries); the address is returned trimmed.
 */
export function checkRecipient(raw: string | null | undefined): RecipientCheck {
  if (raw == null || raw.trim() === '') return { ok: false, reason: 'The draft has no recipient address.' };
  const address = raw.trim();
  if (/[\u0000-\u001f\u007f\s]/.test(address)) return { ok: false, reason: `"${printable(address)}" contains spaces or control characters.` };
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return { ok: false, reason: `"${printable(address)}" is not an e-mail address (no user@domain).` };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return { ok: false, reason: `"${printable(address)}": the part before @ is longer than 64 characters.` };
  if (!LOCAL_ATOM.test(local)) return { ok: false, reason: `"${printable(address)}": the part before @ has characters mail clients do not accept.` };
  const domainAscii = domainToASCII(domain.replace(/\.$/, ''));
  if (!domainAscii) return { ok: false, reason: `"${printable(address)}": "${printable(domain)}" is not a valid domain.` };
  const labels = domainAscii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return { ok: false, reason: `"${printable(address)}": "${printable(domain)}" is not a valid domain.` };
  const tld = labels[labels.length - 1]!;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return { ok: false, reason: `"${printable(address)}": "${printable(domain)}" has no valid top-level domain.` };
  if (domainAscii.length > 253 || local.length + 1 + domainAscii.length > 254) return { ok: false, reason: `"${printable(address)}" is longer than an address may be.` };
  return { ok: true, address, domainAscii };
}

/** An address quoted back to the rep without its control characters (they would break the message shown). */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '?')).slice(0, 200);
}
