import type { MailAccountView, MailTestView, RequestOf, SenderSettingsView, SettingsView } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export interface SettingsSlice {
  settings: SettingsView | null;
  sender: SenderSettingsView | null;
  /** The saved mail account; null when there is none (and `mailLoaded` says whether that is known yet). */
  mail: MailAccountView | null;
  mailLoaded: boolean;
  /** What the last "Test connection" found, shown until the account changes. */
  mailTest: MailTestView | null;
  /** A mail action under way (test, sign-in): its buttons wait. */
  mailBusy: 'test' | 'sign-in' | 'sign-out' | 'save' | null;
  loadSettings(): Promise<void>;
  saveSettings(req: RequestOf<'settings:set'>): Promise<boolean>;
  loadSender(): Promise<void>;
  saveSender(req: RequestOf<'sender:set'>): Promise<boolean>;
  loadMail(): Promise<void>;
  saveMail(req: RequestOf<'mail:save'>): Promise<boolean>;
  testMail(): Promise<void>;
  signInMail(): Promise<void>;
  signOutMail(): Promise<void>;
  removeMail(): Promise<void>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settings: null,
  sender: null,
  mail: null,
  mailLoaded: false,
  mailTest: null,
  mailBusy: null,

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

  async loadSender() {
    const sender = await get().attempt(() => call('sender:get', {}));
    if (sender) set({ sender });
  },

  async saveSender(req) {
    const sender = await get().attempt(() => call('sender:set', req));
    if (!sender) return false;
    set({ sender });
    // The rail and the first-run check read the sender from the bootstrap.
    await get().bootstrap();
    get().notify('success', 'Sender saved: the next export signs with it.');
    return true;
  },

  async loadMail() {
    const mail = await get().attempt(() => call('mail:get', {}));
    if (mail !== undefined) set({ mail, mailLoaded: true });
  },

  async saveMail(req) {
    set({ mailBusy: 'save' });
    const mail = await get().attempt(() => call('mail:save', req));
    set({ mailBusy: null });
    if (!mail) return false;
    set({ mail, mailTest: null });
    await get().bootstrap();
    get().notify('success', `Mail account saved: ${mail.label}.`);
    return true;
  },

  async testMail() {
    set({ mailBusy: 'test', mailTest: null });
    const result = await get().attempt(() => call('mail:test', {}));
    set({ mailBusy: null, mailTest: result ?? null });
  },

  async signInMail() {
    set({ mailBusy: 'sign-in' });
    const r = await get().attempt(() => call('mail:sign-in', {}));
    set({ mailBusy: null });
    if (!r) return;
    await get().loadMail();
    await get().bootstrap();
    get().notify('success', `Signed in to ${r.provider === 'google' ? 'Google' : 'Microsoft'} as ${r.account}.`);
  },

  async signOutMail() {
    set({ mailBusy: 'sign-out' });
    const r = await get().attempt(() => call('mail:sign-out', {}));
    set({ mailBusy: null });
    if (!r) return;
    await get().loadMail();
    await get().bootstrap();
    get().notify('info', r.revoked ? 'Signed out; the access is revoked.' : `Signed out here. To revoke the access too, visit ${r.access_page}.`);
  },

  async removeMail() {
    const r = await get().attempt(() => call('mail:remove', {}));
    if (!r) return;
    set({ mail: null, mailTest: null });
    await get().bootstrap();
    get().notify('info', r.removed ? 'Mail account removed, with its password or sign-in.' : 'There was no mail account to remove.');
  },
});
