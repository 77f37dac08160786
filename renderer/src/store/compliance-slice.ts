import type { DncEntryView, Responses } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

/** The do-not-contact list as the screen shows it: one page, with the search it was read with. */
export interface ComplianceSlice {
  dnc: DncEntryView[];
  dncTotal: number;
  dncSearch: string;
  dncLoaded: boolean;
  /** What the last hand entry or import did (what was added, already listed, refused and why). */
  dncAddResult: Responses['dnc:add'] | null;
  dncImportResult: Responses['dnc:import'] | null;
  loadDnc(search?: string): Promise<void>;
  /** Values as the rep typed them, one per line or comma; main normalises and sorts them into kinds. */
  addDnc(values: string[], reason: string, kind?: DncEntryView['kind']): Promise<boolean>;
  /** Picks a CSV in the system dialog and imports it. */
  importDnc(): Promise<void>;
  removeDnc(id: string): Promise<void>;
}

/** Entries shown at once; the search narrows a longer list. */
const DNC_PAGE = 500;

export const createComplianceSlice: Slice<ComplianceSlice> = (set, get) => ({
  dnc: [],
  dncTotal: 0,
  dncSearch: '',
  dncLoaded: false,
  dncAddResult: null,
  dncImportResult: null,

  async loadDnc(search = get().dncSearch) {
    set({ dncSearch: search });
    const page = await get().attempt(() => call('dnc:list', { ...(search.trim() ? { search: search.trim() } : {}), offset: 0, limit: DNC_PAGE }));
    // A slower, older search must not overwrite the answer to the one now in the box.
    if (page && get().dncSearch === search) set({ dnc: page.rows, dncTotal: page.total, dncLoaded: true });
  },

  async addDnc(values, reason, kind) {
    const r = await get().attempt(() => call('dnc:add', { values, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(kind ? { kind } : {}) }));
    if (!r) return false;
    set({ dncAddResult: r, dncImportResult: null });
    await get().loadDnc();
    const parts = [`${r.added.length} added`];
    if (r.already_listed.length) parts.push(`${r.already_listed.length} already listed`);
    if (r.refused.length) parts.push(`${r.refused.length} refused`);
    get().notify(r.refused.length ? 'info' : 'success', `Do-not-contact: ${parts.join(', ')}.`);
    return r.refused.length === 0;
  },

  async importDnc() {
    const picked = await get().attempt(() => call('dialog:open-csv', {}));
    if (!picked?.path) return;
    const path = picked.path;
    const r = await get().attempt(() => call('dnc:import', { path }));
    if (!r) return;
    set({ dncImportResult: r, dncAddResult: null });
    await get().loadDnc();
    get().notify(r.refused_total ? 'info' : 'success', `Imported ${r.file}: ${r.added} added, ${r.already_listed} already listed, ${r.refused_total} refused.`);
  },

  async removeDnc(id) {
    const removed = await get().attempt(() => call('dnc:remove', { id }));
    if (!removed) return;
    set((s) => ({ dnc: s.dnc.filter((e) => e.id !== id), dncTotal: Math.max(0, s.dncTotal - 1) }));
    get().notify('success', `${removed.value ?? 'The entry'} is no longer on the do-not-contact list.`);
  },
});
