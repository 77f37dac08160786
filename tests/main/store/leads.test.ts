import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('leads', () => {
  it('merge a business found twice (in one batch, and in a later one) into one lead with both sources', () => {
    const db = openDatabase(tmp.file('leads.db'));
    const s = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const many = Array.from({ length: 95 }, (_, i) => ({ name: `Dental ${i}`, source: 'csv' as const, dedupe_key: `k${i}` }));
    // Row 60 repeats row 3 within the batch, with a phone the first lacked.
    many[60] = { name: 'Dental 3 again', source: 'csv', dedupe_key: 'k3', phone: '+1 503 555 0103' } as never;
    const ids = s.tx(() => s.leads.upsertMany(many));
    expect(new Set(ids).size).toBe(94);
    expect(ids[60]).toBe(ids[3]);
    const later = s.tx(() => s.leads.upsertMany([{ name: 'Dental 3 on Maps', source: 'google_maps', dedupe_key: 'k3', website: 'https://d3.example' }]));
    expect(later[0]).toBe(ids[3]);
    const lead = s.leads.get(ids[3]!);
    expect(lead.name).toBe('Dental 3');
    expect(lead.phone).toBe('+1 503 555 0103');
    expect(lead.website).toBe('https://d3.example');
    expect(lead.sources.sort()).toEqual(['csv', 'google_maps']);
    expect(s.leads.count()).toBe(94);
    db.close();
  });

  it('never show one workspace the leads of another', () => {
    const db = openDatabase(tmp.file('iso.db'));
    const a = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const b = workspaceStore(db, new Workspaces(db).create({ name: 'B' }).id);
    const [id] = a.tx(() => a.leads.upsertMany([{ name: 'Only A', source: 'csv', dedupe_key: 'same' }]));
    b.tx(() => b.leads.upsertMany([{ name: 'Only B', source: 'csv', dedupe_key: 'same' }]));
    expect(() => b.leads.get(id!)).toThrow(/No lead/);
    expect(b.leads.query({}).map((l) => l.name)).toEqual(['Only B']);
    db.close();
  });
});
