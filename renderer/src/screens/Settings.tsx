import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MailAccountView, MailTestView, RequestOf, SenderSettingsView } from '../../../preload/contract';
import { formatPercent } from '../lib/format';
import { useHunter } from '../store';

type SecretName = RequestOf<'secrets:set'>['name'];
const KEYS: Array<[SecretName, string, string]> = [
  ['groq', 'Groq', 'gsk_…'],
  ['anthropic', 'Anthropic', 'sk-ant-…'],
  ['hunter_io', 'Hunter.io', ''],
];

/** Every part of Settings the rep may change at any time, the expert knobs last behind "Advanced". */
export function Settings() {
  const load = useHunter(
    useShallow((st) => ({ settings: st.loadSettings, sender: st.loadSender, mail: st.loadMail, agents: st.loadAgents })),
  );
  useEffect(() => {
    void load.settings();
    void load.sender();
    void load.mail();
    void load.agents();
  }, [load]);
  return (
    <div className="screen">
      <h1>Settings</h1>
      <SenderSection />
      <MailAccountSection />
      <RetentionSection />
      <KeysSection />
      <details className="panel advanced">
        <summary>
          <h2>Advanced</h2>
          <span className="small muted">Models, folders, thresholds and prices: the defaults suit most reps.</span>
        </summary>
        <div className="stack" style={{ marginTop: 12 }}>
          <ModelsSection />
          <ThresholdsSection />
          <PricesSection />
        </div>
      </details>
    </div>
  );
}

// ---- Sender: who signs, where they are, and the footer the law asks for ----

interface SenderForm {
  name: string; email: string; company: string; signature: string; postal_address: string; opt_out: string;
  reply_to: string; cc: string; bcc: string; compliance_footer: boolean;
}

/** The default opt-out sentence main adds when the rep wrote none (issue: sender's obligations). */
const DEFAULT_OPT_OUT = "If you'd rather not hear from me, just reply and I won't write again.";

function senderForm(v: SenderSettingsView | null): SenderForm {
  return {
    name: v?.name ?? '', email: v?.email ?? '', company: v?.company ?? '', signature: v?.signature ?? '', postal_address: v?.postal_address ?? '',
    opt_out: v?.opt_out ?? '', reply_to: v?.reply_to ?? '', cc: (v?.cc ?? []).join(', '), bcc: (v?.bcc ?? []).join(', '), compliance_footer: v?.compliance_footer ?? true,
  };
}

/** "a@x.com, b@y.com; c@z.com" → the addresses, as sender:set takes them. */
export function addressList(text: string): string[] {
  return text.split(/[,;\s]+/).map((a) => a.trim()).filter(Boolean);
}

/** The form as sender:set takes it: every field sent, "" clearing one, so the form is the whole truth. */
export function senderRequest(f: SenderForm): RequestOf<'sender:set'> {
  return {
    name: f.name.trim(), email: f.email.trim(), company: f.company.trim(), signature: f.signature, postal_address: f.postal_address.trim(),
    opt_out: f.opt_out.trim(), reply_to: f.reply_to.trim(), cc: addressList(f.cc), bcc: addressList(f.bcc), compliance_footer: f.compliance_footer,
  };
}

