import type { FactInput, Fact, Lead, LeadInput, LeadSource, QualityTier, ScoreBreakdown, ScoredBy } from '../core/domain';
import { HunterError } from '../core/errors';
import { newId } from '../core/ids';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { nowIso, sql } from './database';

interface LeadRow extends Omit<Lead, 'sources' | 'score_breakdown'> {
  sources: string;
  score_breakdown: string | null;
  dedupe_key: string;
}

import { LEAD_COLUMNS, type LeadColumn } from './lead-columns';

// Filing by identity (store/lead-filing.ts) is kept apart: it brings the phone and domain parsers, which a
// command that only reads leads has no need to load.
export { LEAD_COLUMNS, type LeadColumn };

export interface NewLead extends LeadInput {
  /** Unique per workspace; identity itself lives in lead_keys, so a lead's own id serves when none is given. */
  dedupe_key?: string;
  domain?: string | null;
  /** The execution that found it. */
  found_in?: string | null;
}

/** A stored lead as a new sighting is compared with it: every column, plus where it came from. */
export type LeadCandidate = { id: string; found_in: string | null; sources: LeadSource[] } & Pick<LeadInput, 'name'> & Partial<Record<Exclude<LeadColumn, 'name'>, string | number>>;

export interface LeadQuery {
  tier?: QualityTier;
  search?: string;
  execution_id?: string;
  order?: LeadOrder;
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export const LEAD_ORDERS = ['score', 'name', 'created', 'city', 'category', 'tier', 'email', 'website'] as const;
export type LeadOrder = (typeof LEAD_ORDERS)[number];

const ORDER_SQL: Record<LeadOrder, string> = {
  score: 'l.lead_score',
  name: 'l.name COLLATE NOCASE',
  created: 'l.created_at',
  city: 'l.city COLLATE NOCASE',
  category: 'l.category COLLATE NOCASE',
  tier: "CASE l.quality_tier WHEN 'gold' THEN 3 WHEN 'silver' THEN 2 WHEN 'skipped' THEN 1 ELSE 0 END",
  email: 'l.email COLLATE NOCASE',
  website: 'l.domain COLLATE NOCASE',
};

/** A merge as the rep sees it on the lead: what joined, by which key, and whether it was split off again. */
export interface LeadMerge {
  id: string;
  lead_id: string;
  kind: 'sighting' | 'lead';
  execution_id: string | null;
  source: string;
  source_ref: string;
  matched_by: string;
  sighting: LeadInput | { lead_id: string; name: string };
  keys: string[];
  blocks: string[];
  filled: Record<string, { before: unknown; after: unknown }>;
  facts: string[];
  created_at: string;
  split_into: string | null;
  split_at: string | null;
}

export interface LeadLink {
  lead_id: string;
  other_id: string;
  matched_by: string;
  status: 'possible' | 'distinct';
  created_at: string;
  decided_at: string | null;
}

/** Leads and their facts, for one workspace. */
export class Leads {
  private readonly inserts = new Map<number, Statement>();
  private readonly updates = new Map<string, Statement>();
  private readonly insertFact;

  constructor(private readonly db: Db, readonly workspaceId: string) {
    this.insertFact = db.prepare(`INSERT INTO facts (id, workspace_id, lead_id, kind, value, detail, source_url, method, confidence, observed_at)
      VALUES (@id, @workspace_id, @lead_id, @kind, @value, @detail, @source_url, @method, @confidence, @observed_at)
      ON CONFLICT (lead_id, kind, value, source_url) DO UPDATE SET confidence = MAX(facts.confidence, excluded.confidence),
        observed_at = excluded.observed_at, detail = COALESCE(excluded.detail, facts.detail)
      RETURNING id`);
  }

  /** Inserts new leads (each its own business: identity is decided before, by the filing rule); returns their ids. */
  insertMany(leads: readonly NewLead[]): string[] {
    const now = nowIso();
    return leads.map((l) => this.insertOne(l, now));
  }

