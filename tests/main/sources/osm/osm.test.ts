import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { buildOverpassQuery } from '../../../../main/sources/osm/overpass';
import { elementToLead } from '../../../../main/sources/osm/osm-to-lead';
import { createOsmGates, searchOsm, type OsmSettings } from '../../../../main/sources/osm/search-osm';
import { canonicalKeyword, tagsForKeyword } from '../../../../main/sources/osm/tag-map';
import { FakeClock } from '../../core/fake-clock';

interface Seen {
  path: string;
  method: string;
  ua: string | undefined;
  body: string;
  at: number;
}

/** A loopback server speaking Nominatim's `/search?format=jsonv2` and Overpass's `/api/interpreter` JSON. */
let server: Server;
let base = '';
let seen: Seen[] = [];
/** When a test paces with a clock of its own, requests are noted in that clock's time. */
let seenClock: FakeClock | null = null;
let nominatimReply: { status: number; body: unknown; headers?: Record<string, string> };
let overpassReply: { status: number; body: unknown; headers?: Record<string, string> };

const MUNICH = {
  place_id: 1,
  licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
  osm_type: 'relation',
  osm_id: 62428,
  lat: '48.1371079',
  lon: '11.5753822',
  category: 'boundary',
  type: 'administrative',
  display_name: 'München, Bayern, Deutschland',
  address: { city: 'München', state: 'Bayern', country: 'Deutschland', country_code: 'de' },
  boundingbox: ['48.0616244', '48.2481162', '11.3607770', '11.7229083'],
};

const ELEMENTS = {
  version: 0.6,
  generator: 'Overpass API 0.7.62',
  osm3s: { timestamp_osm_base: '2026-01-01T00:00:00Z', copyright: 'The data included in this document is from www.openstreetmap.org.' },
  elements: [
    {
      type: 'node',
      id: 101,
      lat: 48.14,
      lon: 11.58,
      tags: {
        amenity: 'dentist',
        name: 'Zahnarztpraxis Sonnenstraße',
        phone: '+49 89 1234567',
        website: 'www.zahn-sonne.example.de',
        email: 'Praxis@Zahn-Sonne.example.de',
        'addr:street': 'Sonnenstraße',
        'addr:housenumber': '12',
        'addr:postcode': '80331',
        'addr:city': 'München',
        opening_hours: 'Mo-Fr 08:00-18:00',
        'contact:instagram': 'https://instagram.com/zahnsonne',
      },
    },
    {
      type: 'way',
      id: 202,
      center: { lat: 48.15, lon: 11.59 },
      tags: { healthcare: 'dentist', name: 'Dr. Huber', 'contact:phone': '089 7654321; 089 7654322', 'contact:website': 'https://huber-zahn.example.de/', 'contact:email': 'info@huber-zahn.example.de' },
    },
    { type: 'node', id: 303, lat: 48.16, lon: 11.6, tags: { amenity: 'dentist' } },
    { type: 'node', id: 404, lat: 48.17, lon: 11.61, tags: { office: 'lawyer', name: 'Kanzlei Weiß', 'addr:full': 'Maximilianstraße 1, 80539 München' } },
    { type: 'node', id: 101, lat: 48.14, lon: 11.58, tags: { amenity: 'dentist', name: 'Zahnarztpraxis Sonnenstraße' } },
  ],
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname + url.search, method: req.method ?? '', ua: req.headers['user-agent'], body, at: seenClock?.now() ?? Date.now() });
    const reply = url.pathname === '/search' ? nominatimReply : overpassReply;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  nominatimReply = { status: 200, body: [MUNICH] };
  overpassReply = { status: 200, body: ELEMENTS };
});

const settings = (): Partial<OsmSettings> => ({
  nominatimUrl: base,
  overpassUrl: `${base}/api/interpreter`,
  userAgent: 'TheHunterTest/1.0 (tests@example.org)',
  nominatimIntervalMs: 150,
  overpassIntervalMs: 0,
});

