import type { Page } from 'playwright-core';
import { HunterError, toHunterError } from '../../core/errors';
import type { RecipeRuntime } from '../../engine/types';
import { areaOf, launchBrowser, placeToLead, searchGoogleMaps, streamSearch, type BoundingBox, type GmapsCell, type GmapsCellEvent, type GmapsSearchOptions } from '../../sources/google-maps';
import { searchOsm } from '../../sources/osm';
import type { MapCell } from '../../store/map-progress';
import type { DiscoverySource } from './index';
import { GOOGLE_MAPS, mapAreaName } from '../../core/map-area';


/** The page a Maps search drives, and how to let it go. */
export interface MapsPage {
  page: Page;
  close(): Promise<void>;
}

export interface GoogleMapsSourceOptions {
  offline: boolean;
  browserPath?: string | undefined;
  baseUrl?: string | undefined;
  /** Nominatim's address, for the area a saturated search is split into; the public one unless given. */
  nominatimUrl?: string | undefined;
  userAgent?: string | undefined;
  /** The rep's browser, started for the search and closed after it, unless given (tests share one). */
  openPage?: () => Promise<MapsPage>;
  /** How the search paces, scrolls and splits; the shipped values unless given (tests go faster). */
  search?: Pick<GmapsSearchOptions, 'pacing' | 'pacer' | 'splitThreshold' | 'maxSplitDepth' | 'feedTimeoutMs' | 'stallRounds' | 'maxScrolls'>;
}

/**
 * Google Maps in the rep's own browser: the search for the agent's keywords over the area of its place
 * (split into a grid where a search shows Google's cap), every place's data read from the page's embedded
 * JSON. Each place is handed on and stored (store/map-progress) as it is read, so a block, a pause or a
 * crash keeps what was found and a resume goes on from the cell and feed position where it stopped.
 */
export function googleMapsSource(opts: GoogleMapsSourceOptions): DiscoverySource {
  return {
    id: GOOGLE_MAPS,
    async *records(rt) {
      if (opts.offline) {
        // The rep's choice, not a fault that may pass: retrying or resuming an offline run cannot reach it.
        yield { kind: 'error', ref: 'search', code: 'INVALID_INPUT', message: 'Google Maps needs the network, and this run is offline: run it again without --offline, or from a CSV.' };
        return;
      }
      const progress = rt.store.mapProgress;
      const executionId = rt.execution.id;
      // What an earlier attempt of this run found comes first, in the order it was found: the same stream again.
      const kept = progress.places(executionId, GOOGLE_MAPS);
      for (const p of kept) yield { kind: 'lead', lead: p.record.lead, facts: p.record.facts };
      const cells = progress.cells(executionId, GOOGLE_MAPS);
      const tally = new PlaceTally(kept);
      let area: BoundingBox | undefined;
      try {
        // A resumed search keeps the area it started with, so its cells are the same cells.
        area = cells.length > 0 ? rootArea(cells) : await searchArea(rt, opts);
      } catch (err) {
        if (toHunterError(err).code === 'CANCELLED') return;
        throw err;
      }
      let session: MapsPage | null = null;
      try {
        session = await (opts.openPage ?? (() => launchBrowser(opts.browserPath ? { configuredPath: opts.browserPath } : {})))();
        const page = session.page;
        const events = streamSearch((hooks) => searchGoogleMaps(page, {
          ...opts.search,
          ...hooks,
          keywords: rt.agent.keywords,
          location: rt.agent.location,
          ...(area ? { area } : {}),
          maxPlaces: rt.agent.max_results,
          done: kept.flatMap((p) => p.keys),
          resume: { cells: new Map(cells.map((c) => [c.cell_key, c])), found: kept.length },
          ...(rt.agent.language ? { language: rt.agent.language } : {}),
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        }), rt.signal);
        let next = await events.next();
        for (; !next.done; next = await events.next()) {
          const e = next.value;
          if (e.kind === 'cell') {
            const { cell } = e.event;
            if (e.event.kind === 'opened') progress.openCell(executionId, GOOGLE_MAPS, { cell_key: cell.key, query: cell.query, path: cell.path, depth: cell.depth, box: cell.box ?? null });
            else progress.finishCell(executionId, GOOGLE_MAPS, cell.key, { results: e.event.results, ended: e.event.ended });
            rt.report({ done: tally.total, label: tally.note(e.event) });
            continue;
          }
          const { found } = e;
          const record = placeToLead(found.place, { sourceUrl: found.url });
          progress.addPlace(executionId, GOOGLE_MAPS, { cell_key: found.cell.key, keys: found.keys, record }, found.linksRead);
          tally.add(found.cell.key);
          rt.report({ done: tally.total, label: tally.placeNote(found.cell) });
          yield { kind: 'lead', lead: record.lead, facts: record.facts };
        }
        for (const err of next.value.errors) yield { kind: 'error', ref: `place:${err.recordId ?? 'unknown'}`, code: err.code, message: err.message };
      } catch (err) {
        const h = toHunterError(err);
        // A pause or a cancel: the engine says which, once the source has stopped; what was found is stored.
        if (h.code === 'CANCELLED') return;
        // A block pauses the run (resumable) with what was found kept: the rep decides when to go on.
        if (h.code === 'BLOCKED') throw new HunterError('BLOCKED', blockedMessage(h, tally.total, rt.execution.id), { cause: err });
        yield { kind: 'error', ref: 'search', code: h.code, message: h.message };
      } finally {
        await session?.close();
      }
    },
  };
}

