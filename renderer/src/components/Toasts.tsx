import { useHunter } from '../store';

/** Answers to actions: confirmations fade, errors stay until dismissed and carry their code. */
export function Toasts() {
  const toasts = useHunter((s) => s.toasts);
  const dismiss = useHunter((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <div className="grow">
            {t.code && <div className="code">{t.code}</div>}
            <div>{t.text}</div>
          </div>
          <button className="btn link" onClick={() => dismiss(t.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
