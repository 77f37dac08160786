import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftDetailView } from '../../../preload/contract';
import { ChannelTabs } from '../components/ChannelTabs';
import { AddressPicker, BulkApproveDialog, QueueEnd, RejectReasonDialog } from '../components/ReviewDialogs';
import { EvidencePane, MessageText, StageList } from '../components/ReviewEvidence';
import { EmailStatus, Empty, StatusTag, TierTag } from '../components/common';
import { claimMarks, messageRuns } from '../lib/evidence';
import { formatCount, formatCredits, formatDate, formatScore } from '../lib/format';
import { useHunter } from '../store';
import { streamMarker } from '../store/draft-stream';
import { rowAt } from '../store/paging';
import { approveBlock, isStreaming, type ReviewFilter } from '../store/review-slice';
import { PAGE_SIZE } from '../store/types';

const QROW = 56;

const clearFlash = () => useHunter.setState({ flash: null });

/** Keys that type text are for the field being typed in; the rest drive the queue. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function Review() {
  const setReviewStatus = useHunter((s) => s.setReviewStatus);
  const status = useHunter((s) => s.reviewStatus);
  useEffect(() => {
    void setReviewStatus(useHunter.getState().reviewStatus);
  }, [setReviewStatus]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useHunter.getState();
      if (s.paletteOpen || s.sheetOpen || s.bulkPreview || s.rejectAsk) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void s.saveEdit(true);
        return;
      }
      if (e.key === 'Escape' && s.editor?.editing) {
        e.preventDefault();
        s.cancelEdit();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const act: Record<string, () => unknown> = {
        j: () => s.next(),
        k: () => s.prev(),
        a: () => s.approve(),
        e: () => s.startEdit(),
        r: () => s.askReject(),
        d: () => s.defer(),
        u: () => s.undo(),
        w: () => s.write(),
      };
      const fn = act[e.key.toLowerCase()];
      if (fn) {
        e.preventDefault();
        void fn();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="screen full">
      <h1 className="sr-only">Review</h1>
      <div className="review">
        <QueuePane status={status} />
        <DraftPane />
        <EvidenceColumn />
      </div>
      <BulkApproveDialog />
      <RejectReasonDialog />
    </div>
  );
}

function QueuePane({ status }: { status: ReviewFilter }) {
  const s = useHunter(
    useShallow((st) => ({
      total: st.queueTotal, pages: st.queuePages, selected: st.selectedIndex, setStatus: st.setReviewStatus, ensure: st.ensureQueueRows,
      selectIndex: st.selectIndex, minRank: st.minRank, setMinRank: st.setMinRank, bulkApprove: st.bulkApprove, gen: st.queueGen, go: st.go,
      decided: st.decidedCount, next: st.next, prev: st.prev,
    })),
  );
  const scroller = useRef<HTMLDivElement>(null);
  const total = s.total ?? 0;
  const virtual = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => QROW, overscan: 8, initialRect: { width: 300, height: 700 } });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure, gen, selected } = s;
  useEffect(() => {
    if (total > 0) void ensure(first, last);
  }, [first, last, total, gen, ensure]);
  useEffect(() => {
    if (selected >= 0) virtual.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtual]);
  const selectedRow = selected >= 0 ? rowAt(s.pages, selected, PAGE_SIZE) : undefined;
  const progress =
    s.total === null ? '…' : status === 'pending_review' ? `${formatCount(total)} to review${s.decided ? ` · ${formatCount(s.decided)} decided` : ''}` : `${formatCount(total)} draft${total === 1 ? '' : 's'}`;

  return (
    <section className="pane" aria-label="Review queue">
      <div className="pane-head">
        <div className="spread">
          <h2 id="queue-h">Review</h2>
          <span className="small muted" aria-live="polite" data-testid="queue-progress">{progress}</span>
        </div>
        <div className="row">
          <select aria-label="Show drafts" value={status} onChange={(e) => void s.setStatus(e.target.value as ReviewFilter)} className="grow">
            <option value="pending_review">To review</option>
            <option value="approved">Approved</option>
            <option value="rejected">Rejected</option>
            <option value="exported">Exported</option>
            <option value="expired">Expired</option>
            <option value="all">All</option>
          </select>
        </div>
        {status === 'pending_review' && (
          <div className="row small">
            <label className="row">
              Rank ≥
              <input
                type="number"
                aria-label="Minimum rank for bulk approve"
                min={0}
                max={1}
                step={0.05}
                value={s.minRank}
                onChange={(e) => s.setMinRank(Number(e.target.value))}
                style={{ width: 70 }}
              />
            </label>
            <button className="btn" onClick={() => void s.bulkApprove()} disabled={total === 0}>
              Approve all above…
            </button>
          </div>
        )}
      </div>
      {s.total === 0 ? (
        <div className="pane-body">
          <Empty title={status === 'pending_review' ? (s.decided ? `All ${formatCount(s.decided)} reviewed` : 'Nothing to review') : 'No drafts here'}>
            <p>{status === 'pending_review' ? (s.decided ? 'Export the approved drafts to your mail client.' : 'Drafts appear here as an agent writes them.') : 'Choose another list above.'}</p>
            {status === 'pending_review' && (
              <button className="btn" onClick={() => s.go(s.decided ? 'exports' : 'agents')}>
                {s.decided ? 'Export them' : 'Run an agent'}
              </button>
            )}
          </Empty>
        </div>
      ) : (
        <div
          className="queue-scroll"
          ref={scroller}
          role="listbox"
          aria-label="Drafts, best first"
          tabIndex={0}
          aria-activedescendant={selectedRow ? `q-${selectedRow.id}` : undefined}
          onKeyDown={(e) => {
            // The queue is a listbox: arrows move through it as j and k do.
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              void s.next();
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              void s.prev();
            } else if (e.key === 'Home') {
              e.preventDefault();
              void s.selectIndex(0);
            }
          }}
        >
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((it) => {
              const row = rowAt(s.pages, it.index, PAGE_SIZE);
              return (
                <div
                  key={it.key}
                  id={row ? `q-${row.id}` : undefined}
                  className="qrow"
                  role="option"
                  aria-selected={it.index === s.selected}
                  style={{ transform: `translateY(${it.start}px)`, height: QROW }}
                  onClick={() => void s.selectIndex(it.index)}
                >
                  {row ? (
                    <>
                      <div className="spread nowrap">
                        <span className="company ellipsis" title={row.company}>{row.company}</span>
                        <span className="row nowrap" style={{ gap: 4 }}>
                          {(row.follow_up_step ?? 0) > 0 && <span className="tag plain">Follow-up {row.follow_up_step}</span>}
                          {(row.variant ?? 0) > 0 && <span className="tag plain">Variant {(row.variant ?? 0) + 1}</span>}
                          <TierTag tier={row.quality_tier} />
                        </span>
                      </div>
                      <div className="spread nowrap small muted">
                        {row.recipient ? (
                          <span className="ellipsis" title={row.recipient}>{row.person ? `${row.person} · ` : ''}{row.recipient}</span>
                        ) : (
                          <span className="tag danger" data-testid="no-address">no address</span>
                        )}
                        <span className="row nowrap" style={{ gap: 6 }}>
                          <span title="Rank the queue sorts by">#{formatScore(row.rank_score)}</span>
                          {row.status !== 'pending_review' && <StatusTag status={row.status} />}
                        </span>
                      </div>
                    </>
                  ) : (
                    <span className="placeholder">Loading…</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}

function useSelectedDetail(): DraftDetailView | null {
  return useHunter((s) => (s.selectedDraftId ? (s.details[s.selectedDraftId] ?? null) : null));
}

function DraftPane() {
  const d = useSelectedDetail();
  const s = useHunter(
    useShallow((st) => ({
      editor: st.editor, stream: st.selectedDraftId ? st.streams[st.selectedDraftId] : undefined, suggestion: st.selectedDraftId ? st.suggestions[st.selectedDraftId] : undefined,
      flash: st.flash, selectedDraftId: st.selectedDraftId, queueEnd: st.queueEnd, total: st.queueTotal,
      approve: st.approve, reject: st.reject, defer: st.defer, undo: st.undo, startEdit: st.startEdit, changeEditor: st.changeEditor, saveEdit: st.saveEdit,
      cancelEdit: st.cancelEdit, write: st.write, useRefined: st.useRefined, keepMine: st.keepMine, useVersion: st.useVersion,
      undoLabel: st.undoStack[st.undoStack.length - 1]?.label ?? null, picker: st.addressPickerOpen, setPicker: st.setAddressPicker,
      askReject: st.askReject, addVariant: st.addVariant, showVariant: st.showVariant, pickVariant: st.pickVariant, variantBusy: st.variantBusy,
      variantRefusal: st.variantRefusal && st.variantRefusal.draftId === st.selectedDraftId ? st.variantRefusal.message : null,
    })),
  );
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editing = !!s.editor?.editing && s.editor.draftId === d?.id;
  useEffect(() => {
    if (editing) textarea.current?.focus();
  }, [editing]);
  const flashOn = !!s.flash && s.flash.draftId === s.selectedDraftId;
  useEffect(() => {
    if (!flashOn) return;
    const t = setTimeout(clearFlash, 2500);
    return () => clearTimeout(t);
  }, [flashOn]);
  const body = s.editor?.body ?? '';
  const marks = useMemo(() => (d ? claimMarks(d.review?.claims ?? [], d.facts) : []), [d]);
  const runs = useMemo(() => messageRuns(body, marks), [body, marks]);
  const [showVersions, setShowVersions] = useState(false);

  if (s.queueEnd || (!s.selectedDraftId && (s.total ?? 0) > 0)) {
    return (
      <section className="pane" aria-label="Draft">
        <div className="pane-body">
          <h2 id="draft-h" className="sr-only">Draft</h2>
          {s.queueEnd ? <QueueEnd /> : <p className="muted">Choose a draft on the left, or press J.</p>}
        </div>
      </section>
    );
  }
  if (!s.selectedDraftId) {
    return (
      <section className="pane" aria-label="Draft">
        <div className="pane-body">
          <h2 id="draft-h" className="sr-only">Draft</h2>
          <p className="muted">No draft selected.</p>
        </div>
      </section>
    );
  }
  if (!d || !s.editor) {
    return (
      <section className="pane" aria-label="Draft" aria-busy="true">
        <div className="pane-body muted">Loading…</div>
      </section>
    );
  }
  const live = isStreaming(s.stream);
  const cost = typeof s.stream?.metrics?.cost_micros === 'number' ? s.stream.metrics.cost_micros / 1e6 : null;
  const block = approveBlock(d, s.stream);
  const lacks = d.review?.lacks ?? [];
  const variants = d.variants ?? [];
  const hasVariants = variants.length > 1;
  const firstMessage = (d.follow_up_step ?? 0) === 0;
  const canVariant = firstMessage && !hasVariants && d.status === 'pending_review';

  return (
    <section className="pane" aria-label="Draft">
      <div className="pane-head">
        <div className="spread">
          <h2 id="draft-h" className="ellipsis" title={d.company}>{d.company}</h2>
          <StatusTag status={d.status} />
        </div>
        <div className="row wrap small">
          <span>To: {d.recipient ?? <strong className="danger-text">no address</strong>}</span>
          <EmailStatus status={d.recipient_status} />
          {d.recipient && !d.recipient_status && <span className="tag plain">added by you</span>}
          {d.status !== 'exported' && (
            <button className="btn link small" onClick={() => s.setPicker(!s.picker)} aria-expanded={s.picker}>
              {d.recipient ? 'Change address' : 'Add an address'}
            </button>
          )}
        </div>
        {s.picker && <AddressPicker d={d} />}
        <div className="small muted">
          {[d.person, (d.follow_up_step ?? 0) > 0 ? `follow-up ${d.follow_up_step}` : null, `rank ${formatScore(d.rank_score)}`, `quality ${formatScore(d.message_quality_score)}`].filter(Boolean).join(' · ')}
        </div>
        {hasVariants && (
          <div className="row wrap variant-bar">
            <div className="segmented" role="group" aria-label="Variants of this message">
              {variants.map((v) => (
                <button key={v.id} className="btn" aria-pressed={v.id === d.id} onClick={() => void s.showVariant(v.id)}>
                  Variant {v.variant + 1}
                </button>
              ))}
            </div>
            <button className="btn" onClick={() => void s.pickVariant()} disabled={d.status === 'exported' || d.status === 'rejected' || !!block}>
              Use this variant
            </button>
            <span className="small muted">Approves this one and sets the other aside.</span>
          </div>
        )}
        {lacks.length > 0 && (
          <ul className="lacks small" aria-label="Before it can go out">
            {lacks.map((l, i) => <li key={i} className={l.kind === 'address' ? 'danger-text' : undefined}>{l.message}</li>)}
          </ul>
        )}
      </div>
      <div className="pane-body">
        <div className="spread">
          <span className={`marker${live ? ' live' : ''}`} aria-live="polite" data-testid="stream-marker">
            {s.stream ? (
              <>
                <span className="dot" aria-hidden="true" />
                {streamMarker(s.stream)}
              </>
            ) : (
              <>Written by {d.model_used}{d.current_version === 'edited' ? ', edited by you' : ''}</>
            )}
          </span>
          {s.stream?.errors.length ? <span className="small muted">{s.stream.errors.length} fallback{s.stream.errors.length > 1 ? 's' : ''} on the way</span> : null}
        </div>

        <ChannelTabs d={d}>
        {editing ? (
          <div className="stack" style={{ gap: 8 }}>
            <label className="field">
              <span>Subject</span>
              <input type="text" value={s.editor.subject} onChange={(e) => s.changeEditor({ subject: e.target.value })} maxLength={300} />
            </label>
            <label className="field">
              <span>Message</span>
              <textarea ref={textarea} className="editor-body" value={body} onChange={(e) => s.changeEditor({ body: e.target.value })} rows={10} aria-describedby="edit-help" />
            </label>
            <p id="edit-help" className="small muted">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves and goes to the next draft · <kbd>Esc</kbd> stops editing (your text stays on Undo)
            </p>
          </div>
        ) : (
          <div className="stack" style={{ gap: 8 }}>
            <div className="small">
              <span className="muted">Subject: </span>
              {s.editor.subject}
            </div>
            {live && !body && <span className="small muted">Writing…</span>}
            <div className={`message${live && s.stream?.phase === 'drafting' ? ' streaming' : ''}`} role="document" aria-label="Message" data-testid="draft-body">
              {flashOn
                ? s.flash!.words.map((w, i) => (w.changed ? <mark key={i} className="changed">{w.text}</mark> : <span key={i}>{w.text}</span>))
                : <MessageText runs={runs} />}
            </div>
          </div>
        )}
        </ChannelTabs>

        {s.suggestion && (
          <div className="suggestion" role="region" aria-label="Refined version">
            <strong className="small">A refined version arrived while you were editing ({s.suggestion.model}).</strong>
            <div className="message" style={{ minHeight: 0 }}>{s.suggestion.text}</div>
            <div className="actions">
              <button className="btn primary" onClick={() => void s.useRefined()}>
                Use refined
              </button>
              <button className="btn" onClick={() => void s.keepMine()}>
                Keep mine
              </button>
            </div>
          </div>
        )}

        <div className="actions" role="toolbar" aria-label="Decide">
          <button
            className="btn primary"
            aria-keyshortcuts="a"
            onClick={() => void s.approve()}
            disabled={d.status === 'approved' || d.status === 'exported' || !!block}
            aria-describedby={block ? 'approve-why' : undefined}
          >
            Approve<kbd aria-hidden="true">A</kbd>
          </button>
          {editing ? (
            <>
              <button className="btn" aria-keyshortcuts="Control+Enter" onClick={() => void s.saveEdit(true)}>
                Save &amp; next<kbd aria-hidden="true">Ctrl+Enter</kbd>
              </button>
              <button className="btn" aria-keyshortcuts="Escape" onClick={() => s.cancelEdit()}>
                Cancel<kbd aria-hidden="true">Esc</kbd>
              </button>
            </>
          ) : (
            <button className="btn" aria-keyshortcuts="e" onClick={() => s.startEdit()} disabled={d.status === 'exported'}>
              Edit<kbd aria-hidden="true">E</kbd>
            </button>
          )}
          <button className="btn" aria-keyshortcuts="r" aria-haspopup="dialog" onClick={() => s.askReject()} disabled={d.status === 'rejected' || d.status === 'exported'}>
            Reject…<kbd aria-hidden="true">R</kbd>
          </button>
          <button className="btn" title="Rejects the draft and lists the whole business: its addresses, domain, phone and name" onClick={() => void useHunter.getState().blockContact()} disabled={d.status === 'exported'}>
            Don&apos;t contact again
          </button>
          <button className="btn" onClick={() => { const h = useHunter.getState(); h.go('leads'); void h.openLead(d.lead_id); }}>
            Open the lead
          </button>
          <button className="btn" aria-keyshortcuts="d" onClick={() => void s.defer()} disabled={d.status === 'exported'}>
            Defer<kbd aria-hidden="true">D</kbd>
          </button>
          <button className="btn" aria-keyshortcuts="u" onClick={() => void s.undo()} disabled={!s.undoLabel} title={s.undoLabel ? `Undo: ${s.undoLabel}` : 'Nothing to undo'}>
            Undo<kbd aria-hidden="true">U</kbd>
          </button>
          <button className="btn" aria-keyshortcuts="w" onClick={() => void s.write()} disabled={live || d.status === 'exported'}>
            Write again<kbd aria-hidden="true">W</kbd>
          </button>
        </div>
        {canVariant && (
          <div className="row wrap">
            <button className="btn" onClick={() => void s.addVariant()} disabled={s.variantBusy} aria-describedby={s.variantRefusal ? 'variant-why' : undefined}>
              {s.variantBusy ? 'Writing a second variant…' : 'Write a second variant'}
            </button>
            <span className="small muted">Same lead, another fact to open with; you then keep the better one.</span>
          </div>
        )}
        {s.variantRefusal && <p id="variant-why" className="small why-none" role="status" data-testid="variant-refusal">{s.variantRefusal}</p>}
        {block && <p id="approve-why" className="small why" role="status" data-testid="approve-why">{block}</p>}
        {s.undoLabel && <p className="small muted" data-testid="undo-next">U undoes: {s.undoLabel}</p>}

        <details>
          <summary>Model, cost and timings</summary>
          <StageList d={d} />
          {s.stream?.metrics && (
            <p className="small muted">
              This rewrite: {typeof s.stream.metrics.ttft_ms === 'number' ? `first text after ${Math.round(s.stream.metrics.ttft_ms)} ms, ` : ''}
              {typeof s.stream.metrics.total_ms === 'number' ? `done in ${Math.round(s.stream.metrics.total_ms)} ms` : ''}
              {cost !== null ? `, ${formatCredits(cost)} credits` : ''}
            </p>
          )}
        </details>
        <details open={showVersions} onToggle={(e) => setShowVersions((e.target as HTMLDetailsElement).open)}>
          <summary>Versions ({d.versions.length})</summary>
          <ul className="list">
            {d.versions.map((v) => (
              <li key={v.id} className="spread" style={{ padding: '6px 0' }}>
                <span className="small">
                  {v.kind} · {v.model_used} · {formatDate(v.created_at)}
                  {v.id === d.review?.version_id ? ' · shown' : ''}
                </span>
                <button className="btn" onClick={() => void s.useVersion(v.id)} disabled={v.body === d.body}>
                  Use this version
                </button>
              </li>
            ))}
          </ul>
        </details>
      </div>
    </section>
  );
}

function EvidenceColumn() {
  const d = useSelectedDetail();
  const body = useHunter((s) => (s.editor && s.editor.draftId === s.selectedDraftId ? s.editor.body : ''));
  if (!d) {
    return (
      <section className="pane" aria-label="Evidence">
        <div className="pane-body muted">
          <h2 id="evidence-h" className="sr-only">Evidence</h2>
          The evidence for a draft shows here.
        </div>
      </section>
    );
  }
  return <EvidencePane d={d} body={body} />;
}
