import { randomBytes } from 'node:crypto';
import {
  dncAddressCandidates,
  dncCandidates,
  dncHash,
  dncKindWord,
  type DncCandidate,
  type DncKind,
  type DncSource,
  type DncSubject,
  type DncValue,
} from '../core/dnc';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { AuditLog } from './audit';
import type { Db } from './database';
import { nowIso, sql } from './database';

export interface DncEntry {
  id: string;
  kind: DncKind;
  /** The normalised value; null when only its one-way hash is kept (an erased person's address). */
  value: string | null;
  source: DncSource;
  reason: string | null;
  lead_id: string | null;
  created_at: string;
}

/** Why a lead or an address may not be contacted: the entry, and a sentence for the rep. */
export interface DncMatch {
  entry: DncEntry;
  reason: string;
}

export interface DncAddResult {
  added: DncEntry[];
  /** Values that were on the list already (the entry there is returned). */
  already_listed: DncEntry[];
}

type Actor = { type: 'rep' | 'cli' | 'system'; id: string };

/**
 * Writes to the list through this connection, counted per connection: with PRAGMA data_version (which
 * counts the other connections' commits) it says when a cached copy of the list is stale.
 */
const writes = new WeakMap<Db, number>();

/** Call after changing dnc_entries by SQL of one's own (an erase does). */
export function listChanged(db: Db): void {
  writes.set(db, (writes.get(db) ?? 0) + 1);
}

interface ListCopy {
  stamp: string;
  byValue: Map<string, DncEntry>;
  /** Entries kept as hashes only, by kind and hash. */
  byHash: Map<string, DncEntry>;
  kinds: Set<DncKind>;
}

const SOURCE_WORDS: Record<DncSource, string> = {
  manual: 'added by hand', import: 'imported', rejection: 'from a rejection', reply: 'from a reply asking to stop', erasure: 'kept when the lead was erased',
};

/**
 * The workspace's do-not-contact list. Every entry is stored with its keyed hash (see core/dnc.ts), and
 * with its value unless it is an erased person's: a lead or an address is looked up by value where the
 * value is kept, and by hash only when the list holds hashed entries at all, so a list without erasures
 * costs a run one indexed lookup per lead.
 */
export class DoNotContact {
  private copy: ListCopy | null = null;

  constructor(private readonly db: Db, readonly workspaceId: string, private readonly audit: AuditLog) {}

  /** The workspace's salt, made once on first use. */
  salt(): string {
    const r = sql(this.db, 'SELECT salt FROM dnc_salts WHERE workspace_id = ?').get(this.workspaceId) as { salt: string } | undefined;
    if (r) return r.salt;
    const salt = randomBytes(32).toString('hex');
    sql(this.db, 'INSERT INTO dnc_salts (workspace_id, salt, created_at) VALUES (?, ?, ?)').run(this.workspaceId, salt, nowIso());
    return salt;
  }

  /** Sets the salt where there is none yet (an erase applied to a backup uses the live file's, so hashes agree). */
  adoptSalt(salt: string): void {
    sql(this.db, 'INSERT OR IGNORE INTO dnc_salts (workspace_id, salt, created_at) VALUES (?, ?, ?)').run(this.workspaceId, salt, nowIso());
  }

  /**
   * Adds normalised values (see normaliseDncEntry) in one transaction, audited as one entry; values already
   * listed are returned as such. `audited: false` is for a caller that audits the batch itself (an import).
   */
  add(values: readonly DncValue[], o: { source: DncSource; reason?: string | null; lead_id?: string | null; actor: Actor; audited?: boolean }): DncAddResult {
    return this.db.transaction(() => {
      const salt = this.salt();
      const at = nowIso();
      const added: DncEntry[] = [];
      const already: DncEntry[] = [];
      const ins = sql(this.db, `INSERT INTO dnc_entries (id, workspace_id, kind, value, value_hash, source, reason, lead_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, kind, value_hash) DO NOTHING`);
      listChanged(this.db);
      for (const v of values) {
        const hash = dncHash(salt, v.kind, v.value);
        const id = newId('dnc');
        if (ins.run(id, this.workspaceId, v.kind, v.value, hash, o.source, o.reason ?? null, o.lead_id ?? null, at).changes === 1) {
          added.push({ id, kind: v.kind, value: v.value, source: o.source, reason: o.reason ?? null, lead_id: o.lead_id ?? null, created_at: at });
        } else {
          already.push(this.byHash(v.kind, hash)!);
        }
      }
      if (added.length && o.audited !== false) {
        this.audit.append({
          actor: o.actor, action: 'dnc_added', resource: 'dnc', resource_id: added.length === 1 ? added[0]!.id : `${added.length} entries`,
          changes: { after: { entries: added.map((e) => ({ id: e.id, kind: e.kind, value: e.value })), source: o.source, reason: o.reason ?? null } },
          ...(o.lead_id ? { context: { lead_id: o.lead_id } } : {}),
        });
      }
      return { added, already_listed: already };
    }).immediate();
  }

