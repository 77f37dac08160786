import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LeadDetailView, Tier } from '../../../preload/contract';
import { EmailStatus, Empty, FactList, ScoreBreakdown, SourceLink, TierTag } from '../components/common';
import { formatCount, formatScore } from '../lib/format';
import { useHunter } from '../store';
import { rowAt } from '../store/paging';
import { PAGE_SIZE } from '../store/types';
import type { LeadQuery } from '../store/leads-slice';

const ROW = 34;
const HEAD = 32;
const COLUMNS = 'minmax(180px, 2fr) minmax(90px, 1fr) minmax(100px, 1fr) 84px 96px minmax(160px, 1.5fr) 90px';
// With the lead panel open the table keeps the columns that identify and rank a lead.
const COMPACT = 'minmax(160px, 2fr) minmax(80px, 1fr) 84px 96px';

export function Leads() {
  const s = useHunter(
    useShallow((st) => ({
      q: st.leadQuery, total: st.leadTotal, pages: st.leadPages, setQuery: st.setLeadQuery, ensure: st.ensureLeadRows,
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

  const compact = !!s.selected;
  const columns = compact ? COMPACT : COLUMNS;
  const sortBy = (order: LeadQuery['order']) => void s.setQuery({ order });
  const sortAttr = (order: LeadQuery['order']) => (s.q.order === order ? (order === 'score' ? 'descending' : 'ascending') : 'none');
  const move = (to: number) => {
    const i = Math.max(0, Math.min(total - 1, to));
    setActive(i);
    virtual.scrollToIndex(i, { align: 'auto' });
  };

  return (
    <div className="screen">
      <div className="spread">
        <h1>Leads</h1>
        <span className="muted" aria-live="polite">
          {s.total === null ? 'Loading…' : `${formatCount(total)} lead${total === 1 ? '' : 's'}`}
        </span>
      </div>
      <div className="row wrap" role="search">
        <input type="search" aria-label="Search leads" placeholder="Search name, city, website, category…" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 320 }} />
        <label className="row small">
          Sort
          <select aria-label="Sort leads" value={s.q.order} onChange={(e) => sortBy(e.target.value as LeadQuery['order'])}>
            <option value="score">Best score first</option>
            <option value="name">Name</option>
            <option value="created">Oldest first</option>
          </select>
        </label>
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
      {s.total === 0 && !s.q.search && !s.q.tier ? (
        <Empty title="No leads yet">
          <p>Leads appear here as an agent finds them.</p>
          <button className="btn primary" onClick={() => s.go('agents')}>
            Set up an agent
          </button>
        </Empty>
      ) : (
        <div className={`leads-layout${s.selected ? ' with-panel' : ''}`}>
          <div className="table" role="table" aria-label="Leads" aria-rowcount={total + 1}>
            <div
              className="table-scroll"
              ref={scroller}
              tabIndex={0}
              aria-label="Lead rows; use the arrow keys and Enter"
              onKeyDown={(e) => {
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
              <div className="thead" role="row" style={{ gridTemplateColumns: columns }}>
                <div role="columnheader" aria-sort={sortAttr('name')}>
                  <button onClick={() => sortBy('name')}>Name {s.q.order === 'name' ? '▲' : ''}</button>
                </div>
                <div role="columnheader">City</div>
                {!compact && <div role="columnheader">Category</div>}
                <div role="columnheader" aria-sort={sortAttr('score')}>
                  <button onClick={() => sortBy('score')}>Score {s.q.order === 'score' ? '▼' : ''}</button>
                </div>
                <div role="columnheader">Tier</div>
                {!compact && <div role="columnheader">E-mail</div>}
                {!compact && <div role="columnheader">Source</div>}
              </div>
              <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                {items.map((it) => {
                  const row = rowAt(s.pages, it.index, PAGE_SIZE);
                  return (
                    <div
                      key={it.key}
                      className="trow"
                      role="row"
                      aria-rowindex={it.index + 2}
                      aria-selected={row ? row.id === s.selected || it.index === active : false}
                      style={{ transform: `translateY(${it.start - HEAD}px)`, gridTemplateColumns: columns }}
                      onClick={() => {
                        setActive(it.index);
                        if (row) void s.open(row.id);
                      }}
                    >
                      {row ? (
                        <>
                          <div role="cell" title={row.name}>{row.name}</div>
                          <div role="cell">{row.city ?? '—'}</div>
                          {!compact && <div role="cell">{row.category ?? '—'}</div>}
                          <div role="cell" className="num">{formatScore(row.lead_score)}</div>
                          <div role="cell"><TierTag tier={row.quality_tier} /></div>
                          {!compact && <div role="cell">{row.email ?? '—'}</div>}
                          {!compact && <div role="cell" className="small muted">{row.sources.join(', ')}</div>}
                        </>
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

/** A lead beside the list (the list keeps its place): score breakdown and every fact with its source. */
export function LeadPanel({ detail, onClose }: { detail: LeadDetailView | null; onClose: () => void }) {
  if (!detail) return <aside className="side-panel" aria-label="Lead" aria-busy="true">Loading…</aside>;
  const l = detail.lead;
  const person = [l.first_name, l.last_name].filter(Boolean).join(' ');
  const emailFact = detail.facts.find((f) => f.kind === 'email' && f.value.toLowerCase() === (l.email ?? '').toLowerCase());
  return (
    <aside className="side-panel" aria-label={`Lead: ${l.name}`}>
      <div className="spread">
        <h2 style={{ overflowWrap: 'anywhere' }}>{l.name}</h2>
        <button className="btn" onClick={onClose} aria-label="Close the lead">
          Close
        </button>
      </div>
      <div className="row wrap">
        <TierTag tier={l.quality_tier} />
        {l.category && <span className="tag plain">{l.category}</span>}
        {l.city && <span className="tag plain">{l.city}</span>}
      </div>
      <ScoreBreakdown score={l.lead_score} breakdown={l.score_breakdown} scoredBy={l.scored_by} />
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
        </dl>
      </section>
      <section className="stack" style={{ gap: 6 }}>
        <h3>Facts ({detail.facts.length})</h3>
        <FactList facts={detail.facts} />
      </section>
    </aside>
  );
}
