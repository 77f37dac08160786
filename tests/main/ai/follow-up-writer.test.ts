import { describe, expect, it } from 'vitest';
import { writeFollowUp } from '../../../main/ai/follow-up-writer';
import { composeOffline } from '../../../main/ai/offline-composer';
import { loadFixtures } from '../../eval/fixtures';

const fx = loadFixtures();
const now = new Date(fx.now);

function contextOf(name: string) {
  const l = fx.leads.find((x) => x.lead.name === name)!;
  const a = fx.agents[l.agent]!;
  return { lead: l.lead, facts: l.facts, agent: { tone: a.tone, value_proposition: a.value_proposition, max_length: a.max_length, call_to_action: a.call_to_action, keywords: a.keywords, location: a.location }, sender: a.sender, now };
}

describe('a follow-up', () => {
  it('does not bring back the person the first message named, and its observation starts a sentence of its own (German)', () => {
    const ctx = contextOf('Praxis für Physiotherapie Winter');
    const first = composeOffline(ctx);
    expect(first.body).toContain('Lisa Brandt');
    const f = writeFollowUp(ctx, { subject: first.subject, body: first.body, usedAngles: [first.angle], usedFactIds: first.fact_ids_used, step: 1 });
    expect(f.body).not.toContain('Lisa Brandt');
    const content = f.body.split('\n\n')[1]!;
    expect(content).toMatch(/^Ich komme kurz auf meine Nachricht von letzter Woche zurück\. [A-ZÄÖÜ]/u);
    expect(f.words).toBeLessThanOrEqual(50);
  });
});
