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

const LEAD_COLUMNS = [
  'name', 'website', 'domain', 'phone', 'email', 'address', 'city', 'country', 'category', 'rating', 'review_count',
  'first_name', 'last_name', 'title', 'linkedin', 'place_id', 'source_ref',
] as const;

export interface NewLead extends LeadInput {
  /** Decided by the caller (de-duplication rules live with the sources, not in storage). */
  dedupe_key: string;
  domain?: string | null;
}

/** A stored lead as a new sighting is compared with it: its name, where it is, and its identities. */
export interface LeadCandidate {
  id: string;
  dedupe_key: string;
  name: string;
  website?: string;
  phone?: string;
  address?: string;
  city?: string;
  country?: string;
  place_id?: string;
}

const CANDIDATE_FIELDS = ['website', 'phone', 'address', 'city', 'country', 'place_id'] as const;

export interface LeadQuery {
  tier?: QualityTier;
  search?: string;
  execution_id?: string;
  order?: 'score' | 'name' | 'created';
  limit?: number;
  offset?: number;
}

/** Leads and their facts, for one workspace. */
export class Leads {
  private readonly inserts = new Map<number, Statement>();
  private readonly merge;
  private readonly insertFact;

  constructor(private readonly db: Db, readonly workspaceId: string) {
    // A lead found again keeps its first values and gains what it lacked, plus the new source.
    const fill = LEAD_COLUMNS.filter((c) => c !== 'name' && c !== 'source_ref')
      .map((c) => `${c} = COALESCE(leads.${c}, excluded.${c})`)
      .join(', ');
    this.merge = db.prepare(`UPDATE leads SET ${fill},
        sources = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(leads.sources) UNION SELECT value FROM json_each(excluded.sources))),
        updated_at = excluded.updated_at
      FROM (SELECT ${LEAD_COLUMNS.map((c) => `? AS ${c}`).join(', ')}, ? AS sources, ? AS updated_at) AS excluded
      WHERE leads.workspace_id = ? AND leads.dedupe_key = ? RETURNING leads.id`);
    this.insertFact = db.prepare(`INSERT INTO facts (id, workspace_id, lead_id, kind, value, detail, source_url, method, confidence, observed_at)
      VALUES (@id, @workspace_id, @lead_id, @kind, @value, @detail, @source_url, @method, @confidence, @observed_at)
      ON CONFLICT (lead_id, kind, value, source_url) DO UPDATE SET confidence = MAX(facts.confidence, excluded.confidence),
        observed_at = excluded.observed_at, detail = COALESCE(excluded.detail, facts.detail)`);
  }

  /** Inserts or merges leads; returns each one's id in input order. Call inside a transaction. */
  upsertMany(leads: readonly NewLead[]): string[] {
    const now = nowIso();
    const ids: string[] = new Array(leads.length);
    for (let i = 0; i < leads.length; i++) {
      const l = leads[i]!;
      const row = l as unknown as Record<string, unknown>;
      // Only the columns the lead has: binding a dozen NULLs costs more than the row itself. Imports
      // repeat the same few shapes, so the statements are few and cached.
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
      const src = `["${l.source}"]`;
      try {
        // The common case is a new business: a plain insert.
        this.insertFor(mask).run(id, this.workspaceId, ...values, src, l.dedupe_key, now, now);
        ids[i] = id;
      } catch (err) {
        // One seen before hits the unique key and merges into the lead that has it.
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        ids[i] = (this.merge.get([...LEAD_COLUMNS.map((c) => row[c] ?? null), src, now, this.workspaceId, l.dedupe_key]) as { id: string }).id;
      }
    }
    return ids;
  }

  private insertFor(mask: number): Statement {
    let st = this.inserts.get(mask);
    if (!st) {
      const cols = LEAD_COLUMNS.filter((_, c) => mask & (1 << c));
      st = this.db.prepare(`INSERT INTO leads (id, workspace_id, ${cols.map((c) => c + ', ').join('')}sources, dedupe_key, created_at, updated_at)
        VALUES (${new Array(cols.length + 6).fill('?').join(', ')})`);
      this.inserts.set(mask, st);
    }
    return st;
  }

  /**
   * For each set of identity keys, the lead already known by any of them (or null): how a business found
   * again by another source, or in another run, becomes the same lead.
   */
  findByKeys(keySets: readonly (readonly string[])[]): Array<{ id: string; dedupe_key: string } | null> {
    const all = [...new Set(keySets.flat())];
    const known = new Map<string, { id: string; dedupe_key: string }>();
    for (let i = 0; i < all.length; i += 5000) {
      const rows = sql(this.db, `SELECT k.key, l.id, l.dedupe_key FROM lead_keys k JOIN leads l ON l.id = k.lead_id
        WHERE k.workspace_id = ? AND k.key IN (SELECT value FROM json_each(?))`).all(this.workspaceId, JSON.stringify(all.slice(i, i + 5000))) as Array<{ key: string; id: string; dedupe_key: string }>;
      for (const r of rows) known.set(r.key, { id: r.id, dedupe_key: r.dedupe_key });
    }
    return keySets.map((keys) => {
      for (const k of keys) {
        const hit = known.get(k);
        if (hit) return hit;
      }
      return null;
    });
  }

