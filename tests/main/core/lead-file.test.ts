import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../main/core/errors';
import { parseLeadFile, parseLeadFileText } from '../../../main/core/lead-file';
import { checkMessage } from '../../../main/core/message-check';

const file = {
  lead: { name: 'Bright Harbor Dental', first_name: 'Maya', last_name: 'Lindqvist', title: 'Practice Owner', city: 'Portland', category: 'Dentist', website: 'https://brightharbor-dental.example' },
  facts: [
    { kind: 'blog_post', value: 'Why we switched to same-day crowns', source_url: 'https://brightharbor-dental.example/blog', method: 'heading', detail: { date: '2026-11-02' } },
    { kind: 'tech', value: 'WordPress', source_url: 'https://brightharbor-dental.example/', method: 'fingerprint' },
  ],
  agent: { value_proposition: 'We build patient-booking websites for small dental practices.', call_to_action: 'Would a 15-minute call next week be useful?', max_length: 75 },
  sender: { name: 'Alex Rivera', company: 'ChairFill Studio' },
};

function refusal(value: unknown): HunterError {
  try {
    parseLeadFile(value);
  } catch (err) {
    return err as HunterError;
  }
  throw new Error('not refused');
}

describe('LEAD.json', () => {
  it('parses a lead with its facts, agent and sender, and numbers the facts F1, F2…', () => {
    const f = parseLeadFile(file);
    expect(f.facts.map((x) => x.id)).toEqual(['F1', 'F2']);
    expect(f.agent.max_length).toBe(75);
    const r = checkMessage({ ...f, body: `Hi Maya,\n\nI saw your post on why you switched to same-day crowns. ${f.agent.value_proposition} ${f.agent.call_to_action}\n\nAlex Rivera` });
    expect(r.claims[0]).toMatchObject({ supported: 'supported', fact_id: 'F1' });
  });

  it('takes the product defaults when the file names no agent and no sender', () => {
    const f = parseLeadFile({ lead: { name: 'Kanzlei Lang' }, facts: [] });
    expect(f.agent).toEqual({ value_proposition: '', max_length: 75 });
    expect(f.sender).toBeNull();
  });

  it('refuses unknown fields with INVALID_INPUT and names them', () => {
    const e = refusal({ ...file, fact: [] });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/fact/);
    expect(refusal({ ...file, lead: { ...file.lead, nickname: 'BH' } }).message).toMatch(/lead.*nickname/);
    expect(refusal({ ...file, facts: [{ ...file.facts[0], confidence: 1 }] }).message).toMatch(/facts\.0.*confidence/);
  });

  it('refuses a fact of an unknown kind, a lead without a name, a duplicate fact id, and text that is not JSON', () => {
    expect(refusal({ ...file, facts: [{ ...file.facts[0], kind: 'rumour' }] }).code).toBe('INVALID_INPUT');
    expect(refusal({ ...file, lead: { city: 'Portland' } }).message).toMatch(/lead\.name/);
    expect(refusal({ ...file, facts: [{ ...file.facts[0], id: 'a' }, { ...file.facts[1], id: 'a' }] }).message).toMatch(/used twice/);
    expect(() => parseLeadFileText('{"lead": ')).toThrow(/not JSON/);
  });
});
