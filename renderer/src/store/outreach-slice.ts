import type { ChannelVersionView, DraftStatsView, ErrorView, Paged, ReplyCheckView, ScheduledDraftView } from '../../../preload/contract';
import { BridgeError, call } from '../bridge';
import type { ChatChannel } from '../lib/outreach';
import type { Slice } from './types';

/** A draft's chat versions, for the e-mail text they were cut from (an edit makes them again). */
export interface ChannelVersions {
  body: string;
  versions: ChannelVersionView[] | null;
  error: ErrorView | null;
}

/**
 * Outreach after the first message (issue 16): the chat versions the review pane shows as tabs, and the
 * Outcomes screen's reply check, follow-ups and analytics. Main holds the truth; this caches it.
 */
export interface OutreachSlice {
  channelVersions: Record<string, ChannelVersions>;
  /** The tab over the message: the e-mail, or one chat channel; kept from draft to draft. */
  channelTab: 'email' | ChatChannel;
  replyCheck: ReplyCheckView | null;
  /** When the last check in this window finished. */
  replyCheckedAt: string | null;
  replyError: ErrorView | null;
  checkingReplies: boolean;
  scheduled: Paged<ScheduledDraftView> | null;
  stats: DraftStatsView | null;
  statsDays: number;
  outcomesError: ErrorView | null;

  loadChannels(draftId: string, body: string): Promise<void>;
  setChannelTab(tab: 'email' | ChatChannel): void;
  loadOutcomes(): Promise<void>;
  setStatsDays(days: number): Promise<void>;
  checkReplies(): Promise<void>;
}

const MAX_CACHED = 40;
const NO_ACCOUNT: ErrorView = { code: 'MAIL_ACCOUNT_MISSING', message: 'No mail account is saved: save your mail account in Settings → Mail account, then check again.' };
const NO_PASSWORD: ErrorView = { code: 'MAIL_LOGIN_MISSING', message: 'Your mail account has no password or sign-in yet: add it in Settings → Mail account, then check again.' };
const errorOf = (err: unknown): ErrorView => ({ code: err instanceof BridgeError ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err) });

export const createOutreachSlice: Slice<OutreachSlice> = (set, get) => ({
  channelVersions: {},
  channelTab: 'email',
  replyCheck: null,
  replyCheckedAt: null,
  replyError: null,
  checkingReplies: false,
  scheduled: null,
  stats: null,
  statsDays: 30,
  outcomesError: null,

  async loadChannels(draftId, body) {
    const cached = get().channelVersions[draftId];
    if (cached && cached.body === body && (cached.versions || cached.error)) return;
    const put = (v: ChannelVersions) =>
      set((s) => {
        const all = { ...s.channelVersions, [draftId]: v };
        const keys = Object.keys(all);
        if (keys.length > MAX_CACHED) for (const k of keys.slice(0, keys.length - MAX_CACHED)) delete all[k];
        return { channelVersions: all };
      });
    put({ body, versions: cached?.body === body ? (cached.versions ?? null) : null, error: null });
    try {
      const versions = await call('drafts:channels', { id: draftId });
      // A newer text arrived meanwhile: its own request answers for it.
      if (get().channelVersions[draftId]?.body !== body) return;
      put({ body, versions, error: null });
    } catch (err) {
      if (get().channelVersions[draftId]?.body !== body) return;
      put({ body, versions: null, error: errorOf(err) });
    }
  },

  setChannelTab(tab) {
    set({ channelTab: tab });
  },

  async loadOutcomes() {
    try {
      const [scheduled, stats] = await Promise.all([call('drafts:scheduled', { offset: 0, limit: 200 }), call('stats:get', { days: get().statsDays })]);
      set({ scheduled, stats, outcomesError: null });
    } catch (err) {
      set({ outcomesError: errorOf(err) });
    }
  },

  async setStatsDays(days) {
    set({ statsDays: days });
    await get().loadOutcomes();
  },

  async checkReplies() {
    if (get().checkingReplies) return;
    set({ checkingReplies: true, replyError: null });
    try {
      // Said before the inbox is asked: with nothing exported yet main would answer "nothing new" without one.
      const account = await call('mail:get', {});
      if (!account || !account.has_credentials) {
        set({ replyError: account ? NO_PASSWORD : NO_ACCOUNT });
        return;
      }
      const r = await call('replies:check', {});
      set({ replyCheck: r, replyCheckedAt: new Date().toISOString() });
      // What the check changed: outcomes, cancelled follow-ups, reply rates; and the queue's badge.
      await Promise.all([get().loadOutcomes(), get().bootstrap()]);
    } catch (err) {
      set({ replyError: errorOf(err) });
    } finally {
      set({ checkingReplies: false });
    }
  },
});