  private insertOne(l: NewLead, now: string): string {
    const row = l as unknown as Record<string, unknown>;
    // Only the columns the lead has: binding a dozen NULLs costs more than the row itself. Imports repeat
    // the same few shapes, so the statements are few and cached.
    let mask = 0;
    const values: unknown[] = [];
    for (let c = 0; c < LEAD_COLUMNS.length; c++) {
      const v = row[LEAD_COLUMNS[c]!];
      if (v != null) {
        mask |= 1 << c;
        values.push(v);
      }
    }
    const id = newId('lead');
    this.insertFor(mask).run(id, this.workspaceId, ...values, `["${l.source}"]`, l.dedupe_key ?? id, l.found_in ?? null, now, now);
    return id;
  }

  private insertFor(mask: number): Statement {
    let st = this.inserts.get(mask);
    if (!st) {
      const cols = LEAD_COLUMNS.filter((_, c) => mask & (1 << c));
      st = this.db.prepare(`INSERT INTO leads (id, workspace_id, ${cols.map((c) => c + ', ').join('')}sources, dedupe_key, found_in, created_at, updated_at)
        VALUES (${new Array(cols.length + 7).fill('?').join(', ')})`);
      this.inserts.set(mask, st);
    }
    return st;
  }

  /** Sets the given columns (and the source list) of a lead; the statement is cached per set of columns. */
  updateColumns(id: string, values: Partial<Record<LeadColumn, unknown>>, sources?: readonly LeadSource[]): void {
    const cols = LEAD_COLUMNS.filter((c) => c in values);
    const key = cols.join(',') + (sources ? '+sources' : '');
    let st = this.updates.get(key);
    if (!st) {
      const sets = [...cols.map((c) => `${c} = ?`), ...(sources ? ['sources = ?'] : []), 'updated_at = ?'];
      st = this.db.prepare(`UPDATE leads SET ${sets.join(', ')} WHERE id = ? AND workspace_id = ?`);
      this.updates.set(key, st);
    }
    st.run(...cols.map((c) => values[c] ?? null), ...(sources ? [JSON.stringify(sources)] : []), nowIso(), id, this.workspaceId);
  }

  /** For each identity key, the listed leads known by it (several, when a phone is shared), oldest first. */
  candidatesByKeys(keys: readonly string[]): Map<string, LeadCandidate[]> {
    const all = [...new Set(keys)];
    const out = new Map<string, LeadCandidate[]>();
    const byId = new Map<string, LeadCandidate>();
    const stmt = sql(this.db, `SELECT k.key, l.id, l.found_in, l.sources, ${LEAD_COLUMNS.map((c) => `l.${c}`).join(', ')}
      FROM lead_keys k JOIN leads l ON l.id = k.lead_id
      WHERE k.workspace_id = ? AND k.key IN (SELECT value FROM json_each(?)) AND l.merged_into IS NULL ORDER BY l.rowid`);
    for (let i = 0; i < all.length; i += 5000) {
      const rows = stmt.all(this.workspaceId, JSON.stringify(all.slice(i, i + 5000))) as Array<Record<string, unknown> & { key: string; id: string }>;
      for (const r of rows) {
        let c = byId.get(r.id);
        if (!c) byId.set(r.id, (c = toCandidate(r)));
        const list = out.get(r.key);
        if (list) list.push(c);
        else out.set(r.key, [c]);
      }
    }
    return out;
  }

  /** Records identity keys of a lead; several leads may hold one key (a shared phone). */
  addKeys(leadId: string, keys: readonly string[]): void {
    const st = sql(this.db, 'INSERT OR IGNORE INTO lead_keys (workspace_id, key, lead_id) VALUES (?, ?, ?)');
    for (const k of keys) st.run(this.workspaceId, k, leadId);
  }

