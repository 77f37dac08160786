import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { previewCsv, readCsvLeads, type CsvLeadRecord, type CsvReadOptions } from '../../../../main/sources/csv';
import { csvText } from '../../../support/csv/generate';

function file(header: string[], ...rows: Record<string, string>[]): Buffer {
  return Buffer.from(csvText([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]), 'utf8');
}

async function firstLead(bytes: Buffer, options: CsvReadOptions = {}): Promise<CsvLeadRecord> {
  for await (const r of readCsvLeads(bytes, options)) {
    if (r.kind === 'lead') return r;
    throw new Error(`expected a lead, got: ${r.message}`);
  }
  throw new Error('no records');
}

const APOLLO_HEADER = [
  'First Name', 'Last Name', 'Title', 'Company', 'Company Name for Emails', 'Email', 'Email Status', 'Primary Email Source',
  'Seniority', 'Departments', 'Contact Owner', 'Work Direct Phone', 'Mobile Phone', 'Corporate Phone', 'Stage', 'Lists',
  'Account Owner', '# Employees', 'Industry', 'Keywords', 'Person Linkedin Url', 'Website', 'Company Linkedin Url',
  'City', 'State', 'Country', 'Company Address', 'Company City', 'Company State', 'Company Country', 'Company Phone',
  'Technologies', 'Annual Revenue', 'Apollo Contact Id', 'Apollo Account Id',
];

const SALES_NAV_HEADER = [
  'profileUrl', 'fullName', 'firstName', 'lastName', 'companyName', 'title', 'companyId', 'companyUrl', 'regularCompanyUrl',
  'summary', 'titleDescription', 'industry', 'companyLocation', 'location', 'durationInRole', 'durationInCompany',
  'connectionDegree', 'sharedConnectionsCount', 'name', 'vmid', 'linkedInProfileUrl', 'isPremium', 'query', 'timestamp', 'defaultProfileUrl',
];

const APIFY_MAPS_HEADER = [
  'title', 'subTitle', 'description', 'price', 'categoryName', 'address', 'neighborhood', 'street', 'city', 'postalCode', 'state',
  'countryCode', 'website', 'phone', 'phoneUnformatted', 'claimThisBusiness', 'location/lat', 'location/lng', 'totalScore',
  'permanentlyClosed', 'temporarilyClosed', 'placeId', 'categories/0', 'categories/1', 'fid', 'cid', 'reviewsCount',
  'imagesCount', 'scrapedAt', 'url', 'searchPageUrl', 'searchString', 'language', 'rank', 'isAdvertisement', 'imageUrl', 'kgmid',
];

const OUTSCRAPER_HEADER = [
  'name', 'site', 'type', 'subtypes', 'category', 'phone', 'full_address', 'borough', 'street', 'city', 'postal_code', 'state',
  'us_state', 'country', 'country_code', 'latitude', 'longitude', 'time_zone', 'plus_code', 'rating', 'reviews', 'reviews_link',
  'photos_count', 'working_hours', 'business_status', 'verified', 'owner_id', 'owner_title', 'location_link', 'place_id', 'google_id',
];

