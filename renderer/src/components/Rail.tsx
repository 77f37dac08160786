import { useHunter, type Screen } from '../store';

const ITEMS: Array<[Screen, string]> = [
  ['agents', 'Agents'],
  ['runs', 'Runs'],
  ['leads', 'Leads'],
  ['review', 'Review'],
  ['exports', 'Exports'],
  ['credits', 'Credits'],
  ['activity', 'Activity'],
  ['settings', 'Settings'],
];

export function Rail() {
  const screen = useHunter((s) => s.screen);
  const go = useHunter((s) => s.go);
  const boot = useHunter((s) => s.boot);
  const pending = boot?.pending_review ?? 0;
  return (
    <nav className="rail" aria-label="Main">
      <div className="brand">
        The Hunter
        <small className="ellipsis">{boot?.workspace?.name}</small>
      </div>
      {ITEMS.map(([id, name]) => (
        <button key={id} aria-current={screen === id ? 'page' : undefined} onClick={() => go(id)}>
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
    </nav>
  );
}
