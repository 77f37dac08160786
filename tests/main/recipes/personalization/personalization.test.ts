import { afterAll, describe, expect, it } from 'vitest';
import { assessMessage } from '../../../../main/recipes/personalization';
import { messageOf } from '../../../../main/recipes/handoff';
import type { Fact, Lead } from '../../../../main/core/domain';
import { agentInput, sampleLeads, world } from '../../../support/engine-fixtures';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-personalization-');
afterAll(() => tmp.cleanup());

const lead: Lead = {
  id: 'lead_p', workspace_id: 'ws', name: 'Bright Harbor Dental', first_name: 'Maya', city: 'Portland', category: 'Dentist', phone: '+1 503-555-0141', source: 'csv',
  domain: null, sources: ['csv'], lead_score: 0.8, score_breakdown: null, quality_tier: 'gold', scored_by: 'heuristic', created_at: '', updated_at: '',
};
const facts: Fact[] = [{
  id: 'f1', workspace_id: 'ws', lead_id: 'lead_p', kind: 'blog_post', value: 'A calmer first visit for anxious patients', source_url: 'https://brightharbor-dental.example/blog',
  method: 'heading', confidence: 0.9, observed_at: '', detail: { title: 'A calmer first visit for anxious patients' },
}];
const agent = { max_length: 75, value_proposition: 'We build patient-booking websites for small dental practices.', call_to_action: 'Would a 15-minute call next week be useful?' };
const signer = { name: 'Alex Rivera', company: 'ChairFill Studio' };
const draft = `Hi Maya,\n\nI saw your post on a calmer first visit for anxious patients. ${agent.value_proposition} ${agent.call_to_action}\n\nAlex Rivera`;

describe('assessMessage, the one quality function of runs, rewrites and edits', () => {
  it('scores the rep\'s edit that adds a placeholder and an invented phone below one half, naming both', () => {
    const before = assessMessage(draft, lead, facts, agent, { signer });
    expect(before.check.issues).toEqual([]);
    const edited = draft.replace('Hi Maya', 'Hi {{first_name}}').replace('useful?', 'useful? Call me on +1 415 555 0199.');
    const after = assessMessage(edited, lead, facts, agent, { signer });
    expect(after.check.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['PLACEHOLDER', 'INVENTED_CONTACT']));
    expect(after.score).toBeLessThan(0.5);
    expect(after.score).toBeLessThan(before.score);
  });

  it('counts a message without a signer as not ready', () => {
    expect(assessMessage(draft, lead, facts, agent).check.issues.map((i) => i.code)).toContain('SENDER_MISSING');
  });
});

describe('a run\'s drafts', () => {
  it('get a recipient wherever the lead has an address, scores that differ, the check kept with them, and no "Your name"', async () => {
    const w = world(tmp.file('run.db'), sampleLeads(12));
    const ex = w.newExecution(agentInput({ call_to_action: 'Would a 15-minute call next week be useful?' }));
    await w.engineFor().run(ex);
    const drafts = w.store.drafts.list({ execution_id: ex });
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      const l = w.store.leads.get(d.lead_id);
      if (l.email || w.store.leads.facts(l.id).some((f) => f.kind === 'email')) expect(d.recipient, l.name).not.toBeNull();
      expect(d.body).not.toMatch(/your name/i);
      const p = messageOf(w.store, ex, d.lead_id)!;
      expect(p.message_check?.issues.every((i) => i.code && i.message)).toBe(true);
      expect(p.message_quality_score).toBe(d.message_quality_score);
    }
    expect(new Set(drafts.map((d) => d.message_quality_score)).size).toBeGreaterThan(1);
    w.close();
  });
});
