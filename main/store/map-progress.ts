import type { FactInput, LeadInput } from '../core/domain';
import type { Db } from './database';
import { nowIso, sql } from './database';

/** A map rectangle in degrees (the same shape as google-maps/grid's BoundingBox; the store does not import sources). */
export interface StoredBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** One search of a run's map source: a query over an area, or over one part of it after a grid split. */
export interface MapCell {
  cell_key: string;
  query: string;
  /** Where in the grid: "" for the whole area, "2" for its third quarter, "2.0" for that one's first … */
  path: string;
  depth: number;
  box: StoredBox | null;
  status: 'open' | 'done';
  /** Links of the result feed dealt with so far (read, or skipped as known): where a resume scrolls on from. */
  links_read: number;
  places_found: number;
  /** Links the feed showed in all, once the cell is done (it decides whether the cell was split). */
  results: number | null;
  ended: string | null;
}

/** A place a map search found, as the sighting discovery files, with every key it is known by. */
export interface MapPlace {
  seq: number;
  cell_key: string;
  keys: string[];
  record: { lead: LeadInput; facts: FactInput[] };
}

interface CellRow extends Omit<MapCell, 'box'> {
  box: string | null;
}

/**
 * Where a run's map searches stand (see migration 008). Written as each place is found, in its own small
 * transaction, so a block or a crash one place later loses nothing that was read.
 */
export class MapProgress {
  constructor(private readonly db: Db, private readonly workspaceId: string) {}

  cells(executionId: string, source: string): MapCell[] {
    const rows = sql(this.db, `SELECT cell_key, query, path, depth, box, status, links_read, places_found, results, ended FROM map_search_cells
      WHERE execution_id = ? AND source = ? AND workspace_id = ? ORDER BY rowid`).all(executionId, source, this.workspaceId) as CellRow[];
    return rows.map((r) => ({ ...r, box: r.box ? (JSON.parse(r.box) as StoredBox) : null }));
  }

  places(executionId: string, source: string): MapPlace[] {
    const rows = sql(this.db, 'SELECT seq, cell_key, keys, record FROM map_places WHERE execution_id = ? AND source = ? AND workspace_id = ? ORDER BY seq')
      .all(executionId, source, this.workspaceId) as Array<{ seq: number; cell_key: string; keys: string; record: string }>;
    return rows.map((r) => ({ seq: r.seq, cell_key: r.cell_key, keys: JSON.parse(r.keys) as string[], record: JSON.parse(r.record) as MapPlace['record'] }));
  }

  /** Notes a cell as being searched; a cell already known keeps what it had (a resume opens it again). */
  openCell(executionId: string, source: string, cell: Pick<MapCell, 'cell_key' | 'query' | 'path' | 'depth' | 'box'>): void {
    sql(this.db, `INSERT INTO map_search_cells (execution_id, workspace_id, source, cell_key, query, path, depth, box, status, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (execution_id, source, cell_key) DO NOTHING`)
      .run(executionId, this.workspaceId, source, cell.cell_key, cell.query, cell.path, cell.depth, cell.box ? JSON.stringify(cell.box) : null, nowIso());
  }

  /** A place found in a cell, and how far that cell's feed is read: one transaction, so the two agree. */
  addPlace(executionId: string, source: string, place: Omit<MapPlace, 'seq'>, linksRead: number): MapPlace {
    return this.db.transaction((): MapPlace => {
      const { next } = sql(this.db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM map_places WHERE execution_id = ? AND source = ? AND workspace_id = ?')
        .get(executionId, source, this.workspaceId) as { next: number };
      sql(this.db, 'INSERT INTO map_places (execution_id, workspace_id, source, seq, cell_key, keys, record, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(executionId, this.workspaceId, source, next, place.cell_key, JSON.stringify(place.keys), JSON.stringify(place.record), nowIso());
      sql(this.db, `UPDATE map_search_cells SET places_found = places_found + 1, links_read = MAX(links_read, ?), updated_at = ?
        WHERE execution_id = ? AND source = ? AND cell_key = ? AND workspace_id = ?`).run(linksRead, nowIso(), executionId, source, place.cell_key, this.workspaceId);
      return { seq: next, ...place };
    }).immediate();
  }

  /** The cell's feed was read to its end (or to enough): a resume does not open it again. */
  finishCell(executionId: string, source: string, cellKey: string, outcome: { results: number; ended: string }): void {
    sql(this.db, `UPDATE map_search_cells SET status = 'done', results = ?, ended = ?, links_read = MAX(links_read, ?), updated_at = ?
      WHERE execution_id = ? AND source = ? AND cell_key = ? AND workspace_id = ?`)
      .run(outcome.results, outcome.ended, outcome.results, nowIso(), executionId, source, cellKey, this.workspaceId);
  }
}
