import { describe, expect, it } from 'vitest';
import { asctime, checkRecipient, mailtoUrl, MAILTO_MAX_LENGTH, mboxEntry, mergeCsv, stableMessageId, textToHtml, unsafeSubject } from '../../../main/export';
import { guardFormula, csvField } from '../../../main/export/csv';
import { fileStamp, safeStem } from '../../../main/export/files';

describe('recipient check', () => {
  it.each([
    ['priya@brightsmile.example', 'brightsmile.example'],
    ['  first.last+tag@sub.clinic.co.uk ', 'sub.clinic.co.uk'],
    ["o'neil@pub.ie", 'pub.ie'],
    ['info@müller-zahnarzt.de', 'xn--mller-zahnarzt-gsb.de'],
    ['sales@xn--80ak6aa92e.com', 'xn--80ak6aa92e.com'],
  ])('accepts %s', (addr, domain) => {
    const r = checkRecipient(addr);
    expect(r).toEqual({ ok: true, address: addr.trim(), domainAscii: domain });
  });

  it.each([
    ['', /no recipient/],
    ['info at nowhere', /spaces/],
    ['no-at-sign.example', /no user@domain/],
    ['@nolocal.example', /no user@domain/],
    ['trailing@', /no user@domain/],
    ['two..dots@x.example', /before @/],
    ['.lead@x.example', /before @/],
    ['"quoted"@x.example', /before @/],
    ['josé@x.example', /before @/],
    ['a@localhost', /not a valid domain/],
    ['a@-bad-.example', /not a valid domain/],
    ['a@x.c0m', /top-level/],
    ['evil@x.example\r\nBcc: all@victim.example', /control characters/],
    [`${'a'.repeat(65)}@x.example`, /longer than 64/],
  ])('refuses %j', (addr, why) => {
    const r = checkRecipient(addr);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('refuses a missing address', () => {
    expect(checkRecipient(null)).toEqual({ ok: false, reason: 'The draft has no recipient address.' });
  });
});

describe('subject and Message-ID', () => {
  it('refuses line breaks and control characters in a subject, accepts any script and emoji', () => {
    expect(unsafeSubject('Hi\nBcc: x@y.z')).toMatch(/header injection/);
    expect(unsafeSubject('Hi\rthere')).toMatch(/header injection/);
    expect(unsafeSubject('Hi\u0000')).toMatch(/control/);
    expect(unsafeSubject('سؤال سريع 🦷 — Über')).toBeNull();
  });

  it('gives the same Message-ID for the same draft, and a valid one for any id', () => {
    expect(stableMessageId('draft_abc123', 'chairfill.example')).toBe('<hunter.draft_abc123@chairfill.example>');
    expect(stableMessageId('draft_abc123', 'chairfill.example')).toBe(stableMessageId('draft_abc123', 'chairfill.example'));
    const odd = stableMessageId('weird id <with> @ signs', 'x.example');
    expect(odd).toMatch(/^<hunter\.h[0-9a-f]{32}@x\.example>$/);
    expect(stableMessageId('weird id <with> @ signs', 'x.example')).toBe(odd);
  });
});

describe('mbox entry', () => {
  it('writes the asctime separator in UTC, with a space-padded day', () => {
    expect(asctime(new Date('2025-03-04T05:06:07Z'))).toBe('Tue Mar  4 05:06:07 2025');
    expect(asctime(new Date('2024-12-31T23:59:59Z'))).toBe('Tue Dec 31 23:59:59 2024');
  });

  it('quotes From lines the mboxrd way and ends with a blank line', () => {
    const msg = Buffer.from('Subject: x\n\nFrom the start\n>From quoted\n>>From twice\nNot From here\nFrom\n');
    const out = mboxEntry(msg, 'alex@chairfill.example', new Date('2025-03-04T05:06:07Z')).toString('latin1');
    expect(out).toBe('From alex@chairfill.example Tue Mar  4 05:06:07 2025\nSubject: x\n\n>From the start\n>>From quoted\n>>>From twice\nNot From here\nFrom\n\n');
  });

  it('adds the missing final line break before the blank line', () => {
    const out = mboxEntry(Buffer.from('Subject: x\n\nbody'), '', new Date('2025-03-04T05:06:07Z')).toString('latin1');
    expect(out).toBe('From MAILER-DAEMON Tue Mar  4 05:06:07 2025\nSubject: x\n\nbody\n\n');
  });
});

describe('CSV', () => {
  it('quotes only what needs quoting (RFC 4180) and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' edge ')).toBe('" edge "');
    expect(csvField('مرحبا 👋')).toBe('مرحبا 👋');
  });

  it('marks cells a spreadsheet would run as formulas, but leaves phone numbers alone', () => {
    expect(guardFormula('=1+1')).toBe("'=1+1");
    expect(guardFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardFormula('+cmd|calc')).toBe("'+cmd|calc");
    expect(guardFormula('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(guardFormula('+91 98200 12345')).toBe('+91 98200 12345');
    expect(guardFormula('+1 (555) 010-9999')).toBe('+1 (555) 010-9999');
    expect(guardFormula('Dr. Smith')).toBe('Dr. Smith');
  });

  it('writes a header row and CRLF records, with an optional BOM', () => {
    const row = { email: 'a@b.example', first_name: 'A', last_name: '', company_name: 'B, Inc', website: '', phone: '', subject: 'Hi', personalization: 'x', icebreaker: 'x' };
    expect(mergeCsv([row], { bom: false })).toBe('email,first_name,last_name,company_name,website,phone,subject,personalization,icebreaker\r\na@b.example,A,,"B, Inc",,,Hi,x,x\r\n');
    expect(mergeCsv([], { bom: true }).startsWith('\uFEFFemail,')).toBe(true);
  });
});

describe('mailto: URL', () => {
  it('percent-encodes UTF-8 per RFC 6068 with CRLF line breaks', () => {
    const url = mailtoUrl({ to: 'zoe@cafe.example', subject: 'Café & co?', text: 'Hi 👋\nline two' });
    expect(url).toBe('mailto:zoe@cafe.example?subject=Caf%C3%A9%20%26%20co%3F&body=Hi%20%F0%9F%91%8B%0D%0Aline%20two');
  });

  it('encodes characters of the address that would end the path', () => {
    expect(mailtoUrl({ to: 'a?b#c%d@x.example', subject: '', text: '' })).toBe('mailto:a%3Fb%23c%25d@x.example?subject=&body=');
  });

  it('refuses past the length clients accept and offers the .eml file', () => {
    const text = 'x'.repeat(MAILTO_MAX_LENGTH);
    expect(() => mailtoUrl({ to: 'a@b.example', subject: 's', text })).toThrow(/too long.*Export it as an \.eml file/);
  });
});

describe('names and HTML', () => {
  it('builds safe, readable file names', () => {
    expect(safeStem('Bright Smile Dental, Bandra (West)', 'message')).toBe('bright-smile-dental-bandra-west');
    expect(safeStem('Café Zoë 😀', 'message')).toBe('cafe-zoe');
    expect(safeStem('عيادة الابتسامة', 'message')).toBe('message');
    expect(safeStem('../../etc/passwd', 'message')).toBe('etc-passwd');
    expect(safeStem('CON', 'message')).toBe('con');
    expect(safeStem('a'.repeat(100), 'm')).toHaveLength(48);
    expect(fileStamp(new Date('2025-03-04T05:06:07.123Z'))).toBe('20250304-050607');
  });

  it('escapes the text and keeps paragraphs in the HTML part', () => {
    const html = textToHtml('Hi <b>you</b> & "them"\nsecond line\n\n\nnext paragraph');
    expect(html).toContain('<p dir="auto">Hi &lt;b&gt;you&lt;/b&gt; &amp; &quot;them&quot;<br>\nsecond line</p>\n<p dir="auto">next paragraph</p>');
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });
});
