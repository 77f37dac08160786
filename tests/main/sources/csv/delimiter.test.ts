import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../../main/sources/csv/delimiter';
import { previewCsv, readCsvLeads, type CsvDelimiter, type CsvLeadRecord } from '../../../../main/sources/csv';
import { csvText } from '../../../support/csv/generate';

const ROWS = [
  ['Company', 'Address', 'Phone', 'Rating'],
  ['Acme, Inc.', 'Main St 1; Floor 2 | Suite 3', '+1 415 555 0100', '4.5'],
  ['Beta; "The Bakers"', 'Hauptstraße 5, 10115 Berlin', '+49 30 1234567', '4,8'],
  ['Gamma|Delta\tTrading', 'Rue de Rivoli 10', '+33 1 42 60 30 00', ''],
];

async function leads(bytes: Buffer): Promise<CsvLeadRecord[]> {
  const out: CsvLeadRecord[] = [];
  for await (const r of readCsvLeads(bytes)) if (r.kind === 'lead') out.push(r);
  return out;
}

describe('delimiter detection', () => {
  for (const delimiter of [',', ';', '\t', '|'] as CsvDelimiter[]) {
    it(`detects ${JSON.stringify(delimiter)} with the other delimiters inside quoted cells`, async () => {
      const bytes = Buffer.from(csvText(ROWS, delimiter), 'utf8');
      const preview = await previewCsv(bytes);
      expect(preview.delimiter).toBe(delimiter);
      const got = await leads(bytes);
      expect(got.map((r) => r.lead.name)).toEqual(['Acme, Inc.', 'Beta; "The Bakers"', 'Gamma|Delta\tTrading'.replace('\t', ' ')]);
      expect(got.map((r) => r.lead.address)).toEqual(ROWS.slice(1).map((r) => r[1]));
      expect(got.map((r) => r.lead.rating)).toEqual([4.5, 4.8, undefined]);
    });
  }

  it('prefers the delimiter that splits every line the same way, then the one giving more cells', () => {
    const tabWithCommas = 'Company\tAddress\tCity\nA\tMain St 1, Suite 2\tX\nB\tHigh St, 4\tY\n';
    expect(detectDelimiter(tabWithCommas, true)).toBe('\t');
    const commaWithStraySemicolon = 'Company,City\nA; B,X\nC,Y\nD,Z\n';
    expect(detectDelimiter(commaWithStraySemicolon, true)).toBe(',');
  });

  it('reads a one-column list as comma-separated', async () => {
    const bytes = Buffer.from('Company\nAcme\nBeta\n');
    const preview = await previewCsv(bytes);
    expect(preview.delimiter).toBe(',');
    expect((await leads(bytes)).map((r) => r.lead.name)).toEqual(['Acme', 'Beta']);
  });

  it('follows the "sep=" line Excel understands, and skips it', async () => {
    const bytes = Buffer.from('sep=|\r\nCompany|City\r\n"Acme, Inc.; Ltd"|Berlin\r\n');
    const preview = await previewCsv(bytes);
    expect(preview).toMatchObject({ delimiter: '|', headers: ['Company', 'City'], total_rows_estimate: 1 });
    const got = await leads(bytes);
    expect(got.map((r) => [r.row, r.lead.name, r.lead.city])).toEqual([[3, 'Acme, Inc.; Ltd', 'Berlin']]);
  });

  it('ignores a last line cut off by the sample', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4;5', false)).toBe(';');
  });
});
