import type { AgentConfigInput } from '../../main/core/agent-config';
import type { LeadInput } from '../../main/core/domain';
import { Engine } from '../../main/engine/runner';
import { buildCookbook, type CookbookParts } from '../../main/recipes/cookbook';
import { heuristicScorer, type DiscoverySource, type SourceRecord } from '../../main/recipes/discovery';
import { tierRouter } from '../../main/recipes/intelligence';
import { knownFactsEnricher } from '../../main/recipes/intelligence/known-facts';
import { offlineWriter } from '../../main/recipes/personalization';
import { openDatabase, workspaceStore, Workspaces, type WorkspaceStore } from '../../main/store';

/** A discovery source over records held in memory: the same interface a CSV or Maps source has. */
export function listSource(records: SourceRecord[]): DiscoverySource {
  return {
    id: 'list',
    async *records() {
      for (const r of records) yield r;
    },
  };
}

/** Fictional dental practices; every third one lacks the signals that qualify it. */
export function sampleLeads(n: number): SourceRecord[] {
  return Array.from({ length: n }, (_, i): SourceRecord => {
    const weak = i % 3 === 2;
    const lead: LeadInput = {
      name: weak ? `Corner Store ${i}` : `Harbor Dental ${i}`,
      website: weak ? undefined : `https://harbor-dental-${i}.example`,
      phone: `+1 503-555-${String(1000 + i).slice(-4)}`,
      email: weak ? undefined : `hello@harbor-dental-${i}.example`,
      first_name: i % 2 === 0 ? 'Maya' : undefined,
      city: 'Portland',
      address: `${i} Main St, Portland`,
      category: weak ? 'Grocery' : 'Dentist',
      rating: weak ? 3.1 : 4.7,
      review_count: weak ? 2 : 120,
      source: 'csv',
      source_ref: `row ${i + 2}`,
    };
    return { kind: 'lead', lead, facts: [] };
  });
}


export function agentInput(over: Partial<AgentConfigInput> = {}): AgentConfigInput {
  return {
    name: 'Dentists', keywords: ['dentist'], location: 'Portland', sources: ['csv'], threshold: 0.6, concurrency: 4,
    value_proposition: 'We build booking websites for dental practices.',
    retry_policy: { max_attempts: 3, backoff_strategy: 'exponential', backoff_base_ms: 5, backoff_max_ms: 50, retryable_errors: ['API_RATE_LIMIT', 'TIMEOUT', 'CONNECTION_ERROR'], non_retryable_errors: ['EMAIL_NOT_FOUND', 'INVALID_INPUT', 'AUTHENTICATION_FAILED'] },
    ...over,
  };
}

export interface TestWorld {
  store: WorkspaceStore;
  engineFor: (over?: Partial<CookbookParts>) => Engine;
  newExecution: (agent?: Partial<AgentConfigInput>) => string;
  close: () => void;
}

export function world(file: string, records: SourceRecord[], credits = 100): TestWorld {
  const db = openDatabase(file);
  const ws = new Workspaces(db).create({ name: 'Test', monthly_credits_micros: credits * 1e6 });
  const store = workspaceStore(db, ws.id);
  store.ledger.grant(Math.round(credits * 1e6), 'test credits', { type: 'system', id: 'test' });
  const parts = (over: Partial<CookbookParts> = {}): CookbookParts => ({
    discovery: { sources: () => [listSource(records)], scorer: heuristicScorer },
    intelligence: { router: tierRouter, enricher: knownFactsEnricher },
    writer: offlineWriter,
    sender: () => ({ name: 'Alex' }),
    ...over,
  });
  return {
    store,
    engineFor: (over) => new Engine(store, buildCookbook(parts(over))),
    newExecution: (agent) => {
      const a = store.agents.save(agentInput(agent));
      return store.executions.create(a.id, {}).id;
    },
    close: () => db.close(),
  };
}
