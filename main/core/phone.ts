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

// Parsing a number costs microseconds and an import reads each one several times (its row, its identity,
// its comparison with lookalikes): the last few thousand answers are kept. Two generations, the older
// dropped whole when the newer fills, so keeping a number costs one map write and no eviction walk.
const GENERATION = 2048;
let recent = new Map<string, PhoneNumber | null>();
let older = new Map<string, PhoneNumber | null>();

/**
 * A valid phone number in E.164, or null (too short, impossible for its country, or no country to read it by).
 * `remember: false` is for text read once and never again (a CSV cell streaming past): keeping its answer
 * would only make the garbage collector carry it.
 */
export function parsePhone(raw: string | null | undefined, defaultCountry?: string | null, o: { remember?: boolean } = {}): PhoneNumber | null {
  if (!raw) return null;
  if (o.remember === false) return parseUncached(raw, defaultCountry);
  const key = `${defaultCountry ?? ''}|${raw}`;
  let out = recent.get(key);
  if (out !== undefined) return out;
  out = older.get(key);
  if (out === undefined) out = parseUncached(raw, defaultCountry);
  if (recent.size >= GENERATION) {
    older = recent;
    recent = new Map();
  }
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

/**
 * How a valid number is written at home ("01 56 01 75 69") and what kind of line it is ("FIXED_LINE",
 * "MOBILE"; null when the metadata does not say, which the library's default "min" metadata never does):
 * what a rep sees beside the E.164 key.
 */
export function phoneDetails(p: PhoneNumber): { national: string; type: string | null } {
  const n = parsePhoneNumberFromString(p.e164);
  return { national: n?.formatNational() ?? p.e164, type: n?.getType() ?? null };
}
