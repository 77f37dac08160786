import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntryView } from '../../../preload/contract';
import { formatCount, formatDate, formatTime } from '../lib/format';
import { useHunter } from '../store';
import { AUDIT_PAGE, type AuditFilterForm } from '../store/activity-slice';

/** Every action the log records, as the rep reads it. */
export const ACTION_LABEL: Record<string, string> = {
  workspace_created: 'Workspace created', agent_configured: 'Agent saved', execution_started: 'Run started', execution_paused: 'Run paused',
  execution_resumed: 'Run resumed', execution_finished: 'Run finished', recipe_executed: 'Step done', credit_granted: 'Credits added',
  credit_deducted: 'Credits spent', credit_refunded: 'Credits refunded', alert_triggered: 'Alert', draft_created: 'Draft written',
  draft_refined: 'Draft refined', draft_edited: 'Draft edited', draft_recipient_set: 'Recipient chosen', draft_approved: 'Draft approved',
  draft_rejected: 'Draft rejected', draft_deferred: 'Draft deferred', draft_expired: 'Draft expired', draft_exported: 'Draft exported',
  export_undone: 'Export undone', settings_changed: 'Settings changed', lead_split: 'Merge split', lead_merged: 'Leads merged',
  lead_link_decided: 'Related leads decided', audit_exported: 'Log exported', dnc_added: 'Do-not-contact added', dnc_removed: 'Do-not-contact removed',
  dnc_imported: 'Do-not-contact imported', lead_data_exported: 'Lead data exported', lead_erased: 'Lead erased', retention_applied: 'Old data purged',
  ledger_resealed: 'Ledger resealed', audit_sealed: 'Log sealed',
};

const ACTOR_LABEL: Record<string, string> = { rep: 'You (app)', cli: 'You (command line)', system: 'The Hunter' };

/** Who acted, in words ("rep:rep" is "You (app)"). */
export function actorText(actor: string): string {
  return ACTOR_LABEL[actor.split(':')[0] ?? ''] ?? actor;
}

/** What an entry says, in one line, naming the business and the run rather than their ids. */
export function describeEntry(e: AuditEntryView, runName?: (executionId: string) => string | null): string {
  const ctx = e.context as Record<string, unknown>;
  const bits = [ACTION_LABEL[e.action] ?? e.action.replace(/_/g, ' ')];
  if (e.business) bits.push(e.business);
  else if (e.resource === 'lead' || typeof ctx.lead_id === 'string') bits.push('an erased or removed lead');
  else if (e.resource !== 'execution' && e.resource !== 'draft') bits.push(e.resource.replace(/_/g, ' '));
  if (typeof ctx.recipe_id === 'string') bits.push(ctx.recipe_id);
  const run = typeof ctx.execution_id === 'string' ? ctx.execution_id : e.resource === 'execution' ? e.resource_id : null;
  if (run) bits.push(`run ${runName?.(run) ?? 'of an earlier agent'}`);
  const delta = (e.changes as { delta?: unknown } | null)?.delta;
  if (typeof delta === 'number') bits.push(`${delta > 0 ? '+' : ''}${delta} credits`);
  return bits.join(' · ');
}

export function Activity() {
  const s = useHunter(
    useShallow((st) => ({
      filter: st.auditFilter, setFilter: st.setAuditFilter, audit: st.audit, offset: st.auditOffset, load: st.loadAudit, verification: st.verification,
      verify: st.verifyAudit, exported: st.auditExport, exportAudit: st.exportAudit, timeline: st.timeline, openTimeline: st.openTimeline,
      stepTimeline: st.stepTimeline, closeTimeline: st.closeTimeline, runs: st.runs, loadRuns: st.loadRuns, filterAudit: st.filterAudit,
      clearFilter: st.clearAuditFilter,
    })),
  );
  const runName = (id: string): string | null => {
    const r = s.runs.find((x) => x.id === id);
    return r ? `${r.agent_name}, ${formatDate(r.started_at)}` : null;
  };
  const filtered = Object.entries(s.filter).some(([k, v]) => k !== 'lead_name' && v !== '');
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
            <select aria-label="Action" value={s.filter.action} onChange={(e) => s.setFilter({ action: e.target.value })}>
              <option value="">Any</option>
              {Object.entries(ACTION_LABEL).map(([a, text]) => (
                <option key={a} value={a}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Who</span>
            <select aria-label="Who" value={s.filter.actor} onChange={(e) => s.setFilter({ actor: e.target.value as AuditFilterForm['actor'] })}>
              <option value="">Anyone</option>
              {Object.entries(ACTOR_LABEL).map(([a, text]) => (
                <option key={a} value={a}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Run</span>
            <select aria-label="Run" value={s.filter.execution_id} onChange={(e) => s.setFilter({ execution_id: e.target.value })}>
              <option value="">Any run</option>
              {s.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.agent_name} · {formatDate(r.started_at)}
                </option>
              ))}
            </select>
          </label>
          {s.filter.lead_id && (
            <span className="tag plain lead-filter" style={{ alignSelf: 'flex-end' }}>
              Business: {s.filter.lead_name || 'one lead'}
              <button type="button" aria-label="Any business" onClick={() => s.setFilter({ lead_id: '', lead_name: '' })}>
                ×
              </button>
            </span>
          )}
          <button type="submit" className="btn primary" style={{ alignSelf: 'flex-end' }}>
            Apply
          </button>
          {filtered && (
            <button type="button" className="btn" style={{ alignSelf: 'flex-end' }} onClick={() => void s.clearFilter()}>
              Clear filters
            </button>
          )}
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
                  <td className="nowrap">{actorText(e.actor)}</td>
                  <td className="what" title={describeEntry(e, runName)}>
                    {describeEntry(e, runName)}
                    {e.business && typeof e.context.lead_id === 'string' && s.filter.lead_id !== e.context.lead_id && (
                      <button type="button" className="btn link small" onClick={() => void s.filterAudit({ lead_id: e.context.lead_id as string, lead_name: e.business ?? '' })}>
                        only this business
                      </button>
                    )}
                  </td>
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
                  <span className="muted small">{formatDate(e.timestamp)}</span> {describeEntry(e, runName)}
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
