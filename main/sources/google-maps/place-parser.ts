import { HunterError } from '../../core/errors';
import { parsePhone } from '../../core/phone';
import { normaliseWebsite } from '../../core/web-address';
import { arr, at, num, str, strings } from './json-path';

/** What Google says about whether a place still trades. */
export type GmapsStatus = 'operational' | 'temporarily_closed' | 'permanently_closed';

export interface GmapsAddressParts {
  neighborhood?: string;
  street?: string;
  city?: string;
  postal_code?: string;
  state?: string;
  country_code?: string;
}

export interface GmapsHours {
  day: string;
  hours: string[];
}

/** A place as Google Maps shows it, normalised. Every field but `categories`, `hours` and `closed` may be absent. */
export interface GmapsPlace {
  name?: string;
  categories: string[];
  /** The postal address without the business name. */
  address?: string;
  /** The address line exactly as Google shows it (often prefixed with the name). */
  full_address?: string;
  address_parts: GmapsAddressParts;
  phone?: string;
  phone_e164?: string;
  website?: string;
  rating?: number;
  review_count?: number;
  lat?: number;
  lng?: number;
  place_id?: string;
  /** Google's feature id "0x…:0x…"; the second half is the CID. */
  data_id?: string;
  cid?: string;
  timezone?: string;
  price_range?: string;
  /** The local plus code with its locality, e.g. "VC82+8C Paris, France". */
  plus_code?: string;
  /** The global plus code, e.g. "8FW4VC82+8C". */
  plus_code_global?: string;
  status?: GmapsStatus;
  /** Google's own status line, when it gives one (e.g. "Temporarily closed", "Open ⋅ Closes 6 PM"). */
  status_text?: string;
  closed: boolean;
  hours: GmapsHours[];
  description?: string;
  url?: string;
}

const XSSI_PREFIX = ")]}'";

/**
 * Turns what a place page gives into a normalised place. Accepts the raw text of a place page (HTML with
 * `APP_INITIALIZATION_STATE`), the text of the payload (with or without the `)]}'` guard), the parsed
 * payload (an array whose [6] is the place), the whole APP_INITIALIZATION_STATE value, or the place array.
 */
export function parsePlace(input: string | unknown): GmapsPlace {
  const value = typeof input === 'string' ? parseText(input) : input;
  const place = findPlaceArray(value, 0);
  if (!place) {
    throw new HunterError('INVALID_INPUT', 'No Google Maps place data found (expected a place page, its APP_INITIALIZATION_STATE payload, or the place array).');
  }
  return readPlace(place);
}

function parseText(text: string): unknown {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith(XSSI_PREFIX)) return parseJson(t.slice(XSSI_PREFIX.length));
  if (t.startsWith('[') || t.startsWith('{')) return parseJson(t);
  const state = extractInitState(t);
  if (state === undefined) {
    throw new HunterError('INVALID_INPUT', 'The page has no APP_INITIALIZATION_STATE: it is not a Google Maps place page, or Google changed its format.');
  }
  return state;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `Google Maps data is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Finds `APP_INITIALIZATION_STATE=[…]` in a page's scripts and parses the array literal. */
export function extractInitState(html: string): unknown {
  const marker = 'APP_INITIALIZATION_STATE';
  let from = 0;
  for (;;) {
    const i = html.indexOf(marker, from);
    if (i < 0) return undefined;
    from = i + marker.length;
    let j = from;
    while (j < html.length && /\s/.test(html[j]!)) j++;
    if (html[j] !== '=') continue;
    j++;
    while (j < html.length && /\s/.test(html[j]!)) j++;
    if (html[j] !== '[') continue;
    const literal = balancedSlice(html, j);
    if (literal === undefined) continue;
    try {
      return JSON.parse(literal);
    } catch {
      // Not JSON-compatible at this occurrence (a script mentioning the name); keep looking.
      continue;
    }
  }
}

/** The bracketed literal starting at `start`, skipping brackets inside string literals. */
function balancedSlice(text: string, start: number): string | undefined {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

function looksLikePlace(v: unknown): v is unknown[] {
  if (!Array.isArray(v) || v.length < 12) return false;
  const dataId = str(v, 10);
  return str(v, 11) !== undefined && (str(v, 78) !== undefined || (dataId !== undefined && /^0x[0-9a-f]+:0x[0-9a-f]+$/i.test(dataId)) || Array.isArray(at(v, 4)) || Array.isArray(at(v, 9)));
}

/**
 * Walks the known wrappers: payload [6] → place; init state → a `)]}'`-guarded JSON string somewhere in
 * its [3] (at [3][6] in the pages seen so far, but Google moves it) → payload.
 */