/** The area of the agent's place, or none (a search by its name only, without a grid) when it cannot be had. */
async function searchArea(rt: RecipeRuntime, opts: GoogleMapsSourceOptions): Promise<BoundingBox | undefined> {
  const location = rt.agent.location?.trim();
  if (!location) return undefined;
  try {
    return await areaOf(location, { nominatimUrl: opts.nominatimUrl, userAgent: opts.userAgent, language: rt.agent.language, signal: rt.signal });
  } catch (err) {
    const h = toHunterError(err);
    if (h.code === 'CANCELLED') throw h;
    // Maps itself still finds the place by name; only the split of a search that shows the cap is lost.
    rt.report({ done: 0, label: `Google Maps: the area of "${location}" is unknown (${h.message}); searching by its name, without splitting into a grid.` });
    return undefined;
  }
}

function rootArea(cells: readonly MapCell[]): BoundingBox | undefined {
  const root = cells.find((c) => c.path === '');
  return root?.box ?? undefined;
}

function blockedMessage(h: HunterError, found: number, executionId: string): string {
  return `${h.message} The ${found} place(s) found before the block are kept. Resume the run later (hunter resume ${executionId}, or Resume on the run) and the search goes on where it stopped; or add OpenStreetMap to the agent's sources meanwhile.`;
}

/** Places found per cell, and in all, for the progress notes the run monitor and the CLI show. */
class PlaceTally {
  private readonly perCell = new Map<string, number>();
  total: number;

  constructor(kept: readonly { cell_key: string }[]) {
    this.total = kept.length;
    for (const p of kept) this.add(p.cell_key, false);
  }

  add(cellKey: string, counts = true): void {
    this.perCell.set(cellKey, (this.perCell.get(cellKey) ?? 0) + 1);
    if (counts) this.total++;
  }

  placeNote(cell: GmapsCell): string {
    return `Google Maps "${cell.query}" ${cellName(cell)}: ${this.perCell.get(cell.key) ?? 0} place(s), ${this.total} in all`;
  }

  note(e: GmapsCellEvent): string {
    if (e.kind === 'opened') return `Google Maps "${e.cell.query}" ${cellName(e.cell)}: searching… (${this.total} place(s) so far)`;
    return `Google Maps "${e.cell.query}" ${cellName(e.cell)}: done, ${this.perCell.get(e.cell.key) ?? 0} new place(s) of ${e.results} shown (${e.ended.replace(/_/g, ' ')}), ${this.total} in all`;
  }
}

const cellName = (cell: GmapsCell): string => mapAreaName({ path: cell.path, box: cell.box ?? null });

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
