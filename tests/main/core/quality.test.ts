import { describe, expect, it } from 'vitest';
import { findContacts, messageQuality, unverifiedContacts, wordCount } from '../../../main/core/quality';

const facts = ['Bright Smile Dental', 'Mumbai', 'Invisible aligners for adults'];
const good =
  'Hi Anita, I read your post "Invisible aligners for adults" at Bright Smile Dental. We fill empty chair hours for clinics with patients who book online. Would a 15-minute call next week be useful? Sam';

describe('messageQuality', () => {
  it('scores a specific, short, clean message at 1', () => {
    const q = messageQuality(good, { max_length: 75, fact_values: facts, first_name: 'Anita' });
    expect(q.score).toBe(1);
    expect(q.checks).toMatchObject({ within_length: true, no_placeholder: true, uses_fact: true, greeting_ok: true, spam_phrases: 0, not_too_short: true });
    expect(q.checks.words).toBe(wordCount(good));
  });

  it('is deterministic', () => {
    const a = messageQuality(good, { max_length: 75, fact_values: facts, first_name: 'Anita' });
    const b = messageQuality(good, { max_length: 75, fact_values: facts, first_name: 'Anita' });
    expect(a).toEqual(b);
  });

  it('marks down a message over the word limit', () => {
    const q = messageQuality(good, { max_length: 20, fact_values: facts, first_name: 'Anita' });
    expect(q.checks.within_length).toBe(false);
    expect(q.score).toBeLessThan(1);
  });

  it('marks down a placeholder or template marker', () => {
    for (const body of [good.replace('Anita', '[First Name]'), good.replace('Sam', '{{sender}}'), good + ' <COMPANY NAME>']) {
      const q = messageQuality(body, { max_length: 75, fact_values: facts, first_name: 'Anita' });
      expect(q.checks.no_placeholder).toBe(false);
    }
  });

  it('marks down a message that mentions no fact of the lead', () => {
    const q = messageQuality('Hi Anita, we help businesses grow with online bookings and better reviews every month. Would a short call next week be useful? Sam', { max_length: 75, fact_values: facts, first_name: 'Anita' });
    expect(q.checks.uses_fact).toBe(false);
  });

  it('counts spam phrases', () => {
    const q = messageQuality(good + ' Act now, this is a limited time offer, guaranteed!', { max_length: 90, fact_values: facts, first_name: 'Anita' });
    expect(q.checks.spam_phrases).toBe(3);
  });

  it('accepts a greeting name only when it is the known first name', () => {
    expect(messageQuality(good, { max_length: 75, fact_values: facts, first_name: null }).checks.greeting_ok).toBe(false);
    expect(messageQuality(good.replace('Anita', 'John'), { max_length: 75, fact_values: facts, first_name: 'Anita' }).checks.greeting_ok).toBe(false);
    expect(messageQuality(good.replace('Hi Anita', 'Hello there'), { max_length: 75, fact_values: facts, first_name: null }).checks.greeting_ok).toBe(true);
  });

  it('with known contacts, marks down a phone, e-mail or address the facts do not contain', () => {
    const known = ['+91 22 4000 1234', 'hello@brightsmile.example.com', 'https://brightsmile.example.com/blog'];
    const ok = messageQuality(good + ' The clinic is at +91 22 4000 1234 and brightsmile.example.com.', { max_length: 90, fact_values: facts, first_name: 'Anita', known_contacts: known });
    expect(ok.checks.contacts_verified).toBe(true);
    const bad = messageQuality(good + ' Call me on +1 415 555 0199.', { max_length: 90, fact_values: facts, first_name: 'Anita', known_contacts: known });
    expect(bad.checks.contacts_verified).toBe(false);
    expect(bad.score).toBeLessThanOrEqual(ok.score - 0.5);
    // Without known contacts the check is not made (older callers).
    expect(messageQuality(good, { max_length: 75, fact_values: facts, first_name: 'Anita' }).checks).not.toHaveProperty('contacts_verified');
  });
});

describe('findContacts', () => {
  it('finds e-mails, phones and web addresses, and not dates, ratings or prices', () => {
    const found = findContacts(
      'Mail info@acme.co.uk or call (020) 7946 0958, see https://acme.co.uk/contact or www.acme.io. ' +
        'Rated 4.8 by 212 people since 2019-05-01, from $1,200 a month. Node.js and ASP version 4.5.2.',
    );
    expect(found.map((c) => [c.kind, c.norm])).toEqual([
      ['email', 'info@acme.co.uk'],
      ['url', 'acme.co.uk'],
      ['url', 'acme.io'],
      ['phone', '02079460958'],
    ]);
  });

  it('matches a phone with or without its country code, and a subdomain of a known site', () => {
    const known = ['+44 20 7946 0958', 'https://www.acme.co.uk'];
    expect(unverifiedContacts('Call 020 7946 0958 or visit blog.acme.co.uk.', known)).toEqual([]);
    expect(unverifiedContacts('Call 020 7946 0000 or visit other.co.uk.', known).map((c) => c.kind)).toEqual(['url', 'phone']);
  });
});
