import { describe, expect, it } from 'vitest';
import { parsePhone, phoneDetails } from '../../../main/core/phone';
import { normaliseWebsite, ownDomain, parseWebAddress } from '../../../main/core/web-address';

describe('normaliseWebsite: a website as every source stores it', () => {
  it('adds https when no scheme is written, lower-cases the host, drops a bare "/"', () => {
    expect(normaliseWebsite('acme.com')).toBe('https://acme.com');
    expect(normaliseWebsite('WWW.Beta.CO.UK/contact')).toBe('https://www.beta.co.uk/contact');
    expect(normaliseWebsite('http://gamma.de/')).toBe('http://gamma.de');
    expect(normaliseWebsite('https://shop.example.org/?ref=csv')).toBe('https://shop.example.org/?ref=csv');
    expect(normaliseWebsite('//acme.com')).toBe('https://acme.com');
    expect(normaliseWebsite('https://Müller-Zahnarzt.de/')).toBe('https://xn--mller-zahnarzt-gsb.de');
  });

  it('keeps what a site can be on: a real domain, a name reserved for testing, a platform page, an address', () => {
    expect(normaliseWebsite('https://maple-dental.example/team')).toBe('https://maple-dental.example/team');
    expect(normaliseWebsite('https://www.facebook.com/ApolloDental')).toBe('https://www.facebook.com/ApolloDental');
    expect(normaliseWebsite('http://192.168.1.1')).toBe('http://192.168.1.1');
  });

  it('is null for what names no site', () => {
    for (const raw of ['acme', 'shop.invalidtld', 'mailto:x@y.com', 'x@y.com', 'ftp://files.example.com', 'not a url', '', null, undefined]) {
      expect(normaliseWebsite(raw), String(raw)).toBeNull();
    }
  });

  it('leaves parseWebAddress as it was, and says what kind of host it read', () => {
    expect(parseWebAddress('maple.example')).toMatchObject({ url: 'http://maple.example/', identity: 'maple.example', hostKind: 'test' });
    expect(parseWebAddress('maple.example', { defaultScheme: 'https' })?.url).toBe('https://maple.example/');
    expect(parseWebAddress('https://foo.github.io')).toMatchObject({ identity: 'foo.github.io', hostKind: 'domain' });
    expect(parseWebAddress('http://[::1]/')).toMatchObject({ identity: null, hostKind: 'ip' });
    expect(parseWebAddress('acme')).toMatchObject({ identity: null, hostKind: 'unlisted' });
    expect(ownDomain('http://müller.de/x')).toBe('müller.de');
    expect(ownDomain('https://maple.squarespace.com')).toBe('maple.squarespace.com');
  });
});

describe('parsePhone', () => {
  it('gives the same answer whether or not it keeps it', () => {
    for (const [raw, country] of [['030 1234567', 'DE'], ['+1 503-555-0141', null], ['12', 'DE'], ['tel:+33156017569', null]] as const) {
      expect(parsePhone(raw, country, { remember: false })).toEqual(parsePhone(raw, country));
      expect(parsePhone(raw, country)).toEqual(parsePhone(raw, country));
    }
  });

  it('keeps answering right after thousands of other numbers have passed through its memory', () => {
    const first = parsePhone('089 1234567', 'DE');
    for (let i = 0; i < 10_000; i++) parsePhone(`+49 30 ${1_000_000 + i}`, 'DE');
    expect(parsePhone('089 1234567', 'DE')).toEqual(first);
    expect(parsePhone('+49 30 1000042', 'DE')?.e164).toBe('+49301000042');
  });

  it('says how a valid number is written at home', () => {
    expect(phoneDetails(parsePhone('+33 1 56 01 75 69')!).national).toBe('01 56 01 75 69');
    expect(phoneDetails(parsePhone('0171 1234567', 'DE')!).national).toBe('0171 1234567');
  });
});
