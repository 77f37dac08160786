import type { BootstrapView, RequestOf } from '../../../preload/contract';
import { BridgeError, call } from '../bridge';
import type { Slice } from './types';

export type Screen = 'agents' | 'runs' | 'leads' | 'review' | 'exports' | 'outcomes' | 'dnc' | 'credits' | 'activity' | 'settings';

/** Every screen with its title, in the rail's order: the rail and the palette's "Go to" list both read it. */
export const SCREENS: ReadonlyArray<readonly [Screen, string]> = [
  ['agents', 'Agents'],
  ['runs', 'Runs'],
  ['leads', 'Leads'],
  ['review', 'Review'],
  ['exports', 'Exports'],
  ['outcomes', 'Outcomes'],
  ['dnc', 'Do not contact'],
  ['credits', 'Credits'],
  ['activity', 'Activity'],
  ['settings', 'Settings'],
];

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
  code?: string | undefined;
}

export interface AppSlice {
  boot: BootstrapView | null;
  bootError: string | null;
  screen: Screen;
  toasts: Toast[];
  paletteOpen: boolean;
  sheetOpen: boolean;
  bootstrap(): Promise<void>;
  go(screen: Screen): void;
  notify(kind: Toast['kind'], text: string, code?: string): void;
  dismiss(id: number): void;
  /** Runs an action, turning a refusal from main into a toast; returns undefined when it failed. */
  attempt<T>(fn: () => Promise<T>): Promise<T | undefined>;
  createWorkspace(req: RequestOf<'workspace:create'>, keys?: Partial<Record<'groq' | 'anthropic' | 'hunter_io', string>>): Promise<boolean>;
  openSample(): Promise<void>;
  selectWorkspace(id: string): Promise<void>;
  /** A second workspace from the rail: signed by the same sender as the one on screen unless changed. */
  addWorkspace(req: RequestOf<'workspace:create'>): Promise<boolean>;
  renameWorkspace(id: string, name: string): Promise<boolean>;
  setSecret(name: RequestOf<'secrets:set'>['name'], value: string): Promise<boolean>;
  setPalette(open: boolean): void;
  setSheet(open: boolean): void;
  /** Drops every cached list and detail (another workspace was selected). Provided by the store. */
  resetWorkspaceData(): void;
}

let toastSeq = 0;

export const createAppSlice: Slice<Omit<AppSlice, 'resetWorkspaceData'>> = (set, get) => ({
  boot: null,
  bootError: null,
  screen: 'review',
  toasts: [],
  paletteOpen: false,
  sheetOpen: false,

  async bootstrap() {
    try {
      const boot = await call('app:bootstrap', {});
      set({ boot, bootError: null });
    } catch (err) {
      set({ bootError: err instanceof Error ? err.message : String(err) });
    }
  },

  go(screen) {
    set({ screen, paletteOpen: false });
  },

  notify(kind, text, code) {
    const id = ++toastSeq;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text, code }] }));
    // Confirmations fade on their own; an error stays until the rep has read it.
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 4000);
  },

  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },

  async attempt(fn) {
    try {
      return await fn();
    } catch (err) {
      const code = err instanceof BridgeError ? err.code : 'INTERNAL';
      get().notify('error', err instanceof Error ? err.message : String(err), code);
      return undefined;
    }
  },

  async createWorkspace(req, keys = {}) {
    const ok = await get().attempt(async () => {
      await call('workspace:create', req);
      for (const [name, value] of Object.entries(keys)) {
        if (value && value.trim()) await call('secrets:set', { name: name as 'groq', value });
      }
      return true;
    });
    if (!ok) return false;
    await get().bootstrap();
    set({ screen: 'agents' });
    return true;
  },

  async openSample() {
    const ok = await get().attempt(() => call('workspace:open-sample', {}));
    if (!ok) return;
    await get().bootstrap();
    set({ screen: 'runs' });
    await get().loadRuns();
  },

  async selectWorkspace(id) {
    const ok = await get().attempt(() => call('workspace:select', { id }));
    if (!ok) return;
    get().resetWorkspaceData();
    await get().bootstrap();
  },

  async addWorkspace(req) {
    const created = await get().attempt(() => call('workspace:create', req));
    if (!created) return false;
    get().resetWorkspaceData();
    await get().bootstrap();
    get().notify('success', `Workspace "${created.name}" created and opened.`);
    return true;
  },

  async renameWorkspace(id, name) {
    const renamed = await get().attempt(() => call('workspace:rename', { id, name }));
    if (!renamed) return false;
    await get().bootstrap();
    get().notify('success', `Workspace renamed to "${renamed.name}".`);
    return true;
  },

  async setSecret(name, value) {
    const keys = await get().attempt(() => call('secrets:set', { name, value }));
    if (!keys) return false;
    set((s) => (s.boot ? { boot: { ...s.boot, keys } } : {}));
    get().notify('success', value.trim() ? `The ${name.replace('_', '.')} key is saved.` : `The ${name.replace('_', '.')} key is removed.`);
    return true;
  },

  setPalette(open) {
    set({ paletteOpen: open, sheetOpen: false });
  },

  setSheet(open) {
    set({ sheetOpen: open, paletteOpen: false });
  },
});
