import { describe, expect, it } from 'vitest';
import type { LeadInput } from '../../../main/core/domain';
import { dedupeKey, dedupeKeys, dedupeLeads, isSameBusiness, mergeLeads, normaliseDomain, normaliseName, normalisePhone, similarity } from '../../../main/sources/dedupe';

describe('normalising identities', () => {
  it('reduces websites to the registrable domain and ignores shared platforms', () => {
    expect(normaliseDomain('https://www.Shop.Example.co.uk/contact?x=1')).toBe('example.co.uk');
    expect(normaliseDomain('example.de')).toBe('example.de');
    expect(normaliseDomain('http://blog.example.com.au')).toBe('example.com.au');
    expect(normaliseDomain('https://my-dentist.wixsite.com/home')).toBe('my-dentist.wixsite.com');
    expect(normaliseDomain('https://www.facebook.com/ApolloDental')).toBeNull();
    expect(normaliseDomain('https://sites.google.com/view/x')).toBeNull();
    expect(normaliseDomain('http://192.168.1.1')).toBeNull();
    expect(normaliseDomain('not a url')).toBeNull();
    expect(normaliseDomain('')).toBeNull();
  });

  it('writes phones in E.164 with a default country', () => {
    expect(normalisePhone('089 1234567', 'DE')).toBe('+49891234567');
    expect(normalisePhone('+49 (0)89 123 45 67')).toBe('+49891234567');
    expect(normalisePhone('01 56 01 75 69', 'FR')).toBe('+33156017569');
    expect(normalisePhone('12', 'DE')).toBeNull();
    expect(normalisePhone(undefined)).toBeNull();
  });

  it('folds names', () => {
    expect(normaliseName('Dr. Müller & Co. GmbH')).toBe('dr muller');
    expect(normaliseName('  APOLLO   Dental, Ltd ')).toBe('apollo dental');
    expect(similarity('apollo dental clinic', 'apollo dental')).toBeGreaterThan(0.75);
    expect(similarity('apollo dental', 'zenith law')).toBeLessThan(0.3);
  });
});

const maps: LeadInput = {
  name: 'Apollo Dental Clinic',
  website: 'https://www.apollo-dental.co.in/',
  phone: '+91 98765 43210',
  address: '12 MG Road, Bengaluru',
  city: 'Bengaluru',
  rating: 4.6,
  review_count: 120,
  place_id: 'ChIJapollo',
  source: 'google_maps',
};
const csv: LeadInput = {
  name: 'Apollo Dental',
  website: 'apollo-dental.co.in',
  email: 'rajesh@apollo-dental.co.in',
  first_name: 'Rajesh',
  source: 'csv',
  source_ref: 'row 7',
};

describe('dedupe keys', () => {
  it('picks the strongest identity: domain, then phone, then place id; name + place only for a lead with none', () => {
    expect(dedupeKey(maps)).toBe('domain:apollo-dental.co.in');
    expect(dedupeKey({ name: 'X', phone: '089 1234567', source: 'csv' }, { defaultCountry: 'DE' })).toBe('phone:+49891234567');
    expect(dedupeKey({ name: 'X', place_id: 'ChIJ1', source: 'google_maps' })).toBe('place:ChIJ1');
    expect(dedupeKey({ name: 'Zahnarzt Müller GmbH', city: 'München', source: 'osm' })).toBe('name:zahnarzt muller|munchen');
    expect(dedupeKey({ name: 'Zahnarzt Müller GmbH', address: 'Sonnenstraße 12', city: 'München', source: 'osm' })).toBe('name:zahnarzt muller|sonnenstrasse 12 munchen');
    expect(dedupeKeys(maps)).toEqual(['domain:apollo-dental.co.in', 'phone:+919876543210', 'place:ChIJapollo']);
  });

  it('never lets a shared name alone join two websites or two addresses', () => {
    const a: LeadInput = { name: 'Lotus Yoga Studio', address: '4 Park Lane', city: 'Leeds', website: 'https://lotus-yoga.example', source: 'csv' };
    const b: LeadInput = { ...a, website: 'https://lotusyoga-leeds.example', source: 'osm' };
    expect(dedupeKeys(a).filter((k) => dedupeKeys(b).includes(k))).toEqual([]);
    const here: LeadInput = { name: 'Zahnarztpraxis Dr. Müller', address: 'Hauptstraße 5', city: 'Berlin', source: 'csv' };
    const there: LeadInput = { ...here, address: 'Friedrichstraße 200' };
    expect(dedupeKey(here)).not.toBe(dedupeKey(there));
  });

  it('gives the same key to the same business seen by two sources', () => {
    expect(dedupeKey(maps)).toBe(dedupeKey(csv));
  });
});

