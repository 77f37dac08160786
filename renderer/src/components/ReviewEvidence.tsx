import { useMemo } from 'react';
import type { DraftDetailView, DraftStageView, ScoreBreakdownView } from '../../../preload/contract';
import { claimMarks, evidenceList, type EvidenceItem, type MessageRun } from '../lib/evidence';
import { formatCredits, formatDate, formatPercent, formatScore } from '../lib/format';
import { EmailStatus, SourceLink, TierTag } from './common';

/**
 * The evidence pane and the draft's workings (issue 13): the claims of the message tied to their facts,
 * the facts each once in the order the message uses them, the score with its weights and reasons, and
 * what each stage cost and took.
 */

/** The message, its claims marked: green and linked to the fact when backed, red with the reason when not. */
export function MessageText({ runs }: { runs: MessageRun[] }) {
  return (
    <>
      {runs.map((r, i) => {
        if (!r.mark) return <span key={i}>{r.text}</span>;
        const m = r.mark;
        const backing = m.fact ? `Backed by: ${m.fact.kind.replace(/_/g, ' ')} "${m.fact.value}"` : m.record ? `Backed by ${m.record}` : 'Backed by the lead';
        return m.ok ? (
          <mark key={i} className="claim ok" title={backing} data-fact={m.claim.fact_id ?? undefined}>{r.text}</mark>
        ) : (
          <mark key={i} className="claim bad" title={`Not backed: ${m.claim.why ?? 'no fact says so'}`}>{r.text}</mark>
        );
      })}
    </>
  );
}

const PARTS: Array<[keyof ScoreBreakdownView, string]> = [
  ['business_maturity', 'Business maturity'],
  ['intent_signals', 'Intent signals'],
  ['fit_match', 'Fit'],
];

