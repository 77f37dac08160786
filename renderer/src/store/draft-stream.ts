import type { DraftStreamEvent } from '../../../preload/contract';

/**
 * One draft being (re)written, as the review pane shows it: the fast draft's text as it arrives, then
 * the refinement. Pure: the review slice folds events into it.
 */
export interface DraftStream {
  phase: 'drafting' | 'drafted' | 'refining' | 'refined' | 'done' | 'error';
  draft: string;
  refined: string;
  subject: string | null;
  draftModel: string | null;
  refineModel: string | null;
  /** The refinement arrived after the rep had edited: offered, not applied. */
  keptAsSuggestion: boolean;
  errors: Array<{ code: string; message: string; stage: string }>;
  metrics: Record<string, unknown> | null;
  startedAt: number;
  /** When the first draft text arrived (for the time-to-first-character figure). */
  firstTextAt: number | null;
}

export function startStream(now: number): DraftStream {
  return { phase: 'drafting', draft: '', refined: '', subject: null, draftModel: null, refineModel: null, keptAsSuggestion: false, errors: [], metrics: null, startedAt: now, firstTextAt: null };
}

export function applyDraftEvent(s: DraftStream | undefined, e: DraftStreamEvent, now: number): DraftStream {
  const cur = s ?? startStream(now);
  switch (e.type) {
    case 'draft': {
      const draft = e.restart ? e.delta : cur.draft + e.delta;
      return { ...cur, phase: 'drafting', draft, firstTextAt: cur.firstTextAt ?? (draft ? now : null) };
    }
    case 'draft_ready':
      return { ...cur, phase: 'drafted', draft: e.text, subject: e.subject, draftModel: e.model, firstTextAt: cur.firstTextAt ?? now };
    case 'refined':
      return { ...cur, phase: 'refining', refined: e.restart ? e.delta : cur.refined + e.delta };
    case 'refined_ready':
      return { ...cur, phase: 'refined', refined: e.text, refineModel: e.model, keptAsSuggestion: e.kept_as_suggestion };
    case 'done':
      return { ...cur, phase: 'done', metrics: e.metrics };
    case 'error':
      // Errors on the way are followed by a fallback; only a failure of the whole write ends the stream.
      return { ...cur, phase: e.stage === 'write' ? 'error' : cur.phase, errors: [...cur.errors, { code: e.code, message: e.message, stage: e.stage }] };
  }
}

/** The text the stream would put in the editor now: the refinement once it is ready, else the draft. */
export function streamText(s: DraftStream): string {
  return s.phase === 'refined' || (s.phase === 'done' && s.refined) ? s.refined : s.draft;
}

export function streamMarker(s: DraftStream): string {
  switch (s.phase) {
    case 'drafting':
    case 'drafted':
      return 'Draft';
    case 'refining':
      return 'Refining…';
    case 'refined':
    case 'done':
      return s.refined ? `Refined by ${s.refineModel ?? 'the second model'}` : `Written by ${s.draftModel ?? 'the model'}`;
    case 'error':
      return 'Writing failed';
  }
}
