import type { BulkCandidateView, DraftDetailView, DraftRowView, DraftStatusView, DraftStreamEvent, ExportView, RequestOf } from '../../../preload/contract';
import { REJECT_REASONS, type RejectReason } from '../lib/outreach';
import { call } from '../bridge';
import { wordDiff, type DiffWord } from '../lib/diff';
import { formatCount } from '../lib/format';
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

/**
 * One thing the rep did that `u` takes back, with the words the undo names it by ("approve 8 drafts").
 * A stack of actions, not "the last row": each entry undoes exactly what it did.
 */
export type UndoEntry =
  /** `left`: the draft left "To review" (counted as decided). */
  | { kind: 'decision'; label: string; draftId: string; before: DraftRowView; index: number; left: boolean }
  | { kind: 'bulk'; label: string; ids: string[] }
  /** A variant picked: it was approved and its siblings set aside; each goes back to what it was. */
  | { kind: 'variant'; label: string; draftId: string; ids: string[]; index: number }
  | { kind: 'edit'; label: string; draftId: string; versionId: string }
  | { kind: 'discard'; label: string; draftId: string; subject: string; body: string };

/** What a bulk approve would take, shown before it does (issue 13). */
export interface BulkPreview {
  minRank: number;
  candidates: BulkCandidateView[];
}

const UNDO_DEPTH = 50;
/** How far down a queue the palette looks for a draft it was asked to open. */
const DRAFT_SEARCH_PAGES = 50;

/** Words for a decision, in the undo's "Undid: approve …" and the toasts. */
const VERB: Record<'drafts:approve' | 'drafts:reject' | 'drafts:defer', string> = { 'drafts:approve': 'approve', 'drafts:reject': 'reject', 'drafts:defer': 'defer' };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A rewrite of the draft is on its way: what is on screen is not yet the text that will be stored. */
export function isStreaming(stream: DraftStream | undefined): boolean {
  return !!stream && (stream.phase === 'drafting' || stream.phase === 'drafted' || stream.phase === 'refining');
}

/**
 * Why Approve is not possible now, in the rep's words, or null. One rule for the button, `a`, the palette
 * and the queue: a rewrite still streaming, or no address to write to.
 */
