import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { toCsvPreviewView } from '../../../../main/services/views';
import { checkCsv, previewCsv, type CsvReadOptions } from '../../../../main/sources/csv';
import { collectRecords } from '../../../support/csv/records';
import { tempDir } from '../../../support/temp';

const tmp = tempDir('hunter-csv-contact-');
afterAll(() => tmp.cleanup());

function file(name: string, text: string): string {
  const path = tmp.file(name);
  writeFileSync(path, text);
  return path;
}

async function refusalOf(path: string, options: CsvReadOptions = {}): Promise<HunterError> {
  const err = await checkCsv(path, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HunterError);
  return err as HunterError;
}

const NAMES_ONLY = 'Company,City,Category,Rating\nPraxis Nord,Leipzig,Dentist,4.5\nPraxis Süd,Leipzig,Dentist,4.1\n';

describe('a file with no way to reach the business', () => {
  it('is refused by checkCsv before a run, naming the columns found and what to do', async () => {
    const path = file('names-only.csv', NAMES_ONLY);
    const err = await refusalOf(path);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe(
      `No column in ${JSON.stringify(path)} says how to reach the business: none is mapped to website, phone, email or address ` +
        '(a street column counts as an address; a city or postal code alone does not). Columns found: "Company", "City", "Category", "Rating". ' +
        'Map a column to website, phone, email or address with --map field=Header (in the app: choose it in the import preview), or add one to the file.',
    );
  });

  it('accepts any one of website, phone, e-mail, address or street', async () => {
    for (const header of ['Website', 'Phone', 'Email', 'Address', 'Street']) {
      const path = file(`one-${header}.csv`, `Company,City,${header}\nPraxis Nord,Leipzig,x\n`);
      await expect(checkCsv(path)).resolves.toMatchObject({ total_rows_estimate: 1 });
    }
  });

  it('does not take a postal code, city, state or country (the town, not the door) or a LinkedIn page for a way to reach it', async () => {
    const path = file('town-only.csv', 'Company,Zip,City,State,Country,Company Linkedin Url\nPraxis Nord,04109,Leipzig,Sachsen,DE,https://www.linkedin.com/company/nord\n');
    expect((await refusalOf(path)).message).toContain('Columns found: "Company", "Zip", "City", "State", "Country", "Company Linkedin Url"');
  });

  it('is refused when a correction takes away the only contact column, and read when one maps a column to it', async () => {
    const path = file('rufnummer.csv', 'Firma,Rufnummer,Website\nPraxis Nord,0341 1234567,praxis-nord.de\n');
    await expect(checkCsv(path)).resolves.toMatchObject({ mapping: { name: 'Firma', website: 'Website' } });
    expect((await refusalOf(path, { mapping: { website: null } })).message).toMatch(/^No column in .* says how to reach the business/);
    await expect(checkCsv(path, { mapping: { website: null, phone: 'Rufnummer' } })).resolves.toMatchObject({ mapping: { name: 'Firma', phone: 'Rufnummer' } });
  });

  it('is refused for its company column first when it has neither', async () => {
    const path = file('neither.csv', 'Praxis,Ort\nPraxis Nord,Leipzig\n');
    expect((await refusalOf(path)).message).toMatch(/^No column in .* holds the company name/);
  });

  it('is shown in the preview as the refusal a run would meet, each row an error saying to choose the column', async () => {
    const path = file('names-only-preview.csv', NAMES_ONLY);
    const refused = await refusalOf(path);
    const preview = await previewCsv(path);
    expect(preview.refusal).toEqual({ code: 'INVALID_INPUT', message: refused.message });
    expect(preview.mapping).toEqual({ name: 'Company', city: 'City', category: 'Category', rating: 'Rating' });
    expect(preview.sample).toHaveLength(2);
    for (const r of preview.sample) {
      expect(r).toMatchObject({ kind: 'error', code: 'CSV_ROW_INVALID' });
      expect(r.kind === 'error' && r.message).toBe(
        `Row ${r.row}: no column is chosen as the website, phone, e-mail or address, so the business could not be reached and the file is not imported. ` +
          'Choose the column that holds one of them in the mapping.',
      );
    }
    // The app's preview shows them as rows left out, before the rep presses Run.
    expect(toCsvPreviewView(path, preview).rows.map((r) => r.kind)).toEqual(['error', 'error']);
  });

  it('has no refusal in the preview once the mapping reaches the business, or when the file needs no correction', async () => {
    const path = file('fixable.csv', 'Company,City,Telefonnummer der Praxis\nPraxis Nord,Leipzig,0341 1234567\n');
    expect((await previewCsv(path)).refusal).toMatchObject({ code: 'INVALID_INPUT' });
    const fixed = await previewCsv(path, { mapping: { phone: 'Telefonnummer der Praxis' } });
    expect(fixed.refusal).toBeNull();
    expect(fixed.sample).toMatchObject([{ kind: 'lead', lead: { name: 'Praxis Nord', phone: '0341 1234567' } }]);
    expect((await previewCsv(file('fine.csv', 'Company,Phone\nA,0341 1\n'))).refusal).toBeNull();
  });

  it('shows a missing company column as the refusal too', async () => {
    const preview = await previewCsv(file('no-company.csv', 'Praxis,Homepage\nPraxis Nord,praxis-nord.de\n'));
    expect(preview.refusal?.message).toMatch(/^No column in .* holds the company name/);
  });

  it('is still read by a run already under way (readCsvLeads), which checkCsv let through or made before the rule', async () => {
    const records = await collectRecords(file('names-only-run.csv', NAMES_ONLY));
    expect(records.map((r) => (r.kind === 'lead' ? r.lead.name : r.message))).toEqual(['Praxis Nord', 'Praxis Süd']);
  });
});
