import { HunterError } from '../../core/errors';
import { CSV_FIELDS, type CsvField, type CsvMapping, type CsvMappingOverride, type CsvPresetId } from './types';

/** "Company Name", "company_name", "# Employees", "categories/0" compare as "companyname", "employees", "categories0". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

type Synonyms = Partial<Record<CsvField, string[]>>;

/**
 * Header names that mean the same field in most exports, best first. Bare "Name" and "Title" are not
 * here for the company: in a contact export they are the person's name and job title.
 */
const COMMON: Synonyms = {
  name: ['company', 'company name', 'business name', 'business', 'organisation', 'organization', 'organisation name', 'organization name', 'account name', 'account', 'firm', 'practice', 'practice name', 'brand', 'store name', 'shop name', 'firma', 'unternehmen', 'empresa', 'société', 'entreprise'],
  website: ['website', 'web site', 'company website', 'website url', 'site', 'homepage', 'home page', 'web', 'www', 'domain', 'company domain', 'url', 'webseite'],
  phone: ['phone', 'phone number', 'company phone', 'business phone', 'main phone', 'telephone', 'telephone number', 'tel', 'phone 1', 'primary phone', 'work phone', 'corporate phone', 'office phone', 'telefon', 'mobile', 'mobile phone', 'cell'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'work email', 'business email', 'contact email', 'primary email', 'email 1', 'mail', 'emails'],
  address: ['address', 'full address', 'company address', 'business address', 'street address', 'formatted address', 'location address', 'adresse', 'anschrift'],
  street: ['street', 'address line 1', 'address 1', 'address1', 'strasse', 'straße'],
  postal_code: ['postal code', 'postcode', 'zip', 'zip code', 'zipcode', 'plz'],
  state: ['state', 'region', 'province', 'county', 'state province', 'bundesland'],
  city: ['city', 'town', 'locality', 'company city', 'ort', 'stadt'],
  country: ['country', 'country code', 'company country', 'land'],
  category: ['category', 'categories', 'main category', 'industry', 'business type', 'type', 'sector', 'vertical', 'niche', 'branche', 'kategorie'],
  rating: ['rating', 'google rating', 'average rating', 'stars', 'star rating', 'bewertung'],
  review_count: ['reviews', 'review count', 'reviews count', 'number of reviews', 'total reviews', 'num reviews', 'user ratings total', 'rating count', 'anzahl bewertungen'],
  first_name: ['first name', 'firstname', 'given name', 'forename', 'contact first name', 'vorname'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'contact last name', 'nachname'],
  full_name: ['full name', 'contact name', 'contact', 'contact person', 'person', 'person name', 'owner', 'owner name', 'decision maker', 'ansprechpartner', 'name'],
  title: ['title', 'job title', 'position', 'role', 'designation', 'contact title', 'job', 'funktion'],
  linkedin: ['linkedin', 'linkedin url', 'person linkedin url', 'linkedin profile', 'linkedin profile url', 'contact linkedin'],
  company_linkedin: ['company linkedin url', 'company linkedin', 'linkedin company url', 'linkedin company page'],
  place_id: ['place id', 'google place id', 'placeid'],
  employees: ['employees', 'number of employees', 'employee count', 'company size', 'headcount', 'staff', 'size', 'mitarbeiter'],
};

interface Preset {
  id: CsvPresetId;
  /** Headers only this export writes, with how strongly each one says so (2 alone is enough). */
  signature: Record<string, number>;
  /** Names tried before the common ones, for the fields this export names its own way. */
  fields: Synonyms;
  /** Headers that look like a field but are not (a scraper's "url" is the Maps page, not the website). */
  ignore?: string[];
}

