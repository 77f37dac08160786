import type { Tier } from '../../../preload/contract';

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const credits = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 });

export function formatCount(n: number): string {
  return int.format(n);
}

/** Credits are small decimals (0.002 a lead); show up to four places. */
export function formatCredits(n: number): string {
  return credits.format(n);
}

export function formatUsd(n: number): string {
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

export function formatScore(n: number | null | undefined): string {
  return n == null ? '—' : n.toFixed(2);
}

export function formatPercent(n: number): string {
  return `${Math.round(n * 100)}%`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** For dense tables: the date when it is not today, and the time to the second. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date().toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return today ? time : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds == null) return '—';
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const TIER_LABEL: Record<Tier, string> = { gold: 'Gold', silver: 'Silver', skipped: 'Skipped' };

/** What an e-mail address's status means to the rep. */
export const EMAIL_STATUS_LABEL: Record<string, string> = {
  found_on_site: 'found on the site',
  from_source: 'from the imported list',
  paid_finder: 'from a paid finder',
  guessed_unverified: 'guessed, not verified',
};

export const STATUS_LABEL: Record<string, string> = {
  pending_review: 'To review',
  approved: 'Approved',
  rejected: 'Rejected',
  exported: 'Exported',
  expired: 'Expired',
  running: 'Running',
  pending: 'Starting',
  paused: 'Paused',
  completed: 'Completed',
  partial: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function label(map: Record<string, string>, key: string | null | undefined): string {
  if (!key) return '—';
  return map[key] ?? key.replace(/_/g, ' ');
}
