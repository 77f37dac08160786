import { useEffect, useRef, useState } from 'react';
import type { AgentView, EstimateView } from '../../../preload/contract';
import { Empty } from '../components/common';
import { CsvImportPreview } from '../components/CsvImportPreview';
import { KeywordSuggestions } from '../components/KeywordSuggestions';
import { formatCount, formatCredits, formatUsd } from '../lib/format';
import { useShallow } from 'zustand/react/shallow';
import { useHunter } from '../store';
import { AGENT_TEMPLATES, formProblem, templateForm, type AgentConfigForm, type AgentTemplateId } from '../store/agents-slice';

export function Agents() {
  const { agents, agentsLoaded, loadAgents, editingAgentId, editAgent, newAgent, newAgentFrom } = useHunter(
    useShallow((s) => ({
      agents: s.agents, agentsLoaded: s.agentsLoaded, loadAgents: s.loadAgents, editingAgentId: s.editingAgentId, editAgent: s.editAgent,
      newAgent: s.newAgent, newAgentFrom: s.newAgentFrom,
    })),
  );
  useEffect(() => {
    void loadAgents();
  }, [loadAgents]);
  const editing = editingAgentId === 'new' ? null : agents.find((a) => a.id === editingAgentId) ?? null;
  // "New agent" asks what to start from before any field is filled in.
  const choosing = editingAgentId === 'new' && newAgentFrom === null;

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
          <div className="row wrap">
            <button className="btn primary" onClick={() => newAgent('dentists')}>
              Create one from a template: Dentists in a city
            </button>
            <button className="btn" onClick={() => editAgent('new')}>
              Other templates or blank…
            </button>
          </div>
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
          {choosing ? (
            <TemplateChooser onChoose={newAgent} onCancel={() => editAgent(null)} />
          ) : editingAgentId !== null ? (
            <AgentSetup key={`${editingAgentId}:${newAgentFrom ?? ''}`} agent={editing} from={newAgentFrom ?? 'blank'} />
          ) : (
            <p className="muted">Choose an agent to edit it or start a run.</p>
          )}
        </div>
      )}
    </div>
  );
}

