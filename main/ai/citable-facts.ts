import type { Fact, Lead } from '../core/domain';
import { hoursCover } from '../core/claims';
import { isRemarkableRating, sectorOf, type Sector } from '../core/message-lexicon';
import { looksLikeInstruction } from './prompt-data';

/**
 * The facts a writer may cite: each with an id, its source and a relevance for this agent's offer,
 * de-duplicated and cleaned, never raw page text. The composer and the model prompts both draw from this
 * list, so what a model is shown and what the offline composer would say are the same facts.
 */

export type AngleKind =
  | 'news_hire' | 'news_expansion' | 'news_service' | 'hours' | 'phone_booking' | 'services' | 'site_platform' | 'site_age'
  | 'booking' | 'blog' | 'team' | 'rating' | 'location';

export type OfferTopic = 'booking' | 'web' | 'marketing' | 'it' | 'finance' | 'staffing' | 'generic';

export interface CitableFact {
  /** The stored fact's id, or "lead.rating" for a lead field. */
  id: string;
  /** Short id for prompts and claims: F1, F2, … in rank order. */
  ref: string;
  kind: string;
  angle: AngleKind;
  /** One line the writer may cite, cleaned and bounded. */
  text: string;
  source_url: string | null;
  method: string;
  date: string | null;
  /** 0..1: how much this fact says about the need this agent's offer answers. */
  relevance: number;
  /** Parsed parts for the composer (a post's title, a person's name and role, opening days…). */
  parts: FactParts;
}

export interface FactParts {
  title?: string;
  person?: string;
  role?: string;
  tech?: string;
  techCategory?: string;
  year?: number;
  days?: string[];
  hours?: Array<{ days: string[]; open: string; close: string }>;
  rating?: number;
  reviews?: number;
  street?: string;
}

export interface RankingAgent {
  value_proposition: string;
  keywords?: readonly string[] | undefined;
  call_to_action?: string | undefined;
}

export interface RankOptions {
  now?: Date | undefined;
  /** How often each angle led to an approved or answered draft before (0..1), from the rep's outcomes. */
  outcomes?: Partial<Record<AngleKind, number>> | undefined;
  max?: number | undefined;
}

const TOPIC_PATTERNS: Array<[OfferTopic, RegExp]> = [
  ['it', /\bIT\b|\b(?:backups?|security|laptops?|network|cloud|devices|cyber|datensicherung|it-sicherheit)\b/u],
  ['finance', /\b(?:bookkeeping|payroll|invoic\w*|tax returns|buchhaltung|lohnabrechnung)\b/iu],
  ['staffing', /\b(?:recruit\w*|hiring|staffing|personalvermittlung)\b/iu],
  ['marketing', /\b(?:marketing|leads?|ads|advertis\w*|seo|google search|search results|visibility|reviews|social media|sichtbarkeit|werbung)\b/iu],
  ['booking', /\b(?:book\w*|appointments?|schedul\w*|reservations?|ordering|order ahead|reminders?|termin\w*|buchung\w*|reservier\w*)\b|terminbuchung/iu],
  ['web', /\b(?:websites?|site|web|homepage|online presence|webseite|internetauftritt)\b|websites/iu],
];

/** What the agent sells, as the topics its value proposition and keywords name (most particular first). */
export function offerTopics(agent: RankingAgent): OfferTopic[] {
  const text = [agent.value_proposition, agent.call_to_action ?? ''].join(' ');
  const out = TOPIC_PATTERNS.filter(([, re]) => re.test(text)).map(([t]) => t);
  return out.length ? out : ['generic'];
}

