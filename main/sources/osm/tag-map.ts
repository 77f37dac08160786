/** An OSM tag filter; no value means "any value of this key". */
export interface OsmTag {
  key: string;
  value?: string;
}

export type KeywordTagMap = Record<string, OsmTag[]>;

const t = (key: string, value?: string): OsmTag => (value === undefined ? { key } : { key, value });

/**
 * What a rep types → the OSM tags businesses of that kind carry (from the OSM wiki's Map Features).
 * Editable: callers pass their own map (Settings) merged over this one.
 */
export const DEFAULT_KEYWORD_TAGS: KeywordTagMap = {
  dentist: [t('amenity', 'dentist'), t('healthcare', 'dentist')],
  doctor: [t('amenity', 'doctors'), t('healthcare', 'doctor')],
  clinic: [t('amenity', 'clinic'), t('healthcare', 'clinic')],
  pharmacy: [t('amenity', 'pharmacy'), t('healthcare', 'pharmacy')],
  physiotherapist: [t('healthcare', 'physiotherapist')],
  optician: [t('shop', 'optician'), t('healthcare', 'optometrist')],
  veterinarian: [t('amenity', 'veterinary')],
  lawyer: [t('office', 'lawyer')],
  notary: [t('office', 'notary')],
  accountant: [t('office', 'accountant')],
  'tax advisor': [t('office', 'tax_advisor')],
  architect: [t('office', 'architect')],
  engineer: [t('office', 'engineer')],
  insurance: [t('office', 'insurance')],
  'estate agent': [t('office', 'estate_agent')],
  'it company': [t('office', 'it')],
  'marketing agency': [t('office', 'advertising_agency')],
  coworking: [t('amenity', 'coworking_space'), t('office', 'coworking')],
  'travel agency': [t('shop', 'travel_agency'), t('office', 'travel_agent')],
  restaurant: [t('amenity', 'restaurant')],
  cafe: [t('amenity', 'cafe')],
  bar: [t('amenity', 'bar')],
  pub: [t('amenity', 'pub')],
  'fast food': [t('amenity', 'fast_food')],
  bakery: [t('shop', 'bakery')],
  butcher: [t('shop', 'butcher')],
  florist: [t('shop', 'florist')],
  'wine shop': [t('shop', 'wine')],
  bookshop: [t('shop', 'books')],
  'clothes shop': [t('shop', 'clothes')],
  supermarket: [t('shop', 'supermarket')],
  hairdresser: [t('shop', 'hairdresser')],
  'beauty salon': [t('shop', 'beauty')],
  gym: [t('leisure', 'fitness_centre')],
  hotel: [t('tourism', 'hotel')],
  plumber: [t('craft', 'plumber')],
  electrician: [t('craft', 'electrician')],
  carpenter: [t('craft', 'carpenter')],
  painter: [t('craft', 'painter')],
  roofer: [t('craft', 'roofer')],
  photographer: [t('craft', 'photographer')],
  'car repair': [t('shop', 'car_repair')],
  'car dealer': [t('shop', 'car')],
  'driving school': [t('amenity', 'driving_school')],
  kindergarten: [t('amenity', 'kindergarten')],
  school: [t('amenity', 'school')],
};

/** Other words reps use for the same kind of business. */
export const KEYWORD_ALIASES: Record<string, string> = {
  dental: 'dentist',
  'dental clinic': 'dentist',
  'dental practice': 'dentist',
  orthodontist: 'dentist',
  physician: 'doctor',
  'medical practice': 'doctor',
  physio: 'physiotherapist',
  vet: 'veterinarian',
  attorney: 'lawyer',
  'law firm': 'lawyer',
  solicitor: 'lawyer',
  'tax consultant': 'tax advisor',
  'real estate': 'estate agent',
  'real estate agent': 'estate agent',
  realtor: 'estate agent',
  coffee: 'cafe',
  'coffee shop': 'cafe',
  café: 'cafe',
  'wine store': 'wine shop',
  'book shop': 'bookshop',
  bookstore: 'bookshop',
  salon: 'beauty salon',
  barber: 'hairdresser',
  fitness: 'gym',
  'fitness studio': 'gym',
  mechanic: 'car repair',
  garage: 'car repair',
  'software company': 'it company',
  'advertising agency': 'marketing agency',
};

/** "Dentists " → "dentist": lower case, trimmed, plural dropped where the singular is known. */
export function canonicalKeyword(keyword: string, map: KeywordTagMap = DEFAULT_KEYWORD_TAGS): string {
  const k = keyword.toLowerCase().trim().replace(/\s+/g, ' ');
  const candidates = [k, k.replace(/ies$/, 'y'), k.replace(/es$/, ''), k.replace(/s$/, '')];
  for (const c of candidates) {
    if (map[c]) return c;
    const alias = KEYWORD_ALIASES[c];
    if (alias && map[alias]) return alias;
  }
  return k;
}

/**
 * The tags to query for a keyword. A keyword written as `key=value` (or `key=*`) is taken as a tag, so a rep
 * can ask for anything OSM knows without editing the map. An unknown word gives no tags: the caller searches
 * by name instead.
 */
export function tagsForKeyword(keyword: string, map: KeywordTagMap = DEFAULT_KEYWORD_TAGS): OsmTag[] {
  const raw = keyword.trim();
  const literal = raw.match(/^([a-z][a-z0-9_:]*)=([^=]+)$/i);
  if (literal) return [literal[2] === '*' ? t(literal[1]!) : t(literal[1]!, literal[2]!.trim())];
  return map[canonicalKeyword(raw, map)] ?? [];
}
