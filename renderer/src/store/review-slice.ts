import type { DraftDetailView, DraftRowView, DraftStatusView, DraftStreamEvent, ExportView, RequestOf } from '../../../preload/contract';
import { call } from '../bridge';
import { wordDiff, type DiffWord } from '../lib/diff';
import { applyDraftEvent, startStream, type DraftStream } from './draft-stream';
import { evict, missingPages, rowAt } from './paging';
import { PAGE_SIZE, type HunterState, type Slice } from './types';

export interface Editor {
  draftId: string;
  subject: string;
  body: string;
  /** The rep typed: a stream never replaces this text, it offers its own beside it. */
  dirty: boolean;
  editing: boolean;
}

export interface Suggestion {
  text: string;
  subject: string | null;
  model: string;
}

type UndoEntry =
  | { kind: 'decision'; draftId: string; before: DraftRowView }
  | { kind: 'edit'; draftId: string; versionId: string };

export type ReviewFilter = DraftStatusView | 'all';
export type ExportFormat = RequestOf<'export:run'>['format'];

export interface ReviewSlice {
  reviewStatus: ReviewFilter;
  queueTotal: number | null;
  queuePages: Record<number, DraftRowView[]>;
  queueLoading: Record<number, true>;
  queueGen: number;
  selectedIndex: number;
  selectedDraftId: string | null;
  details: Record<string, DraftDetailView>;
  streams: Record<string, DraftStream>;
  editor: Editor | null;
  suggestions: Record<string, Suggestion>;
  /** What the refinement changed, shown briefly on the draft that was refined. */
  flash: { draftId: string; words: DiffWord[] } | null;
  undoStack: UndoEntry[];
  minRank: number;
  approved: DraftRowView[];
  approvedTotal: number;
  exportResult: ExportView | null;
  exporting: boolean;

  setReviewStatus(status: ReviewFilter): Promise<void>;
  ensureQueueRows(first: number, last: number): Promise<void>;
  selectIndex(index: number): Promise<void>;
  selectDraft(id: string): Promise<void>;
  next(): Promise<void>;
  prev(): Promise<void>;
  approve(): Promise<void>;
  reject(): Promise<void>;
  defer(): Promise<void>;
  undo(): Promise<void>;
  undoExport(): Promise<void>;
  startEdit(): void;
  changeEditor(patch: Partial<Pick<Editor, 'subject' | 'body'>>): void;
  saveEdit(andNext: boolean): Promise<void>;
  cancelEdit(): void;
  write(): Promise<void>;
  applyDraftEvents(events: DraftStreamEvent[]): void;
  useRefined(): Promise<void>;
  keepMine(): Promise<void>;
  useVersion(versionId: string): Promise<void>;
  setMinRank(n: number): void;
  bulkApprove(): Promise<void>;
  loadApproved(): Promise<void>;
  runExport(format: ExportFormat): Promise<void>;
  mailto(id: string): Promise<void>;
}

const MAX_DETAILS = 40;