function ScoreWhy({ d }: { d: DraftDetailView }) {
  const b = d.lead.score_breakdown;
  const why = d.review?.score;
  return (
    <section aria-labelledby="score-h" className="stack" style={{ gap: 6 }}>
      <div className="spread">
        <h3 id="score-h">Score {formatScore(d.lead.lead_score)}</h3>
        <span className="small muted">{d.lead.scored_by ?? ''}</span>
      </div>
      <p className="small muted" data-testid="rank">
        Ranked {formatScore(d.rank_score)} = lead score {formatScore(d.lead_score)} × message quality {formatScore(d.message_quality_score)}
      </p>
      {b ? (
        <table className="score-table">
          <thead>
            <tr><th scope="col">Part</th><th scope="col">Weight</th><th scope="col">Score</th></tr>
          </thead>
          <tbody>
            {PARTS.map(([k, name]) => (
              <tr key={k}>
                <th scope="row">{name}</th>
                <td className="num">{why ? formatPercent(why.weights[k]) : '—'}</td>
                <td className="num">{formatPercent(b[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">Not scored yet.</p>
      )}
      {why && why.reasons.length > 0 && (
        <ul className="reasons small" aria-label="Why it scored so">
          {why.reasons.map((r, i) => <li key={i}>{r}</li>)}
        </ul>
      )}
      {why?.fallback_code && <p className="small muted">The model scorer failed ({why.fallback_code}); the heuristic decided.</p>}
    </section>
  );
}

function Source({ item }: { item: EvidenceItem }) {
  if (item.source.kind === 'csv') return <span className="small muted">from your CSV{item.source.row !== null ? `, row ${item.source.row}` : ''}</span>;
  if (item.source.kind === 'link') return <SourceLink url={item.source.url} />;
  return null;
}

export function EvidencePane({ d, body }: { d: DraftDetailView; body: string }) {
  const marks = useMemo(() => claimMarks(d.review?.claims ?? [], d.facts), [d]);
  const items = useMemo(() => evidenceList(d.facts, marks, body), [d.facts, marks, body]);
  const unbacked = marks.filter((m) => !m.ok);
  const backed = marks.filter((m) => m.ok);
  return (
    <section className="pane" aria-label="Evidence">
      <div className="pane-head">
        <div className="spread">
          <h2 id="evidence-h">Evidence</h2>
          <TierTag tier={d.lead.quality_tier} />
        </div>
      </div>
      <div className="pane-body" tabIndex={0} aria-label="Evidence details">
        <section aria-labelledby="claims-h" className="stack" style={{ gap: 6 }}>
          <h3 id="claims-h">In the message</h3>
          {marks.length === 0 && <p className="small muted">The message makes no claim about the business.</p>}
          {unbacked.length > 0 && (
            <ul className="claims" aria-label="Claims no fact backs">
              {unbacked.map((m, i) => (
                <li key={i} className="claim-item bad">
                  <strong>✗ “{m.claim.text}”</strong>
                  <span className="small">{m.claim.supported === 'contradicted' ? 'The facts say otherwise' : 'No fact backs it'}{m.claim.why ? `: ${m.claim.why}` : ''}</span>
                </li>
              ))}
            </ul>
          )}
          {backed.length > 0 && (
            <ul className="claims" aria-label="Claims backed by a fact">
              {backed.map((m, i) => (
                <li key={i} className="claim-item ok">
                  <span>✓ “{m.claim.text}”</span>
                  <span className="small muted">{m.fact ? `${m.fact.kind.replace(/_/g, ' ')}: ${m.fact.value}` : (m.record ?? 'the lead')}</span>
                </li>
              ))}
            </ul>
          )}
          {d.review && d.review.issues.length > 0 && (
            <ul className="findings small" aria-label="Message check findings">
              {d.review.issues.map((f, i) => <li key={i}><span className="code">{f.code}</span> {f.message}</li>)}
            </ul>
          )}
        </section>
        <ScoreWhy d={d} />
        <section aria-labelledby="facts-h" className="stack" style={{ gap: 6 }}>
          <h3 id="facts-h">Facts ({items.length})</h3>
          {items.length === 0 ? (
            <p className="muted small">No facts yet. Enrichment adds them with their sources.</p>
          ) : (
            <ul className="facts" aria-label="Facts">
              {items.map((it) => (
                <li key={it.fact.id} className={`fact${it.used ? ' mentioned' : ''}`} data-used={it.used ? 'true' : undefined}>
                  <div className="spread">
                    <span className="kind">{it.fact.kind.replace(/_/g, ' ')}</span>
                    {it.used && <span className="tag plain">In the message</span>}
                  </div>
                  <span className="value">{it.text}</span>
                  <div className="row wrap small muted">
                    <Source item={it} />
                    {it.confidence !== null && <span>· {formatPercent(it.confidence)} sure</span>}
                    {it.fact.kind === 'email' && typeof it.fact.detail?.status === 'string' && <EmailStatus status={it.fact.detail.status} />}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

const ms = (n: number | null) => (n === null ? null : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

function stageLine(s: DraftStageView): string {
  const parts = [
    s.models.length ? s.models.join(' → ') : null,
    s.input_tokens !== null || s.output_tokens !== null ? `${s.input_tokens ?? 0} in / ${s.output_tokens ?? 0} out tokens` : null,
    `${formatCredits(s.credits)} credits`,
    s.api_calls ? `${s.api_calls} call${s.api_calls === 1 ? '' : 's'}` : null,
    s.ttft_ms !== null ? `first text ${ms(s.ttft_ms)}` : null,
    s.draft_ms !== null ? `draft ${ms(s.draft_ms)}` : null,
    s.refine_ms !== null ? `refined ${ms(s.refine_ms)}` : null,
    s.total_ms !== null ? `total ${ms(s.total_ms)}` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Every stage behind the draft, from what was stored when it ran. */
export function StageList({ d }: { d: DraftDetailView }) {
  const stages = d.review?.stages ?? [];
  const total = stages.reduce((n, s) => n + s.credits, 0);
  return (
    <dl className="detail-grid" style={{ marginTop: 8 }} aria-label="Model, cost and timings">
      <dt>Written by</dt>
      <dd>{d.model_used}</dd>
      {stages.map((s, i) => (
        <div key={i} className="contents">
          <dt>{s.label}{s.at && s.stage === 'rewrite' ? ` (${formatDate(s.at)})` : ''}</dt>
          <dd>{stageLine(s)}</dd>
        </div>
      ))}
      <dt>In all</dt>
      <dd>{formatCredits(total)} credits</dd>
      <dt>Expires</dt>
      <dd>{formatDate(d.expires_at)}</dd>
    </dl>
  );
}
