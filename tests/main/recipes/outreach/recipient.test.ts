import { describe, expect, it } from 'vitest';
import type { Fact, FactInput, Lead } from '../../../../main/core/domain';
import { pickRecipient } from '../../../../main/recipes/outreach';

const lead = (over: Partial<Lead> = {}): Lead => ({
  id: 'lead_r', workspace_id: 'ws', name: 'Tabor Hill Dental', source: 'csv', domain: 'tabor-dental.example', sources: ['csv'], lead_score: 0.8, score_breakdown: null,
  quality_tier: 'gold', scored_by: 'heuristic', created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z', ...over,
});
let n = 0;
const email = (value: string, detail: Record<string, unknown> = {}, confidence = 0.9): Fact => ({
  id: `f${++n}`, workspace_id: 'ws', lead_id: 'lead_r', kind: 'email', value, source_url: 'https://tabor-dental.example/contact', method: 'mailto', confidence,
  observed_at: '2026-11-01T00:00:00Z', detail: { status: 'found_on_site', ...detail },
});
const person = (name: string, role: string): Fact => ({
  id: `p${++n}`, workspace_id: 'ws', lead_id: 'lead_r', kind: 'person' as FactInput['kind'], value: name, source_url: 'https://tabor-dental.example/team', method: 'heading', confidence: 0.8,
  observed_at: '2026-11-01T00:00:00Z', detail: { name, role },
});

describe('pickRecipient', () => {
  it('takes a named person in the right role over the general inbox', () => {
    const r = pickRecipient(lead(), [email('care@tabor-dental.example'), email('samuel@tabor-dental.example', { class: 'personal' }), person('Samuel Ortiz', 'Practice Owner')]);
    expect(r).toMatchObject({ email: 'samuel@tabor-dental.example', status: 'found_on_site', reason: 'Samuel Ortiz, Practice Owner' });
  });

  it('takes the lead\'s contact, even when the site calls the address a role', () => {
    const r = pickRecipient(lead({ first_name: 'Lucy', last_name: 'Park' }), [email('info@tabor-dental.example'), email('lucy@tabor-dental.example', { class: 'role' })]);
    expect(r.email).toBe('lucy@tabor-dental.example');
  });

  it('takes the general inbox over another address, and never a no-reply, jobs or privacy box', () => {
    expect(pickRecipient(lead(), [email('jobs@tabor-dental.example'), email('noreply@tabor-dental.example'), email('hello@tabor-dental.example')]).email).toBe('hello@tabor-dental.example');
    expect(pickRecipient(lead(), [email('noreply@tabor-dental.example'), email('datenschutz@tabor-dental.example')])).toEqual({ email: null, status: null });
  });

  it('prefers what the site or the source gave over a guess, and the site\'s own domain over another', () => {
    const guessed = email('samuel.ortiz@tabor-dental.example', { status: 'guessed_unverified', class: 'personal' });
    expect(pickRecipient(lead(), [guessed, email('info@tabor-dental.example')]).email).toBe('info@tabor-dental.example');
    const agency = email('hello@webagency.example', { domain_matches_site: false });
    expect(pickRecipient(lead(), [agency, email('office@tabor-dental.example')]).email).toBe('office@tabor-dental.example');
  });

  it('uses the CSV row\'s address with its status, and counts addresses on names reserved for testing as real', () => {
    expect(pickRecipient(lead({ email: 'Front.Desk@Tabor-Dental.example' }), [])).toEqual({ email: 'Front.Desk@tabor-dental.example', status: 'from_source', reason: 'a named person' });
    for (const host of ['example', 'test', 'invalid']) expect(pickRecipient(lead(), [email(`info@tabor.${host}`)]).email).toBe(`info@tabor.${host}`);
    expect(pickRecipient(lead(), [email('not an address')]).email).toBeNull();
  });
});
