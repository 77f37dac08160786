import type { DraftStatusView, LeadDetailView, LeadRowView, RequestOf, Tier } from '../../../preload/contract';
import { call } from '../bridge';
import { evict, missingPages, rowAt } from './paging';
import { PAGE_SIZE, type Slice } from './types';

export type LeadOrder = NonNullable<RequestOf<'leads:query'>['order']>;
export type SortDirection = 'asc' | 'desc';

export interface LeadQuery {
  search: string;
  tier: Tier | '';
  order: LeadOrder;
  direction: SortDirection;
}

/** Which way a column sorts when first chosen: the best, the highest tier and the newest first; words A to Z. */
export function firstDirection(order: LeadOrder): SortDirection {
  return order === 'score' || order === 'tier' || order === 'created' ? 'desc' : 'asc';
}

/** Why a lead is erased (GDPR art. 17), as the rep picks it. */
export type EraseReason = RequestOf<'leads:erase'>['reason'];
export type EraseSuppress = NonNullable<RequestOf<'leads:erase'>['suppress']>;

/** The values of a lead that go on the do-not-contact list: its e-mail, its own domain, its phone. */
export function contactValuesOf(lead: LeadDetailView['lead']): string[] {
  const domain = lead.website ? hostOf(lead.website) : null;
  return [lead.email, domain, lead.phone].filter((v): v is string => !!v && v.trim().length > 0);
}

