import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestOf } from '../../../preload/contract';
import { formatPercent } from '../lib/format';
import { useHunter } from '../store';

type SecretName = RequestOf<'secrets:set'>['name'];
const KEYS: Array<[SecretName, string, string]> = [
  ['groq', 'Groq', 'gsk_…'],
  ['anthropic', 'Anthropic', 'sk-ant-…'],
  ['hunter_io', 'Hunter.io', ''],
];

export function Settings() {
  const s = useHunter(
    useShallow((st) => ({ settings: st.settings, load: st.loadSettings, save: st.saveSettings, keys: st.boot?.keys, setSecret: st.setSecret, agents: st.agents, loadAgents: st.loadAgents, go: st.go, editAgent: st.editAgent })),
  );
  const { load, loadAgents } = s;
  useEffect(() => {
    void load();
    void loadAgents();
  }, [load, loadAgents]);
  const [form, setForm] = useState({ draft_models: '', refine_model: '', data_folder: '', browser_path: '' });
  const [secrets, setSecrets] = useState<Record<SecretName, string>>({ groq: '', anthropic: '', hunter_io: '' });
  useEffect(() => {
    if (s.settings) {
      setForm({ draft_models: s.settings.draft_models.join(', '), refine_model: s.settings.refine_model, data_folder: s.settings.data_folder, browser_path: s.settings.browser_path ?? '' });
    }
  }, [s.settings]);

  return (
    <div className="screen">
      <h1>Settings</h1>
      <form
        className="panel stack"
        aria-label="Models and folders"
        onSubmit={(e) => {
          e.preventDefault();
          void s.save({
            draft_models: form.draft_models.split(',').map((m) => m.trim()).filter(Boolean),
            refine_model: form.refine_model,
            data_folder: form.data_folder,
            browser_path: form.browser_path,
          });
        }}
      >
        <h2>Models</h2>
        <div className="form-grid">
          <label className="field">
            <span>Draft models, in order (fallbacks after the first)</span>
            <input type="text" value={form.draft_models} onChange={(e) => setForm({ ...form, draft_models: e.target.value })} />
          </label>
          <label className="field">
            <span>Refinement model</span>
            <input type="text" value={form.refine_model} onChange={(e) => setForm({ ...form, refine_model: e.target.value })} />
          </label>
        </div>
        <h2>Folders</h2>
        <div className="form-grid">
          <label className="field">
            <span>Data folder (exports, audit exports)</span>
            <input type="text" value={form.data_folder} onChange={(e) => setForm({ ...form, data_folder: e.target.value })} />
          </label>
          <label className="field">
            <span>Browser for Google Maps (Chrome, Chromium or Edge)</span>
            <input type="text" value={form.browser_path} onChange={(e) => setForm({ ...form, browser_path: e.target.value })} placeholder="found automatically" />
          </label>
        </div>
        <div>
          <button type="submit" className="btn primary">
            Save settings
          </button>
        </div>
      </form>

      <section className="panel stack" aria-label="API keys">
        <h2>API keys</h2>
        <p className="small muted">Keys are stored in your system's keychain. They are never shown again: type a new one to replace it, or save an empty field to remove it.</p>
        {s.keys && !s.keys.secure_store && (
          <p className="warning" role="alert">
            This system offers no secure key store: keys are kept only until the app closes.
          </p>
        )}
        {KEYS.map(([name, title, placeholder]) => (
          <form
            key={name}
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void s.setSecret(name, secrets[name]).then((ok) => ok && setSecrets((x) => ({ ...x, [name]: '' })));
            }}
          >
            <label className="field grow">
              <span>
                {title} <span className={`tag ${s.keys?.[name] ? 'ok' : 'plain'}`}>{s.keys?.[name] ? 'set' : 'not set'}</span>
              </span>
              <input type="password" autoComplete="off" value={secrets[name]} placeholder={placeholder} onChange={(e) => setSecrets((x) => ({ ...x, [name]: e.target.value }))} />
            </label>
            <button type="submit" className="btn" style={{ alignSelf: 'flex-end' }}>
              Save key
            </button>
          </form>
        ))}
      </section>

      <section className="panel stack" aria-label="Thresholds">
        <h2>Thresholds</h2>
        <p className="small muted">Gold is a score of 0.85 or more; silver is at or above the agent's threshold; below it a lead is skipped (no enrichment, no message).</p>
        <ul className="list">
          {s.agents.map((a) => (
            <li key={a.id} className="spread" style={{ padding: '6px 0' }}>
              <span>{a.name}</span>
              <span className="small muted">
                threshold {a.config.threshold.toFixed(2)} · alert at {a.config.alerts ? formatPercent(a.config.alerts.approaching_limit_percent / 100) : '80%'} of credits
              </span>
              <button
                className="btn"
                onClick={() => {
                  s.editAgent(a.id);
                  s.go('agents');
                }}
              >
                Edit
              </button>
            </li>
          ))}
          {s.agents.length === 0 && <li className="muted">No agents yet.</li>}
        </ul>
      </section>

      {s.settings && (
        <section className="panel stack" aria-label="Prices">
          <h2>Model prices</h2>
          <p className="small muted">US dollars per million tokens (1 credit = 1 dollar), from resources/prices.json.</p>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" className="num">Input</th>
                <th scope="col" className="num">Output</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(s.settings.prices).map(([model, p]) => (
                <tr key={model}>
                  <td>{model}</td>
                  <td className="num">{p.input.toFixed(3)}</td>
                  <td className="num">{p.output.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
