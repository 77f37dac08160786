import type { DraftStatsView } from '../../../preload/contract';
import { formatCount } from '../lib/format';

/**
 * Drafts written per day as bars, in plain SVG (as SpendChart), every day of the window shown so a gap
 * reads as a quiet day; the same figures as a table for screen readers.
 */
export function DraftsChart({ perDay, since }: { perDay: DraftStatsView['drafts_per_day']; since: string }) {
  const days = daysFrom(since, perDay);
  const total = days.reduce((a, d) => a + d.drafts, 0);
  if (total === 0) return <p className="muted">No drafts written in this period. Run an agent and they are counted here.</p>;
  const max = Math.max(1, ...days.map((d) => d.drafts));
  const W = 800;
  const H = 160;
  const pad = { l: 36, b: 22, t: 8, r: 8 };
  const step = (W - pad.l - pad.r) / days.length;
  const bw = Math.max(2, Math.min(28, step - 3));
  const x = (i: number) => pad.l + i * step + (step - bw) / 2;
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.b - pad.t);
  const every = Math.ceil(days.length / 8);
  return (
    <figure className="stack" style={{ margin: 0, gap: 6 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={`Drafts written per day: ${formatCount(total)} in ${days.length} days`} data-testid="drafts-chart">
        <line className="axis" x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} />
        <text x={pad.l - 6} y={pad.t + 10} textAnchor="end">{formatCount(max)}</text>
        <text x={pad.l - 6} y={H - pad.b} textAnchor="end">0</text>
        {days.map((d, i) => (
          <g key={d.day}>
            {d.drafts > 0 && (
              <rect x={x(i)} y={y(d.drafts)} width={bw} height={Math.max(1, y(0) - y(d.drafts))} rx={2} fill="var(--accent)">
                <title>{`${d.day}: ${formatCount(d.drafts)} draft${d.drafts === 1 ? '' : 's'}`}</title>
              </rect>
            )}
            {/* Counted back from today, so today is always named and the labels never crowd. */}
            {(days.length - 1 - i) % every === 0 && (
              <text x={x(i) + bw / 2} y={H - 6} textAnchor="middle">{shortDay(d.day)}</text>
            )}
          </g>
        ))}
      </svg>
      <table className="sr-only">
        <caption>Drafts per day</caption>
        <thead>
          <tr><th scope="col">Day</th><th scope="col">Drafts</th></tr>
        </thead>
        <tbody>
          {days.filter((d) => d.drafts > 0).map((d) => (
            <tr key={d.day}><th scope="row">{d.day}</th><td>{d.drafts}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Every day from `since` (main's window start) to today, with the counts main gave. */
function daysFrom(since: string, perDay: DraftStatsView['drafts_per_day']): DraftStatsView['drafts_per_day'] {
  const counts = new Map(perDay.map((d) => [d.day, d.drafts]));
  const start = new Date(`${since.slice(0, 10)}T00:00:00Z`);
  const lastSeen = perDay.reduce((m, d) => (d.day > m ? d.day : m), '');
  const today = new Date().toISOString().slice(0, 10);
  const end = new Date(`${(lastSeen > today ? lastSeen : today)}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || start > end) return [...perDay].sort((a, b) => a.day.localeCompare(b.day));
  const out: DraftStatsView['drafts_per_day'] = [];
  for (let t = start.getTime(); t <= end.getTime() && out.length < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, drafts: counts.get(day) ?? 0 });
  }
  return out;
}

function shortDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? day.slice(5) : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
