import { parse as parseDomain } from 'tldts';
import { normaliseName } from './business-name';
import { parseEmailAddress } from './email-address';
import { isReservedTestHost, reservedTestDomain } from './hosts';
import { parsePhone } from './phone';
import { ownDomain } from './web-address';

/**
 * The do-not-contact list's rules, pure: what an entry is once normalised, what of a lead is compared with
 * the list, and the one-way hash an erased person's address is kept as.
 *
 * - An e-mail address matches in any case and with any "+tag": "Bob+News@Acme.com" is listed and compared as
 *   "bob@acme.com", so the mailbox a tagged address delivers to is listed whatever tag a later source adds.
 *   The local part is compared without case: mailbox providers treat it so, and a rep who typed "Bob@" meant
 *   the same person.
 * - A domain matches itself, its subdomains and every address at them: "acme.com" lists "shop.acme.com" and
 *   "bob@mail.acme.com". A public suffix ("co.uk") is refused: it would list a whole country.
 * - A phone number matches by its E.164 form, however it was written.
 * - A business name matches by the normalised name ("Dr. Müller & Co. GmbH" as "dr muller"), wherever it is.
 */

export const DNC_KINDS = ['email', 'domain', 'phone', 'name'] as const;
export type DncKind = (typeof DNC_KINDS)[number];

/** How an entry came onto the list. */
export const DNC_SOURCES = ['manual', 'import', 'rejection', 'reply', 'erasure'] as const;
export type DncSource = (typeof DNC_SOURCES)[number];

export interface DncValue {
  kind: DncKind;
  /** The normalised form, the one compared. */
  value: string;
}

export type DncParse = ({ ok: true } & DncValue) | { ok: false; reason: string };

const KIND_WORDS: Record<DncKind, string> = { email: 'e-mail address', domain: 'domain', phone: 'phone number', name: 'business name' };

export function dncKindWord(kind: DncKind): string {
  return KIND_WORDS[kind];
}

export function isDncKind(v: unknown): v is DncKind {
  return typeof v === 'string' && (DNC_KINDS as readonly string[]).includes(v);
}

/**
 * Reads one entry as a rep types it or a file has it. Without a kind, the kind is read from the text: an "@"
 * inside makes an address ("@acme.com" a domain), digits with the usual separators a phone number, a dotted
 * word without spaces a domain, anything else a business name. `country` reads phone numbers written
 * without their country code.
 */
export function normaliseDncEntry(raw: string, o: { kind?: DncKind | undefined; country?: string | null | undefined } = {}): DncParse {
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!text) return { ok: false, reason: 'is empty' };
  if (text.length > 320) return { ok: false, reason: 'is longer than any address, number or name (320 characters)' };
  const kind = o.kind ?? guessKind(text);
  switch (kind) {
    case 'email': {
      const value = dncEmail(text);
      return value ? { ok: true, kind, value } : { ok: false, reason: `"${text}" is not an e-mail address like name@company.com` };
    }
    case 'domain': {
      const r = dncDomain(text);
      return 'value' in r ? { ok: true, kind, value: r.value } : { ok: false, reason: r.reason };
    }
    case 'phone': {
      const p = parsePhone(text, o.country ?? null, { remember: false });
      if (p) return { ok: true, kind, value: p.e164 };
      return { ok: false, reason: `"${text}" is not a valid phone number${o.country ? ` in ${o.country.toUpperCase()}` : ''}; write it with its country code, like +49 30 1234567` };
    }
    case 'name': {
      const value = normaliseName(text);
      return value ? { ok: true, kind, value } : { ok: false, reason: `"${text}" has no name left once punctuation and legal forms are dropped` };
    }
  }
}

function guessKind(text: string): DncKind {
  if (/^mailto:/i.test(text)) return 'email';
  if (text.startsWith('@')) return 'domain';
  if (text.includes('@') && !/\s/.test(text)) return 'email';
  if (/^(tel:)?[+(]?\d[\d\s().\-/]{5,}$/i.test(text)) return 'phone';
  if (!/\s/.test(text) && /\.[a-z\u00a1-\uffff]{2,}\/?$/i.test(text.replace(/^[a-z]+:\/\//i, '').split('/')[0]!)) return 'domain';
  return 'name';
}

/** "Bob+News@Acme.COM" → "bob@acme.com"; null when it is not an address. */
export function dncEmail(raw: string | null | undefined): string | null {
  const a = parseEmailAddress(raw);
  return a ? a.untagged.toLowerCase() : null;
}

/** "https://www.Acme.com/x", "@acme.com", "*.acme.com" → "acme.com"; a public suffix or an IP is refused. */
export function dncDomain(raw: string): { value: string } | { reason: string } {
  const text = raw.trim().replace(/^@/, '').replace(/^\*\./, '');
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return { reason: `"${raw.trim()}" is not a domain like company.com` };
  }
  host = host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => !/^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l))) return { reason: `"${raw.trim()}" is not a domain like company.com` };
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { reason: `"${raw.trim()}" is an IP address, not a domain` };
  if (isReservedTestHost(host)) return { value: host };
  const info = parseDomain(host, { allowPrivateDomains: true });
  if (!info.domain) return { reason: `"${host}" is a public suffix shared by many businesses (like co.uk); list the business's own domain` };
  return { value: host };
}

