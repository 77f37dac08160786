import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-check-message-');
afterAll(() => tmp.cleanup());

const LEAD = {
  lead: { name: 'Harbor Dental', first_name: 'Maya', last_name: 'Lindqvist', title: 'Owner', city: 'Portland', category: 'Dentist', website: 'https://harbor-dental.example' },
  facts: [
    { kind: 'blog_post', value: 'Our new hygiene room is open', source_url: 'https://harbor-dental.example/news', method: 'html' },
    { kind: 'opening_hours', value: 'Sa 09:00-13:00', source_url: 'https://harbor-dental.example/', method: 'json-ld' },
  ],
  agent: { value_proposition: 'We build patient-booking websites for small dental practices.', call_to_action: 'Would a 15-minute call next week be useful?', max_length: 75 },
  sender: { name: 'Alex Rivera', company: 'ChairFill Studio' },
};

function files(lead: unknown, message: string): { lead: string; message: string } {
  const f = { lead: tmp.file(`lead-${Math.random().toString(36).slice(2)}.json`), message: tmp.file(`message-${Math.random().toString(36).slice(2)}.txt`) };
  writeFileSync(f.lead, typeof lead === 'string' ? lead : JSON.stringify(lead));
  writeFileSync(f.message, message);
  return f;
}

describe('hunter check-message', () => {
  it('a true, specific message passes with its claim tied to the fact it came from', async () => {
    const f = files(LEAD, 'Subject: Your new hygiene room\n\nHi Maya,\n\nI saw that your new hygiene room is open. A new room fills faster when patients can book it online at night. At ChairFill Studio we build patient-booking websites for small dental practices. Would a 15-minute call next week be useful?\n\nAlex\n');
    const r = await runHunter(['check-message', '--lead', f.lead, '--message', f.message, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.score).toBeGreaterThanOrEqual(0.8);
    expect(out.issues).toEqual([]);
    expect(out.claims).toContainEqual(expect.objectContaining({ supported: 'supported', fact: expect.objectContaining({ kind: 'blog_post', value: 'Our new hygiene room is open' }) }));
  });

  it('a fabricated mail merge is below one half, every problem named with its code, and the exit code says so', async () => {
    const f = files(LEAD, 'Hi [First Name],\n\nCongratulations on your 25 years in Portland and your award-winning team! Call me at 503-555-0199. We build websites.\n\nYour name\n');
    const r = await runHunter(['check-message', '--lead', f.lead, '--message', f.message, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.score).toBeLessThan(0.5);
    const codes = new Set(out.issues.map((i: { code: string }) => i.code));
    for (const c of ['UNSUPPORTED_CLAIM', 'PLACEHOLDER', 'INVENTED_CONTACT', 'NO_CALL_TO_ACTION', 'GREETING', 'SENDER_MISSING']) expect(codes.has(c), c).toBe(true);
    expect(out.claims).toContainEqual(expect.objectContaining({ text: '25', supported: 'unsupported' }));
  });

  it('refuses a LEAD.json with an unknown field, and one that is not JSON, naming what is wrong', async () => {
    const unknown = files({ ...LEAD, lead: { ...LEAD.lead, shoe_size: 42 } }, 'Hi Maya,\n\nA note.\n\nAlex');
    const r1 = await runHunter(['check-message', '--lead', unknown.lead, '--message', unknown.message, '--json']);
    expect(r1.code).toBe(1);
    expect(JSON.parse(r1.stdout).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/shoe_size/) });
    const broken = files('{"lead": ', 'Hi');
    const r2 = await runHunter(['check-message', '--lead', broken.lead, '--message', broken.message, '--json']);
    expect(JSON.parse(r2.stdout).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not JSON/) });
    const missing = await runHunter(['check-message', '--lead', unknown.lead]);
    expect(missing.code).toBe(2);
  });
});
