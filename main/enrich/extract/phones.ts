import { searchPhoneNumbersInText } from 'libphonenumber-js';
import type { FactInput, FactMethod } from '../../core/domain';
import { parsePhone, phoneDetails, type PhoneNumber } from '../../core/phone';
import { clean, listOf, textOf } from '../html-page';
import { fact, type ExtractContext } from './context';

const MAX_PHONE_TEXT = 300_000;
const FAX_BEFORE = /(fax|telefax|télécopie)\s*[:.]?\s*$/i;
const PHONE_BEFORE = /(tel|phone|telefon|téléphone|tél|call|fon|mobil|mobile|handy|whatsapp|ruf)\w*\.?\s*[:.]?\s*$/i;

/**
 * Prose is full of digit runs (years, prices, order numbers) that happen to be valid short numbers. Without a
 * "Tel:" label, a number counts only when written like one: international, with a trunk 0 or brackets, or
 * in the North American 3-3-4 form; and never a date.
 */
function looksLikePhone(display: string): boolean {
  const s = display.trim();
  const digits = s.replace(/\D/g, '');
  if (digits.length < 7) return false;
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(s) || /^(19|20)\d{2}\s*[-–/]\s*(19|20)\d{2}$/.test(s)) return false;
  return /^(\+|00|\(|0)/.test(s) || /^\d{3}[-.\s]\d{3}[-.\s]\d{4}$/.test(s);
}

interface Found {
  number: PhoneNumber;
  method: FactMethod;
  confidence: number;
  display: string;
}

/** Phone numbers: `tel:` links, JSON-LD `telephone`, and numbers in the text (fax numbers left out). */
export function extractPhones(ctx: ExtractContext): FactInput[] {
  const { page } = ctx;
  const found: Found[] = [];
  const parse = (raw: string | undefined) => parsePhone(raw, ctx.defaultCountry);
  for (const link of page.links) {
    if (!/^tel:/i.test(link.href)) continue;
    let raw = link.href.slice(4);
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // A stray % in a tel: link; parse what is there.
    }
    const n = parse(raw);
    if (n) found.push({ number: n, method: 'tel', confidence: 0.95, display: clean(link.text, 60) || raw });
  }
  for (const node of page.jsonLd) {
    for (const v of listOf(node.telephone)) {
      const raw = textOf(v);
      const n = parse(raw);
      if (n) found.push({ number: n, method: 'json_ld', confidence: 0.9, display: raw! });
    }
  }
  page.$('[itemprop="telephone"]').each((_, el) => {
    const raw = page.$(el).attr('content') ?? page.$(el).text();
    const n = parse(raw);
    if (n) found.push({ number: n, method: 'meta', confidence: 0.9, display: clean(raw, 60) });
  });
  const text = page.text.slice(0, MAX_PHONE_TEXT);
  // The library finds where numbers are in prose; whether one is a number is the one parser's call.
  for (const m of searchPhoneNumbersInText(text, ctx.defaultCountry ? { defaultCountry: ctx.defaultCountry } : undefined)) {
    const before = text.slice(Math.max(0, m.startsAt - 20), m.startsAt);
    if (FAX_BEFORE.test(before)) continue;
    const display = text.slice(m.startsAt, m.endsAt);
    const labelled = PHONE_BEFORE.test(before);
    if (!labelled && !looksLikePhone(display)) continue;
    const n = parse(display);
    if (n) found.push({ number: n, method: 'text', confidence: labelled ? 0.75 : 0.6, display });
  }

  const best = new Map<string, Found>();
  for (const f of found) {
    const cur = best.get(f.number.e164);
    if (!cur || f.confidence > cur.confidence) best.set(f.number.e164, f);
  }
  return [...best.values()].map((f) => {
    const { national, type } = phoneDetails(f.number);
    return fact(ctx, 'phone', f.number.e164, f.method, f.confidence, { display: f.display, national, country: f.number.country ?? undefined, type: type ?? undefined });
  });
}
