import type { RequestOf, SettingsView } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export interface SettingsSlice {
  settings: SettingsView | null;
  loadSettings(): Promise<void>;
  saveSettings(req: RequestOf<'settings:set'>): Promise<boolean>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settings: null,

  async loadSettings() {
    const settings = await get().attempt(() => call('settings:get', {}));
    if (settings) set({ settings });
  },

  async saveSettings(req) {
    const settings = await get().attempt(() => call('settings:set', req));
    if (!settings) return false;
    set({ settings });
    get().notify('success', 'Settings saved.');
    return true;
  },
});
