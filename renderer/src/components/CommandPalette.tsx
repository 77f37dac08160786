import { useEffect, useRef, useState } from 'react';
import { call } from '../bridge';
import { useHunter } from '../store';
import { filterCommands, leadCommands, type Command, type FoundLead } from './commands';

/** Businesses the palette lists for a name typed: a handful, the best scored first. */
const FOUND_LIMIT = 5;

/** Leads whose name matches what was typed (two characters at least), newest answer wins. */
function useFoundLeads(query: string, open: boolean): FoundLead[] {
  const [found, setFound] = useState<FoundLead[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (!open || q.length < 2) {
      setFound([]);
      return;
    }
    let current = true;
    call('leads:query', { search: q, limit: FOUND_LIMIT, offset: 0 })
      .then((r) => current && setFound(r.rows.map((l) => ({ id: l.id, name: l.name, city: l.city }))))
      .catch(() => current && setFound([]));
    return () => {
      current = false;
    };
  }, [query, open]);
  return found;
}

export function CommandPalette() {
  const open = useHunter((s) => s.paletteOpen);
  const screen = useHunter((s) => s.screen);
  const setPalette = useHunter((s) => s.setPalette);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const found = useFoundLeads(query, open);
  // Only what acts on the screen shown, then the businesses found by name.
  const list: Command[] = [...filterCommands(query, screen), ...leadCommands(found)];

  useEffect(() => {
    if (open) {
      setQuery('');
      setActive(0);
      input.current?.focus();
    }
  }, [open]);

  if (!open) return null;
  const run = (i: number) => {
    const c = list[i];
    if (!c) return;
    setPalette(false);
    void c.run(useHunter.getState());
  };
  const activeId = list[active] ? `cmd-${list[active]!.id.replace(/[^A-Za-z0-9_-]/g, '_')}` : undefined;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && setPalette(false)}>
      <div className="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={activeId}
          aria-label="Type a command or a business name"
          placeholder="Type a command or a business name…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(list.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(active);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              setPalette(false);
            }
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {list.map((c, i) => (
            <li key={c.id} id={`cmd-${c.id.replace(/[^A-Za-z0-9_-]/g, '_')}`} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => run(i)}>
              <span>{c.title}</span>
              {c.keys && <kbd>{c.keys}</kbd>}
            </li>
          ))}
          {list.length === 0 && (
            <li className="muted" role="option" aria-selected="false" aria-disabled="true">
              {query.trim() ? 'Nothing matches on this screen, and no business by that name.' : 'No command.'}
            </li>
          )}
        </ul>
        {screen !== 'review' && <p className="small muted palette-note">Draft commands (approve, reject…) act on Review: open it first.</p>}
      </div>
    </div>
  );
}
