import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../../main/core/business-name';
import type { LeadInput } from '../../../main/core/domain';
import { identityKeys, isSameBusiness, judge, similarity } from '../../../main/core/identity';
import { parsePhone } from '../../../main/core/phone';
import { ownDomain, parseWebAddress } from '../../../main/core/web-address';

describe('web addresses', () => {
  it('reduce to the business\'s own domain, and never to a platform or a site builder\'s shared domain', () => {
    expect(ownDomain('https://www.Shop.Example.co.uk/contact?x=1')).toBe('example.co.uk');
    expect(ownDomain('example.de')).toBe('example.de');
    expect(ownDomain('http://blog.example.com.au')).toBe('example.com.au');
    expect(ownDomain('https://my-dentist.wixsite.com/home')).toBe('my-dentist.wixsite.com');
    // A builder the public suffix list does not know: the customer's subdomain is the identity.
    expect(ownDomain('https://maple.squarespace.com')).toBe('maple.squarespace.com');
    expect(ownDomain('https://cedar.squarespace.com')).not.toBe(ownDomain('https://maple.squarespace.com'));
    expect(ownDomain('https://x.godaddysites.com/about')).toBe('x.godaddysites.com');
    expect(ownDomain('https://smile.business.site')).toBe('smile.business.site');
    expect(ownDomain('https://www.facebook.com/ApolloDental')).toBeNull();
    expect(ownDomain('https://booksy.com/en-us/123_maple-dental')).toBeNull();
    expect(ownDomain('https://sites.google.com/view/x')).toBeNull();
    expect(ownDomain('http://192.168.1.1')).toBeNull();
    expect(ownDomain('not a url')).toBeNull();
    expect(ownDomain('mailto:a@b.example')).toBeNull();
    expect(ownDomain('')).toBeNull();
    expect(parseWebAddress('https://www.facebook.com/x')).toMatchObject({ platform: true, identity: null, host: 'facebook.com' });
  });
});

describe('phone numbers', () => {
  it('are E.164 with a default country, and an invalid number is no number', () => {
    expect(parsePhone('089 1234567', 'DE')?.e164).toBe('+49891234567');
    expect(parsePhone('+49 (0)89 123 45 67')?.e164).toBe('+49891234567');
    expect(parsePhone('tel:+33156017569')).toEqual({ e164: '+33156017569', country: 'FR' });
    expect(parsePhone('01 56 01 75 69', 'FR')?.e164).toBe('+33156017569');
    expect(parsePhone('12', 'DE')).toBeNull();
    expect(parsePhone('+1 555 0000')).toBeNull();
    expect(parsePhone('089 1234567')).toBeNull();
    expect(parsePhone(undefined)).toBeNull();
  });
});

const maps: LeadInput = {
  name: 'Apollo Dental Clinic', website: 'https://www.apollo-dental.co.in/', phone: '+91 98765 43210', address: '12 MG Road, Bengaluru',
  city: 'Bengaluru', rating: 4.6, review_count: 120, place_id: 'ChIJapollo', source: 'google_maps',
};
const csv: LeadInput = { name: 'Apollo Dental', website: 'apollo-dental.co.in', email: 'rajesh@apollo-dental.co.in', first_name: 'Rajesh', source: 'csv', source_ref: 'row 7' };

describe('identity keys', () => {
  it('lists every identity, strongest first; name + place only for a lead with none', () => {
    expect(identityKeys(maps)).toEqual(['place:ChIJapollo', 'domain:apollo-dental.co.in', 'phone:+919876543210']);
    expect(identityKeys({ name: 'X', phone: '089 1234567', source: 'csv' }, { defaultCountry: 'DE' })).toEqual(['phone:+49891234567']);
    expect(identityKeys({ name: 'Zahnarzt Müller GmbH', city: 'München', source: 'osm' })).toEqual(['name:zahnarzt muller|munchen']);
    expect(identityKeys({ name: 'Zahnarzt Müller GmbH', address: 'Sonnenstraße 12', city: 'München', source: 'osm' })).toEqual(['name:zahnarzt muller|sonnenstrasse 12 munchen']);
    expect(identityKeys({ name: 'On Facebook', website: 'https://facebook.com/x', city: 'Rome', source: 'csv' })).toEqual(['name:on facebook|rome']);
  });
});

