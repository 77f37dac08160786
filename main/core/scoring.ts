import type { AgentConfig } from './agent-config';
import type { FactInput, LeadInput, QualityTier, ScoreBreakdown } from './domain';
import { round, tierFor } from './tiers';

/** The seed's three dimensions and how much each counts; every scorer (heuristic or model) uses these. */
export const SCORE_WEIGHTS = { business_maturity: 0.35, intent_signals: 0.3, fit_match: 0.35 } as const;
export type ScorePart = keyof typeof SCORE_WEIGHTS;

/**
 * How far the heuristic may be from a careful model's judgement of the same facts (the calibration test
 * holds it to this on tests/fixtures/scoring). Discovery's floor leaves this much room below the threshold,
 * so no lead a model could still qualify is dropped on the heuristic's word.
 */
export const CALIBRATION_TOLERANCE = 0.12;

/** The lead score from its breakdown. */
export function weightedScore(b: ScoreBreakdown): number {
  return round(b.business_maturity * SCORE_WEIGHTS.business_maturity + b.intent_signals * SCORE_WEIGHTS.intent_signals + b.fit_match * SCORE_WEIGHTS.fit_match);
}

/** One named signal of the table: which part it feeds and its weight within that part (a part's weights sum to 1). */
export interface SignalSpec {
  name: string;
  part: ScorePart;
  weight: number;
  /** What it measures, in the rep's words. */
  measures: string;
}

/**
 * The signal table, shown to the rep with every score. A signal that cannot apply to a lead (a business
 * type the agent does not set, a location it does not name) is left out and its part is made of the
 * others. Ratings a source does not carry (the rep's own list, OpenStreetMap) count as average, so a lead
 * is never marked down for what its source cannot say, nor up for what nobody knows.
 */
export const SIGNALS = [
  { name: 'site_live', part: 'business_maturity', weight: 0.25, measures: 'its website answers and is its own' },
  { name: 'phone', part: 'business_maturity', weight: 0.1, measures: 'a phone number is known' },
  { name: 'address', part: 'business_maturity', weight: 0.1, measures: 'a street address is known' },
  { name: 'review_volume', part: 'business_maturity', weight: 0.25, measures: 'how many customer reviews it has' },
  { name: 'rating', part: 'business_maturity', weight: 0.1, measures: 'how well customers rate it' },
  { name: 'people', part: 'business_maturity', weight: 0.1, measures: 'named people (a team page, a named contact)' },
  { name: 'business_details', part: 'business_maturity', weight: 0.1, measures: 'opening hours, a business record, a description' },
  { name: 'content_freshness', part: 'intent_signals', weight: 0.35, measures: 'how recently its site changed' },
  { name: 'blog_activity', part: 'intent_signals', weight: 0.2, measures: 'posts published in the last year' },
  { name: 'contact_email', part: 'intent_signals', weight: 0.2, measures: 'an e-mail address it shows (found, not guessed)' },
  { name: 'social_presence', part: 'intent_signals', weight: 0.1, measures: 'profiles on social networks' },
  { name: 'web_stack', part: 'intent_signals', weight: 0.1, measures: 'tools on its site (booking, analytics, a CMS)' },
  { name: 'review_momentum', part: 'intent_signals', weight: 0.05, measures: 'customers keep reviewing it' },
  { name: 'kind_match', part: 'fit_match', weight: 0.38, measures: 'its category or name is what the agent looks for' },
  { name: 'business_type', part: 'fit_match', weight: 0.09, measures: "the agent's business type is named" },
  { name: 'in_area', part: 'fit_match', weight: 0.23, measures: "it is in the agent's location" },
  { name: 'decision_maker', part: 'fit_match', weight: 0.15, measures: 'a named owner, founder or manager to write to' },
  // Not counted until leads have answered (then the others make 85 % of the part, in the same proportions as before).
  { name: 'like_replied', part: 'fit_match', weight: 0.15, measures: 'the same kind of business, in the same city, as leads that answered you' },
] as const satisfies readonly SignalSpec[];
export type SignalName = (typeof SIGNALS)[number]['name'];

/**
 * A signal as it counted for one lead. `weight` is its share of the lead score after the signals that do
 * not apply were left out, so `lead_score` is the sum of `weight × value` (before rounding).
 */
export interface ScoreSignal {
  name: SignalName;
  part: ScorePart;
  weight: number;
  value: number;
  /** What the value rests on ("3 posts in the last year", "not read yet"). */
  evidence: string;
}