  /** Records the identity keys of a lead; a key already held by another lead stays with it. */
  addKeys(leadId: string, keys: readonly string[]): void {
    const st = sql(this.db, 'INSERT OR IGNORE INTO lead_keys (workspace_id, key, lead_id) VALUES (?, ?, ?)');
    for (const k of keys) st.run(this.workspaceId, k, leadId);
  }

  /** Files a lead under its similarity blocks (kept beside those of its earlier sightings). */
  addBlocks(leadId: string, blocks: readonly string[]): void {
    const st = sql(this.db, 'INSERT OR IGNORE INTO lead_blocks (workspace_id, block, lead_id) VALUES (?, ?, ?)');
    for (const b of blocks) st.run(this.workspaceId, b, leadId);
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
    const stmt = sql(this.db, `SELECT b.block, l.id, l.dedupe_key, l.name, ${CANDIDATE_FIELDS.map((c) => `l.${c}`).join(', ')}
      FROM (SELECT value AS block FROM json_each(?)) b JOIN leads l
        ON l.id IN (SELECT lead_id FROM lead_blocks WHERE workspace_id = ? AND block = b.block LIMIT ?)
      ORDER BY l.rowid`);
    for (let i = 0; i < all.length; i += 5000) {
      const rows = stmt.all(JSON.stringify(all.slice(i, i + 5000)), this.workspaceId, perBlock) as Array<{ block: string; id: string; dedupe_key: string; name: string } & Record<(typeof CANDIDATE_FIELDS)[number], string | null>>;
      for (const r of rows) {
        let c = byId.get(r.id);
        if (!c) {
          c = { id: r.id, dedupe_key: r.dedupe_key, name: r.name };
          // Absent, not null: the candidate reads like a lead input.
          for (const f of CANDIDATE_FIELDS) if (r[f] != null) c[f] = r[f];
          byId.set(r.id, c);
        }
        const list = found.get(r.block);
        if (list) list.push(c);
        else found.set(r.block, [c]);
      }
    }
    return found;
  }

  get(id: string): Lead {
    const r = sql(this.db, 'SELECT * FROM leads WHERE id = ? AND workspace_id = ?').get(id, this.workspaceId) as LeadRow | undefined;
    if (!r) throw new HunterError('NOT_FOUND', `No lead "${id}" in this workspace.`);
    return toLead(r);
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

  query(q: LeadQuery = {}): Lead[] {
    const where = ['l.workspace_id = @ws'];
    if (q.tier) where.push('l.quality_tier = @tier');
    if (q.search) where.push("(l.name LIKE @like OR l.city LIKE @like OR l.domain LIKE @like OR l.category LIKE @like)");
    const join = q.execution_id ? 'JOIN execution_leads el ON el.lead_id = l.id AND el.execution_id = @execution_id' : '';
    const order = q.order === 'name' ? 'l.name COLLATE NOCASE' : q.order === 'created' ? 'l.created_at' : 'l.lead_score DESC NULLS LAST, l.name';
    const rows = sql(this.db, `SELECT l.* FROM leads l ${join} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ws: this.workspaceId, tier: q.tier, like: `%${q.search ?? ''}%`, execution_id: q.execution_id, limit: q.limit ?? -1, offset: q.offset ?? 0 }) as LeadRow[];
    return rows.map(toLead);
  }

  count(q: Pick<LeadQuery, 'tier' | 'execution_id'> = {}): number {
    const join = q.execution_id ? 'JOIN execution_leads el ON el.lead_id = l.id AND el.execution_id = @execution_id' : '';
    const where = q.tier ? 'AND l.quality_tier = @tier' : '';
    return (sql(this.db, `SELECT COUNT(*) AS n FROM leads l ${join} WHERE l.workspace_id = @ws ${where}`).get({ ws: this.workspaceId, ...q }) as { n: number }).n;
  }

  addFacts(leadId: string, facts: readonly FactInput[]): void {
    for (const f of facts) {
      this.insertFact.run({
        id: newId('fact'), workspace_id: this.workspaceId, lead_id: leadId, kind: f.kind, value: f.value,
        detail: f.detail ? JSON.stringify(f.detail) : null, source_url: f.source_url ?? '', method: f.method,
        confidence: Math.max(0, Math.min(1, f.confidence)), observed_at: f.observed_at,
      });
    }
  }

  facts(leadId: string): Fact[] {
    const rows = sql(this.db, 'SELECT * FROM facts WHERE workspace_id = ? AND lead_id = ? ORDER BY kind, confidence DESC')
      .all(this.workspaceId, leadId) as Array<Omit<Fact, 'detail' | 'source_url'> & { detail: string | null; source_url: string }>;
    return rows.map((r) => ({ ...r, source_url: r.source_url || null, detail: r.detail ? JSON.parse(r.detail) : undefined }));
  }
}

export function toLead(r: LeadRow): Lead {
  const { dedupe_key: _k, ...rest } = r;
  return {
    ...rest,
    sources: JSON.parse(r.sources) as LeadSource[],
    source: (JSON.parse(r.sources) as LeadSource[])[0] ?? 'csv',
    score_breakdown: r.score_breakdown ? (JSON.parse(r.score_breakdown) as ScoreBreakdown) : null,
  } as Lead;
}
