import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DraftStatusView, LeadDetailView, LeadRowView, ScoreBreakdownView, Tier } from '../../../preload/contract';
import { EmailStatus, Empty, FactList, ScoreBreakdown, SourceLink, StatusTag, TierTag } from '../components/common';
import { formatCount, formatDate, formatPercent, formatScore } from '../lib/format';
import { useHunter } from '../store';
import { rowAt } from '../store/paging';
import { PAGE_SIZE } from '../store/types';
import { contactValuesOf, type EraseReason, type EraseSuppress, type LeadOrder } from '../store/leads-slice';

const ROW = 34;
const HEAD = 32;

interface Column {
  order: LeadOrder;
  label: string;
  width: string;
  /** Kept when the lead panel takes half the room: what identifies and ranks a lead. */
  compact: boolean;
  cell: (r: LeadRowView) => React.ReactNode;
  num?: boolean;
}

const COLUMNS: Column[] = [
  { order: 'name', label: 'Name', width: 'minmax(150px, 2fr)', compact: true, cell: (r) => r.name },
  { order: 'city', label: 'City', width: 'minmax(80px, 1fr)', compact: false, cell: (r) => r.city ?? '—' },
  { order: 'category', label: 'Category', width: 'minmax(90px, 1fr)', compact: false, cell: (r) => r.category ?? '—' },
  { order: 'score', label: 'Score', width: '72px', compact: true, num: true, cell: (r) => formatScore(r.lead_score) },
  { order: 'tier', label: 'Tier', width: '96px', compact: true, cell: (r) => <TierTag tier={r.quality_tier} /> },
  { order: 'email', label: 'E-mail', width: 'minmax(140px, 1.4fr)', compact: false, cell: (r) => r.email ?? '—' },
  { order: 'website', label: 'Website', width: 'minmax(110px, 1.1fr)', compact: false, cell: (r) => (r.website ? r.website.replace(/^https?:\/\/(www\.)?/i, '') : '—') },
];

