import { useEffect, useRef } from 'react';
import { useHunter } from '../store';

export const SHORTCUTS: Array<[string, string]> = [
  ['J / K', 'Next / previous draft'],
  ['A', 'Approve'],
  ['E', 'Edit'],
  ['R', "Reject, then 1–5 for why (5: don't contact again)"],
  ['D', 'Defer'],
  ['U', 'Undo the last action (it says what it undid)'],
  ['W', 'Write the draft again'],
  ['Ctrl/⌘ + Enter', 'Save and go to the next draft'],
  ['Esc', 'Stop editing (your text stays on Undo), close a dialog'],
  ['Ctrl/⌘ + K', 'Command palette'],
  ['?', 'This list'],
];

export function ShortcutSheet() {
  const open = useHunter((s) => s.sheetOpen);
  const setSheet = useHunter((s) => s.setSheet);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && setSheet(false)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title" onKeyDown={(e) => e.key === 'Escape' && setSheet(false)}>
        <div className="spread">
          <h2 id="keys-title">Keyboard shortcuts</h2>
          <button ref={close} className="btn" onClick={() => setSheet(false)}>
            Close
          </button>
        </div>
        <dl className="shortcuts">
          {SHORTCUTS.map(([k, what]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd style={{ margin: 0 }}>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
