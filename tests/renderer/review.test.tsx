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
// The rail shows no badge when nothing waits.
const badge = () => Number(screen.queryByLabelText(/to review$/)?.textContent ?? 0);
const toasts = () => useHunter.getState().toasts.map((t) => t.text).join(' | ');

/** The queue, the badge and the database say the same number of drafts to review. */
async function agree(m: MountedApp): Promise<void> {
  await waitFor(() => {
    const db = m.t.app.workspace().drafts.count({ status: 'pending_review' });
    expect(useHunter.getState().queueTotal).toBe(db);
    expect(badge()).toBe(db);
  });
}

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

  it('approves, rejects and defers with a, r, d; decided drafts leave the queue; u undoes exactly the last action, by name', async () => {
    m = await openReview(30);
    const ws = m.t.app.workspace();
    expect(badge()).toBe(30);
    const id0 = useHunter.getState().selectedDraftId!;
    key('a');
    await waitFor(() => expect(ws.drafts.get(id0).status).toBe('approved'));
    // It left "To review": the same place now holds the next draft, and the count went down.
    await agree(m);
    expect(useHunter.getState().queueTotal).toBe(29);
    expect(screen.getByTestId('queue-progress').textContent).toBe('29 to review · 1 decided');
    const id1 = useHunter.getState().selectedDraftId!;
    expect(id1).not.toBe(id0);
    key('r');
    // r asks why; a digit answers (3: bad message).
    await screen.findByRole('dialog', { name: /Reject the draft to .*: why\?/ });
    key('3');
    await waitFor(() => expect(ws.drafts.get(id1).status).toBe('rejected'));
    expect(ws.drafts.get(id1)).toMatchObject({ reject_reason: 'bad_message' });
    await agree(m);
    const id2 = useHunter.getState().selectedDraftId!;
    key('d');
    await waitFor(() => expect(useHunter.getState().undoStack.length).toBe(3));
    expect(ws.drafts.get(id2).status).toBe('pending_review');
    expect(useHunter.getState().undoStack.map((u) => u.label)).toEqual([
      `approve "${ws.leads.get(ws.drafts.get(id0).lead_id).name}"`,
      `reject "${ws.leads.get(ws.drafts.get(id1).lead_id).name}" (bad message)`,
      `defer "${ws.leads.get(ws.drafts.get(id2).lead_id).name}"`,
    ]);
    key('u'); // the defer …
    await waitFor(() => expect(useHunter.getState().undoStack.length).toBe(2));
    expect(toasts()).toContain('Undid: defer');
    key('u'); // … then the reject, and nothing else
    await waitFor(() => expect(ws.drafts.get(id1).status).toBe('pending_review'));
    expect(ws.drafts.get(id0).status).toBe('approved');
    await waitFor(() => expect(useHunter.getState().selectedDraftId).toBe(id1));
    await waitFor(() => expect(toasts()).toContain(`Undid: reject "${ws.leads.get(ws.drafts.get(id1).lead_id).name}" (bad message)`));
    await agree(m);
    expect(useHunter.getState().queueTotal).toBe(29);
    // Every action also has a button.
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(ws.drafts.get(id1).status).toBe('approved'));
    await agree(m);
  });

  it('keeps typed text when Esc leaves the editor: u brings it back', async () => {
    m = await openReview(5);
    const id = useHunter.getState().selectedDraftId!;
    key('e');
    const box = await screen.findByLabelText('Message');
    fireEvent.change(box, { target: { value: 'Hi Maya, words I do not want to lose.' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(document.querySelector('textarea')).toBeNull());
    expect(m.t.app.workspace().drafts.get(id).body).not.toContain('do not want to lose');
    expect(toasts()).toContain('press U');
    key('u');
    await waitFor(() => expect(document.querySelector('textarea')).not.toBeNull());
    const back = document.querySelector('textarea')!;
    expect(back.value).toBe('Hi Maya, words I do not want to lose.');
    expect(toasts()).toContain('Undid: stop editing');
  });

  it('refuses to approve a draft with no address, marks it in the queue, and takes a picked or typed address', async () => {
    m = await mountApp({
      prepare: (t) => {
        const { store, draftIds } = seedWorkspace(t.app, 'Seeded', { leads: 10, drafts: 4, rankFirst: 1 });
        // The top draft has no address; its lead has one found on its site and a typo is refused.
        t.app.db.prepare('UPDATE drafts SET recipient = NULL, recipient_status = NULL WHERE id = ?').run(draftIds[0]);
        store.leads.addFacts(store.drafts.get(draftIds[0]!).lead_id, [{ kind: 'email', value: 'maya@practice-0.example', detail: { class: 'personal', status: 'found_on_site' }, source_url: 'https://practice-0.example/team', method: 'mailto', confidence: 0.9, observed_at: new Date().toISOString() }]);
      },
    });
    await waitFor(() => expect(useHunter.getState().details[useHunter.getState().selectedDraftId ?? '']).toBeDefined());
    const id = useHunter.getState().selectedDraftId!;
    expect(screen.getAllByTestId('no-address').length).toBe(1);
    expect((screen.getByRole('button', { name: 'Approve' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('approve-why').textContent).toMatch(/No address/);
    key('a');
    await waitFor(() => expect(screen.getByRole('group', { name: 'Address for this draft' })).toBeDefined());
    expect(m.t.app.workspace().drafts.get(id).status).toBe('pending_review');
    const picker = screen.getByRole('group', { name: 'Address for this draft' });
    expect(picker.textContent).toContain('maya@practice-0.example');
    expect(picker.textContent).toContain('found on the site');
    fireEvent.change(within(picker).getByLabelText('Type an address'), { target: { value: 'maya at practice' } });
    fireEvent.click(within(picker).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(toasts()).toContain('is not an e-mail address'));
    fireEvent.click(within(picker).getAllByRole('button', { name: 'Use' }).at(-1)!);
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id).recipient).toBe('maya@practice-0.example'));
    expect(m.t.app.workspace().drafts.get(id).recipient_status).toBe('found_on_site');
    await waitFor(() => expect(screen.queryAllByTestId('no-address').length).toBe(0));
    key('a');
    await waitFor(() => expect(m!.t.app.workspace().drafts.get(id).status).toBe('approved'));
  });

  it('shows the end of the queue: j past the last draft, and "All N reviewed" when none is left', async () => {
    m = await openReview(2);
    key('j');
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(1));
    key('j');
    expect((await screen.findByTestId('queue-end')).textContent).toContain('End of the queue — 2 still to review');
    fireEvent.click(screen.getByRole('button', { name: 'Back to the first' }));
    await waitFor(() => expect(useHunter.getState().selectedIndex).toBe(0));
    key('a');
    await waitFor(() => expect(useHunter.getState().queueTotal).toBe(1));
    await waitFor(() => expect(useHunter.getState().selectedDraftId).not.toBeNull());
    key('r');
    key('4');
    expect((await screen.findByTestId('queue-end')).textContent).toContain('All 2 reviewed — export them');
    await agree(m);
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

  it('marks the claims of the message from the message check, tied to their facts, facts used first', async () => {
    m = await openReview(5);
    const d = useHunter.getState().details[useHunter.getState().selectedDraftId!]!;
    expect(d.review!.claims.length).toBeGreaterThan(0);
    const body = screen.getByTestId('draft-body');
    const marks = [...body.querySelectorAll('mark.claim')];
    expect(marks.length).toBeGreaterThan(0);
    for (const mk of marks) expect(d.review!.claims.map((c) => c.text)).toContain(mk.textContent);
    const evidence = screen.getByRole('region', { name: 'Evidence' });
    expect(within(evidence).getByRole('heading', { name: 'In the message' })).toBeDefined();
    const facts = within(evidence).getByRole('list', { name: 'Facts' });
    const items = within(facts).getAllByRole('listitem');
    const used = items.map((li) => li.getAttribute('data-used') === 'true');
    // Used first, then the rest: never a used fact after an unused one.
    expect(used.indexOf(false) === -1 || used.lastIndexOf(true) < used.indexOf(false)).toBe(true);
  });

  it('bulk-approves above a rank after showing the list, and undoes it in one step', async () => {
    m = await openReview(40);
    const ws = m.t.app.workspace();
    const earlier = useHunter.getState().selectedDraftId!;
    key('r'); // an earlier, unrelated decision: the bulk undo must leave it alone
    key('1');
    await waitFor(() => expect(ws.drafts.get(earlier).status).toBe('rejected'));
    const above = ws.drafts.list({ status: 'pending_review' }).filter((d) => d.rank_score >= 0.5).length;
    fireEvent.click(screen.getByRole('button', { name: 'Approve all above…' }));
    const dialog = await screen.findByRole('dialog', { name: new RegExp(`Approve ${above} drafts`) });
    expect(within(dialog).getAllByRole('listitem').length).toBeGreaterThanOrEqual(above);
    expect(ws.drafts.count({ status: 'approved' })).toBe(0);
    fireEvent.click(within(dialog).getByRole('button', { name: `Approve ${above}` }));
    await waitFor(() => expect(ws.drafts.count({ status: 'approved' })).toBe(above));
    await agree(m);
    expect(useHunter.getState().undoStack.at(-1)!.label).toBe(`approve ${above} drafts`);
    key('u');
    await waitFor(() => expect(ws.drafts.count({ status: 'approved' })).toBe(0));
    expect(ws.drafts.get(earlier).status).toBe('rejected');
    await waitFor(() => expect(toasts()).toContain(`Undid: approve ${above} drafts`));
    await agree(m);
    expect(useHunter.getState().queueTotal).toBe(39);
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