  /**
   * Keeps these values as hashes only (an erase): an entry already listed by value loses its value and
   * reason, a new one is added without them. Returns how many hashed entries were added and how many
   * entries lost their value. Call inside the erasing transaction; the erase audits it.
   */
  keepAsHashes(values: readonly DncValue[], salt: string): { added: number; hidden: number } {
    let added = 0;
    let hidden = 0;
    const at = nowIso();
    listChanged(this.db);
    for (const v of values) {
      const hash = dncHash(salt, v.kind, v.value);
      hidden += sql(this.db, 'UPDATE dnc_entries SET value = NULL, reason = NULL WHERE workspace_id = ? AND kind = ? AND value_hash = ? AND value IS NOT NULL')
        .run(this.workspaceId, v.kind, hash).changes;
      added += sql(this.db, `INSERT INTO dnc_entries (id, workspace_id, kind, value, value_hash, source, reason, lead_id, created_at)
          VALUES (?, ?, ?, NULL, ?, 'erasure', NULL, NULL, ?) ON CONFLICT (workspace_id, kind, value_hash) DO NOTHING`)
        .run(newId('dnc'), this.workspaceId, v.kind, hash, at).changes;
    }
    return { added, hidden };
  }

  /** The ids of entries whose value is one of these (the audit entries that name them are blanked by an erase). */
  idsOf(values: readonly DncValue[], salt: string): string[] {
    const hashes = values.map((v) => [v.kind, dncHash(salt, v.kind, v.value)]);
    return (sql(this.db, `SELECT d.id FROM json_each(?) j CROSS JOIN dnc_entries d
        ON d.workspace_id = ? AND d.kind = json_extract(j.value, '$[0]') AND d.value_hash = json_extract(j.value, '$[1]')`)
      .all(JSON.stringify(hashes), this.workspaceId) as Array<{ id: string }>).map((r) => r.id);
  }

  remove(id: string, actor: Actor): DncEntry {
    return this.db.transaction(() => {
      const e = this.get(id);
      listChanged(this.db);
      sql(this.db, 'DELETE FROM dnc_entries WHERE id = ? AND workspace_id = ?').run(id, this.workspaceId);
      this.audit.append({
        actor, action: 'dnc_removed', resource: 'dnc', resource_id: id,
        changes: { before: { kind: e.kind, value: e.value, source: e.source } },
        ...(e.lead_id ? { context: { lead_id: e.lead_id } } : {}),
      });
      return e;
    }).immediate();
  }

  /** The entry holding exactly this normalised value, if any (hashed entries hold none). */
  findValue(kind: DncKind, value: string): DncEntry | null {
    return (sql(this.db, 'SELECT id, kind, value, source, reason, lead_id, created_at FROM dnc_entries WHERE workspace_id = ? AND kind = ? AND value = ?').get(this.workspaceId, kind, value) as DncEntry | undefined) ?? null;
  }

