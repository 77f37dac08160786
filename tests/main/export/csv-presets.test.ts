import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPT_OUT } from '../../../main/core/sender';
import { CSV_PRESET_IDS, exportDrafts, presetHeader, type CsvPresetId } from '../../../main/export';
import { tempDir } from '../../support/temp';
import { workspaceWithDrafts, type DraftSpec } from './fixtures';
import { ASCII, EMOJI, RTL } from './samples';

const tmp = tempDir('hunter-csv-presets-');
afterAll(() => tmp.cleanup());
let n = 0;

/**
 * The header each tool's import recognises without mapping, then our extra columns (every tool keeps an
 * unknown column as a custom variable of that name):
 * - Instantly API v2 lead fields (POST /api/v2/leads): email, first_name, last_name, company_name,
 *   job_title, phone, website, personalization.
 * - lemlist Lead object / "Create Lead in Campaign": email, firstName, lastName, companyName,
 *   companyDomain, jobTitle, phone, linkedinUrl, icebreaker.
 * - Smartlead "add leads to a campaign" lead_list: email, first_name, last_name, company_name, website,
 *   phone_number, location, linkedin_profile.
 */
const DOCUMENTED: Record<CsvPresetId, { standard: string[]; custom: string[]; personal: string }> = {
  generic: { standard: ['email', 'first_name', 'last_name', 'company_name', 'website', 'company_domain', 'phone', 'subject', 'personalization', 'icebreaker', 'body'], custom: ['email_status', 'postal_address', 'opt_out'], personal: 'personalization' },
  instantly: { standard: ['email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization'], custom: ['subject', 'email_status', 'postal_address', 'opt_out'], personal: 'personalization' },
  lemlist: { standard: ['email', 'firstName', 'lastName', 'companyName', 'companyDomain', 'jobTitle', 'phone', 'linkedinUrl', 'icebreaker'], custom: ['subject', 'website', 'email_status', 'postal_address', 'opt_out'], personal: 'icebreaker' },
  smartlead: { standard: ['email', 'first_name', 'last_name', 'company_name', 'website', 'phone_number', 'location', 'linkedin_profile'], custom: ['personalization', 'subject', 'email_status', 'postal_address', 'opt_out'], personal: 'personalization' },
};

const IDN: DraftSpec = {
  subject: 'Ihre neue Praxis',
  body: 'Hallo Jürgen,\n\nIhre Bewertungen auf Google sind beeindruckend.\n\nViele Grüße,\nAlex Rivéra',
  recipient: 'info@müller-zahnarzt.de',
  recipient_status: 'guessed_unverified',
  lead: { name: 'Zahnarzt Müller', first_name: 'Jürgen', last_name: 'Müller', website: 'https://www.müller-zahnarzt.de', phone: '+49 30 1234567' },
};
const FOUND: DraftSpec = { ...EMOJI, recipient_status: 'found_on_site' };
const PAID: DraftSpec = { ...RTL, recipient_status: 'paid_finder' };
const SPECS = [ASCII, FOUND, PAID, IDN];
const PERSONAL = new Map<DraftSpec, string>([
  [ASCII, 'From what I saw on your site, the new Bandra clinic opened in May.\n>From a patient review: "best chairs in town".\nFrom here, one idea: weekend slots, booked online.   \n\nWorth a 10-minute call on Thursday?'],
  [FOUND, 'Loved the before/after 🦷✨ gallery; the 👩‍⚕️ team photo too. 🇮🇳🇫🇷\n\nCoffee ☕ next week?'],
  [PAID, 'رأيت أن عيادتكم افتتحت فرعا جديدا في 2024 — مبروك!\nשלום, ראיתי את האתר שלכם.\n\nهل لديكم 10 دقائق يوم الخميس؟'],
  [IDN, 'Ihre Bewertungen auf Google sind beeindruckend.'],
]);
const STATUS = new Map<DraftSpec, string>([[ASCII, 'from source'], [FOUND, 'found on site'], [PAID, 'paid finder'], [IDN, 'guessed and unverified']]);

describe.each(CSV_PRESET_IDS)('CSV preset %s', (preset) => {
  it('has the tool\'s documented columns as its header, and every value reads back with csv-parse', async () => {
    const doc = DOCUMENTED[preset];
    expect(presetHeader(preset)).toEqual([...doc.standard, ...doc.custom]);
    const { store, ids, close } = workspaceWithDrafts(tmp.file(`ws-${++n}.db`), SPECS, { sender: { name: 'Alex Rivéra', email: 'alex@chairfill.example', postal_address: '1 Harbour Street, Portland, OR 97201, USA' } });
    const summary = await exportDrafts(store, { format: 'csv', csvPreset: preset, outDir: tmp.file(`out-${n}`), bom: true });
    expect(summary.exported).toBe(SPECS.length);
    expect(basename(summary.files[0]!)).toMatch(preset === 'generic' ? /^hunter-drafts-\d{8}-\d{6}\.csv$/ : new RegExp(`^hunter-drafts-\\d{8}-\\d{6}-${preset}\\.csv$`));
    const bytes = readFileSync(summary.files[0]!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(bytes, { bom: true }) as string[][];
    expect(records[0]).toEqual([...doc.standard, ...doc.custom]);
    const rows = parseCsv(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    const order = store.drafts.list({ status: 'exported' }).map((d) => SPECS[ids.indexOf(d.id)]!);
    expect(rows).toHaveLength(SPECS.length);
    const first = preset === 'lemlist' ? 'firstName' : 'first_name';
    const company = preset === 'lemlist' ? 'companyName' : 'company_name';
    for (const [i, row] of rows.entries()) {
      const spec = order[i]!;
      expect(row[doc.personal]).toBe(PERSONAL.get(spec));
      expect(row[first]).toBe(spec.lead.first_name ?? '');
      expect(row[company]).toBe(spec.lead.name);
      expect(row.subject).toBe(spec.subject);
      expect(row.email_status).toBe(STATUS.get(spec));
      expect(row.postal_address).toBe('1 Harbour Street, Portland, OR 97201, USA');
      expect(row.opt_out).toBe(DEFAULT_OPT_OUT);
      // Nothing a merge reads carries the spreadsheet's apostrophe.
      for (const v of Object.values(row)) expect(v.startsWith("'")).toBe(false);
    }
    const idn = rows[order.indexOf(IDN)]!;
    expect(idn.email).toBe('info@xn--mller-zahnarzt-gsb.de');
    if ('website' in idn) expect(idn.website).toBe('https://www.xn--mller-zahnarzt-gsb.de');
    if (preset === 'lemlist') expect(idn.companyDomain).toBe('xn--mller-zahnarzt-gsb.de');
    if (preset === 'smartlead') expect(idn.phone_number).toBe('+49 30 1234567');
    close();
  });
});