export interface HeuristicScore {
  lead_score: number;
  score_breakdown: ScoreBreakdown;
  quality_tier: QualityTier;
  /** One line per signal that moved the score, for the rep to see why. */
  reasons: string[];
  signals: ScoreSignal[];
  /**
   * The score if everything its website could still tell turned out the best it can: equal to the score
   * once the site has been read (or when there is none). Discovery drops a lead only when even this is low.
   */
  potential: number;
}

export type ScoredLead = Pick<
  LeadInput,
  'name' | 'website' | 'phone' | 'email' | 'address' | 'city' | 'country' | 'category' | 'rating' | 'review_count' | 'first_name' | 'last_name' | 'title'
> & { source?: LeadInput['source'] | undefined; sources?: readonly string[] | undefined };
export type ScoredFact = Pick<FactInput, 'kind' | 'value' | 'detail' | 'observed_at'> & { method?: FactInput['method'] | undefined };
export type ScoringAgent = Pick<AgentConfig, 'keywords' | 'location' | 'business_type' | 'threshold'>;

/**
 * What the leads that answered the rep have in common (issue 16, the seed's outcome tracking): their
 * categories and cities, folded, with how many answered. A lead like them fits better.
 */
export interface RepliedTraits {
  leads: number;
  categories: Record<string, number>;
  cities: Record<string, number>;
}
/** Fewer answers than this say nothing about which leads answer. */
export const MIN_REPLIED_LEADS = 2;

/**
 * What a signal is worth before the website has been read. A careful judge does not count what nobody has
 * looked at yet as absent: a listed website is usually a live one, and a live one usually shows a way to
 * write and some sign of life. These are those base rates, below what a good site shows, above what a dead
 * or empty one does; once the site is read, the facts replace them.
 */
const UNREAD = {
  site_live: 0.6,
  contact_detail: 0.3,
  people: 0.3,
  business_details: 0.4,
  content_freshness: 0.4,
  blog_activity: 0.3,
  contact_email: 0.4,
  social_presence: 0.3,
  web_stack: 0.4,
  decision_maker: 0.2,
} as const;

/** Ratings a source does not carry: neither good nor bad. */
const RATINGS_UNKNOWN = 0.5;

/** Words that say what sort of place, not what kind of business: "dental clinic" is about "dental". */
const GENERIC_WORDS = new Set(['clinic', 'clinics', 'practice', 'office', 'shop', 'store', 'studio', 'center', 'centre', 'service', 'services', 'company', 'agency', 'group', 'firm', 'business', 'and', 'the', 'of', 'for', 'in']);

const DECISION_MAKER = /owner|founder|director|ceo|chief|partner|manager|head|principal|president|inhaber|geschäftsführ|leiter|gérant|gerente|propriet|lead dentist/iu;

interface Known {
  value: number;
  evidence: string;
  /** The best the value could become once the website is read (absent: the value is settled). */
  best?: number;
}

/** A signal's reading; a null value is a signal that does not apply to this lead. */
type Reading = Known | { value: null; evidence: string; best?: undefined };

type SiteState = 'live' | 'dead' | 'unread' | 'none';

/**
 * The explainable offline scorer: each part of the breakdown is the weighted mean of its named signals
 * (SIGNALS), each signal a number from 0 to 1 read from the lead's fields and facts.
 */
export function scoreHeuristic(lead: ScoredLead, facts: readonly ScoredFact[], agent: ScoringAgent, now = new Date(), replied: RepliedTraits | null = null): HeuristicScore {
  const f = distinct(facts);
  const site = siteState(lead, f);
  const readings = readSignals(lead, f, agent, site, now);
  readings.set('like_replied', likeReplied(lead, replied));
  const measured = combine(readings, false);
  const best = combine(readings, true);
  const lead_score = weightedScore(measured.breakdown);
  const reasons = measured.signals
    .filter((s) => s.weight > 0)
    .sort((a, b) => b.weight * b.value - a.weight * a.value)
    .map((s) => `${s.evidence} (${s.name} ${s.value.toFixed(2)} × ${s.weight.toFixed(2)})`);
  return { lead_score, score_breakdown: measured.breakdown, quality_tier: tierFor(lead_score, agent.threshold), reasons, signals: measured.signals, potential: weightedScore(best.breakdown) };
}