  get(id: string): DncEntry {
    const r = sql(this.db, 'SELECT id, kind, value, source, reason, lead_id, created_at FROM dnc_entries WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as DncEntry | undefined;
    if (!r) throw new HunterError('NOT_FOUND', `No entry "${id}" on this workspace's do-not-contact list; list them with hunter dnc list.`);
    return r;
  }

  /** The list, newest first; `search` matches the value (hashed entries have none to match). */
  list(q: { kind?: DncKind | undefined; search?: string | undefined; limit?: number | undefined; offset?: number | undefined } = {}): { rows: DncEntry[]; total: number } {
    const where = ['workspace_id = @ws'];
    if (q.kind) where.push('kind = @kind');
    if (q.search) where.push("instr(value, lower(@search)) > 0");
    const params = { ws: this.workspaceId, kind: q.kind, search: q.search };
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM dnc_entries WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
    const rows = sql(this.db, `SELECT id, kind, value, source, reason, lead_id, created_at FROM dnc_entries WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit ?? 200, offset: q.offset ?? 0 }) as DncEntry[];
    return { rows, total };
  }

  /**
   * Whether a lead may not be contacted: the first entry that matches its e-mail address, the addresses in
   * its facts, the domains they are at, its own domain or website, its phone numbers (in E.164) or its
   * normalised name, with why; null when none does. This is the predicate runs call before drafting and the
   * export calls before writing.
   */
  blocks(lead: DncSubject, facts: ReadonlyArray<{ kind: string; value: string }> = []): DncMatch | null {
    return this.match((kinds) => dncCandidates(lead, facts, kinds));
  }

  /** Whether an address may not be written to: the address itself, or the domain it is at, is listed. */
  blocksAddress(address: string | null | undefined): DncMatch | null {
    return address ? this.match((kinds) => dncAddressCandidates(address).filter((c) => kinds.has(c.kind))) : null;
  }

  count(): number {
    return (sql(this.db, 'SELECT COUNT(*) AS n FROM dnc_entries WHERE workspace_id = ?').get(this.workspaceId) as { n: number }).n;
  }

  /**
   * The candidates are worked out only for the kinds the list holds (parsing phones and domains costs more
   * than the lookups), and looked up in a copy of the list kept while nothing changed it: runs ask per lead.
   * Inside a transaction the list is read as the transaction sees it, never cached (it may roll back).
   */
  private match(candidatesOf: (kinds: ReadonlySet<DncKind>) => readonly DncCandidate[]): DncMatch | null {
    const list = this.db.inTransaction ? this.read() : this.cached();
    if (list.kinds.size === 0) return null;
    const candidates = candidatesOf(list.kinds);
    if (candidates.length === 0) return null;
    const salt = list.byHash.size ? this.salt() : null;
    let hit: (DncEntry & { i: number }) | undefined;
    for (let i = 0; i < candidates.length && !hit; i++) {
      const c = candidates[i]!;
      const e = list.byValue.get(`${c.kind}\u001f${c.value}`) ?? (salt ? list.byHash.get(`${c.kind}\u001f${dncHash(salt, c.kind, c.value)}`) : undefined);
      if (e) hit = { ...e, i };
    }
    if (!hit) return null;
    const { i, ...entry } = hit;
    const c = candidates[i]!;
    const when = `${SOURCE_WORDS[entry.source]} on ${entry.created_at.slice(0, 10)}${entry.reason ? `: ${entry.reason}` : ''}`;
    const listed = entry.value === null
      ? `matches the ${dncKindWord(entry.kind)} of a lead whose data was erased (kept on the do-not-contact list as a one-way hash)`
      : c.kind === 'domain' && c.shown.toLowerCase() !== entry.value
        ? `is at ${entry.value}, which is on the do-not-contact list (${when})`
        : `is on the do-not-contact list (${when})`;
    return { entry, reason: `${c.where} (${c.shown}) ${listed}` };
  }

  private cached(): ListCopy {
    const version = (sql(this.db, 'PRAGMA data_version').get() as { data_version: number }).data_version;
    const stamp = `${version}:${writes.get(this.db) ?? 0}`;
    if (this.copy?.stamp !== stamp) this.copy = { ...this.read(), stamp };
    return this.copy;
  }

  private read(): ListCopy {
    const byValue = new Map<string, DncEntry>();
    const byHash = new Map<string, DncEntry>();
    const kinds = new Set<DncKind>();
    const rows = sql(this.db, 'SELECT id, kind, value, value_hash, source, reason, lead_id, created_at FROM dnc_entries WHERE workspace_id = ?')
      .all(this.workspaceId) as Array<DncEntry & { value_hash: string }>;
    for (const { value_hash, ...e } of rows) {
      kinds.add(e.kind);
      if (e.value === null) byHash.set(`${e.kind}\u001f${value_hash}`, e);
      else byValue.set(`${e.kind}\u001f${e.value}`, e);
    }
    return { stamp: '', byValue, byHash, kinds };
  }

  private byHash(kind: DncKind, hash: string): DncEntry | undefined {
    return sql(this.db, 'SELECT id, kind, value, source, reason, lead_id, created_at FROM dnc_entries WHERE workspace_id = ? AND kind = ? AND value_hash = ?')
      .get(this.workspaceId, kind, hash) as DncEntry | undefined;
  }
}
