import type { Migration } from '../migrate';

/**
 * Where a map search of a run stands, so a block, a pause or a crash loses nothing it read: each cell
 * searched (a query over an area or a part of it) with how far its feed was read, and each place found,
 * as the sighting discovery files, in the order it was found. A resumed run gives the places again in that
 * order (the same stream, so filing them again changes nothing) and searches on from the first open cell.
 */
export const migration008: Migration = {
  version: 8,
  name: 'map_progress',
  up(db) {
    db.exec(`
      CREATE TABLE map_search_cells (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        workspace_id TEXT NOT NULL,
        source TEXT NOT NULL,
        cell_key TEXT NOT NULL,
        query TEXT NOT NULL,
        path TEXT NOT NULL,
        depth INTEGER NOT NULL,
        box TEXT,
        status TEXT NOT NULL CHECK (status IN ('open','done')),
        links_read INTEGER NOT NULL DEFAULT 0,
        places_found INTEGER NOT NULL DEFAULT 0,
        results INTEGER,
        ended TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (execution_id, source, cell_key)
      );

      CREATE TABLE map_places (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        workspace_id TEXT NOT NULL,
        source TEXT NOT NULL,
        seq INTEGER NOT NULL,
        cell_key TEXT NOT NULL,
        keys TEXT NOT NULL,
        record TEXT NOT NULL,
        found_at TEXT NOT NULL,
        PRIMARY KEY (execution_id, source, seq)
      ) WITHOUT ROWID;
    `);
  },
};
