import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestOf, RunView } from '../../../preload/contract';
import { ok, refused, waitForRun as waitForRunOn } from '../../support/bridge/calls';
import { createTestApp, type TestApp } from '../../support/bridge/in-process';

const AGENT: RequestOf<'agents:save'>['config'] = {
  name: 'Dentists in Portland', keywords: ['dentist'], location: 'Portland, OR', sources: ['csv'], threshold: 0.6, tone: 'friendly',
  value_proposition: 'We build booking sites for dental practices.', max_length: 75, budget: null, execution_mode: 'parallel',
};

const waitForRun = (t: TestApp, id: string, until: (r: RunView) => boolean) => waitForRunOn(t.emitter, id, until);

/**
 * A CRM export where detection gets the company wrong: "Account" (a company synonym) holds the account
 * owner, the practice is in "Clinic". Row 3 has a website that is no web address; the last row no clinic.
 */
function crmExport(t: TestApp, rows: number): string {
  const lines = ['Account,Clinic,Website,Email,City'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Owner ${i % 4},Clinic ${i},${i === 1 ? 'clinic-one' : `https://clinic-${i}.example`},${i === 1 ? 'front desk' : `hello@clinic-${i}.example`},Portland`);
  }
  lines.push('Owner 9,,https://nameless.example,,Portland');
  const file = join(t.dir, `crm-${rows}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function pick(t: TestApp, file: string): Promise<void> {
  t.pickQueue.push(file);
  await ok(t, 'dialog:open-csv', {});
}

const done = (r: RunView) => ['completed', 'partial', 'failed', 'cancelled'].includes(r.status);

describe('the CSV import preview and the mapping a run uses', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('previews only a picked file: the format, the mapping, rows with warnings and errors; options correct it', async () => {
    t = createTestApp();
    const file = crmExport(t, 4);
    const guard = await refused(t, 'csv:preview', { path: file });
    expect(guard).toEqual({ code: 'INVALID_INPUT', message: 'Choose the CSV file with "Choose CSV…" first; only files picked there can be imported.' });
    expect((await refused(t, 'csv:preview', { path: '/etc/passwd' })).code).toBe('INVALID_INPUT');
    // The preview needs no workspace: it reads the file only.
    await pick(t, file);

    const detected = await ok(t, 'csv:preview', { path: file });
    expect(detected).toMatchObject({ path: file, encoding: 'utf-8', delimiter: ',', preset: 'generic', headers: ['Account', 'Clinic', 'Website', 'Email', 'City'], total_rows_estimate: 5 });
    expect(detected.mapping).toEqual({ name: 'Account', website: 'Website', email: 'Email', city: 'City' });
    expect(detected.rows.map((r) => (r.kind === 'lead' ? r.name : r.code))).toEqual(['Owner 0', 'Owner 1', 'Owner 2', 'Owner 3', 'Owner 9']);

    const corrected = await ok(t, 'csv:preview', { path: file, options: { mapping: { name: 'Clinic' } } });
    expect(corrected.mapping.name).toBe('Clinic');
    expect(corrected.rows.map((r) => (r.kind === 'lead' ? r.name : r.code))).toEqual(['Clinic 0', 'Clinic 1', 'Clinic 2', 'Clinic 3', 'CSV_ROW_INVALID']);
    expect(corrected.rows[0]).toEqual({
      row: 2, kind: 'lead', name: 'Clinic 0', website: 'https://clinic-0.example', phone: null, email: 'hello@clinic-0.example', city: 'Portland', person: null, warnings: [],
    });
    const warned = corrected.rows[1]!;
    expect(warned.kind === 'lead' && warned.website).toBeNull();
    expect(warned.kind === 'lead' && warned.warnings).toEqual([
      'Row 3: the website "clinic-one" in column "Website" is not a web address, so the lead is imported without one. Correct it (e.g. clinic-one.com) to have its site read.',
      'Row 3: the e-mail "front desk" in column "Email" is not an e-mail address, so the lead is imported without one. Correct it (e.g. info@acme.com) to have it used.',
    ]);
    expect(corrected.rows[4]).toMatchObject({ row: 6, kind: 'error', code: 'CSV_ROW_INVALID', message: expect.stringContaining('the company name (column "Clinic") is empty') });

    // "Not used" leaves a detected column out; a preset reads the file with that export's names.
    const noSite = await ok(t, 'csv:preview', { path: file, options: { preset: 'apollo', mapping: { name: 'Clinic', website: null, email: '' } } });
    expect(noSite.preset).toBe('apollo');
    expect(noSite.mapping.website).toBeUndefined();
    expect(noSite.mapping.email).toBeUndefined();
    expect(noSite.rows.every((r) => r.kind === 'error' || (r.website === null && r.warnings.length === 0))).toBe(true);

    const bad = await refused(t, 'csv:preview', { path: file, options: { mapping: { name: 'Organisation' } } });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('"Organisation"');
    expect(bad.message).toContain('Columns found: "Account", "Clinic", "Website", "Email", "City"');
    // A field outside the contract never reaches the reader.
    expect((await refused(t, 'csv:preview', { path: file, options: { mapping: { company: 'Clinic' } } })).code).toBe('INVALID_INPUT');
  });

  it('previews a file with no company column so the rep can choose it; the estimate refuses it until they do', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: AGENT });
    const file = join(t.dir, 'praxen.csv');
    writeFileSync(file, 'Praxis,Ort,Homepage\nPraxis am Markt,Leipzig,praxis-am-markt.de\nZahnarzt Süd,Leipzig,zahnarzt-sued.de\n');
    await pick(t, file);
    const preview = await ok(t, 'csv:preview', { path: file });
    expect(preview.mapping.name).toBeUndefined();
    expect(preview.headers).toEqual(['Praxis', 'Ort', 'Homepage']);
    expect(preview.rows.every((r) => r.kind === 'error' && /no column is chosen as the company name/.test(r.message))).toBe(true);

    const est = await refused(t, 'runs:estimate', { agent_id: agent.id, csv_path: file });
    expect(est.code).toBe('INVALID_INPUT');
    expect(est.message).toContain('Columns found: "Praxis", "Ort", "Homepage"');
    expect((await refused(t, 'runs:start', { agent_id: agent.id, csv_path: file })).code).toBe('INVALID_INPUT');
    expect(t.app.workspace().executions.list()).toEqual([]);

    const options = { mapping: { name: 'Praxis' } };
    expect((await ok(t, 'runs:estimate', { agent_id: agent.id, csv_path: file, csv_options: options })).leads).toBe(2);
    const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: file, csv_options: options });
    expect((await waitForRun(t, execution_id, done)).status).toBe('completed');
    expect(t.app.workspace().leads.query({ order: 'name' }).map((l) => l.name)).toEqual(['Praxis am Markt', 'Zahnarzt Süd']);
  });

  it('refuses a start whose mapping names a header the file lacks, before a run exists', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: AGENT });
    const file = crmExport(t, 3);
    await pick(t, file);
    for (const channel of ['runs:estimate', 'runs:start'] as const) {
      const err = await refused(t, channel, { agent_id: agent.id, csv_path: file, csv_options: { mapping: { website: 'Homepage' } } });
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toMatch(/puts "Homepage" into website, .*Columns found: "Account", "Clinic", "Website", "Email", "City"/);
    }
    expect(t.app.workspace().executions.list()).toEqual([]);
  });

  it('runs with the corrected mapping, keeps it with the run, and reads the file the same way after a pause and resume', async () => {
    t = createTestApp();
    await ok(t, 'workspace:create', { name: 'Test', sender_name: 'Alex', sender_email: 'alex@chairfill.example' });
    const agent = await ok(t, 'agents:save', { config: AGENT });
    // Large enough that the run is still going when the pause arrives.
    const rows = 3000;
    const file = crmExport(t, rows);
    await pick(t, file);
    const csv_options = { mapping: { name: 'Clinic', email: null } };
    const est = await ok(t, 'runs:estimate', { agent_id: agent.id, csv_path: file, csv_options });
    // A file larger than the part sampled is estimated from it.
    expect(Math.abs(est.leads - (rows + 1))).toBeLessThan(rows * 0.05);

    const { execution_id } = await ok(t, 'runs:start', { agent_id: agent.id, csv_path: file, csv_options });
    const store = t.app.workspace();
    expect(store.executions.get(execution_id).input).toEqual({ csv: file, offline: true, csv_options });
    await waitForRun(t, execution_id, (r) => r.processed > 0);
    const paused = await ok(t, 'runs:pause', { id: execution_id });
    expect(paused.status).toBe('paused');
    await ok(t, 'runs:resume', { id: execution_id });
    const run = await waitForRun(t, execution_id, done);
    expect(run.status).toBe('partial');
    expect(run.errors.find((e) => e.recipe_id === 'discovery')?.count).toBe(1);

    const leads = store.leads.query({ limit: 5000 });
    expect(leads.length).toBe(rows);
    // Every lead is a clinic (the rep's column), none an account owner (the detected one).
    expect(leads.every((l) => /^Clinic \d+$/.test(l.name))).toBe(true);
    // E-mail was set to "not used": no lead has the file's addresses.
    expect(leads.filter((l) => l.email?.startsWith('hello@clinic-')).length).toBe(0);
  }, 120_000);
});
