import type { CreditsView } from '../../../preload/contract';
import { formatCredits } from '../lib/format';

const RECIPES = ['discovery', 'intelligence', 'personalization', 'outreach'];
// One accent, in steps: the legend names each, so colour is never the only cue.
const OPACITY = [1, 0.7, 0.45, 0.25, 0.15];

/** Spend by recipe and day as stacked bars, in plain SVG, with the same figures as a table for screen readers. */
export function SpendChart({ spend }: { spend: CreditsView['spend'] }) {
  const days = [...new Set(spend.map((s) => s.day))].sort();
  const recipes = [...new Set([...RECIPES.filter((r) => spend.some((s) => s.recipe_id === r)), ...spend.map((s) => s.recipe_id ?? 'other')])];
  const value = (day: string, recipe: string) => spend.filter((s) => s.day === day && (s.recipe_id ?? 'other') === recipe).reduce((a, s) => a + s.credits, 0);
  const totals = days.map((d) => recipes.reduce((a, r) => a + value(d, r), 0));
  const max = Math.max(0.000001, ...totals);
  const W = 640;
  const H = 180;
  const pad = { l: 52, b: 24, t: 8, r: 8 };
  const bw = days.length ? Math.min(36, (W - pad.l - pad.r) / days.length - 6) : 0;
  const x = (i: number) => pad.l + i * ((W - pad.l - pad.r) / Math.max(1, days.length)) + 3;
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.b - pad.t);

  if (days.length === 0) return <p className="muted">No credits spent in the last 30 days.</p>;
  return (
    <figure className="stack" style={{ margin: 0, gap: 8 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label="Credits spent per day, by recipe">
        <line className="axis" x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} />
        <text x={pad.l - 6} y={pad.t + 10} textAnchor="end">{formatCredits(max)}</text>
        <text x={pad.l - 6} y={H - pad.b} textAnchor="end">0</text>
        {days.map((d, i) => {
          let acc = 0;
          return (
            <g key={d}>
              {recipes.map((r, k) => {
                const v = value(d, r);
                if (v <= 0) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return (
                  <rect key={r} x={x(i)} y={top} width={bw} height={Math.max(1, h)} fill="var(--accent)" fillOpacity={OPACITY[k] ?? 0.1}>
                    <title>{`${d} · ${r}: ${formatCredits(v)} credits`}</title>
                  </rect>
                );
              })}
              {(days.length <= 10 || i % Math.ceil(days.length / 10) === 0) && (
                <text x={x(i) + bw / 2} y={H - 8} textAnchor="middle">{d.slice(5)}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {recipes.map((r, k) => (
          <span key={r}>
            <span className="swatch" style={{ background: 'var(--accent)', opacity: OPACITY[k] ?? 0.1 }} />
            {r}
          </span>
        ))}
      </figcaption>
      <table className="sr-only">
        <caption>Credits per day and recipe</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {recipes.map((r) => (
              <th key={r} scope="col">{r}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {recipes.map((r) => (
                <td key={r}>{formatCredits(value(d, r))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
