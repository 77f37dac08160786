import { similarityBlocks } from '../../core/business-name';
import type { Migration } from '../migrate';

/**
 * The similarity blocks each lead is filed under (its town, a word of its name, the numbers in it), so a
 * business found again under a slightly different name ("Zahnarztpraxis Dr. Mueller" for "Dr. Müller
 * Zahnarztpraxis") is compared with the few leads in its blocks, not with every lead. Backfills the blocks
 * of the leads there are.
 */
export const migration004: Migration = {
  version: 4,
  name: 'lead similarity blocks',
  up(db) {
    db.exec(`
      CREATE TABLE lead_blocks (
        workspace_id TEXT NOT NULL,
        block TEXT NOT NULL,
        lead_id TEXT NOT NULL REFERENCES leads(id),
        PRIMARY KEY (workspace_id, block, lead_id)
      ) WITHOUT ROWID;
      CREATE INDEX lead_blocks_lead ON lead_blocks(lead_id);
    `);
    // The blocking rule is the one the sources use, so it runs in JavaScript, called from the one INSERT.
    db.function('similarity_blocks', { deterministic: true }, (name: unknown, city: unknown) =>
      JSON.stringify(similarityBlocks({ name: String(name ?? ''), city: typeof city === 'string' ? city : null })));
    db.exec(`
      INSERT OR IGNORE INTO lead_blocks (workspace_id, block, lead_id)
        SELECT l.workspace_id, b.value, l.id FROM leads l, json_each(similarity_blocks(l.name, l.city)) b;
    `);
  },
};