function findPlaceArray(value: unknown, depth: number): unknown[] | undefined {
  if (depth > 4 || !Array.isArray(value)) return undefined;
  if (looksLikePlace(value)) return value;
  if (looksLikePlace(at(value, 6))) return at(value, 6) as unknown[];
  for (const s of strings(at(value, 3), 3)) {
    if (!s.startsWith(XSSI_PREFIX)) continue;
    let inner: unknown;
    try {
      inner = JSON.parse(s.slice(XSSI_PREFIX.length));
    } catch {
      continue;
    }
    const found = findPlaceArray(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function readPlace(p: unknown[]): GmapsPlace {
  const name = str(p, 11);
  const categories = arr(p, 13).filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim());
  const full = str(p, 18);
  const parts = readAddressParts(p);
  const dataId = str(p, 10);
  const phone = str(p, 178, 0, 0);
  const place: GmapsPlace = {
    categories,
    address_parts: parts,
    closed: false,
    hours: readHours(p),
  };
  assign(place, 'name', name);
  assign(place, 'full_address', full);
  assign(place, 'address', str(p, 39) ?? stripName(full, name));
  assign(place, 'phone', phone);
  assign(place, 'phone_e164', readE164(p, phone, parts.country_code));
  assign(place, 'website', readWebsite(str(p, 7, 0)));
  assign(place, 'rating', num(p, 4, 7));
  const reviews = num(p, 4, 8);
  assign(place, 'review_count', reviews === undefined ? undefined : Math.round(reviews));
  assign(place, 'lat', num(p, 9, 2));
  assign(place, 'lng', num(p, 9, 3));
  assign(place, 'place_id', str(p, 78));
  assign(place, 'data_id', dataId);
  assign(place, 'cid', cidOf(dataId));
  assign(place, 'timezone', str(p, 30));
  assign(place, 'price_range', str(p, 4, 2));
  assign(place, 'plus_code', str(p, 183, 2, 2, 0));
  assign(place, 'plus_code_global', str(p, 183, 2, 1, 0));
  assign(place, 'description', str(p, 32, 1, 1));
  assign(place, 'url', str(p, 27) ?? str(p, 42));
  const { status, text } = readStatus(p, place.hours.length > 0);
  assign(place, 'status', status);
  assign(place, 'status_text', text);
  place.closed = status === 'temporarily_closed' || status === 'permanently_closed';
  return place;
}

/** Sets a key only when there is a value, so absent fields stay absent (not `undefined`-valued keys). */
function assign<K extends keyof GmapsPlace>(place: GmapsPlace, key: K, value: GmapsPlace[K] | undefined): void {
  if (value !== undefined) place[key] = value;
}

function readAddressParts(p: unknown[]): GmapsAddressParts {
  // [183][1] is [neighborhood, street, street (again), city, postal code, state, country code].
  const parts: GmapsAddressParts = {};
  const set = (k: keyof GmapsAddressParts, v: string | undefined) => {
    if (v !== undefined) parts[k] = v;
  };
  set('neighborhood', str(p, 183, 1, 0) ?? str(p, 14));
  set('street', str(p, 183, 1, 1) ?? str(p, 183, 1, 2));
  set('city', str(p, 183, 1, 3));
  set('postal_code', str(p, 183, 1, 4));
  set('state', str(p, 183, 1, 5));
  const cc = str(p, 183, 1, 6);
  if (cc && /^[A-Za-z]{2}$/.test(cc)) parts.country_code = cc.toUpperCase();
  return parts;
}

function stripName(full: string | undefined, name: string | undefined): string | undefined {
  if (!full) return undefined;
  if (!name) return full;
  for (const sep of [', ', ' - ', ' · ']) {
    if (full.startsWith(name + sep)) return full.slice(name.length + sep.length).trim() || undefined;
  }
  return full;
}

/** The number Google gives in E.164 (or, without it, the one it shows), when it is a valid one. */
function readE164(p: unknown[], phone: string | undefined, country: string | undefined): string | undefined {
  return (parsePhone(str(p, 178, 0, 3)) ?? parsePhone(phone, country))?.e164;
}

/** Google sometimes wraps the website in its own redirect (`/url?q=…`). */
function readWebsite(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let candidate = raw;
  if (raw.startsWith('/url?') || /^https?:\/\/www\.google\.[a-z.]+\/url\?/.test(raw)) {
    try {
      const q = new URL(raw, 'https://www.google.com').searchParams.get('q') ?? new URL(raw, 'https://www.google.com').searchParams.get('url');
      if (q) candidate = q;
    } catch {
      return undefined;
    }
  }
  return normaliseWebsite(candidate) ?? undefined;
}

function cidOf(dataId: string | undefined): string | undefined {
  const m = dataId?.match(/^0x[0-9a-f]+:(0x[0-9a-f]+)$/i);
  if (!m) return undefined;
  try {
    return BigInt(m[1]!).toString();
  } catch {
    return undefined;
  }
}

function readHours(p: unknown[]): GmapsHours[] {
  // Newer pages (2025) keep the week at [203][0]; older ones at [34][1].
  let items = arr(p, 203, 0);
  if (items.length === 0) items = arr(p, 34, 1);
  const out: GmapsHours[] = [];
  for (const item of items) {
    const day = str(item, 0);
    if (!day) continue;
    const slots = arr(item, 3);
    let hours: string[];
    if (slots.length > 0) hours = slots.map((s) => str(s, 0)).filter((s): s is string => s !== undefined);
    else hours = arr(item, 1).filter((s): s is string => typeof s === 'string' && s.trim() !== '');
    out.push({ day, hours });
  }
  return out;
}

function readStatus(p: unknown[], hasHours: boolean): { status: GmapsStatus | undefined; text: string | undefined } {
  const text = str(p, 34, 4, 4) ?? str(p, 203, 1, 4, 0);
  if (str(p, 88, 0) === 'CLOSED') return { status: 'permanently_closed', text };
  if (text && /permanent/i.test(text)) return { status: 'permanently_closed', text };
  if (text && /temporar/i.test(text)) return { status: 'temporarily_closed', text };
  // Language-independent signal: Google's "suggest an edit" menu ([96]) offers a reopen action only for a
  // place it marks closed; while it still offers to mark the place permanently closed, the closure is temporary.
  let reopen = false;
  let permanentCloseOffered = false;
  for (const s of strings(at(p, 96), 10)) {
    if (s.includes('/changeexistence/reopen')) reopen = true;
    else if (s.includes('/changeexistence')) permanentCloseOffered = true;
  }
  if (reopen) return { status: permanentCloseOffered ? 'temporarily_closed' : 'permanently_closed', text };
  if (text || hasHours) return { status: 'operational', text };
  return { status: undefined, text };
}