function SenderSection() {
  const { sender, save } = useHunter(useShallow((st) => ({ sender: st.sender, save: st.saveSender })));
  const [f, setF] = useState<SenderForm>(() => senderForm(sender));
  // Turning the footer off is a deliberate act: it takes a second tick, after reading what it costs.
  const [footerOffConfirmed, setFooterOffConfirmed] = useState(false);
  useEffect(() => {
    setF(senderForm(sender));
    setFooterOffConfirmed(sender?.compliance_footer === false);
  }, [sender]);
  const set = (k: Exclude<keyof SenderForm, 'compliance_footer'>) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const blocked = !f.compliance_footer && !footerOffConfirmed;
  return (
    <form
      className="panel stack"
      aria-label="Your details"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) void save(senderRequest(f));
      }}
    >
      <div className="stack" style={{ gap: 2 }}>
        <h2>Your details</h2>
        <p className="small muted">Who signs the messages of this workspace, and where to reach you. Changes apply to the next export.</p>
      </div>
      <div className="form-grid">
        <label className="field">
          <span>Your name</span>
          <input type="text" required value={f.name} onChange={set('name')} autoComplete="name" />
        </label>
        <label className="field">
          <span>Sender address (From)</span>
          <input type="email" value={f.email} onChange={set('email')} autoComplete="email" placeholder="you@company.com" />
        </label>
        <label className="field">
          <span>Company</span>
          <input type="text" value={f.company} onChange={set('company')} autoComplete="organization" />
        </label>
      </div>
      <div className="form-grid two">
        <label className="field">
          <span>Signature</span>
          <textarea rows={3} value={f.signature} onChange={set('signature')} placeholder={'Alex Rivera\nChairFill Studio'} />
        </label>
        <label className="field">
          <span>Postal address</span>
          <textarea rows={3} value={f.postal_address} onChange={set('postal_address')} placeholder={'ChairFill Studio\n1200 NW Marshall St\nPortland, OR 97209'} />
        </label>
      </div>
      <label className="field">
        <span>Opt-out sentence</span>
        <input type="text" value={f.opt_out} onChange={set('opt_out')} placeholder={DEFAULT_OPT_OUT} />
      </label>
      <div className="form-grid">
        <label className="field">
          <span>Reply-To (optional)</span>
          <input type="email" value={f.reply_to} onChange={set('reply_to')} placeholder="replies@company.com" />
        </label>
        <label className="field">
          <span>Cc (comma-separated)</span>
          <input type="text" value={f.cc} onChange={set('cc')} />
        </label>
        <label className="field">
          <span>Bcc, e.g. your CRM's logging address</span>
          <input type="text" value={f.bcc} onChange={set('bcc')} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={f.compliance_footer} onChange={(e) => setF((x) => ({ ...x, compliance_footer: e.target.checked }))} />
        <span>Add my postal address and the opt-out sentence under every exported message (recommended)</span>
      </label>
      {!f.compliance_footer && (
        <div className="warning stack" role="alert" style={{ gap: 6 }}>
          <span>
            Without the footer your messages may break the law: US law (CAN-SPAM) asks every commercial e-mail, B2B included, for a postal
            address and a way to opt out that is honoured within 10 business days, and Gmail and Outlook expect it from bulk senders. Turn it off
            only if you add both yourself, in every message.
          </span>
          <label className="check">
            <input type="checkbox" checked={footerOffConfirmed} onChange={(e) => setFooterOffConfirmed(e.target.checked)} />
            <span>I add my postal address and an opt-out myself</span>
          </label>
        </div>
      )}
      {f.compliance_footer && !f.postal_address.trim() && (
        <p className="small warn-text">No postal address yet: exports will warn until you add one.</p>
      )}
      <div>
        <button type="submit" className="btn primary" disabled={blocked}>Save sender</button>
      </div>
    </form>
  );
}

// ---- The rep's mail account: fields, a connection test in plain words, Google and Microsoft sign-in ----

type LoginChoice = 'password' | 'google' | 'microsoft';

interface MailForm {
  host: string; port: string; security: MailAccountView['security']; user: string; login: LoginChoice;
  client_id: string; client_secret: string; drafts_folder: string; ca_file: string; password: string;
}

function mailForm(v: MailAccountView | null): MailForm {
  return {
    host: v?.host ?? '', port: v ? String(v.port) : '', security: v?.security ?? 'tls', user: v?.user ?? '',
    login: v?.login === 'oauth2' ? (v.oauth_provider ?? 'google') : 'password',
    client_id: v?.oauth_client_id ?? '', client_secret: v?.oauth_client_secret ?? '', drafts_folder: v?.drafts_folder ?? '', ca_file: v?.ca_file ?? '', password: '',
  };
}

/** The form as mail:save takes it; the password only when the rep typed one (else the saved one stays). */
export function mailRequest(f: MailForm): RequestOf<'mail:save'> {
  const oauth = f.login !== 'password';
  const port = Number.parseInt(f.port, 10);
  return {
    host: f.host.trim(), port: Number.isFinite(port) && port > 0 ? port : null, security: f.security, user: f.user.trim(),
    login: oauth ? 'oauth2' : 'password',
    oauth_provider: oauth ? (f.login as 'google' | 'microsoft') : null,
    oauth_client_id: oauth ? f.client_id.trim() || null : null,
    oauth_client_secret: oauth && f.login === 'google' ? f.client_secret.trim() || null : null,
    drafts_folder: f.drafts_folder.trim() || null,
    ca_file: f.ca_file.trim() || null,
    ...(!oauth && f.password ? { password: f.password } : {}),
  };
}