export const createReviewSlice: Slice<ReviewSlice> = (set, get) => {
  const statusReq = (): RequestOf<'drafts:list'> => {
    const st = get().reviewStatus;
    return st === 'all' ? {} : { status: st };
  };

  const fetchPage = async (page: number, gen: number): Promise<void> => {
    set((s) => ({ queueLoading: { ...s.queueLoading, [page]: true } }));
    const r = await get().attempt(() => call('drafts:list', { ...statusReq(), offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
    if (get().queueGen !== gen) return;
    set((s) => {
      const loading = { ...s.queueLoading };
      delete loading[page];
      if (!r) return { queueLoading: loading };
      return { queueLoading: loading, queueTotal: r.total, queuePages: evict({ ...s.queuePages, [page]: r.rows }, page) };
    });
  };

  const patchRow = (row: DraftRowView) =>
    set((s) => {
      const pages: Record<number, DraftRowView[]> = {};
      for (const [k, rows] of Object.entries(s.queuePages)) pages[Number(k)] = rows.some((r) => r.id === row.id) ? rows.map((r) => (r.id === row.id ? row : r)) : rows;
      return { queuePages: pages };
    });

  const findRow = (id: string): DraftRowView | undefined => {
    for (const rows of Object.values(get().queuePages)) {
      const r = rows.find((x) => x.id === id);
      if (r) return r;
    }
    return undefined;
  };

  const indexOf = (id: string): number => {
    for (const [k, rows] of Object.entries(get().queuePages)) {
      const i = rows.findIndex((x) => x.id === id);
      if (i >= 0) return Number(k) * PAGE_SIZE + i;
    }
    return -1;
  };

  const remember = (d: DraftDetailView) =>
    set((s) => {
      const details = { ...s.details, [d.id]: d };
      const keys = Object.keys(details);
      if (keys.length > MAX_DETAILS) for (const k of keys.slice(0, keys.length - MAX_DETAILS)) if (k !== s.selectedDraftId) delete details[k];
      return { details };
    });

  const editorFrom = (d: DraftDetailView): Editor => ({ draftId: d.id, subject: d.subject, body: d.body, dirty: false, editing: false });

  const loadDetail = async (id: string): Promise<DraftDetailView | undefined> => {
    const d = await get().attempt(() => call('drafts:get', { id }));
    if (!d) return undefined;
    remember(d);
    const { editor, selectedDraftId } = get();
    if (selectedDraftId === id && (!editor || editor.draftId !== id || !editor.dirty)) {
      set({ editor: { ...editorFrom(d), editing: editor?.draftId === id ? editor.editing : false } });
    }
    return d;
  };

  const pendingDelta = (before: DraftStatusView, after: DraftStatusView) => (before === 'pending_review' ? 1 : 0) - (after === 'pending_review' ? 1 : 0);
  const bumpPending = (by: number) => set((s) => (s.boot ? { boot: { ...s.boot, pending_review: Math.max(0, s.boot.pending_review - by) } } : {}));

  const decide = async (channel: 'drafts:approve' | 'drafts:reject' | 'drafts:defer', status: DraftStatusView): Promise<void> => {
    const id = get().selectedDraftId;
    if (!id) return;
    const editor = get().editor;
    // Approving what the rep sees: an unsaved edit is saved first.
    if (editor?.draftId === id && editor.dirty) {
      await get().saveEdit(false);
      if (get().editor?.dirty) return;
    }
    const before = findRow(id);
    if (!before) return;
    // Optimistic: the row changes now, main confirms (or the change is rolled back).
    patchRow({ ...before, status });
    bumpPending(pendingDelta(before.status, status));
    set((s) => ({ undoStack: [...s.undoStack.slice(-49), { kind: 'decision', draftId: id, before }] }));
    void get().next();
    const row = await get().attempt(() => call(channel, { id }));
    if (row) {
      patchRow(row);
    } else {
      patchRow(before);
      bumpPending(-pendingDelta(before.status, status));
      set((s) => ({ undoStack: s.undoStack.filter((u) => !(u.kind === 'decision' && u.draftId === id && u.before === before)) }));
    }
  };

  return {
    reviewStatus: 'pending_review',
    queueTotal: null,
    queuePages: {},
    queueLoading: {},
    queueGen: 0,
    selectedIndex: -1,
    selectedDraftId: null,
    details: {},
    streams: {},
    editor: null,
    suggestions: {},
    flash: null,
    undoStack: [],
    minRank: 0.5,
    approved: [],
    approvedTotal: 0,
    exportResult: null,
    exporting: false,

    async setReviewStatus(status) {
      const gen = get().queueGen + 1;
      set({ reviewStatus: status, queueGen: gen, queuePages: {}, queueLoading: {}, queueTotal: null, selectedIndex: -1, selectedDraftId: null, editor: null });
      await fetchPage(0, gen);
      if ((get().queueTotal ?? 0) > 0) await get().selectIndex(0);
    },

    async ensureQueueRows(first, last) {
      const s = get();
      const gen = s.queueGen;
      await Promise.all(missingPages(s.queuePages, s.queueLoading, first, last, PAGE_SIZE).map((p) => fetchPage(p, gen)));
    },

    async selectIndex(index) {
      const total = get().queueTotal ?? 0;
      if (index < 0 || index >= total) return;
      await get().ensureQueueRows(index, Math.min(total - 1, index + 1));
      const row = rowAt(get().queuePages, index, PAGE_SIZE);
      if (!row) return;
      const cached = get().details[row.id];
      const editor = get().editor;
      set({
        selectedIndex: index,
        selectedDraftId: row.id,
        flash: null,
        editor: editor?.draftId === row.id ? editor : cached ? editorFrom(cached) : null,
      });
      await loadDetail(row.id);
      // The next draft is fetched ahead, so j feels instant.
      const next = rowAt(get().queuePages, index + 1, PAGE_SIZE);
      if (next && !get().details[next.id]) void get().attempt(() => call('drafts:get', { id: next.id })).then((d) => d && remember(d));
    },

    async selectDraft(id) {
      const i = indexOf(id);
      if (i >= 0) await get().selectIndex(i);
    },

    async next() {
      await get().selectIndex(get().selectedIndex + 1);
    },

    async prev() {
      await get().selectIndex(get().selectedIndex - 1);
    },

    approve: () => decide('drafts:approve', 'approved'),
    reject: () => decide('drafts:reject', 'rejected'),
    defer: () => decide('drafts:defer', 'pending_review'),

    async undo() {
      const last = get().undoStack[get().undoStack.length - 1];
      if (!last) {
        get().notify('info', 'Nothing to undo.');
        return;
      }
      set((s) => ({ undoStack: s.undoStack.slice(0, -1) }));
      if (last.kind === 'decision') {
        const row = await get().attempt(() => call('drafts:undo', { id: last.draftId }));
        if (!row) return;
        const now = findRow(last.draftId);
        if (now) bumpPending(pendingDelta(now.status, row.status));
        patchRow(row);
        await get().selectDraft(last.draftId);
      } else {
        const d = await get().attempt(() => call('drafts:use-version', { id: last.draftId, version_id: last.versionId }));
        if (!d) return;
        remember(d);
        if (get().selectedDraftId === d.id) set({ editor: editorFrom(d) });
      }
    },

    startEdit() {
      const { editor, selectedDraftId, details } = get();
      if (!selectedDraftId) return;
      const d = details[selectedDraftId];
      if (editor?.draftId === selectedDraftId) set({ editor: { ...editor, editing: true } });
      else if (d) set({ editor: { ...editorFrom(d), editing: true } });
    },

    changeEditor(patch) {
      set((s) => (s.editor ? { editor: { ...s.editor, ...patch, dirty: true } } : {}));
    },

    async saveEdit(andNext) {
      const editor = get().editor;
      if (!editor) return;
      if (editor.dirty) {
        const before = get().details[editor.draftId];
        const prevVersion = before ? [...before.versions].reverse().find((v) => v.kind === before.current_version) : undefined;
        const d = await get().attempt(() => call('drafts:edit', { id: editor.draftId, body: editor.body, subject: editor.subject }));
        if (!d) return;
        remember(d);
        set((s) => ({
          // Text typed while the save was on its way stays, still unsaved.
          editor: s.editor?.draftId === d.id ? { ...editorFrom(d), body: s.editor.body === editor.body ? d.body : s.editor.body, dirty: s.editor.body !== editor.body } : s.editor,
          undoStack: prevVersion ? [...s.undoStack.slice(-49), { kind: 'edit' as const, draftId: d.id, versionId: prevVersion.id }] : s.undoStack,
        }));
        const row = findRow(d.id);
        if (row) patchRow({ ...row, subject: d.subject });
      } else {
        set({ editor: { ...editor, editing: false } });
      }
      if (andNext) await get().next();
    },

    cancelEdit() {
      const { editor, details } = get();
      if (!editor) return;
      const d = details[editor.draftId];
      set({ editor: d ? editorFrom(d) : { ...editor, editing: false, dirty: false } });
    },

    async write() {
      const id = get().selectedDraftId;
      if (!id) return;
      // The request leaves before the screen re-renders: the model's first token is what the rep waits for.
      const request = get().attempt(() => call('drafts:write', { id }));
      set((s) => {
        const suggestions = { ...s.suggestions };
        delete suggestions[id];
        // The old text makes way for the new one as it is written; an edit in progress stays.
        const editor = s.editor?.draftId === id && !s.editor.dirty ? { ...s.editor, body: '', editing: false } : s.editor;
        return { streams: { ...s.streams, [id]: startStream(performance.now()) }, suggestions, flash: null, editor };
      });
      const r = await request;
      if (!r) {
        const d = get().details[id];
        set((s) => ({
          streams: { ...s.streams, [id]: { ...s.streams[id]!, phase: 'error' } },
          editor: s.editor?.draftId === id && !s.editor.dirty && d ? editorFrom(d) : s.editor,
        }));
      }
    },

    applyDraftEvents(events) {
      const now = performance.now();
      const finished: string[] = [];
      set((s) => {
        const streams = { ...s.streams };
        const suggestions = { ...s.suggestions };
        let editor = s.editor;
        let flash = s.flash;
        for (const e of events) {
          const before = streams[e.draft_id];
          const st = applyDraftEvent(before, e, now);
          streams[e.draft_id] = st;
          const ours = editor?.draftId === e.draft_id ? editor : null;
          if (e.type === 'draft' || e.type === 'draft_ready') {
            if (ours && !ours.dirty) editor = { ...ours, body: st.draft, subject: st.subject ?? ours.subject };
          } else if (e.type === 'refined_ready') {
            if (ours?.dirty || e.kept_as_suggestion) {
              suggestions[e.draft_id] = { text: e.text, subject: st.subject, model: e.model };
            } else if (ours) {
              flash = { draftId: e.draft_id, words: wordDiff(st.draft, e.text) };
              editor = { ...ours, body: e.text };
            }
          } else if (e.type === 'error' && e.stage === 'write') {
            const d = s.details[e.draft_id];
            if (ours && !ours.dirty && d) editor = editorFrom(d);
          } else if (e.type === 'done') {
            finished.push(e.draft_id);
            if (ours?.dirty && !st.refined && st.draft && st.draft !== ours.body) {
              suggestions[e.draft_id] = { text: st.draft, subject: st.subject, model: st.draftModel ?? 'model' };
            }
          }
        }
        return { streams, suggestions, editor, flash };
      });
      for (const id of finished) {
        void loadDetail(id).then((d) => {
          const row = d ? findRow(d.id) : undefined;
          if (d && row) patchRow({ ...row, subject: d.subject, message_quality_score: d.message_quality_score, rank_score: d.rank_score });
        });
      }
    },

    async useRefined() {
      const id = get().selectedDraftId;
      const sug = id ? get().suggestions[id] : undefined;
      if (!id || !sug) return;
      const detail = get().details[id];
      const version = detail ? [...detail.versions].reverse().find((v) => v.kind === 'refined' && v.body === sug.text) : undefined;
      const d = await get().attempt(() =>
        version ? call('drafts:use-version', { id, version_id: version.id }) : call('drafts:edit', { id, body: sug.text, ...(sug.subject ? { subject: sug.subject } : {}) }),
      );
      if (!d) return;
      remember(d);
      set((s) => {
        const suggestions = { ...s.suggestions };
        delete suggestions[id];
        return { suggestions, editor: s.editor?.draftId === id ? editorFrom(d) : s.editor };
      });
    },

    async keepMine() {
      const id = get().selectedDraftId;
      if (!id) return;
      set((s) => {
        const suggestions = { ...s.suggestions };
        delete suggestions[id];
        return { suggestions };
      });
      if (get().editor?.dirty) await get().saveEdit(false);
    },

    async useVersion(versionId) {
      const id = get().selectedDraftId;
      if (!id) return;
      const d = await get().attempt(() => call('drafts:use-version', { id, version_id: versionId }));
      if (!d) return;
      remember(d);
      set({ editor: editorFrom(d) });
    },

    setMinRank(n) {
      set({ minRank: Math.max(0, Math.min(1, n)) });
    },

    async bulkApprove() {
      const r = await get().attempt(() => call('drafts:bulk-approve', { min_rank: get().minRank }));
      if (!r) return;
      get().notify('success', `Approved ${r.approved} draft${r.approved === 1 ? '' : 's'} ranked ${get().minRank.toFixed(2)} or higher.`);
      await Promise.all([get().bootstrap(), get().setReviewStatus(get().reviewStatus)]);
    },

    async loadApproved() {
      const r = await get().attempt(() => call('drafts:list', { status: 'approved', limit: 5000, offset: 0 }));
      if (r) set({ approved: r.rows, approvedTotal: r.total });
    },

    async runExport(format) {
      set({ exporting: true });
      const result = await get().attempt(() => call('export:run', { format }));
      set({ exporting: false });
      if (!result) return;
      set({ exportResult: result });
      get().notify(result.exported > 0 ? 'success' : 'info', `Exported ${result.exported} draft${result.exported === 1 ? '' : 's'} as ${format}${result.location ? ` to ${result.location}` : ''}.`);
      await Promise.all([get().loadApproved(), get().bootstrap()]);
    },

    async undoExport() {
      const token = get().exportResult?.undo_token;
      if (!token) return;
      const r = await get().attempt(() => call('export:undo', { token }));
      if (!r) return;
      set({ exportResult: null });
      get().notify('success', `Export undone: ${r.restored} draft${r.restored === 1 ? '' : 's'} back to approved, ${r.removed_files} file${r.removed_files === 1 ? '' : 's'} removed.`);
      await Promise.all([get().loadApproved(), get().bootstrap()]);
    },

    async mailto(id) {
      const r = await get().attempt(() => call('export:mailto', { id }));
      // Main's window-open rule hands mailto: links to the mail app; nothing opens inside the window.
      if (r) window.open(r.url, '_blank', 'noopener');
    },
  };
};

export type { HunterState };
