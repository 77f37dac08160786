// @vitest-environment happy-dom
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/ipc/dispatch';
import { mountApp, useHunter, type MountedApp } from '../support/bridge/render-app';

/**
 * A CRM export where detection gets the company wrong: "Account" (a company synonym) is the account
 * owner, the practice is in "Clinic". Row 3's website is no web address; row 5 has no clinic; row 4's
 * clinic is hostile markup.
 */
function crmExport(dir: string): string {
  const file = join(dir, 'crm-export.csv');
  writeFileSync(
    file,
    [
      'Account,Clinic,Website,Phone,City',
      'Sam,Bright Harbor Dental,https://brightharbor.example,+1 503 555 0141,Portland',
      'Sam,Willamette Smiles,willamette-smiles,+1 503 555 0102,Portland',
      'Kim,"<img src=x onerror=""window.__pwned=1"">Evil Dental",https://evil.example,,Salem',
      'Kim,,https://nameless.example,,Bend',
    ].join('\n') + '\n',
  );
  return file;
}

describe('the CSV import preview on the agent screen', () => {
  let m: MountedApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('shows how the file is read, lets the rep correct the mapping with labelled selects, and runs with the correction', async () => {
    m = await mountApp({
      prepare: async (t) => {
        await dispatch(t.handlers.table, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
      },
    });
    useHunter.getState().go('agents');
    fireEvent.click(await screen.findByRole('button', { name: 'Create one from a template: Dentists in a city' }));
    const form = await screen.findByRole('form', { name: 'Agent setup' });
    fireEvent.change(within(form).getByLabelText('Agent name'), { target: { value: 'CRM dentists' } });
    m.t.pickQueue.push(crmExport(m.t.dir));
    fireEvent.click(within(form).getByRole('button', { name: 'Choose CSV…' }));

    let preview = await screen.findByRole('region', { name: 'Import preview' });
    await within(preview).findByLabelText('Detected format');
    expect(within(preview).getByLabelText('Detected format').textContent).toMatch(/UTF-8 · comma-separated · 5 columns · about 4 rows/);
    const company = within(preview).getByLabelText('Company name') as HTMLSelectElement;
    expect(company.value).toBe('Account');
    expect((within(preview).getByLabelText('Export format') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('Generic list (detected)');
    let table = within(preview).getByRole('region', { name: 'First rows of the file' });
    expect(table.tabIndex).toBe(0);
    expect(within(table).getByRole('row', { name: 'Row 2: Sam' })).toBeTruthy();

    // The rep puts the clinic column into the company name: the preview reads the file again.
    fireEvent.change(company, { target: { value: 'Clinic' } });
    await within(table).findByRole('row', { name: 'Row 2: Bright Harbor Dental' });
    expect((within(preview).getByLabelText('Company name') as HTMLSelectElement).value).toBe('Clinic');
    // Error and warning rows are marked in words, not colour alone.
    const warned = within(table).getByRole('row', { name: 'Row 3: Willamette Smiles, with a warning' });
    expect(warned.className).toContain('row-warn');
    expect(table.textContent).toContain('Warning Row 3: the website "willamette-smiles" in column "Website" is not a web address, so the lead is imported without one.');
    const leftOut = within(table).getByRole('row', { name: 'Row 5: left out' });
    expect(leftOut.textContent).toContain('Left out');
    expect(leftOut.textContent).toContain('the company name (column "Clinic") is empty');
    expect(within(preview).getByRole('status', { name: 'Sample summary' }).textContent).toBe('First 4 rows: 3 will be imported, 1 of them with a warning; 1 is left out.');
    // Hostile markup in a cell is text.
    expect(within(table).getByText('<img src=x onerror="window.__pwned=1">Evil Dental')).toBeTruthy();
    expect(preview.querySelector('img')).toBeNull();

    // Estimate, then a mapping the run cannot use takes the estimate away; correcting it brings it back.
    fireEvent.click(within(form).getByRole('button', { name: 'Estimate cost' }));
    const est = await screen.findByRole('region', { name: 'Cost estimate' }, { timeout: 5000 });
    // Three rows become leads, the one without a clinic is refused (and costs nothing).
    expect(useHunter.getState().estimate!.leads).toBe(3);
    expect(within(est).getByRole('note', { name: 'How the leads were counted' }).textContent).toContain('1 CSV row will be refused');
    expect(est.textContent).toContain('Up to');
    const form2 = screen.getByRole('form', { name: 'Agent setup' });
    // Saving the new agent opened it in a fresh form: the preview is there again, with the same choice.
    preview = screen.getByRole('region', { name: 'Import preview' });
    table = within(preview).getByRole('region', { name: 'First rows of the file' });
    expect((within(preview).getByLabelText('Company name') as HTMLSelectElement).value).toBe('Clinic');
    fireEvent.change(within(preview).getByLabelText('Company name'), { target: { value: '' } });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Cost estimate' })).toBeNull());
    await within(preview).findByText(/No column was recognised as the company name/);
    // The preview says what is wrong; no refused estimate is thrown at the rep on top.
    expect(useHunter.getState().toasts.filter((x) => x.kind === 'error')).toEqual([]);
    expect((within(form2).getByRole('button', { name: 'Estimate cost' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(preview).getByLabelText('Company name'), { target: { value: 'Clinic' } });
    const again = await screen.findByRole('region', { name: 'Cost estimate' }, { timeout: 5000 });
    expect(useHunter.getState().csvChoice).toEqual({ mapping: { name: 'Clinic' } });

    // Another field, added by hand; the website left out.
    fireEvent.change(within(preview).getByLabelText('Map another field'), { target: { value: 'category' } });
    expect((within(preview).getByLabelText('Category') as HTMLSelectElement).value).toBe('');
    fireEvent.change(within(preview).getByLabelText('Website'), { target: { value: '' } });
    await waitFor(() => expect(within(table).queryByText(/is not a web address/)).toBeNull());

    fireEvent.click(within(again).getByRole('button', { name: 'Start run' }));
    const monitor = await screen.findByRole('region', { name: 'Run monitor' });
    await waitFor(() => expect(within(monitor).getByText(/Completed with errors/)).toBeTruthy(), { timeout: 10_000 });
    const store = m.t.app.workspace();
    expect(store.leads.query({ order: 'name' }).map((l) => [l.name, l.website ?? null])).toEqual([
      ['<img src=x onerror="window.__pwned=1">Evil Dental', null],
      ['Bright Harbor Dental', null],
      ['Willamette Smiles', null],
    ]);
    expect(store.executions.list(1)[0]!.input).toMatchObject({ csv_options: { mapping: { name: 'Clinic', website: null } } });
  });

  it('a preset choice and "Back to detected" read the file again; a file that cannot be read says so in the preview', async () => {
    m = await mountApp({
      prepare: async (t) => {
        await dispatch(t.handlers.table, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
      },
    });
    useHunter.getState().go('agents');
    fireEvent.click(await screen.findByRole('button', { name: 'Create one from a template: Dentists in a city' }));
    const form = await screen.findByRole('form', { name: 'Agent setup' });
    const maps = join(m.t.dir, 'maps.csv');
    writeFileSync(maps, 'title,website,url\nCafe Uno,cafe-uno.de,https://maps.google.com/?cid=1\n');
    m.t.pickQueue.push(maps);
    fireEvent.click(within(form).getByRole('button', { name: 'Choose CSV…' }));
    const preview = await screen.findByRole('region', { name: 'Import preview' });
    await within(preview).findByText(/No column was recognised as the company name/);
    const exportFormat = within(preview).getByLabelText('Export format') as HTMLSelectElement;
    fireEvent.change(exportFormat, { target: { value: 'google_maps_scraper' } });
    await waitFor(() => expect((within(preview).getByLabelText('Company name') as HTMLSelectElement).value).toBe('title'));
    expect(within(preview).getByRole('row', { name: 'Row 2: Cafe Uno' })).toBeTruthy();
    fireEvent.click(within(preview).getByRole('button', { name: 'Back to detected' }));
    await within(preview).findByText(/No column was recognised as the company name/);
    expect(useHunter.getState().csvChoice).toEqual({});

    const binary = join(m.t.dir, 'photo.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
    m.t.pickQueue.push(binary);
    fireEvent.click(within(form).getByRole('button', { name: 'Choose CSV…' }));
    const alert = await within(await screen.findByRole('region', { name: 'Import preview' })).findByRole('alert');
    expect(alert.textContent!.length).toBeGreaterThan(20);
  });
});
