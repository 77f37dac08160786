import { actionMicros } from '../../core/action-prices';
import type { AgentConfig } from '../../core/agent-config';
import type { Fact, FactInput, LeadInput, QualityTier, ScoreBreakdown, ScoredBy } from '../../core/domain';
import { scoreHeuristic } from '../../core/scoring';
import { tierFor } from '../../core/tiers';
import type { Recipe, RecipeRuntime, StepCharge, StepRuntime } from '../../engine/types';
import type { Lead } from '../../core/domain';

/** One record from a discovery source: a business, or a coded error for the row or place it came from. */
export type SourceRecord =
  | { kind: 'lead'; lead: LeadInput; facts: FactInput[] }
  | { kind: 'error'; ref: string; code: string; message: string };

/** The action component of discovery: a source of businesses (CSV, Google Maps, OpenStreetMap). */
export interface DiscoverySource {
  id: string;
  records(rt: RecipeRuntime): AsyncIterable<SourceRecord>;
}

/** The AI component of discovery: scores a lead 0..1 with a breakdown. */
export interface LeadScorer {
  score(lead: Lead, facts: Fact[], agent: AgentConfig, rt: StepRuntime): Promise<{
    lead_score: number;
    score_breakdown: ScoreBreakdown;
    scored_by: ScoredBy;
    reasons: string[];
    cost_micros: number;
    api_calls: number;
    /** What model attempts cost, one charge per attempt (a model scorer's). */
    charges?: StepCharge[];
  }>;
}

export const heuristicScorer: LeadScorer = {
  async score(lead, facts, agent) {
    const s = scoreHeuristic(lead, facts, agent);
    return { ...s, scored_by: 'heuristic', cost_micros: actionMicros('discovery.score.heuristic'), api_calls: 0 };
  },
};

export interface DiscoveryDeps {
  sources: (rt: RecipeRuntime) => DiscoverySource[];
  scorer: LeadScorer;
  /** Every identity a lead is known by, strongest first (own domain, E.164 phone, place id; its name in its place when it has none of these). */
  identityKeys: (lead: LeadInput) => string[];
  /**
   * The similarity blocks a lead is filed under. A lead no identity recognises is compared only with the
   * leads that share one of its blocks, stored or earlier in the same batch, so the fuzzy match stays cheap.
   */
  similarityBlocks: (lead: LeadInput) => string[];
  /** Whether two sightings are one business although they share no identity (a similar name at a similar address). */
  sameBusiness: (lead: LeadInput, known: ComparableLead) => boolean;
  domainOf: (website: string | undefined) => string | null;
  /** The most one scoring step may cost (a model call), reserved before it runs. */
  maxScoreMicros?: number;
}

/** What a known lead is compared by: its name, where it is, and its identities. */
export type ComparableLead = Pick<LeadInput, 'name'> & Partial<Pick<LeadInput, 'website' | 'phone' | 'address' | 'city' | 'country' | 'place_id'>>;

const BATCH = 1000;
/** More leads than this in one block, and its word says little about which business a lead is. */
const CROWDED_BLOCK = 100;

export interface ScoreResult {
  lead_score: number;
  score_breakdown: ScoreBreakdown;
  quality_tier: QualityTier;
  scored_by: ScoredBy;
  reasons: string[];
}

/**
 * Discovery: reads businesses from the agent's sources into leads (de-duplicated), then scores each one
 * and sorts it into gold, silver or skipped by the agent's threshold.
 */
