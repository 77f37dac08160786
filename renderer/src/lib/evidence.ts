import type { DraftClaimView, FactView } from '../../../preload/contract';
import { firstMention, segments, usableTerms } from './highlight';

/**
 * The review pane's evidence (issue 13): the message's claims as the message check matched them to the
 * lead's facts, and the facts themselves, deduplicated and ordered by their use in the message, then by
 * how much they say. Pure, so the queue of rules is tested without a window.
 */

/** A claim as the pane shows it: what backs it (a fact, or the lead's own record), or why nothing does. */
export interface ClaimMark {
  claim: DraftClaimView;
  /** The stored fact behind it, when the check tied it to one. */
  fact: FactView | null;
  /** "the business's name", "its city" when backed by the lead's own record. */
  record: string | null;
  ok: boolean;
}

const RECORD: Record<string, string> = {
  'lead.name': "the business's name", 'lead.contact': 'the contact on record', 'lead.city': 'its city', 'lead.address': 'its address', 'lead.country': 'its country',
  'lead.category': 'its category', 'lead.rating': 'its rating', 'lead.review_count': 'its number of reviews', 'lead.website': 'its website',
};

export function claimMarks(claims: readonly DraftClaimView[], facts: readonly FactView[]): ClaimMark[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  return claims.map((claim) => ({
    claim,
    fact: claim.fact_id ? (byId.get(claim.fact_id) ?? null) : null,
    record: claim.fact_id ? (RECORD[claim.fact_id] ?? null) : null,
    ok: claim.supported === 'supported',
  }));
}

/** A run of the message: plain, or one claim (green when backed, red when not). */
export interface MessageRun {
  text: string;
  mark: ClaimMark | null;
}

/** The message split at its claims, each found as whole words; a longer claim wins where two overlap. */
export function messageRuns(body: string, marks: readonly ClaimMark[]): MessageRun[] {
  const texts = marks.map((m) => m.claim.text);
  return segments(body, texts).map((s) => ({ text: s.text, mark: s.term === null ? null : marks[s.term]! }));
}

/** Where a fact came from, as the rep can follow it: a link that opens, or the CSV row they imported. */
export type FactSource = { kind: 'link'; url: string } | { kind: 'csv'; row: number | null } | { kind: 'none' };

const CSV_ROW = /#row=(\d+)/;

export function sourceOf(f: FactView): FactSource {
  const url = f.source_url ?? '';
  if (/^file:/i.test(url) || f.method === 'csv') {
    const row = CSV_ROW.exec(url)?.[1];
    return { kind: 'csv', row: row ? Number(row) : null };
  }
  if (/^https:\/\//i.test(url)) return { kind: 'link', url };
  return { kind: 'none' };
}

/** Data the rep imported is theirs: no "80 % sure" on it. */
export function isImported(f: FactView): boolean {
  return sourceOf(f).kind === 'csv' || f.detail?.status === 'from_source';
}

/** The value a fact shows (a blog post's title rather than its URL). */
export function factLabel(f: FactView): string {
  const title = f.detail && typeof f.detail.title === 'string' ? f.detail.title : null;
  return title ?? f.value;
}

/** Digits of a phone that say which line it is, with or without its country code ("+1 503…" and "(503) …"). */
const NATIONAL_DIGITS = 10;

/** One spelling per value: phones by their national digits, everything else by its words. */
function dedupeKey(f: FactView): string {
  const v = factLabel(f);
  return `${f.kind}:${f.kind === 'phone' ? v.replace(/\D/g, '').slice(-NATIONAL_DIGITS) : v.trim().toLowerCase().replace(/\s+/g, ' ')}`;
}

export interface EvidenceItem {
  fact: FactView;
  text: string;
  /** The message uses it: a claim is tied to it, or it names it. */
  used: boolean;
  /** The claims it backs. */
  claims: ClaimMark[];
  source: FactSource;
  /** "80 % sure", or null for the rep's own data. */
  confidence: number | null;
}

// How much a kind of fact tells about the business, for the facts the message does not use.
const KIND_WEIGHT: Record<string, number> = { blog_post: 5, blog_activity: 4, description: 4, person: 4, content_freshness: 3, last_updated: 3, tech: 3, opening_hours: 2, rating: 2, review_count: 2, email: 2, phone: 1, category: 1, address: 1, social: 1, business: 1, website_status: 1 };

/** The facts, each once, those the message uses first (in the message's order), then by what they say and how sure they are. */
export function evidenceList(facts: readonly FactView[], marks: readonly ClaimMark[], body: string): EvidenceItem[] {
  const seen = new Map<string, EvidenceItem>();
  for (const f of facts) {
    const key = dedupeKey(f);
    const claims = marks.filter((m) => m.fact?.id === f.id);
    const have = seen.get(key);
    if (have) {
      // The duplicate's claims count for the one kept; the surer spelling is kept.
      have.claims.push(...claims);
      have.used ||= claims.length > 0;
      if (f.confidence > have.fact.confidence && !isImported(have.fact)) Object.assign(have, { fact: f, source: sourceOf(f), confidence: f.confidence });
      continue;
    }
    const text = factLabel(f);
    const named = usableTerms([text]).length > 0 && firstMention(body, text) >= 0;
    seen.set(key, { fact: f, text, used: claims.length > 0 || named, claims, source: sourceOf(f), confidence: isImported(f) ? null : f.confidence });
  }
  const at = (e: EvidenceItem) => {
    const places = [firstMention(body, e.text), ...e.claims.map((c) => firstMention(body, c.claim.text))].filter((x) => x >= 0);
    return places.length ? Math.min(...places) : Number.MAX_SAFE_INTEGER;
  };
  return [...seen.values()].sort((a, b) => {
    if (a.used !== b.used) return a.used ? -1 : 1;
    if (a.used) return at(a) - at(b);
    return (KIND_WEIGHT[b.fact.kind] ?? 2) - (KIND_WEIGHT[a.fact.kind] ?? 2) || (b.confidence ?? 1) - (a.confidence ?? 1) || a.text.localeCompare(b.text);
  });
}
