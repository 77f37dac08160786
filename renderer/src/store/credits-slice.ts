import type { AlertView, CreditsView } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export interface CreditsSlice {
  credits: CreditsView | null;
  loadCredits(): Promise<void>;
  readAlert(id: string): Promise<void>;
  /** A new alert pushed by main: shown at once, kept in the list. */
  receiveAlert(alert: AlertView): void;
}

export const createCreditsSlice: Slice<CreditsSlice> = (set, get) => ({
  credits: null,

  async loadCredits() {
    const credits = await get().attempt(() => call('credits:summary', {}));
    if (credits) set({ credits });
  },

  async readAlert(id) {
    set((s) => (s.credits ? { credits: { ...s.credits, alerts: s.credits.alerts.map((a) => (a.id === id ? { ...a, read: true } : a)) } } : {}));
    await get().attempt(() => call('alerts:read', { id }));
  },

  receiveAlert(alert) {
    set((s) => (s.credits ? { credits: { ...s.credits, alerts: [alert, ...s.credits.alerts.filter((a) => a.id !== alert.id)] } } : {}));
    get().notify(alert.severity === 'error' ? 'error' : 'info', `${alert.title}: ${alert.message}`);
  },
});