const PRESETS: Preset[] = [
  {
    id: 'google_maps_scraper',
    signature: {
      placeid: 2, totalscore: 2, reviewscount: 2, categoryname: 2, googleid: 2, cid: 1, fid: 1, pluscode: 1, reviewslink: 2,
      permanentlyclosed: 1, temporarilyclosed: 1, locationlat: 1, locationlng: 1, phoneunformatted: 2, searchstring: 1,
      imageurl: 1, neighborhood: 1, userratingstotal: 1, businessstatus: 1, workinghours: 1, photoscount: 1, ownertitle: 1,
      latitude: 1, longitude: 1, googlemapsurl: 1, maincategory: 1,
    },
    fields: {
      name: ['title', 'name', 'place name', 'business name'],
      website: ['website', 'site', 'domain'],
      phone: ['phone', 'phone number', 'phone unformatted', 'international phone number'],
      address: ['address', 'full address', 'formatted address'],
      country: ['country code', 'country'],
      category: ['category name', 'category', 'main category', 'categories', 'categories 0', 'type', 'subtypes'],
      rating: ['total score', 'rating', 'stars'],
      review_count: ['reviews count', 'reviews', 'user ratings total'],
      place_id: ['place id', 'google id'],
      state: ['state', 'us state'],
    },
    ignore: ['url', 'google maps url', 'search page url', 'reviews link', 'image url', 'owner title', 'owner name', 'title url'],
  },
  {
    id: 'apollo',
    signature: {
      apollocontactid: 2, apolloaccountid: 2, personlinkedinurl: 2, companynameforemails: 2, emailstatus: 1, seniority: 1,
      departments: 1, corporatephone: 1, workdirectphone: 1, companylinkedinurl: 1, primaryemailsource: 2, emailconfidence: 1,
      contactowner: 1, accountowner: 1, lastcontacted: 1, companyphone: 1, companycity: 1, companycountry: 1, companystate: 1,
      annualrevenue: 1, totalfunding: 1, technologies: 1, seodescription: 1,
    },
    fields: {
      name: ['company', 'company name', 'company name for emails'],
      phone: ['company phone', 'corporate phone', 'work direct phone', 'mobile phone', 'other phone', 'home phone'],
      address: ['company address'],
      city: ['company city', 'city'],
      state: ['company state', 'state'],
      country: ['company country', 'country'],
      category: ['industry'],
      employees: ['employees', 'number of employees'],
      linkedin: ['person linkedin url'],
      company_linkedin: ['company linkedin url'],
    },
  },
  {
    id: 'linkedin_sales_navigator',
    signature: {
      profileurl: 2, linkedinprofileurl: 2, salesnavigatorurl: 2, salesnavigatorprofileurl: 2, defaultprofileurl: 2, leadurl: 1,
      vmid: 2, connectiondegree: 2, headline: 1, regularcompanyurl: 2, companyid: 1, titledescription: 1, durationinrole: 2,
      durationincompany: 2, sharedconnectionscount: 1, isopenlink: 1, ispremium: 1, companylocation: 1, pastexperiencecompanyname: 1,
      linkedinurl: 1, currentcompany: 1, companyurl: 1,
    },
    fields: {
      name: ['company', 'company name', 'current company', 'organization 1', 'account name'],
      full_name: ['full name', 'name', 'lead name'],
      first_name: ['first name'],
      last_name: ['last name'],
      title: ['title', 'job title', 'current title', 'position', 'organization title 1'],
      linkedin: ['profile url', 'linkedin profile url', 'linkedin url', 'default profile url', 'sales navigator profile url', 'sales navigator url', 'lead url'],
      company_linkedin: ['regular company url', 'company linkedin url', 'company url'],
      website: ['company website', 'website', 'organization website 1'],
      category: ['industry', 'company industry', 'organization industry 1'],
      address: ['company location', 'location'],
    },
  },
];

/** A simple list typed into Google Sheets: the business is usually just "Name". */
const SHEETS_FIELDS: Synonyms = { name: ['name', 'business name', 'business', 'company', 'company name'] };

export interface DetectedMapping {
  preset: CsvPresetId;
  mapping: CsvMapping;
  /** Field → column index into the row. */
  columns: Partial<Record<CsvField, number>>;
}