/** What a new agent starts from: a named template or a blank form, chosen, never assumed. */
function TemplateChooser({ onChoose, onCancel }: { onChoose: (id: AgentTemplateId) => void; onCancel: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const ids = Object.keys(AGENT_TEMPLATES) as AgentTemplateId[];
  return (
    <section className="panel stack" aria-labelledby="new-agent-title">
      <h2 id="new-agent-title">Start a new agent from…</h2>
      <ul className="template-list">
        {ids.map((id, i) => (
          <li key={id}>
            <button ref={i === 0 ? first : undefined} className="btn template" onClick={() => onChoose(id)} aria-describedby={`template-${id}`}>
              <strong>{AGENT_TEMPLATES[id].label}</strong>
              <span id={`template-${id}`} className="small muted">{AGENT_TEMPLATES[id].description}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function toForm(a: AgentView | null, from: AgentTemplateId): AgentConfigForm {
  if (!a) return templateForm(from);
  const c = a.config;
  return {
    name: c.name, keywords: c.keywords, location: c.location, ...(c.business_type ? { business_type: c.business_type } : {}), sources: c.sources,
    max_results: c.max_results, threshold: c.threshold, tone: c.tone, value_proposition: c.value_proposition,
    ...(c.call_to_action ? { call_to_action: c.call_to_action } : {}), max_length: c.max_length, budget: c.budget, execution_mode: c.execution_mode,
    concurrency: c.concurrency, draft_expiry_days: c.draft_expiry_days, retry_policy: c.retry_policy, alerts: c.alerts,
    ...(c.channels ? { channels: c.channels } : {}), ...(c.follow_up_days ? { follow_up_days: c.follow_up_days } : {}), ...(c.variants ? { variants: c.variants } : {}),
  };
}

const SOURCES: Array<[AgentConfigForm['sources'][number], string]> = [
  ['csv', 'CSV file'],
  ['google_maps', 'Google Maps'],
  ['osm', 'OpenStreetMap'],
];

const RETRY_DEFAULT = { max_attempts: 3, backoff_base_ms: 1000, backoff_max_ms: 30000 };
const ALERTS_DEFAULT = { approaching_limit_percent: 80, max_frequency_hours: 24 };

/** Everything an agent does, then what its run will cost at most before it starts. */
export function AgentSetup({ agent, from = 'blank' }: { agent: AgentView | null; from?: AgentTemplateId }) {
  const { saveAgent, chooseCsv, csvPath, csvPreview, estimate, estimateFor, estimateRun, startRun } = useHunter(
    useShallow((s) => ({
      saveAgent: s.saveAgent, chooseCsv: s.chooseCsv, csvPath: s.csvPath, csvPreview: s.csvPreview,
      estimate: s.estimate, estimateFor: s.estimateFor, estimateRun: s.estimateRun, startRun: s.startRun,
    })),
  );
  const [form, setForm] = useState<AgentConfigForm>(() => toForm(agent, from));
  const [dirty, setDirty] = useState(agent === null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const valueProp = useRef<HTMLTextAreaElement>(null);
  const upd = (patch: Partial<AgentConfigForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
    setProblem(null);
  };
  const num = (v: string, fallback: number) => (v.trim() === '' || Number.isNaN(Number(v)) ? fallback : Number(v));

  const save = async (): Promise<AgentView | undefined> => {
    // Refused here, with the field to fix focused, before main refuses it the same way.
    const why = formProblem(form);
    if (why) {
      setProblem(why);
      if (!form.value_proposition.trim()) valueProp.current?.focus();
      return undefined;
    }
    const saved = await saveAgent(agent?.id, form);
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
  // A file the run would refuse (no way to reach a business) is not estimated either: the preview says why.
  const refused = readsCsv && !!csvPath && !!csvPreview?.refusal && !needsCompany;
  const retry = form.retry_policy ?? RETRY_DEFAULT;
  const alerts = form.alerts ?? ALERTS_DEFAULT;

  return (
    <form
      className="stack"
      aria-label="Agent setup"
      noValidate
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
            <span>Location</span>
            <input type="text" value={form.location} onChange={(e) => upd({ location: e.target.value })} placeholder="City, region or country" />
          </label>
          <label className="field">
            <span>Business type</span>
            <input type="text" value={form.business_type ?? ''} onChange={(e) => upd({ business_type: e.target.value || undefined })} />
          </label>
          <label className="field">
            <span>Max results per search</span>
            <input type="number" min={1} value={form.max_results ?? 200} onChange={(e) => upd({ max_results: num(e.target.value, 200) })} />
          </label>
        </div>
        <KeywordList keywords={form.keywords} onChange={(keywords) => upd({ keywords })} />
        <KeywordSuggestions keywords={form.keywords} location={form.location} onAdd={(more) => upd({ keywords: [...form.keywords, ...more] })} />
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
        {form.sources.includes('google_maps') && (
          <p className="small muted" role="note">
            Google Maps' terms do not allow copying its place data in bulk: only what a lead needs is kept (no review texts, no photos), read slowly. OpenStreetMap has no such limits.
          </p>
        )}
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
          <span>Budget (credits; empty = balance only)</span>
          <input type="number" min={0} step={0.5} value={form.budget ?? ''} onChange={(e) => upd({ budget: e.target.value.trim() === '' ? null : num(e.target.value, 0) })} />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>Value proposition</span>
          <textarea
            ref={valueProp}
            rows={2}
            required
            aria-invalid={problem !== null && !form.value_proposition.trim() ? 'true' : undefined}
            aria-describedby={problem ? 'agent-problem' : undefined}
            value={form.value_proposition}
            onChange={(e) => upd({ value_proposition: e.target.value })}
            placeholder="What you offer, in one or two sentences."
          />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>Call to action</span>
          <input type="text" value={form.call_to_action ?? ''} onChange={(e) => upd({ call_to_action: e.target.value || undefined })} />
        </label>
      </fieldset>

      <OutreachFields form={form} upd={upd} />

      {/* The knobs an expert tunes; the defaults suit a rep. */}
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="form-grid" style={{ marginTop: 10 }}>
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
            <input type="number" min={1} max={10} value={retry.max_attempts} onChange={(e) => upd({ retry_policy: { ...retry, max_attempts: num(e.target.value, 3) } })} />
          </label>
          <label className="field">
            <span>First retry after (ms)</span>
            <input type="number" min={0} value={retry.backoff_base_ms} onChange={(e) => upd({ retry_policy: { ...retry, backoff_base_ms: num(e.target.value, 1000) } })} />
          </label>
          <label className="field">
            <span>Alert at % of credits used</span>
            <input type="number" min={1} max={100} value={alerts.approaching_limit_percent} onChange={(e) => upd({ alerts: { ...alerts, approaching_limit_percent: num(e.target.value, 80) } })} />
          </label>
          <label className="field">
            <span>At most one alert every (hours)</span>
            <input type="number" min={0} value={alerts.max_frequency_hours} onChange={(e) => upd({ alerts: { ...alerts, max_frequency_hours: num(e.target.value, 24) } })} />
          </label>
        </div>
      </details>

      {problem && (
        <p className="warning" role="alert" id="agent-problem">
          {problem}
        </p>
      )}
      <div className="row wrap">
        <button type="submit" className="btn" disabled={!dirty}>
          Save agent
        </button>
        <button type="button" className="btn" disabled={busy || needsCsv || needsCompany || refused} onClick={() => void estimateNow()}>
          Estimate cost
        </button>
        {needsCsv && <span className="small muted">Choose the CSV of leads first.</span>}
        {needsCompany && <span className="small muted">Choose the column with the company name first.</span>}
        {refused && <span className="small muted">The import preview says what the file lacks.</span>}
      </div>

      {current && agent && <EstimatePanel estimate={current} onStart={() => void startRun(agent.id)} />}
    </form>
  );
}

const CHAT_CHANNELS: Array<[Exclude<NonNullable<AgentConfigForm['channels']>[number], 'email'>, string]> = [
  ['sms', 'SMS'],
  ['whatsapp', 'WhatsApp'],
  ['linkedin_note', 'LinkedIn note'],
  ['linkedin', 'LinkedIn message'],
  ['facebook', 'Facebook message'],
];

/** What comes with each e-mail (issue 16): chat versions shown as tabs in review, follow-ups planned at export, a second variant. */
function OutreachFields({ form, upd }: { form: AgentConfigForm; upd: (p: Partial<AgentConfigForm>) => void }) {
  const channels = form.channels ?? ['email'];
  const days = form.follow_up_days ?? [3, 7];
  const [daysText, setDaysText] = useState(days.join(', '));
  const parsed = daysText.trim() === '' ? [] : daysText.split(/[,\s]+/).filter(Boolean).map(Number);
  const daysProblem = parsed.some((d) => !Number.isInteger(d) || d < 1 || d > 60) ? 'Whole numbers of business days, 1 to 60.'
    : parsed.length > 5 ? 'At most five follow-ups.'
      : parsed.some((d, i) => i > 0 && d <= parsed[i - 1]!) ? 'Each follow-up comes after the one before (3, 7, …).' : null;
  return (
    <fieldset className="stack">
      <legend>Channels, follow-ups and variants</legend>
      <div role="group" aria-label="Versions beside the e-mail" className="row wrap">
        <span className="muted">Also write a version for:</span>
        {CHAT_CHANNELS.map(([id, name]) => (
          <label key={id} className="row">
            <input
              type="checkbox"
              checked={channels.includes(id)}
              onChange={(e) => upd({ channels: e.target.checked ? [...channels, id] : channels.filter((c) => c !== id) })}
            />
            {name}
          </label>
        ))}
      </div>
      <div className="form-grid">
        <label className="field">
          <span>Follow-ups after (business days; empty = none)</span>
          <input
            type="text"
            value={daysText}
            aria-invalid={daysProblem ? 'true' : undefined}
            aria-describedby={daysProblem ? 'follow-up-problem' : undefined}
            onChange={(e) => {
              setDaysText(e.target.value);
              const next = e.target.value.trim() === '' ? [] : e.target.value.split(/[,\s]+/).filter(Boolean).map(Number);
              if (next.every((d, i) => Number.isInteger(d) && d >= 1 && d <= 60 && (i === 0 || d > next[i - 1]!)) && next.length <= 5) upd({ follow_up_days: next });
            }}
          />
          {daysProblem && (
            <span id="follow-up-problem" className="small" role="alert">
              {daysProblem}
            </span>
          )}
        </label>
        <label className="field">
          <span>Messages per lead</span>
          <select value={form.variants ?? 1} onChange={(e) => upd({ variants: Number(e.target.value) === 2 ? 2 : 1 })}>
            <option value={1}>One message</option>
            <option value={2}>Two variants to pick from</option>
          </select>
        </label>
      </div>
    </fieldset>
  );
}

/** The agent's keywords as a list the rep sees whole and edits before the run: remove one, add one (a paste of "a, b" adds both). */
export function KeywordList({ keywords, onChange }: { keywords: string[]; onChange: (k: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const fresh = draft.split(',').map((k) => k.trim()).filter((k) => k && !keywords.some((x) => x.toLowerCase() === k.toLowerCase()));
    if (fresh.length > 0) onChange([...keywords, ...fresh]);
    setDraft('');
  };
  return (
    <div className="stack" style={{ gap: 6 }} role="group" aria-labelledby="keywords-label">
      <span id="keywords-label" className="small" style={{ fontWeight: 500 }}>
        Keywords searched ({keywords.length})
      </span>
      {keywords.length > 0 ? (
        <ul className="chips" aria-label="Keywords">
          {keywords.map((k) => (
            <li key={k} className="chip">
              <span>{k}</span>
              <button type="button" aria-label={`Remove keyword ${k}`} onClick={() => onChange(keywords.filter((x) => x !== k))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">No keywords yet: add what the businesses call themselves (“dentist”, “dental clinic”).</p>
      )}
      <div className="row">
        <input
          type="text"
          aria-label="Add a keyword"
          placeholder="Add a keyword…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn" onClick={add} disabled={!draft.trim()}>
          Add
        </button>
      </div>
    </div>
  );
}

/**
 * The estimate as what it is, an upper bound: "up to" so many credits with the money beside them, how
 * the leads were counted, and the balance after at worst. A warning only when that bound is above the balance.
 */
export function EstimatePanel({ estimate: e, onStart }: { estimate: EstimateView; onStart: () => void }) {
  const o = e.outlook;
  const counted = [
    o.may_be_gold > 0 && `${formatCount(o.may_be_gold)} may become gold (the premium pass counted)`,
    o.at_most_silver > 0 && `${formatCount(o.at_most_silver)} at most silver (the basic pass and a message)`,
    o.left_out > 0 && `${formatCount(o.left_out)} left out by discovery (scoring only)`,
  ].filter(Boolean);
  return (
    <section className="panel stack" aria-label="Cost estimate">
      <h2>Before you start</h2>
      <p className="estimate-total">
        <strong>Up to {formatCredits(e.credits)} credits</strong>{' '}
        <span className="muted">({formatUsd(e.money.amount)} {e.money.currency})</span>
      </p>
      <dl className="detail-grid">
        <dt>Leads</dt>
        <dd>{formatCount(e.leads)}</dd>
        <dt>Balance now</dt>
        <dd>{formatCredits(e.balance)} credits</dd>
        <dt>Balance after, at worst</dt>
        <dd>
          <strong>{formatCredits(e.balance_after)}</strong> credits
        </dd>
      </dl>
      <p className="small" role="note" aria-label="How the leads were counted">
        How the leads were counted: {counted.length > 0 ? counted.join('; ') : 'no leads'}
        {o.rejected_rows > 0 ? `. ${formatCount(o.rejected_rows)} CSV row${o.rejected_rows === 1 ? '' : 's'} will be refused and cost nothing` : ''}.
      </p>
      <p className="small muted">
        By recipe, at most: {e.per_recipe.map((r) => `${r.recipe_id} ${formatCredits(r.credits)}`).join(' · ')}. Runs spend less when leads stop early.
      </p>
      {e.balance_after < 0 && (
        <p className="warning" role="alert">
          Up to {formatCredits(e.credits)} credits is more than your balance of {formatCredits(e.balance)}: the run pauses if the credits run out. Add credits, or set a budget.
        </p>
      )}
      <div className="row">
        <button type="button" className="btn primary" onClick={onStart}>
          Start run
        </button>
      </div>
    </section>
  );
}