describe('same business or not', () => {
  it('matches on a shared domain, phone or place id', () => {
    expect(isSameBusiness(maps, csv)).toBe(true);
    expect(isSameBusiness({ name: 'A', phone: '+49891234567', source: 'osm' }, { name: 'B', phone: '089 1234567', source: 'csv' }, { defaultCountry: 'DE' })).toBe(true);
  });

  it('matches similar names at similar addresses, and not different businesses', () => {
    const a: LeadInput = { name: 'Zahnarztpraxis Dr. Huber', address: 'Sonnenstraße 12, 80331 München', source: 'osm' };
    const b: LeadInput = { name: 'Zahnarztpraxis Dr Huber', address: 'Sonnenstr. 12, 80331 München', source: 'google_maps' };
    const c: LeadInput = { name: 'Zahnarztpraxis Dr. Huber', address: 'Leopoldstraße 200, 80804 München', source: 'google_maps' };
    const d: LeadInput = { name: 'Kanzlei Weiß', address: 'Sonnenstraße 12, 80331 München', source: 'osm' };
    expect(isSameBusiness(a, b)).toBe(true);
    expect(isSameBusiness(a, c)).toBe(false);
    expect(isSameBusiness(a, d)).toBe(false);
    expect(isSameBusiness({ name: 'Cafe Luna', city: 'Rome', source: 'osm' }, { name: 'Café Luna', city: 'Rome', source: 'csv' })).toBe(true);
    expect(isSameBusiness({ name: 'Cafe Luna', city: 'Rome', source: 'osm' }, { name: 'Cafe Luna', city: 'Milan', source: 'csv' })).toBe(false);
  });

  it('matches another spelling and word order at the same street, and not another branch number or another own website', () => {
    const csvRow: LeadInput = { name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv' };
    const osm: LeadInput = { name: 'Zahnarztpraxis Dr. Mueller', address: 'Hauptstr. 5', city: 'Berlin', website: 'https://zahnarzt-mueller.example', source: 'osm' };
    expect(isSameBusiness(csvRow, osm, { defaultCountry: 'DE' })).toBe(true);
    expect(isSameBusiness(osm, csvRow, { defaultCountry: 'DE' })).toBe(true);
    const branch = (n: number): LeadInput => ({ name: `Sunrise Bakery Branch ${n}`, address: '10 Market Street', city: 'Leeds', source: 'csv' });
    expect(isSameBusiness(branch(2), branch(12))).toBe(false);
    expect(isSameBusiness(branch(2), { ...branch(2), address: '10 Market St' })).toBe(true);
    expect(isSameBusiness({ ...osm, website: 'https://mueller-zahnarzt.example' }, osm)).toBe(false);
  });

  it('does not take a long shared word for a shared name', () => {
    const weber: LeadInput = { name: 'Zahnarztpraxis Dr. Weber', city: 'Hamburg', source: 'osm' };
    const becker: LeadInput = { name: 'Zahnarztpraxis Dr. Becker', city: 'Hamburg', source: 'google_maps' };
    expect(similarity(normaliseName(weber.name), normaliseName(becker.name))).toBeGreaterThan(0.85);
    expect(isSameBusiness(weber, becker)).toBe(false);
    expect(isSameBusiness({ name: 'Zahnarztpraxis Dr. Meyer', address: 'Kantstraße 12', city: 'Berlin', source: 'csv' }, { name: 'Zahnarztpraxis Dr. Maier', address: 'Kantstraße 40', city: 'Berlin', source: 'osm' })).toBe(false);
    expect(isSameBusiness({ name: 'Zahnarztpraxis Dr. Müller', city: 'Hamburg', source: 'osm' }, { name: 'Zahnarztpraxis Dr. Mueller', city: 'Hamburg', source: 'csv' })).toBe(true);
  });

  it('answers the same when a lead is compared again, under another default country', () => {
    const local: LeadInput = { name: 'Praxis Nord', phone: '030 1234567', source: 'csv' };
    const e164: LeadInput = { name: 'Kanzlei Süd', phone: '+49 30 1234567', source: 'osm' };
    expect(isSameBusiness(local, e164)).toBe(false);
    expect(isSameBusiness(local, e164, { defaultCountry: 'DE' })).toBe(true);
    expect(isSameBusiness(local, e164)).toBe(false);
  });
});

describe('merging', () => {
  it('keeps the first sighting, fills the gaps from the second, and keeps both sources', () => {
    const m = mergeLeads(maps, csv);
    expect(m).toMatchObject({
      name: 'Apollo Dental Clinic',
      website: 'https://www.apollo-dental.co.in/',
      email: 'rajesh@apollo-dental.co.in',
      first_name: 'Rajesh',
      phone: '+91 98765 43210',
      source: 'google_maps',
      source_ref: 'row 7',
      sources: ['google_maps', 'csv'],
    });
    const again = mergeLeads(m, { ...csv, source: 'csv' });
    expect(again.sources).toEqual(['google_maps', 'csv']);
  });

  it('takes the rating that rests on more reviews', () => {
    const m = mergeLeads({ name: 'A', rating: 5, review_count: 2, source: 'osm' }, { name: 'A', rating: 4.2, review_count: 300, source: 'google_maps' });
    expect(m.rating).toBe(4.2);
    expect(m.review_count).toBe(300);
  });

  it('folds a mixed list into distinct businesses in first-seen order', () => {
    const leads: LeadInput[] = [
      maps,
      { name: 'Zenith Law', phone: '+91 80 2222 3333', city: 'Bengaluru', source: 'osm' },
      csv,
      { name: 'Zenith Law Associates', phone: '080 2222 3333', city: 'Bengaluru', source: 'csv' },
      { name: 'Apollo Dental Clinic', city: 'Bengaluru', source: 'osm' },
      { name: 'Other Place', city: 'Bengaluru', source: 'osm' },
    ];
    const out = dedupeLeads(leads, { defaultCountry: 'IN' });
    expect(out.map((l) => l.name)).toEqual(['Apollo Dental Clinic', 'Zenith Law', 'Other Place']);
    expect(out[0]!.sources).toEqual(['google_maps', 'csv', 'osm']);
    expect(out[1]!.sources).toEqual(['osm', 'csv']);
  });

  it('handles 5 000 leads quickly enough for a run', () => {
    const many: LeadInput[] = Array.from({ length: 5000 }, (_, i) => ({ name: `Business ${i}`, city: `City ${i % 50}`, website: i % 3 ? `https://business-${i}.com` : undefined, source: 'csv' as const }));
    const out = dedupeLeads([...many, ...many.slice(0, 100)]);
    expect(out).toHaveLength(5000);
  });
});