export function Leads() {
  const s = useHunter(
    useShallow((st) => ({
      q: st.leadQuery, total: st.leadTotal, pages: st.leadPages, setQuery: st.setLeadQuery, sortBy: st.sortLeadsBy, ensure: st.ensureLeadRows,
      open: st.openLead, selected: st.selectedLeadId, detail: st.leadDetail, close: st.closeLead, go: st.go,
    })),
  );
  const setQuery = useHunter((st) => st.setLeadQuery);
  const ensure = useHunter((st) => st.ensureLeadRows);
  const gen = useHunter((st) => st.leadGen);
  const scroller = useRef<HTMLDivElement>(null);
  const [search, setSearch] = useState(s.q.search);
  const [active, setActive] = useState(0);
  const total = s.total ?? 0;

  // The first page loads when the screen opens; later changes go through setQuery.
  useEffect(() => {
    void setQuery({});
  }, [setQuery]);
  const currentSearch = s.q.search;
  useEffect(() => {
    if (search === currentSearch) return;
    const t = setTimeout(() => void setQuery({ search }), 200);
    return () => clearTimeout(t);
  }, [search, currentSearch, setQuery]);

  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    scrollMargin: HEAD,
    initialRect: { width: 900, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total > 0) void ensure(first, last);
  }, [first, last, total, gen, ensure]);

  const shown = s.selected ? COLUMNS.filter((c) => c.compact) : COLUMNS;
  const grid = shown.map((c) => c.width).join(' ');
  const sortAttr = (order: LeadOrder) => (s.q.order === order ? (s.q.direction === 'asc' ? 'ascending' : 'descending') : 'none');
  const move = (to: number) => {
    const i = Math.max(0, Math.min(total - 1, to));
    setActive(i);
    virtual.scrollToIndex(i, { align: 'auto' });
  };
  const filtered = !!s.q.search || !!s.q.tier;

  return (
    <div className="screen leads-screen">
      <div className="spread">
        <h1>Leads</h1>
        <span className="muted" aria-live="polite">
          {s.total === null ? 'Loading…' : `${formatCount(total)} lead${total === 1 ? '' : 's'}${filtered ? ' match' : ''}`}
        </span>
      </div>
      <div className="row wrap" role="search" aria-label="Filter the leads">
        <input type="search" aria-label="Search leads" placeholder="Filter by name, city, website, category, e-mail…" value={search} onChange={(e) => setSearch(e.target.value)} className="filter-box" />
        <label className="row small">
          Tier
          <select aria-label="Filter by tier" value={s.q.tier} onChange={(e) => void s.setQuery({ tier: e.target.value as Tier | '' })}>
            <option value="">All</option>
            <option value="gold">Gold</option>
            <option value="silver">Silver</option>
            <option value="skipped">Skipped</option>
          </select>
        </label>
      </div>
      {s.total === 0 && !filtered ? (
        <Empty title="No leads yet">
          <p>Leads appear here as an agent finds them.</p>
          <button className="btn primary" onClick={() => s.go('agents')}>
            Set up an agent
          </button>
        </Empty>
      ) : (
        <div className={`leads-layout${s.selected ? ' with-panel' : ''}`}>
          <div className="table">
            <div
              className="table-scroll"
              ref={scroller}
              role="table"
              aria-label="Leads"
              aria-rowcount={total + 1}
              aria-describedby="leads-keys"
              tabIndex={0}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                if (e.key === 'ArrowDown' || e.key === 'j') {
                  e.preventDefault();
                  move(active + 1);
                } else if (e.key === 'ArrowUp' || e.key === 'k') {
                  e.preventDefault();
                  move(active - 1);
                } else if (e.key === 'Enter') {
                  const row = rowAt(s.pages, active, PAGE_SIZE);
                  if (row) void s.open(row.id);
                } else if (e.key === 'Escape') {
                  s.close();
                }
              }}
            >
              <span id="leads-keys" className="sr-only">Arrow keys or j and k move through the leads, Enter opens one, Escape closes it.</span>
              <div role="rowgroup" className="thead-group">
                <div className="thead" role="row" aria-rowindex={1} style={{ gridTemplateColumns: grid }}>
                  {shown.map((c) => (
                    <div key={c.order} role="columnheader" aria-sort={sortAttr(c.order)} className={c.num ? 'num' : undefined}>
                      <button type="button" onClick={() => void s.sortBy(c.order)} title={`Sort by ${c.label.toLowerCase()}`}>
                        {c.label} <span aria-hidden="true">{s.q.order === c.order ? (s.q.direction === 'asc' ? '▲' : '▼') : ''}</span>
                      </button>
                    </div>
                  ))}
                </div>
              </div>
              <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                {items.map((it) => {
                  const row = rowAt(s.pages, it.index, PAGE_SIZE);
                  const current = row ? row.id === s.selected : false;
                  return (
                    <div
                      key={it.key}
                      className={`trow${it.index === active ? ' active' : ''}`}
                      role="row"
                      aria-rowindex={it.index + 2}
                      aria-current={current ? 'true' : undefined}
                      style={{ transform: `translateY(${it.start - HEAD}px)`, gridTemplateColumns: grid }}
                      onClick={() => {
                        setActive(it.index);
                        if (row) void s.open(row.id);
                      }}
                    >
                      {row ? (
                        shown.map((c) => (
                          <div key={c.order} role="cell" className={c.num ? 'num' : undefined} title={c.order === 'name' ? row.name : undefined}>
                            {c.cell(row)}
                          </div>
                        ))
                      ) : (
                        <div role="cell" className="placeholder">Loading…</div>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
          {s.selected && <LeadPanel detail={s.detail} onClose={s.close} />}
        </div>
      )}
    </div>
  );
}

const PART_LABEL: Record<keyof ScoreBreakdownView, string> = { business_maturity: 'Business maturity', intent_signals: 'Intent signals', fit_match: 'Fit' };

/** A lead beside the list (the list keeps its place): why it scored so, what joined it, its drafts, every fact, and the rep's rights actions. */
export function LeadPanel({ detail, onClose }: { detail: LeadDetailView | null; onClose: () => void }) {
  if (!detail) return <aside className="side-panel" aria-label="Lead" aria-busy="true">Loading…</aside>;
  const l = detail.lead;
  const person = [l.first_name, l.last_name].filter(Boolean).join(' ');
  const emailFact = detail.facts.find((f) => f.kind === 'email' && f.value.toLowerCase() === (l.email ?? '').toLowerCase());
  return (
    <aside className="side-panel" aria-label={`Lead: ${l.name}`}>
      <div className="spread" style={{ alignItems: 'flex-start' }}>
        <h2 style={{ overflowWrap: 'anywhere' }}>{l.name}</h2>
        <button className="btn" onClick={onClose} aria-label="Close the lead">
          Close
        </button>
      </div>
      <div className="row wrap">
        <TierTag tier={l.quality_tier} />
        <span className="tag plain">Score {formatScore(l.lead_score)}</span>
        {l.category && <span className="tag plain">{l.category}</span>}
        {l.city && <span className="tag plain">{l.city}</span>}
      </div>
      <LeadDrafts detail={detail} />
      <ScoreBreakdown score={l.lead_score} breakdown={l.score_breakdown} scoredBy={l.scored_by} />
      <ScoreReasons detail={detail} />
      <section className="stack" style={{ gap: 6 }} aria-label="Contact">
        <h3>Contact</h3>
        <dl className="detail-grid">
          {person && (
            <>
              <dt>Person</dt>
              <dd>{person}{l.title ? `, ${l.title}` : ''}</dd>
            </>
          )}
          <dt>E-mail</dt>
          <dd>
            {l.email ?? '—'} {emailFact && typeof emailFact.detail?.status === 'string' ? <EmailStatus status={emailFact.detail.status} /> : l.email ? <EmailStatus status="from_source" /> : null}
          </dd>
          <dt>Phone</dt>
          <dd>{l.phone ?? '—'}</dd>
          <dt>Website</dt>
          <dd>{l.website ? <SourceLink url={l.website} /> : '—'}</dd>
          <dt>Address</dt>
          <dd>{l.address ?? '—'}</dd>
          <dt>Rating</dt>
          <dd>{l.rating != null ? `${l.rating} (${l.review_count ?? 0} reviews)` : '—'}</dd>
          <dt>Found in</dt>
          <dd>{l.sources.join(', ') || '—'}</dd>
        </dl>
      </section>
      <Merges detail={detail} />
      <section className="stack" style={{ gap: 6 }} aria-label="Facts about the lead">
        <h3>Facts ({detail.facts.length})</h3>
        <FactList facts={detail.facts} />
      </section>
      <LeadRights detail={detail} />
    </aside>
  );
}

/** The lead's drafts, each a way into Review on it. */
function LeadDrafts({ detail }: { detail: LeadDetailView }) {
  const openDraft = useHunter((s) => s.openLeadDraft);
  const drafts = detail.drafts ?? [];
  return (
    <section className="stack" style={{ gap: 6 }} aria-label="Drafts">
      <h3>Drafts ({drafts.length})</h3>
      {drafts.length === 0 ? (
        <p className="small muted">No draft yet: a run writes one when the lead qualifies.</p>
      ) : (
        <ul className="plain-list">
          {drafts.map((d) => (
            <li key={d.id} className="row wrap">
              <StatusTag status={d.status} />
              <span className="small ellipsis" title={d.recipient ?? undefined}>{d.recipient ?? 'no address yet'}</span>
              <button className="btn" onClick={() => void openDraft(d.id, d.status as DraftStatusView)}>
                Open the draft
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Why it scored so: each part's weight in the score, its named signals with their weights and evidence, and whether a fallback decided. */
function ScoreReasons({ detail }: { detail: LeadDetailView }) {
  const score = detail.score;
  if (!score) return null;
  const signals = score.signals ?? [];
  const parts = Object.keys(PART_LABEL) as Array<keyof ScoreBreakdownView>;
  return (
    <section className="stack" style={{ gap: 6 }} aria-label="Why it scored so">
      <h3>Why it scored so</h3>
      {score.fallback_code && (
        <p className="warning small">
          The model could not score it ({score.fallback_code}); the built-in scorer did, on the same scale.
        </p>
      )}
      {signals.length > 0 ? (
        parts.map((part) => {
          const mine = signals.filter((x) => x.part === part && x.weight > 0);
          if (mine.length === 0) return null;
          return (
            <div key={part} className="stack" style={{ gap: 2 }}>
              <strong className="small">
                {PART_LABEL[part]}
                {score.part_weights ? ` · counts ${formatPercent(score.part_weights[part])} of the score` : ''}
              </strong>
              <table className="signal-table">
                <thead>
                  <tr>
                    <th scope="col">Signal</th>
                    <th scope="col" className="num">Value</th>
                    <th scope="col" className="num">Weight</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((x) => (
                    <tr key={x.name}>
                      <td>
                        {x.evidence}
                      </td>
                      <td className="num">{x.value.toFixed(2)}</td>
                      <td className="num">{formatPercent(x.weight)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })
      ) : score.reasons.length > 0 ? (
        <ul className="small" style={{ margin: 0, paddingLeft: 18 }}>
          {score.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : (
        <p className="small muted">No reasons recorded for this score.</p>
      )}
    </section>
  );
}

const MATCHED_BY: Record<string, string> = {
  place_id: 'the same Google place', domain: 'the same website', email: 'the same e-mail address', phone: 'the same phone number',
  name: 'a matching name', name_city: 'a matching name in the same city', rep: 'your decision',
};

/** A merge key as the rep reads it: "phone:+15035550141" is "the same phone number (+15035550141)". */
export function matchedByText(key: string): string {
  const at = key.indexOf(':');
  const kind = at > 0 ? key.slice(0, at) : key;
  const value = at > 0 ? key.slice(at + 1) : '';
  return `${MATCHED_BY[kind] ?? kind.replace(/_/g, ' ')}${value ? ` (${value})` : ''}`;
}

/** What joined this lead (which row or place, by which key) with a way to split each off; and leads that may be the same business. */
function Merges({ detail }: { detail: LeadDetailView }) {
  const split = useHunter((s) => s.splitMerge);
  const open = useHunter((s) => s.openLead);
  const merges = detail.merges ?? [];
  const related = detail.related ?? [];
  if (merges.length === 0 && related.length === 0) return null;
  return (
    <section className="stack" style={{ gap: 6 }} aria-label="Merged records">
      <h3>Merged records ({merges.filter((m) => !m.split_into).length})</h3>
      <ul className="plain-list">
        {merges.map((m) => (
          <li key={m.id} className="merge">
            <div>
              <strong>{m.kind === 'lead' ? 'A lead' : m.source === 'csv' ? `CSV ${m.source_ref}` : `${m.source} ${m.source_ref}`}</strong> joined by{' '}
              {matchedByText(m.matched_by)}
            </div>
            <div className="small muted">
              {formatDate(m.created_at)}
              {m.filled.length > 0 ? ` · filled in ${m.filled.join(', ')}` : ''}
            </div>
            {m.split_into ? (
              <span className="small">Split off again.</span>
            ) : (
              <button className="btn" onClick={() => void split(m.id)} aria-label={`Split ${m.source_ref} off`}>
                Split
              </button>
            )}
          </li>
        ))}
      </ul>
      {related.length > 0 && (
        <>
          <h3>May be related</h3>
          <ul className="plain-list">
            {related.map((r) => (
              <li key={r.lead_id} className="row wrap">
                <button className="btn link" onClick={() => void open(r.lead_id)}>
                  {r.name}
                </button>
                <span className="small muted">shares {matchedByText(r.matched_by)}{r.status === 'distinct' ? ' · you said: another business' : ''}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const ERASE_REASONS: Array<[EraseReason, string]> = [
  ['subject_request', 'The person asked to be erased'],
  ['objection', 'The person objected to being contacted'],
  ['no_longer_needed', 'No longer needed'],
  ['unlawful', 'It should not have been collected'],
  ['other', 'Another reason'],
];

/** The lead's rights and the rep's rules: never contact again, what is held (art. 15), erase (art. 17). */
function LeadRights({ detail }: { detail: LeadDetailView }) {
  const { dnc, exportData } = useHunter(useShallow((s) => ({ dnc: s.doNotContactLead, exportData: s.exportLeadData })));
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const values = contactValuesOf(detail.lead);
  return (
    <section className="stack" style={{ gap: 8 }} aria-label="Contact rules and data rights">
      <h3>Rules and rights</h3>
      <div className="row wrap">
        <button className="btn" onClick={() => void dnc()} title={`Lists ${values.join(', ') || detail.lead.name}`}>
          Don't contact
        </button>
        <button className="btn" onClick={() => void exportData().then((p) => p && setExported(p))}>
          Export data
        </button>
        <button className="btn danger" onClick={() => setConfirming(true)}>
          Erase…
        </button>
      </div>
      <p className="small muted">
        Don't contact lists {values.length > 0 ? values.join(', ') : `the name “${detail.lead.name}”`}: no run writes to it again.
      </p>
      {exported && (
        <p className="small" role="status">
          Everything held about this lead: {exported}
        </p>
      )}
      {confirming && <EraseDialog detail={detail} onCancel={() => setConfirming(false)} />}
    </section>
  );
}

/** Asks before an erase (it cannot be undone), and says exactly what goes and what stays. */
function EraseDialog({ detail, onCancel }: { detail: LeadDetailView; onCancel: () => void }) {
  const erase = useHunter((s) => s.eraseLead);
  const [reason, setReason] = useState<EraseReason>('subject_request');
  const [suppress, setSuppress] = useState<EraseSuppress>('lead');
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  const drafts = detail.drafts?.length ?? 0;
  return (
    <div
      className="erase-dialog"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="erase-title"
      aria-describedby="erase-what"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3 id="erase-title">Erase {detail.lead.name}?</h3>
      <div id="erase-what" className="stack small" style={{ gap: 4 }}>
        <p>This cannot be undone. Erased for good:</p>
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          <li>the lead, its contact details and its {detail.facts.length} fact{detail.facts.length === 1 ? '' : 's'}</li>
          <li>{drafts} draft{drafts === 1 ? '' : 's'} and their versions</li>
          <li>the cached pages of its website, and the records merged into it</li>
          <li>its personal data in the activity log (the log stays verifiable) and in backups</li>
        </ul>
        <p>Kept: the credits spent (amounts only). Copies already exported to files or your mail client are yours to delete.</p>
      </div>
      <label className="field">
        <span>Why</span>
        <select value={reason} onChange={(e) => setReason(e.target.value as EraseReason)}>
          {ERASE_REASONS.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>So it is not found and contacted again</span>
        <select value={suppress} onChange={(e) => setSuppress(e.target.value as EraseSuppress)}>
          <option value="lead">Keep one-way hashes of all it is known by (name, addresses, domain, phones) on the do-not-contact list</option>
          <option value="addresses">Keep one-way hashes of its addresses and phones only</option>
          <option value="none">Keep nothing</option>
        </select>
      </label>
      <div className="row">
        <button ref={cancel} className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          className="btn danger-solid"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void erase(reason, suppress).then((ok) => {
              setBusy(false);
              if (!ok) onCancel();
            });
          }}
        >
          Erase for good
        </button>
      </div>
    </div>
  );
}
