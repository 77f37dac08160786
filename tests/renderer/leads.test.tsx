// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/bridge/seed';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

describe('leads table and lead panel', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('pages rows from main as it scrolls, sorts, filters, searches, and opens a lead beside the list', async () => {
    m = await mountApp({ prepare: (t) => void seedWorkspace(t.app, 'Seeded', { leads: 1200, drafts: 5, names: ['<img src=x onerror="window.__pwned=1"> Dental'] }) });
    useHunter.getState().go('leads');
    const table = await screen.findByRole('table', { name: 'Leads' });
    await waitFor(() => expect(useHunter.getState().leadTotal).toBe(1200));
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(10));
    // Only what is on screen is in the DOM, and only the first page was fetched.
    expect(within(table).getAllByRole('row').length).toBeLessThan(80);
    expect(Object.keys(useHunter.getState().leadPages)).toEqual(['0']);
    const scores = useHunter.getState().leadPages[0]!.map((r) => r.lead_score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    await useHunter.getState().ensureLeadRows(1000, 1050);
    expect(Object.keys(useHunter.getState().leadPages).sort()).toEqual(['0', '5']);

    fireEvent.click(within(table).getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(useHunter.getState().leadQuery.order).toBe('name'));
    await waitFor(() => expect(within(table).getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending'));

    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by tier' }), { target: { value: 'gold' } });
    await waitFor(() => expect(useHunter.getState().leadPages[0]?.every((r) => r.quality_tier === 'gold')).toBe(true));
    const gold = useHunter.getState().leadTotal!;
    expect(gold).toBeGreaterThan(0);
    expect(gold).toBeLessThan(1200);

    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by tier' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search leads' }), { target: { value: 'Practice 00011' } });
    await waitFor(() => expect(useHunter.getState().leadTotal).toBe(10));

    const first = within(table).getAllByRole('row')[1]!;
    fireEvent.click(first);
    const panel = await screen.findByRole('complementary', { name: /^Lead: Practice 00011/ });
    expect(within(panel).getByRole('region', { name: 'Score breakdown' })).toBeTruthy();
    expect(within(panel).getAllByRole('meter').length).toBe(3);
    fireEvent.click(within(panel).getByRole('button', { name: 'Close the lead' }));
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
  });

  it('shows every fact with its source link and how it was found; hostile names stay text', async () => {
    m = await mountApp({ prepare: (t) => void seedWorkspace(t.app, 'Seeded', { leads: 3, drafts: 3, names: ['<img src=x onerror="window.__pwned=1"> Dental'] }) });
    useHunter.getState().go('leads');
    await screen.findByRole('table', { name: 'Leads' });
    await waitFor(() => expect(screen.getAllByText('<img src=x onerror="window.__pwned=1"> Dental').length).toBeGreaterThan(0));
    expect(document.querySelectorAll('img').length).toBe(0);
    const id = m.t.app.workspace().leads.query({ search: 'onerror' })[0]!.id;
    await useHunter.getState().openLead(id);
    const panel = await screen.findByRole('complementary');
    const facts = within(panel).getByRole('list', { name: 'Facts' });
    expect(facts.textContent).toContain('mailto link on the site');
    const link = within(facts).getByRole('link');
    expect(link.getAttribute('href')).toBe('https://practice-0.example/contact');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(within(panel).getAllByText('from the imported list').length).toBeGreaterThan(0);
  });
});