function combine(readings: Map<SignalName, Reading>, bestCase: boolean): { breakdown: ScoreBreakdown; signals: ScoreSignal[] } {
  const breakdown: ScoreBreakdown = { business_maturity: 0, intent_signals: 0, fit_match: 0 };
  const signals: ScoreSignal[] = [];
  for (const part of Object.keys(SCORE_WEIGHTS) as ScorePart[]) {
    const specs = SIGNALS.filter((s) => s.part === part);
    const applying = specs.filter((s) => readings.get(s.name)!.value !== null);
    const total = applying.reduce((sum, s) => sum + s.weight, 0);
    let sum = 0;
    for (const s of specs) {
      const r = readings.get(s.name)!;
      const value = r.value === null ? 0 : bestCase ? (r.best ?? r.value) : r.value;
      const share = r.value === null || total === 0 ? 0 : s.weight / total;
      sum += share * value;
      signals.push({ name: s.name, part, weight: round(share * SCORE_WEIGHTS[part], 4), value: round(value, 3), evidence: r.value === null ? `${r.evidence} (not counted)` : r.evidence });
    }
    breakdown[part] = round(Math.min(1, sum));
  }
  return { breakdown, signals };
}

function readSignals(lead: ScoredLead, f: readonly ScoredFact[], agent: ScoringAgent, site: SiteState, now: Date): Map<SignalName, Reading> {
  const r = new Map<SignalName, Reading>();
  const unread = site === 'unread';
  const has = (kind: string) => f.some((x) => x.kind === kind);
  /** A signal only a website can show: its prior while the site is unread, nothing without one. */
  const fromSite = (name: Exclude<keyof typeof UNREAD, 'contact_detail'>, known: Reading | null, absent: Reading): Reading =>
    known ?? (unread ? { value: UNREAD[name], evidence: 'website not read yet', best: 1 } : absent);

  r.set('site_live', site === 'live' ? { value: 1, evidence: 'website answers' }
    : site === 'dead' ? { value: 0, evidence: `website is dead${deadReason(f)}` }
      : site === 'unread' ? { value: UNREAD.site_live, evidence: 'website listed, not read yet', best: 1 }
        : { value: 0, evidence: 'no website' });

  // A contact page usually lists both; until it is read they are likelier than not, not certain.
  const phone = lead.phone || has('phone');
  r.set('phone', phone ? { value: 1, evidence: 'phone number known' } : unread ? { value: UNREAD.contact_detail, evidence: 'no phone number yet, website not read', best: 1 } : { value: 0, evidence: 'no phone number' });
  const address = lead.address || has('address');
  r.set('address', address ? { value: 1, evidence: 'street address known' } : unread ? { value: UNREAD.contact_detail, evidence: 'no street address yet, website not read', best: 1 } : { value: 0, evidence: 'no street address' });

  const ratingsApply = lead.rating != null || lead.review_count != null || has('rating') || has('review_count') || (lead.sources ?? [lead.source]).includes('google_maps');
  const reviews = lead.review_count ?? numberFact(f, 'review_count') ?? (ratingsApply ? 0 : null);
  const rating = lead.rating ?? numberFact(f, 'rating');
  if (!ratingsApply || reviews === null) {
    const why = 'its source carries no ratings: counted as average';
    r.set('review_volume', { value: RATINGS_UNKNOWN, evidence: why });
    r.set('rating', { value: RATINGS_UNKNOWN, evidence: why });
    r.set('review_momentum', { value: RATINGS_UNKNOWN, evidence: why });
  } else {
    r.set('review_volume', { value: clamp(Math.log10(1 + reviews) / Math.log10(201)), evidence: `${reviews} review${reviews === 1 ? '' : 's'}` });
    // A few reviews say little about how good a business is: the rating counts fully from 20 on.
    r.set('rating', rating != null && reviews > 0 ? { value: clamp((rating - 3) / 1.5) * Math.min(1, reviews / 20), evidence: `rated ${rating} by ${reviews}` } : { value: 0, evidence: 'not rated' });
    r.set('review_momentum', { value: clamp(reviews / 50), evidence: reviews >= 50 ? 'customers keep reviewing it' : `${reviews} reviews so far` });
  }

  const people = peopleOf(lead, f);
  r.set('people', fromSite('people', people.length > 0 ? { value: people.length >= 2 ? 1 : people[0]!.role ? 0.85 : 0.7, evidence: `${people.length} named ${people.length === 1 ? 'person' : 'people'}` } : null, { value: 0, evidence: 'nobody named' }));
  if (people.length > 0 && unread) r.get('people')!.best = 1;

  const details = ['opening_hours', 'business', 'description'].filter(has).length;
  r.set('business_details', fromSite('business_details', details > 0 ? { value: details >= 2 ? 1 : 0.6, evidence: `${details} kind${details === 1 ? '' : 's'} of business detail (hours, record, description)` } : null, { value: 0, evidence: 'no opening hours or business record' }));
  if (details > 0 && details < 2 && unread) r.get('business_details')!.best = 1;

  // Intent: what the site shows of a business that is active and invests in being found.
  const fresh = newestDate(f, now);
  const freshKnown: Reading | null = fresh
    ? { value: fresh.copyrightOnly ? Math.min(0.3, freshnessValue(fresh.days)) : freshnessValue(fresh.days), evidence: fresh.copyrightOnly ? `only a copyright year (${fresh.date})` : `updated ${fresh.date} (${Math.round(fresh.days)} days ago)` }
    : site === 'live' ? { value: 0.1, evidence: 'the site shows no date' } : null;
  r.set('content_freshness', fromSite('content_freshness', freshKnown, { value: 0, evidence: 'nothing dated to read' }));

  const posts = postsLastYear(f, now);
  const blogKnown: Reading | null = posts.recent > 0
    ? { value: [0, 0.5, 0.7, 0.85][posts.recent] ?? 1, evidence: `${posts.recent} post${posts.recent === 1 ? '' : 's'} in the last year` }
    : posts.total > 0 ? { value: 0.15, evidence: `${posts.total} older post${posts.total === 1 ? '' : 's'}, none in the last year` }
      : site === 'live' ? { value: 0, evidence: 'no blog found' } : null;
  r.set('blog_activity', fromSite('blog_activity', blogKnown, { value: 0, evidence: 'no blog to read' }));

  const email = bestEmail(lead, f);
  r.set('contact_email', fromSite('contact_email', email && (email.value >= 0.5 || !unread) ? email : null, email ?? { value: 0, evidence: 'no e-mail address' }));

  const networks = new Set(f.filter((x) => x.kind === 'social').map((x) => String(x.detail?.network ?? x.value).toLowerCase()));
  r.set('social_presence', fromSite('social_presence', networks.size > 0 ? { value: networks.size >= 2 ? 1 : 0.6, evidence: `on ${[...networks].join(', ')}` } : site === 'live' ? { value: 0, evidence: 'no social profile found' } : null, { value: 0, evidence: 'no social profile' }));

  const tech = new Set(f.filter((x) => x.kind === 'tech').map((x) => x.value.toLowerCase()));
  r.set('web_stack', fromSite('web_stack', tech.size > 0 ? { value: tech.size >= 2 ? 1 : 0.6, evidence: `uses ${[...tech].slice(0, 4).join(', ')}` } : site === 'live' ? { value: 0.2, evidence: 'a site, no tool recognised' } : null, { value: 0, evidence: 'no website to invest in' }));

  // Fit: what the agent looks for.
  const kind = kindMatch(lead, f, agent);
  const mismatch = kind.value === 0;
  r.set('kind_match', kind.value === null ? { value: 0.8, evidence: 'no keywords set: every kind fits' } : unread && kind.unknown ? { value: kind.value, evidence: kind.evidence, best: 1 } : kind);
  const typeHit = agent.business_type && matchFraction(agent.business_type, haystackOf(lead, f)) > 0;
  r.set('business_type', typeHit ? { value: 1, evidence: `is ${agent.business_type}` } : { value: null, evidence: agent.business_type ? `the words do not name ${agent.business_type}` : 'no business type set' });
  const area = areaMatch(lead, f, agent);
  r.set('in_area', mismatch && area.value !== null ? { value: 0, evidence: 'another kind of business, wherever it is' } : area.value !== null && unread && area.unknown ? { value: area.value, evidence: area.evidence, best: 1 } : area);
  const boss = people.find((p) => p.role && DECISION_MAKER.test(p.role));
  const dm: Known | null = boss ? { value: 1, evidence: `${boss.name}, ${boss.role}` } : people.length > 0 ? { value: 0.5, evidence: `${people[0]!.name}, role unknown` } : null;
  r.set('decision_maker', mismatch ? { value: 0, evidence: 'another kind of business' } : fromSite('decision_maker', dm, { value: 0, evidence: 'no named contact' }));
  if (dm && dm.value < 1 && unread && !mismatch) r.get('decision_maker')!.best = 1;
  return r;
}

