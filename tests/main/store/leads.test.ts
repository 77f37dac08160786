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

  it('find the leads filed under a set of blocks, however many blocks are asked for, oldest first', () => {
    const db = openDatabase(tmp.file('blocks.db'));
    const s = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const other = workspaceStore(db, new Workspaces(db).create({ name: 'B' }).id);
    const [older, newer, far] = s.tx(() => s.leads.upsertMany([
      { name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv', dedupe_key: 'phone:+49301234567' },
      { name: 'Zahnarztpraxis Dr. Weber', city: 'Berlin', website: 'https://weber.example', place_id: 'ChIJweber', source: 'google_maps', dedupe_key: 'domain:weber.example' },
      { name: 'Zahnarztpraxis Dr. Weber', city: 'Hamburg', source: 'osm', dedupe_key: 'name:zahnarztpraxis dr weber|hamburg' },
    ]));
    s.tx(() => {
      s.leads.addBlocks(older!, ['berlin|muller|', 'berlin|zahnarztpraxis|']);
      s.leads.addBlocks(newer!, ['berlin|zahnarztpraxis|', 'berlin|weber|', 'berlin|weber|']);
      s.leads.addBlocks(far!, ['hamburg|zahnarztpraxis|', 'hamburg|weber|']);
    });
    const [theirs] = other.tx(() => other.leads.upsertMany([{ name: 'Zahnarztpraxis Müller', city: 'Berlin', source: 'csv', dedupe_key: 'x' }]));
    other.tx(() => other.leads.addBlocks(theirs!, ['berlin|zahnarztpraxis|']));
    // More blocks than one query takes: most are empty, as for a batch of new businesses.
    const asked = [...Array.from({ length: 12_000 }, (_, i) => `berlin|nobody|${i}`), 'berlin|zahnarztpraxis|', 'berlin|weber|', 'berlin|muller|'];
    const found = s.leads.findInBlocks(asked);
    expect([...found.keys()].sort()).toEqual(['berlin|muller|', 'berlin|weber|', 'berlin|zahnarztpraxis|']);
    expect(found.get('berlin|zahnarztpraxis|')!.map((c) => c.id)).toEqual([older, newer]);
    expect(found.get('berlin|weber|')!.map((c) => c.id)).toEqual([newer]);
    // One object per lead, with what it is compared by and nothing it lacks.
    expect(found.get('berlin|weber|')![0]).toBe(found.get('berlin|zahnarztpraxis|')![1]);
    expect(found.get('berlin|muller|')![0]).toEqual({
      id: older, dedupe_key: 'phone:+49301234567', name: 'Dr. Müller Zahnarztpraxis GmbH', phone: '030 1234567', address: 'Hauptstraße 5', city: 'Berlin',
    });
    expect(found.get('berlin|weber|')![0]).toMatchObject({ website: 'https://weber.example', place_id: 'ChIJweber' });
    expect(s.leads.findInBlocks([]).size).toBe(0);
    expect(other.leads.findInBlocks(['berlin|zahnarztpraxis|']).get('berlin|zahnarztpraxis|')!.map((c) => c.id)).toEqual([theirs]);
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