describe('export presets', () => {
  it('generic: Company / Website / Phone / City / Category / Email / First Name / Last Name / Title / Address / Country / Rating / Reviews', async () => {
    const header = ['Company', 'Website', 'Phone', 'City', 'Category', 'Email', 'First Name', 'Last Name', 'Title', 'Address', 'Country', 'Rating', 'Reviews'];
    const bytes = file(header, {
      Company: 'Smile Dental', Website: 'smiledental.in', Phone: '022 2204 1234', City: 'Mumbai', Category: 'Dentist',
      Email: 'Hello@SmileDental.in', 'First Name': 'Priya', 'Last Name': 'Shah', Title: 'Owner', Address: '12 Marine Drive',
      Country: 'India', Rating: '4.7', Reviews: '1,204',
    });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('generic');
    expect(preview.mapping).toEqual({
      name: 'Company', website: 'Website', phone: 'Phone', email: 'Email', address: 'Address', city: 'City', country: 'Country',
      category: 'Category', rating: 'Rating', review_count: 'Reviews', first_name: 'First Name', last_name: 'Last Name', title: 'Title',
    });
    const { lead, facts } = await firstLead(bytes, { observedAt: '2026-01-02T03:04:05.000Z' });
    expect(lead).toEqual({
      name: 'Smile Dental', source: 'csv', source_ref: 'row 2', website: 'https://smiledental.in', email: 'Hello@smiledental.in',
      phone: '022 2204 1234', city: 'Mumbai', country: 'India', address: '12 Marine Drive', category: 'Dentist', rating: 4.7,
      review_count: 1204, first_name: 'Priya', last_name: 'Shah', title: 'Owner',
    });
    const byKind = Object.fromEntries(facts.map((f) => [f.kind, f]));
    // The mailbox's own part keeps its case (its owner decides whether it matters); the domain is lower-cased.
    expect(byKind.email).toMatchObject({ value: 'Hello@smiledental.in', method: 'csv', detail: { status: 'from_source' }, observed_at: '2026-01-02T03:04:05.000Z' });
    // The row names India: the national number is read as an Indian one.
    expect(byKind.phone).toMatchObject({ value: '+912222041234', detail: { display: '022 2204 1234', e164: '+912222041234' } });
    expect(byKind.rating).toMatchObject({ value: '4.7', detail: { scale: 5 } });
    expect(byKind.review_count).toMatchObject({ value: '1204' });
    expect(byKind.category).toMatchObject({ value: 'Dentist' });
    expect(byKind.person).toMatchObject({ value: 'Priya Shah', detail: { name: 'Priya Shah', role: 'Owner', email: 'Hello@smiledental.in' } });
    expect(facts.every((f) => f.source_url === null && f.confidence > 0 && f.confidence <= 1)).toBe(true);
  });

  it('apollo: company columns win over the person columns', async () => {
    const bytes = file(APOLLO_HEADER, {
      'First Name': 'Tom', 'Last Name': 'Becker', Title: 'Managing Director', Company: 'Becker Zahntechnik GmbH',
      'Company Name for Emails': 'Becker Zahntechnik', Email: 'tom@becker-zahntechnik.de', 'Email Status': 'Verified',
      'Mobile Phone': '+49 171 1234567', 'Corporate Phone': '+49 89 12345678', '# Employees': '25', Industry: 'Medical Devices',
      'Person Linkedin Url': 'http://www.linkedin.com/in/tombecker', Website: 'http://www.becker-zahntechnik.de',
      'Company Linkedin Url': 'http://www.linkedin.com/company/becker-zahntechnik', City: 'Augsburg', Country: 'Germany',
      'Company City': 'München', 'Company Country': 'Germany', 'Company Phone': '+49 89 7654321', 'Apollo Contact Id': '64a1',
    });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('apollo');
    expect(preview.mapping).toMatchObject({
      name: 'Company', phone: 'Company Phone', city: 'Company City', country: 'Company Country', category: 'Industry',
      employees: '# Employees', linkedin: 'Person Linkedin Url', company_linkedin: 'Company Linkedin Url', email: 'Email', title: 'Title',
    });
    const { lead, facts } = await firstLead(bytes);
    expect(lead).toMatchObject({
      name: 'Becker Zahntechnik GmbH', website: 'http://www.becker-zahntechnik.de', phone: '+49 89 7654321', city: 'München',
      category: 'Medical Devices', first_name: 'Tom', last_name: 'Becker', title: 'Managing Director',
      linkedin: 'http://www.linkedin.com/in/tombecker',
    });
    expect(facts.find((f) => f.kind === 'business')).toMatchObject({ detail: { employees: 25 } });
    expect(facts.find((f) => f.kind === 'social')).toMatchObject({ value: 'http://www.linkedin.com/company/becker-zahntechnik', detail: { network: 'linkedin' } });
    expect(facts.find((f) => f.kind === 'person')).toMatchObject({ value: 'Tom Becker', detail: { role: 'Managing Director', linkedin: 'http://www.linkedin.com/in/tombecker' } });
  });

  it('linkedin_sales_navigator: the person name is not taken for the company', async () => {
    const bytes = file(SALES_NAV_HEADER, {
      profileUrl: 'https://www.linkedin.com/sales/lead/ACwAAA123,NAME_SEARCH', fullName: 'Maria Lopez', firstName: 'Maria', lastName: 'Lopez',
      companyName: 'Lopez Physio S.L.', title: 'Founder & Physiotherapist', regularCompanyUrl: 'https://www.linkedin.com/company/lopez-physio',
      industry: 'Health, Wellness & Fitness', companyLocation: 'Madrid, Community of Madrid, Spain', location: 'Madrid',
      name: 'Maria Lopez', vmid: 'ACwAAA123', defaultProfileUrl: 'https://www.linkedin.com/in/ACwAAA123',
    });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('linkedin_sales_navigator');
    expect(preview.mapping).toMatchObject({ name: 'companyName', full_name: 'fullName', first_name: 'firstName', title: 'title', linkedin: 'profileUrl', company_linkedin: 'regularCompanyUrl', address: 'companyLocation', category: 'industry' });
    const { lead, facts } = await firstLead(bytes);
    expect(lead).toMatchObject({ name: 'Lopez Physio S.L.', first_name: 'Maria', last_name: 'Lopez', title: 'Founder & Physiotherapist', category: 'Health, Wellness & Fitness', address: 'Madrid, Community of Madrid, Spain' });
    expect(facts.find((f) => f.kind === 'person')).toMatchObject({ value: 'Maria Lopez', detail: { role: 'Founder & Physiotherapist' } });
  });

  it('linkedin_sales_navigator: an Evaboot-style export', async () => {
    const header = ['First Name', 'Last Name', 'Job Title', 'Company Name', 'Company Website', 'Email', 'LinkedIn URL', 'Sales Navigator URL', 'Company LinkedIn URL', 'Location', 'Industry'];
    const bytes = file(header, { 'First Name': 'Ken', 'Last Name': 'Ito', 'Job Title': 'CEO', 'Company Name': 'Ito Dental', 'Company Website': 'itodental.jp', 'LinkedIn URL': 'https://linkedin.com/in/kenito', 'Sales Navigator URL': 'https://www.linkedin.com/sales/lead/x' });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('linkedin_sales_navigator');
    const { lead } = await firstLead(bytes);
    expect(lead).toMatchObject({ name: 'Ito Dental', website: 'https://itodental.jp', title: 'CEO', linkedin: 'https://linkedin.com/in/kenito' });
  });

  it('google_sheets: a simple list whose business column is "Name"', async () => {
    const bytes = file(['Name', 'Website', 'Phone Number', 'Notes'], { Name: 'Corner Bakery', Website: 'https://cornerbakery.co.uk/', 'Phone Number': '020 7946 0018', Notes: 'met at fair' });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('google_sheets');
    expect(preview.mapping).toEqual({ name: 'Name', website: 'Website', phone: 'Phone Number' });
    const { lead, facts } = await firstLead(bytes, { defaultCountry: 'GB' });
    expect(lead).toMatchObject({ name: 'Corner Bakery', website: 'https://cornerbakery.co.uk', phone: '020 7946 0018' });
    expect(facts.find((f) => f.kind === 'phone')).toMatchObject({ value: '+442079460018' });
  });

  it('google_maps_scraper: an Apify Google Maps export', async () => {
    const bytes = file(APIFY_MAPS_HEADER, {
      title: 'Dr. Weber Zahnarztpraxis', categoryName: 'Dentist', address: 'Leopoldstraße 10, 80802 München', street: 'Leopoldstraße 10',
      city: 'München', postalCode: '80802', countryCode: 'DE', website: 'https://www.zahnarzt-weber.de/', phone: '089 123456',
      phoneUnformatted: '+4989123456', totalScore: '4.9', placeId: 'ChIJ123abc', reviewsCount: '312', url: 'https://www.google.com/maps/place/?q=place_id:ChIJ123abc',
      'categories/0': 'Dentist', 'categories/1': 'Orthodontist',
    });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('google_maps_scraper');
    expect(preview.mapping).toMatchObject({ name: 'title', category: 'categoryName', rating: 'totalScore', review_count: 'reviewsCount', place_id: 'placeId', country: 'countryCode', website: 'website', phone: 'phone' });
    expect(Object.values(preview.mapping)).not.toContain('url');
    const { lead, facts } = await firstLead(bytes);
    expect(lead).toMatchObject({
      name: 'Dr. Weber Zahnarztpraxis', website: 'https://www.zahnarzt-weber.de', phone: '089 123456', city: 'München', country: 'DE',
      address: 'Leopoldstraße 10, 80802 München', category: 'Dentist', rating: 4.9, review_count: 312, place_id: 'ChIJ123abc',
    });
    expect(lead.title).toBeUndefined();
    expect(facts.find((f) => f.kind === 'phone')).toMatchObject({ value: '+4989123456' });
  });

  it('google_maps_scraper: an Outscraper export', async () => {
    const bytes = file(OUTSCRAPER_HEADER, {
      name: 'Sunrise Yoga Studio', site: 'sunriseyoga.com.au', type: 'Yoga studio', category: 'Yoga studio', phone: '+61 2 9876 5432',
      full_address: '5 Beach Rd, Bondi NSW 2026, Australia', city: 'Bondi', country: 'Australia', country_code: 'AU', rating: '4.8', reviews: '87',
      place_id: 'ChIJxyz', google_id: '0x6b12:0x5017', owner_title: 'Sunrise Yoga Studio',
    });
    const preview = await previewCsv(bytes);
    expect(preview.preset).toBe('google_maps_scraper');
    const { lead } = await firstLead(bytes);
    expect(lead).toMatchObject({ name: 'Sunrise Yoga Studio', website: 'https://sunriseyoga.com.au', address: '5 Beach Rd, Bondi NSW 2026, Australia', rating: 4.8, review_count: 87, place_id: 'ChIJxyz', country: 'AU' });
  });

  it('matches headers regardless of case, spaces and underscores', async () => {
    const bytes = file(['COMPANY_NAME', ' web site ', 'e-mail', 'phone_number', 'ZIP', 'street', 'CITY'], { COMPANY_NAME: 'Acme', ' web site ': 'acme.com', 'e-mail': 'a@acme.com', phone_number: '555', ZIP: '94105', street: '1 Market St', CITY: 'San Francisco' });
    const preview = await previewCsv(bytes);
    expect(preview.mapping).toMatchObject({ name: 'COMPANY_NAME', website: 'web site', email: 'e-mail', phone: 'phone_number', postal_code: 'ZIP', street: 'street', city: 'CITY' });
    const { lead } = await firstLead(bytes);
    expect(lead.address).toBe('1 Market St, 94105 San Francisco');
  });

  it('takes an explicit mapping and preset from the rep over detection', async () => {
    const bytes = file(['Praxis', 'Inhaber', 'Homepage', 'Ort'], { Praxis: 'Praxis am Markt', Inhaber: 'Dr. Jana Roth', Homepage: 'praxis-am-markt.de', Ort: 'Leipzig' });
    const preview = await previewCsv(bytes, { mapping: { name: 'praxis', full_name: 'Inhaber', city: 'Ort' } });
    expect(preview.mapping).toMatchObject({ name: 'Praxis', full_name: 'Inhaber', city: 'Ort', website: 'Homepage' });
    const { lead } = await firstLead(bytes, { mapping: { name: 'Praxis', full_name: 'Inhaber', website: null } });
    expect(lead).toMatchObject({ name: 'Praxis am Markt', first_name: 'Dr.', last_name: 'Jana Roth', city: 'Leipzig' });
    expect(lead.website).toBeUndefined();
    const forced = await previewCsv(file(['title', 'website'], { title: 'Cafe X', website: 'x.com' }), { preset: 'google_maps_scraper' });
    expect(forced.mapping.name).toBe('title');
  });

  it('refuses a mapping to a column that is not in the file, listing the columns', async () => {
    const err = await previewCsv(file(['Company', 'City'], { Company: 'A' }), { mapping: { website: 'Homepage' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('INVALID_INPUT');
    expect((err as HunterError).message).toContain('"Homepage"');
    expect((err as HunterError).message).toContain('Columns found: "Company", "City"');
  });

  it('refuses a file with no company column, saying which columns were found and which is needed', async () => {
    const bytes = file(['Website', 'Phone', 'Email'], { Website: 'acme.com' });
    const err = await (async () => {
      for await (const r of readCsvLeads(bytes)) return r;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HunterError);
    expect((err as HunterError).code).toBe('INVALID_INPUT');
    expect((err as HunterError).message).toMatch(/No column in The CSV data holds the company name\. Columns found: "Website", "Phone", "Email"\. Needed: a company column, named for example "Company"/);
  });
});
