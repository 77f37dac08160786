import type { AgentConfig } from './agent-config';
import type { FactInput, LeadInput, QualityTier, ScoreBreakdown } from './domain';
import { round, tierFor } from './tiers';

export interface HeuristicScore {
  lead_score: number;
  score_breakdown: ScoreBreakdown;
  quality_tier: QualityTier;
  /** One line per signal that moved the score, for the rep to see why. */
  reasons: string[];
}

type ScoredLead = Pick<LeadInput, 'name' | 'website' | 'phone' | 'email' | 'address' | 'city' | 'category' | 'rating' | 'review_count' | 'first_name' | 'title'>;
type ScoredFact = Pick<FactInput, 'kind' | 'value' | 'detail' | 'observed_at'>;

/** The seed's three dimensions and how much each counts; every scorer (heuristic or model) uses these. */
export const SCORE_WEIGHTS = { business_maturity: 0.35, intent_signals: 0.3, fit_match: 0.35 } as const;

/** The lead score from its breakdown. */
export function weightedScore(b: ScoreBreakdown): number {
  return round(b.business_maturity * SCORE_WEIGHTS.business_maturity + b.intent_signals * SCORE_WEIGHTS.intent_signals + b.fit_match * SCORE_WEIGHTS.fit_match);
}

/**
 * The explainable offline scorer. Each part is a sum of named signals capped at 1, so the rep can read
 * exactly why a lead scored as it did; weights are the seed's three dimensions.
 */
export function scoreHeuristic(lead: ScoredLead, facts: readonly ScoredFact[], agent: Pick<AgentConfig, 'keywords' | 'location' | 'business_type' | 'threshold'>, now = new Date()): HeuristicScore {
  const reasons: string[] = [];
  const add = (why: string, points: number): number => {
    reasons.push(`${why} (+${points.toFixed(2)})`);
    return points;
  };
  const has = (kind: string) => facts.some((f) => f.kind === kind);

  // Business maturity: an established, reachable business with a track record.
  let maturity = 0;
  if (lead.website) maturity += add('has a website', 0.3);
  if (lead.phone || has('phone')) maturity += add('has a phone number', 0.15);
  if (lead.address || has('address')) maturity += add('has a street address', 0.1);
  const reviews = lead.review_count ?? numberFact(facts, 'review_count');
  if (reviews != null && reviews > 0) maturity += add(`${reviews} reviews`, Math.min(0.3, 0.06 * Math.log10(1 + reviews) * 3));
  const rating = lead.rating ?? numberFact(facts, 'rating');
  if (rating != null && rating >= 4) maturity += add(`rated ${rating}`, rating >= 4.5 ? 0.15 : 0.1);

  // Intent signals: the business is active and investing in being found.
  let intent = 0;
  const posts = facts.filter((f) => f.kind === 'blog_post');
  const newest = newestDate(facts);
  if (newest) {
    const days = (now.getTime() - newest.getTime()) / 86_400_000;
    if (days <= 90) intent += add('content updated in the last 3 months', 0.45);
    else if (days <= 365) intent += add('content updated in the last year', 0.25);
  }
  if (posts.length > 0) intent += add(`${posts.length} blog post${posts.length > 1 ? 's' : ''}`, Math.min(0.3, 0.1 * posts.length));
  if (has('social')) intent += add('active on social media', 0.15);
  if (has('tech')) intent += add('known web stack', 0.1);
  if (lead.email || has('email')) intent += add('has a contact e-mail', 0.2);
  if (lead.website) intent += add('invests in a website', 0.15);
  if (reviews != null && reviews >= 50) intent += add('customers keep reviewing it', 0.2);

  // Fit: matches what the agent looks for.
  let fit = 0;
  const haystack = [lead.name, lead.category, lead.title, ...facts.filter((f) => f.kind === 'category').map((f) => f.value)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  const keywordHit = agent.keywords.find((k) => stemMatch(haystack, k));
  if (keywordHit) fit += add(`matches "${keywordHit}"`, 0.5);
  else if (agent.keywords.length === 0) fit += add('no keywords set: every business fits', 0.4);
  if (agent.business_type && stemMatch(haystack, agent.business_type)) fit += add(`is ${agent.business_type}`, 0.1);
  const place = [lead.city, lead.address].filter(Boolean).join(' ').toLowerCase();
  const city = agent.location.split(',')[0]?.trim().toLowerCase();
  if (city && place.includes(city)) fit += add(`in ${agent.location}`, 0.3);
  else if (!city) fit += add('no location set', 0.2);
  if (lead.first_name) fit += add('a named contact', 0.15);
  if (lead.title && /owner|founder|director|ceo|partner|manager|head|principal|inhaber|geschäftsführer/i.test(lead.title)) fit += add(`contact is ${lead.title}`, 0.1);

  const score_breakdown: ScoreBreakdown = {
    business_maturity: round(Math.min(1, maturity)),
    intent_signals: round(Math.min(1, intent)),
    fit_match: round(Math.min(1, fit)),
  };
  const lead_score = weightedScore(score_breakdown);
  return { lead_score, score_breakdown, quality_tier: tierFor(lead_score, agent.threshold), reasons };
}

function numberFact(facts: readonly ScoredFact[], kind: string): number | null {
  const f = facts.find((x) => x.kind === kind);
  const n = f ? Number(f.value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function newestDate(facts: readonly ScoredFact[]): Date | null {
  let best: Date | null = null;
  for (const f of facts) {
    if (f.kind !== 'blog_post' && f.kind !== 'last_updated' && f.kind !== 'content_freshness') continue;
    const raw = (f.detail?.date as string | undefined) ?? (f.kind === 'last_updated' ? f.value : undefined);
    if (!raw) continue;
    const d = new Date(raw);
    if (!Number.isNaN(d.getTime()) && (!best || d > best)) best = d;
  }
  return best;
}

/** "dentists" matches "Dental clinic" and "dentist": compare on a short common stem. */
function stemMatch(haystack: string, keyword: string): boolean {
  const k = keyword.toLowerCase().trim();
  if (!k) return false;
  if (haystack.includes(k)) return true;
  const stem = k.replace(/(ists|ies|es|s)$/u, '').slice(0, Math.max(4, Math.min(k.length - 1, 6)));
  return stem.length >= 4 && haystack.includes(stem);
}
