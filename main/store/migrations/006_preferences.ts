import type { Migration } from '../migrate';

/**
 * Preferences of the person at this laptop, not of a workspace: which workspace the CLI and the app open
 * by default. The one table besides workspaces that is not scoped by workspace, because it chooses one.
 */
export const migration006: Migration = {
  version: 6,
  name: 'preferences',
  up(db) {
    db.exec(`
      CREATE TABLE preferences (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
