// @vitest-environment happy-dom
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../support/bridge/seed';
import { freePort } from '../support/dovecot';
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
    expect(within(log).getAllByRole('cell').filter((c) => c.textContent!.startsWith('Credits spent')).length).toBe(2);
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

describe('settings forms, the workspace switcher, do-not-contact and export options', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('sender: identity, postal address, opt-out, Cc/Bcc saved; the footer goes off only after a second, deliberate tick', async () => {
    ({ m } = await mountSeeded());
    useHunter.getState().go('settings');
    const form = await screen.findByRole('form', { name: 'Your details' });
    await waitFor(() => expect((within(form).getByLabelText('Your name') as HTMLInputElement).value).toBe('Alex Rivera'));
    fireEvent.change(within(form).getByLabelText('Your name'), { target: { value: 'Alexandra Rivera' } });
    fireEvent.change(within(form).getByLabelText('Postal address'), { target: { value: '1200 NW Marshall St, Portland, OR 97209' } });
    fireEvent.change(within(form).getByLabelText('Opt-out sentence'), { target: { value: 'Reply "stop" and I will not write again.' } });
    fireEvent.change(within(form).getByLabelText(/^Bcc/), { target: { value: 'log@crm.example, second@crm.example' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save sender' }));
    const stored = () => m!.t.app.workspace().settings.get<Record<string, unknown>>('sender');
    await waitFor(() => expect(stored()).toMatchObject({ name: 'Alexandra Rivera', postal_address: '1200 NW Marshall St, Portland, OR 97209', opt_out: 'Reply "stop" and I will not write again.', bcc: ['log@crm.example', 'second@crm.example'] }));
    expect(stored()!.compliance_footer).not.toBe(false);
    await waitFor(() => expect(useHunter.getState().boot!.sender!.name).toBe('Alexandra Rivera'));

    fireEvent.click(within(form).getByLabelText(/^Add my postal address and the opt-out sentence/));
    expect(within(form).getByRole('alert').textContent).toContain('CAN-SPAM');
    expect((within(form).getByRole('button', { name: 'Save sender' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(form).getByLabelText('I add my postal address and an opt-out myself'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save sender' }));
    await waitFor(() => expect(stored()!.compliance_footer).toBe(false));
  });

  it('mail account: fields saved, the password only to the keychain and only when typed; a refused port tested in plain words', async () => {
    ({ m } = await mountSeeded());
    const port = await freePort();
    useHunter.getState().go('settings');
    const form = await screen.findByRole('form', { name: 'Mail account' });
    await within(form).findByText(/No mail account set up yet/);
    expect((within(form).getByRole('button', { name: 'Test connection' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('Server (IMAP host)'), { target: { value: '127.0.0.1' } });
    fireEvent.change(within(form).getByLabelText('Security'), { target: { value: 'none' } });
    fireEvent.change(within(form).getByLabelText('Port'), { target: { value: String(port) } });
    fireEvent.change(within(form).getByLabelText('User name'), { target: { value: 'rep' } });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'p#ss/w%rd@1' } });
    fireEvent.change(within(form).getByLabelText('Drafts folder (optional)'), { target: { value: 'Entwürfe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save account' }));
    await within(form).findByText('password saved');
    expect(useHunter.getState().mail).toMatchObject({ host: '127.0.0.1', port, security: 'none', user: 'rep', login: 'password', drafts_folder: 'Entwürfe', has_credentials: true });
    expect((within(form).getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('p#ss/w%rd@1');
    await waitFor(() => expect(useHunter.getState().boot!.keys.imap).toBe(true));

    fireEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    const result = await within(form).findByRole('status', { name: 'Connection test' });
    expect(result.textContent).toContain('The mail server cannot be reached');
    expect(result.textContent).toContain('connection refused');
    expect(result.textContent).toContain('Code CONNECTION_ERROR');
    expect(result.textContent).not.toContain('AUTHENTICATION_FAILED');

    // Saving again without typing a password keeps the saved one.
    fireEvent.click(within(form).getByRole('button', { name: 'Save account' }));
    await waitFor(() => expect(useHunter.getState().mailTest).toBeNull());
    expect(useHunter.getState().mail!.has_credentials).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Remove account' }));
    await within(form).findByText(/No mail account set up yet/);
    expect(useHunter.getState().boot!.keys.imap).toBe(false);
  });

  it('Google sign-in: choosing it hides the password and asks for the client id; saved as OAuth with a sign-in button', async () => {
    ({ m } = await mountSeeded());
    useHunter.getState().go('settings');
    const form = await screen.findByRole('form', { name: 'Mail account' });
    fireEvent.change(within(form).getByLabelText('Server (IMAP host)'), { target: { value: 'imap.gmail.com' } });
    fireEvent.change(within(form).getByLabelText('User name'), { target: { value: 'alex@gmail.example' } });
    fireEvent.change(within(form).getByLabelText('Log in with'), { target: { value: 'google' } });
    expect(within(form).queryByLabelText('Password')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Google OAuth client id'), { target: { value: '123-abc.apps.googleusercontent.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save account' }));
    await within(form).findByText('not signed in');
    expect(useHunter.getState().mail).toMatchObject({ login: 'oauth2', oauth_provider: 'google', oauth_client_id: '123-abc.apps.googleusercontent.com', has_credentials: false });
    expect(within(form).getByRole('button', { name: 'Sign in with Google' })).toBeTruthy();
  });

  it('retention: both limits saved through the settings table, its range enforced by main', async () => {
    ({ m } = await mountSeeded());
    useHunter.getState().go('settings');
    const form = await screen.findByRole('form', { name: 'Retention' });
    await waitFor(() => expect((within(form).getByLabelText(/cached pages and facts/) as HTMLInputElement).value).toBe('180'));
    fireEvent.change(within(form).getByLabelText(/cached pages and facts/), { target: { value: '30' } });
    fireEvent.change(within(form).getByLabelText(/rejected and expired drafts/), { target: { value: '14' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save retention' }));
    await waitFor(() => expect(useHunter.getState().settings!.retention).toEqual({ data_days: 30, rejected_draft_days: 14 }));
    expect((await m.t.invoke('settings:get', {}) as { ok: true; value: { retention: unknown } }).value.retention).toEqual({ data_days: 30, rejected_draft_days: 14 });
  });

  it('rail: a workspace created, renamed and switched to, each showing only its own data', async () => {
    ({ m } = await mountSeeded());
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    fireEvent.click(within(nav).getByRole('button', { name: 'New workspace' }));
    const dialog = await screen.findByRole('dialog', { name: 'New workspace' });
    expect((within(dialog).getByLabelText('Your name') as HTMLInputElement).value).toBe('Alex Rivera');
    fireEvent.change(within(dialog).getByLabelText('Workspace name'), { target: { value: 'Seattle' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create and open' }));
    await waitFor(() => expect(useHunter.getState().boot!.workspace!.name).toBe('Seattle'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useHunter.getState().boot!.pending_review).toBe(0);

    fireEvent.click(within(nav).getByRole('button', { name: 'Rename workspace Seattle' }));
    const rename = await screen.findByRole('dialog', { name: 'Rename workspace' });
    fireEvent.change(within(rename).getByLabelText('New name'), { target: { value: 'Seattle dentists' } });
    fireEvent.click(within(rename).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(useHunter.getState().boot!.workspaces.map((w) => w.name).sort()).toEqual(['Seattle dentists', 'Seeded']));

    const seeded = useHunter.getState().boot!.workspaces.find((w) => w.name === 'Seeded')!;
    fireEvent.change(within(nav).getByLabelText('Workspace'), { target: { value: seeded.id } });
    await waitFor(() => expect(useHunter.getState().boot!.workspace!.name).toBe('Seeded'));
    expect(useHunter.getState().boot!.pending_review).toBe(6);
  });

  it('do not contact: values added by hand (a bad one named), searched, removed', async () => {
    ({ m } = await mountSeeded());
    fireEvent.click(within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Do not contact' }));
    await screen.findByRole('heading', { name: 'Do not contact' });
    await screen.findByText('The list is empty');
    const add = screen.getByRole('form', { name: 'Add to the list' });
    fireEvent.change(within(add).getByLabelText(/^E-mail addresses, domains/), { target: { value: 'Bob+News@Acme.example\npractice-3.example\nnot a phone 12\n+1 503 555 0100' } });
    fireEvent.change(within(add).getByLabelText('Reason (optional)'), { target: { value: 'asked to stop' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add to the list' }));
    const table = await screen.findByRole('table', { name: 'Do-not-contact entries' });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(5));
    expect(table.textContent).toContain('bob@acme.example');
    expect(table.textContent).toContain('practice-3.example');
    expect(table.textContent).toContain('+15035550100');
    expect(m.t.app.workspace().dnc.list().total).toBe(4);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search the list' }), { target: { value: 'acme' } });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(2));
    fireEvent.click(within(table).getByRole('button', { name: 'Remove bob@acme.example' }));
    await screen.findByText('Nothing on the list matches');
    expect(m.t.app.workspace().dnc.list().total).toBe(3);
  });

  it('exports: a CSV for lemlist with a byte-order mark; the summary names the business left out and why', async () => {
    let draftIds: string[];
    ({ m, draftIds } = await mountSeeded());
    const ws = m.t.app.workspace();
    for (const id of draftIds.slice(0, 3)) ws.drafts.setStatus(id, 'approved', { type: 'rep', id: 'rep' });
    ws.dnc.add([{ kind: 'domain', value: 'practice-1.example' }], { source: 'manual', actor: { type: 'rep', id: 'rep' } });
    useHunter.getState().go('exports');
    const formats = await screen.findByRole('region', { name: 'Export formats' });
    await within(formats).findByText(/No mail account set up — add one in Settings/);
    expect((within(formats).getByRole('button', { name: 'IMAP Drafts' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(formats).getByLabelText('Columns for'), { target: { value: 'lemlist' } });
    fireEvent.click(within(formats).getByLabelText(/byte-order mark/));
    await waitFor(() => expect(useHunter.getState().approvedTotal).toBe(3));
    fireEvent.click(within(formats).getByRole('button', { name: 'Mail-merge CSV' }));
    const result = await screen.findByRole('status', { name: 'Last export' });
    await waitFor(() => expect(result.textContent).toContain('Exported 2 as csv'));
    const left = within(result).getByRole('list', { name: 'Left out' });
    expect(left.textContent).toContain('Practice 000001');
    expect(left.textContent).toMatch(/do-not-contact|do not contact/i);
    expect(left.textContent).not.toContain(draftIds[1]!);
    expect(result.textContent).toContain('Practice 000000');
    const csv = readdirSync(`${m.t.dir}/exports`).find((f) => f.endsWith('.csv'))!;
    const bytes = readFileSync(`${m.t.dir}/exports/${csv}`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split(/\r?\n/)[0]).toMatch(/firstName.*lastName.*companyName|companyName/);
  });
});
