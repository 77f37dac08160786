import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../main/core/message-check';
import { findContacts, qualityOf, unverifiedContacts, wordCount } from '../../../main/core/quality';

const lead = { name: 'Bright Smile Dental', first_name: 'Anita', city: 'Mumbai', category: 'Dentist' };
const facts = [{ id: 'f1', kind: 'blog_post', value: 'Invisible aligners for adults', method: 'heading', detail: { title: 'Invisible aligners for adults' } }];
const agent = { value_proposition: 'We fill empty chair hours for clinics with patients who book online.', call_to_action: 'Would a 15-minute call next week be useful?', max_length: 75 };
const good = `Hi Anita,\n\nI saw your post "Invisible aligners for adults". ${agent.value_proposition} ${agent.call_to_action}\n\nSam`;
const quality = (body: string) => qualityOf(checkMessage({ lead, facts, agent, sender: { name: 'Sam Rivera' }, body }));

describe('qualityOf', () => {
  it('keeps the check\'s score and one entry per finding code and claim count', () => {
    const q = quality(good);
    expect(q.score).toBeGreaterThan(0.8);
    expect(q.checks).toMatchObject({ words: wordCount(good), claims: 1, supported_specific: 1, unsupported_or_contradicted: 0, contacts_verified: true });
    const bad = quality(good.replace('Anita', '[First Name]') + ' Act now, this is guaranteed! Call +1 415 555 0199.');
    expect(bad.checks).toMatchObject({ PLACEHOLDER: 1, SPAM_PHRASE: 3, INVENTED_CONTACT: 1, contacts_verified: false });
    expect(bad.score).toBeLessThan(0.5);
  });

  it('is deterministic', () => {
    expect(quality(good)).toEqual(quality(good));
  });

  it('marks down a message over the word limit, and one that cites nothing of the lead', () => {
    expect(quality(good + ' More words.'.repeat(40)).checks.TOO_LONG).toBe(1);
    expect(quality(`Hi Anita,\n\nWe help businesses grow. ${agent.call_to_action}\n\nSam`).checks.NO_OBSERVATION).toBe(1);
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
