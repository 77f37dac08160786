import * as z from 'zod';
import { DRAFT_STATUSES, DRAFT_VERSION_KINDS, FACT_KINDS, LEAD_SOURCES, QUALITY_TIERS } from './vocabulary';

export { DRAFT_STATUSES, DRAFT_VERSION_KINDS, FACT_KINDS, LEAD_SOURCES, QUALITY_TIERS };

export type LeadSource = (typeof LEAD_SOURCES)[number];

export type QualityTier = (typeof QUALITY_TIERS)[number];

export interface ScoreBreakdown {
  business_maturity: number;
  intent_signals: number;
  fit_match: number;
}

/** Who scored a lead: the heuristic scorer or a named model. */
export type ScoredBy = 'heuristic' | `model:${string}`;

/** A business as discovery knows it, before enrichment. Optional fields are simply unknown. */
export interface LeadInput {
  name: string;
  website?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  category?: string | undefined;
  rating?: number | undefined;
  review_count?: number | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  title?: string | undefined;
  linkedin?: string | undefined;
  place_id?: string | undefined;
  source: LeadSource;
  /** e.g. "row 17" or a place URL: where exactly the lead was read. */
  source_ref?: string | undefined;
}

export interface Lead extends LeadInput {
  id: string;
  workspace_id: string;
  domain: string | null;
  sources: LeadSource[];
  lead_score: number | null;
  score_breakdown: ScoreBreakdown | null;
  quality_tier: QualityTier | null;
  scored_by: ScoredBy | null;
  /** The execution that first found it. */
  found_in?: string | null;
  /** Set when the rep merged this lead into another: it is kept for its drafts and history, but not listed. */
  merged_into?: string | null;
  created_at: string;
  updated_at: string;
}

export type FactKind = (typeof FACT_KINDS)[number];

/** How a fact was found: the rep sees this next to it. */
export type FactMethod =
  | 'csv'
  | 'google_maps'
  | 'osm'
  | 'mailto'
  | 'text'
  | 'obfuscated'
  | 'cloudflare'
  | 'json_ld'
  | 'tel'
  | 'meta'
  | 'link'
  | 'fingerprint'
  | 'sitemap'
  | 'heading'
  | 'copyright'
  | 'pattern_guess'
  | 'paid_finder'
  | 'derived';

/** The status of an e-mail address: never "verified" from a laptop, which cannot reach port 25. */
export type EmailStatus = 'found_on_site' | 'from_source' | 'paid_finder' | 'guessed_unverified';
export type EmailClass = 'personal' | 'role' | 'webmail';

export interface FactInput {
  kind: FactKind;
  /** The fact's main value in plain text (an address, a tech name, a post title). */
  value: string;
  /** Structured detail: for a person {name, role}, for a blog post {title, date}, for an email {class, status}. */
  detail?: Record<string, unknown> | undefined;
  source_url: string | null;
  method: FactMethod;
  confidence: number;
  observed_at: string;
}

export interface Fact extends FactInput {
  id: string;
  workspace_id: string;
  lead_id: string;
}

export type DraftStatus = (typeof DRAFT_STATUSES)[number];
export const DraftStatusSchema = z.enum(DRAFT_STATUSES);

export type DraftVersionKind = (typeof DRAFT_VERSION_KINDS)[number];

export interface DraftVersion {
  id: string;
  draft_id: string;
  kind: DraftVersionKind;
  body: string;
  subject: string | null;
  model_used: string;
  metrics: Record<string, unknown> | null;
  created_at: string;
}

export interface Draft {
  id: string;
  workspace_id: string;
  execution_id: string;
  lead_id: string;
  channel: 'email';
  recipient: string | null;
  recipient_status: EmailStatus | null;
  subject: string;
  body: string;
  /** Which version the body is: the rep's edit wins over a later refinement. */
  current_version: DraftVersionKind;
  model_used: string;
  message_quality_score: number;
  lead_score: number;
  rank_score: number;
  status: DraftStatus;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  exported_at: string | null;
  export_format: string | null;
}
