import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { extractInitState, parsePlace } from '../../../../main/sources/google-maps/place-parser';
import { placeToLead } from '../../../../main/sources/google-maps/place-to-lead';
import { sharedFixture } from '../../../support/shared-fixtures';

const FIXTURES = sharedFixture('gmaps');
const payloadText = readFileSync(`${FIXTURES}/place-payload-paris-doctor.json`, 'utf8');
const closedText = readFileSync(`${FIXTURES}/place-array-closed-business.json`, 'utf8');
const payload = JSON.parse(payloadText) as unknown[];
const closedArray = JSON.parse(closedText) as unknown[];

/** A place page as Google serves it: the payload is a `)]}'`-guarded string inside APP_INITIALIZATION_STATE[3][6]. */
function placePage(payloadValue: unknown): string {
  const inner = `)]}'\n${JSON.stringify(payloadValue)}`;
  const state = [[[1, 2, 3]], null, null, [null, null, null, null, null, null, inner]];
  const literal = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<!DOCTYPE html><html><head><script>window.APP_OPTIONS=[1];window.APP_INITIALIZATION_STATE=${literal};window.APP_FLAGS=[]</script></head><body></body></html>`;
}

describe('parsePlace on the Paris doctor payload', () => {
  const expectParis = (p: ReturnType<typeof parsePlace>) => {
    expect(p.name).toBe('Docteur Brault Nicolas');
    expect(p.categories).toEqual(['Chirurgien plasticien']);
    expect(p.rating).toBe(4.8);
    expect(p.review_count).toBe(20);
    expect(p.phone).toBe('+33 1 56 01 75 69');
    expect(p.phone_e164).toBe('+33156017569');
    expect(p.place_id).toBe('ChIJhdcKmw9t5kcRkk9Ena5LFKg');
    expect(p.data_id).toBe('0x47e66d0f9b0ad785:0xa8144bae9d444f92');
    expect(p.cid).toBe(BigInt('0xa8144bae9d444f92').toString());
    expect(p.timezone).toBe('Europe/Paris');
    expect(p.address).toBe('4 Rue de la Chine, 75020 Paris, France');
    expect(p.full_address).toBe('Docteur Brault Nicolas, 4 Rue de la Chine, 75020 Paris, France');
    expect(p.address_parts).toEqual({ street: '4 Rue de la Chine', city: 'Paris', postal_code: '75020', country_code: 'FR' });
    expect(p.lat).toBeCloseTo(48.8658015, 6);
    expect(p.lng).toBeCloseTo(2.4011098, 6);
    expect(p.plus_code).toBe('VC82+8C Paris, France');
    expect(p.plus_code_global).toBe('8FW4VC82+8C');
    expect(p.closed).toBe(false);
    expect(p.website).toBeUndefined();
    expect(p.price_range).toBeUndefined();
    expect('website' in p).toBe(false);
  };

  it('reads the payload (place at [6])', () => expectParis(parsePlace(payload)));
  it('reads the payload text', () => expectParis(parsePlace(payloadText)));
  it('reads the payload text with the )]}\' guard', () => expectParis(parsePlace(`)]}'\n${payloadText}`)));
  it('reads the place array itself', () => expectParis(parsePlace(payload[6])));
  it('reads a whole place page', () => expectParis(parsePlace(placePage(payload))));
  it('reads the APP_INITIALIZATION_STATE value taken from a live page', () => {
    const state = extractInitState(placePage(payload));
    expectParis(parsePlace(state));
  });
});

describe('parsePlace on the closed business', () => {
  it('reads the fields and the closed status', () => {
    const p = parsePlace(closedArray);
    expect(p.name).toBe('Academia Fitness Buritis');
    expect(p.categories).toEqual(['Gym']);
    expect(p.rating).toBe(4.4);
    expect(p.review_count).toBe(5);
    expect(p.place_id).toBe('ChIJR4X628KXpgARbbW1FBMpJRA');
    expect(p.timezone).toBe('America/Sao_Paulo');
    expect(p.phone).toBeUndefined();
    expect(p.address_parts).toEqual({
      neighborhood: 'Buritis',
      street: 'Rua Vitório Magnavacca, 400',
      city: 'Belo Horizonte',
      postal_code: '30492-015',
      state: 'State of Minas Gerais',
      country_code: 'BR',
    });
    expect(p.address).toBe('Rua Vitório Magnavacca, 400 - Buritis, Belo Horizonte - MG, 30492-015, Brazil');
    expect(p.lat).toBeCloseTo(-19.9675106, 6);
    expect(p.closed).toBe(true);
    expect(p.status).toBe('temporarily_closed');
    expect(p.plus_code).toBe('22JP+X3 Buritis, Belo Horizonte - State of Minas Gerais, Brazil');
  });

  it('reads it from a place page too', () => {
    const p = parsePlace(placePage([null, null, null, null, null, null, closedArray]));
    expect(p.name).toBe('Academia Fitness Buritis');
    expect(p.closed).toBe(true);
  });
});