/**
 * The domain and the domains above it, down to the registrable one: "a.shop.acme.co.uk" gives
 * "a.shop.acme.co.uk", "shop.acme.co.uk", "acme.co.uk", so a listed domain matches its subdomains.
 */
export function domainAndParents(host: string | null | undefined): string[] {
  if (!host) return [];
  const h = host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  const base = isReservedTestHost(h) ? reservedTestDomain(h) : parseDomain(h, { allowPrivateDomains: true }).domain;
  if (!base) return [];
  const out: string[] = [];
  let cur = h;
  for (;;) {
    out.push(cur);
    if (cur === base || !cur.endsWith(`.${base}`)) break;
    cur = cur.slice(cur.indexOf('.') + 1);
  }
  return out;
}

/** What a lead is compared with the list by, and where on the lead it is. */
export interface DncCandidate extends DncValue {
  /** "its e-mail address", "a fact's phone number", "its website": for the reason the rep reads. */
  where: string;
  /** The text as the lead has it, for the rep (not compared). */
  shown: string;
}

/** A lead, a sighting or a lead input: whatever of these it has. */
export interface DncSubject {
  name?: string | null | undefined;
  email?: string | null | undefined;
  domain?: string | null | undefined;
  website?: string | null | undefined;
  phone?: string | null | undefined;
  country?: string | null | undefined;
}

/**
 * Everything of a lead the list is compared with, strongest first: its e-mail address and the facts'
 * addresses (and the domains they are at), its own domain and website, its phone numbers, its name.
 */
export function dncCandidates(lead: DncSubject, facts: ReadonlyArray<{ kind: string; value: string }> = [], kinds?: ReadonlySet<DncKind>): DncCandidate[] {
  const want = (k: DncKind) => !kinds || kinds.has(k);
  const out: DncCandidate[] = [];
  const seen = new Set<string>();
  const push = (kind: DncKind, value: string, where: string, shown: string) => {
    const k = `${kind}\u001f${value}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ kind, value, where, shown });
  };
  const addresses: Array<{ raw: string; where: string }> = [];
  if (lead.email) addresses.push({ raw: lead.email, where: 'its e-mail address' });
  for (const f of facts) if (f.kind === 'email') addresses.push({ raw: f.value, where: 'the e-mail address in one of its facts' });
  const emails = want('email') || want('domain') ? addresses.map((a) => ({ ...a, e: dncEmail(a.raw) })) : [];
  if (want('email')) for (const a of emails) if (a.e) push('email', a.e, a.where, a.raw);
  if (want('domain')) {
    for (const a of emails) if (a.e) for (const d of domainAndParents(a.e.slice(a.e.lastIndexOf('@') + 1))) push('domain', d, a.where, a.raw);
    if (lead.domain) for (const d of domainAndParents(lead.domain)) push('domain', d, 'its domain', lead.domain);
    // A profile on a platform (a Facebook page) is not the business's domain: only its own site counts.
    if (lead.website && ownDomain(lead.website)) for (const d of domainAndParents(hostOf(lead.website))) push('domain', d, 'its website', lead.website);
  }
  if (want('phone')) {
    const phones: Array<{ raw: string; where: string }> = [];
    if (lead.phone) phones.push({ raw: lead.phone, where: 'its phone number' });
    for (const f of facts) if (f.kind === 'phone') phones.push({ raw: f.value, where: 'the phone number in one of its facts' });
    for (const p of phones) {
      const parsed = parsePhone(p.raw, lead.country ?? null);
      if (parsed) push('phone', parsed.e164, p.where, p.raw);
    }
  }
  if (lead.name && want('name')) {
    const n = normaliseName(lead.name);
    if (n) push('name', n, 'its name', lead.name);
  }
  return out;
}

/** The candidates of one address alone: the address and the domains it is at. */
export function dncAddressCandidates(address: string): DncCandidate[] {
  const e = dncEmail(address);
  if (!e) return [];
  return [
    { kind: 'email', value: e, where: 'the address', shown: address },
    ...domainAndParents(e.slice(e.lastIndexOf('@') + 1)).map((d): DncCandidate => ({ kind: 'domain', value: d, where: 'the address', shown: address })),
  ];
}

function hostOf(website: string): string | null {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `http://${website}`).hostname;
  } catch {
    return null;
  }
}

