import type { FactInput, LeadInput, LeadSource } from '../core/domain';
import { HunterError } from '../core/errors';
import { identityKeys, judge, keyKind, similarityBlocks, type Comparable, type IdentityOptions, type Verdict } from '../core/identity';
import { parsePhone } from '../core/phone';
import { ownDomain } from '../core/web-address';
import { normaliseName } from '../core/business-name';
import { LEAD_COLUMNS, type LeadColumn } from './lead-columns';
import type { LeadCandidate, Leads } from './leads';

/** One business as a source saw it: a CSV row, a Maps place, an OSM node. */
export interface Sighting {
  lead: LeadInput;
  facts: readonly FactInput[];
}

export interface FilingContext {
  execution_id: string | null;
  /** The stream position of the first sighting, which names a sighting its source gave no reference for. */
  ordinal: number;
  defaultCountry?: string | undefined;
}

/** What became of a sighting: a new lead, merged into a known one, or read again (a resumed import). */
export interface Filed {
  lead_id: string;
  outcome: 'new' | 'merged' | 'seen';
  matched_by: string | null;
  /** Leads it shares a key with but not the rest, linked as "may be related". */
  related: string[];
}

/** More leads than this in one block, and its word says little about which business a lead is. */
const CROWDED_BLOCK = 100;

/** The columns a later sighting may fill in: everything but the first sighting's name and reference. */
const FILLABLE = LEAD_COLUMNS.filter((c) => c !== 'name' && c !== 'source_ref' && c !== 'rating' && c !== 'review_count' && c !== 'domain');

const KEY_STRENGTH: Record<string, number> = { place: 0, domain: 1, phone: 2, name: 3 };

interface Entry {
  id: string;
  /** The lead as it stands now (a merge in this batch makes a new object: comparisons cache by object). */
  lead: Comparable & Partial<Record<LeadColumn, unknown>>;
  sources: LeadSource[];
  found_in: string | null;
}

/**
 * Files sightings as leads by the identity rule (core/identity.ts): each joins the lead it is the same
 * business as, or becomes a lead of its own, linked to those it only shares a key with. Every merge is
 * recorded with its key and what it filled in, so the rep can see it and split it off again. Call inside
 * a transaction; the batch is compared with the stored leads and with its own earlier sightings.
 */
