import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fact, FactInput, Lead } from '../../main/core/domain';

/**
 * The draft evaluation's fixed inputs: fictional leads with facts in several industries and two
 * languages, the agents (offers) they are written for, and labelled good and bad messages.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'eval');

export interface EvalAgent {
  tone: 'friendly' | 'professional' | 'sales-focused' | 'casual' | 'formal';
  language?: string;
  value_proposition: string;
  call_to_action: string;
  max_length: number;
  keywords: string[];
  location: string;
  sender: { name: string; company: string };
}

export interface EvalLead {
  id: string;
  agent: string;
  lead: Lead;
  facts: Fact[];
}

export interface Labelled {
  lead: string;
  label: 'good' | 'bad';
  kind: string;
  note: string;
  subject: string | null;
  body: string;
  agent?: string;
  sender?: null;
  others?: Array<{ lead_name: string; body: string }>;
}

interface RawLead {
  id: string;
  agent: string;
  lead: Partial<Lead> & { name: string };
  facts: Array<Pick<FactInput, 'kind' | 'value' | 'source_url' | 'method'> & { detail?: Record<string, unknown> }>;
}

export interface EvalFixtures {
  now: string;
  agents: Record<string, EvalAgent>;
  leads: EvalLead[];
  labelled: Labelled[];
}

export function loadFixtures(): EvalFixtures {
  const raw = JSON.parse(readFileSync(join(dir, 'leads.json'), 'utf8')) as { now: string; agents: Record<string, EvalAgent>; leads: RawLead[] };
  const labelled = JSON.parse(readFileSync(join(dir, 'labelled.json'), 'utf8')) as Labelled[];
  const leads = raw.leads.map((r): EvalLead => {
    const lead: Lead = {
      source: 'csv', workspace_id: 'ws_eval', domain: null, sources: ['csv'], lead_score: 0.8, score_breakdown: null, quality_tier: 'silver',
      scored_by: 'heuristic', created_at: raw.now, updated_at: raw.now, ...r.lead, id: `lead_${r.id}`,
    };
    const facts = r.facts.map((f, i): Fact => ({
      ...f, id: `fact_${r.id}_${i + 1}`, workspace_id: 'ws_eval', lead_id: lead.id, confidence: 0.9, observed_at: raw.now,
    }));
    return { id: r.id, agent: r.agent, lead, facts };
  });
  return { now: raw.now, agents: raw.agents, leads, labelled };
}
