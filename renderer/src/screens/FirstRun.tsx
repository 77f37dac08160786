import { useState, type FormEvent } from 'react';
import { useHunter } from '../store';

/** The first window: a workspace, who signs the messages, and (optionally) the model keys. */
export function FirstRun() {
  const createWorkspace = useHunter((s) => s.createWorkspace);
  const openSample = useHunter((s) => s.openSample);
  const secure = useHunter((s) => s.boot?.keys.secure_store ?? true);
  const [f, setF] = useState({ name: '', sender_name: '', sender_email: '', company: '', signature: '', groq: '', anthropic: '', hunter_io: '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await createWorkspace(
      { name: f.name, sender_name: f.sender_name, sender_email: f.sender_email, ...(f.company ? { company: f.company } : {}), ...(f.signature ? { signature: f.signature } : {}) },
      { groq: f.groq, anthropic: f.anthropic, hunter_io: f.hunter_io },
    );
    setBusy(false);
  };

  return (
    <main className="first-run">
      <form className="card" onSubmit={submit} aria-labelledby="first-title">
        <div className="stack" style={{ gap: 4 }}>
          <h1 id="first-title">Welcome to The Hunter</h1>
          <p className="muted">Set up a workspace for the client or product you prospect for. Everything stays on this computer.</p>
        </div>
        <label className="field">
          <span>Workspace name</span>
          <input type="text" required value={f.name} onChange={set('name')} placeholder="ChairFill — dentists" autoFocus />
        </label>
        <div className="form-grid">
          <label className="field">
            <span>Your name</span>
            <input type="text" required value={f.sender_name} onChange={set('sender_name')} autoComplete="name" />
          </label>
          <label className="field">
            <span>Sender address</span>
            <input type="email" required value={f.sender_email} onChange={set('sender_email')} autoComplete="email" placeholder="you@company.com" />
          </label>
          <label className="field">
            <span>Company (optional)</span>
            <input type="text" value={f.company} onChange={set('company')} autoComplete="organization" />
          </label>
        </div>
        <label className="field">
          <span>Signature</span>
          <textarea rows={3} value={f.signature} onChange={set('signature')} placeholder={'Alex Rivera\nChairFill Studio'} />
        </label>
        <fieldset className="stack">
          <legend>API keys (optional)</legend>
          <p className="small muted">Without keys, drafts are written by the offline composer. Keys are kept in your system's keychain and never shown again.</p>
          {!secure && (
            <p className="warning" role="alert">
              This system offers no secure key store: keys you enter are kept only until the app closes.
            </p>
          )}
          <div className="form-grid">
            <label className="field">
              <span>Groq (fast drafts)</span>
              <input type="password" value={f.groq} onChange={set('groq')} autoComplete="off" placeholder="gsk_…" />
            </label>
            <label className="field">
              <span>Anthropic (refinement)</span>
              <input type="password" value={f.anthropic} onChange={set('anthropic')} autoComplete="off" placeholder="sk-ant-…" />
            </label>
            <label className="field">
              <span>Hunter.io (e-mail finder)</span>
              <input type="password" value={f.hunter_io} onChange={set('hunter_io')} autoComplete="off" />
            </label>
          </div>
        </fieldset>
        <div className="spread">
          <button type="button" className="btn link" onClick={() => void openSample()}>
            Or open the sample workspace
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            Create workspace
          </button>
        </div>
      </form>
    </main>
  );
}