export function approveBlock(d: Pick<DraftRowView, 'recipient' | 'status'> | undefined, stream: DraftStream | undefined): string | null {
  if (!d) return null;
  if (isStreaming(stream)) return 'Wait: the rewrite is still being written. Approve once you have read it.';
  if (d.status === 'approved' || d.status === 'exported') return null;
  if (!d.recipient) return 'No address: add or pick one before approving.';
  return null;
}

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
  /** Drafts decided in this window since the queue was opened (the queue's progress). */
  decidedCount: number;
  /** `j` went past the last draft: the pane shows the end of the queue. */
  queueEnd: boolean;
  bulkPreview: BulkPreview | null;
  /** The address picker of the selected draft is open. */
  addressPickerOpen: boolean;
  /** `r` asked why: the reason chooser is open over the selected draft. */
  rejectAsk: boolean;
  /** Why a second variant could not be written (no other angle), for the draft it was asked for. */
  variantRefusal: { draftId: string; message: string } | null;
  variantBusy: boolean;
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
  /** Opens the reason chooser (`r`, the Reject button, the palette): a rejection says why. */
  askReject(): void;
  cancelReject(): void;
  /** Rejects the draft on screen for this reason; "do_not_contact" also lists the person (not undone by U). */
  reject(reason?: RejectReason): Promise<void>;
  /** Writes a second variant of the draft on screen on another angle, and shows it. */
  addVariant(): Promise<void>;
  /** Shows another variant of the same lead's first message (the pane's "Variant 1 / Variant 2"). */
  showVariant(id: string): Promise<void>;
  /** Uses the variant on screen: it is approved, the others are set aside; U takes it back. */
  pickVariant(): Promise<void>;
  /** Reject the draft and put its address on the do-not-contact list: this business is never drafted again. */
  blockContact(): Promise<void>;
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
  /** Shows the list a bulk approve would take (nothing is approved yet). */
  bulkApprove(): Promise<void>;
  confirmBulkApprove(): Promise<void>;
  cancelBulkApprove(): void;
  setAddressPicker(open: boolean): void;
  /** The selected draft's address, typed or picked from the found ones. */
  setRecipient(email: string): Promise<boolean>;
  /** Back to the first draft still to review (from the end of the queue). */
  restartQueue(): Promise<void>;
  /** The draft of a business found by name (the command palette): Review opens on it. */
  openDraftOfLead(leadId: string): Promise<void>;
  loadApproved(): Promise<void>;
  /** `options`: the HTML alternative, the CSV's tool and byte-order mark (the Exports screen's choices). */
  runExport(format: ExportFormat, options?: Omit<RequestOf<'export:run'>, 'format'>): Promise<void>;
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

  const pushUndo = (entry: UndoEntry) => set((s) => ({ undoStack: [...s.undoStack.slice(-(UNDO_DEPTH - 1)), entry] }));
  const dropUndo = (entry: UndoEntry) => set((s) => ({ undoStack: s.undoStack.filter((u) => u !== entry) }));

  /** The badge says what the database says: after every action, the count main answers. */
  const syncBadge = (pending: number) => set((s) => (s.boot ? { boot: { ...s.boot, pending_review: pending } } : {}));
  const refreshBadge = async () => {
    const r = await get().attempt(() => call('drafts:list', { status: 'pending_review', offset: 0, limit: 1 }));
    if (r) syncBadge(r.total);
  };

  /** A decided draft leaves "To review" at once; the rows below move up, so the same index is the next draft. */
  const removeRow = (id: string) =>
    set((s) => {
      const pages: Record<number, DraftRowView[]> = {};
      for (const [k, rows] of Object.entries(s.queuePages)) pages[Number(k)] = rows.filter((r) => r.id !== id);
      return { queuePages: pages, queueTotal: s.queueTotal === null ? null : Math.max(0, s.queueTotal - 1) };
    });

  /**
   * The queue again from main (after a decision is confirmed, undone or refused): the pages in view are
   * fetched afresh so their rows, the total and the badge are the database's, and the selection stays on
   * `keepId` when it is still in the list, else on the same place.
   */
  const reloadQueue = async (keepId: string | null, hintIndex: number) => {
    const s = get();
    const gen = s.queueGen + 1;
    const loaded = Object.keys(s.queuePages).map(Number);
    const pages = [...new Set([...loaded, Math.floor(Math.max(0, hintIndex) / PAGE_SIZE)])];
    set({ queueGen: gen, queuePages: {}, queueLoading: {} });
    await Promise.all(pages.map((p) => fetchPage(p, gen)));
    if (get().queueGen !== gen) return;
    if (get().reviewStatus === 'pending_review' && get().queueTotal !== null) syncBadge(get().queueTotal!);
    else await refreshBadge();
    const at = keepId ? indexOf(keepId) : -1;
    const total = get().queueTotal ?? 0;
    if (at >= 0) await get().selectIndex(at);
    else if (total > 0 && get().selectedDraftId && indexOf(get().selectedDraftId!) < 0) await get().selectIndex(Math.min(hintIndex, total - 1));
    else if (total === 0) set({ selectedIndex: -1, selectedDraftId: null, editor: null });
  };

  const decide = async (channel: 'drafts:approve' | 'drafts:reject' | 'drafts:defer', status: DraftStatusView, reason?: RejectReason): Promise<void> => {
    const id = get().selectedDraftId;
    if (!id) return;
    if (channel === 'drafts:approve') {
      const block = approveBlock(findRow(id) ?? get().details[id], get().streams[id]);
      if (block) {
        get().notify('info', block);
        if (!(findRow(id) ?? get().details[id])?.recipient && !isStreaming(get().streams[id])) set({ addressPickerOpen: true });
        return;
      }
    }
    const editor = get().editor;
    // Approving what the rep sees: an unsaved edit is saved first.
    if (editor?.draftId === id && editor.dirty) {
      await get().saveEdit(false);
      if (get().editor?.dirty) return;
    }
    const before = findRow(id);
    if (!before) return;
    const index = indexOf(id);
    const leaves = get().reviewStatus === 'pending_review' && status !== 'pending_review';
    const entry: UndoEntry = { kind: 'decision', label: `${VERB[channel]} "${before.company}"${reason ? ` (${REJECT_REASONS[reason].label.toLowerCase()})` : ''}`, draftId: id, before, index, left: leaves };
    // A listing is the rep's rule, changed on the Do not contact screen (as "Don't contact again" is): U does not undo it.
    const undoable = reason !== 'do_not_contact';
    // Optimistic: the queue changes now, main confirms (or the change is rolled back).
    if (leaves) {
      removeRow(id);
      set((s) => ({ decidedCount: s.decidedCount + 1 }));
      if (get().boot) syncBadge(Math.max(0, get().boot!.pending_review - (before.status === 'pending_review' ? 1 : 0)));
    } else {
      patchRow({ ...before, status });
    }
    if (undoable) pushUndo(entry);
    if (leaves) {
      if (index < (get().queueTotal ?? 0)) void get().selectIndex(index);
      else set({ queueEnd: true, selectedIndex: -1, selectedDraftId: null, editor: null });
    } else {
      void get().next();
    }
    const versionId = get().details[id]?.review?.version_id;
    const row = await get().attempt(() =>
      channel === 'drafts:approve' && versionId ? call(channel, { id, version_id: versionId }) : channel === 'drafts:reject' && reason ? call(channel, { id, reason }) : call(channel, { id }),
    );
    if (row && !undoable) {
      const who = before.recipient ?? before.company;
      get().notify('success', `${before.company} is rejected and ${who} is on the do-not-contact list; its follow-ups are cancelled. To contact them again, remove the entry under Do not contact.`);
    }
    if (!row) {
      dropUndo(entry);
      if (leaves) set((s) => ({ decidedCount: Math.max(0, s.decidedCount - 1), queueEnd: false }));
      // A refusal (the draft changed, a rewrite began): the queue and the draft as main has them, back on it.
      void loadDetail(id);
      await reloadQueue(id, index);
      return;
    }
    if (leaves) await reloadQueue(get().selectedDraftId, get().selectedIndex >= 0 ? get().selectedIndex : index);
    else {
      patchRow(row);
      await refreshBadge();
    }
  };

  /** Takes back one entry of the stack, exactly what it did; says what it undid. */
  const undoEntry = async (entry: UndoEntry): Promise<boolean> => {
    switch (entry.kind) {
      case 'decision': {
        const row = await get().attempt(() => call('drafts:undo', { id: entry.draftId }));
        if (!row) return false;
        set((s) => ({ queueEnd: false, decidedCount: entry.left ? Math.max(0, s.decidedCount - 1) : s.decidedCount }));
        await reloadQueue(entry.draftId, entry.index);
        return true;
      }
      case 'bulk': {
        const r = await get().attempt(() => call('drafts:bulk-undo', { ids: entry.ids }));
        if (!r) return false;
        set((s) => ({ queueEnd: false, decidedCount: Math.max(0, s.decidedCount - r.restored) }));
        await reloadQueue(get().selectedDraftId, Math.max(0, get().selectedIndex));
        return true;
      }
      case 'edit': {
        const d = await get().attempt(() => call('drafts:use-version', { id: entry.draftId, version_id: entry.versionId }));
        if (!d) return false;
        remember(d);
        if (get().selectedDraftId === d.id) set({ editor: editorFrom(d) });
        return true;
      }
      case 'variant': {
        for (const id of entry.ids) {
          const row = await get().attempt(() => call('drafts:undo', { id }));
          if (!row) return false;
        }
        set((s) => ({ queueEnd: false, decidedCount: Math.max(0, s.decidedCount - entry.ids.length) }));
        await reloadQueue(entry.draftId, entry.index);
        return true;
      }
      case 'discard': {
        const d = get().details[entry.draftId];
        if (get().selectedDraftId !== entry.draftId) await get().selectDraft(entry.draftId);
        set({ editor: { draftId: entry.draftId, subject: entry.subject, body: entry.body, dirty: true, editing: true } });
        return !!d || get().editor?.draftId === entry.draftId;
      }
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
    decidedCount: 0,
    queueEnd: false,
    bulkPreview: null,
    addressPickerOpen: false,
    rejectAsk: false,
    variantRefusal: null,
    variantBusy: false,
    minRank: 0.5,
    approved: [],
    approvedTotal: 0,
    exportResult: null,
    exporting: false,

    async setReviewStatus(status) {
      const gen = get().queueGen + 1;
      set({ reviewStatus: status, queueGen: gen, queuePages: {}, queueLoading: {}, queueTotal: null, selectedIndex: -1, selectedDraftId: null, editor: null, queueEnd: false, addressPickerOpen: false });
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
        queueEnd: false,
        rejectAsk: false,
        addressPickerOpen: get().selectedDraftId === row.id ? get().addressPickerOpen : false,
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
      const total = get().queueTotal ?? 0;
      // Past the last draft: the end of the queue, said so, rather than nothing happening.
      if (total === 0 || get().selectedIndex >= total - 1) {
        if (get().queueTotal !== null) set({ queueEnd: true });
        return;
      }
      await get().selectIndex(get().selectedIndex + 1);
    },

    async prev() {
      await get().selectIndex(get().selectedIndex - 1);
    },

    approve: () => decide('drafts:approve', 'approved'),
    askReject() {
      const id = get().selectedDraftId;
      const d = id ? (findRow(id) ?? get().details[id]) : undefined;
      if (!d || d.status === 'rejected' || d.status === 'exported') return;
      set({ rejectAsk: true });
    },
    cancelReject() {
      set({ rejectAsk: false });
    },
    async reject(reason) {
      set({ rejectAsk: false });
      await decide('drafts:reject', 'rejected', reason);
    },

    async addVariant() {
      const id = get().selectedDraftId;
      if (!id || get().variantBusy) return;
      set({ variantBusy: true, variantRefusal: null });
      try {
        const r = await call('drafts:add-variant', { id });
        await loadDetail(id);
        await reloadQueue(id, Math.max(0, get().selectedIndex));
        get().notify('success', `Variant ${r.variant + 1} is written on another angle: read it, then use the one you prefer.`);
        await get().showVariant(r.id);
      } catch (err) {
        // The refusal ("no other fact to write from") is said where the rep asked, not only in a toast.
        const message = err instanceof Error ? err.message : String(err);
        set({ variantRefusal: { draftId: id, message } });
      } finally {
        set({ variantBusy: false });
      }
    },

    async showVariant(id) {
      if (id === get().selectedDraftId) return;
      if (indexOf(id) >= 0) return get().selectDraft(id);
      const total = get().queueTotal ?? 0;
      for (let page = 0; page * PAGE_SIZE < total && page < DRAFT_SEARCH_PAGES; page++) {
        await get().ensureQueueRows(page * PAGE_SIZE, Math.min(total, (page + 1) * PAGE_SIZE) - 1);
        if (indexOf(id) >= 0) return get().selectDraft(id);
      }
      get().notify('info', 'That variant is not in this list: choose "All" above to see it.');
    },

    async pickVariant() {
      const id = get().selectedDraftId;
      const d = id ? get().details[id] : undefined;
      if (!id || !d) return;
      const block = approveBlock(findRow(id) ?? d, get().streams[id]);
      if (block) {
        get().notify('info', block);
        return;
      }
      const others = (d.variants ?? []).filter((v) => v.id !== id && (v.status === 'pending_review' || v.status === 'approved'));
      const index = Math.max(0, indexOf(id));
      const r = await get().attempt(() => call('drafts:pick-variant', { id }));
      if (!r) return;
      const n = (d.variants ?? []).find((v) => v.id === id)?.variant ?? 0;
      const ids = [id, ...others.map((o) => o.id)];
      pushUndo({ kind: 'variant', label: `use variant ${n + 1} of "${d.company}"`, draftId: id, ids, index });
      const left = [d, ...others].filter((x) => x.status === 'pending_review').length;
      if (get().reviewStatus === 'pending_review') set((s) => ({ decidedCount: s.decidedCount + left }));
      get().notify('success', `Variant ${n + 1} of ${d.company} is approved; the other is set aside. U undoes it.`);
      await reloadQueue(null, index);
    },
    async blockContact() {
      const id = get().selectedDraftId;
      if (!id) return;
      const name = findRow(id)?.company ?? 'This business';
      const r = await get().attempt(() => call('drafts:block', { id }));
      if (!r) return;
      // Not on the undo stack: the list is the rep's rule, and it is changed on the Do not contact screen.
      get().notify('success', `${name} is on the do-not-contact list and its draft is rejected. To contact them again, remove the entry under Do not contact.`);
      await reloadQueue(null, Math.max(0, get().selectedIndex));
      await refreshBadge();
    },
    defer: () => decide('drafts:defer', 'pending_review'),

    async undo() {
      const last = get().undoStack[get().undoStack.length - 1];
      if (!last) {
        get().notify('info', 'Nothing to undo.');
        return;
      }
      dropUndo(last);
      if (await undoEntry(last)) get().notify('success', `Undid: ${last.label}.`);
      else pushUndo(last);
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
          undoStack: prevVersion ? [...s.undoStack.slice(-(UNDO_DEPTH - 1)), { kind: 'edit' as const, label: `your edit of "${d.company}"`, draftId: d.id, versionId: prevVersion.id }] : s.undoStack,
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
      // Esc never throws typed text away: it is kept on the undo stack, and `u` brings it back.
      if (editor.dirty) {
        pushUndo({ kind: 'discard', label: `stop editing "${d?.company ?? 'the draft'}" (your text is back)`, draftId: editor.draftId, subject: editor.subject, body: editor.body });
        get().notify('info', 'Your unsaved text is kept: press U (Undo) to bring it back.');
      }
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
      const r = await get().attempt(() => call('drafts:bulk-preview', { min_rank: get().minRank }));
      if (r) set({ bulkPreview: { minRank: r.min_rank, candidates: r.candidates } });
    },

    async confirmBulkApprove() {
      const preview = get().bulkPreview;
      if (!preview) return;
      set({ bulkPreview: null });
      // Exactly the list the rep was shown, not whatever ranks above the threshold by now.
      const r = await get().attempt(() => call('drafts:bulk-approve', { min_rank: preview.minRank, ids: preview.candidates.map((c) => c.id) }));
      if (!r) return;
      const ids = r.ids ?? [];
      if (ids.length > 0) pushUndo({ kind: 'bulk', label: `approve ${plural(ids.length, 'draft')}`, ids });
      const left = r.left_out?.length ?? 0;
      get().notify('success', `Approved ${plural(ids.length, 'draft')}${left ? `; ${plural(left, 'draft')} left out (no address)` : ''}. U undoes it.`);
      if (get().reviewStatus === 'pending_review') set((s) => ({ decidedCount: s.decidedCount + ids.length }));
      await reloadQueue(get().selectedDraftId, Math.max(0, get().selectedIndex));
    },

    cancelBulkApprove() {
      set({ bulkPreview: null });
    },

    setAddressPicker(open) {
      set({ addressPickerOpen: open });
    },

    async setRecipient(email) {
      const id = get().selectedDraftId;
      if (!id) return false;
      const d = await get().attempt(() => call('drafts:set-recipient', { id, email }));
      if (!d) return false;
      remember(d);
      const row = findRow(id);
      if (row) patchRow({ ...row, recipient: d.recipient, recipient_status: d.recipient_status });
      set({ addressPickerOpen: false });
      get().notify('success', `${d.company} will be written to ${d.recipient}.`);
      return true;
    },

    async openDraftOfLead(leadId) {
      const lead = await get().attempt(() => call('leads:get', { id: leadId }));
      if (!lead) return;
      const drafts = lead.drafts ?? [];
      const draft = drafts.find((x) => x.status === 'pending_review') ?? drafts[0];
      if (!draft) {
        get().notify('info', `${lead.lead.name} has no draft yet; its lead is open instead.`);
        get().go('leads');
        await get().openLead(leadId);
        return;
      }
      const status = draft.status as DraftStatusView;
      // From another screen, Review opens on its queue and the lead slice finds the draft in it.
      if (get().screen !== 'review') return get().openLeadDraft(draft.id, status);
      await get().setReviewStatus(status);
      const total = get().queueTotal ?? 0;
      for (let page = 0; page * PAGE_SIZE < total && page < DRAFT_SEARCH_PAGES; page++) {
        await get().ensureQueueRows(page * PAGE_SIZE, Math.min(total, (page + 1) * PAGE_SIZE) - 1);
        const at = indexOf(draft.id);
        if (at >= 0) {
          await get().selectIndex(at);
          return;
        }
      }
      get().notify('info', `The draft of ${lead.lead.name} is not in the first ${formatCount(DRAFT_SEARCH_PAGES * PAGE_SIZE)} of the queue.`);
    },

    async restartQueue() {
      set({ queueEnd: false });
      await reloadQueue(null, 0);
      if ((get().queueTotal ?? 0) > 0) await get().selectIndex(0);
    },

    async loadApproved() {
      const r = await get().attempt(() => call('drafts:list', { status: 'approved', limit: 5000, offset: 0 }));
      if (r) set({ approved: r.rows, approvedTotal: r.total });
    },

    async runExport(format, options = {}) {
      set({ exporting: true });
      const result = await get().attempt(() => call('export:run', { ...options, format }));
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