const PROBLEM_TITLE: Record<Extract<MailTestView, { ok: false }>['problem'], string> = {
  settings: 'A setting of the account is wrong',
  unreachable: 'The mail server cannot be reached',
  security: 'A secure connection could not be set up',
  certificate: "The server's certificate is not trusted",
  login: 'The server refused the login',
  no_drafts: 'There is no Drafts folder',
  server: 'The mail server refused a command',
};

const SECURITY_LABEL: Record<MailAccountView['security'], string> = { tls: 'TLS', starttls: 'STARTTLS', none: 'no encryption' };

/** What "Test connection" found, in the rep's words, with the code for support beside it. */
export function mailTestText(t: MailTestView): { title: string; detail: string } {
  if (t.ok) return { title: `Connected to ${t.account}`, detail: `Logged in over ${SECURITY_LABEL[t.security as MailAccountView['security']] ?? t.security}; drafts go to the folder "${t.mailbox}".` };
  return { title: PROBLEM_TITLE[t.problem], detail: t.message };
}

function MailAccountSection() {
  const s = useHunter(
    useShallow((st) => ({ mail: st.mail, loaded: st.mailLoaded, test: st.mailTest, busy: st.mailBusy, save: st.saveMail, runTest: st.testMail, signIn: st.signInMail, signOut: st.signOutMail, remove: st.removeMail })),
  );
  const [f, setF] = useState<MailForm>(() => mailForm(s.mail));
  useEffect(() => setF(mailForm(s.mail)), [s.mail]);
  const set = (k: keyof MailForm) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const oauth = f.login !== 'password';
  const provider = f.login === 'google' ? 'Google' : 'Microsoft';
  const savedOauth = s.mail?.login === 'oauth2';
  const testText = s.test ? mailTestText(s.test) : null;
  return (
    <form
      className="panel stack"
      aria-label="Mail account"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(mailRequest(f)).then((ok) => ok && setF((x) => ({ ...x, password: '' })));
      }}
    >
      <div className="stack" style={{ gap: 2 }}>
        <h2>Mail account</h2>
        <p className="small muted">Approved drafts can go straight into this account's Drafts folder (IMAP). Nothing is ever sent from here.</p>
      </div>
      {s.loaded && !s.mail && <p className="small" role="note">No mail account set up yet: add yours here to export into your Drafts folder.</p>}
      {s.mail && (
        <p className="small">
          {s.mail.label}{' '}
          <span className={`tag ${s.mail.has_credentials ? 'ok' : 'danger'}`}>{s.mail.has_credentials ? (savedOauth ? 'signed in' : 'password saved') : savedOauth ? 'not signed in' : 'no password'}</span>
        </p>
      )}
      <div className="form-grid">
        <label className="field">
          <span>Server (IMAP host)</span>
          <input type="text" required value={f.host} onChange={set('host')} placeholder="imap.gmail.com" autoComplete="off" />
        </label>
        <label className="field">
          <span>Security</span>
          <select value={f.security} onChange={set('security')}>
            <option value="tls">TLS (port 993)</option>
            <option value="starttls">STARTTLS (port 143 or 587)</option>
            <option value="none">None (this computer only)</option>
          </select>
        </label>
        <label className="field">
          <span>Port</span>
          <input type="number" min={1} max={65535} value={f.port} onChange={set('port')} placeholder={f.security === 'tls' ? '993' : '143'} />
        </label>
        <label className="field">
          <span>User name</span>
          <input type="text" required value={f.user} onChange={set('user')} placeholder="you@company.com" autoComplete="off" />
        </label>
        <label className="field">
          <span>Log in with</span>
          <select value={f.login} onChange={set('login')}>
            <option value="password">Password or app password</option>
            <option value="google">Google sign-in (Gmail, Workspace)</option>
            <option value="microsoft">Microsoft sign-in (Outlook, Microsoft 365)</option>
          </select>
        </label>
        {!oauth && (
          <label className="field">
            <span>Password</span>
            <input type="password" value={f.password} onChange={set('password')} autoComplete="new-password" placeholder={s.mail?.has_credentials && !savedOauth ? 'saved — type to change' : ''} />
          </label>
        )}
        {oauth && (
          <label className="field">
            <span>{provider} OAuth client id</span>
            <input type="text" value={f.client_id} onChange={set('client_id')} autoComplete="off" />
          </label>
        )}
        {f.login === 'google' && (
          <label className="field">
            <span>Google client secret (desktop app)</span>
            <input type="text" value={f.client_secret} onChange={set('client_secret')} autoComplete="off" />
          </label>
        )}
        <label className="field">
          <span>Drafts folder (optional)</span>
          <input type="text" value={f.drafts_folder} onChange={set('drafts_folder')} placeholder="the one the server marks as Drafts" />
        </label>
        <label className="field">
          <span>Extra CA certificate file (optional)</span>
          <input type="text" value={f.ca_file} onChange={set('ca_file')} placeholder="/path/to/ca.pem" />
        </label>
      </div>
      <p className="small muted">
        {oauth
          ? `${provider} no longer takes passwords over IMAP: save the account, then sign in; the sign-in page opens in your browser and the access is kept in your system's keychain.`
          : 'Gmail and iCloud need an app password. The password is kept in your system\'s keychain, never shown again; leave the field empty to keep the saved one. The CA file is for a company server or a local mail bridge with its own certificate.'}
      </p>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={s.busy !== null}>Save account</button>
        <button type="button" className="btn" disabled={!s.mail || s.busy !== null} onClick={() => void s.runTest()}>
          {s.busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        {savedOauth && (
          <button type="button" className="btn" disabled={s.busy !== null} onClick={() => void s.signIn()}>
            {s.busy === 'sign-in' ? 'Waiting for the browser…' : `Sign in with ${s.mail?.oauth_provider === 'microsoft' ? 'Microsoft' : 'Google'}`}
          </button>
        )}
        {savedOauth && s.mail?.has_credentials && (
          <button type="button" className="btn" disabled={s.busy !== null} onClick={() => void s.signOut()}>Sign out</button>
        )}
        {s.mail && (
          <button type="button" className="btn danger" disabled={s.busy !== null} onClick={() => void s.remove()}>Remove account</button>
        )}
      </div>
      {testText && s.test && (
        <div className={`test-result ${s.test.ok ? 'ok' : 'bad'}`} role="status" aria-label="Connection test">
          <strong>{testText.title}</strong>
          <span>{testText.detail}</span>
          {!s.test.ok && <span className="small muted">Code {s.test.code}{s.test.retryable ? ' · may work if you try again' : ''}</span>}
        </div>
      )}
    </form>
  );
}

