import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ErrorGroupView, MapSearchView, RunFailureView, RunView, StageView } from '../../../preload/contract';
import { Empty, StatusTag } from '../components/common';
import { formatCount, formatCredits, formatDate, formatDuration, formatTime } from '../lib/format';
import { useHunter } from '../store';
import { FAILURES_PAGE } from '../store/runs-slice';

export function Runs() {
  const { runs, runsLoaded, loadRuns, selectedRunId, selectRun, go } = useHunter(
    useShallow((s) => ({ runs: s.runs, runsLoaded: s.runsLoaded, loadRuns: s.loadRuns, selectedRunId: s.selectedRunId, selectRun: s.selectRun, go: s.go })),
  );
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  const run = runs.find((r) => r.id === selectedRunId) ?? runs[0] ?? null;

  return (
    <div className="screen">
      <h1>Runs</h1>
      <RunNotices />
      {runsLoaded && runs.length === 0 ? (
        <Empty title="No runs yet">
          <p>Set up an agent, check its cost estimate, then start it.</p>
          <button className="btn primary" onClick={() => go('agents')}>
            Go to Agents
          </button>
        </Empty>
      ) : (
        <div className="two-col">
          <section className="panel" aria-label="Runs" style={{ padding: 6 }}>
            <ul className="list">
              {runs.map((r) => (
                <li key={r.id}>
                  <button className="item" style={{ flexDirection: 'column', gap: 2 }} aria-current={r.id === run?.id ? 'true' : undefined} onClick={() => selectRun(r.id)}>
                    <span className="ellipsis" style={{ fontWeight: 600 }}>{r.agent_name}</span>
                    <span className="spread small muted">
                      <span className="nowrap">{formatTime(r.started_at)}</span>
                      <StatusTag status={r.status} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          {run && <RunMonitor run={run} />}
        </div>
      )}
    </div>
  );
}

const STAGE_LABEL: Record<StageView['stage'], string> = {
  discovered: 'Discovered',
  qualified: 'Qualified',
  enriched: 'Enriched',
  drafted: 'Drafted',
  approved: 'Approved',
  exported: 'Exported',
};

/** Where a recipe's errors show in the funnel. */
const STAGE_OF_RECIPE: Record<string, StageView['stage']> = {
  discovery: 'discovered',
  intelligence: 'enriched',
  personalization: 'drafted',
  outreach: 'drafted',
};

/** A run as a funnel: bars with counts and credits per stage, live, errors under the stage they hit. */
export function RunMonitor({ run }: { run: RunView }) {
  const { pauseRun, resumeRun, cancelRun, go } = useHunter(useShallow((s) => ({ pauseRun: s.pauseRun, resumeRun: s.resumeRun, cancelRun: s.cancelRun, go: s.go })));
  const live = run.status === 'running' || run.status === 'pending';
  const resumable = run.status === 'paused' || run.status === 'interrupted';
  const top = Math.max(1, run.funnel[0]?.count ?? 1);
  const progress = run.total > 0 ? run.processed / run.total : 0;
  const errorsBy = (stage: StageView['stage']): ErrorGroupView[] => run.errors.filter((e) => (STAGE_OF_RECIPE[e.recipe_id] ?? 'discovered') === stage);

  return (
    <section className="panel stack" aria-label="Run monitor">
      <div className="spread">
        <div className="stack" style={{ gap: 2 }}>
          <h2>{run.agent_name}</h2>
          <span className="small muted">
            Started {formatDate(run.started_at)}
            {run.completed_at ? ` · finished ${formatDate(run.completed_at)}` : ''}
            {run.current_recipe && live ? ` · now: ${run.current_recipe}` : ''}
          </span>
        </div>
        <StatusTag status={run.status} />
      </div>

      <div className="stack" style={{ gap: 6 }}>
        <div className="progress" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.processed}>
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
        <div className="spread small muted">
          <span>
            {formatCount(run.processed)} of {formatCount(run.total)} steps · {formatCredits(run.credits)} credits
          </span>
          {live && <span aria-live="polite">Time left: {formatDuration(run.seconds_left)}</span>}
        </div>
      </div>

      <div className="row">
        {live && (
          <button className="btn" onClick={() => void pauseRun(run.id)}>
            Pause
          </button>
        )}
        {resumable && (
          <button className="btn primary" onClick={() => void resumeRun(run.id)}>
            Resume
          </button>
        )}
        {(live || resumable) && (
          <button className="btn danger" onClick={() => void cancelRun(run.id)}>
            Cancel run
          </button>
        )}
        {!live && (run.funnel.find((s) => s.stage === 'drafted')?.count ?? 0) > 0 && (
          <button className="btn" onClick={() => go('review')}>
            Review the drafts
          </button>
        )}
      </div>

      {run.error && (
        <div className="error-group" role="alert">
          <strong>{run.error.code}</strong>: {run.error.message}
        </div>
      )}

      {run.why_no_drafts && (
        <div className="why-none" role="status" aria-label="Why no drafts">
          <strong>No drafts from this run.</strong> {run.why_no_drafts}
          <div className="row" style={{ marginTop: 6 }}>
            <button className="btn" onClick={() => go('agents')}>
              Change the agent
            </button>
          </div>
        </div>
      )}

      {(live || resumable) && <RunBudget run={run} />}

      <div className="funnel" role="list" aria-label="Funnel">
        {run.funnel.map((s) => (
          <div key={s.stage} className="stage" role="listitem" aria-label={`${STAGE_LABEL[s.stage]}: ${s.count}`}>
            <span>{STAGE_LABEL[s.stage]}</span>
            <div className="track">
              <div className="fill" style={{ width: `${Math.round((s.count / top) * 100)}%` }} />
            </div>
            <span className="num">{formatCount(s.count)}</span>
            <span className="num small muted">{formatCredits(s.credits)} cr</span>
            {errorsBy(s.stage).length > 0 && (
              <div className="stage-errors">
                {errorsBy(s.stage).map((e) => (
                  <div key={`${e.recipe_id}:${e.code}`} className="error-group">
                    <div>
                      <strong>{e.code}</strong> × {formatCount(e.count)} in {e.recipe_id}
                    </div>
                    <div>What to do: {e.hint}</div>
                    {e.examples.length > 0 && (
                      <ul className="small" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                        {e.examples.map((x, i) => (
                          <li key={i}>{x}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                ))}
              </div>
            )}
          </div>
        ))}
      </div>

      {(run.map_search?.length ?? 0) > 0 && <MapSearch searches={run.map_search!} />}
      {(run.failed_records ?? 0) > 0 && <RunFailures key={run.id} run={run} />}
    </section>
  );
}

/** A Google Maps search as it goes: per query, the areas searched (a crowded area is split into cells) and the places read. */
function MapSearch({ searches }: { searches: MapSearchView[] }) {
  return (
    <section className="stack" style={{ gap: 8 }} aria-label="Google Maps search">
      <h3>Google Maps search</h3>
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">Search</th>
            <th scope="col">Areas</th>
            <th scope="col">Places</th>
            <th scope="col">Latest area</th>
          </tr>
        </thead>
        <tbody>
          {searches.map((q) => (
            <tr key={q.query}>
              <td>“{q.query}”</td>
              <td className="num">
                {formatCount(q.areas_done)} of {formatCount(q.areas)} done
              </td>
              <td className="num">{formatCount(q.places)}</td>
              <td>{q.latest ? `${q.latest.area}: ${formatCount(q.latest.places)} place${q.latest.places === 1 ? '' : 's'}${q.latest.done ? '' : ', searching…'}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What the rep should know once about a source the run uses (Google Maps' terms), until they say they read it. */
function RunNotices() {
  const { notices, dismiss } = useHunter(useShallow((s) => ({ notices: s.runNotices, dismiss: s.dismissRunNotices })));
  if (notices.length === 0) return null;
  return (
    <section className="panel stack notice" aria-label="Before this run">
      <h2>Before this run</h2>
      {notices.map((n, i) => (
        <p key={i}>{n}</p>
      ))}
      <div className="row">
        <button className="btn" onClick={dismiss}>
          Got it
        </button>
      </div>
    </section>
  );
}

/** The run's own budget: raising it lets a run paused at its budget go on from where it stopped. */
function RunBudget({ run }: { run: RunView }) {
  const setBudget = useHunter((s) => s.setRunBudget);
  const resume = useHunter((s) => s.resumeRun);
  const [value, setValue] = useState('');
  const paused = run.status === 'paused' || run.status === 'interrupted';
  return (
    <form
      className="row wrap budget-form"
      aria-label="Run budget"
      onSubmit={(e) => {
        e.preventDefault();
        const credits = value.trim() === '' ? null : Number(value);
        if (credits !== null && (!Number.isFinite(credits) || credits < 0)) return;
        void setBudget(run.id, credits).then(async (ok) => {
          if (ok && paused) await resume(run.id);
        });
      }}
    >
      <label className="row small">
        Budget for this run (credits)
        <input type="number" min={0} step={0.01} value={value} onChange={(e) => setValue(e.target.value)} placeholder="balance only" style={{ width: 110 }} />
      </label>
      <button type="submit" className="btn">
        {paused ? 'Set budget and resume' : 'Set budget'}
      </button>
      <span className="small muted">{formatCredits(run.credits)} credits spent so far.</span>
    </form>
  );
}

/** Every failed record of the run, paged, with its error; failed CSV rows can be saved as a CSV to fix and import again. */
function RunFailures({ run }: { run: RunView }) {
  const { failures, load, download, file } = useHunter(
    useShallow((s) => ({ failures: s.runFailures, load: s.loadRunFailures, download: s.downloadFailedRows, file: s.failedRowsFile })),
  );
  const count = run.failed_records ?? 0;
  useEffect(() => {
    void load(run.id, 0);
  }, [load, run.id, count]);
  const mine = failures?.runId === run.id ? failures : null;
  const rows = mine?.page.rows ?? [];
  const total = mine?.page.total ?? count;
  const offset = mine?.offset ?? 0;
  const hasCsvRows = rows.some((r) => r.row !== null);
  return (
    <section className="stack" style={{ gap: 8 }} aria-label="Failed records">
      <div className="spread">
        <h3>Failed records ({formatCount(total)})</h3>
        {hasCsvRows && (
          <button className="btn" onClick={() => void download(run.id)}>
            Download failed rows
          </button>
        )}
      </div>
      {file?.runId === run.id && (
        <p className="small" role="status">
          Saved {formatCount(file.rows)} row{file.rows === 1 ? '' : 's'} with an error column to {file.path}: fix them and choose the file again.
        </p>
      )}
      <div className="audit-wrap failures-wrap" tabIndex={0} role="region" aria-label="Failed records, with their errors">
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Step</th>
              <th scope="col">Error</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f, i) => (
              <tr key={`${f.record_id}:${f.recipe_id}:${i}`}>
                <td className="nowrap">{recordName(f)}</td>
                <td>{f.recipe_id}</td>
                <td className="nowrap">
                  <code>{f.code}</code>
                  {f.retryable ? <span className="small muted"> · retried on resume</span> : null}
                </td>
                <td>{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > FAILURES_PAGE && (
        <div className="spread small">
          <span className="muted">
            {formatCount(offset + 1)}–{formatCount(Math.min(total, offset + FAILURES_PAGE))} of {formatCount(total)}
          </span>
          <div className="row">
            <button className="btn" disabled={offset === 0} onClick={() => void load(run.id, Math.max(0, offset - FAILURES_PAGE))}>
              Previous
            </button>
            <button className="btn" disabled={offset + FAILURES_PAGE >= total} onClick={() => void load(run.id, offset + FAILURES_PAGE)}>
              Next
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** "Row 7" for a CSV row, the lead's id otherwise. */
function recordName(f: RunFailureView): string {
  if (f.row) return `Row ${f.row.row}`;
  if (f.lead_name) return f.lead_name;
  return f.record_id.startsWith('csv:') ? f.record_id.slice(4) : f.record_id;
}