const WEIGHTS: Record<AngleKind, Record<OfferTopic, number>> = {
  news_hire: { booking: 0.8, web: 0.6, marketing: 0.6, it: 0.9, finance: 0.85, staffing: 0.9, generic: 0.7 },
  news_expansion: { booking: 0.85, web: 0.75, marketing: 0.85, it: 0.85, finance: 0.85, staffing: 0.7, generic: 0.75 },
  news_service: { booking: 0.75, web: 0.65, marketing: 0.75, it: 0.4, finance: 0.5, staffing: 0.4, generic: 0.6 },
  hours: { booking: 0.9, web: 0.6, marketing: 0.65, it: 0.35, finance: 0.4, staffing: 0.3, generic: 0.5 },
  phone_booking: { booking: 0.95, web: 0.75, marketing: 0.5, it: 0.2, finance: 0.2, staffing: 0.2, generic: 0.4 },
  services: { booking: 0.55, web: 0.5, marketing: 0.7, it: 0.3, finance: 0.4, staffing: 0.3, generic: 0.5 },
  site_platform: { booking: 0.6, web: 0.85, marketing: 0.5, it: 0.5, finance: 0.2, staffing: 0.2, generic: 0.4 },
  site_age: { booking: 0.55, web: 0.9, marketing: 0.65, it: 0.45, finance: 0.2, staffing: 0.2, generic: 0.4 },
  booking: { booking: 0.3, web: 0.4, marketing: 0.3, it: 0.3, finance: 0.2, staffing: 0.2, generic: 0.3 },
  blog: { booking: 0.5, web: 0.55, marketing: 0.6, it: 0.45, finance: 0.5, staffing: 0.3, generic: 0.5 },
  team: { booking: 0.5, web: 0.4, marketing: 0.4, it: 0.6, finance: 0.5, staffing: 0.6, generic: 0.5 },
  rating: { booking: 0.4, web: 0.4, marketing: 0.6, it: 0.2, finance: 0.2, staffing: 0.2, generic: 0.4 },
  location: { booking: 0.2, web: 0.2, marketing: 0.3, it: 0.2, finance: 0.2, staffing: 0.2, generic: 0.2 },
};

const HIRE = /\b(?:(?:meet|welcome|welcoming|welcomes)(?!\s+(?:to|back|in)\b)|joins?|joined|joining|hired|hiring|new (?:hygienist|dentist|doctor|stylist|colou?rist|barista|electrician|plumber|accountant|associate|partner|lawyer|attorney|therapist|physio\w*|team member|staff)\w*|newest|neu im team|willkommen|verstärkung|begrüßen|neue kollegin|neuer kollege|eingestellt)\b/iu;
const EXPANSION = /\b(?:second|third|new (?:location|office|shop|clinic|branch|room|studio|space|van|truck|premises)|opens? in|opening|expan\w*|moved|moving|relocat\w*|renovat\w*|ready|zweiter|zweite|neue[rn]? (?:standort|räume|praxis|filiale|trainingsraum|behandlungsraum)|standort|umgezogen|eröffne\w*|erweitert|neue räume|trainingsraum)\b/iu;
const HOURS_NEWS = /\b(?:now open|open late|late on|opening hours|saturday|sunday|weekend|evenings?|samstags?|sonntags?|öffnungszeiten|geöffnet|abends)\b/iu;
const SERVICE_NEWS = /\b(?:now (?:offer|offering|available)|new(?: service| treatment)?:|neu:|jetzt auch|is back|are back|introduc\w*|launch\w*|bieten (?:jetzt|neu)|new website|neue website)\b/iu;
const PHONE_BOOKING = /\b(?:call (?:us )?to book|by phone|appointments by phone|book by phone|telefonisch|nach telefonischer|per telefon|call us to (?:book|schedule))\b/iu;

