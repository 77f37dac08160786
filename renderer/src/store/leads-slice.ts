import type { LeadDetailView, LeadRowView, RequestOf, Tier } from '../../../preload/contract';
import { call } from '../bridge';
import { evict, missingPages } from './paging';
import { PAGE_SIZE, type Slice } from './types';

export interface LeadQuery {
  search: string;
  tier: Tier | '';
  order: 'score' | 'name' | 'created';
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
  ensureLeadRows(first: number, last: number): Promise<void>;
  openLead(id: string): Promise<void>;
  closeLead(): void;
}

export const createLeadsSlice: Slice<LeadsSlice> = (set, get) => {
  const fetchPage = async (page: number, gen: number): Promise<void> => {
    set((s) => ({ leadLoading: { ...s.leadLoading, [page]: true } }));
    const q = get().leadQuery;
    const req: RequestOf<'leads:query'> = { order: q.order, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
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

  return {
    leadQuery: { search: '', tier: '', order: 'score' },
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
  };
};