export function discoveryRecipe(deps: DiscoveryDeps): Recipe {
  return {
    id: 'discovery',
    provider: 'local',
    maxStepMicros: deps.maxScoreMicros ?? actionMicros('discovery.score.heuristic'),
    maxStepApiCalls: 0,
    buildPayload: ({ agent }) => ({
      keywords: agent.keywords,
      location: agent.location,
      business_type: agent.business_type ?? null,
      sources: agent.sources,
      max_results: agent.max_results,
    }),

    async prepare(rt) {
      const { store, execution } = rt;
      let ordinal = 0;
      let rows = 0;
      let batch: Array<{ lead: LeadInput; facts: FactInput[] }> = [];
      const flush = () => {
        if (batch.length === 0) return;
        const items = batch;
        batch = [];
        store.tx(() => {
          // A business already known by any of its identities (from another source, another run, or
          // earlier in this batch) takes that lead's key, so it merges into it instead of a second lead.
          const keySets = items.map((x) => deps.identityKeys(x.lead));
          const known = store.leads.findByKeys(keySets);
          // One the identities miss may still be a known business under a slightly different name: it is
          // compared with the stored leads and the earlier sightings of this batch that share a block.
          const blockSets = items.map((x) => deps.similarityBlocks(x.lead));
          const stored = store.leads.findInBlocks(blockSets.filter((_, i) => !known[i]).flat(), CROWDED_BLOCK + 1);
          const inBatch = new Map<string, string>();
          const batchBlocks = new Map<string, Array<LeadInput & { dedupe_key: string }>>();
          const pools: ReadonlyArray<ReadonlyMap<string, ReadonlyArray<ComparableLead & { dedupe_key: string }>>> = [stored, batchBlocks];
          // A block whose word half the town's businesses share ("zahnarztpraxis") would compare each new
          // lead with all of them; the lead's other block, named for a rarer word, finds its lookalike.
          const uncrowded = (blocks: readonly string[]): readonly string[] => {
            const sizes = blocks.map((b) => (stored.get(b)?.length ?? 0) + (batchBlocks.get(b)?.length ?? 0));
            const open = blocks.filter((_, j) => sizes[j]! <= CROWDED_BLOCK);
            if (open.length > 0 || blocks.length === 0) return open;
            return [blocks[sizes.indexOf(Math.min(...sizes))]!];
          };
          // Stored leads first: the business was known before this batch.
          const lookalike = (lead: LeadInput, blocks: readonly string[]): string | undefined => {
            const compared = new Set<object>();
            const searched = uncrowded(blocks);
            for (const pool of pools) {
              for (const b of searched) {
                for (const other of pool.get(b) ?? []) {
                  if (compared.has(other)) continue;
                  compared.add(other);
                  if (deps.sameBusiness(lead, other)) return other.dedupe_key;
                }
              }
            }
            return undefined;
          };
          const dedupeKeys = keySets.map((keys, i) => {
            const lead = items[i]!.lead;
            const dk = known[i]?.dedupe_key ?? keys.map((k) => inBatch.get(k)).find(Boolean) ?? lookalike(lead, blockSets[i]!) ?? keys[0]!;
            for (const k of keys) if (!inBatch.has(k)) inBatch.set(k, dk);
            const sighting = { ...lead, dedupe_key: dk };
            for (const b of blockSets[i]!) {
              const list = batchBlocks.get(b);
              if (list) list.push(sighting);
              else batchBlocks.set(b, [sighting]);
            }
            return dk;
          });
          const ids = store.leads.upsertMany(items.map((x, i) => ({ ...x.lead, dedupe_key: dedupeKeys[i]!, domain: deps.domainOf(x.lead.website) })));
          ids.forEach((id, i) => {
            store.leads.addFacts(id, items[i]!.facts);
            store.leads.addKeys(id, keySets[i]!);
            store.leads.addBlocks(id, blockSets[i]!);
          });
          store.executions.addLeads(execution.id, ids, ordinal);
          ordinal += ids.length;
        });
      };
      for (const source of deps.sources(rt)) {
        for await (const rec of source.records(rt)) {
          rows++;
          if (rec.kind === 'error') {
            flush();
            store.executions.recordStepOnce(execution.id, {
              lead_id: `${source.id}:${rec.ref}`, recipe_id: 'discovery', status: 'failed', attempts: 1, result: null,
              error_code: rec.code, error_message: rec.message, retryable: false, credits_micros: 0, api_calls: 0,
            });
            continue;
          }
          batch.push(rec);
          if (batch.length >= BATCH) {
            flush();
            rt.report({ done: rows, label: `read ${rows} records from ${source.id}` });
          }
          if (rt.signal.aborted) break;
        }
      }
      flush();
      rt.report({ done: rows, total: rows, label: `read ${rows} records` });
    },

    async step(leadId, rt) {
      const lead = rt.store.leads.get(leadId);
      const facts = rt.store.leads.facts(leadId);
      const s = await deps.scorer.score(lead, facts, rt.agent, rt);
      const result: ScoreResult = {
        lead_score: s.lead_score,
        score_breakdown: s.score_breakdown,
        quality_tier: tierFor(s.lead_score, rt.agent.threshold),
        scored_by: s.scored_by,
        reasons: s.reasons,
      };
      return {
        status: 'done',
        result,
        charges: [{ key: 'score', micros: s.cost_micros, description: `scored ${lead.name} (${s.scored_by})` }, ...(s.charges ?? [])],
        api_calls: s.api_calls,
        write: (store) => store.leads.setScore(leadId, result),
      };
    },

    summarize(rt) {
      const steps = rt.store.executions.steps(rt.execution.id, 'discovery', 'done');
      const scores = new Map(steps.map((s) => [s.lead_id, s.result as ScoreResult]));
      const leads = rt.store.leads.getMany([...scores.keys()]);
      const out = leads.map((l) => {
        const s = scores.get(l.id)!;
        return {
          id: l.id, name: l.name, phone: l.phone ?? null, address: l.address ?? null, website: l.website ?? null, rating: l.rating ?? null,
          source: l.sources.join(','), lead_score: s.lead_score, score_breakdown: s.score_breakdown, quality_tier: s.quality_tier, scored_by: s.scored_by,
        };
      });
      const qualified = out.filter((l) => l.quality_tier !== 'skipped').length;
      return {
        leads: out,
        summary: {
          total_discovered: rt.store.executions.leadCount(rt.execution.id),
          qualified_leads: qualified,
          gold: out.filter((l) => l.quality_tier === 'gold').length,
          silver: out.filter((l) => l.quality_tier === 'silver').length,
          filtered_out: out.length - qualified,
          threshold: rt.agent.threshold,
        },
      };
    },
  };
}