// ---- Retention ----

function RetentionSection() {
  const { settings, save } = useHunter(useShallow((st) => ({ settings: st.settings, save: st.saveSettings })));
  const [f, setF] = useState({ data_days: '', rejected_draft_days: '' });
  useEffect(() => {
    if (settings) setF({ data_days: String(settings.retention.data_days), rejected_draft_days: String(settings.retention.rejected_draft_days) });
  }, [settings]);
  const days = (v: string) => (v.trim() === '' ? null : Number.parseInt(v, 10));
  return (
    <form
      className="panel stack"
      aria-label="Retention"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ retention_data_days: days(f.data_days), retention_rejected_draft_days: days(f.rejected_draft_days) });
      }}
    >
      <div className="stack" style={{ gap: 2 }}>
        <h2>Retention</h2>
        <p className="small muted">Old data is purged when the app starts and once a day; each purge is noted in Activity. An empty field goes back to the default.</p>
      </div>
      <div className="form-grid">
        <label className="field">
          <span>Keep cached pages and facts for (days)</span>
          <input type="number" min={1} max={3650} value={f.data_days} onChange={(e) => setF((x) => ({ ...x, data_days: e.target.value }))} placeholder="180" />
        </label>
        <label className="field">
          <span>Keep texts of rejected and expired drafts for (days)</span>
          <input type="number" min={1} max={3650} value={f.rejected_draft_days} onChange={(e) => setF((x) => ({ ...x, rejected_draft_days: e.target.value }))} placeholder="90" />
        </label>
      </div>
      <div>
        <button type="submit" className="btn primary" disabled={!settings}>Save retention</button>
      </div>
    </form>
  );
}

