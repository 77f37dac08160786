// @vitest-environment happy-dom
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/ipc/dispatch';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

function csv(dir: string, rows: number, bad = 0): string {
  const lines = ['Company,Website,Phone,Email,First Name,Title,City,Category,Rating,Reviews'];
  for (let i = 0; i < rows; i++) lines.push(`Clinic ${i},https://clinic-${i}.example,+1 503-555-${1000 + i},hello@clinic-${i}.example,Maya,Owner,Portland,Dentist,4.7,${80 + i}`);
  for (let i = 0; i < bad; i++) lines.push(`,https://noname-${i}.example,,,,,Portland,Dentist,4,3`);
  const file = join(dir, `leads-${rows}-${bad}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

async function withWorkspace(): Promise<MountedApp> {
  return mountApp({
    prepare: async (t) => {
      await dispatch(t.handlers.table, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    },
  });
}

describe('agent setup and the run monitor', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('creates an agent from the template, shows the estimate and the balance after, then runs it as a live funnel', async () => {
    m = await withWorkspace();
    useHunter.getState().go('agents');
    fireEvent.click(await screen.findByRole('button', { name: 'Create one from a template: Dentists in a city' }));
    const form = await screen.findByRole('form', { name: 'Agent setup' });
    fireEvent.change(within(form).getByLabelText('Agent name'), { target: { value: 'Portland dentists' } });
    fireEvent.change(within(form).getByLabelText('Value proposition'), { target: { value: 'We fill empty chairs.' } });
    expect((within(form).getByRole('button', { name: 'Estimate cost' }) as HTMLButtonElement).disabled).toBe(true);
    m.t.pickQueue.push(csv(m.t.dir, 20, 2));
    fireEvent.click(within(form).getByRole('button', { name: 'Choose CSV…' }));
    await within(form).findByText(/leads-20-2\.csv$/);
    fireEvent.click(within(form).getByRole('button', { name: 'Estimate cost' }));
    // The estimate reads the whole file; on a busy machine that takes a moment.
    const est = await screen.findByRole('region', { name: 'Cost estimate' }, { timeout: 5000 });
    // An upper bound, labelled so, in credits with the money beside them, and how the 20 leads were counted.
    const e = useHunter.getState().estimate!;
    expect(est.textContent).toContain(`Up to ${e.credits.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 4 })} credits`);
    expect(est.textContent).toMatch(/\(\$[0-9.]+ USD\)/);
    expect(est.textContent).not.toMatch(/\bCost\b/);
    expect(e.leads).toBe(20);
    expect(within(est).getByRole('note', { name: 'How the leads were counted' }).textContent).toMatch(/2 CSV rows will be refused and cost nothing/);
    expect(est.textContent).toMatch(/Balance after, at worst/);
    expect(e.balance_after).toBeCloseTo(e.balance - e.credits, 6);
    // The bound is far below the balance: no warning.
    expect(within(est).queryByRole('alert')).toBeNull();
    expect(useHunter.getState().agents.map((a) => a.name)).toEqual(['Portland dentists']);

    fireEvent.click(within(est).getByRole('button', { name: 'Start run' }));
    await screen.findByRole('heading', { name: 'Runs' });
    const monitor = await screen.findByRole('region', { name: 'Run monitor' });
    await waitFor(() => expect(within(monitor).getByText(/Completed with errors/)).toBeTruthy(), { timeout: 10_000 });
    const funnel = within(monitor).getByRole('list', { name: 'Funnel' });
    expect(within(funnel).getByRole('listitem', { name: 'Discovered: 20' })).toBeTruthy();
    expect(within(funnel).getByRole('listitem', { name: 'Drafted: 20' })).toBeTruthy();
    // Errors sit under the stage where they happened, with what to do.
    const discovered = within(funnel).getByRole('listitem', { name: 'Discovered: 20' });
    expect(discovered.textContent).toContain('CSV_ROW_INVALID');
    expect(discovered.textContent).toContain('What to do:');
    await waitFor(() => expect(Number(screen.getByLabelText(/to review$/).textContent)).toBe(20));
    fireEvent.click(within(monitor).getByRole('button', { name: 'Review the drafts' }));
    await screen.findByRole('region', { name: 'Review queue' });
  });

  it('pauses, resumes and cancels from the monitor', async () => {
    m = await withWorkspace();
    const agent = await dispatch(m.t.handlers.table, 'agents:save', {
      config: { name: 'Big', keywords: ['dentist'], location: 'Portland', sources: ['csv'], threshold: 0.6, tone: 'friendly', value_proposition: 'We build booking websites for dental practices.', max_length: 75, budget: null, execution_mode: 'parallel' },
    });
    const file = csv(m.t.dir, 4000);
    m.t.pickQueue.push(file);
    await dispatch(m.t.handlers.table, 'dialog:open-csv', {});
    const id = ((await dispatch(m.t.handlers.table, 'runs:start', { agent_id: (agent as { value: { id: string } }).value.id, csv_path: file })) as { value: { execution_id: string } }).value.execution_id;
    useHunter.getState().go('runs');
    const monitor = await screen.findByRole('region', { name: 'Run monitor' });
    fireEvent.click(await within(monitor).findByRole('button', { name: 'Pause' }));
    await within(monitor).findByRole('button', { name: 'Resume' });
    expect(m.t.app.workspace().executions.get(id).status).toBe('paused');
    fireEvent.click(within(monitor).getByRole('button', { name: 'Resume' }));
    await within(monitor).findByRole('button', { name: 'Pause' });
    fireEvent.click(within(monitor).getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(['cancelled', 'completed']).toContain(m!.t.app.workspace().executions.get(id).status));
    await waitFor(() => expect(within(monitor).queryByRole('button', { name: 'Pause' })).toBeNull());
  });
});
