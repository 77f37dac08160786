// @vitest-environment happy-dom
import { existsSync, readdirSync } from 'node:fs';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/bridge/seed';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

/** A seeded workspace with some spend and an alert, so every account screen has something to show. */
async function mountSeeded(): Promise<{ m: MountedApp; executionId: string; draftIds: string[] }> {
  let executionId = '';
  let draftIds: string[] = [];
  const m = await mountApp({
    prepare: (t) => {
      const seeded = seedWorkspace(t.app, 'Seeded', { leads: 12, drafts: 6 });
      executionId = seeded.executionId;
      draftIds = seeded.draftIds;
      const s = seeded.store;
      s.tx(() => {
        s.ledger.charge('k1', 250_000, { execution_id: executionId, recipe_id: 'discovery' }, 'scoring');
        s.ledger.charge('k2', 500_000, { execution_id: executionId, recipe_id: 'intelligence' }, 'enrichment');
      });
      s.alerts.raise({ trigger_type: 'subscription_approaching_limit', severity: 'warning', title: 'Credits running low', message: 'You have used 82% of this month’s credits.', context: {}, action_required: false, suggested_action: 'Review your spend.', expires_at: null }, 24);
    },
  });
  return { m, executionId, draftIds };
}

describe('credits, activity, exports and settings', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('credits: balance, month use, spend by recipe and day as an SVG chart, alerts that can be marked read', async () => {
    ({ m } = await mountSeeded());
    useHunter.getState().go('credits');
    await waitFor(() => expect(screen.getByTestId('balance').textContent).toMatch(/99[.,]25/));
    const chart = screen.getByRole('img', { name: 'Credits spent per day, by recipe' });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(chart.querySelectorAll('rect').length).toBe(2);
    expect(screen.getByText('discovery', { selector: '.legend span' })).toBeTruthy();
    const alert = screen.getByRole('article', { name: 'Credits running low' });
    fireEvent.click(within(alert).getByRole('button', { name: 'Mark read' }));
    await waitFor(() => expect(m!.t.app.workspace().alerts.list({ unread: true }).length).toBe(0));
  });

  it('activity: the audit log with filters, verification, export, and an execution replayed step by step', async () => {
    let executionId: string;
    ({ m, executionId } = await mountSeeded());
    useHunter.getState().go('activity');
    const log = await screen.findByRole('region', { name: 'Audit log' });
    await waitFor(() => expect(within(log).getAllByRole('row').length).toBeGreaterThan(5));
    fireEvent.click(within(log).getByRole('button', { name: 'Verify the chain' }));
    await within(log).findByText(/Intact: .* entries/);
    fireEvent.change(within(log).getByLabelText('Action'), { target: { value: 'credit_deducted' } });
    fireEvent.click(within(log).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(useHunter.getState().audit!.total).toBe(2));
    await waitFor(() => expect(within(log).getAllByRole('row').length).toBe(3)); // the header and two entries
    expect(within(log).getAllByRole('cell').filter((c) => c.textContent!.startsWith('credit deducted')).length).toBe(2);
    fireEvent.click(within(log).getByRole('button', { name: 'Export the log' }));
    await waitFor(() => expect(useHunter.getState().auditExport).not.toBeNull());
    expect(existsSync(useHunter.getState().auditExport!.path)).toBe(true);

    const timeline = screen.getByRole('region', { name: 'Execution timeline' });
    await waitFor(() => expect(within(timeline).getAllByRole('option').length).toBeGreaterThan(1));
    fireEvent.change(within(timeline).getByRole('combobox', { name: 'Execution' }), { target: { value: executionId! } });
    fireEvent.click(within(timeline).getByRole('button', { name: 'Replay' }));
    const list = await within(timeline).findByRole('list', { name: 'Timeline' });
    expect(within(list).getAllByRole('listitem').length).toBe(1);
    fireEvent.click(within(timeline).getByRole('button', { name: 'Step forward' }));
    fireEvent.click(within(timeline).getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem').length).toBe(3));
  });

  it('exports: approved drafts with format buttons; an export writes the files and empties the list', async () => {
    let draftIds: string[];
    ({ m, draftIds } = await mountSeeded());
    const ws = m.t.app.workspace();
    for (const id of draftIds.slice(0, 3)) ws.drafts.setStatus(id, 'approved', { type: 'rep', id: 'rep' });
    useHunter.getState().go('exports');
    const table = await screen.findByRole('region', { name: 'Approved drafts' });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(4));
    fireEvent.click(screen.getByRole('button', { name: '.eml files' }));
    const result = await screen.findByRole('status', { name: 'Last export' });
    expect(result.textContent).toContain('Exported 3 as eml');
    expect(readdirSync(`${m.t.dir}/exports`).filter((f) => f.endsWith('.eml')).length).toBe(3);
    await screen.findByText('No approved drafts');
  });

  it('settings: models and folders saved; a key is stored, shown as set, never shown back', async () => {
    ({ m } = await mountSeeded());
    useHunter.getState().go('settings');
    const models = await screen.findByRole('form', { name: 'Models and folders' });
    await waitFor(() => expect((within(models).getByLabelText('Refinement model') as HTMLInputElement).value).toBe('claude-sonnet-4-6'));
    fireEvent.change(within(models).getByLabelText(/^Draft models/), { target: { value: 'llama-3.3-70b-versatile, openai/gpt-oss-20b' } });
    fireEvent.click(within(models).getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(useHunter.getState().settings!.draft_models).toEqual(['llama-3.3-70b-versatile', 'openai/gpt-oss-20b']));

    const keys = screen.getByRole('region', { name: 'API keys' });
    const anthropic = within(keys).getByLabelText(/^Anthropic/) as HTMLInputElement;
    expect(anthropic.type).toBe('password');
    fireEvent.change(anthropic, { target: { value: 'sk-ant-never-shown-123' } });
    fireEvent.submit(anthropic.closest('form')!);
    await waitFor(() => expect(m!.t.secrets.get('anthropic')).toBe('sk-ant-never-shown-123'));
    await waitFor(() => expect(anthropic.value).toBe(''));
    expect(within(keys).getByLabelText(/^Anthropic/).closest('label')!.textContent).toContain('set');
    expect(document.body.innerHTML).not.toContain('never-shown');
    expect(screen.getByRole('region', { name: 'Prices' }).textContent).toContain('claude-haiku-4-5');
  });
});
