/**
 * Business names as de-duplication compares them, and the blocks a lead is filed under so that a similar
 * name is looked for among a handful of leads instead of all of them. Pure: storage backfills blocks with
 * the same rule the sources use.
 */

const LEGAL_FORMS = /\b(gmbh|mbh|ag|kg|ohg|gbr|ug|e\.?\s?k|ltd|limited|llc|llp|inc|incorporated|corp|corporation|co|company|plc|pvt|private|sarl|sas|sa|srl|spa|bv|nv|ab|as|oy|pty|s\.?l|s\.?a|s\.?r\.?l|and|und|et|the)\b/g;

/** "Dr. Müller & Co. GmbH" → "dr muller": accents folded, punctuation and legal forms dropped. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The numbers in a normalised name, in order ("branch 2 hall 7" → "2 7"): two names that differ in them are two businesses. */
export function nameNumbers(normalisedName: string): string {
  return (normalisedName.match(/\d+/g) ?? []).join(' ');
}

/** Titles that sit before or after a practitioner's name and say nothing about which business it is. */
const HONORIFICS = new Set([
  'dr', 'drs', 'dres', 'prof', 'med', 'dent', 'dipl', 'ing', 'mag', 'mr', 'mrs', 'ms', 'miss', 'sir', 'herr', 'frau',
  'dott', 'dssa', 'ssa', 'mme', 'mlle', 'sr', 'sra', 'srta', 'shri', 'smt',
]);

/** The words of a normalised name that tell businesses apart: with a letter, not an initial, not a title. */
export function nameWords(normalisedName: string): string[] {
  return normalisedName.split(' ').filter((w) => w.length > 1 && /\p{L}/u.test(w) && !HONORIFICS.has(w));
}

/**
 * "mueller" → "mlr", "harbour" → "hrbr": the first letter and the consonants, a doubled one once, so a
 * vowel spelt another way ("ü" written "ue", "or" for "our") files the word under the same block.
 */
export function wordSkeleton(word: string): string {
  return (word.slice(0, 1) + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/gu, '$1');
}

/**
 * The blocks a lead is filed under: its town, a telling word of its name (as its skeleton), and the numbers
 * in its name (they must agree anyway). The first and the last word each make a block, so "Dr. Müller
 * Zahnarztpraxis" and "Zahnarztpraxis Dr. Mueller" share both although the word order and the spelling
 * differ. A lead without a town is filed under an empty one and meets only other leads without a town.
 */
export function similarityBlocks(lead: { name: string; city?: string | null | undefined }): string[] {
  const name = normaliseName(lead.name);
  const city = normaliseName(lead.city ?? '');
  const numbers = nameNumbers(name);
  const words = nameWords(name);
  if (words.length === 0) return numbers ? [`${city}||${numbers}`] : [];
  const picked = new Set([wordSkeleton(words[0]!), wordSkeleton(words[words.length - 1]!)]);
  return [...picked].map((w) => `${city}|${w}|${numbers}`);
}
