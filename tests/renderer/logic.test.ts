import { describe, expect, it } from 'vitest';
import { filterCommands } from '../../renderer/src/components/commands';
import { wordDiff } from '../../renderer/src/lib/diff';
import { mentioned, segments, usableTerms } from '../../renderer/src/lib/highlight';
import { applyDraftEvent, startStream, streamMarker, streamText } from '../../renderer/src/store/draft-stream';
import { evict, missingPages, rowAt } from '../../renderer/src/store/paging';
import { MAX_PAGES } from '../../renderer/src/store/types';

describe('draft stream', () => {
  it('shows "Draft" while the first model writes, "Refining…" while the second does, then who wrote it', () => {
    let s = startStream(0);
    expect(streamMarker(s)).toBe('Draft');
    s = applyDraftEvent(s, { type: 'draft', draft_id: 'd', delta: 'Hi ' }, 10);
    s = applyDraftEvent(s, { type: 'draft', draft_id: 'd', delta: 'Maya' }, 20);
    expect(s.draft).toBe('Hi Maya');
    expect(s.firstTextAt).toBe(10);
    s = applyDraftEvent(s, { type: 'draft', draft_id: 'd', delta: 'Hello', restart: true }, 30);
    expect(s.draft).toBe('Hello');
    s = applyDraftEvent(s, { type: 'draft_ready', draft_id: 'd', text: 'Hello Maya.', subject: 'S', model: 'gpt-oss' }, 40);
    expect(streamMarker(s)).toBe('Draft');
    s = applyDraftEvent(s, { type: 'refined', draft_id: 'd', delta: 'Hello Maya,' }, 50);
    expect(streamMarker(s)).toBe('Refining…');
    expect(streamText(s)).toBe('Hello Maya.');
    s = applyDraftEvent(s, { type: 'refined_ready', draft_id: 'd', text: 'Hello Maya, nice site.', model: 'claude', kept_as_suggestion: false }, 60);
    expect(streamText(s)).toBe('Hello Maya, nice site.');
    s = applyDraftEvent(s, { type: 'error', draft_id: 'd', code: 'TIMEOUT', message: 'x', stage: 'refine' }, 65);
    expect(s.phase).toBe('refined');
    s = applyDraftEvent(s, { type: 'done', draft_id: 'd', metrics: { ttft_ms: 10 } }, 70);
    expect(streamMarker(s)).toBe('Refined by claude');
    expect(applyDraftEvent(startStream(0), { type: 'error', draft_id: 'd', code: 'INTERNAL', message: 'x', stage: 'write' }, 1).phase).toBe('error');
  });
});

describe('evidence highlighting', () => {
  it('marks every mention, longest term first, case-insensitive, with no regular-expression surprises', () => {
    const terms = usableTerms(['Bright Harbor Dental', 'Dental', 'ab', '4.8', '(.*)', 'Portland', 'portland']);
    expect(terms).toEqual(['Bright Harbor Dental', 'Dental', '4.8', '(.*)', 'Portland']);
    const segs = segments('Hi, Bright Harbor Dental in portland has 4.8 stars (.*) dental', terms);
    expect(segs.filter((s) => s.term !== null).map((s) => s.text)).toEqual(['Bright Harbor Dental', 'portland', '4.8', '(.*)', 'dental']);
    expect(segs.map((s) => s.text).join('')).toBe('Hi, Bright Harbor Dental in portland has 4.8 stars (.*) dental');
    expect([...mentioned('in Portland', terms)]).toEqual([4]);
    expect(segments('', terms)).toEqual([{ text: '', term: null }]);
  });

  it('shows what a refinement changed, word by word', () => {
    const d = wordDiff('Hi Maya, we build sites.', 'Hi Maya, we build booking sites fast.');
    const changed = d.filter((w) => w.changed).map((w) => w.text.trim()).join(' ');
    expect(changed).toContain('booking');
    expect(changed).toContain('fast.');
    expect(changed).not.toContain('Maya');
    expect(d.map((w) => w.text).join('')).toBe('Hi Maya, we build booking sites fast.');
  });
});

describe('paging', () => {
  it('asks only for missing pages and keeps the nearest ones', () => {
    expect(missingPages({ 0: [1] }, { 2: true }, 150, 650, 200)).toEqual([1, 3]);
    const pages: Record<number, number[]> = {};
    for (let p = 0; p < MAX_PAGES + 10; p++) pages[p] = [p];
    const kept = evict(pages, 30);
    expect(Object.keys(kept).length).toBe(MAX_PAGES);
    expect(kept[30]).toBeDefined();
    expect(kept[0]).toBeUndefined();
    expect(rowAt({ 1: ['a', 'b'] }, 201, 200)).toBe('b');
  });
});

describe('command palette', () => {
  it('finds commands by every word typed', () => {
    expect(filterCommands('approve').map((c) => c.id)).toEqual(['draft:approve', 'draft:bulk']);
    expect(filterCommands('go rev').map((c) => c.id)).toEqual(['go:review']);
    expect(filterCommands('zzz')).toEqual([]);
  });
});
