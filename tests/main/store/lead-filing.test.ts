import { afterAll, describe, expect, it } from 'vitest';
import type { FactInput, LeadInput } from '../../../main/core/domain';
import { openDatabase, workspaceStore, Workspaces, type WorkspaceStore } from '../../../main/store';
import { fileSightings, mergeLeadsByRep, splitMerge, type Sighting } from '../../../main/store/lead-filing';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function open(name: string): { s: WorkspaceStore; close: () => void } {
  const db = openDatabase(tmp.file(name));
  return { s: workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id), close: () => db.close() };
}

const fact = (value: string, row: number): FactInput => ({ kind: 'email', value, source_url: `file:///leads.csv#row=${row}`, method: 'csv', confidence: 0.8, observed_at: '2026-11-01T00:00:00.000Z' });
const row = (lead: Omit<LeadInput, 'source'>, n: number, email?: string): Sighting => ({ lead: { source: 'csv', source_ref: `row ${n}`, ...lead }, facts: email ? [fact(email, n)] : [] });
const file = (s: WorkspaceStore, sightings: Sighting[], execution_id: string | null = null, ordinal = 0) => s.tx(() => fileSightings(s.leads, sightings, { execution_id, ordinal, defaultCountry: 'US' }));

const maple = { name: 'Maple Dental', website: 'https://maple-dental.example', email: 'hi@maple-dental.example', phone: '+1 503 555 0100', city: 'Portland' };
const cedar = { name: 'Cedar Orthodontics', website: 'https://cedar-ortho.example', email: 'team@cedar-ortho.example', phone: '+1 503 555 0100', city: 'Portland' };