  removeKeys(leadId: string, keys: readonly string[]): void {
    const st = sql(this.db, 'DELETE FROM lead_keys WHERE workspace_id = ? AND key = ? AND lead_id = ?');
    for (const k of keys) st.run(this.workspaceId, k, leadId);
  }

  keysOf(leadId: string): string[] {
    return (sql(this.db, 'SELECT key FROM lead_keys WHERE workspace_id = ? AND lead_id = ? ORDER BY key').all(this.workspaceId, leadId) as Array<{ key: string }>).map((r) => r.key);
  }

  /** Files a lead under its similarity blocks (kept beside those of its earlier sightings). */
  addBlocks(leadId: string, blocks: readonly string[]): void {
    const st = sql(this.db, 'INSERT OR IGNORE INTO lead_blocks (workspace_id, block, lead_id) VALUES (?, ?, ?)');
    for (const b of blocks) st.run(this.workspaceId, b, leadId);
  }

  removeBlocks(leadId: string, blocks: readonly string[]): void {
    const st = sql(this.db, 'DELETE FROM lead_blocks WHERE workspace_id = ? AND block = ? AND lead_id = ?');
    for (const b of blocks) st.run(this.workspaceId, b, leadId);
  }

  blocksOf(leadId: string): string[] {
    return (sql(this.db, 'SELECT block FROM lead_blocks WHERE workspace_id = ? AND lead_id = ? ORDER BY block').all(this.workspaceId, leadId) as Array<{ block: string }>).map((r) => r.block);
  }

  /**
   * The leads filed under each of these blocks: the few a new sighting is compared with for a similar name
   * at a similar address, oldest first. A lead in several blocks is one object, listed under each. At most
   * `perBlock` leads come back for one block: past a point a block only needs to be known as crowded.
   */
  findInBlocks(blocks: readonly string[], perBlock = Number.MAX_SAFE_INTEGER): Map<string, LeadCandidate[]> {
    const all = [...new Set(blocks)];
    const found = new Map<string, LeadCandidate[]>();
    const byId = new Map<string, LeadCandidate>();
    const stmt = sql(this.db, `SELECT b.block, l.id, l.found_in, l.sources, ${LEAD_COLUMNS.map((c) => `l.${c}`).join(', ')}
      FROM (SELECT value AS block FROM json_each(?)) b JOIN leads l
        ON l.id IN (SELECT lead_id FROM lead_blocks WHERE workspace_id = ? AND block = b.block LIMIT ?)
      WHERE l.merged_into IS NULL ORDER BY l.rowid`);
    for (let i = 0; i < all.length; i += 5000) {
      const rows = stmt.all(JSON.stringify(all.slice(i, i + 5000)), this.workspaceId, perBlock) as Array<Record<string, unknown> & { block: string; id: string }>;
      for (const r of rows) {
        let c = byId.get(r.id);
        if (!c) byId.set(r.id, (c = toCandidate(r)));
        const list = found.get(r.block);
        if (list) list.push(c);
        else found.set(r.block, [c]);
      }
    }
    return found;
  }