describe('keyword → tag map', () => {
  it('maps words, plurals and aliases to OSM tags', () => {
    expect(tagsForKeyword('dentist')).toEqual([
      { key: 'amenity', value: 'dentist' },
      { key: 'healthcare', value: 'dentist' },
    ]);
    expect(tagsForKeyword('Dentists ')).toEqual(tagsForKeyword('dentist'));
    expect(tagsForKeyword('lawyers')).toEqual([{ key: 'office', value: 'lawyer' }]);
    expect(tagsForKeyword('law firm')).toEqual([{ key: 'office', value: 'lawyer' }]);
    expect(tagsForKeyword('plumber')).toEqual([{ key: 'craft', value: 'plumber' }]);
    expect(tagsForKeyword('cafés')).toEqual([{ key: 'amenity', value: 'cafe' }]);
    expect(tagsForKeyword('pharmacies')).toEqual(tagsForKeyword('pharmacy'));
    expect(canonicalKeyword('Restaurants')).toBe('restaurant');
  });

  it('takes key=value literally, and an edited map wins', () => {
    expect(tagsForKeyword('shop=bicycle')).toEqual([{ key: 'shop', value: 'bicycle' }]);
    expect(tagsForKeyword('craft=*')).toEqual([{ key: 'craft' }]);
    expect(tagsForKeyword('yoga studio')).toEqual([]);
    expect(tagsForKeyword('yoga studio', { 'yoga studio': [{ key: 'sport', value: 'yoga' }] })).toEqual([{ key: 'sport', value: 'yoga' }]);
  });

  it('builds one Overpass query with the box in (south,west,north,east) order, escaping names', () => {
    const q = buildOverpassQuery({ tags: [{ key: 'amenity', value: 'dentist' }], names: ['Yoga "Zen"'] }, { south: 1, west: 2, north: 3, east: 4 }, { limit: 50 });
    expect(q).toContain('[out:json]');
    expect(q).toContain('nwr["amenity"="dentist"](1,2,3,4);');
    expect(q).toContain('nwr["name"~"Yoga \\"Zen\\"",i](1,2,3,4);');
    expect(q).toContain('out tags center 50;');
  });
});

describe('searchOsm against loopback Nominatim and Overpass', () => {
  it('geocodes, queries by tags and maps tags to lead fields', async () => {
    const r = await searchOsm({ keywords: ['dentists', 'lawyer'], location: 'München', settings: settings() });
    expect(r.area).toEqual({ south: 48.0616244, north: 48.2481162, west: 11.360777, east: 11.7229083 });
    expect(r.place?.country_code).toBe('DE');
    const [nom, ovp] = seen;
    expect(nom!.path).toContain('/search?q=M%C3%BCnchen&format=jsonv2');
    expect(nom!.ua).toBe('TheHunterTest/1.0 (tests@example.org)');
    expect(ovp!.method).toBe('POST');
    expect(ovp!.ua).toBe('TheHunterTest/1.0 (tests@example.org)');
    const query = new URLSearchParams(ovp!.body).get('data')!;
    expect(query).toContain('nwr["amenity"="dentist"](48.0616244,11.360777,48.2481162,11.7229083);');
    expect(query).toContain('nwr["healthcare"="dentist"]');
    expect(query).toContain('nwr["office"="lawyer"]');

    // The unnamed dentist is no lead; the duplicate element is one lead.
    expect(r.leads.map((l) => l.osm_id)).toEqual(['node/101', 'way/202', 'node/404']);
    const sonne = r.leads[0]!;
    expect(sonne.lead).toEqual({
      name: 'Zahnarztpraxis Sonnenstraße',
      source: 'osm',
      source_ref: 'https://www.openstreetmap.org/node/101',
      website: 'https://www.zahn-sonne.example.de',
      phone: '+49891234567',
      // The mailbox's own part as tagged, the domain lower-cased.
      email: 'Praxis@zahn-sonne.example.de',
      address: 'Sonnenstraße 12, 80331 München',
      city: 'München',
      country: 'DE',
      category: 'dentist',
    });
    expect(sonne.facts.find((f) => f.kind === 'opening_hours')).toMatchObject({ value: 'Mo-Fr 08:00-18:00', method: 'osm', source_url: 'https://www.openstreetmap.org/node/101' });
    expect(sonne.facts.find((f) => f.kind === 'social')).toMatchObject({ value: 'https://instagram.com/zahnsonne', detail: { network: 'instagram' } });
    const huber = r.leads[1]!.lead;
    expect(huber).toMatchObject({ name: 'Dr. Huber', phone: '+49897654321', website: 'https://huber-zahn.example.de', email: 'info@huber-zahn.example.de', category: 'dentist' });
    expect(r.leads[2]!.lead).toMatchObject({ name: 'Kanzlei Weiß', address: 'Maximilianstraße 1, 80539 München', category: 'lawyer' });
  });

  it('searches by name when a keyword maps to no tag, and skips Nominatim when an area is given', async () => {
    await searchOsm({ keywords: ['yoga'], area: { south: 1, west: 2, north: 3, east: 4 }, settings: settings() });
    expect(seen).toHaveLength(1);
    expect(new URLSearchParams(seen[0]!.body).get('data')).toContain('nwr["name"~"yoga",i](1,2,3,4);');
  });

  it('keeps Nominatim calls the set interval apart and sends one at a time, in the clock the gates are given', async () => {
    // The gates' own clock: the server notes each request in it, so the spacing is read exactly, however busy the machine.
    const clock = new FakeClock(0, { auto: true });
    seenClock = clock;
    try {
      const gates = createOsmGates({ nominatimIntervalMs: 1100, overpassIntervalMs: 500 }, clock);
      await Promise.all(['München', 'Berlin', 'Köln'].map((location) => searchOsm({ keywords: ['dentist'], location, settings: settings(), gates })));
      const nominatim = seen.filter((s) => s.path.startsWith('/search')).map((s) => s.at);
      expect(nominatim).toEqual([0, 1100, 2200]);
      // Overpass: one query at a time, and the pause counts from the end of the last answer.
      const overpass = seen.filter((s) => s.path.startsWith('/api/interpreter')).map((s) => s.at);
      expect(overpass).toHaveLength(3);
      for (let i = 1; i < overpass.length; i++) expect(overpass[i]! - overpass[i - 1]!).toBeGreaterThanOrEqual(500);
    } finally {
      seenClock = null;
    }
  });

  it('stops waiting for its turn when the search is cancelled', async () => {
    const clock = new FakeClock();
    const gates = createOsmGates({ nominatimIntervalMs: 1100 }, clock);
    await searchOsm({ keywords: ['dentist'], location: 'München', settings: settings(), gates });
    const ac = new AbortController();
    const second = searchOsm({ keywords: ['dentist'], location: 'Berlin', settings: settings(), gates, signal: ac.signal });
    // It waits for the interval in the clock the gates were given, never sent.
    await expect.poll(() => clock.pending).toBe(1);
    ac.abort();
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(clock.pending).toBe(0);
    expect(seen.filter((s) => s.path.startsWith('/search'))).toHaveLength(1);
  });

  const code = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(HunterError);
    return e as HunterError;
  };

  it('maps service failures to coded errors', async () => {
    nominatimReply = { status: 200, body: [] };
    expect((await code(searchOsm({ keywords: ['dentist'], location: 'Nowhere-at-all', settings: settings() }))).code).toBe('INVALID_INPUT');

    nominatimReply = { status: 429, body: {}, headers: { 'retry-after': '7' } };
    const limited = await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: settings() }));
    expect(limited.code).toBe('API_RATE_LIMIT');
    expect(limited.retryable).toBe(true);
    expect(limited.retryAfterMs).toBe(7000);

    nominatimReply = { status: 403, body: { error: 'banned' } };
    expect((await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: settings() }))).code).toBe('BLOCKED');

    nominatimReply = { status: 200, body: [MUNICH] };
    overpassReply = { status: 504, body: '<html>Gateway Timeout</html>' };
    expect((await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: settings() }))).code).toBe('TIMEOUT');

    overpassReply = { status: 200, body: { elements: [], remark: 'runtime error: Query timed out in "query" at line 3 after 61 seconds.' } };
    expect((await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: settings() }))).code).toBe('TIMEOUT');

    overpassReply = { status: 200, body: 'not json' };
    expect((await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: settings() }))).code).toBe('PROVIDER_ERROR');

    expect((await code(searchOsm({ keywords: ['dentist'], location: 'München', settings: { ...settings(), userAgent: 'curl' } }))).code).toBe('INVALID_INPUT');
    expect((await code(searchOsm({ keywords: ['  '], location: 'München', settings: settings() }))).code).toBe('INVALID_INPUT');
  });

  it('reports a refused connection as CONNECTION_ERROR', async () => {
    const e = await code(searchOsm({ keywords: ['dentist'], location: 'x', settings: { ...settings(), nominatimUrl: 'http://127.0.0.1:9' } }));
    expect(e.code).toBe('CONNECTION_ERROR');
  });
});

