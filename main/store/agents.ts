import { parseAgentConfig, type AgentConfig } from '../core/agent-config';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';

export interface AgentRecord {
  id: string;
  workspace_id: string;
  name: string;
  config: AgentConfig;
  created_at: string;
  updated_at: string;
}

export class Agents {
  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {}

  /** Validates before it stores: a bad config is refused with the field named, never saved. */
  save(input: unknown, id?: string, actor: { type: 'rep' | 'cli' | 'system'; id: string } = { type: 'rep', id: 'rep' }): AgentRecord {
    const config = parseAgentConfig(input);
    const now = nowIso();
    const existing = id ? this.find(id) : null;
    if (id && !existing) throw new HunterError('NOT_FOUND', `No agent "${id}" in this workspace.`);
    const rec: AgentRecord = {
      id: id ?? newId('agent'),
      workspace_id: this.workspaceId,
      name: config.name,
      config,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    this.db.transaction(() => {
      sql(this.db, `INSERT INTO agents (id, workspace_id, name, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, updated_at = excluded.updated_at
          WHERE agents.workspace_id = excluded.workspace_id`)
        .run(rec.id, this.workspaceId, rec.name, JSON.stringify(config), rec.created_at, rec.updated_at);
      this.audit.append({
        actor, action: 'agent_configured', resource: 'agent', resource_id: rec.id,
        changes: { before: existing?.config, after: config }, context: { agent_id: rec.id },
      });
    }).immediate();
    return rec;
  }

  find(id: string): AgentRecord | null {
    const r = sql(this.db, 'SELECT * FROM agents WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as
      | (Omit<AgentRecord, 'config'> & { config: string })
      | undefined;
    return r ? { ...r, config: parseAgentConfig(JSON.parse(r.config)) } : null;
  }

  get(id: string): AgentRecord {
    const a = this.find(id);
    if (!a) throw new HunterError('NOT_FOUND', `No agent "${id}" in this workspace.`);
    return a;
  }

  list(): AgentRecord[] {
    const rows = sql(this.db, 'SELECT id FROM agents WHERE workspace_id = ? ORDER BY created_at').all(this.workspaceId) as Array<{ id: string }>;
    return rows.map((r) => this.get(r.id));
  }
}