describe('filing sightings as leads', () => {
  it('keeps two businesses that share a phone as two leads, each with its own e-mail, linked as "may be related"', () => {
    const { s, close } = open('shared-phone.db');
    const filed = file(s, [row(maple, 2, maple.email), row(cedar, 3, cedar.email)]);
    expect(filed.map((f) => f.outcome)).toEqual(['new', 'new']);
    expect(filed[1]!.related).toEqual([filed[0]!.lead_id]);
    const [a, b] = [s.leads.get(filed[0]!.lead_id), s.leads.get(filed[1]!.lead_id)];
    expect([a.name, a.email]).toEqual(['Maple Dental', 'hi@maple-dental.example']);
    expect([b.name, b.email]).toEqual(['Cedar Orthodontics', 'team@cedar-ortho.example']);
    expect(s.leads.facts(b.id).map((f) => f.value)).toEqual(['team@cedar-ortho.example']);
    expect(s.leads.links(a.id)).toMatchObject([{ matched_by: 'phone:+15035550100', status: 'possible' }]);
    expect(s.leads.merges(a.id)).toEqual([]);
    // A third business on the same line is compared with both, and joins neither.
    const third = file(s, [row({ name: 'Birch Family Dentistry', phone: '(503) 555-0100', city: 'Portland' }, 4)]);
    expect(third[0]!.outcome).toBe('new');
    expect(third[0]!.related.sort()).toEqual([a.id, b.id].sort());
    expect(s.leads.count()).toBe(3);
    close();
  });

  it('merges a shared phone when the names fit and no own domains conflict, and records the merge with its key and row', () => {
    const { s, close } = open('phone-merge.db');
    const [first] = file(s, [row(maple, 2, maple.email)], null);
    const [again] = file(s, [{ lead: { name: 'Maple Dental Portland', phone: '503-555-0100', address: '12 Oak St', rating: 4.8, review_count: 212, source: 'google_maps', source_ref: 'https://maps.example/place/1' }, facts: [] }]);
    expect(again).toMatchObject({ lead_id: first!.lead_id, outcome: 'merged', matched_by: 'phone:+15035550100' });
    const lead = s.leads.get(first!.lead_id);
    expect(lead).toMatchObject({ name: 'Maple Dental', address: '12 Oak St', rating: 4.8, review_count: 212 });
    expect(lead.sources).toEqual(['csv', 'google_maps']);
    expect(s.leads.merges(lead.id)).toMatchObject([{ source: 'google_maps', source_ref: 'https://maps.example/place/1', matched_by: 'phone:+15035550100', filled: { address: { before: null, after: '12 Oak St' } } }]);
    close();
  });

  it('keeps 2 000 distinct businesses that share 200 phones as 2 000 leads', () => {
    const { s, close } = open('many.db');
    const sightings = Array.from({ length: 2000 }, (_, i) => row({ name: `${['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm'][i % 5]} ${['Dental', 'Law', 'Bakery', 'Yoga', 'Print'][Math.floor(i / 5) % 5]} ${['North', 'South', 'East', 'West'][Math.floor(i / 25) % 4]} ${i}`, website: `https://business-${i}.example`, phone: `+1 503 555 ${String(100 + (i % 200)).padStart(4, '0')}`, city: 'Portland' }, i + 2));
    const filed = [...file(s, sightings.slice(0, 1000), null, 0), ...file(s, sightings.slice(1000), null, 1000)];
    expect(new Set(filed.map((f) => f.lead_id)).size).toBe(2000);
    expect(filed.every((f) => f.outcome === 'new')).toBe(true);
    expect(s.leads.count()).toBe(2000);
    close();
  });

  it('reads a resumed import\'s sightings again as the same leads, without new merges', () => {
    const { s, close } = open('resume.db');
    const batch = [row(maple, 2, maple.email), row({ ...maple, name: 'Maple Dental LLC', email: undefined }, 3)];
    const first = file(s, batch, 'exec_1');
    expect(first.map((f) => f.outcome)).toEqual(['new', 'merged']);
    const again = file(s, batch, 'exec_1');
    expect(again.map((f) => [f.outcome, f.lead_id])).toEqual([['seen', first[0]!.lead_id], ['seen', first[0]!.lead_id]]);
    expect(s.leads.merges(first[0]!.lead_id)).toHaveLength(1);
    // Another run of the same file is a new sighting of a known lead: merged, and recorded for that run.
    const other = file(s, batch, 'exec_2');
    expect(other.map((f) => f.outcome)).toEqual(['merged', 'merged']);
    expect(s.leads.mergeCount('exec_2')).toBe(2);
    expect(s.leads.count()).toBe(1);
    close();
  });

  it('splits a merge off again: the sighting becomes its own lead with its facts, and a later run files it there', () => {
    const { s, close } = open('split.db');
    const [a] = file(s, [row({ name: 'Harbor Dental', phone: '+1 503 555 0142', city: 'Portland' }, 2, 'front@harbor.example')]);
    const [b] = file(s, [row({ name: 'Harbor Dental Group', phone: '503 555 0142', city: 'Portland', website: 'https://harbor-group.example', first_name: 'Ana' }, 7, 'ana@harbor-group.example')], 'exec_2');
    expect(b).toMatchObject({ lead_id: a!.lead_id, outcome: 'merged' });
    const [merge] = s.leads.merges(a!.lead_id);
    const out = s.tx(() => splitMerge(s.leads, a!.lead_id, merge!.id));
    const kept = s.leads.get(a!.lead_id);
    const split = s.leads.get(out);
    expect([kept.name, kept.website, kept.first_name, kept.sources]).toEqual(['Harbor Dental', null, null, ['csv']]);
    expect([split.name, split.website, split.first_name]).toEqual(['Harbor Dental Group', 'https://harbor-group.example', 'Ana']);
    expect(s.leads.facts(kept.id).map((f) => f.value)).toEqual(['front@harbor.example']);
    expect(s.leads.facts(split.id).map((f) => f.value)).toEqual(['ana@harbor-group.example']);
    expect(s.leads.keysOf(kept.id)).toEqual(['phone:+15035550142']);
    expect(s.leads.keysOf(split.id).sort()).toEqual(['domain:harbor-group.example', 'phone:+15035550142']);
    expect(s.leads.links(kept.id)).toMatchObject([{ status: 'distinct' }]);
    expect(() => s.tx(() => splitMerge(s.leads, a!.lead_id, merge!.id))).toThrow(/already split/);
    // The rep's split holds: the same row next time joins the lead it was split into.
    const [later] = file(s, [row({ name: 'Harbor Dental Group', phone: '503 555 0142', city: 'Portland', website: 'https://harbor-group.example' }, 7)], 'exec_3');
    expect(later!.lead_id).toBe(split.id);
    close();
  });

  it('lets the rep merge two related leads, and split them again', () => {
    const { s, close } = open('rep-merge.db');
    const [a, b] = file(s, [row(maple, 2, maple.email), row({ ...cedar, website: undefined }, 3, cedar.email)]);
    expect(b!.related).toEqual([a!.lead_id]);
    const mergeId = s.tx(() => mergeLeadsByRep(s.leads, a!.lead_id, b!.lead_id));
    expect(s.leads.count()).toBe(1);
    expect(s.leads.get(b!.lead_id).merged_into).toBe(a!.lead_id);
    expect(s.leads.facts(a!.lead_id).map((f) => f.value).sort()).toEqual([cedar.email, maple.email].sort());
    expect(s.leads.links(a!.lead_id)).toEqual([]);
    s.tx(() => splitMerge(s.leads, a!.lead_id, mergeId));
    expect(s.leads.count()).toBe(2);
    expect(s.leads.get(b!.lead_id).merged_into).toBeNull();
    expect(s.leads.facts(b!.lead_id).map((f) => f.value)).toEqual([cedar.email]);
    close();
  });

  it('never joins two businesses through a platform page they both link to', () => {
    const { s, close } = open('platform.db');
    const filed = file(s, [
      row({ name: 'Luna Nails', website: 'https://www.facebook.com/profile.php?id=1', city: 'Leeds' }, 2),
      row({ name: 'Sol Barbers', website: 'https://www.facebook.com/profile.php?id=2', city: 'Leeds' }, 3),
      row({ name: 'Maple Bakes', website: 'https://maple.squarespace.com', city: 'Leeds' }, 4),
      row({ name: 'Cedar Cakes', website: 'https://cedar.squarespace.com', city: 'Leeds' }, 5),
    ]);
    expect(filed.map((f) => f.outcome)).toEqual(['new', 'new', 'new', 'new']);
    close();
  });

  it('never shows one workspace the leads of another', () => {
    const db = openDatabase(tmp.file('iso.db'));
    const a = workspaceStore(db, new Workspaces(db).create({ name: 'A' }).id);
    const b = workspaceStore(db, new Workspaces(db).create({ name: 'B' }).id);
    const [inA] = file(a, [row(maple, 2)]);
    const [inB] = file(b, [row(maple, 2)]);
    expect(inB!.outcome).toBe('new');
    expect(() => b.leads.get(inA!.lead_id)).toThrow(/No lead/);
    expect(b.leads.query({}).map((l) => l.id)).toEqual([inB!.lead_id]);
    db.close();
  });
});
