// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/bridge/seed';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

const HOSTILE = ['<script>window.__pwned = 1</script> Dental', '<img src=x onerror="window.__pwned=2"> Smiles'];

async function openReview(drafts = 300, names?: string[]): Promise<MountedApp> {
  const m = await mountApp({ prepare: (t) => void seedWorkspace(t.app, 'Seeded', { leads: drafts + 20, drafts, names }) });
  await screen.findByRole('region', { name: 'Review queue' });
  await waitFor(() => expect(useHunter.getState().selectedDraftId).not.toBeNull());
  await waitFor(() => expect(screen.getByTestId('draft-body').textContent!.length).toBeGreaterThan(10));
  return m;
}

const key = (k: string, extra: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(window, { key: k, ...extra });

describe('review queue', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('ranks the queue, virtualises it, and moves with j / k', async () => {
    m = await openReview(300);
    const s = useHunter.getState();
    expect(s.queueTotal).toBe(300);
    const options = within(screen.getByRole('listbox', { name: 'Drafts, best first' })).getAllByRole('option');
    expect(options.length).toBeGreaterThan(10);
    expect(options.length).toBeLessThan(60);
    const ranks = s.queuePages[0]!.map((r) => r.rank_score);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    const first = s.selectedDraftId;
    key('j');
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(1));
    expect(useHunter.getState().selectedDraftId).not.toBe(first);
    key('k');
    await waitFor(() => expect(useHunter.getState().selectedDraftId).toBe(first));
  });

  it('approves, rejects and defers with a, r, d; u undoes; the badge follows', async () => {
    m = await openReview(30);
    const badge = () => Number(screen.getByLabelText(/to review$/).textContent);
    expect(badge()).toBe(30);
    const id0 = useHunter.getState().selectedDraftId!;
    key('a');
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(1));
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id0).status).toBe('approved'));
    expect(badge()).toBe(29);
    const id1 = useHunter.getState().selectedDraftId!;
    key('r');
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id1).status).toBe('rejected'));
    const id2 = useHunter.getState().selectedDraftId!;
    key('d');
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(3));
    expect(m.t.app.workspace().drafts.get(id2).status).toBe('pending_review');
    key('u'); // undoes the defer (a no-op on status) …
    await waitFor(() => expect(useHunter.getState().undoStack.length).toBe(2));
    key('u'); // … then the reject
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id1).status).toBe('pending_review'));
    expect(useHunter.getState().selectedDraftId).toBe(id1);
    await waitFor(() => expect(badge()).toBe(29));
    // Every action also has a button.
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id1).status).toBe('approved'));
  });

  it('edits with e, saves and moves on with Ctrl+Enter, and undo restores the text', async () => {
    m = await openReview(10);
    const id = useHunter.getState().selectedDraftId!;
    const before = m.t.app.workspace().drafts.get(id).body;
    key('e');
    const box = await screen.findByLabelText('Message');
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: 'Hi Maya, a note I wrote myself.' } });
    // Letters typed into the editor are text, not shortcuts.
    fireEvent.keyDown(box, { key: 'a' });
    expect(m.t.app.workspace().drafts.get(id).status).toBe('pending_review');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(1));
    expect(m.t.app.workspace().drafts.get(id).body).toBe('Hi Maya, a note I wrote myself.');
    key('u');
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id).body).toBe(before));
  });

  it('streams a rewrite with its marker, and offers it beside the rep’s own text', async () => {
    m = await openReview(5);
    const id = useHunter.getState().selectedDraftId!;
    fireEvent.click(screen.getByRole('button', { name: 'Write again' }));
    await waitFor(() => expect(useHunter.getState().streams[id]?.phase).toBe('done'));
    expect(screen.getByTestId('stream-marker').textContent).toContain('Written by offline');
    await waitFor(() => expect(m!.t.app.workspace().drafts.versions(id).length).toBe(2));

    key('e');
    const box = await screen.findByLabelText('Message');
    fireEvent.change(box, { target: { value: 'Mine, typed while it was writing.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Write again' }));
    const offer = await screen.findByRole('region', { name: 'Refined version' });
    expect((screen.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('Mine, typed while it was writing.');
    fireEvent.click(within(offer).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id).body).toBe('Mine, typed while it was writing.'));
    expect(screen.queryByRole('region', { name: 'Refined version' })).toBeNull();
  });

  it('highlights the facts the message mentions in both panes', async () => {
    m = await openReview(5);
    const body = screen.getByTestId('draft-body');
    const marks = body.querySelectorAll('mark');
    expect(marks.length).toBeGreaterThan(0);
    const evidence = screen.getByRole('region', { name: 'Evidence' });
    expect(evidence.querySelectorAll('[data-mentioned="true"]').length).toBeGreaterThan(0);
    expect(within(evidence).getByRole('region', { name: "From the lead's record" }).textContent).toContain('✓');
    expect(within(evidence).getAllByRole('link')[0]!.getAttribute('href')).toMatch(/^https:\/\//);
  });

  it('bulk-approves above a rank', async () => {
    m = await openReview(40);
    const ws = m.t.app.workspace();
    const above = ws.drafts.list({ status: 'pending_review' }).filter((d) => d.rank_score >= 0.5).length;
    fireEvent.click(screen.getByRole('button', { name: 'Approve all above' }));
    await waitFor(() => expect(ws.drafts.count({ status: 'approved' })).toBe(above));
    await waitFor(() => expect(useHunter.getState().queueTotal).toBe(40 - above));
  });

  it('shows scraped names and a 100 000-character message as text, never as HTML', async () => {
    (window as unknown as { __pwned?: number }).__pwned = undefined;
    const huge = 'word '.repeat(20_000);
    m = await mountApp({
      prepare: (t) => void seedWorkspace(t.app, 'Hostile', { leads: 4, drafts: 2, names: HOSTILE, bodyOf: (i) => (i === 1 ? `<b>bold</b> ${huge}` : `Hello <img src=x onerror="window.__pwned=3">`) }),
    });
    await waitFor(() => expect(screen.getByTestId('draft-body').textContent!.length).toBeGreaterThan(99_000));
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelectorAll('img').length).toBe(0);
    expect(document.querySelector('b')).toBeNull();
    expect(screen.getByTestId('draft-body').textContent).toContain('<b>bold</b>');
    expect(screen.getAllByText(/<script>window.__pwned = 1<\/script> Dental/).length).toBeGreaterThan(0);
    key('j');
    await waitFor(() => expect(screen.getByTestId('draft-body').textContent).toContain('<img src=x onerror'));
    expect(document.querySelectorAll('img').length).toBe(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('opens the command palette with Ctrl+K and the shortcut sheet with ?', async () => {
    m = await openReview(3);
    key('k', { ctrlKey: true });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    const input = within(palette).getByRole('combobox');
    fireEvent.change(input, { target: { value: 'credits' } });
    expect(within(palette).getAllByRole('option').map((o) => o.textContent)).toEqual(['Go to Credits']);
    fireEvent.keyDown(input, { key: 'Enter' });
    await screen.findByRole('heading', { name: 'Credits & usage' });
    key('?');
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(sheet.textContent).toContain('Save and go to the next draft');
    fireEvent.keyDown(sheet, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
