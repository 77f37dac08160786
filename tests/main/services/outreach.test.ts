import { afterAll, describe, expect, it } from 'vitest';
import { citableFacts } from '../../../main/ai/citable-facts';
import { angleOutcomes } from '../../../main/ai/voice';
import { addBusinessDays, FOLLOW_UP_MAX_WORDS } from '../../../main/core/follow-ups';
import { wordCount } from '../../../main/core/quality';
import { tempDir } from '../../support/temp';
import { practiceFacts, world, type World } from './outreach-support';

const tmp = tempDir('hunter-outreach-');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = (): World => world(tmp.file(`o-${++n}.db`), tmp.dir);

async function exportOne(w: World, draftId: string): Promise<void> {
  w.services.drafts.approve(w.ctx, draftId);
  const s = await w.services.exports.export(w.ctx, { format: 'eml', ids: [draftId], out_dir: tmp.file(`out-${n}`) });
  expect(s.exported).toBe(1);
}

describe('follow-ups', () => {
  it('are planned on export: two, after 3 and 7 business days, short, referring to the first, each on a new angle', async () => {
    const w = fresh();
    try {
      const { draftId } = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      await exportOne(w, draftId);
      const first = w.store.drafts.get(draftId);
      const ups = w.store.followUps.of(draftId);
      expect(ups.map((u) => [u.status, u.follow_up_step, u.follow_up_of])).toEqual([['scheduled', 1, draftId], ['scheduled', 2, draftId]]);
      const sent = new Date(first.exported_at!);
      expect(ups.map((u) => u.due_at)).toEqual([addBusinessDays(sent, 3).toISOString(), addBusinessDays(sent, 7).toISOString()]);
      const firstAngle = w.store.drafts.versions(draftId)[0]!.metrics!.angle;
      const angles = ups.map((u) => w.store.drafts.versions(u.id)[0]!.metrics!.angle);
      for (const u of ups) {
        expect(wordCount(u.body)).toBeLessThanOrEqual(FOLLOW_UP_MAX_WORDS);
        expect(u.subject).toBe(`Re: ${first.subject}`);
        expect(u.body).toMatch(/follow-up on my note|after my last note/u);
        expect(u.body.startsWith('Hi Jordan,')).toBe(true);
        const check = w.store.drafts.versions(u.id)[0]!.metrics!.message_check as { claims: Array<{ supported: string }> };
        expect(check.claims.filter((c) => c.supported !== 'supported')).toEqual([]);
      }
      expect(new Set([firstAngle, ...angles]).size).toBe(3);
      // Listed as scheduled, soonest first; a second export plans nothing more.
      expect(w.outreach.scheduled(w.ctx).rows.map((r) => r.step)).toEqual([1, 2]);
      expect(w.outreach.planFollowUps(w.ctx, [draftId])).toBe(0);
    } finally {
      w.close();
    }
  });

  it('counts business days over a weekend, and the agent sets how many and when', () => {
    expect(addBusinessDays(new Date('2026-03-06T10:00:00Z'), 3).toISOString()).toBe('2026-03-11T10:00:00.000Z');
    expect(addBusinessDays(new Date('2026-03-06T10:00:00Z'), 7).toISOString()).toBe('2026-03-17T10:00:00.000Z');
    const w = world(tmp.file(`o-${++n}.db`), tmp.dir, { name: 'One', value_proposition: 'We build booking pages.', follow_ups: { count: 1, after_business_days: [5] } });
    try {
      const { draftId } = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      w.store.drafts.setStatus(draftId, 'approved', w.ctx.actor);
      w.store.drafts.markExported([draftId], 'eml', w.ctx.actor);
      expect(w.outreach.planFollowUps(w.ctx, [draftId])).toBe(1);
    } finally {
      w.close();
    }
  });

  it('join the review queue on their day; a do-not-contact entry cancels the rest', async () => {
    const w = fresh();
    try {
      const { draftId } = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      await exportOne(w, draftId);
      const [one, two] = w.store.followUps.of(draftId);
      w.clock.now = new Date(Date.parse(one!.due_at!) + 1000);
      expect(w.outreach.releaseDue(w.ctx)).toEqual({ released: 1, cancelled: 0 });
      expect(w.services.drafts.list(w.ctx, { status: 'pending_review' }).rows.map((r) => r.id)).toEqual([one!.id]);
      w.services.compliance.dncAdd(w.ctx, 'jordan@bright.example');
      expect(w.outreach.scheduled(w.ctx).total).toBe(0);
      expect(w.store.followUps.find(two!.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'do_not_contact' });
      expect(w.store.followUps.find(one!.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'do_not_contact' });
    } finally {
      w.close();
    }
  });
});

describe('rejection reasons', () => {
  it('"do not contact" puts the address on the list; another reason is only recorded', () => {
    const w = fresh();
    try {
      const a = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      const b = w.addLead({ name: 'Harbor Dental', email: 'sam@harbor.example', first_name: 'Sam' });
      w.outreach.reject(w.ctx, a.draftId, 'do_not_contact');
      w.outreach.reject(w.ctx, b.draftId, 'not_now');
      expect(w.store.dnc.blocksAddress('jordan@bright.example')?.entry).toMatchObject({ source: 'rejection' });
      expect(w.store.dnc.blocksAddress('sam@harbor.example')).toBeNull();
      expect(w.store.followUps.find(a.draftId)).toMatchObject({ status: 'rejected', reject_reason: 'do_not_contact' });
      expect(w.store.followUps.find(b.draftId)).toMatchObject({ status: 'rejected', reject_reason: 'not_now' });
      expect(() => w.outreach.reject(w.ctx, b.draftId, 'rude' as never)).toThrow(/wrong_person, wrong_business/);
    } finally {
      w.close();
    }
  });
});

