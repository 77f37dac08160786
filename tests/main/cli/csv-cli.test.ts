import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import type { CsvPreviewView } from '../../../preload/contract';
import { runHunter } from '../../support/hunter-cli';
import { tempDir } from '../../support/temp';

const tmp = tempDir('hunter-csv-cli-');
afterAll(() => tmp.cleanup());

/** "Account" (a company synonym) holds the account owner; the practice is in "Clinic". Row 3's website is no address. */
function crmExport(name: string): string {
  const file = tmp.file(name);
  const lines = ['Account,Clinic,Website,Phone,City'];
  for (let i = 0; i < 6; i++) lines.push(`Owner ${i % 2},Clinic ${i},${i === 1 ? 'clinic-one' : `https://clinic-${i}.example`},+1 503 555 01${10 + i},Portland`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('hunter csv-preview and run --preset/--map', () => {
  it('previews a file as JSON and as text, with the detected mapping, a correction, warnings and errors', async () => {
    const file = crmExport('preview.csv');
    const detected = await runHunter(['csv-preview', file, '--json']);
    expect(detected.code, detected.stderr).toBe(0);
    const d = JSON.parse(detected.stdout) as CsvPreviewView;
    expect(d).toMatchObject({ path: file, encoding: 'utf-8', delimiter: ',', preset: 'generic', total_rows_estimate: 6 });
    expect(d.mapping).toEqual({ name: 'Account', website: 'Website', phone: 'Phone', city: 'City' });

    const fixed = await runHunter(['csv-preview', file, '--map', 'name=Clinic', '--map', 'phone=', '--preset', 'google_sheets', '--limit', '3', '--json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    const f = JSON.parse(fixed.stdout) as CsvPreviewView;
    expect(f.preset).toBe('google_sheets');
    expect(f.mapping).toEqual({ name: 'Clinic', website: 'Website', city: 'City' });
    expect(f.rows.map((r) => r.kind === 'lead' && [r.name, r.phone])).toEqual([['Clinic 0', null], ['Clinic 1', null], ['Clinic 2', null]]);
    expect(f.rows[1]!.kind === 'lead' && f.rows[1]!.warnings).toEqual([
      'Row 3: the website "clinic-one" in column "Website" is not a web address, so the lead is imported without one. Correct it (e.g. clinic-one.com) to have its site read.',
    ]);

    const text = await runHunter(['csv-preview', file, '--map', 'name=Clinic']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('about 6 rows, utf-8, comma-separated, read as a generic export');
    expect(text.stdout).toMatch(/name\s+<- "Clinic"/);
    expect(text.stdout).toMatch(/not used\s+"Account"/);
    expect(text.stdout).toContain('warning: Row 3: the website "clinic-one" in column "Website" is not a web address');
  });

  it('refuses a mapping to a header the file lacks, an unknown field and an unknown preset, as coded errors', async () => {
    const file = crmExport('refuse.csv');
    const header = await runHunter(['csv-preview', file, '--map', 'name=Organisation', '--json']);
    expect(header.code).toBe(1);
    const err = JSON.parse(header.stdout).error as { code: string; message: string };
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('"Organisation"');
    expect(err.message).toContain('Columns found: "Account", "Clinic", "Website", "Phone", "City"');
    const field = await runHunter(['csv-preview', file, '--map', 'company=Clinic', '--json']);
    expect(JSON.parse(field.stdout).error.message).toMatch(/^--map names the field "company", which does not exist\. Fields: name, website/);
    const preset = await runHunter(['csv-preview', file, '--preset', 'hubspot', '--json']);
    expect(JSON.parse(preset.stdout).error.message).toContain('Choose one of: generic, apollo, linkedin_sales_navigator, google_sheets, google_maps_scraper');

    // A run with such a mapping is refused before it exists.
    const db = tmp.file('refused.db');
    const run = await runHunter(['run', '--csv', file, '--map', 'website=Homepage', '--db', db, '--json', '--offline']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('INVALID_INPUT');
    expect(existsSync(db)).toBe(false);
  });

  it('runs with --map: the leads are named from the chosen column, and the run keeps the mapping in its input', async () => {
    const file = crmExport('run.csv');
    const db = tmp.file('run.db');
    const run = await runHunter(['run', '--csv', file, '--map', 'name=Clinic', '--db', db, '--json', '--offline']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { execution_id: string; status: string };
    expect(summary.status).toBe('completed');
    const raw = openDatabase(db);
    try {
      const store = workspaceStore(raw, new Workspaces(raw).list()[0]!.id);
      expect(store.leads.query({ order: 'name' }).map((l) => l.name)).toEqual(['Clinic 0', 'Clinic 1', 'Clinic 2', 'Clinic 3', 'Clinic 4', 'Clinic 5']);
      expect(store.executions.get(summary.execution_id).input).toMatchObject({ csv: file, csv_options: { mapping: { name: 'Clinic' } } });
    } finally {
      raw.close();
    }
  });
});
