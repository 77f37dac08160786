import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntryView } from '../../../preload/contract';
import { formatCount, formatDate, formatTime } from '../lib/format';
import { useHunter } from '../store';
import { AUDIT_PAGE } from '../store/activity-slice';

const ACTIONS = [
  'workspace_created', 'agent_configured', 'execution_started', 'execution_paused', 'execution_resumed', 'execution_finished', 'recipe_executed',
  'credit_granted', 'credit_deducted', 'credit_refunded', 'alert_triggered', 'draft_created', 'draft_refined', 'draft_edited', 'draft_approved',
  'draft_rejected', 'draft_deferred', 'draft_expired', 'draft_exported', 'export_undone', 'settings_changed', 'audit_exported',
];

/** What an entry says, in one line. */
export function describeEntry(e: AuditEntryView): string {
  const ctx = e.context as Record<string, unknown>;
  const bits = [e.action.replace(/_/g, ' '), `${e.resource} ${e.resource_id}`];
  if (typeof ctx.recipe_id === 'string') bits.push(`recipe ${ctx.recipe_id}`);
  if (typeof ctx.lead_id === 'string') bits.push(`lead ${ctx.lead_id}`);
  const delta = (e.changes as { delta?: unknown } | null)?.delta;
  if (typeof delta === 'number') bits.push(`${delta > 0 ? '+' : ''}${delta} credits`);
  return bits.join(' · ');
}

export function Activity() {
  const s = useHunter(
    useShallow((st) => ({
      filter: st.auditFilter, setFilter: st.setAuditFilter, audit: st.audit, offset: st.auditOffset, load: st.loadAudit, verification: st.verification,
      verify: st.verifyAudit, exported: st.auditExport, exportAudit: st.exportAudit, timeline: st.timeline, openTimeline: st.openTimeline,
      stepTimeline: st.stepTimeline, closeTimeline: st.closeTimeline, runs: st.runs, loadRuns: st.loadRuns,
    })),
  );
  const { load, loadRuns } = s;
  const [exec, setExec] = useState('');
  useEffect(() => {
    void load(0);
    void loadRuns();
  }, [load, loadRuns]);
  const total = s.audit?.total ?? 0;

  return (
    <div className="screen">
      <h1>Activity</h1>
      <section className="panel stack" aria-label="Audit log">
        <div className="spread">
          <h2>Audit log</h2>
          <div className="row">
            <button className="btn" onClick={() => void s.verify()}>
              Verify the chain
            </button>
            <button className="btn" onClick={() => void s.exportAudit()}>
              Export the log
            </button>
          </div>
        </div>
        {s.verification && (
          <p role="status" className={`tag ${s.verification.ok ? 'ok' : 'danger'}`} style={{ alignSelf: 'flex-start', lineHeight: 1.6 }}>
            {s.verification.ok
              ? `✓ Intact: ${formatCount(s.verification.entries)} entries, every hash checks out.`
              : `✗ Tampered: ${s.verification.problem ?? 'the chain is broken'}`}
          </p>
        )}
        {s.exported && <p className="small">Exported {formatCount(s.exported.entries)} entries to {s.exported.path}</p>}
        <form
          className="row wrap"
          aria-label="Filters"
          onSubmit={(e) => {
            e.preventDefault();
            void s.load(0);
          }}
        >
          <label className="field">
            <span>From</span>
            <input type="date" value={s.filter.since} onChange={(e) => s.setFilter({ since: e.target.value })} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={s.filter.until} onChange={(e) => s.setFilter({ until: e.target.value })} />
          </label>
          <label className="field">
            <span>Action</span>
            <select value={s.filter.action} onChange={(e) => s.setFilter({ action: e.target.value })}>
              <option value="">Any</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Execution</span>
            <input type="text" value={s.filter.execution_id} onChange={(e) => s.setFilter({ execution_id: e.target.value })} placeholder="exec_…" />
          </label>
          <label className="field">
            <span>Lead</span>
            <input type="text" value={s.filter.lead_id} onChange={(e) => s.setFilter({ lead_id: e.target.value })} placeholder="lead_…" />
          </label>
          <button type="submit" className="btn primary" style={{ alignSelf: 'flex-end' }}>
            Apply
          </button>
        </form>
        <div className="audit-wrap">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col" className="num">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {s.audit?.rows.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap" title={e.timestamp}>{formatTime(e.timestamp)}</td>
                  <td className="nowrap">{e.actor}</td>
                  <td className="ellipsis" style={{ maxWidth: 520 }} title={describeEntry(e)}>{describeEntry(e)}</td>
                  <td>
                    <span className={`tag ${e.result === 'success' ? 'ok' : e.result === 'failed' ? 'danger' : 'plain'}`}>{e.result}</span>
                    {e.error_code ? ` ${e.error_code}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.audit && s.audit.rows.length === 0 && <p className="muted" style={{ padding: 12 }}>No entries match.</p>}
        </div>
        <div className="spread small">
          <span className="muted">
            {total === 0 ? '0 entries' : `${formatCount(s.offset + 1)}–${formatCount(Math.min(total, s.offset + AUDIT_PAGE))} of ${formatCount(total)}, newest first`}
          </span>
          <div className="row">
            <button className="btn" disabled={s.offset === 0} onClick={() => void s.load(Math.max(0, s.offset - AUDIT_PAGE))}>
              Newer
            </button>
            <button className="btn" disabled={s.offset + AUDIT_PAGE >= total} onClick={() => void s.load(s.offset + AUDIT_PAGE)}>
              Older
            </button>
          </div>
        </div>
      </section>

      <section className="panel stack" aria-label="Execution timeline">
        <h2>An execution, step by step</h2>
        <div className="row">
          <select aria-label="Execution" value={exec} onChange={(e) => setExec(e.target.value)}>
            <option value="">Choose a run…</option>
            {s.runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.agent_name} · {formatDate(r.started_at)}
              </option>
            ))}
          </select>
          <button className="btn" disabled={!exec} onClick={() => void s.openTimeline(exec)}>
            Replay
          </button>
        </div>
        {s.timeline && (
          <div className="stack">
            <div className="row">
              <button className="btn" onClick={() => s.stepTimeline(s.timeline!.step - 1)} disabled={s.timeline.step <= 0} aria-label="Step back">
                ◀
              </button>
              <input
                type="range"
                min={0}
                max={s.timeline.entries.length}
                value={s.timeline.step}
                onChange={(e) => s.stepTimeline(Number(e.target.value))}
                aria-label="Replay position"
                className="grow"
              />
              <button className="btn" onClick={() => s.stepTimeline(s.timeline!.step + 1)} disabled={s.timeline.step >= s.timeline.entries.length} aria-label="Step forward">
                ▶
              </button>
              <span className="small muted">
                {s.timeline.step} / {s.timeline.entries.length}
              </span>
              <button className="btn" onClick={s.closeTimeline}>
                Close
              </button>
            </div>
            <ol className="timeline" aria-label="Timeline">
              {s.timeline.entries.slice(0, s.timeline.step).map((e, i) => (
                <li key={e.id} className={i === s.timeline!.step - 1 ? 'current' : undefined}>
                  <span className="muted small">{formatDate(e.timestamp)}</span> {describeEntry(e)}
                  {e.error_code ? ` (${e.error_code})` : ''}
                </li>
              ))}
            </ol>
          </div>
        )}
      </section>
    </div>
  );
}