describe("the rep's voice", () => {
  it('an approved edit changes the next draft’s greeting and sign-off', async () => {
    const w = fresh();
    try {
      const a = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      const body = w.store.drafts.get(a.draftId).body;
      expect(body.startsWith('Hi Jordan,')).toBe(true);
      await w.services.drafts.edit(w.ctx, a.draftId, body.replace('Hi Jordan,', 'Hello Jordan,').replace(/\nAlex Rivera\n/u, '\nCheers,\nAlex Rivera\n'), null);
      w.services.drafts.approve(w.ctx, a.draftId);
      const b = w.addLead({ name: 'Harbor Dental', email: 'sam@harbor.example', first_name: 'Sam' });
      expect(w.store.drafts.get(b.draftId).body.startsWith('Hi Sam,')).toBe(true);
      const rewritten = await w.services.drafts.writeToEnd(w.ctx, b.draftId);
      expect(rewritten.body.startsWith('Hello Sam,')).toBe(true);
      expect(rewritten.body).toMatch(/\nCheers,\nAlex Rivera\n/u);
    } finally {
      w.close();
    }
  });

  it('the angle of a replied message ranks first for the next similar lead', () => {
    const w = fresh();
    try {
      // The first lead's message is on its one fact, the new Saturday hours; it got a reply.
      const a = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan', facts: practiceFacts().slice(0, 1) });
      const b = w.addLead({ name: 'Harbor Dental', email: 'sam@harbor.example', first_name: 'Sam' });
      const agent = w.store.agents.find(w.agentId)!.config;
      const leadB = w.store.leads.get(b.leadId);
      const before = citableFacts(leadB, w.store.leads.facts(b.leadId), agent, { now: w.clock.now }).facts[0]!.angle;
      const repliedAngle = w.store.drafts.versions(a.draftId)[0]!.metrics!.angle as string;
      expect(before).not.toBe(repliedAngle);
      w.store.drafts.setStatus(a.draftId, 'approved', w.ctx.actor);
      w.store.drafts.markExported([a.draftId], 'eml', w.ctx.actor);
      w.store.outcomes.setOutcome(a.leadId, a.draftId, 'positive', null);
      const outcomes = angleOutcomes(w.store.outcomes.replyRates());
      expect(outcomes).toEqual({ [repliedAngle]: 1 });
      expect(citableFacts(leadB, w.store.leads.facts(b.leadId), agent, { now: w.clock.now, outcomes }).facts[0]!.angle).toBe(repliedAngle);
    } finally {
      w.close();
    }
  });
});

describe('variants and stats', () => {
  it('a second variant is on another angle; picking one sets the other aside; stats count without percentages on tiny numbers', () => {
    const w = fresh();
    try {
      const a = w.addLead({ name: 'Bright Smile Dental', email: 'jordan@bright.example', first_name: 'Jordan' });
      const v = w.outreach.addVariant(w.ctx, a.draftId);
      const angleA = w.store.drafts.versions(a.draftId)[0]!.metrics!.angle;
      const angleB = w.store.drafts.versions(v.id)[0]!.metrics!.angle;
      expect(angleB).not.toBe(angleA);
      expect(v).toMatchObject({ variant: 1, status: 'pending_review' });
      w.outreach.pickVariant(w.ctx, v.id);
      expect(w.store.followUps.find(a.draftId)).toMatchObject({ status: 'rejected', reject_reason: 'other_variant' });
      w.store.drafts.markExported([v.id], 'eml', w.ctx.actor);
      w.store.outcomes.setOutcome(a.leadId, v.id, 'replied', null);
      const s = w.outreach.stats(w.ctx);
      expect(s.drafts_per_day.reduce((t, d) => t + d.drafts, 0)).toBe(2);
      expect(s.replies_per_variant).toEqual([{ key: 'B', sent: 1, replied: 1, rate: null }]);
      expect(s.replies_per_angle).toEqual([{ key: angleB, sent: 1, replied: 1, rate: null }]);
      expect(s.approved).toBe(1);
      expect(s.approved_unedited_share).toBeNull();
      expect(s.providers[0]).toMatchObject({ provider: 'offline', drafts: 2 });
    } finally {
      w.close();
    }
  });
});

describe('leads that answered', () => {
  it('give the traits that raise similar leads’ fit in the next scoring: their categories and cities, "stop" and bounces left out', async () => {
    const w = world(tmp.file('traits.db'), tmp.dir);
    try {
      const a = w.addLead({ name: 'Bright Smile', email: 'a@bright.example' });
      const b = w.addLead({ name: 'Cedar Dental', email: 'b@cedar.example' });
      const c = w.addLead({ name: 'Oak Dental', email: 'c@oak.example' });
      w.store.outcomes.setOutcome(a.leadId, a.draftId, 'positive', null);
      w.store.outcomes.setOutcome(b.leadId, b.draftId, 'not_now', null);
      w.store.outcomes.setOutcome(c.leadId, c.draftId, 'stop', null);
      expect(w.store.outcomes.repliedTraits()).toEqual({ leads: 2, categories: { dentist: 2 }, cities: { portland: 2 } });
    } finally {
      w.close();
    }
  });
});
