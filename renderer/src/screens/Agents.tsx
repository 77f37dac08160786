import { useEffect, useState } from 'react';
import type { AgentView } from '../../../preload/contract';
import { Empty } from '../components/common';
import { CsvImportPreview } from '../components/CsvImportPreview';
import { formatCount, formatCredits, formatUsd } from '../lib/format';
import { useShallow } from 'zustand/react/shallow';
import { useHunter } from '../store';
import { AGENT_TEMPLATE, type AgentConfigForm } from '../store/agents-slice';

export function Agents() {
  const { agents, agentsLoaded, loadAgents, editingAgentId, editAgent } = useHunter(
    useShallow((s) => ({ agents: s.agents, agentsLoaded: s.agentsLoaded, loadAgents: s.loadAgents, editingAgentId: s.editingAgentId, editAgent: s.editAgent })),
  );
  useEffect(() => {
    void loadAgents();
  }, [loadAgents]);
  const editing = editingAgentId === 'new' ? null : agents.find((a) => a.id === editingAgentId) ?? null;

  return (
    <div className="screen">
      <div className="spread">
        <h1>Agents</h1>
        <button className="btn primary" onClick={() => editAgent('new')}>
          New agent
        </button>
      </div>
      {agentsLoaded && agents.length === 0 && editingAgentId === null ? (
        <Empty title="No agents yet">
          <p>An agent finds businesses, learns about them and writes a first message to each.</p>
          <button className="btn primary" onClick={() => editAgent('new')}>
            Create one from a template: Dentists in a city
          </button>
        </Empty>
      ) : (
        <div className="two-col">
          <section className="panel" aria-label="Your agents" style={{ padding: 6 }}>
            <ul className="list">
              {agents.map((a) => (
                <li key={a.id}>
                  <button className="item" aria-current={a.id === editingAgentId ? 'true' : undefined} onClick={() => editAgent(a.id)}>
                    <span className="ellipsis">{a.name}</span>
                    <span className="muted small">{a.config.sources.join(', ')}</span>
                  </button>
                </li>
              ))}
              {editingAgentId === 'new' && (
                <li>
                  <button className="item" aria-current="true">
                    New agent
                  </button>
                </li>
              )}
            </ul>
          </section>
          {editingAgentId !== null ? <AgentSetup key={editingAgentId} agent={editing} /> : <p className="muted">Choose an agent to edit it or start a run.</p>}
        </div>
      )}
    </div>
  );
}

function toForm(a: AgentView | null): AgentConfigForm {
  if (!a) return { ...AGENT_TEMPLATE };
  const c = a.config;
  return {
    name: c.name, keywords: c.keywords, location: c.location, ...(c.business_type ? { business_type: c.business_type } : {}), sources: c.sources,
    max_results: c.max_results, threshold: c.threshold, tone: c.tone, value_proposition: c.value_proposition,
    ...(c.call_to_action ? { call_to_action: c.call_to_action } : {}), max_length: c.max_length, budget: c.budget, execution_mode: c.execution_mode,
    concurrency: c.concurrency, draft_expiry_days: c.draft_expiry_days, retry_policy: c.retry_policy, alerts: c.alerts,
  };
}

const SOURCES: Array<[AgentConfigForm['sources'][number], string]> = [
  ['csv', 'CSV file'],
  ['google_maps', 'Google Maps'],
  ['osm', 'OpenStreetMap'],
];

