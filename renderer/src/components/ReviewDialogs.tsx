import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftDetailView } from '../../../preload/contract';
import { formatCount, formatScore } from '../lib/format';
import { useHunter } from '../store';
import { EmailStatus } from './common';

/**
 * The review pane's fixes in place (issue 13): the list a bulk approve would take, shown before it does;
 * the address picker of a draft with no usable address; the end of the queue.
 */

export function BulkApproveDialog() {
  const preview = useHunter((s) => s.bulkPreview);
  const confirm = useHunter((s) => s.confirmBulkApprove);
  const cancel = useHunter((s) => s.cancelBulkApprove);
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (preview) ok.current?.focus();
  }, [preview]);
  if (!preview) return null;
  const goes = preview.candidates.filter((c) => !c.lacks.some((l) => l.kind === 'address'));
  const left = preview.candidates.length - goes.length;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <div
        className="dialog bulk"
        role="dialog"
        aria-modal="true"
        aria-labelledby="bulk-h"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          }
        }}
      >
        <h2 id="bulk-h">Approve {formatCount(goes.length)} draft{goes.length === 1 ? '' : 's'} ranked {formatScore(preview.minRank)} or higher?</h2>
        {left > 0 && <p className="small">{formatCount(left)} without an address will be left out until you add one.</p>}
        <ul className="bulk-list" aria-label="Drafts to approve">
          {preview.candidates.map((c) => (
            <li key={c.id}>
              <div className="spread nowrap">
                <span className="ellipsis" title={c.company}>{c.company}</span>
                <span className="small muted">#{formatScore(c.rank_score)}</span>
              </div>
              {c.lacks.length > 0 ? (
                <ul className="lacks small">
                  {c.lacks.map((l, i) => <li key={i} className={l.kind === 'address' ? 'danger-text' : undefined}>{l.kind === 'address' ? 'Left out: ' : ''}{l.message}</li>)}
                </ul>
              ) : (
                <span className="small muted">{c.recipient}</span>
              )}
            </li>
          ))}
        </ul>
        <div className="actions">
          <button ref={ok} className="btn primary" onClick={() => void confirm()} disabled={goes.length === 0}>
            Approve {formatCount(goes.length)}
          </button>
          <button className="btn" onClick={() => cancel()}>Cancel</button>
        </div>
        <p className="small muted">One Undo (U) takes the whole approval back.</p>
      </div>
    </div>
  );
}

export function AddressPicker({ d }: { d: DraftDetailView }) {
  const setRecipient = useHunter((s) => s.setRecipient);
  const close = useHunter((s) => s.setAddressPicker);
  const [typed, setTyped] = useState('');
  const found = d.review?.addresses ?? [];
  const first = useRef<HTMLElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  return (
    <div className="address-picker" role="group" aria-label="Address for this draft">
      {found.length > 0 ? (
        <ul className="list" aria-label="Addresses found for this business">
          {found.map((a, i) => (
            <li key={a.fact_id} className="spread">
              <span className="row wrap small">
                <span className="ellipsis">{a.email}</span>
                <EmailStatus status={a.status} />
              </span>
              <button ref={i === 0 ? (first as React.RefObject<HTMLButtonElement>) : undefined} className="btn" onClick={() => void setRecipient(a.email)} disabled={a.email === d.recipient}>
                Use
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">No address was found for this business; type one you know.</p>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) void setRecipient(typed.trim()).then((ok) => ok && setTyped(''));
        }}
      >
        <input
          ref={found.length === 0 ? (first as React.RefObject<HTMLInputElement>) : undefined}
          type="text"
          inputMode="email"
          autoComplete="off"
          className="grow"
          aria-label="Type an address"
          placeholder="name@business.com"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button className="btn" type="submit" disabled={!typed.trim()}>Save</button>
        <button className="btn" type="button" onClick={() => close(false)}>Close</button>
      </form>
    </div>
  );
}

export function QueueEnd() {
  const s = useHunter(useShallow((st) => ({ total: st.queueTotal ?? 0, decided: st.decidedCount, go: st.go, restart: st.restartQueue, status: st.reviewStatus })));
  const all = s.total === 0;
  return (
    <div className="empty queue-end" role="status" data-testid="queue-end">
      <strong>{all ? `All ${formatCount(s.decided)} reviewed — export them` : `End of the queue — ${formatCount(s.total)} still to review`}</strong>
      <p>{all ? 'The approved drafts wait in Exports for your mail client.' : 'You moved past the last draft; the ones you skipped are still waiting.'}</p>
      <div className="actions">
        {all || s.status !== 'pending_review' ? null : (
          <button className="btn" onClick={() => void s.restart()}>Back to the first</button>
        )}
        <button className="btn primary" onClick={() => s.go('exports')}>Go to Exports</button>
      </div>
    </div>
  );
}