/** Like the leads that answered: their kind of business counts most, their city a little. Not counted before there are answers. */
function likeReplied(lead: ScoredLead, replied: RepliedTraits | null): Reading {
  if (!replied || replied.leads < MIN_REPLIED_LEADS) return { value: null, evidence: 'too few answers yet to learn from' };
  const category = lead.category ? (replied.categories[fold(lead.category)] ?? 0) : 0;
  const city = lead.city ? (replied.cities[fold(lead.city)] ?? 0) : 0;
  const value = (category > 0 ? 0.7 : 0) + (city > 0 ? 0.3 : 0);
  const like = [category > 0 && `${category} ${lead.category}`, city > 0 && `${city} in ${lead.city}`].filter(Boolean).join(', ');
  return { value, evidence: like ? `like leads that answered you (${like})` : `unlike the ${replied.leads} leads that answered you` };
}

function siteState(lead: ScoredLead, f: readonly ScoredFact[]): SiteState {
  const status = f.find((x) => x.kind === 'website_status');
  if (status?.value === 'live') return 'live';
  if (status?.value === 'dead') return 'dead';
  return lead.website ? 'unread' : 'none';
}

function deadReason(f: readonly ScoredFact[]): string {
  const reason = f.find((x) => x.kind === 'website_status')?.detail?.reason;
  return typeof reason === 'string' ? ` (${reason.replace(/_/g, ' ')})` : '';
}

