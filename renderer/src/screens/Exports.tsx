import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmailStatus, Empty, TierTag } from '../components/common';
import { formatCount, formatScore } from '../lib/format';
import { useHunter } from '../store';
import type { ExportFormat } from '../store/review-slice';

const FORMATS: Array<[ExportFormat, string, string]> = [
  ['eml', '.eml files', 'one file per message; opens as a draft in any mail app'],
  ['mbox', 'mbox', 'one mailbox file for Thunderbird or Apple Mail'],
  ['csv', 'Mail-merge CSV', 'for Gmail, Outlook or a sequencer'],
  ['imap', 'IMAP Drafts', 'straight into your Drafts folder (set the account in Settings)'],
];

/** Approved drafts and where they can go. Nothing is ever sent: they land as drafts or files. */
export function Exports() {
  const s = useHunter(
    useShallow((st) => ({ approved: st.approved, total: st.approvedTotal, load: st.loadApproved, run: st.runExport, result: st.exportResult, busy: st.exporting, undo: st.undoExport, mailto: st.mailto, go: st.go })),
  );
  const { load } = s;
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="screen">
      <div className="spread">
        <h1>Exports</h1>
        <span className="muted">{formatCount(s.total)} approved draft{s.total === 1 ? '' : 's'} ready</span>
      </div>
      <section className="panel stack" aria-label="Export formats">
        <h2>Export every approved draft as</h2>
        <div className="row wrap">
          {FORMATS.map(([f, name, what]) => (
            <button key={f} className="btn" disabled={s.busy || s.total === 0} onClick={() => void s.run(f)} title={what}>
              {name}
            </button>
          ))}
        </div>
        <p className="small muted">Each export is recorded in the activity log; exported drafts leave this list.</p>
        {s.result && (
          <div className="stack" style={{ gap: 4 }} role="status" aria-label="Last export">
            <strong>
              Exported {formatCount(s.result.exported)} as {s.result.format}
            </strong>
            {s.result.location && <span className="small">Location: {s.result.location}</span>}
            {s.result.undo_token && (
              <button className="btn" style={{ alignSelf: 'flex-start' }} onClick={() => void s.undo()}>
                Undo this export
              </button>
            )}
            {s.result.skipped.length > 0 && (
              <ul className="small" style={{ margin: 0, paddingLeft: 18 }}>
                {s.result.skipped.map((x) => (
                  <li key={x.id}>
                    Skipped {x.id}: {x.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      {s.total === 0 ? (
        <Empty title="No approved drafts">
          <p>Approve drafts in Review; they wait here until you export them.</p>
          <button className="btn" onClick={() => s.go('review')}>
            Go to Review
          </button>
        </Empty>
      ) : (
        <section className="panel" aria-label="Approved drafts" style={{ padding: 0 }}>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Tier</th>
                <th scope="col" className="num">Rank</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.approved.map((d) => (
                <tr key={d.id}>
                  <td>{d.company}</td>
                  <td>
                    {d.recipient ?? '—'} <EmailStatus status={d.recipient_status} />
                  </td>
                  <td className="ellipsis" style={{ maxWidth: 280 }}>{d.subject}</td>
                  <td><TierTag tier={d.quality_tier} /></td>
                  <td className="num">{formatScore(d.rank_score)}</td>
                  <td>
                    <button className="btn" onClick={() => void s.mailto(d.id)} disabled={!d.recipient}>
                      Open in mail app
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
