import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { Db } from './database';
import { nowIso, sql } from './database';

export interface Workspace {
  id: string;
  name: string;
  plan_id: string;
  monthly_credits_micros: number;
  api_calls_limit: number;
  trial_ends_at: string | null;
  created_at: string;
}

/** Workspaces are the one table that is not itself scoped: it is the scope. */
export class Workspaces {
  constructor(private readonly db: Db) {}

  create(input: { name: string; id?: string; plan_id?: string; monthly_credits_micros?: number; api_calls_limit?: number; trial_ends_at?: string | null }): Workspace {
    const ws: Workspace = {
      id: input.id ?? newId('ws'),
      name: input.name,
      plan_id: input.plan_id ?? 'trial',
      monthly_credits_micros: input.monthly_credits_micros ?? 25_000_000,
      api_calls_limit: input.api_calls_limit ?? 10_000,
      trial_ends_at: input.trial_ends_at ?? null,
      created_at: nowIso(),
    };
    sql(this.db, `INSERT INTO workspaces (id, name, plan_id, monthly_credits_micros, api_calls_limit, trial_ends_at, created_at)
        VALUES (@id, @name, @plan_id, @monthly_credits_micros, @api_calls_limit, @trial_ends_at, @created_at)`)
      .run(ws);
    return ws;
  }

  get(id: string): Workspace {
    const ws = sql(this.db, 'SELECT * FROM workspaces WHERE id = ?').get(id) as Workspace | undefined;
    if (!ws) throw new HunterError('NOT_FOUND', `No workspace "${id}".`);
    return ws;
  }

  find(id: string): Workspace | null {
    return (sql(this.db, 'SELECT * FROM workspaces WHERE id = ?').get(id) as Workspace | undefined) ?? null;
  }

  findByName(name: string): Workspace | null {
    return (sql(this.db, 'SELECT * FROM workspaces WHERE name = ? ORDER BY created_at LIMIT 1').get(name) as Workspace | undefined) ?? null;
  }

  rename(id: string, name: string): void {
    sql(this.db, 'UPDATE workspaces SET name = ? WHERE id = ?').run(name, id);
  }

  list(): Workspace[] {
    return sql(this.db, 'SELECT * FROM workspaces ORDER BY created_at').all() as Workspace[];
  }
}