// ---- the one-way hash -----------------------------------------------------------------------------

/**
 * An entry's hash: HMAC-SHA-256 keyed by the workspace's salt over "kind:value". The list is looked up by
 * it, and an erased person's address is kept as nothing else. Keyed per workspace, so the same address in
 * two workspaces (or two installations) gives unrelated hashes and a copied list cannot be matched
 * against another list or an address dump without that workspace's salt. The salt lives in the same file
 * (it must, to recognise the address later), so someone holding the file who already has an address can
 * still test it: the hash keeps the address from being read, not from being confirmed.
 */
export function dncHash(saltHex: string, kind: DncKind, value: string): string {
  return hmacFor(saltHex).digest(utf8.encode(`${kind}:${value}`));
}

const utf8 = new TextEncoder();
const hmacs = new Map<string, Hmac256>();

function hmacFor(saltHex: string): Hmac256 {
  let h = hmacs.get(saltHex);
  if (!h) {
    if (hmacs.size > 16) hmacs.clear();
    hmacs.set(saltHex, (h = new Hmac256(hexBytes(saltHex))));
  }
  return h;
}

function hexBytes(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) throw new Error('a salt is hexadecimal');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// SHA-256 (FIPS 180-4) in plain JavaScript: core stays free of node:crypto, and Web Crypto only hashes
// asynchronously, which the predicate a recipe calls per lead cannot be.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Uint32Array(64);

function compress(state: Uint32Array, block: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) W[i] = (block[off + i * 4]! << 24) | (block[off + i * 4 + 1]! << 16) | (block[off + i * 4 + 2]! << 8) | block[off + i * 4 + 3]!;
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0; state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0; state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0;
}

const TAIL = new Uint8Array(128);
const TAIL_VIEW = new DataView(TAIL.buffer);
const WORK = new Uint32Array(8);

/**
 * Hashes `data` on from `start` (a state that has taken `prefixBlocks` 64-byte blocks already) into WORK.
 * The buffers are reused: a run asks for several hashes per lead.
 */
function finishInto(start: Uint32Array, prefixBlocks: number, data: Uint8Array): Uint32Array {
  WORK.set(start);
  const full = Math.floor(data.length / 64);
  for (let i = 0; i < full; i++) compress(WORK, data, i * 64);
  const restLen = data.length - full * 64;
  const len = restLen + 9 <= 64 ? 64 : 128;
  TAIL.fill(0, 0, len);
  TAIL.set(data.subarray(full * 64));
  TAIL[restLen] = 0x80;
  const bits = (prefixBlocks * 64 + data.length) * 8;
  TAIL_VIEW.setUint32(len - 8, Math.floor(bits / 2 ** 32));
  TAIL_VIEW.setUint32(len - 4, bits >>> 0);
  for (let off = 0; off < len; off += 64) compress(WORK, TAIL, off);
  return WORK;
}

function stateBytes(state: Uint32Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  }
  return out;
}

export function sha256(data: Uint8Array): Uint8Array {
  return stateBytes(finishInto(new Uint32Array(INITIAL), 0, data));
}

const INNER_DIGEST = new Uint8Array(32);

/** HMAC-SHA-256 (RFC 2104) with the key's inner and outer blocks hashed once, so each digest is two short hashes. */
class Hmac256 {
  private readonly inner: Uint32Array;
  private readonly outer: Uint32Array;

  constructor(key: Uint8Array) {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? sha256(key) : key);
    const ipad = k.map((b) => b ^ 0x36);
    const opad = k.map((b) => b ^ 0x5c);
    this.inner = new Uint32Array(INITIAL);
    compress(this.inner, ipad, 0);
    this.outer = new Uint32Array(INITIAL);
    compress(this.outer, opad, 0);
  }

  digest(message: Uint8Array): string {
    stateBytes(finishInto(this.inner, 1, message), INNER_DIGEST);
    const mac = finishInto(this.outer, 1, INNER_DIGEST);
    let hex = '';
    for (let i = 0; i < 8; i++) hex += (mac[i]! >>> 0).toString(16).padStart(8, '0');
    return hex;
  }
}
