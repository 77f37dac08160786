import type { WorkspaceStore } from '../store';

/** Who made a change: the rep in the window, a script through the CLI, or the product itself. */
export interface Actor {
  type: 'rep' | 'cli' | 'system';
  id: string;
}

export const REP: Actor = { type: 'rep', id: 'rep' };
export const CLI: Actor = { type: 'cli', id: 'hunter' };

/** What every operation on a workspace is given: the workspace's store and who asks. */
export interface Ctx {
  store: WorkspaceStore;
  actor: Actor;
}
