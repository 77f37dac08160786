import { describe, expect, it } from 'vitest';
import type { FactInput, LeadInput } from '../../../main/core/domain';
import { certainlyOut, enrichmentFloor, matchFraction, SCORE_WEIGHTS, scoreHeuristic, SIGNALS, type ScoredFact } from '../../../main/core/scoring';

const NOW = new Date('2026-06-01T00:00:00Z');
const agent = { keywords: ['dentist'], location: 'Portland, OR', business_type: undefined, threshold: 0.6 };
const row = (over: Partial<LeadInput> = {}): LeadInput => ({ name: 'Smile Dental Studio', website: 'https://smile.example', category: 'Dentist', city: 'Portland', source: 'csv', ...over });
const fact = (kind: FactInput['kind'], value: string, detail?: Record<string, unknown>, method?: FactInput['method']): ScoredFact => ({ kind, value, detail, observed_at: NOW.toISOString(), method });
const rich: ScoredFact[] = [
  fact('website_status', 'live'), fact('phone', '+1 503 555 0101'), fact('address', '1 Main St, Portland, OR'),
  fact('email', 'info@smile.example', { class: 'role', status: 'found_on_site' }),
  fact('person', 'Dr. Maya Lind', { role: 'Owner' }), fact('person', 'Jon Ek', { role: 'Hygienist' }),
  fact('blog_activity', '6 posts', { count: 6, posts_last_365_days: 4, latest_date: '2026-05-20' }), fact('last_updated', '2026-05-20', { date: '2026-05-20' }),
  fact('social', 'https://facebook.com/smile', { network: 'facebook' }), fact('social', 'https://instagram.com/smile', { network: 'instagram' }),
  fact('tech', 'WordPress'), fact('tech', 'Calendly'), fact('opening_hours', 'Mo-Fr 8-17'),
];
const score = (lead: LeadInput, facts: readonly ScoredFact[] = [], a = agent) => scoreHeuristic(lead, facts, a, NOW);

describe('the signal table', () => {
  it("names each part's signals with weights that sum to 1, and the seed's three parts", () => {
    for (const part of Object.keys(SCORE_WEIGHTS)) {
      expect(SIGNALS.filter((s) => s.part === part).reduce((a, s) => a + s.weight, 0), part).toBeCloseTo(1, 9);
    }
    expect(new Set(SIGNALS.map((s) => s.name)).size).toBe(SIGNALS.length);
  });

  it('returns every signal with its share of the score: the shares sum to 1 and weight × value is the score', () => {
    for (const facts of [[], rich, [fact('website_status', 'dead', { reason: 'gone' })]]) {
      const s = score(row(), facts);
      expect(s.signals.map((x) => x.name)).toEqual(SIGNALS.map((x) => x.name));
      expect(s.signals.reduce((a, x) => a + x.weight, 0)).toBeCloseTo(1, 3);
      expect(Math.abs(s.signals.reduce((a, x) => a + x.weight * x.value, 0) - s.lead_score)).toBeLessThanOrEqual(0.011);
      expect(s.reasons.length).toBeGreaterThan(5);
    }
  });
});

describe('what is known, when it is known', () => {
  it('a live site with contacts, recent posts and a team scores gold from a row with no ratings; a dead one scores low', () => {
    const live = score(row(), rich);
    const dead = score(row(), [fact('website_status', 'dead', { reason: 'dns_not_found' })]);
    expect(live.quality_tier).toBe('gold');
    expect(dead.quality_tier).toBe('skipped');
    expect(live.lead_score - dead.lead_score).toBeGreaterThanOrEqual(0.4);
    // Ratings the rep's list does not carry count as average, neither for nor against.
    expect(live.signals.find((x) => x.name === 'review_volume')).toMatchObject({ value: 0.5 });
  });

  it('counts a website not read yet as likely, not as absent, and its best case as what the site could show', () => {
    const unread = score(row());
    const none = score(row({ website: undefined }));
    expect(unread.lead_score).toBeGreaterThan(none.lead_score);
    expect(unread.potential).toBeGreaterThan(unread.lead_score + 0.2);
    // Once read, or when there is no site, there is nothing more to find.
    expect(score(row(), rich).potential).toBe(score(row(), rich).lead_score);
    expect(none.potential).toBe(none.lead_score);
  });

  it('ignores dates in the future and gives a copyright year little weight', () => {
    const future = score(row(), [fact('website_status', 'live'), fact('last_updated', '2027-01-01', { date: '2027-01-01' })]);
    const copyright = score(row(), [fact('website_status', 'live'), fact('content_freshness', '2026', { date: '2026-01-01' }, 'copyright')]);
    const recent = score(row(), [fact('website_status', 'live'), fact('last_updated', '2026-05-25', { date: '2026-05-25' })]);
    expect(future.signals.find((x) => x.name === 'content_freshness')!.value).toBe(0.1);
    expect(copyright.signals.find((x) => x.name === 'content_freshness')!.value).toBeLessThanOrEqual(0.3);
    expect(recent.signals.find((x) => x.name === 'content_freshness')!.value).toBe(1);
  });

  it('separates leads by degree: more reviews, fresher content, more people each move the score', () => {
    const maps = (reviews: number) => score(row({ source: 'google_maps', rating: 4.6, review_count: reviews, website: undefined, phone: '+1' }));
    expect(maps(10).lead_score).toBeLessThan(maps(60).lead_score);
    expect(maps(60).lead_score).toBeLessThan(maps(300).lead_score);
    const dated = (d: string) => score(row(), [fact('website_status', 'live'), fact('last_updated', d, { date: d })]).lead_score;
    expect(dated('2026-05-20')).toBeGreaterThan(dated('2025-12-01'));
    expect(dated('2025-12-01')).toBeGreaterThan(dated('2023-01-01'));
  });

  it('says a business of another kind fits not at all, wherever it is', () => {
    const coffee = score(row({ name: 'Tin Cup Coffee', category: 'Coffee shop' }), rich);
    expect(coffee.score_breakdown.fit_match).toBe(0);
    expect(coffee.quality_tier).toBe('skipped');
  });
});

