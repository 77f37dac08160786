import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SpendChart } from '../components/SpendChart';
import { formatCount, formatCredits, formatDate } from '../lib/format';
import { useHunter } from '../store';

export function Credits() {
  const { credits, load, readAlert } = useHunter(useShallow((s) => ({ credits: s.credits, load: s.loadCredits, readAlert: s.readAlert })));
  useEffect(() => {
    void load();
  }, [load]);
  if (!credits) return <div className="screen" aria-busy="true"><h1>Credits &amp; usage</h1><p className="muted">Loading…</p></div>;
  const sub = credits.subscription;
  const monthPct = sub.monthly_credits_total > 0 ? sub.credits_used_this_month / sub.monthly_credits_total : 0;
  const callPct = sub.api_calls_limit > 0 ? sub.api_calls_used_this_month / sub.api_calls_limit : 0;
  return (
    <div className="screen">
      <h1>Credits &amp; usage</h1>
      <div className="stats">
        <div className="stat">
          <div className="small muted">Balance</div>
          <div className="v" data-testid="balance">{formatCredits(credits.balance)}</div>
        </div>
        <div className="stat">
          <div className="small muted">Granted</div>
          <div className="v">{formatCredits(credits.granted)}</div>
        </div>
        <div className="stat">
          <div className="small muted">Spent</div>
          <div className="v">{formatCredits(credits.charged)}</div>
        </div>
        <div className="stat">
          <div className="small muted">Plan</div>
          <div className="v">{sub.plan_id}</div>
          {sub.trial_ends_at && <div className="small muted">trial ends {formatDate(sub.trial_ends_at)}</div>}
        </div>
      </div>
      <section className="panel stack" aria-label="This month">
        <h2>This month</h2>
        <div className="stack" style={{ gap: 4 }}>
          <div className="spread small"><span>Credits</span><span>{formatCredits(sub.credits_used_this_month)} of {formatCredits(sub.monthly_credits_total)}</span></div>
          <div className="progress" role="progressbar" aria-label="Credits used this month" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(monthPct * 100)}>
            <span style={{ width: `${Math.min(100, Math.round(monthPct * 100))}%` }} />
          </div>
          <div className="spread small"><span>API calls</span><span>{formatCount(sub.api_calls_used_this_month)} of {formatCount(sub.api_calls_limit)}</span></div>
          <div className="progress" role="progressbar" aria-label="API calls used this month" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(callPct * 100)}>
            <span style={{ width: `${Math.min(100, Math.round(callPct * 100))}%` }} />
          </div>
          <p className="small muted">The cycle ends on {sub.billing_cycle_ends}.</p>
        </div>
      </section>
      <section className="panel stack" aria-label="Spend by recipe and day">
        <h2>Spend by recipe and day</h2>
        <SpendChart spend={credits.spend} />
      </section>
      <section className="stack" aria-label="Alerts">
        <h2>Alerts</h2>
        {credits.alerts.length === 0 && <p className="muted">No alerts. You are told here (and by a notification) when credits run low.</p>}
        {credits.alerts.map((a) => (
          <div key={a.id} className={`alert${a.read ? '' : ' unread'}`} role="article" aria-label={a.title}>
            <div className="stack" style={{ gap: 2 }}>
              <div className="row">
                <span className={`tag ${a.severity === 'error' ? 'danger' : 'plain'}`}>{a.severity}</span>
                <strong>{a.title}</strong>
                <span className="small muted">{formatDate(a.created_at)}</span>
              </div>
              <span>{a.message}</span>
              {a.suggested_action && <span className="small muted">What to do: {a.suggested_action}</span>}
            </div>
            {!a.read && (
              <button className="btn" onClick={() => void readAlert(a.id)}>
                Mark read
              </button>
            )}
          </div>
        ))}
      </section>
    </div>
  );
}
