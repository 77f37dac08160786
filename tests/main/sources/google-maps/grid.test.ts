import { describe, expect, it } from 'vitest';
import { splitBox, viewportFor } from '../../../../main/sources/google-maps/grid';
import { placeLinkKey, searchUrl } from '../../../../main/sources/google-maps/urls';

describe('search URLs and the grid', () => {
  it('builds the search page address with viewport and language', () => {
    expect(searchUrl('https://www.google.com/', 'dentists in Mumbai', undefined, 'en')).toBe('https://www.google.com/maps/search/dentists+in+Mumbai?hl=en');
    expect(searchUrl('http://127.0.0.1:9', 'café & bar', { lat: 48.1, lng: 11.5, zoom: 14 })).toBe('http://127.0.0.1:9/maps/search/caf%C3%A9+%26+bar/@48.1,11.5,14z');
    expect(placeLinkKey('https://www.google.com/maps/place/X/data=!4m7!3m6!1s0x47E6:0xA81!8m2')).toBe('0x47e6:0xa81');
  });

  it('splits an area into four quarters whose views zoom in', () => {
    const box = { south: 48.0, west: 11.3, north: 48.3, east: 11.8 };
    const parts = splitBox(box);
    expect(parts).toHaveLength(4);
    expect(parts.every((p) => p.north - p.south === 0.15 || Math.abs(p.north - p.south - 0.15) < 1e-9)).toBe(true);
    expect(viewportFor(parts[0]!).zoom).toBe(viewportFor(box).zoom + 1);
    expect(viewportFor(box)).toMatchObject({ lat: 48.15, lng: 11.55 });
  });
});