/** Everything an agent does, then what its run will cost before it starts. */
export function AgentSetup({ agent }: { agent: AgentView | null }) {
  const { saveAgent, chooseCsv, csvPath, csvPreview, estimate, estimateFor, estimateRun, startRun } = useHunter(
    useShallow((s) => ({
      saveAgent: s.saveAgent, chooseCsv: s.chooseCsv, csvPath: s.csvPath, csvPreview: s.csvPreview,
      estimate: s.estimate, estimateFor: s.estimateFor, estimateRun: s.estimateRun, startRun: s.startRun,
    })),
  );
  const [form, setForm] = useState<AgentConfigForm>(() => toForm(agent));
  const [keywords, setKeywords] = useState(() => form.keywords.join(', '));
  const [dirty, setDirty] = useState(agent === null);
  const [busy, setBusy] = useState(false);
  const upd = (patch: Partial<AgentConfigForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };
  const num = (v: string, fallback: number) => (v.trim() === '' || Number.isNaN(Number(v)) ? fallback : Number(v));

  const save = async (): Promise<AgentView | undefined> => {
    const config = { ...form, keywords: keywords.split(',').map((k) => k.trim()).filter(Boolean) };
    const saved = await saveAgent(agent?.id, config);
    if (saved) setDirty(false);
    return saved;
  };
  const estimateNow = async () => {
    setBusy(true);
    const saved = dirty || !agent ? await save() : agent;
    if (saved) await estimateRun(saved.id);
    setBusy(false);
  };
  const current = agent && estimateFor === agent.id && !dirty ? estimate : null;
  const readsCsv = form.sources.includes('csv');
  const needsCsv = readsCsv && !csvPath;
  // The preview reads a file without a company column so the rep can choose it; a run cannot.
  const needsCompany = readsCsv && !!csvPath && csvPreview !== null && csvPreview.mapping.name === undefined;

  return (
    <form
      className="stack"
      aria-label="Agent setup"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="stack">
        <legend>What to look for</legend>
        <div className="form-grid">
          <label className="field">
            <span>Agent name</span>
            <input type="text" required value={form.name} onChange={(e) => upd({ name: e.target.value })} />
          </label>
          <label className="field">
            <span>Keywords (comma-separated)</span>
            <input type="text" value={keywords} onChange={(e) => { setKeywords(e.target.value); setDirty(true); }} />
          </label>
          <label className="field">
            <span>Location</span>
            <input type="text" value={form.location} onChange={(e) => upd({ location: e.target.value })} />
          </label>
          <label className="field">
            <span>Business type</span>
            <input type="text" value={form.business_type ?? ''} onChange={(e) => upd({ business_type: e.target.value || undefined })} />
          </label>
        </div>
        <div role="group" aria-label="Sources" className="row wrap">
          <span className="muted">Sources:</span>
          {SOURCES.map(([id, name]) => (
            <label key={id} className="row">
              <input
                type="checkbox"
                checked={form.sources.includes(id)}
                onChange={(e) => {
                  const next = e.target.checked ? [...form.sources, id] : form.sources.filter((s) => s !== id);
                  if (next.length > 0) upd({ sources: next });
                }}
              />
              {name}
            </label>
          ))}
        </div>
        {readsCsv && (
          <div className="row">
            <button type="button" className="btn" onClick={() => void chooseCsv()}>
              Choose CSV…
            </button>
            <span className={`ellipsis ${csvPath ? '' : 'muted'}`} title={csvPath ?? undefined}>
              {csvPath ?? 'No file chosen'}
            </span>
          </div>
        )}
      </fieldset>

      {readsCsv && csvPath && <CsvImportPreview />}

      <fieldset className="form-grid">
        <legend>How to judge and write</legend>
        <label className="field">
          <span>Threshold (0–1)</span>
          <input type="number" min={0} max={1} step={0.05} value={form.threshold} onChange={(e) => upd({ threshold: num(e.target.value, form.threshold) })} />
        </label>
        <label className="field">
          <span>Tone</span>
          <select value={form.tone} onChange={(e) => upd({ tone: e.target.value as AgentConfigForm['tone'] })}>
            {['friendly', 'professional', 'sales-focused', 'casual', 'formal'].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Max length (words)</span>
          <input type="number" min={20} max={400} value={form.max_length} onChange={(e) => upd({ max_length: num(e.target.value, form.max_length) })} />
        </label>
        <label className="field">
          <span>Max results per search</span>
          <input type="number" min={1} value={form.max_results ?? 200} onChange={(e) => upd({ max_results: num(e.target.value, 200) })} />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>Value proposition</span>
          <textarea rows={2} value={form.value_proposition} onChange={(e) => upd({ value_proposition: e.target.value })} placeholder="What you offer, in one or two sentences." />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>Call to action</span>
          <input type="text" value={form.call_to_action ?? ''} onChange={(e) => upd({ call_to_action: e.target.value || undefined })} />
        </label>
      </fieldset>

      <fieldset className="form-grid">
        <legend>How to run</legend>
        <label className="field">
          <span>Budget (credits; empty = balance only)</span>
          <input type="number" min={0} step={0.5} value={form.budget ?? ''} onChange={(e) => upd({ budget: e.target.value.trim() === '' ? null : num(e.target.value, 0) })} />
        </label>
        <label className="field">
          <span title="Sequential: one recipe after another. Parallel: each lead flows through every recipe as soon as it can.">Execution mode</span>
          <select value={form.execution_mode} onChange={(e) => upd({ execution_mode: e.target.value as 'sequential' | 'parallel' })}>
            <option value="sequential">Sequential</option>
            <option value="parallel">Parallel</option>
          </select>
        </label>
        <label className="field">
          <span>Concurrency</span>
          <input type="number" min={1} max={256} value={form.concurrency ?? 8} onChange={(e) => upd({ concurrency: num(e.target.value, 8) })} />
        </label>
        <label className="field">
          <span>Drafts expire after (days)</span>
          <input type="number" min={1} max={365} value={form.draft_expiry_days ?? 7} onChange={(e) => upd({ draft_expiry_days: num(e.target.value, 7) })} />
        </label>
        <label className="field">
          <span>Retry attempts</span>
          <input type="number" min={1} max={10} value={form.retry_policy?.max_attempts ?? 3} onChange={(e) => upd({ retry_policy: { ...(form.retry_policy ?? AGENT_TEMPLATE.retry_policy!), max_attempts: num(e.target.value, 3) } })} />
        </label>
        <label className="field">
          <span>First retry after (ms)</span>
          <input type="number" min={0} value={form.retry_policy?.backoff_base_ms ?? 1000} onChange={(e) => upd({ retry_policy: { ...(form.retry_policy ?? AGENT_TEMPLATE.retry_policy!), backoff_base_ms: num(e.target.value, 1000) } })} />
        </label>
        <label className="field">
          <span>Alert at % of credits used</span>
          <input type="number" min={1} max={100} value={form.alerts?.approaching_limit_percent ?? 80} onChange={(e) => upd({ alerts: { ...(form.alerts ?? AGENT_TEMPLATE.alerts!), approaching_limit_percent: num(e.target.value, 80) } })} />
        </label>
        <label className="field">
          <span>At most one alert every (hours)</span>
          <input type="number" min={0} value={form.alerts?.max_frequency_hours ?? 24} onChange={(e) => upd({ alerts: { ...(form.alerts ?? AGENT_TEMPLATE.alerts!), max_frequency_hours: num(e.target.value, 24) } })} />
        </label>
      </fieldset>

      <div className="row">
        <button type="submit" className="btn" disabled={!dirty}>
          Save agent
        </button>
        <button type="button" className="btn" disabled={busy || needsCsv || needsCompany} onClick={() => void estimateNow()}>
          Estimate cost
        </button>
        {needsCsv && <span className="small muted">Choose the CSV of leads first.</span>}
        {needsCompany && <span className="small muted">Choose the column with the company name first.</span>}
      </div>

      {current && agent && (
        <section className="panel stack" aria-label="Cost estimate">
          <h2>Before you start</h2>
          <dl className="detail-grid">
            <dt>Leads</dt>
            <dd>{formatCount(current.leads)}</dd>
            <dt>Credits, at most</dt>
            <dd>{formatCredits(current.credits)}</dd>
            <dt>Cost</dt>
            <dd>{formatUsd(current.cost_usd)}</dd>
            <dt>Balance now</dt>
            <dd>{formatCredits(current.balance)}</dd>
            <dt>Balance after</dt>
            <dd>
              <strong>{formatCredits(current.balance_after)}</strong>
            </dd>
          </dl>
          <p className="small muted">
            By recipe: {current.per_recipe.map((r) => `${r.recipe_id} ${formatCredits(r.credits)}`).join(' · ')}. Leads below the threshold stop after scoring, so most runs cost less.
          </p>
          {current.balance_after < 0 && (
            <p className="warning" role="alert">
              This run could cost more than your balance: it will pause when the credits run out.
            </p>
          )}
          <div className="row">
            <button type="button" className="btn primary" onClick={() => void startRun(agent.id)}>
              Start run
            </button>
          </div>
        </section>
      )}
    </form>
  );
}
