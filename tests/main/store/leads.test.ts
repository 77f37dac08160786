import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, workspaceStore, Workspaces } from '../../../main/store';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('leads', () => {
  it('find the leads filed under a set of blocks, however many blocks are asked for, oldest first', () => {
    const db = openDatabase(tmp.file('blocks.db'));
    const s = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const other = workspaceStore(db, new Workspaces(db).create({ name: 'B' }).id);
    const [older, newer, far] = s.tx(() => s.leads.insertMany([
      { name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv', dedupe_key: 'phone:+49301234567' },
      { name: 'Zahnarztpraxis Dr. Weber', city: 'Berlin', website: 'https://weber.example', place_id: 'ChIJweber', source: 'google_maps', dedupe_key: 'domain:weber.example' },
      { name: 'Zahnarztpraxis Dr. Weber', city: 'Hamburg', source: 'osm', dedupe_key: 'name:zahnarztpraxis dr weber|hamburg' },
    ]));
    s.tx(() => {
      s.leads.addBlocks(older!, ['berlin|muller|', 'berlin|zahnarztpraxis|']);
      s.leads.addBlocks(newer!, ['berlin|zahnarztpraxis|', 'berlin|weber|', 'berlin|weber|']);
      s.leads.addBlocks(far!, ['hamburg|zahnarztpraxis|', 'hamburg|weber|']);
    });
    const [theirs] = other.tx(() => other.leads.insertMany([{ name: 'Zahnarztpraxis Müller', city: 'Berlin', source: 'csv', dedupe_key: 'x' }]));
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
      id: older, found_in: null, sources: ['csv'], name: 'Dr. Müller Zahnarztpraxis GmbH', phone: '030 1234567', address: 'Hauptstraße 5', city: 'Berlin',
    });
    expect(found.get('berlin|weber|')![0]).toMatchObject({ website: 'https://weber.example', place_id: 'ChIJweber' });
    expect(s.leads.findInBlocks([]).size).toBe(0);
    expect(other.leads.findInBlocks(['berlin|zahnarztpraxis|']).get('berlin|zahnarztpraxis|')!.map((c) => c.id)).toEqual([theirs]);
    db.close();
  });
});
