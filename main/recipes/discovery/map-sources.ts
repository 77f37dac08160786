import { HunterError, toHunterError } from '../../core/errors';
import { placeToLead, runGoogleMapsSearch } from '../../sources/google-maps';
import { searchOsm } from '../../sources/osm';
import type { DiscoverySource, SourceRecord } from './index';

/**
 * Google Maps in the rep's own browser: the search for the agent's keywords and place, every place's
 * data read from the page's embedded JSON. A block (/sorry/, a captcha) ends the search with a coded
 * error; the places found before it are kept.
 */
export function googleMapsSource(opts: { offline: boolean; browserPath?: string | undefined; baseUrl?: string | undefined }): DiscoverySource {
  return {
    id: 'google_maps',
    async *records(rt) {
      if (opts.offline) {
        // The rep's choice, not a fault that may pass: retrying or resuming an offline run cannot reach it.
        yield { kind: 'error', ref: 'search', code: 'INVALID_INPUT', message: 'Google Maps needs the network, and this run is offline: run it again without --offline, or from a CSV.' };
        return;
      }
      const found: SourceRecord[] = [];
      try {
        const r = await runGoogleMapsSearch({
          keywords: rt.agent.keywords,
          location: rt.agent.location,
          maxPlaces: rt.agent.max_results,
          signal: rt.signal,
          ...(rt.agent.language ? { language: rt.agent.language } : {}),
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
          browser: opts.browserPath ? { configuredPath: opts.browserPath } : {},
        });
        for (const f of r.places) {
          const { lead, facts } = placeToLead(f.place, { sourceUrl: f.url });
          found.push({ kind: 'lead', lead, facts });
        }
        for (const e of r.errors) found.push({ kind: 'error', ref: 'place', code: e.code, message: e.message });
      } catch (err) {
        const h = toHunterError(err);
        found.push({ kind: 'error', ref: 'search', code: h.code, message: h.message });
      }
      yield* found;
    },
  };
}

/** OpenStreetMap: Nominatim finds the place, Overpass the businesses tagged like the agent's keywords. */
export function osmSource(opts: { offline: boolean; userAgent?: string | undefined }): DiscoverySource {
  return {
    id: 'osm',
    async *records(rt) {
      if (opts.offline) {
        // The rep's choice, not a fault that may pass: retrying or resuming an offline run cannot reach it.
        yield { kind: 'error', ref: 'search', code: 'INVALID_INPUT', message: 'OpenStreetMap needs the network, and this run is offline: run it again without --offline, or from a CSV.' };
        return;
      }
      if (!rt.agent.location) throw new HunterError('INVALID_INPUT', 'OpenStreetMap needs a location in the agent.');
      try {
        const r = await searchOsm({
          keywords: rt.agent.keywords, location: rt.agent.location, limit: rt.agent.max_results, signal: rt.signal,
          ...(opts.userAgent ? { settings: { userAgent: opts.userAgent } } : {}),
        });
        for (const x of r.leads) yield { kind: 'lead', lead: x.lead, facts: x.facts };
      } catch (err) {
        const h = toHunterError(err);
        yield { kind: 'error', ref: 'search', code: h.code, message: h.message };
      }
    },
  };
}
