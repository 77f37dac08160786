import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftDetailView } from '../../../preload/contract';
import { formatCount, formatScore } from '../lib/format';
import { REJECT_ORDER, REJECT_REASONS } from '../lib/outreach';
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

/**
 * Why the rep rejects the draft on screen (issue 16): five reasons, each with its digit; Esc cancels.
 * The keys are read on the window, as the queue's are, so 1–5 work wherever the focus is.
 */
export function RejectReasonDialog() {
  const s = useHunter(useShallow((st) => ({ open: st.rejectAsk, id: st.selectedDraftId, reject: st.reject, cancel: st.cancelReject, details: st.details })));
  const first = useRef<HTMLButtonElement>(null);
  const d = s.open && s.id ? s.details[s.id] : undefined;
  const { open, reject, cancel } = s;
  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const reason = REJECT_ORDER.find((r) => REJECT_REASONS[r].key === e.key);
      if (reason) {
        e.preventDefault();
        e.stopImmediatePropagation();
        void reject(reason);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        cancel();
      }
    };
    // Capture: the queue's own keys (r, j, a …) wait while the rep is choosing.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, reject, cancel]);
  if (!open) return null;
  const listed = d?.recipient ?? d?.company ?? 'the person';
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <div className="dialog reject-dialog" role="dialog" aria-modal="true" aria-labelledby="reject-h" aria-describedby="reject-help">
        <h2 id="reject-h">Reject{d ? ` the draft to ${d.company}` : ' the draft'}: why?</h2>
        <p id="reject-help" className="small muted">
          Press <kbd>1</kbd>–<kbd>5</kbd>, or <kbd>Esc</kbd> to keep the draft. The reason teaches the next round.
        </p>
        <ul className="reason-list" aria-label="Reasons">
          {REJECT_ORDER.map((r, i) => {
            const x = REJECT_REASONS[r];
            const hint = r === 'do_not_contact' ? `Also puts ${listed} on the do-not-contact list and cancels its follow-ups (Undo does not take that back).` : x.hint;
            return (
              <li key={r}>
                <button ref={i === 0 ? first : undefined} className={`btn reason${r === 'do_not_contact' ? ' danger' : ''}`} aria-keyshortcuts={x.key} onClick={() => void reject(r)} data-reason={r}>
                  <kbd aria-hidden="true">{x.key}</kbd>
                  <span className="stack" style={{ gap: 0 }}>
                    <span className="reason-label">{x.label}</span>
                    <span className="small muted">{hint}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        <div className="actions">
          <button className="btn" onClick={() => cancel()}>Cancel<kbd aria-hidden="true">Esc</kbd></button>
        </div>
      </div>
    </div>
  );
}