/** Recognises the export by its headers and maps each column to a field. */
export function detectMapping(headers: string[], forcedPreset?: CsvPresetId): DetectedMapping {
  const keys = headers.map(headerKey);
  const present = new Set(keys);
  let preset: CsvPresetId = forcedPreset ?? 'generic';
  if (!forcedPreset) {
    let best = 1;
    for (const p of PRESETS) {
      let score = 0;
      for (const [k, w] of Object.entries(p.signature)) if (present.has(k)) score += w;
      if (score > best) {
        best = score;
        preset = p.id;
      }
    }
    if (preset === 'generic' && !COMMON.name!.some((n) => present.has(headerKey(n))) && SHEETS_FIELDS.name!.some((n) => present.has(headerKey(n)))) {
      preset = 'google_sheets';
    }
  }
  const chosen = PRESETS.find((p) => p.id === preset);
  const own = preset === 'google_sheets' ? SHEETS_FIELDS : (chosen?.fields ?? {});
  const columns: Partial<Record<CsvField, number>> = {};
  const ignored = new Set((chosen?.ignore ?? []).map(headerKey));
  const used = new Set<number>(keys.flatMap((k, i) => (ignored.has(k) ? [i] : [])));
  for (const field of CSV_FIELDS) {
    for (const synonym of [...(own[field] ?? []), ...(COMMON[field] ?? [])]) {
      const key = headerKey(synonym);
      const index = keys.findIndex((k, i) => k === key && !used.has(i));
      if (index !== -1) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  return { preset, mapping: mappingOf(columns, headers), columns };
}

/** The rep's corrections on top of what was detected; a header that is not in the file is refused. */
export function applyOverride(detected: DetectedMapping, headers: string[], override: CsvMappingOverride, label: string): DetectedMapping {
  const columns = { ...detected.columns };
  for (const [field, header] of Object.entries(override) as [CsvField, string | null | undefined][]) {
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new HunterError('INVALID_INPUT', `The column mapping names an unknown field "${field}". Fields are: ${CSV_FIELDS.join(', ')}.`);
    }
    if (header === undefined) continue;
    if (header === null) {
      delete columns[field];
      continue;
    }
    let index = headers.indexOf(header);
    if (index === -1) index = headers.findIndex((h) => headerKey(h) === headerKey(header));
    if (index === -1) {
      throw new HunterError('INVALID_INPUT', `The column mapping puts "${header}" into ${field}, but ${label} has no such column. Columns found: ${listHeaders(headers)}. Choose one of these for ${field}, or leave it unmapped.`);
    }
    // A column feeds one field: taking it for this field takes it away from the one it was detected for.
    for (const [other, i] of Object.entries(columns) as [CsvField, number][]) if (i === index && other !== field) delete columns[other];
    columns[field] = index;
  }
  return { preset: detected.preset, mapping: mappingOf(columns, headers), columns };
}

/** Why a run refuses a file in which no column holds the company, naming what was found and what is needed; null when one does. */
export function missingCompanyColumn(detected: DetectedMapping, headers: string[], label: string): HunterError | null {
  if (detected.columns.name !== undefined) return null;
  return new HunterError(
    'INVALID_INPUT',
    `No column in ${label} holds the company name. Columns found: ${listHeaders(headers)}. ` +
      'Needed: a company column, named for example "Company", "Company Name", "Business Name" or "Name" ' +
      '(Google Maps exports: "title"). Rename that column in the header row, or map it by hand in the import ' +
      '(mapping { name: "<your column>" }).',
  );
}

/**
 * The fields through which a rep can reach a business. An address counts when it leads to the door:
 * an address column, or a street column (which the row completes with the postal code, city and state
 * when those are mapped). A postal code, city, state or country alone names only the town, so it does
 * not count; nor do LinkedIn pages, which reach a person, not the business.
 */
export const CONTACT_FIELDS = ['website', 'phone', 'email', 'address', 'street'] as const satisfies readonly CsvField[];

/**
 * Why a run refuses a file with no way to reach its businesses (no website, phone, e-mail or address
 * column mapped): every lead would be a name only. Null when one is mapped.
 */
export function missingContactColumn(detected: DetectedMapping, headers: string[], label: string): HunterError | null {
  if (CONTACT_FIELDS.some((f) => detected.columns[f] !== undefined)) return null;
  return new HunterError(
    'INVALID_INPUT',
    `No column in ${label} says how to reach the business: none is mapped to website, phone, email or address ` +
      `(a street column counts as an address; a city or postal code alone does not). Columns found: ${listHeaders(headers)}. ` +
      'Map a column to website, phone, email or address with --map field=Header (in the app: choose it in the import preview), or add one to the file.',
  );
}

export function listHeaders(headers: string[]): string {
  const shown = headers.slice(0, 30).map((h) => JSON.stringify(h.length > 60 ? h.slice(0, 57) + '...' : h));
  return shown.join(', ') + (headers.length > 30 ? ` and ${headers.length - 30} more` : '') || '(none)';
}

function mappingOf(columns: Partial<Record<CsvField, number>>, headers: string[]): CsvMapping {
  const mapping: CsvMapping = {};
  for (const field of CSV_FIELDS) {
    const i = columns[field];
    if (i !== undefined) mapping[field] = headers[i]!;
  }
  return mapping;
}