// ---- API keys ----

function KeysSection() {
  const { keys, setSecret } = useHunter(useShallow((st) => ({ keys: st.boot?.keys, setSecret: st.setSecret })));
  const [secrets, setSecrets] = useState<Record<SecretName, string>>({ groq: '', anthropic: '', hunter_io: '' });
  return (
    <section className="panel stack" aria-label="API keys">
      <h2>API keys</h2>
      <p className="small muted">Keys are stored in your system's keychain. They are never shown again: type a new one to replace it, or save an empty field to remove it.</p>
      {keys && !keys.secure_store && (
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
            void setSecret(name, secrets[name]).then((ok) => ok && setSecrets((x) => ({ ...x, [name]: '' })));
          }}
        >
          <label className="field grow">
            <span>
              {title} <span className={`tag ${keys?.[name] ? 'ok' : 'plain'}`}>{keys?.[name] ? 'set' : 'not set'}</span>
            </span>
            <input type="password" autoComplete="off" value={secrets[name]} placeholder={placeholder} onChange={(e) => setSecrets((x) => ({ ...x, [name]: e.target.value }))} />
          </label>
          <button type="submit" className="btn" style={{ alignSelf: 'flex-end' }}>
            Save key
          </button>
        </form>
      ))}
    </section>
  );
}

// ---- Advanced: models, folders, thresholds, prices ----

function ModelsSection() {
  const { settings, save } = useHunter(useShallow((st) => ({ settings: st.settings, save: st.saveSettings })));
  const [form, setForm] = useState({ draft_models: '', refine_model: '', data_folder: '', browser_path: '' });
  useEffect(() => {
    if (settings) setForm({ draft_models: settings.draft_models.join(', '), refine_model: settings.refine_model, data_folder: settings.data_folder, browser_path: settings.browser_path ?? '' });
  }, [settings]);
  return (
    <form
      className="stack"
      aria-label="Models and folders"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ draft_models: form.draft_models.split(',').map((m) => m.trim()).filter(Boolean), refine_model: form.refine_model, data_folder: form.data_folder, browser_path: form.browser_path });
      }}
    >
      <h3>Models</h3>
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
      <h3>Folders</h3>
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
        <button type="submit" className="btn primary">Save settings</button>
      </div>
    </form>
  );
}

function ThresholdsSection() {
  const { agents, go, editAgent } = useHunter(useShallow((st) => ({ agents: st.agents, go: st.go, editAgent: st.editAgent })));
  return (
    <section className="stack" aria-label="Thresholds">
      <h3>Thresholds</h3>
      <p className="small muted">Gold is a score of 0.85 or more; silver is at or above the agent's threshold; below it a lead is skipped (no enrichment, no message). Concurrency and retry timings are set per agent.</p>
      <ul className="list">
        {agents.map((a) => (
          <li key={a.id} className="spread wrap" style={{ padding: '6px 0' }}>
            <span>{a.name}</span>
            <span className="small muted">
              threshold {a.config.threshold.toFixed(2)} · alert at {a.config.alerts ? formatPercent(a.config.alerts.approaching_limit_percent / 100) : '80%'} of credits
            </span>
            <button
              type="button"
              className="btn"
              aria-label={`Edit agent ${a.name}`}
              onClick={() => {
                editAgent(a.id);
                go('agents');
              }}
            >
              Edit
            </button>
          </li>
        ))}
        {agents.length === 0 && <li className="muted">No agents yet.</li>}
      </ul>
    </section>
  );
}

function PricesSection() {
  const settings = useHunter((st) => st.settings);
  if (!settings) return null;
  return (
    <section className="stack" aria-label="Prices">
      <h3>Model prices</h3>
      <p className="small muted">US dollars per million tokens (1 credit = 1 dollar), from resources/prices.json.</p>
      <div className="table-wrap">
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">Input</th>
              <th scope="col" className="num">Output</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(settings.prices).map(([model, p]) => (
              <tr key={model}>
                <td>{model}</td>
                <td className="num">{p.input.toFixed(3)}</td>
                <td className="num">{p.output.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
