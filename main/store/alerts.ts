import { newId } from '../core/ids';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';

export interface Alert {
  id: string;
  workspace_id: string;
  trigger_type: string;
  severity: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  context: Record<string, unknown>;
  action_required: boolean;
  suggested_action: string | null;
  created_at: string;
  expires_at: string | null;
  read: boolean;
}

export type NewAlert = Omit<Alert, 'id' | 'workspace_id' | 'created_at' | 'read'>;

/** The seed's alert records. Raising is throttled per trigger by the rule's max frequency. */
export class Alerts {
  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {}

  /** Raises an alert unless one with the same trigger was raised within `maxFrequencyHours`. */
  raise(a: NewAlert, maxFrequencyHours: number, now = new Date()): Alert | null {
    const since = new Date(now.getTime() - maxFrequencyHours * 3_600_000).toISOString();
    const recent = sql(this.db, 'SELECT 1 FROM alerts WHERE workspace_id = ? AND trigger_type = ? AND created_at > ? LIMIT 1')
      .get(this.workspaceId, a.trigger_type, since);
    if (recent) return null;
    const alert: Alert = { ...a, id: newId('alert'), workspace_id: this.workspaceId, created_at: now.toISOString(), read: false };
    sql(this.db, `INSERT INTO alerts (id, workspace_id, trigger_type, severity, title, message, context, action_required, suggested_action, created_at, expires_at, read)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`)
      .run(alert.id, this.workspaceId, a.trigger_type, a.severity, a.title, a.message, JSON.stringify(a.context), a.action_required ? 1 : 0, a.suggested_action, alert.created_at, a.expires_at);
    this.audit.append({
      actor: { type: 'system', id: 'subscription' }, action: 'alert_triggered', resource: 'alert', resource_id: alert.id,
      context: a.context as Record<string, string>, result: { status: 'warning', error_code: (a.context.error_code as string) ?? null },
    });
    return alert;
  }

  list(opts: { unread?: boolean; limit?: number } = {}): Alert[] {
    const rows = sql(this.db, `SELECT * FROM alerts WHERE workspace_id = ? ${opts.unread ? 'AND read = 0' : ''} ORDER BY created_at DESC LIMIT ?`)
      .all(this.workspaceId, opts.limit ?? 100) as Array<Omit<Alert, 'context' | 'action_required' | 'read'> & { context: string; action_required: number; read: number }>;
    return rows.map((r) => ({ ...r, context: JSON.parse(r.context), action_required: r.action_required === 1, read: r.read === 1 }));
  }

  markRead(id: string): void {
    sql(this.db, 'UPDATE alerts SET read = 1 WHERE id = ? AND workspace_id = ?').run(id, this.workspaceId);
  }
}

/** Monthly API-call counts, for the plan's quota. */
export class ApiUsage {
  constructor(private readonly db: Db, readonly workspaceId: string) {}

  static month(d = new Date()): string {
    return d.toISOString().slice(0, 7);
  }

  add(calls: number, now = new Date()): void {
    if (calls <= 0) return;
    sql(this.db, `INSERT INTO api_usage (workspace_id, month, api_calls) VALUES (?, ?, ?)
        ON CONFLICT (workspace_id, month) DO UPDATE SET api_calls = api_calls + excluded.api_calls`)
      .run(this.workspaceId, ApiUsage.month(now), calls);
  }

  used(now = new Date()): number {
    const r = sql(this.db, 'SELECT api_calls FROM api_usage WHERE workspace_id = ? AND month = ?').get(this.workspaceId, ApiUsage.month(now)) as { api_calls: number } | undefined;
    return r?.api_calls ?? 0;
  }
}

export { nowIso };