  /** The lead, also when the rep merged it into another (its drafts and history still name it). */
  get(id: string): Lead {
    const r = sql(this.db, 'SELECT * FROM leads WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as LeadRow | undefined;
    if (!r) throw new HunterError('NOT_FOUND', `No lead "${id}" in this workspace.`);
    return toLead(r);
  }

  find(id: string): Lead | null {
    const r = sql(this.db, 'SELECT * FROM leads WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as LeadRow | undefined;
    return r ? toLead(r) : null;
  }

  getMany(ids: readonly string[]): Lead[] {
    if (ids.length === 0) return [];
    const out: Lead[] = [];
    const stmt = sql(this.db, `SELECT * FROM leads WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))`);
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = stmt.all(this.workspaceId, JSON.stringify(ids.slice(i, i + 5000))) as LeadRow[];
      out.push(...rows.map(toLead));
    }
    const byId = new Map(out.map((l) => [l.id, l]));
    return ids.map((id) => byId.get(id)).filter((l): l is Lead => !!l);
  }

  setScore(id: string, s: { lead_score: number; score_breakdown: ScoreBreakdown; quality_tier: QualityTier; scored_by: ScoredBy }): void {
    sql(this.db, `UPDATE leads SET lead_score = ?, score_breakdown = ?, quality_tier = ?, scored_by = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`)
      .run(s.lead_score, JSON.stringify(s.score_breakdown), s.quality_tier, s.scored_by, nowIso(), id, this.workspaceId);
  }

  /** Fills fields the lead lacks from what enrichment learned (never overwrites what the rep imported). */
  fillMissing(id: string, fields: Partial<Pick<Lead, 'email' | 'phone' | 'first_name' | 'last_name' | 'title' | 'address'>>): void {
    const sets = Object.keys(fields).filter((k) => ['email', 'phone', 'first_name', 'last_name', 'title', 'address'].includes(k));
    if (sets.length === 0) return;
    sql(this.db, `UPDATE leads SET ${sets.map((k) => `${k} = COALESCE(${k}, @${k})`).join(', ')}, updated_at = @now WHERE id = @id AND workspace_id = @ws`)
      .run({ ...fields, now: nowIso(), id, ws: this.workspaceId });
  }

  private where(q: Pick<LeadQuery, 'tier' | 'search' | 'execution_id'>): { join: string; where: string } {
    const where = ['l.workspace_id = @ws', 'l.merged_into IS NULL'];
    if (q.tier) where.push('l.quality_tier = @tier');
    if (q.search) where.push("(l.name LIKE @like OR l.city LIKE @like OR l.domain LIKE @like OR l.category LIKE @like OR l.email LIKE @like)");
    const join = q.execution_id ? 'JOIN execution_leads el ON el.lead_id = l.id AND el.execution_id = @execution_id' : '';
    return { join, where: where.join(' AND ') };
  }

  query(q: LeadQuery = {}): Lead[] {
    const { join, where } = this.where(q);
    const dir = q.direction ?? (q.order === undefined || q.order === 'score' || q.order === 'tier' || q.order === 'created' ? 'desc' : 'asc');
    const order = `${ORDER_SQL[q.order ?? 'score']} ${dir.toUpperCase()} NULLS LAST, l.name COLLATE NOCASE, l.id`;
    const rows = sql(this.db, `SELECT l.* FROM leads l ${join} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ws: this.workspaceId, tier: q.tier, like: `%${q.search ?? ''}%`, execution_id: q.execution_id, limit: q.limit ?? -1, offset: q.offset ?? 0 }) as LeadRow[];
    return rows.map(toLead);
  }

  count(q: Pick<LeadQuery, 'tier' | 'search' | 'execution_id'> = {}): number {
    const { join, where } = this.where(q);
    return (sql(this.db, `SELECT COUNT(*) AS n FROM leads l ${join} WHERE ${where}`).get({ ws: this.workspaceId, tier: q.tier, like: `%${q.search ?? ''}%`, execution_id: q.execution_id }) as { n: number }).n;
  }

  /** Adds facts (a fact seen again keeps its highest confidence); returns each one's id, in order. */
  addFacts(leadId: string, facts: readonly FactInput[]): string[] {
    return facts.map((f) =>
      (this.insertFact.get({
        id: newId('fact'), workspace_id: this.workspaceId, lead_id: leadId, kind: f.kind, value: f.value,
        detail: f.detail ? JSON.stringify(f.detail) : null, source_url: f.source_url ?? '', method: f.method,
        confidence: Math.max(0, Math.min(1, f.confidence)), observed_at: f.observed_at,
      }) as { id: string }).id,
    );
  }

  /** A lead's facts, by kind, the surest first. */
  facts(leadId: string): Fact[] {
    // The unique index on (lead_id, kind, …) gives the kinds in order; a handful of rows sort by confidence here.
    const rows = sql(this.db, 'SELECT * FROM facts WHERE lead_id = ? AND workspace_id = ?')
      .all(leadId, this.workspaceId) as Array<Omit<Fact, 'detail' | 'source_url'> & { detail: string | null; source_url: string }>;
    rows.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : b.confidence - a.confidence));
    return rows.map((r) => ({ ...r, source_url: r.source_url || null, detail: r.detail ? JSON.parse(r.detail) : undefined }));
  }

  /** Moves facts to another lead (a split or a merge the rep decided); facts the target has already stay put. */
  moveFacts(factIds: readonly string[], toLeadId: string): void {
    const st = sql(this.db, 'UPDATE OR IGNORE facts SET lead_id = ? WHERE id = ? AND workspace_id = ?');
    for (const id of factIds) st.run(toLeadId, id, this.workspaceId);
  }

  factIdsOf(leadId: string): string[] {
    return (sql(this.db, 'SELECT id FROM facts WHERE workspace_id = ? AND lead_id = ?').all(this.workspaceId, leadId) as Array<{ id: string }>).map((r) => r.id);
  }

  setMergedInto(id: string, target: string | null): void {
    sql(this.db, 'UPDATE leads SET merged_into = ?, updated_at = ? WHERE id = ? AND workspace_id = ?').run(target, nowIso(), id, this.workspaceId);
  }

  // ---- merges and links ----

  recordMerge(m: Omit<LeadMerge, 'id' | 'created_at' | 'split_into' | 'split_at'>): string {
    const id = newId('merge');
    sql(this.db, `INSERT INTO lead_merges (id, workspace_id, lead_id, kind, execution_id, source, source_ref, matched_by, sighting, keys, blocks, filled, facts, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, this.workspaceId, m.lead_id, m.kind, m.execution_id, m.source, m.source_ref, m.matched_by, JSON.stringify(m.sighting),
        JSON.stringify(m.keys), JSON.stringify(m.blocks), JSON.stringify(m.filled), JSON.stringify(m.facts), nowIso());
    return id;
  }

  /** Sightings of one execution already filed by a merge (a resumed import reads them again), by source and ref. */
  mergedSightings(executionId: string, refs: ReadonlyArray<{ source: string; source_ref: string }>): Map<string, string> {
    const out = new Map<string, string>();
    if (refs.length === 0) return out;
    // One index probe per sighting (workspace, execution, source, ref), however many the execution merged.
    // CROSS JOIN keeps the sightings the outer loop: the planner would otherwise scan every merge of the execution.
    const rows = sql(this.db, `SELECT m.source, m.source_ref, m.lead_id FROM json_each(?) j CROSS JOIN lead_merges m
        ON m.workspace_id = ? AND m.execution_id = ? AND m.source = json_extract(j.value, '$[0]') AND m.source_ref = json_extract(j.value, '$[1]')
        WHERE m.kind = 'sighting'`)
      .all(JSON.stringify(refs.map((r) => [r.source, r.source_ref])), this.workspaceId, executionId) as Array<{ source: string; source_ref: string; lead_id: string }>;
    for (const r of rows) out.set(`${r.source}\u001f${r.source_ref}`, r.lead_id);
    return out;
  }

  merges(leadId: string): LeadMerge[] {
    return (sql(this.db, 'SELECT * FROM lead_merges WHERE workspace_id = ? AND lead_id = ? ORDER BY created_at, rowid').all(this.workspaceId, leadId) as Array<Record<string, string | null>>).map(toMerge);
  }

  merge(id: string): LeadMerge {
    const r = sql(this.db, 'SELECT * FROM lead_merges WHERE workspace_id = ? AND id = ?').get(this.workspaceId, id) as Record<string, string | null> | undefined;
    if (!r) throw new HunterError('NOT_FOUND', `No merge "${id}" in this workspace; "hunter leads show LEAD" lists a lead's merges.`);
    return toMerge(r);
  }

  markSplit(mergeId: string, intoLeadId: string): void {
    sql(this.db, 'UPDATE lead_merges SET split_into = ?, split_at = ? WHERE id = ? AND workspace_id = ?').run(intoLeadId, nowIso(), mergeId, this.workspaceId);
  }

  /** How many sightings an execution merged into known leads. */
  mergeCount(executionId: string): number {
    return (sql(this.db, "SELECT COUNT(*) AS n FROM lead_merges WHERE workspace_id = ? AND execution_id = ? AND kind = 'sighting'").get(this.workspaceId, executionId) as { n: number }).n;
  }

  /** Links two leads as possibly one business, unless the rep already said they are not. */
  link(a: string, b: string, matchedBy: string, status: LeadLink['status'] = 'possible'): void {
    if (a === b) return;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    sql(this.db, `INSERT INTO lead_links (workspace_id, lead_id, other_id, matched_by, status, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace_id, lead_id, other_id) DO UPDATE SET status = CASE WHEN excluded.status = 'distinct' THEN 'distinct' ELSE lead_links.status END,
          decided_at = CASE WHEN excluded.status = 'distinct' THEN excluded.decided_at ELSE lead_links.decided_at END`)
      .run(this.workspaceId, lo, hi, matchedBy, status, nowIso(), status === 'distinct' ? nowIso() : null);
  }

  unlink(a: string, b: string): void {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    sql(this.db, 'DELETE FROM lead_links WHERE workspace_id = ? AND lead_id = ? AND other_id = ?').run(this.workspaceId, lo, hi);
  }

  links(leadId: string): LeadLink[] {
    return sql(this.db, 'SELECT lead_id, other_id, matched_by, status, created_at, decided_at FROM lead_links WHERE workspace_id = ? AND (lead_id = ? OR other_id = ?) ORDER BY created_at')
      .all(this.workspaceId, leadId, leadId) as LeadLink[];
  }

  /** How many leads of an execution were linked to another as "may be related" (each pair once). */
  possibleLinkCount(executionId: string): number {
    return (sql(this.db, `SELECT COUNT(*) AS n FROM lead_links k WHERE k.workspace_id = ? AND k.status = 'possible'
        AND (k.lead_id IN (SELECT lead_id FROM execution_leads WHERE execution_id = ?) OR k.other_id IN (SELECT lead_id FROM execution_leads WHERE execution_id = ?))`)
      .get(this.workspaceId, executionId, executionId) as { n: number }).n;
  }
}

function toCandidate(r: Record<string, unknown>): LeadCandidate {
  const c: Record<string, unknown> = { id: r.id, found_in: r.found_in ?? null, sources: JSON.parse(r.sources as string) as LeadSource[], name: r.name };
  // Absent, not null: the candidate reads like a lead input.
  for (const f of LEAD_COLUMNS) if (r[f] != null) c[f] = r[f];
  return c as LeadCandidate;
}

function toMerge(r: Record<string, string | null>): LeadMerge {
  return {
    id: r.id!, lead_id: r.lead_id!, kind: r.kind as LeadMerge['kind'], execution_id: r.execution_id ?? null, source: r.source!, source_ref: r.source_ref!,
    matched_by: r.matched_by!, sighting: JSON.parse(r.sighting!), keys: JSON.parse(r.keys!), blocks: JSON.parse(r.blocks!), filled: JSON.parse(r.filled!),
    facts: JSON.parse(r.facts!), created_at: r.created_at!, split_into: r.split_into ?? null, split_at: r.split_at ?? null,
  };
}

export function toLead(r: LeadRow): Lead {
  const { dedupe_key: _k, ...rest } = r;
  const sources = JSON.parse(r.sources) as LeadSource[];
  return {
    ...rest,
    sources,
    source: sources[0] ?? 'csv',
    score_breakdown: r.score_breakdown ? (JSON.parse(r.score_breakdown) as ScoreBreakdown) : null,
  } as Lead;
}