/** The same fact from the lead's own fields and from a page is one fact. */
function distinct(facts: readonly ScoredFact[]): ScoredFact[] {
  const seen = new Set<string>();
  return facts.filter((x) => {
    const k = `${x.kind}|${x.value.trim().toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function clamp(n: number): number {
  return Math.max(0, Math.min(1, n));
}

/** 1 within a month, falling to 0.4 at a year and 0.1 at three years. */
function freshnessValue(days: number): number {
  if (days <= 30) return 1;
  if (days <= 365) return 1 - (0.6 * (days - 30)) / 335;
  if (days <= 1095) return 0.4 - (0.3 * (days - 365)) / 730;
  return 0.05;
}

function numberFact(facts: readonly ScoredFact[], kind: string): number | null {
  const x = facts.find((y) => y.kind === kind);
  const n = x ? Number(x.value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function dateOf(raw: unknown): Date | null {
  if (typeof raw !== 'string' || !raw) return null;
  const d = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

function newestDate(facts: readonly ScoredFact[], now: Date): { date: string; days: number; copyrightOnly: boolean } | null {
  let best: { d: Date; copyright: boolean } | null = null;
  for (const x of facts) {
    let raw: unknown;
    if (x.kind === 'last_updated') raw = x.detail?.date ?? x.value;
    else if (x.kind === 'content_freshness' || x.kind === 'blog_post') raw = x.detail?.date;
    else if (x.kind === 'blog_activity') raw = x.detail?.latest_date;
    else continue;
    const d = dateOf(raw);
    // A date in the future is a typo or a scheduled post, not evidence of activity.
    if (!d || d.getTime() > now.getTime() + 86_400_000) continue;
    const copyright = x.method === 'copyright' || x.detail?.basis === 'copyright year';
    if (!best || d > best.d || (d.getTime() === best.d.getTime() && !copyright)) best = { d, copyright };
  }
  if (!best) return null;
  return { date: best.d.toISOString().slice(0, 10), days: Math.max(0, (now.getTime() - best.d.getTime()) / 86_400_000), copyrightOnly: best.copyright };
}

function postsLastYear(facts: readonly ScoredFact[], now: Date): { recent: number; total: number } {
  const yearAgo = now.getTime() - 365 * 86_400_000;
  const activity = facts.find((x) => x.kind === 'blog_activity');
  const fromActivity = { recent: Number(activity?.detail?.posts_last_365_days ?? 0) || 0, total: Number(activity?.detail?.count ?? 0) || 0 };
  const posts = facts.filter((x) => x.kind === 'blog_post');
  const recent = posts.filter((p) => {
    const d = dateOf(p.detail?.date);
    return d !== null && d.getTime() >= yearAgo && d.getTime() <= now.getTime() + 86_400_000;
  }).length;
  return { recent: Math.max(recent, fromActivity.recent), total: Math.max(posts.length, fromActivity.total) };
}

function bestEmail(lead: ScoredLead, facts: readonly ScoredFact[]): Known | null {
  const found = facts.filter((x) => x.kind === 'email');
  const value = (x: ScoredFact): number => {
    if (x.detail?.status === 'guessed_unverified') return 0.3;
    // An address on another business's domain (the agency that built the site) reaches someone else.
    if (x.detail?.domain_matches_site === false && x.detail?.class !== 'webmail') return 0.3;
    return x.detail?.class === 'personal' ? 1 : x.detail?.class === 'webmail' ? 0.7 : 0.85;
  };
  let best: Known | null = lead.email ? { value: /^(info|hello|hi|contact|office|mail|team|admin|kontakt|care|appointments|frontdesk)@/i.test(lead.email) ? 0.85 : 1, evidence: `e-mail ${lead.email}` } : null;
  for (const x of found) {
    const v = value(x);
    if (!best || v > best.value) best = { value: v, evidence: `e-mail ${x.value}${v <= 0.3 ? ' (guessed or not its own)' : ''}` };
  }
  return best;
}

interface Person {
  name: string;
  role: string | undefined;
}

function peopleOf(lead: ScoredLead, facts: readonly ScoredFact[]): Person[] {
  const out = new Map<string, Person>();
  if (lead.first_name) {
    const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ');
    out.set(name.toLowerCase(), { name, role: lead.title ?? undefined });
  }
  for (const x of facts) {
    if (x.kind !== 'person') continue;
    const key = x.value.toLowerCase().replace(/^(dr|prof|mr|mrs|ms|herr|frau)\.?\s+/u, '');
    const role = typeof x.detail?.role === 'string' ? x.detail.role : undefined;
    const known = [...out.entries()].find(([k]) => k === key || k.endsWith(key) || key.endsWith(k));
    if (known) known[1].role ??= role;
    else out.set(key, { name: x.value, role });
  }
  return [...out.values()];
}

/** Lower-case, accents folded, so "Zahnärzte" and "zahnarzte" compare. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').replace(/ß/gu, 'ss').toLowerCase();
}

function words(s: string): string[] {
  return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(stem);
}

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(ches|shes|sses|xes)$/u.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/**
 * "dental" and "dentist", "design" and "designer": one word a prefix of the other, or a long shared start.
 * A short word starts a longer one only as the first part of a compound ("web" in "website", "law" in
 * "lawyer"), never by a letter or two ("law" in "lawn").
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.startsWith(short) && (short.length >= 4 || long.length - short.length >= 3)) return true;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return i >= 4 && i / short.length >= 0.6;
}

/** How much of a keyword the text names: the share of its telling words found in it. */
export function matchFraction(keyword: string, text: string): number {
  const all = words(keyword);
  const telling = all.filter((w) => !GENERIC_WORDS.has(w));
  const wanted = telling.length > 0 ? telling : all;
  if (wanted.length === 0) return 0;
  const have = words(text);
  return wanted.filter((w) => have.some((h) => sameWord(w, h))).length / wanted.length;
}

function categoriesOf(lead: ScoredLead, facts: readonly ScoredFact[]): string[] {
  const out = facts.filter((x) => x.kind === 'category').map((x) => x.value);
  if (lead.category) out.unshift(lead.category);
  for (const x of facts) if (x.kind === 'business' && typeof x.detail?.schema_type === 'string') out.push(x.detail.schema_type.replace(/([a-z])([A-Z])/gu, '$1 $2'));
  return out;
}

function haystackOf(lead: ScoredLead, facts: readonly ScoredFact[]): string {
  return [lead.name, lead.title, ...categoriesOf(lead, facts)].filter(Boolean).join(' ');
}

/** Whether the lead is what the agent looks for; null when the agent looks for anything. */
function kindMatch(lead: ScoredLead, facts: readonly ScoredFact[], agent: Pick<ScoringAgent, 'keywords'>): (Known & { unknown?: boolean }) | { value: null; evidence: string; unknown?: undefined } {
  if (agent.keywords.length === 0) return { value: null, evidence: 'no keywords set' };
  const cats = categoriesOf(lead, facts);
  const text = haystackOf(lead, facts);
  let best = 0;
  let hit = '';
  for (const k of agent.keywords) {
    const m = matchFraction(k, text);
    if (m > best) [best, hit] = [m, k];
  }
  if (best > 0) return { value: best, evidence: `matches "${hit}"${best < 1 ? ' in part' : ''}` };
  if (cats.length > 0) return { value: 0, evidence: `is ${cats[0]}, not ${agent.keywords.slice(0, 3).join(' / ')}` };
  return { value: 0.5, evidence: 'kind unknown: no category, the name does not say', unknown: true };
}

function areaMatch(lead: ScoredLead, facts: readonly ScoredFact[], agent: Pick<ScoringAgent, 'location'>): (Known & { unknown?: boolean }) | { value: null; evidence: string; unknown?: undefined } {
  const town = townOf(agent.location);
  if (!town) return { value: null, evidence: 'no location set' };
  const places = [lead.city, lead.address, ...facts.filter((x) => x.kind === 'address').map((x) => x.value)].filter((p): p is string => !!p);
  if (places.length === 0) return { value: 0.5, evidence: 'place unknown', unknown: true };
  if (places.some((p) => containsPhrase(p, town))) return { value: 1, evidence: `in ${agent.location}` };
  // Another town may be a suburb, or the same town spelled in another language: weak, not disqualifying.
  return { value: 0.25, evidence: `in ${lead.city ?? places[0]}, not ${agent.location}` };
}

function townOf(location: string): string {
  return fold(location.split(',')[0] ?? '').trim();
}

function containsPhrase(text: string, phrase: string): boolean {
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const p = ` ${phrase.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return p.trim().length > 0 && t.includes(p);
}

/** Why a lead is certainly out, said before anything is spent on it. */
export interface OutVerdict {
  /** A short stable name ("permanently_closed"), counted in the run's summary. */
  rule: string;
  reason: string;
}

/**
 * The facts and fields that settle a lead without a score: a business that closed for good, one of
 * another kind, one in another country. Each rule needs the fact that settles it; when it is unknown the
 * lead goes on, and the score decides.
 */
export function certainlyOut(lead: ScoredLead, facts: readonly ScoredFact[], agent: ScoringAgent): OutVerdict | null {
  const closed = facts.find((x) => x.kind === 'business' && (x.detail?.status === 'permanently_closed' || /permanently closed/iu.test(x.value)));
  if (closed) return { rule: 'permanently_closed', reason: `${lead.name} is permanently closed (${closed.method ?? 'source'}).` };
  const kind = kindMatch(lead, facts, agent);
  if (kind.value === 0 && !kind.unknown) {
    return { rule: 'other_kind', reason: `${lead.name} ${kind.evidence}.` };
  }
  const country = countryNamed(agent.location);
  const leadCountry = lead.country ? countryName(lead.country) : null;
  if (country && leadCountry && leadCountry !== country) {
    const town = townOf(agent.location);
    const places = [lead.city, lead.address].filter((p): p is string => !!p);
    if (!places.some((p) => containsPhrase(p, town))) return { rule: 'outside_area', reason: `${lead.name} is in ${lead.city ?? lead.country}, not in ${agent.location}.` };
  }
  return null;
}

let regionNames: Map<string, string> | null = null;

/** Every country's English name (folded) by its code, and by its name, from the runtime's own ICU data. */
function regions(): Map<string, string> {
  if (regionNames) return regionNames;
  regionNames = new Map();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      const name = names.of(code);
      if (!name || name === code) continue;
      const n = fold(name);
      regionNames.set(code.toLowerCase(), n);
      regionNames.set(n, n);
    }
  }
  return regionNames;
}

/** A country code or English country name → its folded English name; null when it is not one. */
function countryName(s: string): string | null {
  return regions().get(fold(s).trim()) ?? null;
}

/**
 * The country a location names in full as its last part ("Mumbai, India"); null for none or a short code,
 * which is as often a state ("Portland, ME") as a country, and for Georgia, which is both.
 */
function countryNamed(location: string): string | null {
  const parts = location.split(',').map((p) => p.trim()).filter(Boolean);
  const last = parts.length > 1 ? parts[parts.length - 1]! : '';
  if (last.length < 4 || fold(last) === 'georgia') return null;
  return countryName(last);
}

/**
 * The lowest best-case score that still earns a lead the basic enrichment: the threshold less the
 * calibration tolerance, so a lead a model might still qualify once its site is read is never dropped.
 */
export function enrichmentFloor(threshold: number): number {
  return round(Math.max(0, threshold - CALIBRATION_TOLERANCE));
}
