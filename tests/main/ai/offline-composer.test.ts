import { describe, expect, it } from 'vitest';
import { citableFacts, offerTopics } from '../../../main/ai/citable-facts';
import { BodyStreamer, readModelMessage } from '../../../main/ai/message-check';
import { composeOffline, greetingFor, messageLanguage, toldEn, type DraftContext } from '../../../main/ai/offline-composer';
import { DraftAnswerSchema } from '../../../main/ai/prompts';
import { Variety } from '../../../main/ai/variety';
import { checkMessage, openingShape } from '../../../main/core/message-check';
import { loadFixtures } from '../../eval/fixtures';
import { draftContext, fact, lead } from './fixtures';

const fx = loadFixtures();
const now = new Date(fx.now);

function contextFor(id: string, variety = new Variety()): DraftContext {
  const l = fx.leads.find((x) => x.id === id)!;
  const a = fx.agents[l.agent]!;
  return { lead: l.lead, facts: l.facts, agent: { ...a }, sender: a.sender, variety, now };
}

function checked(ctx: DraftContext, body: string, subject: string) {
  return checkMessage({ lead: ctx.lead, facts: ctx.facts, agent: ctx.agent, sender: ctx.sender, body, subject });
}

describe('the offline composer', () => {
  it('writes from the most relevant fact, with a bridge, the offer, the ask and the sender\'s name, and every claim is true', () => {
    const ctx = contextFor('dent-07');
    const m = composeOffline(ctx);
    // The new hygiene room (own news, six weeks old) and "call us to book" rank at the top for a booking-website offer.
    expect(m.angle).toBe('news_expansion');
    expect(m.fact_ids_used).toEqual(['fact_dent-07_1']);
    expect(m.body.startsWith('Hi Samuel,\n\n')).toBe(true);
    expect(m.body).toContain(ctx.agent.call_to_action!);
    expect(m.body.endsWith('Alex Rivera\nChairFill Studio')).toBe(true);
    expect(m.subject).not.toMatch(/ and ChairFill/);
    const r = checked(ctx, m.body, m.subject);
    expect(r.issues).toEqual([]);
    expect(r.claims.every((c) => c.supported === 'supported')).toBe(true);
  });

  it('varies angles, forms and openings across a batch, and every draft of it passes the check', () => {
    const variety = new Variety();
    const ids = fx.leads.filter((l) => l.agent === 'dental-web').map((l) => l.id);
    const drafts = ids.map((id) => ({ ctx: contextFor(id, variety), m: composeOffline(contextFor(id, variety)) }));
    const shapes = new Set(drafts.map(({ ctx, m }) => openingShape(m.body, ctx.lead, ctx.facts)));
    expect(shapes.size / drafts.length).toBeGreaterThanOrEqual(0.6);
    expect(new Set(drafts.map(({ m }) => m.angle)).size).toBeGreaterThanOrEqual(4);
    const others: Array<{ body: string }> = [];
    for (const { ctx, m } of drafts) {
      const r = checkMessage({ lead: ctx.lead, facts: ctx.facts, agent: ctx.agent, sender: ctx.sender, body: m.body, subject: m.subject, others });
      expect(r.issues.filter((i) => !(i.code === 'NO_OBSERVATION' && ctx.facts.length === 0)), `${ctx.lead.name}: ${m.body}`).toEqual([]);
      others.push({ body: m.body });
    }
  });

  it('writes to a German lead in German with the formal address, when the offer is in German', () => {
    const ctx = contextFor('law-01');
    const m = composeOffline(ctx);
    expect(m.language).toBe('de');
    expect(m.body.startsWith('Sehr geehrte Frau Köhler,\n\n')).toBe(true);
    expect(m.body).not.toMatch(/\b(?:du|dein|dich|dir)\b/iu);
    expect(m.body).toMatch(/Mit freundlichen Grüßen\nJonas Weber/u);
    expect(checked(ctx, m.body, m.subject).issues).toEqual([]);
    // "Guten Tag Herr …" when only the role says he is a man, and the doctor's title where it belongs.
    expect(composeOffline(contextFor('physio-04')).body.startsWith('Sehr geehrter Herr Winter,')).toBe(true);
    expect(composeOffline(contextFor('zahn-01')).body.startsWith('Sehr geehrte Frau Dr. Schmidt,')).toBe(true);
  });

  it('writes in the rep\'s language when the offer is not in the lead\'s', () => {
    const ctx = contextFor('law-02');
    const english = { ...ctx.agent, language: 'en', value_proposition: 'We build websites with online booking for law firms.', call_to_action: 'Would a short call next week help?' };
    expect(messageLanguage(ctx.lead, ctx.facts, english)).toBe('en');
    expect(messageLanguage(ctx.lead, ctx.facts, ctx.agent)).toBe('de');
  });

  it('writes a short, honest note for a lead with nothing known, and the check marks it for the rep', () => {
    const ctx = contextFor('dent-08');
    const m = composeOffline(ctx);
    expect(m.nothing_known).toBe(true);
    expect(m.angle).toBe('none');
    const r = checked(ctx, m.body, m.subject);
    expect(r.issues.map((i) => i.code)).toEqual(['NO_OBSERVATION']);
    expect(r.claims.filter((c) => c.supported !== 'supported')).toEqual([]);
  });

  it('never cites a fact that is an instruction, and never praises an ordinary rating', () => {
    const ctx = contextFor('acct-05');
    const m = composeOffline(ctx);
    expect(m.body).not.toMatch(/award|instruction/iu);
    expect(citableFacts(ctx.lead, ctx.facts, ctx.agent).withheld).toHaveLength(1);
    const alder = composeOffline(contextFor('dent-05'));
    expect(alder.body).not.toMatch(/rare|4\.0|29 reviews/u);
  });

  it('gets possessives and plurals right and does not say "read" of a title', () => {
    const ctx = draftContext({ lead: lead({ name: 'Pearl District Orthodontics', first_name: undefined, category: 'Orthodontist' }) });
    const bodies = [0, 1, 2, 3].map(() => composeOffline({ ...ctx, variety: new Variety() }).body).join('\n');
    expect(bodies).not.toMatch(/s's\b/u);
    expect(bodies).not.toMatch(/\b1 posts\b|\bread "/u);
    expect(bodies.startsWith('Hi Pearl District Orthodontics team,')).toBe(true);
  });

  it('signs with the first name when the sender has a signature block, and not at all without a sender', () => {
    const signed = composeOffline(draftContext({ sender: { name: 'Sam Rivera', company: 'ChairFill', signature: 'Sam Rivera\nChairFill\nchairfill.example' } }));
    expect(signed.body.endsWith('\n\nSam')).toBe(true);
    const unsigned = composeOffline(draftContext({ sender: { name: '' } }));
    expect(unsigned.body).not.toMatch(/your name/iu);
    expect(checkMessage({ lead: lead(), facts: [], agent: draftContext().agent, sender: null, body: unsigned.body }).issues.map((i) => i.code)).toContain('SENDER_MISSING');
  });

  it('stays within the agent\'s word limit', () => {
    const m = composeOffline(draftContext({ agent: { ...draftContext().agent, max_length: 40 } }));
    expect(m.body.split(/\s+/u).length).toBeLessThanOrEqual(40);
  });
});

describe('facts for the writers', () => {
  it('ranks the lead\'s own news above a review count for a booking-website offer, and gives each fact an id and its source', () => {
    const ctx = contextFor('dent-03');
    const { facts } = citableFacts(ctx.lead, ctx.facts, ctx.agent, { now });
    expect(facts[0]).toMatchObject({ ref: 'F1', angle: 'news_hire', source_url: 'https://willow-smiles.example/blog' });
    expect(facts.every((f) => f.id && f.method)).toBe(true);
    expect(offerTopics(ctx.agent)).toEqual(['booking', 'web']);
  });

  it('de-duplicates the same fact found twice, and keeps the contact out of the team angle', () => {
    const facts = [fact('person', 'Anita Rao', { name: 'Anita Rao', role: 'Owner' }), fact('tech', 'Wix', { category: 'site_builder' }), fact('tech', 'Wix', { category: 'site_builder' })];
    const out = citableFacts(lead({ last_name: 'Rao' }), facts, { value_proposition: 'We build websites.' }).facts;
    expect(out.filter((f) => f.angle === 'site_platform')).toHaveLength(1);
    expect(out.some((f) => f.angle === 'team')).toBe(false);
  });

  it('raises an angle the rep had success with before', () => {
    const ctx = contextFor('dent-01');
    const plain = citableFacts(ctx.lead, ctx.facts, ctx.agent, { now }).facts.find((f) => f.angle === 'team')!.relevance;
    const learned = citableFacts(ctx.lead, ctx.facts, ctx.agent, { now, outcomes: { team: 1 } }).facts.find((f) => f.angle === 'team')!.relevance;
    expect(learned).toBeGreaterThan(plain);
  });
});

describe('the model\'s answer', () => {
  it('streams the body field of a JSON answer as it arrives, across escapes cut between pieces', () => {
    const json = JSON.stringify({ subject: 'Hi', body: 'Hi Anita,\n\n"Quoted" and ünïcode \u2014 done.', angle: 'blog', fact_ids_used: [], claims: [] });
    const s = new BodyStreamer();
    let out = '';
    for (let i = 0; i < json.length; i += 3) out += s.feed(json.slice(i, i + 3));
    expect(out).toBe('Hi Anita,\n\n"Quoted" and ünïcode \u2014 done.');
    const text = new BodyStreamer();
    expect(['Sub', 'ject: A\n\nHi An', 'ita'].map((p) => text.feed(p)).join('')).toBe('Hi Anita');
  });

  it('reads the JSON asked for, a plain "Subject:" answer, and the body of JSON cut short; refuses an answer with no message', () => {
    const ok = readModelMessage(JSON.stringify({ subject: 'A', body: 'Hi,\n\nText.', angle: 'x', fact_ids_used: ['F1'], claims: [{ text: 't', fact_id: 'F1' }] }), DraftAnswerSchema);
    expect(ok).toMatchObject({ structured: true, fact_ids_used: ['F1'] });
    expect(readModelMessage('Subject: B\n\nHi,\n\nText.', DraftAnswerSchema)).toMatchObject({ subject: 'B', body: 'Hi,\n\nText.', structured: false });
    expect(readModelMessage('{"subject": "C", "body": "Hi,\\n\\nText cut', DraftAnswerSchema)).toMatchObject({ subject: 'C', body: 'Hi,\n\nText cut', structured: false });
    expect(readModelMessage('{"subject": "D"}', DraftAnswerSchema)).toBeNull();
  });

  it('turns a news title to the second person only when it reads as a statement', () => {
    expect(toldEn('Our new hygiene room is ready')).toBe('your new hygiene room is ready');
    expect(toldEn('We added a second service van')).toBe('you added a second service van');
    expect(toldEn('Now open Saturday mornings')).toBe("you're now open Saturday mornings");
    expect(toldEn('Meet our new hygienist')).toBeUndefined();
    expect(toldEn('Clear aligners or braces: how we decide')).toBeUndefined();
  });

  it('greets by the rules: the doctor\'s title, the first name, or the team', () => {
    const facts = [fact('person', 'Dr. Anita Rao', { name: 'Dr. Anita Rao', honorific: 'Dr.' })];
    expect(greetingFor(lead({ last_name: 'Rao' }), facts, 'friendly', 'en')).toBe('Hi Dr. Rao,');
    expect(greetingFor(lead(), [], 'professional', 'en')).toBe('Hello Anita,');
    expect(greetingFor(lead({ first_name: undefined }), [], 'friendly', 'en')).toBe('Hi Bright Smile Dental team,');
  });
});
