import { HunterError } from '../core/errors';
import { workspaceStore, type Db, type WorkspaceStore } from '../store';
import { Preferences } from '../store/preferences';
import { Workspaces, type Workspace } from '../store/workspaces';
import type { Actor } from './context';

export interface WorkspaceView {
  id: string;
  name: string;
}

export interface WorkspaceCreateOptions {
  id?: string;
  /** Trial credits granted at creation. */
  credits?: number;
  trialDays?: number;
  apiCallsLimit?: number;
}

/** The preference that says which workspace the CLI and the app open when none is named. */
const CURRENT = 'workspace';

/**
 * Workspaces: a rep may prospect for several clients or products, each with its own leads, credits and
 * settings. A name given by the rep must name one (a typo never creates a workspace with trial credits);
 * only `create` makes one.
 */
export class WorkspacesService {
  private readonly table: Workspaces;
  private readonly prefs: Preferences;

  constructor(private readonly db: Db) {
    this.table = new Workspaces(db);
    this.prefs = new Preferences(db);
  }

  list(): Array<WorkspaceView & { current: boolean }> {
    const current = this.current()?.id ?? null;
    return this.table.list().map((w) => ({ id: w.id, name: w.name, current: w.id === current }));
  }

  /** The workspace a name or id names, or NOT_FOUND saying which there are. */
  find(nameOrId: string): Workspace {
    const w = this.table.find(nameOrId) ?? this.table.findByName(nameOrId.trim());
    if (w) return w;
    const names = this.table.list().map((x) => `"${x.name}"`);
    throw new HunterError('NOT_FOUND', `No workspace "${nameOrId}". ${names.length ? `There are: ${names.join(', ')}.` : 'There is none yet.'} Create it with: hunter workspaces create "${nameOrId}"`);
  }

  /** The workspace opened by default: the one chosen last (`workspaces use`, or in the app), else the first. */
  current(): Workspace | null {
    const chosen = this.prefs.get<string>(CURRENT);
    return (chosen ? this.table.find(chosen) : null) ?? this.table.list()[0] ?? null;
  }

  /** The store of a named workspace, or of the current one; NOT_FOUND when the name names none. */
  open(nameOrId?: string | null): WorkspaceStore {
    if (nameOrId) return workspaceStore(this.db, this.find(nameOrId).id);
    const w = this.current();
    if (!w) throw new HunterError('NOT_FOUND', 'There is no workspace yet: create one with hunter workspaces create NAME (or open the app), or start with hunter run.');
    return workspaceStore(this.db, w.id);
  }

  /** The current workspace's store, creating "My workspace" (with the trial's credits) on a first run. */
  openOrCreateFirst(nameOrId: string | null | undefined, actor: Actor): WorkspaceStore {
    if (nameOrId || this.table.list().length > 0) return this.open(nameOrId);
    return this.create('My workspace', actor);
  }

  use(nameOrId: string): WorkspaceView {
    const w = this.find(nameOrId);
    this.prefs.set(CURRENT, w.id);
    return { id: w.id, name: w.name };
  }

  create(name: string, actor: Actor, opts: WorkspaceCreateOptions = {}): WorkspaceStore {
    const clean = name.trim();
    if (!clean) throw new HunterError('INVALID_INPUT', 'Give the workspace a name.');
    if (clean.length > 200) throw new HunterError('INVALID_INPUT', 'A workspace name is at most 200 characters.');
    if (this.table.findByName(clean)) throw new HunterError('CONFLICT', `There is already a workspace "${clean}"; pick another name, or open it with --workspace "${clean}".`);
    const credits = opts.credits ?? 25;
    const trialEnds = new Date(Date.now() + (opts.trialDays ?? 14) * 86_400_000).toISOString();
    const store = this.db.transaction(() => {
      const w = this.table.create({ name: clean, id: opts.id, monthly_credits_micros: Math.round(credits * 1e6), trial_ends_at: trialEnds, api_calls_limit: opts.apiCallsLimit });
      const s = workspaceStore(this.db, w.id);
      s.audit.append({ actor, action: 'workspace_created', resource: 'workspace', resource_id: w.id, changes: { after: { name: clean } } });
      return s;
    }).immediate();
    store.ledger.grant(Math.round(credits * 1e6), 'trial credits', { type: 'system', id: 'app' });
    return store;
  }

  rename(nameOrId: string, name: string, actor: Actor): WorkspaceView {
    const w = this.find(nameOrId);
    const clean = name.trim();
    if (!clean || clean.length > 200) throw new HunterError('INVALID_INPUT', 'A workspace name is 1 to 200 characters.');
    const taken = this.table.findByName(clean);
    if (taken && taken.id !== w.id) throw new HunterError('CONFLICT', `There is already a workspace "${clean}".`);
    const store = workspaceStore(this.db, w.id);
    store.tx(() => {
      this.table.rename(w.id, clean);
      store.audit.append({ actor, action: 'settings_changed', resource: 'workspace', resource_id: w.id, changes: { before: { name: w.name }, after: { name: clean } } });
    });
    return { id: w.id, name: clean };
  }
}
