import type { Draft, DraftVersion, Fact } from '../core/domain';
import { BLOCKING, type FindingCode } from '../core/findings';
import { SCORE_WEIGHTS } from '../core/scoring';
import { scoreOf } from '../recipes/handoff';
import type { WorkspaceStore } from '../store';
import type { BulkCandidateView, DraftClaimView, DraftLackView, DraftReviewView, DraftStageView } from '../../preload/contract';
import { senderOf } from './settings';

/**
 * What the review pane needs to decide on exactly what it shows (issue 13): which version is on screen,
 * what the message claims and which fact backs each claim, what keeps the draft from going out, and what
 * every stage behind it cost and took, from what was stored when it ran.
 */

/** A message check as stored with a version (or computed for the text shown). */
export interface StoredCheck {
  issues: Array<{ code: string; message: string; text?: string | undefined }>;
  claims: Array<{ text: string; kind: string; supported: 'supported' | 'contradicted' | 'unsupported'; fact_id?: string | undefined; why?: string | undefined }>;
}

/** Under this quality a message check found something blocking (message-check.ts keeps such a score below one half). */
const FAILING_QUALITY = 0.5;
const MICROS_PER_CREDIT = 1e6;

/**
 * The version whose text is the body shown: the newest one with the same body and subject. A refinement
 * kept aside (the rep had edited) is newer but not shown, so "newest of the current kind" would be wrong.
 */
export function currentVersionId(d: Pick<Draft, 'body' | 'subject'>, versions: readonly DraftVersion[]): string | null {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (v.body === d.body && (v.subject ?? d.subject) === d.subject) return v.id;
  }
  return null;
}

/** The stored check of the version shown, when that version carries its own. */
export function storedCheckOf(versionId: string | null, versions: readonly DraftVersion[]): StoredCheck | null {
  const v = versions.find((x) => x.id === versionId);
  const check = v?.metrics?.message_check as StoredCheck | undefined;
  return check && Array.isArray(check.claims) && Array.isArray(check.issues) ? check : null;
}

/** Why a draft cannot go out by e-mail as it is, each with its fix; one rule for the queue, the pane and a bulk approve. */
export function lacksOf(store: WorkspaceStore, d: Pick<Draft, 'recipient' | 'message_quality_score'>, issues?: StoredCheck['issues']): DraftLackView[] {
  const out: DraftLackView[] = [];
  if (!d.recipient) out.push({ kind: 'address', message: 'No address: add one, or pick one of the addresses found for this business.' });
  const sender = senderOf(store);
  if (!sender?.name || !sender.email) out.push({ kind: 'sender', message: 'No sender: add your name and address in Settings → Sender.' });
  if (d.message_quality_score < FAILING_QUALITY) {
    const first = issues?.find((i) => BLOCKING.has(i.code as FindingCode));
    out.push({ kind: 'check', message: first ? `Fails the message check: ${first.message}` : 'Fails the message check: read the findings before approving.' });
  }
  return out;
}

export function bulkCandidate(store: WorkspaceStore, d: Draft, company: string): BulkCandidateView {
  return { id: d.id, company, recipient: d.recipient, rank_score: d.rank_score, lacks: lacksOf(store, d) };
}

/** The lead's e-mail addresses as found, one per address, with where each came from. */
export function addressesOf(facts: readonly Fact[]): DraftReviewView['addresses'] {
  const seen = new Set<string>();
  const out: DraftReviewView['addresses'] = [];
  for (const f of facts) {
    if (f.kind !== 'email') continue;
    const key = f.value.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ email: f.value.trim(), status: typeof f.detail?.status === 'string' ? f.detail.status : null, fact_id: f.id });
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Scoring, enrichment, writing and every rewrite since: credits and calls from the steps, tokens and timings from the versions. */
export function stagesOf(store: WorkspaceStore, d: Draft, versions: readonly DraftVersion[]): DraftStageView[] {
  const step = (recipe: string) => store.executions.step(d.execution_id, recipe, d.lead_id);
  const blank = { models: [] as string[], input_tokens: null, output_tokens: null, ttft_ms: null, draft_ms: null, refine_ms: null, total_ms: null, at: null };
  const out: DraftStageView[] = [];
  const scored = step('discovery');
  const lead = store.leads.find(d.lead_id);
  if (scored) out.push({ ...blank, stage: 'scoring', label: 'Scoring', models: lead?.scored_by ? [lead.scored_by] : [], credits: scored.credits_micros / MICROS_PER_CREDIT, api_calls: scored.api_calls });
  const enriched = step('intelligence');
  if (enriched) out.push({ ...blank, stage: 'enrichment', label: 'Reading its site', credits: enriched.credits_micros / MICROS_PER_CREDIT, api_calls: enriched.api_calls });
  const written = step('personalization');
  const first = versions[0];
  const runRefined = versions.find((v, i) => i > 0 && v.kind === 'refined' && v.created_at === first?.created_at);
  if (written || first) {
    const m = first?.metrics ?? {};
    out.push({
      stage: 'writing', label: 'Writing', models: [first?.model_used, runRefined?.model_used].filter((x): x is string => !!x),
      credits: written ? written.credits_micros / MICROS_PER_CREDIT : (num(m.cost_micros) ?? 0) / MICROS_PER_CREDIT, api_calls: written?.api_calls ?? num(m.api_calls) ?? 0,
      input_tokens: num(m.input_tokens), output_tokens: num(m.output_tokens), ttft_ms: num(m.ttft_ms), draft_ms: num(m.draft_ms), refine_ms: num(m.refine_ms), total_ms: num(m.total_ms),
      at: first?.created_at ?? null,
    });
  }
  // A "write again" stores its refinement with the whole write's metrics.
  for (const v of versions) {
    if (v === first || v === runRefined || v.kind !== 'refined' || !v.metrics || num(v.metrics.total_ms) === null) continue;
    const m = v.metrics;
    out.push({
      stage: 'rewrite', label: 'Written again', models: [typeof m.model_used === 'string' ? m.model_used : null, v.model_used].filter((x, i, a): x is string => !!x && a.indexOf(x) === i),
      credits: (num(m.cost_micros) ?? 0) / MICROS_PER_CREDIT, api_calls: num(m.api_calls) ?? 0, input_tokens: num(m.input_tokens), output_tokens: num(m.output_tokens),
      ttft_ms: num(m.ttft_ms), draft_ms: num(m.draft_ms), refine_ms: num(m.refine_ms), total_ms: num(m.total_ms), at: v.created_at,
    });
  }
  return out;
}

/** How the score is made, and the reasons the newest run that scored the lead gave. */
export function scoreWhy(store: WorkspaceStore, leadId: string): DraftReviewView['score'] {
  const scored = store.executions.latestWithStep(leadId, 'discovery');
  const s = scored ? scoreOf(store, scored, leadId) : null;
  return { weights: { ...SCORE_WEIGHTS }, reasons: s?.reasons ?? [], fallback_code: s?.fallback_code ?? null };
}

export function claimViews(check: StoredCheck | null): DraftClaimView[] {
  return (check?.claims ?? []).map((c) => ({ text: c.text, kind: c.kind, supported: c.supported, fact_id: c.fact_id ?? null, why: c.why ?? null }));
}