function hostOf(url: string): string | null {
  try {
    return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}

export interface LeadsSlice {
  leadQuery: LeadQuery;
  leadTotal: number | null;
  leadPages: Record<number, LeadRowView[]>;
  leadLoading: Record<number, true>;
  /** Bumped when the query changes, so answers to an older query are dropped. */
  leadGen: number;
  selectedLeadId: string | null;
  leadDetail: LeadDetailView | null;
  setLeadQuery(q: Partial<LeadQuery>): Promise<void>;
  /** A column header: the same column again turns the direction, another sorts by it its natural way. */
  sortLeadsBy(order: LeadOrder): Promise<void>;
  ensureLeadRows(first: number, last: number): Promise<void>;
  openLead(id: string): Promise<void>;
  closeLead(): void;
  /** Splits a merged row or place off the open lead: it becomes a lead of its own again. */
  splitMerge(mergeId: string): Promise<void>;
  /** Puts the open lead's e-mail, domain and phone on the do-not-contact list. */
  doNotContactLead(): Promise<void>;
  /** Writes everything held about the open lead to a file (GDPR art. 15); answers its path. */
  exportLeadData(): Promise<string | undefined>;
  /** Erases the open lead for good (GDPR art. 17). */
  eraseLead(reason: EraseReason, suppress: EraseSuppress): Promise<boolean>;
  /** Review, on this draft of the open lead; the lead stays open here, so "Leads" in the rail comes back to it. */
  openLeadDraft(draftId: string, status: DraftStatusView): Promise<void>;
}

/** Review pages its queue; a draft far down a long queue is found within this many pages. */
const DRAFT_SEARCH_PAGES = 50;

export const createLeadsSlice: Slice<LeadsSlice> = (set, get, api) => {
  const fetchPage = async (page: number, gen: number): Promise<void> => {
    set((s) => ({ leadLoading: { ...s.leadLoading, [page]: true } }));
    const q = get().leadQuery;
    const req: RequestOf<'leads:query'> = { order: q.order, direction: q.direction, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
    if (q.search.trim()) req.search = q.search.trim();
    if (q.tier) req.tier = q.tier;
    const r = await get().attempt(() => call('leads:query', req));
    if (get().leadGen !== gen) return;
    set((s) => {
      const loading = { ...s.leadLoading };
      delete loading[page];
      if (!r) return { leadLoading: loading };
      return { leadLoading: loading, leadTotal: r.total, leadPages: evict({ ...s.leadPages, [page]: r.rows }, page) };
    });
  };

  /** The list again (a lead split, erased or marked changed it), keeping the open lead open. */
  const reload = async () => {
    const gen = get().leadGen + 1;
    set({ leadGen: gen, leadPages: {}, leadLoading: {} });
    await fetchPage(0, gen);
  };

  /** Resolves when Review has loaded its queue after `afterGen` (its screen reloads it when it opens). */
  const queueLoaded = (afterGen: number) =>
    new Promise<void>((resolve) => {
      const ready = () => {
        const s = get();
        return s.queueGen > afterGen && s.queueTotal !== null && (s.queueTotal === 0 || s.selectedIndex >= 0);
      };
      if (ready()) return resolve();
      const stop = api.subscribe(() => {
        if (!ready()) return;
        stop();
        resolve();
      });
    });

  return {
    leadQuery: { search: '', tier: '', order: 'score', direction: 'desc' },
    leadTotal: null,
    leadPages: {},
    leadLoading: {},
    leadGen: 0,
    selectedLeadId: null,
    leadDetail: null,

    async setLeadQuery(q) {
      const gen = get().leadGen + 1;
      set((s) => ({ leadQuery: { ...s.leadQuery, ...q }, leadGen: gen, leadPages: {}, leadLoading: {}, leadTotal: null }));
      await fetchPage(0, gen);
    },

    async sortLeadsBy(order) {
      const q = get().leadQuery;
      const direction = q.order === order ? (q.direction === 'asc' ? 'desc' : 'asc') : firstDirection(order);
      await get().setLeadQuery({ order, direction });
    },

    async ensureLeadRows(first, last) {
      const s = get();
      const gen = s.leadGen;
      const todo = missingPages(s.leadPages, s.leadLoading, first, last, PAGE_SIZE);
      await Promise.all(todo.map((p) => fetchPage(p, gen)));
    },

    async openLead(id) {
      set({ selectedLeadId: id });
      const detail = await get().attempt(() => call('leads:get', { id }));
      if (detail && get().selectedLeadId === id) set({ leadDetail: detail });
    },

    closeLead() {
      set({ selectedLeadId: null, leadDetail: null });
    },

    async splitMerge(mergeId) {
      const id = get().selectedLeadId;
      if (!id) return;
      const r = await get().attempt(() => call('leads:split', { id, merge_id: mergeId }));
      if (!r) return;
      get().notify('success', 'Split off: it is a lead of its own again.');
      await Promise.all([get().openLead(id), reload()]);
    },

    async doNotContactLead() {
      const lead = get().leadDetail?.lead;
      if (!lead) return;
      const values = contactValuesOf(lead);
      // A lead with no address, domain or phone is listed by its name.
      const r = await get().attempt(() => call('dnc:add', { values: values.length > 0 ? values : [lead.name], reason: `Don't contact: ${lead.name}` }));
      if (!r) return;
      const listed = [...r.added, ...r.already_listed].map((e) => e.value ?? '(hashed)');
      const refused = r.refused.map((x) => `${x.value} (${x.reason})`);
      get().notify(refused.length > 0 ? 'info' : 'success', `Not to be contacted: ${listed.join(', ') || 'nothing new'}${refused.length > 0 ? `; not listed: ${refused.join(', ')}` : ''}.`);
      await get().openLead(lead.id);
    },

    async exportLeadData() {
      const id = get().selectedLeadId;
      if (!id) return undefined;
      const r = await get().attempt(() => call('leads:export-data', { id }));
      if (!r) return undefined;
      get().notify('success', `Everything held about this lead is in ${r.path}.`);
      return r.path;
    },

    async eraseLead(reason, suppress) {
      const id = get().selectedLeadId;
      if (!id) return false;
      const r = await get().attempt(() => call('leads:erase', { id, reason, suppress }));
      if (!r) return false;
      set({ selectedLeadId: null, leadDetail: null });
      get().notify('success', ['The lead is erased.', ...r.notices].join(' '));
      await Promise.all([reload(), get().bootstrap()]);
      return true;
    },

    async openLeadDraft(draftId, status) {
      const before = get().queueGen;
      // Review reloads its queue for the filter when it opens; the draft is then found in it and selected.
      set({ reviewStatus: status });
      get().go('review');
      await queueLoaded(before);
      const total = get().queueTotal ?? 0;
      for (let page = 0; page * PAGE_SIZE < total && page < DRAFT_SEARCH_PAGES; page++) {
        await get().ensureQueueRows(page * PAGE_SIZE, Math.min(total, (page + 1) * PAGE_SIZE) - 1);
        for (let i = page * PAGE_SIZE; i < Math.min(total, (page + 1) * PAGE_SIZE); i++) {
          if (rowAt(get().queuePages, i, PAGE_SIZE)?.id === draftId) {
            await get().selectIndex(i);
            return;
          }
        }
      }
      get().notify('info', 'That draft is not in the review queue any more.');
    },

  };
};