describe('OSM tags to a lead', () => {
  const node = (tags: Record<string, string>) => ({ type: 'node' as const, id: 1, lat: 48.1, lon: 11.5, tags: { name: 'Praxis', ...tags } });

  it('leaves out a number that is not one instead of keeping it as written, and takes the first of several that is', () => {
    const bad = elementToLead(node({ phone: '089 12', 'addr:country': 'DE' }))!;
    expect(bad.lead.phone).toBeUndefined();
    expect(bad.facts.filter((f) => f.kind === 'phone')).toEqual([]);
    const second = elementToLead(node({ phone: 'Praxis anrufen; +49 89 7654321' }))!;
    expect(second.lead.phone).toBe('+49897654321');
    expect(second.facts.filter((f) => f.kind === 'phone').map((f) => f.value)).toEqual(['+49897654321']);
    // A national number is read in the country of the address, or of the searched place.
    expect(elementToLead(node({ phone: '089 7654321' }), { defaultCountry: 'DE' })!.lead.phone).toBe('+49897654321');
    expect(elementToLead(node({ phone: '089 7654321' }))!.lead.phone).toBeUndefined();
  });

  it('reads websites and e-mails with the same parsers as every other source', () => {
    const lead = elementToLead(node({ website: 'WWW.Praxis-Sonne.DE/', email: 'Termine+Web@Praxis-Sonne.DE' }))!.lead;
    expect(lead).toMatchObject({ website: 'https://www.praxis-sonne.de', email: 'Termine+Web@praxis-sonne.de' });
    // A host under no real suffix and an address without a domain are no website and no e-mail.
    const junk = elementToLead(node({ website: 'praxis.lokal', email: 'praxis@lokal' }))!.lead;
    expect(junk.website).toBeUndefined();
    expect(junk.email).toBeUndefined();
  });
});
