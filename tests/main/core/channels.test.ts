import { describe, expect, it } from 'vitest';
import { channelVersion, channelVersions, gsmFriendly, smsLength, LINKEDIN_NOTE_LIMIT } from '../../../main/core/channels';

const sender = { name: 'Alex Rivera', company: 'ChairFill Studio' };
const lead = { name: 'Bright Smile Dental', phone: '+1 503-555-0141', country: 'US', linkedin: 'https://www.linkedin.com/in/jordan-lee' };
const body = [
  'Hi Jordan,',
  '',
  'I saw you now open on Saturday mornings. Weekend slots tend to fill by phone first, which keeps the front desk busy. We build booking pages that let patients pick a slot themselves. Would a short call next week be useful?',
  '',
  'Alex',
].join('\n');
const src = { body, subject: 'your Saturday slots', sender, lead };

describe('channel versions', () => {
  it('SMS: one GSM-7 segment, no greeting, the observation and the ask, the sender at the end', () => {
    const v = channelVersion(src, 'sms');
    expect(v.fits).toBe(true);
    expect(v.encoding).toBe('gsm7');
    expect(v.length).toBeLessThanOrEqual(160);
    expect(v.text.startsWith('Hi ')).toBe(false);
    expect(v.text).toContain('I saw you now open on Saturday mornings.');
    expect(v.text).toContain('Would a short call next week be useful?');
    expect(v.text).toMatch(/- Alex( Rivera)?(, ChairFill Studio)?$/);
    expect(v.subject).toBeNull();
    expect(v.links[0]!.url).toMatch(/^sms:\+15035550141\?body=I%20saw/);
  });

  it('SMS with a character outside GSM-7 gets 70 characters, and says so rather than cutting a word', () => {
    const long = body.replace('Saturday mornings', 'Saturday mornings 🦷 for families');
    const v = channelVersion({ ...src, body: long }, 'sms');
    expect(v.encoding).toBe('ucs2');
    expect(v.limit).toBe(70);
    expect(v.fits).toBe(false);
    expect(v.problem).toMatch(/Too long for one SMS: \d+ of 70 characters/);
    // Whole sentences only: the text ends with the signature, no clipped word.
    expect(v.text).toContain('Would a short call next week be useful?');
  });

  it('counts GSM-7 extension characters twice and keeps curly punctuation from forcing Unicode', () => {
    expect(smsLength('a€b')).toEqual({ length: 4, limit: 160, encoding: 'gsm7' });
    expect(smsLength('Grüße aus Köln')).toMatchObject({ encoding: 'gsm7' });
    expect(smsLength('ça va')).toMatchObject({ encoding: 'ucs2', limit: 70 });
    expect(smsLength(gsmFriendly('it’s — “fine”…'))).toMatchObject({ encoding: 'gsm7' });
  });

  it('no valid phone, no sms: or wa.me link', () => {
    const noPhone = { ...src, lead: { ...lead, phone: '555' } };
    expect(channelVersion(noPhone, 'sms').links).toEqual([]);
    expect(channelVersion(noPhone, 'whatsapp').links).toEqual([]);
  });

  it('LinkedIn note: at most 300 characters with the greeting, and the profile link', () => {
    const v = channelVersion(src, 'linkedin_note');
    expect(v.length).toBeLessThanOrEqual(LINKEDIN_NOTE_LIMIT);
    expect(v.fits).toBe(true);
    expect(v.text.startsWith('Hi Jordan,')).toBe(true);
    expect(v.text).toContain('Would a short call next week be useful?');
    expect(v.links).toEqual([{ kind: 'linkedin', url: lead.linkedin }]);
    const huge = channelVersion({ ...src, body: `Hi Jordan,\n\n${'I saw the long list of treatments on your site, '.repeat(8)}done. Would a call help?` }, 'linkedin_note');
    expect(huge.fits).toBe(false);
    expect(huge.problem).toMatch(/LinkedIn connection note: \d+ of 300/);
  });

  it('WhatsApp: short paragraphs, no subject, a wa.me link with the text; LinkedIn message and Facebook keep the whole message', () => {
    const w = channelVersion(src, 'whatsapp');
    expect(w.subject).toBeNull();
    expect(w.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(w.text.endsWith('\n\nAlex')).toBe(true);
    expect(w.links[0]!.url).toBe(`https://wa.me/15035550141?text=${encodeURIComponent(w.text)}`);
    for (const c of ['linkedin', 'facebook'] as const) {
      const v = channelVersion(src, c);
      expect(v.fits).toBe(true);
      expect(v.text).toContain('We build booking pages');
      expect(v.text).toContain('I saw you now open on Saturday mornings.');
    }
  });

  it('makes only the versions the agent asks for', () => {
    expect(channelVersions(src, ['email', 'sms', 'linkedin_note']).map((v) => v.channel)).toEqual(['sms', 'linkedin_note']);
  });
});