describe('parsePlace on partial and newer data', () => {
  it('treats every missing index as an absent field', () => {
    const place = [...(payload[6] as unknown[])];
    for (const i of [4, 7, 9, 13, 18, 30, 39, 178, 183]) place[i] = null;
    const p = parsePlace(place);
    expect(p.name).toBe('Docteur Brault Nicolas');
    expect(p.categories).toEqual([]);
    expect(p.address_parts).toEqual({});
    for (const k of ['rating', 'review_count', 'lat', 'lng', 'phone', 'phone_e164', 'address', 'timezone', 'plus_code']) {
      expect(k in p, k).toBe(false);
    }
  });

  it('survives indexes of the wrong type', () => {
    const place = [...(payload[6] as unknown[])];
    place[4] = 'not an array';
    place[9] = { lat: 1 };
    place[13] = [42, null, 'Dentist'];
    place[178] = [[{}]];
    const p = parsePlace(place);
    expect(p.rating).toBeUndefined();
    expect(p.lat).toBeUndefined();
    expect(p.categories).toEqual(['Dentist']);
    expect(p.phone).toBeUndefined();
  });

  it('reads hours, status, price range and a redirected website', () => {
    const place = [...(payload[6] as unknown[])];
    place[7] = ['/url?q=https://www.example-dentist.fr/&opi=1', 'example-dentist.fr'];
    place[4] = [null, null, '€€', null, null, null, null, 4.8, 20];
    place[34] = [null, [['Monday', ['9 AM–5 PM']], ['Sunday', ['Closed']]], null, null, [null, null, null, null, 'Open ⋅ Closes 5 PM']];
    const p = parsePlace(place);
    // The website as every source stores one: a bare "/" is no part of it.
    expect(p.website).toBe('https://www.example-dentist.fr');
    expect(p.price_range).toBe('€€');
    expect(p.hours).toEqual([
      { day: 'Monday', hours: ['9 AM–5 PM'] },
      { day: 'Sunday', hours: ['Closed'] },
    ]);
    expect(p.status).toBe('operational');
    expect(p.status_text).toBe('Open ⋅ Closes 5 PM');
  });

  it('reads the 2025 hours layout at [203] and a permanently closed mark', () => {
    const place = [...(payload[6] as unknown[])];
    place[203] = [[['Tuesday', 2, null, [['8 am–12 pm', [[8], [12]]], ['2–6 pm', [[14], [18]]]]]], [null, null, null, null, ['Permanently closed']]];
    const p = parsePlace(place);
    expect(p.hours).toEqual([{ day: 'Tuesday', hours: ['8 am–12 pm', '2–6 pm'] }]);
    expect(p.status).toBe('permanently_closed');
    expect(p.closed).toBe(true);
  });

  it('refuses input with no place in it, with a coded error', () => {
    for (const bad of ['', 'hello', '<html><body>no state</body></html>', '[1,2,3]', '{"a":1}', 42, null, [], ')]}\'\n{broken']) {
      let caught: unknown;
      try {
        parsePlace(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, String(bad)).toBeInstanceOf(HunterError);
      expect((caught as HunterError).code).toBe('INVALID_INPUT');
    }
  });
});

describe('placeToLead', () => {
  it('maps a place to a lead and facts with their source', () => {
    const { lead, facts } = placeToLead(parsePlace(payload), { sourceUrl: 'https://www.google.com/maps/place/x', observedAt: '2026-01-02T03:04:05.000Z' });
    expect(lead).toMatchObject({
      name: 'Docteur Brault Nicolas',
      phone: '+33156017569',
      address: '4 Rue de la Chine, 75020 Paris, France',
      city: 'Paris',
      country: 'FR',
      category: 'Chirurgien plasticien',
      rating: 4.8,
      review_count: 20,
      place_id: 'ChIJhdcKmw9t5kcRkk9Ena5LFKg',
      source: 'google_maps',
      source_ref: 'https://www.google.com/maps/place/x',
    });
    expect(lead.website).toBeUndefined();
    const byKind = (k: string) => facts.filter((f) => f.kind === k);
    expect(byKind('rating')[0]).toMatchObject({ value: '4.8', method: 'google_maps', source_url: 'https://www.google.com/maps/place/x', observed_at: '2026-01-02T03:04:05.000Z' });
    expect(byKind('review_count')[0]!.value).toBe('20');
    expect(byKind('category').map((f) => f.value)).toEqual(['Chirurgien plasticien']);
    expect(byKind('business')[0]!.detail).toMatchObject({ place_id: 'ChIJhdcKmw9t5kcRkk9Ena5LFKg', closed: false });
  });

  it('puts no phone on the lead that is not a valid number, and no website that names no real domain', () => {
    const place = [...(payload[6] as unknown[])];
    // What Google shows for a listing whose number lacks digits, and a given "E.164" that is no number either.
    place[178] = [['+33 1 56', null, null, '+331560']];
    place[7] = ['praxis-brault', 'praxis-brault'];
    const parsed = parsePlace(place);
    expect(parsed.phone).toBe('+33 1 56');
    expect(parsed.phone_e164).toBeUndefined();
    expect(parsed.website).toBeUndefined();
    const { lead, facts } = placeToLead(parsed);
    expect(lead.phone).toBeUndefined();
    expect(lead.website).toBeUndefined();
    expect(facts.filter((f) => f.kind === 'phone')).toEqual([]);
  });

  it('keeps the valid number Google gives, with how it shows it', () => {
    const { lead, facts } = placeToLead(parsePlace(payload));
    expect(lead.phone).toBe('+33156017569');
    expect(facts.filter((f) => f.kind === 'phone')).toMatchObject([{ value: '+33156017569', detail: { display: '+33 1 56 01 75 69' } }]);
  });

  it('marks a closed place in its business fact', () => {
    const { facts } = placeToLead(parsePlace(closedArray));
    const business = facts.find((f) => f.kind === 'business')!;
    expect(business.value).toContain('temporarily closed');
    expect(business.detail).toMatchObject({ closed: true, status: 'temporarily_closed' });
  });
});