describe('leads like the ones that answered (the seed\'s outcome tracking)', () => {
  const replied = { leads: 3, categories: { orthodontist: 3 }, cities: { portland: 2 } };
  it('fit a little better, and nothing changes before there are answers', () => {
    const ortho = row({ name: 'Pearl Orthodontics', category: 'Orthodontist' });
    const wide = { ...agent, keywords: ['dentist', 'orthodontist'] };
    // No named contact: its fit has room to grow.
    const facts = rich.filter((f) => f.kind !== 'person');
    const before = scoreHeuristic(ortho, facts, wide, NOW);
    const like = scoreHeuristic(ortho, facts, wide, NOW, replied);
    const unlike = scoreHeuristic(row({ name: 'Smile Dental', category: 'Dentist', city: 'Salem' }), facts, wide, NOW, replied);
    expect(like.score_breakdown.fit_match).toBeGreaterThan(before.score_breakdown.fit_match);
    expect(like.lead_score).toBeGreaterThan(unlike.lead_score);
    expect(like.signals!.find((x) => x.name === 'like_replied')!.evidence).toBe('like leads that answered you (3 Orthodontist, 2 in Portland)');
    // One answer is not a pattern: the signal is left out.
    expect(scoreHeuristic(ortho, facts, wide, NOW, { ...replied, leads: 1 })).toEqual(before);
  });
});

describe('certainly out', () => {
  it('a permanently closed place, a known other kind, another country; nothing else', () => {
    const closed = fact('business', 'Old Dental (permanently closed)', { status: 'permanently_closed', closed: true }, 'google_maps');
    expect(certainlyOut(row({ source: 'google_maps' }), [closed], agent)?.rule).toBe('permanently_closed');
    expect(certainlyOut(row({ name: 'Corner Shop', category: 'Grocery' }), [], agent)?.rule).toBe('other_kind');
    const mumbai = { ...agent, location: 'Mumbai, India' };
    expect(certainlyOut(row({ city: 'Berlin', country: 'DE' }), [], mumbai)?.rule).toBe('outside_area');
    expect(certainlyOut(row({ city: 'Mumbai', country: 'IN' }), [], mumbai)).toBeNull();
    // Not certain: an unknown kind, a part match, a state code that is also a country's, a state named like a country, no keywords.
    expect(certainlyOut(row({ name: 'Bright Smile', category: undefined }), [], agent)).toBeNull();
    expect(certainlyOut(row({ category: 'Dental clinic' }), [], { ...agent, keywords: ['dental practice'] })).toBeNull();
    expect(certainlyOut(row({ city: 'Portland', country: 'US' }), [], { ...agent, location: 'Portland, ME' })).toBeNull();
    expect(certainlyOut(row({ city: 'Atlanta', country: 'US' }), [], { ...agent, location: 'Atlanta, Georgia' })).toBeNull();
    expect(certainlyOut(row({ category: 'Grocery' }), [], { ...agent, keywords: [] })).toBeNull();
    expect(certainlyOut(row({ city: 'Hood River' }), [], agent)).toBeNull();
  });

  it('matches words, not spellings: plurals, stems and the generic words of a keyword', () => {
    expect(matchFraction('dentists', 'Dentist')).toBe(1);
    expect(matchFraction('dental clinic', 'Pediatric dentist')).toBe(1);
    expect(matchFraction('web design agency', 'Website designer')).toBe(1);
    expect(matchFraction('dental clinic', 'Veterinary clinic')).toBe(0);
    expect(matchFraction('employment lawyer', 'Employment attorney')).toBe(0.5);
    expect(matchFraction('law', 'Lawn care')).toBe(0);
  });

  it("drops on the score only below the threshold less the scorers' tolerance", () => {
    expect(enrichmentFloor(0.6)).toBe(0.48);
    expect(enrichmentFloor(0.05)).toBe(0);
  });
});
