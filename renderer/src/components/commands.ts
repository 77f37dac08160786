import type { HunterState, Screen } from '../store';

export interface Command {
  id: string;
  title: string;
  keys?: string;
  run(s: HunterState): void | Promise<void>;
}

const goto = (screen: Screen, title: string): Command => ({ id: `go:${screen}`, title: `Go to ${title}`, run: (s) => s.go(screen) });

/** Everything the palette offers; each also has a visible button somewhere. */
export const COMMANDS: Command[] = [
  goto('review', 'Review'),
  goto('agents', 'Agents'),
  goto('runs', 'Runs'),
  goto('leads', 'Leads'),
  goto('exports', 'Exports'),
  goto('credits', 'Credits'),
  goto('activity', 'Activity'),
  goto('settings', 'Settings'),
  { id: 'draft:approve', title: 'Approve the draft', keys: 'A', run: (s) => s.approve() },
  { id: 'draft:reject', title: 'Reject the draft', keys: 'R', run: (s) => s.reject() },
  { id: 'draft:defer', title: 'Defer the draft', keys: 'D', run: (s) => s.defer() },
  { id: 'draft:edit', title: 'Edit the draft', keys: 'E', run: (s) => s.startEdit() },
  { id: 'draft:undo', title: 'Undo', keys: 'U', run: (s) => s.undo() },
  { id: 'draft:write', title: 'Write the draft again', keys: 'W', run: (s) => s.write() },
  { id: 'draft:next', title: 'Next draft', keys: 'J', run: (s) => s.next() },
  { id: 'draft:prev', title: 'Previous draft', keys: 'K', run: (s) => s.prev() },
  { id: 'draft:bulk', title: 'Approve every draft above the rank threshold', run: (s) => s.bulkApprove() },
  { id: 'agent:new', title: 'New agent', run: (s) => { s.go('agents'); s.editAgent('new'); } },
  { id: 'audit:verify', title: 'Verify the audit log', run: (s) => { s.go('activity'); return s.verifyAudit(); } },
  { id: 'help:keys', title: 'Show keyboard shortcuts', keys: '?', run: (s) => s.setSheet(true) },
];

/** Commands whose title contains every word typed, in order of the list. */
export function filterCommands(query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return COMMANDS.filter((c) => words.every((w) => c.title.toLowerCase().includes(w)));
}
