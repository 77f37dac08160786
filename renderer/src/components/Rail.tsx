import { useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { SCREENS, useHunter } from '../store';

const ITEMS = SCREENS;

type WorkspaceDialog = { kind: 'create' } | { kind: 'rename'; id: string; name: string } | null;

export function Rail() {
  const screen = useHunter((s) => s.screen);
  const go = useHunter((s) => s.go);
  const boot = useHunter((s) => s.boot);
  const selectWorkspace = useHunter((s) => s.selectWorkspace);
  const [dialog, setDialog] = useState<WorkspaceDialog>(null);
  const pending = boot?.pending_review ?? 0;
  const current = boot?.workspace;
  return (
    <nav className="rail" aria-label="Main">
      <div className="brand">The Hunter</div>
      <div className="workspace-switch">
        <label className="sr-only" htmlFor="workspace-select">Workspace</label>
        <select id="workspace-select" value={current?.id ?? ''} onChange={(e) => void selectWorkspace(e.target.value)} title={current?.name}>
          {boot?.workspaces.map((w) => (
            <option key={w.id} value={w.id}>{w.name}</option>
          ))}
        </select>
        <div className="row">
          <button type="button" className="btn small-btn" onClick={() => setDialog({ kind: 'create' })}>New workspace</button>
          {current && (
            <button type="button" className="btn small-btn" aria-label={`Rename workspace ${current.name}`} onClick={() => setDialog({ kind: 'rename', id: current.id, name: current.name })}>
              Rename
            </button>
          )}
        </div>
      </div>
      {ITEMS.map(([id, name]) => (
        <button key={id} className="rail-item" aria-current={screen === id ? 'page' : undefined} onClick={() => go(id)}>
          <span>{name}</span>
          {id === 'review' && pending > 0 && (
            <span className="badge" aria-label={`${pending} to review`}>
              {pending > 9999 ? '9999+' : pending}
            </span>
          )}
        </button>
      ))}
      <div className="foot">
        <kbd>Ctrl</kbd>+<kbd>K</kbd> commands · <kbd>?</kbd> keys
      </div>
      {dialog?.kind === 'create' && <CreateWorkspaceDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameWorkspaceDialog id={dialog.id} name={dialog.name} onClose={() => setDialog(null)} />}
    </nav>
  );
}

/**
 * A small modal over the window: Escape or Cancel closes it, the first field has the focus. It is put
 * at the end of the page, outside the rail, so the rail's own button styles do not reach it.
 */
function Dialog({ title, onClose, onSubmit, submit, busy, children }: { title: string; onClose(): void; onSubmit(): void; submit: string; busy: boolean; children: ReactNode }) {
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return createPortal(
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn primary" disabled={busy}>{submit}</button>
        </div>
      </form>
    </div>,
    document.body,
  );
}

/** A new workspace, signed by the sender of the one on screen unless the rep changes it here. */
function CreateWorkspaceDialog({ onClose }: { onClose(): void }) {
  const sender = useHunter((s) => s.boot?.sender);
  const addWorkspace = useHunter((s) => s.addWorkspace);
  const [f, setF] = useState({ name: '', sender_name: sender?.name ?? '', sender_email: sender?.email ?? '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  return (
    <Dialog
      title="New workspace"
      submit="Create and open"
      busy={busy}
      onClose={onClose}
      onSubmit={() => {
        setBusy(true);
        void addWorkspace({ name: f.name, sender_name: f.sender_name, sender_email: f.sender_email, ...(sender?.company ? { company: sender.company } : {}), ...(sender?.signature ? { signature: sender.signature } : {}) }).then((ok) => {
          setBusy(false);
          if (ok) onClose();
        });
      }}
    >
      <p className="small muted">Each workspace has its own agents, leads, drafts, credits and do-not-contact list.</p>
      <label className="field">
        <span>Workspace name</span>
        <input type="text" required autoFocus value={f.name} onChange={set('name')} placeholder="ChairFill — Seattle" />
      </label>
      <div className="form-grid">
        <label className="field">
          <span>Your name</span>
          <input type="text" required value={f.sender_name} onChange={set('sender_name')} autoComplete="name" />
        </label>
        <label className="field">
          <span>Sender address</span>
          <input type="email" required value={f.sender_email} onChange={set('sender_email')} autoComplete="email" />
        </label>
      </div>
    </Dialog>
  );
}

function RenameWorkspaceDialog({ id, name, onClose }: { id: string; name: string; onClose(): void }) {
  const renameWorkspace = useHunter((s) => s.renameWorkspace);
  const [value, setValue] = useState(name);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title="Rename workspace"
      submit="Rename"
      busy={busy}
      onClose={onClose}
      onSubmit={() => {
        setBusy(true);
        void renameWorkspace(id, value).then((ok) => {
          setBusy(false);
          if (ok) onClose();
        });
      }}
    >
      <label className="field">
        <span>New name</span>
        <input type="text" required autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
    </Dialog>
  );
}
