import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftStatsView, RateRowView } from '../../../preload/contract';
import { DraftsChart } from '../components/DraftsChart';
import { Empty } from '../components/common';
import { formatCount, formatDate, formatPercent } from '../lib/format';
import { dueText, msText, OUTCOME_LABEL, plural, rateText, replyCheckText } from '../lib/outreach';
import { useHunter } from '../store';

const OUTCOME_ORDER = ['no_reply_yet', 'replied', 'positive', 'not_now', 'stop', 'bounced'];
const PERIODS = [7, 30, 90];

/**
 * What the exported messages led to (issue 16): the replies read from the rep's own inbox (read-only,
 * nothing is sent), the follow-ups still waiting for their day, and what the drafts add up to.
 */
export function Outcomes() {
  const s = useHunter(
    useShallow((st) => ({
      check: st.replyCheck, checkedAt: st.replyCheckedAt, error: st.replyError, checking: st.checkingReplies, scheduled: st.scheduled, stats: st.stats,
      days: st.statsDays, loadError: st.outcomesError, load: st.loadOutcomes, checkReplies: st.checkReplies, setDays: st.setStatsDays, go: st.go,
      hasMail: !!st.boot?.keys.imap,
    })),
  );
  const { load } = s;
  useEffect(() => {
    void load();
  }, [load]);
  const outcomes = s.check?.outcomes ?? s.stats?.outcomes ?? null;
  const noAccount = !!s.error && (s.error.code.startsWith('MAIL_') || /mail account/i.test(s.error.message));

  return (
    <div className="screen outcomes">
      <div className="spread wrap">
        <h1>Outcomes</h1>
        <div className="row">
          <button className="btn primary" onClick={() => void s.checkReplies()} disabled={s.checking} aria-describedby="check-help">
            {s.checking ? 'Checking your inbox…' : 'Check replies now'}
          </button>
        </div>
      </div>
      <p id="check-help" className="small muted">
        Reads your mail account&apos;s inbox, never sends anything. The open app also checks every 15 minutes and tells you when answers arrive. A reply or a bounce cancels that lead&apos;s follow-ups; &ldquo;stop&rdquo; lists the sender.
      </p>

      <div aria-live="polite" className="stack" style={{ gap: 8 }}>
        {s.check && !s.error && (
          <p className="test-result" role="status" data-testid="reply-result">
            <strong>{replyCheckText(s.check)}</strong>
            {s.checkedAt && <span className="small muted">Checked {formatDate(s.checkedAt)}.</span>}
          </p>
        )}
        {s.error && (
          <div className="test-result bad" role="alert" data-testid="reply-error">
            <strong>{s.error.message}</strong>
            <span className="small muted">Error code {s.error.code}</span>
            {noAccount && (
              <div>
                <button className="btn" onClick={() => s.go('settings')}>Open Settings</button>
              </div>
            )}
          </div>
        )}
        {!s.hasMail && !s.error && !s.check && (
          <p className="small warn-text">No mail account is saved yet: replies can be read once you save yours in Settings → Mail account.</p>
        )}
      </div>

      {s.loadError && <p className="test-result bad" role="alert">{s.loadError.message} <span className="small muted">({s.loadError.code})</span></p>}

      <section className="stack" aria-labelledby="outcomes-h" style={{ gap: 8 }}>
        <h2 id="outcomes-h">Where your leads stand</h2>
        {outcomes ? (
          <div className="stats" data-testid="outcome-counts">
            {OUTCOME_ORDER.filter((k) => k in outcomes).map((k) => (
              <div className="stat" key={k} data-outcome={k}>
                <div className="small muted">{OUTCOME_LABEL[k] ?? k}</div>
                <div className="v num" style={{ textAlign: 'left' }}>{formatCount(outcomes[k] ?? 0)}</div>
              </div>
            ))}
          </div>
        ) : (
          <p className="muted small">Loading…</p>
        )}
      </section>

      <section className="panel stack" aria-labelledby="followups-h">
        <div className="spread">
          <h2 id="followups-h">Follow-ups waiting for their day</h2>
          {s.scheduled && <span className="small muted">{plural(s.scheduled.total, 'follow-up')}</span>}
        </div>
        {!s.scheduled ? (
          <p className="muted small">Loading…</p>
        ) : s.scheduled.rows.length === 0 ? (
          <Empty title="No follow-ups planned">
            <p>Export approved drafts: each gets its follow-ups, due after 3 and 7 business days, and they join Review on their day.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="audit-table fixed" aria-label="Scheduled follow-ups" data-testid="scheduled">
              <colgroup>
                <col style={{ width: '20%' }} />
                <col style={{ width: '22%' }} />
                <col style={{ width: 100 }} />
                <col style={{ width: 180 }} />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Business</th>
                  <th scope="col">To</th>
                  <th scope="col">Step</th>
                  <th scope="col">Due</th>
                  <th scope="col">Subject</th>
                </tr>
              </thead>
              <tbody>
                {s.scheduled.rows.map((r) => (
                  <tr key={r.id} data-follow-up-of={r.follow_up_of ?? undefined}>
                    <td className="ellipsis" title={r.company}>{r.company}</td>
                    <td className="ellipsis" title={r.recipient ?? undefined}>{r.recipient ?? '—'}</td>
                    <td className="ellipsis">Follow-up {r.step}</td>
                    <td className="ellipsis" title={formatDate(r.due_at)}>{dueText(r.due_at)}</td>
                    <td className="ellipsis" title={r.subject}>{r.subject}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel stack" aria-labelledby="analytics-h">
        <div className="spread wrap">
          <h2 id="analytics-h">Your drafts</h2>
          <div className="segmented" role="group" aria-label="Period">
            {PERIODS.map((d) => (
              <button key={d} className="btn" aria-pressed={s.days === d} onClick={() => void s.setDays(d)}>
                {d} days
              </button>
            ))}
          </div>
        </div>
        {!s.stats ? <p className="muted small">Loading…</p> : <Analytics stats={s.stats} days={s.days} />}
      </section>
    </div>
  );
}

function Analytics({ stats, days }: { stats: DraftStatsView; days: number }) {
  const written = stats.drafts_per_day.reduce((a, d) => a + d.drafts, 0);
  return (
    <div className="stack">
      <div className="stack" style={{ gap: 6 }}>
        <h3>Drafts written per day</h3>
        <p className="small muted">{plural(written, 'draft')} in the last {days} days.</p>
        <DraftsChart perDay={stats.drafts_per_day} since={stats.since} />
      </div>
      <div className="stats">
        <div className="stat">
          <div className="small muted">Approved as written</div>
          <div className="v" data-testid="unedited">{formatCount(stats.approved_unedited)} of {formatCount(stats.approved)}</div>
          {stats.approved_unedited_share !== null && <div className="small muted">{formatPercent(stats.approved_unedited_share)}</div>}
        </div>
        <div className="stat">
          <div className="small muted">Words changed per edit</div>
          <div className="v">{stats.mean_edit_words === null ? '—' : stats.mean_edit_words}</div>
          <div className="small muted">{stats.mean_edit_words === null ? 'No edited approvals yet' : 'on average, inserted + removed'}</div>
        </div>
      </div>
      <div className="rates">
        <RateTable title="Replies per opening angle" rows={stats.replies_per_angle} name={(k) => (k === 'none' ? 'not recorded' : k.replace(/_/g, ' '))} />
        <RateTable title="Replies per tone" rows={stats.replies_per_tone} name={(k) => k} />
        <RateTable title="Replies per variant" rows={stats.replies_per_variant} name={(k) => (k === 'A' ? 'Variant 1' : k === 'B' ? 'Variant 2' : k)} />
      </div>
      <p className="small muted">A share shows once at least 10 messages are counted; below that, the counts say more than a percentage would.</p>
      <div className="stack" style={{ gap: 6 }}>
        <h3>Model timings</h3>
        {stats.providers.length === 0 ? (
          <p className="small muted">No draft written by a model in this period.</p>
        ) : (
          <div className="table-wrap">
            <table className="audit-table fixed" aria-label="Timings per provider" data-testid="providers">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col" className="num">Drafts</th>
                  <th scope="col" className="num">First text p50 / p95</th>
                  <th scope="col" className="num">Refined p50 / p95</th>
                  <th scope="col" className="num">Fallbacks</th>
                  <th scope="col" className="num">Errors</th>
                </tr>
              </thead>
              <tbody>
                {stats.providers.map((p) => (
                  <tr key={p.provider}>
                    <th scope="row" style={{ position: 'static', background: 'none', color: 'inherit', fontSize: 13 }}>{p.provider}</th>
                    <td className="num">{formatCount(p.drafts)}</td>
                    <td className="num">{msText(p.ttft_ms.p50)} / {msText(p.ttft_ms.p95)}</td>
                    <td className="num">{msText(p.refined_ms.p50)} / {msText(p.refined_ms.p95)}</td>
                    <td className="num">{formatCount(p.fallbacks)}{p.fallback_rate !== null ? ` · ${formatPercent(p.fallback_rate)}` : ''}</td>
                    <td className="num">{formatCount(p.errors)}{p.error_rate !== null ? ` · ${formatPercent(p.error_rate)}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

function RateTable({ title, rows, name }: { title: string; rows: RateRowView[]; name: (key: string) => string }) {
  return (
    <section className="stack" style={{ gap: 4 }} aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="small muted">Nothing exported yet.</p>
      ) : (
        <ul className="list rate-list">
          {rows.map((r) => (
            <li key={r.key} className="spread small" style={{ padding: '4px 0' }}>
              <span className="ellipsis" title={r.key}>{name(r.key)}</span>
              <span className="num nowrap" data-testid="rate">{rateText(r)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
