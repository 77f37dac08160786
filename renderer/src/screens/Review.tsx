import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftDetailView } from '../../../preload/contract';
import { EmailStatus, Empty, FactList, ScoreBreakdown, StatusTag, TierTag, factText } from '../components/common';
import { formatCount, formatCredits, formatDate, formatScore } from '../lib/format';
import { mentioned, segments, usableTerms } from '../lib/highlight';
import { useHunter } from '../store';
import { streamMarker } from '../store/draft-stream';
import { rowAt } from '../store/paging';
import type { ReviewFilter } from '../store/review-slice';
import { PAGE_SIZE } from '../store/types';

const QROW = 52;

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
      if (s.paletteOpen || s.sheetOpen) return;
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
        r: () => s.reject(),
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
      <div className="review">
        <QueuePane status={status} />
        <DraftPane />
        <EvidencePane />
      </div>
    </div>
  );
}

function QueuePane({ status }: { status: ReviewFilter }) {
  const s = useHunter(
    useShallow((st) => ({
      total: st.queueTotal, pages: st.queuePages, selected: st.selectedIndex, setStatus: st.setReviewStatus, ensure: st.ensureQueueRows,
      selectIndex: st.selectIndex, minRank: st.minRank, setMinRank: st.setMinRank, bulkApprove: st.bulkApprove, gen: st.queueGen, go: st.go,
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

  return (
    <section className="pane" aria-label="Review queue">
      <div className="pane-head">
        <div className="spread">
          <h2>Review</h2>
          <span className="small muted" aria-live="polite">
            {s.total === null ? '…' : `${formatCount(total)} draft${total === 1 ? '' : 's'}`}
          </span>
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
              Approve all above
            </button>
          </div>
        )}
      </div>
      {s.total === 0 ? (
        <div className="pane-body">
          <Empty title={status === 'pending_review' ? 'Nothing to review' : 'No drafts here'}>
            <p>{status === 'pending_review' ? 'Drafts appear here as an agent writes them.' : 'Choose another list above.'}</p>
            {status === 'pending_review' && (
              <button className="btn" onClick={() => s.go('agents')}>
                Run an agent
              </button>
            )}
          </Empty>
        </div>
      ) : (
        <div className="queue-scroll" ref={scroller} role="listbox" aria-label="Drafts, best first" tabIndex={-1}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((it) => {
              const row = rowAt(s.pages, it.index, PAGE_SIZE);
              return (
                <div
                  key={it.key}
                  className="qrow"
                  role="option"
                  aria-selected={it.index === s.selected}
                  style={{ transform: `translateY(${it.start}px)` }}
                  onClick={() => void s.selectIndex(it.index)}
                >
                  {row ? (
                    <>
                      <div className="spread">
                        <span className="company ellipsis" title={row.company}>{row.company}</span>
                        <TierTag tier={row.quality_tier} />
                      </div>
                      <div className="spread small muted">
                        <span className="ellipsis">{row.person ?? row.recipient ?? 'no contact'}</span>
                        <span className="row" style={{ gap: 6 }}>
                          <span title="Message quality">Q {formatScore(row.message_quality_score)}</span>
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

/** The words of a draft worth matching against its evidence. */
function evidenceTerms(d: DraftDetailView): string[] {
  return usableTerms([...d.facts.map(factText), ...d.facts_used]);
}

function DraftPane() {
  const d = useSelectedDetail();
  const s = useHunter(
    useShallow((st) => ({
      editor: st.editor, stream: st.selectedDraftId ? st.streams[st.selectedDraftId] : undefined, suggestion: st.selectedDraftId ? st.suggestions[st.selectedDraftId] : undefined,
      flash: st.flash, selectedDraftId: st.selectedDraftId,
      approve: st.approve, reject: st.reject, defer: st.defer, undo: st.undo, startEdit: st.startEdit, changeEditor: st.changeEditor, saveEdit: st.saveEdit,
      cancelEdit: st.cancelEdit, write: st.write, useRefined: st.useRefined, keepMine: st.keepMine, useVersion: st.useVersion,
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
  }, [flashOn, clearFlash]);
  const terms = useMemo(() => (d ? evidenceTerms(d) : []), [d]);

  if (!s.selectedDraftId) {
    return (
      <section className="pane" aria-label="Draft">
        <div className="pane-body">
          <p className="muted">Choose a draft on the left, or press J.</p>
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
  const body = s.editor.body;
  const live = s.stream && (s.stream.phase === 'drafting' || s.stream.phase === 'drafted' || s.stream.phase === 'refining');
  const cost = typeof s.stream?.metrics?.cost_micros === 'number' ? s.stream.metrics.cost_micros / 1e6 : null;
  const decided = d.status !== 'pending_review';

  return (
    <section className="pane" aria-label="Draft">
      <div className="pane-head">
        <div className="spread">
          <h2 className="ellipsis" title={d.company}>{d.company}</h2>
          <StatusTag status={d.status} />
        </div>
        <div className="row wrap small">
          <span>To: {d.recipient ?? <em>no address</em>}</span>
          <EmailStatus status={d.recipient_status} />
        </div>
        <div className="small muted">
          {[d.person, `rank ${formatScore(d.rank_score)}`, `quality ${formatScore(d.message_quality_score)}`].filter(Boolean).join(' · ')}
        </div>
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
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves and goes to the next draft · <kbd>Esc</kbd> stops editing
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
                : segments(body, terms).map((seg, i) => (seg.term === null ? <span key={i}>{seg.text}</span> : <mark key={i} title="Backed by a fact">{seg.text}</mark>))}
            </div>
          </div>
        )}

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
          <button className="btn primary" aria-keyshortcuts="a" onClick={() => void s.approve()} disabled={d.status === 'approved' || d.status === 'exported'}>
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
          <button className="btn" aria-keyshortcuts="r" onClick={() => void s.reject()} disabled={d.status === 'rejected' || d.status === 'exported'}>
            Reject<kbd aria-hidden="true">R</kbd>
          </button>
          <button className="btn" aria-keyshortcuts="d" onClick={() => void s.defer()} disabled={decided && d.status !== 'pending_review'}>
            Defer<kbd aria-hidden="true">D</kbd>
          </button>
          <button className="btn" aria-keyshortcuts="u" onClick={() => void s.undo()}>
            Undo<kbd aria-hidden="true">U</kbd>
          </button>
          <button className="btn" aria-keyshortcuts="w" onClick={() => void s.write()} disabled={!!live || d.status === 'exported'}>
            Write again<kbd aria-hidden="true">W</kbd>
          </button>
        </div>

        <details>
          <summary>Model, cost and timings</summary>
          <dl className="detail-grid" style={{ marginTop: 8 }}>
            <dt>Written by</dt>
            <dd>{d.model_used}</dd>
            <dt>Expires</dt>
            <dd>{formatDate(d.expires_at)}</dd>
            {s.stream?.metrics && (
              <>
                <dt>Last write</dt>
                <dd>
                  {typeof s.stream.metrics.ttft_ms === 'number' ? `first text after ${Math.round(s.stream.metrics.ttft_ms)} ms, ` : ''}
                  {typeof s.stream.metrics.total_ms === 'number' ? `done in ${Math.round(s.stream.metrics.total_ms)} ms` : ''}
                  {cost !== null ? `, ${formatCredits(cost)} credits` : ''}
                </dd>
              </>
            )}
          </dl>
          <h3 style={{ marginTop: 10 }}>Versions</h3>
          <ul className="list">
            {d.versions.map((v) => (
              <li key={v.id} className="spread" style={{ padding: '6px 0' }}>
                <span className="small">
                  {v.kind} · {v.model_used} · {formatDate(v.created_at)}
                  {typeof v.metrics?.cost_micros === 'number' ? ` · ${formatCredits(v.metrics.cost_micros / 1e6)} cr` : ''}
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

function EvidencePane() {
  const d = useSelectedDetail();
  const body = useHunter((s) => (s.editor && s.editor.draftId === s.selectedDraftId ? s.editor.body : ''));
  const terms = useMemo(() => (d ? evidenceTerms(d) : []), [d]);
  const hits = useMemo(() => mentioned(body, terms), [body, terms]);
  if (!d) {
    return (
      <section className="pane" aria-label="Evidence">
        <div className="pane-body muted">The evidence for a draft shows here.</div>
      </section>
    );
  }
  const cited = d.facts_used.filter((t) => !d.facts.some((f) => factText(f).toLowerCase() === t.toLowerCase()));
  return (
    <section className="pane" aria-label="Evidence">
      <div className="pane-head">
        <div className="spread">
          <h2>Evidence</h2>
          <TierTag tier={d.lead.quality_tier} />
        </div>
      </div>
      <div className="pane-body">
        <ScoreBreakdown score={d.lead.lead_score} breakdown={d.lead.score_breakdown} scoredBy={d.lead.scored_by} />
        {cited.length > 0 && (
          <section className="stack" style={{ gap: 6 }} aria-label="From the lead's record">
            <h3>From the lead's record</h3>
            <div className="row wrap">
              {cited.map((t) => {
                const on = hits.has(terms.findIndex((x) => x.toLowerCase() === t.toLowerCase()));
                return (
                  <span key={t} className={`tag ${on ? 'ok' : 'plain'}`}>
                    {on ? '✓ ' : ''}
                    {t}
                  </span>
                );
              })}
            </div>
          </section>
        )}
        <section className="stack" style={{ gap: 6 }}>
          <h3>Facts ({d.facts.length})</h3>
          <FactList facts={d.facts} mentioned={hits} terms={terms} />
        </section>
      </div>
    </section>
  );
}
