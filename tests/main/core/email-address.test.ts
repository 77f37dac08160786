import { describe, expect, it } from 'vitest';
import { emailKey, parseEmailAddress } from '../../../main/core/email-address';

const address = (raw: string) => parseEmailAddress(raw)?.address ?? null;

describe('parseEmailAddress', () => {
  it('lower-cases the domain and keeps the local part as written', () => {
    expect(parseEmailAddress('Info@Praxis-Sonne.DE')).toEqual({ address: 'Info@praxis-sonne.de', local: 'Info', domain: 'praxis-sonne.de', tag: null, untagged: 'Info@praxis-sonne.de' });
    expect(address('  jane.DOE@acme.co.uk ')).toBe('jane.DOE@acme.co.uk');
  });

  it('writes an internationalised domain in its ASCII form, as a mail server looks it up', () => {
    expect(parseEmailAddress('kontakt@Müller-Zahnarzt.de')).toMatchObject({ domain: 'xn--mller-zahnarzt-gsb.de', address: 'kontakt@xn--mller-zahnarzt-gsb.de' });
    expect(address('info@xn--mller-zahnarzt-gsb.de')).toBe('info@xn--mller-zahnarzt-gsb.de');
    expect(address('info@пример.рф')).toBe('info@xn--e1afmkfd.xn--p1ai');
    // A mailbox may have non-ASCII letters too (RFC 6531); its 64-octet limit counts their bytes.
    expect(address('jürgen@acme.de')).toBe('jürgen@acme.de');
    expect(address(`${'ü'.repeat(33)}@acme.de`)).toBeNull();
  });

  it('recognises a +tag and the mailbox it delivers to', () => {
    expect(parseEmailAddress('Sales+Leads@acme.com')).toMatchObject({ local: 'Sales+Leads', tag: 'Leads', untagged: 'Sales@acme.com' });
    expect(parseEmailAddress('info+@acme.com')).toMatchObject({ tag: null, untagged: 'info+@acme.com' });
    expect(parseEmailAddress('+tag@acme.com')).toMatchObject({ tag: null });
  });

  it('reads the forms pages and people write: mailto: with escapes and a query, angle brackets, a trailing root dot', () => {
    expect(address('mailto:Info@Example-Praxis.DE?subject=Termin')).toBe('Info@example-praxis.de');
    expect(address('mailto:info%40example-praxis.de')).toBe('info@example-praxis.de');
    expect(address('<team@acme.com>')).toBe('team@acme.com');
    expect(address('team@acme.com.')).toBe('team@acme.com');
    expect(address('mailto:%E0%A4%A')).toBeNull();
  });

  it('takes names reserved for testing as domains, and nothing else without a real suffix', () => {
    expect(address('hello@brightharbor-dental.example')).toBe('hello@brightharbor-dental.example');
    expect(address('a@shop.test')).toBe('a@shop.test');
    expect(address('a@x.invalid')).toBe('a@x.invalid');
    expect(address('logo@2x.png')).toBeNull();
    expect(address('a@b.invalidtld')).toBeNull();
    expect(address('a@localhost')).toBeNull();
    expect(address('a@example')).toBeNull();
    expect(address('a@co.uk')).toBeNull();
  });

  it('refuses what is obviously no address', () => {
    for (const raw of [
      '', 'info', 'info@', '@acme.com', 'in fo@acme.com', 'info@ac me.com', 'a@@acme.com', 'a@b@acme.com', '.info@acme.com', 'info.@acme.com',
      'in..fo@acme.com', 'info@acme..com', 'info@-acme.com', 'info@acme-.com', 'info@acme_x.com', 'info@1.2.3.4', 'info@0x7f.1', 'info@[127.0.0.1]',
      'info@acme.com:25', 'info@acme.com/x', 'info@ex%41mple.com', '"john doe"@acme.com', 'info@acme\u200b.com', 'in\u202efo@acme.com',
      'info,sales@acme.com', 'info@acme.com;', `${'a'.repeat(65)}@acme.com`, `a@${'b'.repeat(64)}.com`, `a@${'b.'.repeat(127)}com`,
    ]) {
      expect(parseEmailAddress(raw), raw).toBeNull();
    }
    expect(parseEmailAddress(null)).toBeNull();
    expect(parseEmailAddress(undefined)).toBeNull();
  });

  it('compares two spellings of one address as one', () => {
    expect(emailKey(parseEmailAddress('Info@Acme.com')!)).toBe(emailKey(parseEmailAddress('info@acme.COM')!));
    expect(emailKey(parseEmailAddress('info+a@acme.com')!)).not.toBe(emailKey(parseEmailAddress('info@acme.com')!));
  });
});
