import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ErrorGroupView, RunView, StageView } from '../../../preload/contract';
import { Empty, StatusTag } from '../components/common';
import { formatCount, formatCredits, formatDate, formatDuration, formatTime } from '../lib/format';
import { useHunter } from '../store';

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
    </section>
  );
}
