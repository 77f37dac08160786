import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { checkCsv, importOptions, previewCsv, readCsvLeads, type CsvLeadRecord, type CsvRecord } from '../../../../main/sources/csv';

async function collect(text: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvLeads(Buffer.from(text))) out.push(r);
  return out;
}

function lead(records: CsvRecord[], row: number): CsvLeadRecord {
  const r = records.find((x) => x.row === row);
  if (r?.kind !== 'lead') throw new Error(`row ${row} is not a lead`);
  return r;
}

describe('row warnings: what was read but cannot be used', () => {
  it('warns about a website that is not a web address, naming row, column, value and the fix', async () => {
    const records = await collect(
      ['Company,Website', 'Acme,acme', 'Beta,beta.com', 'Gamma,n/a', 'Delta,', 'Eps,sales@eps-dental.com', 'Zeta,ftp://files.zeta.de', 'Eta,http://'].join('\n'),
    );
    expect(lead(records, 2).lead.website).toBeUndefined();
    expect(lead(records, 2).warnings).toEqual([
      'Row 2: the website "acme" in column "Website" is not a web address, so the lead is imported without one. Correct it (e.g. acme.com) to have its site read.',
    ]);
    // A usable address, a placeholder and an empty cell say nothing.
    expect([3, 4, 5].map((r) => lead(records, r).warnings)).toEqual([[], [], []]);
    expect(lead(records, 3).lead.website).toBe('https://beta.com');
    // The example follows what was written: an e-mail's domain, an ftp address's host.
    expect(lead(records, 6).warnings[0]).toContain('(e.g. eps-dental.com)');
    expect(lead(records, 7).warnings[0]).toMatch(/^Row 7: the website "ftp:\/\/files\.zeta\.de" in column "Website" .*\(e\.g\. files\.zeta\.de\)/);
    expect(lead(records, 8).warnings[0]).toContain('(e.g. acme.com)');
  });

  it('warns about LinkedIn addresses and e-mail cells with no address; a cell with one good address is fine', async () => {
    const text = [
      'Company,Email,Person Linkedin Url,Company Linkedin Url',
      'Acme,info at acme,jane doe,acme inc',
      'Beta,"hello@beta.com; not-an-email",https://www.linkedin.com/in/jane,https://www.linkedin.com/company/beta',
    ].join('\n');
    const records = await collect(text);
    const acme = lead(records, 2);
    expect(acme.lead.email).toBeUndefined();
    expect(acme.lead.linkedin).toBeUndefined();
    expect(acme.warnings).toEqual([
      'Row 2: the e-mail "info at acme" in column "Email" is not an e-mail address, so the lead is imported without one. Correct it (e.g. info@acme.com) to have it used.',
      'Row 2: the LinkedIn profile "jane doe" in column "Person Linkedin Url" is not a web address, so the lead is imported without it. Correct it (e.g. https://www.linkedin.com/in/jane-doe) to keep it.',
      'Row 2: the company LinkedIn page "acme inc" in column "Company Linkedin Url" is not a web address, so the lead is imported without it. Correct it (e.g. https://www.linkedin.com/company/acme) to keep it.',
    ]);
    expect(acme.facts.some((f) => f.kind === 'social')).toBe(false);
    const beta = lead(records, 3);
    expect(beta.warnings).toEqual([]);
    expect(beta.lead.email).toBe('hello@beta.com');
  });

  it('shows a warning as text: a hostile value is quoted as written, clipped when long', async () => {
    const records = await collect(`Company,Website\nAcme,"<img src=x onerror=alert(1)>${'a'.repeat(80)}"\n`);
    const w = lead(records, 2).warnings[0]!;
    expect(w).toContain('"<img src=x onerror=alert(1)>');
    expect(w).toContain('..." in column "Website"');
    expect(w.length).toBeLessThan(260);
  });
});

describe('the preview of a file whose company column was not found', () => {
  const bytes = Buffer.from('Praxis,Ort,Homepage\nPraxis am Markt,Leipzig,praxis-am-markt.de\nZahnarzt Süd,Leipzig,\n');

  it('previews it, with no name in the mapping and every row saying to choose the column', async () => {
    const preview = await previewCsv(bytes);
    expect(preview.headers).toEqual(['Praxis', 'Ort', 'Homepage']);
    expect(preview.mapping.name).toBeUndefined();
    expect(preview.sample).toHaveLength(2);
    for (const r of preview.sample) {
      expect(r.kind).toBe('error');
      expect(r.kind === 'error' && r.message).toMatch(/^Row \d: no column is chosen as the company name.*Choose the column that holds the company/);
    }
    const fixed = await previewCsv(bytes, { mapping: { name: 'Praxis' } });
    expect(fixed.sample.map((r) => (r.kind === 'lead' ? r.lead.name : r.message))).toEqual(['Praxis am Markt', 'Zahnarzt Süd']);
  });

  it('is refused by checkCsv (the estimate and the start of a run) and by a run, naming the columns', async () => {
    for (const attempt of [checkCsv(bytes), (async () => { for await (const r of readCsvLeads(bytes)) return r; })()]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HunterError);
      expect((err as HunterError).code).toBe('INVALID_INPUT');
      expect((err as HunterError).message).toContain('Columns found: "Praxis", "Ort", "Homepage"');
    }
    const ok = await checkCsv(bytes, { mapping: { name: 'Praxis' } });
    expect(ok).toMatchObject({ mapping: { name: 'Praxis', city: 'Ort', website: 'Homepage' }, total_rows_estimate: 2 });
  });

  it('refuses through checkCsv a mapping to a header the file lacks, listing the headers', async () => {
    const err = await checkCsv(bytes, { mapping: { name: 'Firma' } }).catch((e: unknown) => e);
    expect((err as HunterError).code).toBe('INVALID_INPUT');
    expect((err as HunterError).message).toMatch(/puts "Firma" into name, .* Columns found: "Praxis", "Ort", "Homepage"\. Choose one of these for name/);
  });
});

describe('import options from a request', () => {
  it('keeps the preset and known fields, makes a blank header "not used", and drops a choice that changes nothing', () => {
    expect(importOptions(undefined)).toBeUndefined();
    expect(importOptions({})).toBeUndefined();
    expect(importOptions({ mapping: {} })).toBeUndefined();
    expect(importOptions({ preset: 'apollo', mapping: { name: 'Organisation', website: '  ', email: null } })).toEqual({
      preset: 'apollo',
      mapping: { name: 'Organisation', website: null, email: null },
    });
    const hostile = JSON.parse('{"__proto__": "x", "constructor": "y", "city": "Town"}') as Record<string, string>;
    expect(importOptions({ mapping: hostile })).toEqual({ mapping: { city: 'Town' } });
  });
});
