import type { Draft, DraftVersion, Fact, Lead, LeadInput } from '../core/domain';
import type { CsvPreview } from '../sources/csv';
import type { Alert } from '../store/alerts';
import type { AuditEntry } from '../store/audit';
import type { AgentRecord } from '../store/agents';
import type { OutreachDraft } from '../store/follow-ups';
import type {
  AgentView,
  AlertView,
  AuditEntryView,
  CsvPreviewRowView,
  CsvPreviewView,
  DraftDetailView,
  DraftRowView,
  DraftVersionView,
  FactView,
  LeadDetailView,
  LeadRowView,
} from '../../preload/contract';

/**
 * Store records → the plain data the renderer gets. Nothing here formats HTML: every string goes out
 * as data and the renderer shows it as text.
 */

export function toLeadRow(l: Lead): LeadRowView {
  return {
    id: l.id,
    name: l.name,
    city: l.city ?? null,
    category: l.category ?? null,
    website: l.website ?? null,
    email: l.email ?? null,
    phone: l.phone ?? null,
    lead_score: l.lead_score,
    quality_tier: l.quality_tier,
    sources: [...l.sources],
  };
}

export function toLeadDetail(l: Lead, facts: Fact[]): LeadDetailView {
  return {
    lead: {
      ...toLeadRow(l),
      address: l.address ?? null,
      rating: l.rating ?? null,
      review_count: l.review_count ?? null,
      first_name: l.first_name ?? null,
      last_name: l.last_name ?? null,
      title: l.title ?? null,
      score_breakdown: l.score_breakdown,
      scored_by: l.scored_by,
    },
    facts: facts.map(toFactView),
  };
}

export function toFactView(f: Fact): FactView {
  return {
    id: f.id,
    kind: f.kind,
    value: f.value,
    detail: f.detail ?? null,
    source_url: f.source_url ?? null,
    method: f.method,
    confidence: f.confidence,
    observed_at: f.observed_at,
  };
}

export function personOf(l: Pick<Lead, 'first_name' | 'last_name'> | undefined): string | null {
  if (!l) return null;
  const name = [l.first_name, l.last_name].filter(Boolean).join(' ').trim();
  return name || null;
}

export function toDraftRow(d: Draft, lead: Lead | undefined): DraftRowView {
  return {
    id: d.id,
    lead_id: d.lead_id,
    company: lead?.name ?? '(lead removed)',
    person: personOf(lead),
    recipient: d.recipient,
    recipient_status: d.recipient_status,
    quality_tier: lead?.quality_tier ?? null,
    lead_score: d.lead_score,
    message_quality_score: d.message_quality_score,
    rank_score: d.rank_score,
    status: d.status,
    subject: d.subject,
    created_at: d.created_at,
    // Issue 16's columns (migration 009): the store's rows carry them, the core Draft type does not.
    variant: Number((d as Partial<OutreachColumns>).variant ?? 0),
    follow_up_step: Number((d as Partial<OutreachColumns>).follow_up_step ?? 0),
  };
}

/** The columns issue 16 added to a draft's row (see main/store/follow-ups.ts). */
type OutreachColumns = Pick<OutreachDraft, 'variant' | 'follow_up_step' | 'follow_up_of'>;

export function toVersionView(v: DraftVersion): DraftVersionView {
  return { id: v.id, kind: v.kind, body: v.body, subject: v.subject, model_used: v.model_used, metrics: v.metrics, created_at: v.created_at };
}

/** The facts the message was built on, as the writer recorded them with the first version. */
export function factsUsed(versions: DraftVersion[]): string[] {
  for (const v of versions) {
    const used = v.metrics?.facts_used;
    if (Array.isArray(used)) return used.filter((x): x is string => typeof x === 'string');
  }
  return [];
}

export function toDraftDetail(d: Draft, versions: DraftVersion[], lead: Lead, facts: Fact[]): DraftDetailView {
  return {
    ...toDraftRow(d, lead),
    body: d.body,
    current_version: d.current_version,
    model_used: d.model_used,
    expires_at: d.expires_at,
    versions: versions.map(toVersionView),
    lead: toLeadDetail(lead, []).lead,
    facts: facts.map(toFactView),
    facts_used: factsUsed(versions),
    follow_up_of: (d as Partial<OutreachColumns>).follow_up_of ?? null,
  };
}

export function toAlertView(a: Alert): AlertView {
  return {
    id: a.id,
    trigger_type: a.trigger_type,
    severity: a.severity,
    title: a.title,
    message: a.message,
    suggested_action: a.suggested_action,
    created_at: a.created_at,
    read: a.read,
  };
}

export function toAuditView(e: AuditEntry): AuditEntryView {
  return {
    seq: e.seq,
    id: e.id,
    timestamp: e.timestamp,
    actor: `${e.actor.type}:${e.actor.id}`,
    action: e.action.type,
    resource: e.action.resource,
    resource_id: e.action.resource_id,
    context: e.context,
    result: e.result.status,
    error_code: e.result.error_code,
    changes: e.changes,
  };
}

/** An agent as the setup form edits it: the stored config, with its alert rules folded to two numbers. */
export function toAgentView(a: AgentRecord): AgentView {
  const c = a.config;
  const approaching = c.alerts.find((r) => r.trigger === 'subscription_approaching_limit');
  return {
    id: a.id,
    name: a.name,
    updated_at: a.updated_at,
    config: {
      name: c.name,
      keywords: c.keywords,
      location: c.location,
      business_type: c.business_type,
      sources: c.sources,
      max_results: c.max_results,
      threshold: c.threshold,
      tone: c.tone,
      value_proposition: c.value_proposition,
      call_to_action: c.call_to_action,
      max_length: c.max_length,
      budget: c.budget,
      execution_mode: c.execution_mode,
      concurrency: c.concurrency,
      draft_expiry_days: c.draft_expiry_days,
      retry_policy: { max_attempts: c.retry_policy.max_attempts, backoff_base_ms: c.retry_policy.backoff_base_ms, backoff_max_ms: c.retry_policy.backoff_max_ms },
      alerts: { approaching_limit_percent: approaching?.threshold_percentage ?? 80, max_frequency_hours: approaching?.max_frequency_hours ?? 24 },
      channels: c.channels,
      follow_up_days: c.follow_ups.after_business_days.slice(0, c.follow_ups.count),
      variants: c.variants,
      recipes: c.recipes,
    },
  };
}

/** The import preview as the window and `hunter csv-preview --json` show it. */
export function toCsvPreviewView(path: string, p: CsvPreview): CsvPreviewView {
  return {
    path,
    encoding: p.encoding,
    delimiter: p.delimiter,
    preset: p.preset,
    headers: [...p.headers],
    mapping: { ...p.mapping },
    rows: p.sample.map((r): CsvPreviewRowView =>
      r.kind === 'error'
        ? { row: r.row, kind: 'error', code: r.code, message: r.message }
        : {
            row: r.row,
            kind: 'lead',
            name: r.lead.name,
            website: r.lead.website ?? null,
            phone: r.lead.phone ?? null,
            email: r.lead.email ?? null,
            city: r.lead.city ?? null,
            person: contactOf(r.lead),
            warnings: [...r.warnings],
          },
    ),
    total_rows_estimate: p.total_rows_estimate,
    refusal: p.refusal ? { code: p.refusal.code, message: p.refusal.message } : null,
  };
}

/** "Maya Lindqvist, Practice Owner": the contact a row names, or null. */
function contactOf(l: LeadInput): string | null {
  const name = [l.first_name, l.last_name].filter(Boolean).join(' ');
  return [name, l.title].filter(Boolean).join(', ') || null;
}