export function citableFacts(lead: Lead, facts: readonly Fact[], agent: RankingAgent, opts: RankOptions = {}): { facts: CitableFact[]; withheld: Fact[] } {
  const now = opts.now ?? new Date();
  const sector = sectorOf(lead.category, lead.name);
  const topics = offerTopics(agent);
  const withheld: Fact[] = [];
  const out: Array<Omit<CitableFact, 'ref' | 'relevance'> & { base: number }> = [];
  const seen = new Set<string>();
  const push = (c: Omit<CitableFact, 'ref' | 'relevance'>) => {
    const key = `${c.angle}|${c.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...c, base: 0 });
  };
  const contactTokens = [lead.first_name, lead.last_name].filter(Boolean).map((x) => x!.toLowerCase());
  for (const f of facts) {
    const raw = `${f.value} ${JSON.stringify(f.detail ?? {})}`;
    if (looksLikeInstruction(raw)) {
      withheld.push(f);
      continue;
    }
    const base = { id: f.id, kind: f.kind, source_url: f.source_url, method: f.method };
    const value = clean(f.value, 200);
    if (!value) continue;
    switch (f.kind) {
      case 'blog_post': {
        const title = clean(typeof f.detail?.title === 'string' ? f.detail.title : f.value, 160);
        const date = typeof f.detail?.date === 'string' ? f.detail.date : null;
        const angle: AngleKind = HIRE.test(title) ? 'news_hire' : HOURS_NEWS.test(title) ? 'hours' : EXPANSION.test(title) ? 'news_expansion' : SERVICE_NEWS.test(title) ? 'news_service' : 'blog';
        push({ ...base, angle, text: title, date, parts: { title } });
        break;
      }
      case 'opening_hours': {
        const hours = parseHours(value);
        push({ ...base, angle: 'hours', text: value, date: null, parts: { hours, days: [...new Set(hours.flatMap((h) => h.days))] } });
        break;
      }
      case 'description': {
        const angle: AngleKind = PHONE_BOOKING.test(value) ? 'phone_booking' : SERVICE_NEWS.test(value) ? 'news_service' : 'services';
        push({ ...base, angle, text: value, date: null, parts: {} });
        break;
      }
      case 'tech': {
        const category = typeof f.detail?.category === 'string' ? f.detail.category : '';
        if (category === 'booking') push({ ...base, angle: 'booking', text: value, date: null, parts: { tech: value, techCategory: category } });
        else if (category === 'cms' || category === 'site_builder' || category === 'ecommerce') push({ ...base, angle: 'site_platform', text: value, date: null, parts: { tech: value, techCategory: category } });
        break;
      }
      case 'content_freshness': {
        const year = Number(f.detail?.year ?? (f.method === 'copyright' ? value : NaN));
        if (f.method === 'copyright' && Number.isInteger(year) && year <= now.getUTCFullYear() - 2) {
          push({ ...base, angle: 'site_age', text: `copyright year ${year} on the website`, date: null, parts: { year } });
        }
        break;
      }
      case 'person': {
        const name = clean(typeof f.detail?.name === 'string' ? f.detail.name : f.value, 100);
        const role = typeof f.detail?.role === 'string' ? clean(f.detail.role, 80) : undefined;
        const tokens = name.toLowerCase().split(/\s+/u);
        // The contact is greeted, not cited; the team around them is an angle.
        if (contactTokens.length > 0 && contactTokens.every((t) => tokens.includes(t))) break;
        push({ ...base, angle: 'team', text: role ? `${name}, ${role}` : name, date: null, parts: { person: name, ...(role ? { role } : {}) } });
        break;
      }
      case 'address': {
        const street = /^\s*\d+\s+([^,]+)/u.exec(value)?.[1]?.trim();
        if (street) push({ ...base, angle: 'location', text: value, date: null, parts: { street } });
        break;
      }
      default:
        break;
    }
  }
  // The lead's own street address is a fact too (from the source), when no page gave one.
  if (lead.address && !out.some((c) => c.angle === 'location')) {
    const street = /^\s*\d+\s+([^,]+)/u.exec(lead.address)?.[1]?.trim();
    if (street) push({ id: 'lead.address', kind: 'address', angle: 'location', text: clean(lead.address, 200), source_url: null, method: lead.source, date: null, parts: { street } });
  }
  const rating = lead.rating ?? num(facts.find((f) => f.kind === 'rating')?.value);
  const reviews = lead.review_count ?? num(facts.find((f) => f.kind === 'review_count')?.value);
  if (rating != null && reviews != null && isRemarkableRating(rating, reviews, sector)) {
    const fact = facts.find((f) => f.kind === 'rating');
    push({ id: fact?.id ?? 'lead.rating', kind: 'rating', angle: 'rating', text: `${rating} stars from ${reviews} reviews`, source_url: fact?.source_url ?? null, method: fact?.method ?? 'source', date: null, parts: { rating, reviews } });
  }

  const keywordStems = new Set([agent.value_proposition, ...(agent.keywords ?? [])].join(' ').toLowerCase().match(/\p{L}{5,}/gu) ?? []);
  const ranked = out.map((c) => {
    let r = Math.max(...topics.map((t) => WEIGHTS[c.angle][t]));
    if (c.angle === 'hours' && !notableHours(c) && c.kind === 'opening_hours') r -= 0.3;
    if (c.date) {
      const age = (now.getTime() - Date.parse(c.date)) / 86_400_000;
      if (Number.isFinite(age)) r += age <= 60 ? 0.1 : age <= 180 ? 0.04 : age > 365 ? -0.15 : 0;
    }
    const words = c.text.toLowerCase().match(/\p{L}{5,}/gu) ?? [];
    if (words.some((w) => keywordStems.has(w))) r += 0.03;
    r += 0.1 * (opts.outcomes?.[c.angle] ?? 0);
    return { ...c, relevance: Math.round(Math.max(0, Math.min(1, r)) * 1000) / 1000 };
  });
  ranked.sort((a, b) => b.relevance - a.relevance || (b.date ?? '').localeCompare(a.date ?? ''));
  const max = opts.max ?? 12;
  return { facts: ranked.slice(0, max).map(({ base: _base, ...c }, i) => ({ ...c, ref: `F${i + 1}` })), withheld };
}

/** Opening hours worth remarking on: weekends, early mornings, late evenings. */
export function notableHours(c: Pick<CitableFact, 'parts' | 'text'>): boolean {
  const h = c.parts.hours ?? [];
  if (h.length === 0) return HOURS_NEWS.test(c.text);
  return h.some((x) => x.days.includes('sa') || x.days.includes('su') || x.close >= '19:00' || x.open <= '07:00');
}

const DAY_ORDER = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const DAY_ALIASES: Record<string, string> = { di: 'tu', mi: 'we', do: 'th', so: 'su' };

/** "Mo-Fr 08:00-17:00; Sa 08:00-12:00" into day groups with their times. */
export function parseHours(text: string): Array<{ days: string[]; open: string; close: string }> {
  const out: Array<{ days: string[]; open: string; close: string }> = [];
  for (const part of text.split(/[;|]/u)) {
    const t = /(\d{1,2}):(\d\d)\s*[-–]\s*(\d{1,2}):(\d\d)/u.exec(part);
    if (!t) continue;
    const days = DAY_ORDER.filter((d) => hoursCover(part.replace(/(\d{1,2}):(\d\d)\s*[-–]\s*(\d{1,2}):(\d\d)/u, ''), d) || aliasCover(part, d));
    out.push({ days, open: `${t[1]!.padStart(2, '0')}:${t[2]}`, close: `${t[3]!.padStart(2, '0')}:${t[4]}` });
  }
  return out;
}

function aliasCover(part: string, day: string): boolean {
  return Object.entries(DAY_ALIASES).some(([alias, d]) => d === day && new RegExp(`\\b${alias}\\b`, 'iu').test(part));
}

function num(v: string | undefined): number | null {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : null;
}

/** One line of plain text: no markup, no line breaks, no quotes that could close ours, bounded. */
export function clean(s: string, max: number): string {
  const t = s.replace(/<[^>]*>/gu, ' ').replace(/[\u0000-\u001f\u007f]/gu, ' ').replace(/\s+/gu, ' ').trim();
  return t.length <= max ? t : t.slice(0, max - 1).trimEnd() + '…';
}

export type { Sector };
