import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsvPreviewView } from '../../../../main/services/views';
import { previewCsv } from '../../../../main/sources/csv';
import { collectRecords, errorAt, leadAt } from '../../../support/csv/records';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-csv-extra-');
afterAll(() => tmp.cleanup());

function file(name: string, lines: string[]): string {
  const path = tmp.file(name);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

describe('a row with more cells than the header', () => {
  const path = file('extra.csv', [
    // Real numbers, with their country code: a phone that is not one would add a warning of its own.
    'Company;City;Phone',
    'Alpha;Berlin;+49 30 1234561',
    'Gamma;Köln;+49 221 1234563;extra',
    'Delta;Bonn;+49 228 1234564;;',
    'Eps;Ulm;+49 731 1234565;x;; y ;;',
    'Zeta;Kiel;+49 431 1234566;a;b;c;d',
    'Eta;Jena;+49 3641 123457; \t ;',
    'Theta;Hamburg',
  ]);

  it('keeps the row, from the header columns only, with a warning saying how many cells were ignored', async () => {
    const records = await collectRecords(path);
    expect(records.map((r) => `${r.row}${r.kind === 'lead' ? ':' + r.lead.name : '!'}`)).toEqual(['2:Alpha', '3:Gamma', '4:Delta', '5:Eps', '6:Zeta', '7:Eta', '8!']);
    const gamma = leadAt(records, 3);
    expect(gamma.lead).toMatchObject({ name: 'Gamma', city: 'Köln', phone: '+49 221 1234563' });
    expect(gamma.warnings).toEqual([
      'Row 3 has 1 cell more than the 3 columns of the header ("extra"); it was ignored and the rest of the row imported. ' +
        'If a cell holds a semicolon without double quotes around it, the cells after it are one column off: put that cell in double quotes and import the row again.',
    ]);
  });

  it('counts the cells up to the last one that holds text, and names at most three of them', async () => {
    const records = await collectRecords(path);
    expect(leadAt(records, 5).warnings[0]).toMatch(/^Row 5 has 3 cells more than the 3 columns of the header \("x", "y"\); they were ignored/);
    expect(leadAt(records, 6).warnings[0]).toMatch(/^Row 6 has 4 cells more than the 3 columns of the header \("a", "b", "c", \.\.\.\); they were ignored/);
  });

  it('says nothing about empty extra cells (a trailing delimiter), blank space included', async () => {
    const records = await collectRecords(path);
    expect(leadAt(records, 4).warnings).toEqual([]);
    expect(leadAt(records, 7).warnings).toEqual([]);
  });

  it('still refuses a row with fewer cells than the header', async () => {
    const records = await collectRecords(path);
    expect(errorAt(records, 8).message).toBe(
      'Row 8 has 2 columns but the header has 3: a semicolon is missing, or a line break inside a cell is not in double quotes. Fix the row, or remove it.',
    );
  });

  it('puts the warning first, before the warnings about the row’s values', async () => {
    const p = file('extra-and-bad-site.csv', ['Company,Website', 'Acme,acme,spill']);
    const [acme] = await collectRecords(p);
    const warnings = acme?.kind === 'lead' ? acme.warnings : [];
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^Row 2 has 1 cell more than the 2 columns of the header \("spill"\)/);
    expect(warnings[1]).toMatch(/^Row 2: the website "acme" in column "Website" is not a web address/);
  });

  it('shows the warning on the row in the import preview, as the app and "hunter csv-preview" get it', async () => {
    const preview = await previewCsv(path);
    const gamma = preview.sample.find((r) => r.row === 3);
    expect(gamma?.kind === 'lead' && gamma.warnings[0]).toMatch(/^Row 3 has 1 cell more than the 3 columns of the header/);
    const view = toCsvPreviewView(path, preview);
    const row = view.rows.find((r) => r.row === 3);
    expect(row).toMatchObject({ kind: 'lead', name: 'Gamma' });
    expect(row?.kind === 'lead' && row.warnings).toHaveLength(1);
    expect(view.rows.find((r) => r.row === 4)).toMatchObject({ kind: 'lead', warnings: [] });
  });
});
