import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { HunterApp } from '../../../../main/app';
import { parseAgentConfig } from '../../../../main/core/agent-config';
import type { LeadInput } from '../../../../main/core/domain';
import type { DiscoveryDeps, SourceRecord } from '../../../../main/recipes/discovery';
import { heuristicScorer } from '../../../../main/recipes/discovery';
import { csvSource } from '../../../../main/recipes/discovery/csv-source';
import { listSource, world } from '../../../support/engine-fixtures';
import { tempDir } from '../../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Discovery as the app builds it: identities first, then a similar name at a similar address. */
function discovery(sources: DiscoveryDeps['sources']): DiscoveryDeps {
  return { sources, scorer: heuristicScorer, defaultCountry: 'DE' };
}

const lead = (l: LeadInput): SourceRecord => ({ kind: 'lead', lead: l, facts: [] });
// Only discovery (and the mandatory subscription): these tests are about which leads there are.
const discoveryOnly = { recipes: [{ id: 'discovery' as const }, { id: 'subscription' as const }] };

/** The Maps/OSM side of the example: another spelling and word order, another street abbreviation, no shared identity. */
const osmMueller: LeadInput = {
  name: 'Zahnarztpraxis Dr. Mueller', address: 'Hauptstr. 5', city: 'Berlin', website: 'https://zahnarzt-mueller.example',
  category: 'dentist', source: 'osm', source_ref: 'node/1',
};

