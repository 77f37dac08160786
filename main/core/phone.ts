import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers as every source reads them: one parser, so "+1 503-555-0141", "(503) 555-0141" and
 * "tel:5035550141" are one number, and a number that is not a real one is never stored as if it were.
 */
export interface PhoneNumber {
  /** E.164 ("+15035550141"). */
  e164: string;
  /** ISO country of the number, when the numbering plan tells. */
  country: string | null;
}

// Parsing a number costs tens of microseconds and an import reads each one several times (its row, its
// identity, its comparison with lookalikes): the last few thousand answers are kept.
const recent = new Map<string, PhoneNumber | null>();
const RECENT = 4096;

/** A valid phone number in E.164, or null (too short, impossible for its country, or no country to read it by). */
export function parsePhone(raw: string | null | undefined, defaultCountry?: string | null): PhoneNumber | null {
  if (!raw) return null;
  const key = `${defaultCountry ?? ''}|${raw}`;
  const hit = recent.get(key);
  if (hit !== undefined) return hit;
  const out = parseUncached(raw, defaultCountry);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(key, out);
  return out;
}

function parseUncached(raw: string, defaultCountry?: string | null): PhoneNumber | null {
  const text = raw.replace(/^tel:/i, '').trim();
  if (!text || text.length > 40) return null;
  const country = defaultCountry && /^[a-z]{2}$/i.test(defaultCountry) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  const p = parsePhoneNumberFromString(text, country);
  if (!p || !p.isValid()) return null;
  return { e164: p.number, country: p.country ?? null };
}
