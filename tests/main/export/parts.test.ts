import { describe, expect, it } from 'vitest';
import { asctime, checkRecipient, escapeFromLines, mailtoUrl, MAILTO_MAX_LENGTH, mboxEntry, personalSentences, presetCsv, stableMessageId, textToHtml, unsafeSubject, type MergeValues } from '../../../main/export';
import { guardFormula, csvField, formulaTrigger } from '../../../main/export/csv';
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

  it('writes the preset header row and CRLF records, with an optional BOM', () => {
    const row: MergeValues = {
      email: 'a@b.example', first_name: 'A', last_name: '', company_name: 'B, Inc', job_title: '', website: '', company_domain: 'b.example', phone: '',
      location: '', linkedin: '', subject: 'Hi', personalization: 'x', body: 'Hi A,\n\nx', email_status: 'paid finder',
      postal_address: '1 Main St, Portland, OR 97201', opt_out: 'Reply "stop" and I will not write again.',
    };
    expect(presetCsv('instantly', [row], { bom: false })).toBe('email,first_name,last_name,company_name,job_title,phone,website,personalization,subject,email_status,postal_address,opt_out\r\n'
      + 'a@b.example,A,,"B, Inc",,,,x,Hi,paid finder,"1 Main St, Portland, OR 97201","Reply ""stop"" and I will not write again."\r\n');
    expect(presetCsv('generic', [], { bom: true }).startsWith('\uFEFFemail,')).toBe(true);
  });

  it('says why a value would run as a formula', () => {
    expect(formulaTrigger('=SUM(A1)')).toBe('begins with "="');
    expect(formulaTrigger('-Sharp Studio')).toBe('begins with "-"');
    expect(formulaTrigger('\tx')).toMatch(/tab/);
    expect(formulaTrigger('-12.5')).toBeNull();
    expect(formulaTrigger('Zoë')).toBeNull();
  });
});

describe('personal sentences for {{personalization}}', () => {
  it.each([
    ['Hi Priya,\n\nLoved the clinic.\n\nCall Thursday?\n\nBest,\nAlex', 'Loved the clinic.\n\nCall Thursday?'],
    ['Hello team at Bright Smile,\n\nYour 4.8 rating stands out.', 'Your 4.8 rating stands out.'],
    ['Dear Dr. Rao,\nI read your post.\nThanks,\nAlex Rivera', 'I read your post.'],
    ['Zoë,\n\nCoffee next week?\n— Alex', 'Coffee next week?'],
    ['مرحبا أحمد،\n\nمبروك على الفرع الجديد.', 'مبروك على الفرع الجديد.'],
    ['Your new clinic in Bandra caught my eye, so I wanted to ask one thing.', 'Your new clinic in Bandra caught my eye, so I wanted to ask one thing.'],
  ])('%j', (body, expected) => {
    expect(personalSentences(body, { senderName: 'Alex Rivera', firstName: null })).toBe(expected);
  });
});

describe('From lines for mbox', () => {
  it('encodes the first character of From and >From lines, and keeps QP lines within 76 characters', () => {
    const long = `From ${'x'.repeat(69)}=C3=A9`;
    const raw = Buffer.from(`Subject: s\nContent-Transfer-Encoding: quoted-printable\n\nFrom here\n>From there\n>>From far\n${long}\nNot From\n`);
    const out = escapeFromLines(raw).toString('latin1');
    expect(out).not.toMatch(/^>*From /m);
    const lines = out.split('\n');
    expect(lines.slice(3, 6)).toEqual(['=46rom here', '=3EFrom there', '=3E>From far']);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    // Joining the soft break gives back the encoded line: nothing lost, no escape split.
    expect(lines.slice(6, 8).join('\n').replace(/=\n/g, '')).toBe(`=46rom ${'x'.repeat(69)}=C3=A9`);
    expect(lines[8]).toBe('Not From');
  });
});

describe('mailto: URL', () => {
  it('percent-encodes UTF-8 per RFC 6068 with CRLF line breaks', () => {
    const url = mailtoUrl({ to: 'zoe@cafe.example', subject: 'Café & co?', text: 'Hi 👋\nline two' });
    expect(url).toBe('mailto:zoe@cafe.example?subject=Caf%C3%A9%20%26%20co%3F&body=Hi%20%F0%9F%91%8B%0D%0Aline%20two');
  });

  it('adds the sender\'s Cc and Bcc', () => {
    expect(mailtoUrl({ to: 'a@b.example', subject: 's', text: 't', cc: ['c@d.example'], bcc: ['log+1@crm.example', 'x@y.example'] }))
      .toBe('mailto:a@b.example?subject=s&cc=c@d.example&bcc=log%2B1@crm.example,x@y.example&body=t');
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
