import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExportView, MailAccountView, RequestOf } from '../../../preload/contract';
import { EmailStatus, Empty, TierTag } from '../components/common';
import { formatCount, formatScore } from '../lib/format';
import { useHunter } from '../store';
import type { ExportFormat } from '../store/review-slice';

type CsvPreset = NonNullable<RequestOf<'export:run'>['csv_preset']>;

const FORMATS: Array<[ExportFormat, string, string]> = [
  ['eml', '.eml files', 'one file per message; opens as a draft in any mail app'],
  ['mbox', 'mbox', 'one mailbox file for Thunderbird or Apple Mail'],
  ['csv', 'Mail-merge CSV', 'for Gmail, Outlook or a sequencer'],
  ['imap', 'IMAP Drafts', 'straight into your Drafts folder (set the account in Settings)'],
];

/** The mail-merge tools the CSV can be written for, with their own column names. */
const CSV_PRESET_LABEL: Record<CsvPreset, string> = { generic: 'Any tool (generic columns)', instantly: 'Instantly', lemlist: 'lemlist', smartlead: 'Smartlead' };

/** Whether IMAP export can run, and what to do when it cannot, in the rep's words. */
export function imapReadiness(mail: MailAccountView | null, loaded: boolean): { ready: boolean; text: string | null } {
  if (!loaded) return { ready: false, text: null };
  if (!mail) return { ready: false, text: 'No mail account set up — add one in Settings to export into your Drafts folder.' };
  if (!mail.has_credentials) {
    return { ready: false, text: mail.login === 'oauth2' ? `${mail.label} is not signed in yet — sign in in Settings.` : `${mail.label} has no password saved — add it in Settings.` };
  }
  return { ready: true, text: `Into the Drafts folder of ${mail.label}.` };
}

/** A skipped draft's reason without the business name main may already have put in front of it. */
export function skipReason(s: ExportView['skipped'][number]): string {
  return s.business && s.reason.startsWith(`${s.business}: `) ? s.reason.slice(s.business.length + 2) : s.reason;
}

/** Approved drafts and where they can go. Nothing is ever sent: they land as drafts or files. */
export function Exports() {
  const s = useHunter(
    useShallow((st) => ({
      approved: st.approved, total: st.approvedTotal, load: st.loadApproved, run: st.runExport, result: st.exportResult, busy: st.exporting, undo: st.undoExport, mailto: st.mailto, go: st.go,
      mail: st.mail, mailLoaded: st.mailLoaded, loadMail: st.loadMail,
    })),
  );
  const { load, loadMail } = s;
  useEffect(() => {
    void load();
    void loadMail();
  }, [load, loadMail]);
  const [html, setHtml] = useState(false);
  const [preset, setPreset] = useState<CsvPreset>('generic');
  const [bom, setBom] = useState(false);
  const imap = imapReadiness(s.mail, s.mailLoaded);

  const exportAs = (f: ExportFormat) => {
    const options: Omit<RequestOf<'export:run'>, 'format'> = f === 'csv' ? { csv_preset: preset, bom } : { html };
    void s.run(f, options);
  };

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
            <button key={f} className="btn" disabled={s.busy || s.total === 0 || (f === 'imap' && !imap.ready)} onClick={() => exportAs(f)} title={what}>
              {name}
            </button>
          ))}
        </div>
        <div className="export-options">
          <fieldset className="stack" style={{ gap: 6 }}>
            <legend>Messages (.eml, mbox, IMAP)</legend>
            <label className="check">
              <input type="checkbox" checked={html} onChange={(e) => setHtml(e.target.checked)} />
              <span>Add an HTML alternative beside the plain text</span>
            </label>
            <span className="small muted">
              {imap.text}
              {imap.text && !imap.ready && (
                <>
                  {' '}
                  <button type="button" className="btn link" onClick={() => s.go('settings')}>Open Settings</button>
                </>
              )}
            </span>
          </fieldset>
          <fieldset className="stack" style={{ gap: 6 }}>
            <legend>Mail-merge CSV</legend>
            <label className="inline-field">
              <span>Columns for</span>
              <select value={preset} onChange={(e) => setPreset(e.target.value as CsvPreset)}>
                {(Object.keys(CSV_PRESET_LABEL) as CsvPreset[]).map((p) => (
                  <option key={p} value={p}>{CSV_PRESET_LABEL[p]}</option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
              <span>Start with a byte-order mark (so Excel reads accents right)</span>
            </label>
          </fieldset>
        </div>
        <p className="small muted">Each export is recorded in the activity log; exported drafts leave this list. A draft to someone on the do-not-contact list is never written.</p>
        {s.result && <ExportSummary result={s.result} onUndo={() => void s.undo()} onSettings={() => s.go('settings')} />}
      </section>
      {s.total === 0 ? (
        <Empty title="No approved drafts">
          <p>Approve drafts in Review; they wait here until you export them.</p>
          <button className="btn" onClick={() => s.go('review')}>
            Go to Review
          </button>
        </Empty>
      ) : (
        <section className="panel table-wrap" aria-label="Approved drafts" style={{ padding: 0 }}>
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
                    {d.recipient ?? <span className="danger-text">no address</span>} <EmailStatus status={d.recipient_status} />
                  </td>
                  <td className="ellipsis" style={{ maxWidth: 280 }}>{d.subject}</td>
                  <td><TierTag tier={d.quality_tier} /></td>
                  <td className="num">{formatScore(d.rank_score)}</td>
                  <td>
                    <button className="btn" onClick={() => void s.mailto(d.id)} disabled={!d.recipient} aria-label={`Open in mail app: the draft to ${d.company}`}>
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

/** What the last export did, named by business: what went out, what was left out and why, what to know. */
function ExportSummary({ result, onUndo, onSettings }: { result: ExportView; onUndo(): void; onSettings(): void }) {
  return (
    <div className="stack export-summary" style={{ gap: 6 }} role="status" aria-label="Last export">
      <strong>
        Exported {formatCount(result.exported)} as {result.format}
      </strong>
      {result.exported_businesses.length > 0 && <span className="small">To: {result.exported_businesses.join(', ')}</span>}
      {result.location && <span className="small wrap-cell">Location: {result.location}{result.files.length > 1 ? ` (${result.files.length} files)` : ''}</span>}
      {result.undo_token && (
        <button className="btn" style={{ alignSelf: 'flex-start' }} onClick={onUndo}>
          Undo this export
        </button>
      )}
      {result.skipped.length > 0 && (
        <div className="stack" style={{ gap: 2 }}>
          <span className="small"><strong>Left out ({result.skipped.length})</strong></span>
          <ul className="small plain-list" aria-label="Left out">
            {result.skipped.map((x) => (
              <li key={x.id}>
                <strong>{x.business ?? 'A draft whose lead is gone'}</strong>: {skipReason(x)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.warnings.length > 0 && (
        <div className="stack" style={{ gap: 2 }}>
          <span className="small"><strong>Good to know</strong></span>
          <ul className="small plain-list" aria-label="Warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>
                {w.business && !w.message.startsWith(w.business) ? `${w.business}: ` : ''}{w.message}
                {w.kind === 'no_postal_address' && (
                  <>
                    {' '}
                    <button type="button" className="btn link" onClick={onSettings}>Add it in Settings</button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
