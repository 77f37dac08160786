import type { WorkspaceStore } from '../store';

/** Below this many messages a share is noise: the counts are shown, the percentage is not. */
export const MIN_FOR_RATE = 10;

export interface ProviderStats {
  provider: string;
  drafts: number;
  ttft_ms: { p50: number | null; p95: number | null };
  refined_ms: { p50: number | null; p95: number | null };
  /** Shares 0..1, null below MIN_FOR_RATE drafts. */
  fallback_rate: number | null;
  error_rate: number | null;
  fallbacks: number;
  errors: number;
}

export interface RateRow {
  key: string;
  sent: number;
  replied: number;
  /** replied / sent, null below MIN_FOR_RATE sent. */
  rate: number | null;
}

export interface DraftStats {
  since: string;
  drafts_per_day: Array<{ day: string; drafts: number }>;
  providers: ProviderStats[];
  approved: number;
  approved_unedited: number;
  /** Share approved as written, null below MIN_FOR_RATE approvals. */
  approved_unedited_share: number | null;
  /** Mean words changed per edited approval (inserted + removed), null when nothing was edited. */
  mean_edit_words: number | null;
  replies_per_angle: RateRow[];
  replies_per_tone: RateRow[];
  replies_per_variant: RateRow[];
}

/** The draft analytics of a workspace over the last `days` days (edits and replies over all time). */
export function draftStats(store: WorkspaceStore, now: Date, days: number): DraftStats {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const byProvider = new Map<string, { ttft: number[]; refined: number[]; drafts: number; fallbacks: number; errors: number }>();
  for (const v of store.voice.writtenVersions(since)) {
    if (v.kind !== 'draft' || v.metrics?.follow_up === true) continue;
    const p = providerOf(v.model_used);
    const e = byProvider.get(p) ?? { ttft: [], refined: [], drafts: 0, fallbacks: 0, errors: 0 };
    e.drafts++;
    const m = v.metrics ?? {};
    if (typeof m.ttft_ms === 'number') e.ttft.push(m.ttft_ms);
    if (typeof m.refine_ms === 'number' && typeof m.total_ms === 'number') e.refined.push(m.total_ms);
    if (m.fallback_used === true) e.fallbacks++;
    if (Array.isArray(m.errors) && m.errors.length > 0) e.errors++;
    byProvider.set(p, e);
  }
  const approvedTexts = store.voice.approved(100_000);
  const edited = approvedTexts.filter((a) => a.edited);
  const unedited = approvedTexts.length - edited.length;
  const rates = store.outcomes.replyRates();
  return {
    since,
    drafts_per_day: store.voice.draftsPerDay(since),
    providers: [...byProvider.entries()].map(([provider, e]) => ({
      provider, drafts: e.drafts,
      ttft_ms: { p50: percentile(e.ttft, 0.5), p95: percentile(e.ttft, 0.95) },
      refined_ms: { p50: percentile(e.refined, 0.5), p95: percentile(e.refined, 0.95) },
      fallbacks: e.fallbacks, errors: e.errors, fallback_rate: share(e.fallbacks, e.drafts), error_rate: share(e.errors, e.drafts),
    })).sort((a, b) => b.drafts - a.drafts),
    approved: approvedTexts.length,
    approved_unedited: unedited,
    approved_unedited_share: share(unedited, approvedTexts.length),
    mean_edit_words: edited.length ? Math.round((edited.reduce((n, a) => n + wordsChanged(a.written, a.approved), 0) / edited.length) * 10) / 10 : null,
    replies_per_angle: rateRows(rates, (r) => r.angle),
    replies_per_tone: rateRows(rates, (r) => r.tone),
    replies_per_variant: rateRows(rates, (r) => (r.variant === 0 ? 'A' : 'B')),
  };
}

/** Which provider wrote a version, by its model: the offline composer, Claude, or a Groq-hosted model. */
export function providerOf(model: string): string {
  if (model === 'offline' || model === 'rep') return model;
  return /^claude/iu.test(model) ? 'anthropic' : 'groq';
}

/** Nearest-rank percentile; null with no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function share(n: number, of: number): number | null {
  return of >= MIN_FOR_RATE ? Math.round((n / of) * 1000) / 1000 : null;
}

function rateRows<T extends { sent: number; replied: number }>(rows: readonly T[], key: (r: T) => string): RateRow[] {
  const by = new Map<string, { sent: number; replied: number }>();
  for (const r of rows) {
    const e = by.get(key(r)) ?? { sent: 0, replied: 0 };
    e.sent += r.sent;
    e.replied += r.replied;
    by.set(key(r), e);
  }
  return [...by.entries()].map(([k, e]) => ({ key: k, sent: e.sent, replied: e.replied, rate: share(e.replied, e.sent) })).sort((a, b) => b.sent - a.sent);
}

/** Words inserted plus words removed between two texts (by their longest common word sequence). */
export function wordsChanged(a: string, b: string): number {
  const x = a.split(/\s+/u).filter(Boolean);
  const y = b.split(/\s+/u).filter(Boolean);
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  const common = prev[y.length]!;
  return x.length - common + (y.length - common);
}
