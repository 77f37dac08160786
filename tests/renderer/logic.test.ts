import { describe, expect, it } from 'vitest';
import type { DraftClaimView, FactView } from '../../preload/contract';
import { filterCommands, leadCommands } from '../../renderer/src/components/commands';
import { wordDiff } from '../../renderer/src/lib/diff';
import { claimMarks, evidenceList, messageRuns } from '../../renderer/src/lib/evidence';
import { mentioned, segments, usableTerms, wholeWordHits } from '../../renderer/src/lib/highlight';
import { approveBlock } from '../../renderer/src/store/review-slice';
import { applyDraftEvent, startStream, streamMarker, streamText } from '../../renderer/src/store/draft-stream';
import { evict, missingPages, rowAt } from '../../renderer/src/store/paging';
import { MAX_PAGES } from '../../renderer/src/store/types';
import { SCREENS } from '../../renderer/src/store/app-slice';

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
    expect(filterCommands('approve', 'review').map((c) => c.id)).toEqual(['draft:approve', 'draft:bulk']);
    expect(filterCommands('go rev', 'review').map((c) => c.id)).toEqual(['go:review']);
    expect(filterCommands('zzz', 'review')).toEqual([]);
  });

  it('can go to every screen the rail lists, from any screen', () => {
    for (const [screen, title] of SCREENS) expect(filterCommands(`go ${title}`, 'credits').map((c) => c.id), title).toContain(`go:${screen}`);
    expect(filterCommands('do not contact', 'leads').map((c) => c.id)).toEqual(['go:dnc']);
  });

  it('offers a draft command only on Review, where the draft is shown', () => {
    expect(filterCommands('approve', 'credits')).toEqual([]);
    expect(filterCommands('', 'leads').some((c) => c.id.startsWith('draft:'))).toBe(false);
    expect(filterCommands('go rev', 'credits').map((c) => c.id)).toEqual(['go:review']);
  });

  it('turns a business found by name into "Draft:" and "Lead:" jumps', () => {
    const cmds = leadCommands([{ id: 'lead_1', name: 'Bright Harbor Dental', city: 'Portland' }]);
    expect(cmds.map((c) => c.title)).toEqual(['Draft: Bright Harbor Dental (Portland)', 'Lead: Bright Harbor Dental (Portland)']);
  });
});

describe('whole-word highlighting', () => {
  it('does not light "Dentist" inside "Dentistry", and keeps phones and punctuation', () => {
    expect(wholeWordHits('Dentistry for all', 'Dentist')).toEqual([]);
    expect(wholeWordHits('Your dentist, the Dentist.', 'Dentist')).toEqual([5, 18]);
    expect(wholeWordHits('call +1 503-555-0101 today', '+1 503-555-0101')).toEqual([5]);
    expect(wholeWordHits('Köln-based Zahnärzte', 'Köln')).toEqual([0]);
    const segs = segments('Dentistry by a Dentist', ['Dentist']);
    expect(segs.filter((s) => s.term !== null).map((s) => s.text)).toEqual(['Dentist']);
  });
});

const fact = (id: string, kind: string, value: string, extra: Partial<FactView> = {}): FactView => ({
  id, kind, value, detail: null, source_url: null, method: 'text', confidence: 0.8, observed_at: '2025-01-01T00:00:00Z', ...extra,
});

describe('evidence list', () => {
  const facts = [
    fact('f1', 'phone', '+1 503-555-0101', { method: 'csv', source_url: 'file:///home/rep/leads.csv#row=7', confidence: 0.8 }),
    fact('f2', 'phone', '(503) 555-0101', { method: 'tel', source_url: 'https://bright.example/contact', confidence: 0.7 }),
    fact('f3', 'blog_post', 'Best of Portland 2024', { source_url: 'https://bright.example/news' }),
    fact('f4', 'tech', 'WordPress', { source_url: 'https://bright.example/' }),
    fact('f5', 'description', 'Invisalign', { source_url: 'https://bright.example/services' }),
  ];
  const claims: DraftClaimView[] = [
    { text: 'Invisalign', kind: 'topic', supported: 'supported', fact_id: 'f5', why: null },
    { text: 'Best of Portland 2024', kind: 'event', supported: 'supported', fact_id: 'f3', why: null },
    { text: 'voted number one', kind: 'praise', supported: 'unsupported', fact_id: null, why: 'no fact says so' },
  ];
  const body = 'Hi, Invisalign caught my eye, and congratulations on Best of Portland 2024 — voted number one!';

  it('puts the facts the message uses first, in its order, removes duplicates, and says where imported data came from', () => {
    const list = evidenceList(facts, claimMarks(claims, facts), body);
    expect(list.map((e) => e.fact.id)).toEqual(['f5', 'f3', 'f4', 'f1']);
    expect(list.filter((e) => e.used).map((e) => e.fact.id)).toEqual(['f5', 'f3']);
    const phone = list.find((e) => e.fact.kind === 'phone')!;
    expect(phone.source).toEqual({ kind: 'csv', row: 7 });
    expect(phone.confidence).toBeNull();
    expect(list.find((e) => e.fact.id === 'f4')!.confidence).toBe(0.8);
  });

  it('marks the claims in the message: backed ones tied to their fact, unbacked ones with the reason', () => {
    const runs = messageRuns(body, claimMarks(claims, facts));
    const marked = runs.filter((r) => r.mark);
    expect(marked.map((r) => [r.text, r.mark!.ok])).toEqual([['Invisalign', true], ['Best of Portland 2024', true], ['voted number one', false]]);
    expect(marked[0]!.mark!.fact!.id).toBe('f5');
    expect(marked[2]!.mark!.claim.why).toBe('no fact says so');
    expect(runs.map((r) => r.text).join('')).toBe(body);
  });
});

describe('approving what is on screen', () => {
  const row = { recipient: 'hello@bright.example', status: 'pending_review' as const };
  it('refuses with a reason while a rewrite streams, and when there is no address', () => {
    expect(approveBlock(row, undefined)).toBeNull();
    const streaming = applyDraftEvent(startStream(0), { type: 'draft', draft_id: 'd', delta: 'Hi' }, 1);
    expect(approveBlock(row, streaming)).toMatch(/still being written/);
    const done = applyDraftEvent(streaming, { type: 'done', draft_id: 'd', metrics: {} }, 2);
    expect(approveBlock(row, done)).toBeNull();
    expect(approveBlock({ ...row, recipient: null }, undefined)).toMatch(/No address/);
  });
});