export function fileSightings(leads: Leads, sightings: readonly Sighting[], ctx: FilingContext): Filed[] {
  const o: IdentityOptions = { defaultCountry: ctx.defaultCountry };
  const items = sightings.map((s, i) => ({
    s,
    ref: s.lead.source_ref ?? `#${ctx.ordinal + i}`,
    keys: identityKeys(s.lead, o),
    blocks: similarityBlocks(s.lead),
  }));
  const storedByKey = leads.candidatesByKeys(items.flatMap((x) => x.keys));
  const entries = new Map<string, Entry>();
  const entryOf = (c: LeadCandidate): Entry => {
    let e = entries.get(c.id);
    if (!e) {
      const { id: _id, found_in, sources, ...lead } = c;
      entries.set(c.id, (e = { id: c.id, lead: lead as Entry['lead'], sources, found_in }));
    }
    return e;
  };
  // Only sightings no stored key places need the fuzzy look at their blocks.
  const needBlocks = items.filter((x) => !x.keys.some((k) => (storedByKey.get(k) ?? []).some((c) => judge(x.s.lead, entryOf(c).lead, o).verdict === 'same')));
  const storedByBlock = leads.findInBlocks(needBlocks.flatMap((x) => x.blocks), CROWDED_BLOCK + 1);
  const recorded = ctx.execution_id ? leads.mergedSightings(ctx.execution_id, items.map((x) => ({ source: x.s.lead.source, source_ref: x.ref }))) : new Map<string, string>();

  // Earlier sightings of this batch by key and by block, as lead ids: `entries` holds each lead as it stands now.
  const batchByKey = new Map<string, string[]>();
  const batchByBlock = new Map<string, string[]>();
  const file = (map: Map<string, string[]>, k: string, id: string) => {
    const list = map.get(k);
    if (!list) map.set(k, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  const current = (id: string): Entry => entries.get(id)!;

  return items.map((x): Filed => {
    const { lead } = x.s;
    const again = recorded.get(`${lead.source}\u001f${x.ref}`);
    if (again) {
      leads.addFacts(again, x.s.facts);
      return { lead_id: again, outcome: 'seen', matched_by: null, related: [] };
    }
    // Everyone who shares a key, stored or earlier in this batch, the strongest key first.
    const byKey: Entry[] = [];
    for (const k of x.keys) {
      for (const c of storedByKey.get(k) ?? []) {
        const e = current(entryOf(c).id);
        if (!byKey.includes(e)) byKey.push(e);
      }
      for (const id of batchByKey.get(k) ?? []) if (!byKey.includes(current(id))) byKey.push(current(id));
    }
    // The row that created a lead, read again by a resumed import, is that lead.
    const creator = ctx.execution_id ? byKey.find((e) => e.found_in === ctx.execution_id && e.lead.source_ref === x.ref && e.sources[0] === lead.source) : undefined;
    if (creator) {
      leads.addFacts(creator.id, x.s.facts);
      for (const k of x.keys) file(batchByKey, k, creator.id);
      return { lead_id: creator.id, outcome: 'seen', matched_by: null, related: [] };
    }
    const judged = byKey.map((e) => ({ e, v: judge(lead, e.lead, o) }));
    const same = judged
      .filter((j): j is { e: Entry; v: Extract<Verdict, { verdict: 'same' }> } => j.v.verdict === 'same')
      .sort((a, b) => KEY_STRENGTH[keyKind(a.v.by)]! - KEY_STRENGTH[keyKind(b.v.by)]!)[0];
    let target = same?.e;
    let by: string | null = same?.v.by ?? null;
    if (!target) {
      const found = lookalike(lead, x.blocks, storedByBlock, batchByBlock, (c) => current(entryOf(c).id), current, o);
      if (found) [target, by] = [found, 'name'];
    }
    const related = [...new Set(judged.filter((j) => j.v.verdict === 'related' && j.e !== target).map((j) => j.e))];

    let entry: Entry;
    let outcome: Filed['outcome'];
    if (target) {
      entry = joinLead(leads, target, x, by!, ctx);
      entries.set(entry.id, entry);
      outcome = 'merged';
    } else {
      const id = leads.insertMany([{ ...lead, domain: ownDomain(lead.website), found_in: ctx.execution_id }])[0]!;
      leads.addKeys(id, x.keys);
      leads.addBlocks(id, x.blocks);
      leads.addFacts(id, x.s.facts);
      entry = { id, lead: { ...lead }, sources: [lead.source], found_in: ctx.execution_id };
      entries.set(id, entry);
      outcome = 'new';
    }
    for (const k of x.keys) file(batchByKey, k, entry.id);
    for (const b of x.blocks) file(batchByBlock, b, entry.id);
    for (const j of judged) if (j.v.verdict === 'related' && j.e.id !== entry.id) leads.link(entry.id, j.e.id, j.v.by);
    return { lead_id: entry.id, outcome, matched_by: by, related: related.map((r) => r.id) };
  });
}

/** A lead no key recognised may still be a known business under a slightly different name, in its blocks. */
function lookalike(
  lead: LeadInput, blocks: readonly string[], stored: ReadonlyMap<string, readonly LeadCandidate[]>, batch: ReadonlyMap<string, readonly string[]>,
  entryOf: (c: LeadCandidate) => Entry, current: (id: string) => Entry, o: IdentityOptions,
): Entry | undefined {
  // A block whose word half the town's businesses share ("zahnarztpraxis") would compare each new lead with
  // all of them; the lead's other block, named for a rarer word, finds its lookalike.
  const sizes = blocks.map((b) => (stored.get(b)?.length ?? 0) + (batch.get(b)?.length ?? 0));
  let searched = blocks.filter((_, j) => sizes[j]! <= CROWDED_BLOCK);
  if (searched.length === 0 && blocks.length > 0) searched = [blocks[sizes.indexOf(Math.min(...sizes))]!];
  const compared = new Set<string>();
  // Stored leads first: the business was known before this batch.
  for (const pool of [0, 1]) {
    for (const b of searched) {
      const list: readonly Entry[] = pool === 0 ? (stored.get(b) ?? []).map(entryOf) : (batch.get(b) ?? []).map(current);
      for (const e of list) {
        if (compared.has(e.id)) continue;
        compared.add(e.id);
        if (judge(lead, e.lead, o).verdict === 'same') return e;
      }
    }
  }
  return undefined;
}

/** Merges a sighting into a lead: fills what the lead lacks, records the merge and what it filled. */
function joinLead(leads: Leads, target: Entry, x: { s: Sighting; ref: string; keys: string[]; blocks: string[] }, by: string, ctx: FilingContext): Entry {
  const { lead } = x.s;
  const cur = target.lead as Record<string, unknown>;
  const next: Record<string, unknown> = { ...cur };
  const filled: Record<string, { before: unknown; after: unknown }> = {};
  const set = (c: string, v: unknown) => {
    filled[c] = { before: cur[c] ?? null, after: v };
    next[c] = v;
  };
  for (const c of FILLABLE) {
    const v = (lead as unknown as Record<string, unknown>)[c];
    if (cur[c] == null && v != null && v !== '') set(c, v);
  }
  if (filled.website) set('domain', ownDomain(lead.website));
  // A rating travels with its review count, from whichever sighting has more reviews.
  if (lead.rating != null && (lead.review_count ?? -1) > (Number(cur.review_count ?? -1))) {
    set('rating', lead.rating);
    set('review_count', lead.review_count ?? null);
  }
  const sources = target.sources.includes(lead.source) ? target.sources : [...target.sources, lead.source];
  const values = Object.fromEntries(Object.keys(filled).map((c) => [c, next[c]])) as Partial<Record<LeadColumn, unknown>>;
  if (Object.keys(values).length > 0 || sources !== target.sources) leads.updateColumns(target.id, values, sources !== target.sources ? sources : undefined);
  leads.addKeys(target.id, x.keys);
  leads.addBlocks(target.id, x.blocks);
  const factIds = leads.addFacts(target.id, x.s.facts);
  leads.recordMerge({
    lead_id: target.id, kind: 'sighting', execution_id: ctx.execution_id, source: lead.source, source_ref: x.ref, matched_by: by,
    sighting: lead, keys: x.keys, blocks: x.blocks, filled, facts: factIds,
  });
  return { ...target, lead: next as Entry['lead'], sources };
}

/**
 * The keys and blocks a lead keeps after a merge is taken out: those its own fields still give, and
 * those another merge still in it brought.
 */
function remaining(leads: Leads, leadId: string, removedMergeId: string): { keys: Set<string>; blocks: Set<string> } {
  const lead = leads.get(leadId);
  const keys = new Set<string>();
  const blocks = new Set<string>(similarityBlocks(lead));
  for (const m of leads.merges(leadId)) {
    if (m.id === removedMergeId || m.split_into) continue;
    for (const k of m.keys) keys.add(k);
    for (const b of m.blocks) blocks.add(b);
  }
  for (const k of leads.keysOf(leadId)) if (ownKey(lead, k)) keys.add(k);
  return { keys, blocks };
}

/** Whether the lead's own fields give this key (a phone is read in the country its key says). */
function ownKey(lead: LeadInput, key: string): boolean {
  const value = key.slice(key.indexOf(':') + 1);
  switch (keyKind(key)) {
    case 'place':
      return lead.place_id?.trim() === value;
    case 'domain':
      return ownDomain(lead.website) === value;
    case 'phone': {
      const country = parsePhone(value)?.country ?? lead.country;
      return parsePhone(lead.phone, country)?.e164 === value;
    }
    case 'name':
      return value.startsWith(`${normaliseName(lead.name)}|`);
  }
}

/**
 * Splits a merge off a lead: a sighting becomes a lead of its own again (a lead the rep had merged comes
 * back), with the facts it brought; the fields it filled in are cleared; the two are linked as distinct
 * so no later run joins them again. Returns the lead that came out. Call inside a transaction.
 */
export function splitMerge(leads: Leads, leadId: string, mergeId: string): string {
  const m = leads.merge(mergeId);
  if (m.lead_id !== leadId) throw new HunterError('NOT_FOUND', `Merge "${mergeId}" is not one of lead "${leadId}"'s.`);
  if (m.split_into) throw new HunterError('CONFLICT', `That merge was already split off, into lead "${m.split_into}".`);
  const lead = leads.get(leadId) as unknown as Record<string, unknown>;
  // Clear what the merge filled in, unless something changed it since.
  const revert: Partial<Record<LeadColumn, unknown>> = {};
  for (const [c, f] of Object.entries(m.filled)) if (lead[c] === f.after) revert[c as LeadColumn] = f.before;
  const others = leads.merges(leadId).filter((x) => x.id !== m.id && !x.split_into);
  const sources = (lead.sources as LeadSource[]).filter((s, i) => i === 0 || s !== m.source || others.some((x) => x.source === s));
  leads.updateColumns(leadId, revert, sources);

  let out: string;
  if (m.kind === 'lead') {
    out = (m.sighting as { lead_id: string }).lead_id;
    leads.setMergedInto(out, null);
  } else {
    const s = m.sighting as LeadInput;
    out = leads.insertMany([{ ...s, domain: ownDomain(s.website), found_in: m.execution_id }])[0]!;
  }
  const keep = remaining(leads, leadId, m.id);
  leads.removeKeys(leadId, m.keys.filter((k) => !keep.keys.has(k)));
  leads.removeBlocks(leadId, m.blocks.filter((b) => !keep.blocks.has(b)));
  leads.addKeys(out, m.keys);
  leads.addBlocks(out, m.blocks);
  leads.moveFacts(m.facts, out);
  leads.markSplit(m.id, out);
  leads.link(leadId, out, m.matched_by, 'distinct');
  return out;
}

/**
 * The rep's decision that two leads are one business: the second joins the first (its fields fill gaps,
 * its facts, keys and blocks move), and is kept, marked merged, because its drafts and history name it.
 * Recorded like any merge, so it can be split again. Call inside a transaction.
 */
export function mergeLeadsByRep(leads: Leads, targetId: string, otherId: string): string {
  if (targetId === otherId) throw new HunterError('INVALID_INPUT', 'A lead cannot be merged into itself.');
  const target = leads.get(targetId);
  const other = leads.get(otherId);
  for (const l of [target, other]) if (l.merged_into) throw new HunterError('CONFLICT', `Lead "${l.name}" was already merged into "${l.merged_into}".`);
  const cur = target as unknown as Record<string, unknown>;
  const src = other as unknown as Record<string, unknown>;
  const filled: Record<string, { before: unknown; after: unknown }> = {};
  for (const c of [...FILLABLE, 'domain' as const]) if (cur[c] == null && src[c] != null) filled[c] = { before: null, after: src[c] };
  if (other.rating != null && (other.review_count ?? -1) > (target.review_count ?? -1)) {
    filled.rating = { before: target.rating ?? null, after: other.rating };
    filled.review_count = { before: target.review_count ?? null, after: other.review_count ?? null };
  }
  const sources = [...new Set([...target.sources, ...other.sources])];
  leads.updateColumns(targetId, Object.fromEntries(Object.entries(filled).map(([c, f]) => [c, f.after])), sources);
  const keys = leads.keysOf(otherId);
  const blocks = leads.blocksOf(otherId);
  const facts = leads.factIdsOf(otherId);
  leads.addKeys(targetId, keys);
  leads.addBlocks(targetId, blocks);
  leads.removeKeys(otherId, keys);
  leads.removeBlocks(otherId, blocks);
  leads.moveFacts(facts, targetId);
  leads.setMergedInto(otherId, targetId);
  leads.unlink(targetId, otherId);
  return leads.recordMerge({
    lead_id: targetId, kind: 'lead', execution_id: null, source: other.source, source_ref: otherId, matched_by: 'rep',
    sighting: { lead_id: otherId, name: other.name }, keys, blocks, filled, facts,
  });
}
