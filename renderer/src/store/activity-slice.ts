import type { AuditEntryView, AuditVerifyView, Paged, RequestOf } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export type AuditActor = NonNullable<RequestOf<'audit:list'>['actor']>;

export interface AuditFilterForm {
  action: string;
  actor: AuditActor | '';
  /** Shown beside the lead filter: the business it keeps (picked from an entry, never typed as an id). */
  lead_name: string;
  execution_id: string;
  lead_id: string;
  since: string;
  until: string;
}

export interface TimelineState {
  executionId: string;
  entries: AuditEntryView[];
  /** How many entries of the replay are shown. */
  step: number;
}

export interface ActivitySlice {
  auditFilter: AuditFilterForm;
  audit: Paged<AuditEntryView> | null;
  auditOffset: number;
  verification: AuditVerifyView | null;
  auditExport: { path: string; entries: number; verification: AuditVerifyView } | null;
  timeline: TimelineState | null;
  setAuditFilter(f: Partial<AuditFilterForm>): void;
  /** Sets the filter and loads the first page of what it keeps. */
  filterAudit(f: Partial<AuditFilterForm>): Promise<void>;
  clearAuditFilter(): Promise<void>;
  loadAudit(offset?: number): Promise<void>;
  verifyAudit(): Promise<void>;
  exportAudit(): Promise<void>;
  openTimeline(executionId: string): Promise<void>;
  stepTimeline(to: number): void;
  closeTimeline(): void;
}

export const AUDIT_PAGE = 100;

const NO_FILTER: AuditFilterForm = { action: '', actor: '', lead_name: '', execution_id: '', lead_id: '', since: '', until: '' };

export const createActivitySlice: Slice<ActivitySlice> = (set, get) => ({
  auditFilter: NO_FILTER,
  audit: null,
  auditOffset: 0,
  verification: null,
  auditExport: null,
  timeline: null,

  setAuditFilter(f) {
    set((s) => ({ auditFilter: { ...s.auditFilter, ...f } }));
  },

  async filterAudit(f) {
    set((s) => ({ auditFilter: { ...s.auditFilter, ...f } }));
    await get().loadAudit(0);
  },

  async clearAuditFilter() {
    set({ auditFilter: NO_FILTER });
    await get().loadAudit(0);
  },

  async loadAudit(offset = 0) {
    const f = get().auditFilter;
    const req: RequestOf<'audit:list'> = { offset, limit: AUDIT_PAGE };
    if (f.action) req.action = f.action;
    if (f.actor) req.actor = f.actor;
    if (f.execution_id.trim()) req.execution_id = f.execution_id.trim();
    if (f.lead_id.trim()) req.lead_id = f.lead_id.trim();
    if (f.since) req.since = f.since;
    if (f.until) req.until = f.until;
    const audit = await get().attempt(() => call('audit:list', req));
    if (audit) set({ audit, auditOffset: offset });
  },

  async verifyAudit() {
    const verification = await get().attempt(() => call('audit:verify', {}));
    if (verification) set({ verification });
  },

  async exportAudit() {
    const auditExport = await get().attempt(() => call('audit:export', {}));
    if (!auditExport) return;
    set({ auditExport, verification: auditExport.verification });
    get().notify(auditExport.verification.ok ? 'success' : 'error', `Exported ${auditExport.entries} entries to ${auditExport.path}.`);
  },

  async openTimeline(executionId) {
    const page = await get().attempt(() => call('audit:list', { execution_id: executionId, limit: 5000, offset: 0 }));
    if (!page) return;
    // The log pages newest first; a replay goes from the start.
    const entries = [...page.rows].sort((a, b) => a.seq - b.seq);
    set({ timeline: { executionId, entries, step: Math.min(entries.length, 1) } });
  },

  stepTimeline(to) {
    set((s) => (s.timeline ? { timeline: { ...s.timeline, step: Math.max(0, Math.min(s.timeline.entries.length, to)) } } : {}));
  },

  closeTimeline() {
    set({ timeline: null });
  },
});