describe('de-duplication by a similar name at a similar address', () => {
  it('merges a CSV row and an OSM place of one business across two sources (the place read in a later batch)', async () => {
    const file = tmp.file('praxen.csv');
    // 1 200 rows put the OSM place in the run's second batch, so it is matched against the stored lead.
    const filler = Array.from({ length: 1199 }, (_, i) => `Harbor Dental ${i},${i} Main St,Portland,+1 503 201 ${String(i).padStart(4, '0')}`);
    writeFileSync(file, ['Company,Address,City,Phone', 'Dr. Müller Zahnarztpraxis GmbH,Hauptstraße 5,Berlin,030 1234567', ...filler].join('\n') + '\n');
    const w = world(tmp.file('two-sources.db'), []);
    const ex = w.newExecution(discoveryOnly);
    const r = await w.engineFor({ discovery: discovery(() => [csvSource(file), { ...listSource([lead(osmMueller)]), id: 'osm' }]) }).run(ex);
    expect(r.status).toBe('completed');
    expect(w.store.leads.count()).toBe(1200);
    const found = w.store.leads.query({ search: 'Zahnarzt' });
    expect(found).toHaveLength(1);
    const mueller = found[0]!;
    expect(mueller).toMatchObject({
      name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567',
      website: 'https://zahnarzt-mueller.example', domain: 'zahnarzt-mueller.example', category: 'dentist',
    });
    expect(mueller.sources.sort()).toEqual(['csv', 'osm']);
    expect(w.store.executions.leadIds(ex)).toContain(mueller.id);
    w.close();
  });

  it('merges lookalikes within one batch, and keeps the rest apart', async () => {
    const w = world(tmp.file('batch.db'), []);
    const records = [
      lead({ name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv', source_ref: 'row 2' }),
      lead({ name: 'Kanzlei Weiß', address: 'Hauptstraße 5', city: 'Berlin', source: 'csv', source_ref: 'row 3' }),
      lead(osmMueller),
      lead({ name: 'Müller Zahnarztpraxis', city: 'Berlin', rating: 4.8, review_count: 120, source: 'google_maps', place_id: 'ChIJmueller' }),
    ];
    const ex = w.newExecution(discoveryOnly);
    await w.engineFor({ discovery: discovery(() => [listSource(records)]) }).run(ex);
    const leads = w.store.leads.query({ order: 'name' });
    expect(leads.map((l) => l.name)).toEqual(['Dr. Müller Zahnarztpraxis GmbH', 'Kanzlei Weiß']);
    expect(leads[0]).toMatchObject({ phone: '030 1234567', website: 'https://zahnarzt-mueller.example', rating: 4.8, review_count: 120, place_id: 'ChIJmueller' });
    expect(leads[0]!.sources.sort()).toEqual(['csv', 'google_maps', 'osm']);
    w.close();
  });

  it('recognises a business found in an earlier run under another spelling, and then by the new sighting\'s website', async () => {
    const w = world(tmp.file('runs.db'), []);
    const first = [lead({ name: 'Bright Harbor Dental', address: '1200 NW Everett St', city: 'Portland', phone: '+1 503-555-0141', source: 'csv' })];
    await w.engineFor({ discovery: discovery(() => [listSource(first)]) }).run(w.newExecution(discoveryOnly));
    const [known] = w.store.leads.query({});
    const second = [lead({ name: 'Bright Harbour Dental', address: '1200 NW Everett Street', city: 'Portland', website: 'https://brightharbour.example', source: 'google_maps' })];
    const ex2 = w.newExecution(discoveryOnly);
    await w.engineFor({ discovery: discovery(() => [listSource(second)]) }).run(ex2);
    expect(w.store.leads.count()).toBe(1);
    const lead2 = w.store.leads.get(known!.id);
    expect(lead2.sources.sort()).toEqual(['csv', 'google_maps']);
    expect(lead2.website).toBe('https://brightharbour.example');
    expect(w.store.leads.query({ execution_id: ex2 }).map((l) => l.id)).toEqual([known!.id]);
    // The second sighting's identities and blocks now lead to it as well: its website alone finds it.
    const third = [lead({ name: 'BH Dental Care', website: 'https://www.brightharbour.example/team', source: 'osm' })];
    await w.engineFor({ discovery: discovery(() => [listSource(third)]) }).run(w.newExecution(discoveryOnly));
    expect(w.store.leads.count()).toBe(1);
    expect(w.store.leads.get(known!.id).sources.sort()).toEqual(['csv', 'google_maps', 'osm']);
    w.close();
  });

  it('keeps apart other numbers in the name, other addresses and other own websites, in a batch and across runs', async () => {
    const w = world(tmp.file('apart.db'), []);
    const first = [
      lead({ name: 'Sunrise Bakery Branch 2', address: '10 Market Street', city: 'Leeds', source: 'csv' }),
      lead({ name: 'Sunrise Bakery Branch 12', address: '10 Market Street', city: 'Leeds', source: 'osm' }),
      lead({ name: 'Zahnarztpraxis Dr. Müller', address: 'Friedrichstraße 200', city: 'Berlin', source: 'osm' }),
      lead({ name: 'Zahnarztpraxis Dr. Müller', address: 'Hauptstraße 5', city: 'Berlin', source: 'csv' }),
      lead({ name: 'Lotus Yoga Studio', address: '4 Park Lane', city: 'Leeds', website: 'https://lotus-yoga.example', source: 'csv' }),
      lead({ name: 'Lotus Yoga Studio', address: '4 Park Lane', city: 'Leeds', website: 'https://lotusyoga-leeds.example', source: 'osm' }),
      // 0.86 alike as whole names, only through the long word they share.
      lead({ name: 'Zahnarztpraxis Dr. Weber', city: 'Hamburg', source: 'osm' }),
      lead({ name: 'Zahnarztpraxis Dr. Becker', city: 'Hamburg', source: 'google_maps' }),
    ];
    await w.engineFor({ discovery: discovery(() => [listSource(first)]) }).run(w.newExecution(discoveryOnly));
    expect(w.store.leads.count()).toBe(8);
    const second = [
      lead({ name: 'Lotus Yoga Studio', address: '4 Park Lane', city: 'Leeds', website: 'https://lotus-yoga-school.example', source: 'google_maps' }),
      // No identity, and the number says which branch: it joins Branch 2, not Branch 12.
      lead({ name: 'Sunrise Bakery - Branch 2', address: '10 Market St', city: 'Leeds', rating: 4.4, review_count: 31, source: 'google_maps' }),
    ];
    await w.engineFor({ discovery: discovery(() => [listSource(second)]) }).run(w.newExecution(discoveryOnly));
    expect(w.store.leads.count()).toBe(9);
    const byName = (n: string) => w.store.leads.query({ order: 'name' }).filter((l) => l.name === n);
    const [branch2] = byName('Sunrise Bakery Branch 2');
    const [branch12] = byName('Sunrise Bakery Branch 12');
    expect(branch2!.sources.sort()).toEqual(['csv', 'google_maps']);
    expect(branch2!.rating).toBe(4.4);
    expect(branch12!.sources).toEqual(['osm']);
    expect(branch12!.rating).toBeNull();
    expect(byName('Lotus Yoga Studio').map((l) => l.domain).sort()).toEqual(['lotus-yoga-school.example', 'lotus-yoga.example', 'lotusyoga-leeds.example']);
    expect(byName('Zahnarztpraxis Dr. Müller').map((l) => l.address).sort()).toEqual(['Friedrichstraße 200', 'Hauptstraße 5']);
    w.close();
  });

  it('looks past a block most of the town shares, and still finds the lookalike by its rarer word', async () => {
    // 150 practices whose names all begin with the same word: one block holds them all.
    let seed = 7;
    const letter = () => 'bcdfghknprstvwz'[(seed = (seed * 48271) % 2147483647) % 15]! + 'aeiou'[seed % 5]!;
    const surname = () => Array.from({ length: 3 }, letter).join('');
    const practices = Array.from({ length: 150 }, (_, i) => lead({ name: `Zahnarztpraxis Dr. ${surname()}`, address: `Ringstraße ${i + 1}`, city: 'Berlin', source: 'csv' }));
    const w = world(tmp.file('crowded.db'), []);
    const muller = lead({ name: 'Dr. Müller Zahnarztpraxis GmbH', address: 'Hauptstraße 5', city: 'Berlin', phone: '030 1234567', source: 'csv' });
    await w.engineFor({ discovery: discovery(() => [listSource([...practices, muller])]) }).run(w.newExecution(discoveryOnly));
    const before = w.store.leads.count();
    expect(before).toBeGreaterThan(140);
    await w.engineFor({ discovery: discovery(() => [listSource([lead(osmMueller)])]) }).run(w.newExecution(discoveryOnly));
    expect(w.store.leads.count()).toBe(before);
    expect(w.store.leads.query({ search: 'zahnarzt-mueller' })[0]!.sources.sort()).toEqual(['csv', 'osm']);
    w.close();
  });

  it('is what the app runs: two spellings of one practice in a CSV make one lead', async () => {
    const file = tmp.file('app.csv');
    writeFileSync(file, [
      'Company,Address,City,Phone,Website',
      'Dr. Müller Zahnarztpraxis GmbH,Hauptstraße 5,Berlin,+49 30 1234567,',
      'Zahnarztpraxis Dr. Mueller,Hauptstr. 5,Berlin,,https://zahnarzt-mueller.example',
      'Kanzlei Weiß,Hauptstraße 5,Berlin,,',
    ].join('\n') + '\n');
    const app = HunterApp.open({ dbFile: tmp.file('app.db'), env: {} });
    const store = app.createWorkspace('Dedupe', { credits: 100 });
    const agent = parseAgentConfig({ keywords: ['dentist'], location: 'Berlin', sources: ['csv'], ...discoveryOnly });
    const ex = app.createExecution(store, { csv: file, agent, offline: true });
    const r = await app.run(store, ex.id);
    expect(r.status).toBe('completed');
    const leads = store.leads.query({ order: 'name' });
    expect(leads.map((l) => l.name)).toEqual(['Dr. Müller Zahnarztpraxis GmbH', 'Kanzlei Weiß']);
    expect(leads[0]).toMatchObject({ phone: '+49 30 1234567', website: 'https://zahnarzt-mueller.example' });
    app.close();
  });
});
