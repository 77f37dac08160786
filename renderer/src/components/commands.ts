import { SCREENS, type HunterState, type Screen } from '../store';

export interface Command {
  id: string;
  title: string;
  keys?: string;
  /** The screen it acts on: offered only while that screen is shown (a decision never lands on a hidden draft). */
  screen?: Screen;
  run(s: HunterState): void | Promise<void>;
}

const goto = (screen: Screen, title: string): Command => ({ id: `go:${screen}`, title: `Go to ${title}`, run: (s) => s.go(screen) });

/** Everything the palette offers; each also has a visible button somewhere. */
export const COMMANDS: Command[] = [
  // Review first: it is where a rep goes most; then every other screen, as the rail lists them.
  goto('review', 'Review'),
  ...SCREENS.filter(([s]) => s !== 'review').map(([s, title]) => goto(s, title)),
  { id: 'draft:approve', screen: 'review', title: 'Approve the draft', keys: 'A', run: (s) => s.approve() },
  { id: 'draft:reject', screen: 'review', title: 'Reject the draft', keys: 'R', run: (s) => s.askReject() },
  { id: 'draft:defer', screen: 'review', title: 'Defer the draft', keys: 'D', run: (s) => s.defer() },
  { id: 'draft:edit', screen: 'review', title: 'Edit the draft', keys: 'E', run: (s) => s.startEdit() },
  { id: 'draft:undo', screen: 'review', title: 'Undo', keys: 'U', run: (s) => s.undo() },
  { id: 'draft:write', screen: 'review', title: 'Write the draft again', keys: 'W', run: (s) => s.write() },
  { id: 'draft:next', screen: 'review', title: 'Next draft', keys: 'J', run: (s) => s.next() },
  { id: 'draft:prev', screen: 'review', title: 'Previous draft', keys: 'K', run: (s) => s.prev() },
  { id: 'draft:bulk', screen: 'review', title: 'Approve every draft above the rank threshold', run: (s) => s.bulkApprove() },
  { id: 'agent:new', title: 'New agent', run: (s) => { s.go('agents'); s.editAgent('new'); } },
  { id: 'audit:verify', title: 'Verify the audit log', run: (s) => { s.go('activity'); return s.verifyAudit(); } },
  { id: 'help:keys', title: 'Show keyboard shortcuts', keys: '?', run: (s) => s.setSheet(true) },
];

/** Commands for the screen shown whose title contains every word typed, in order of the list. */
export function filterCommands(query: string, screen: Screen): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return COMMANDS.filter((c) => (c.screen === undefined || c.screen === screen) && words.every((w) => c.title.toLowerCase().includes(w)));
}

/** A business the palette found by name: open its lead, or jump to its draft. */
export interface FoundLead {
  id: string;
  name: string;
  city: string | null;
}

/** What the palette offers for a business found by name: its lead, and its draft when it has one. */
export function leadCommands(found: readonly FoundLead[]): Command[] {
  return found.flatMap((l) => {
    const where = l.city ? ` (${l.city})` : '';
    return [
      { id: `draft-of:${l.id}`, title: `Draft: ${l.name}${where}`, run: (s: HunterState) => s.openDraftOfLead(l.id) },
      { id: `lead:${l.id}`, title: `Lead: ${l.name}${where}`, run: (s: HunterState) => { s.go('leads'); return s.openLead(l.id); } },
    ];
  });
}