describe('the same business, a related one, or another', () => {
  it('a shared own domain or place id is one business', () => {
    expect(judge(csv, maps)).toEqual({ verdict: 'same', by: 'domain:apollo-dental.co.in' });
    expect(judge({ name: 'Other name', place_id: 'ChIJapollo', source: 'osm' }, maps)).toEqual({ verdict: 'same', by: 'place:ChIJapollo' });
  });

  it('two Maps places under one website are two branches, linked', () => {
    expect(judge({ ...maps, place_id: 'ChIJapollo2', address: '3 Residency Road' }, maps)).toEqual({ verdict: 'related', by: 'domain:apollo-dental.co.in' });
  });

  it('a shared phone joins only names that fit, with no conflicting own domain', () => {
    const maple: LeadInput = { name: 'Maple Dental', website: 'https://maple-dental.example', email: 'hi@maple-dental.example', phone: '+1 503 555 0100', source: 'csv' };
    const cedar: LeadInput = { name: 'Cedar Orthodontics', website: 'https://cedar-ortho.example', email: 'team@cedar-ortho.example', phone: '+1 503 555 0100', source: 'csv' };
    expect(judge(cedar, maple)).toEqual({ verdict: 'related', by: 'phone:+15035550100' });
    // The same names, no websites: still two businesses behind one booking line.
    expect(judge({ ...cedar, website: undefined }, { ...maple, website: undefined })).toEqual({ verdict: 'related', by: 'phone:+15035550100' });
    // One business written two ways, one of them without its website: merged.
    expect(judge({ name: 'Maple Dental Portland', phone: '(503) 555-0100', source: 'google_maps' }, maple, { defaultCountry: 'US' })).toEqual({ verdict: 'same', by: 'phone:+15035550100' });
    // The same name, but two own websites: two businesses.
    expect(judge({ ...maple, website: 'https://maple-dental-clinic.example' }, maple).verdict).toBe('related');
    // Names that fit under another default country: the comparison is cached per country, not confused by it.
    const local: LeadInput = { name: 'Praxis Nord', phone: '030 1234567', source: 'csv' };
    const e164: LeadInput = { name: 'Praxis Nord Berlin', phone: '+49 30 1234567', source: 'osm' };
    expect(isSameBusiness(local, e164)).toBe(false);
    expect(isSameBusiness(local, e164, { defaultCountry: 'DE' })).toBe(true);
    expect(isSameBusiness(local, e164)).toBe(false);
  });

  it('a similar name at a similar address is one business; another address, branch number, website or place is not', () => {
    const a: LeadInput = { name: 'Zahnarztpraxis Dr. Huber', address: 'Sonnenstraße 12, 80331 München', source: 'osm' };
    expect(isSameBusiness(a, { name: 'Zahnarztpraxis Dr Huber', address: 'Sonnenstr. 12, 80331 München', source: 'google_maps' })).toBe(true);
    expect(isSameBusiness(a, { name: 'Zahnarztpraxis Dr. Huber', address: 'Leopoldstraße 200, 80804 München', source: 'google_maps' })).toBe(false);
    expect(isSameBusiness(a, { name: 'Kanzlei Weiß', address: 'Sonnenstraße 12, 80331 München', source: 'osm' })).toBe(false);
    expect(isSameBusiness({ name: 'Cafe Luna', city: 'Rome', source: 'osm' }, { name: 'Café Luna', city: 'Rome', source: 'csv' })).toBe(true);
    expect(isSameBusiness({ name: 'Cafe Luna', city: 'Rome', source: 'osm' }, { name: 'Cafe Luna', city: 'Milan', source: 'csv' })).toBe(false);
    const csvRow: LeadInput = { name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv' };
    const osm: LeadInput = { name: 'Zahnarztpraxis Dr. Mueller', address: 'Hauptstr. 5', city: 'Berlin', website: 'https://zahnarzt-mueller.example', source: 'osm' };
    expect(isSameBusiness(csvRow, osm, { defaultCountry: 'DE' })).toBe(true);
    expect(isSameBusiness(osm, csvRow, { defaultCountry: 'DE' })).toBe(true);
    const branch = (n: number): LeadInput => ({ name: `Sunrise Bakery Branch ${n}`, address: '10 Market Street', city: 'Leeds', source: 'csv' });
    expect(isSameBusiness(branch(2), branch(12))).toBe(false);
    expect(isSameBusiness(branch(2), { ...branch(2), address: '10 Market St' })).toBe(true);
    expect(isSameBusiness({ ...osm, website: 'https://mueller-zahnarzt.example' }, osm)).toBe(false);
    expect(isSameBusiness({ ...branch(2), place_id: 'ChIJa' }, { ...branch(2), place_id: 'ChIJb' })).toBe(false);
  });

  it('does not take a long shared word for a shared name', () => {
    const weber: LeadInput = { name: 'Zahnarztpraxis Dr. Weber', city: 'Hamburg', source: 'osm' };
    const becker: LeadInput = { name: 'Zahnarztpraxis Dr. Becker', city: 'Hamburg', source: 'google_maps' };
    expect(similarity(normaliseName(weber.name), normaliseName(becker.name))).toBeGreaterThan(0.85);
    expect(isSameBusiness(weber, becker)).toBe(false);
    expect(isSameBusiness({ name: 'Zahnarztpraxis Dr. Meyer', address: 'Kantstraße 12', city: 'Berlin', source: 'csv' }, { name: 'Zahnarztpraxis Dr. Maier', address: 'Kantstraße 40', city: 'Berlin', source: 'osm' })).toBe(false);
    expect(isSameBusiness({ name: 'Zahnarztpraxis Dr. Müller', city: 'Hamburg', source: 'osm' }, { name: 'Zahnarztpraxis Dr. Mueller', city: 'Hamburg', source: 'csv' })).toBe(true);
  });
});
