import * as z from 'zod';
import { FACT_KINDS } from './domain';
import { HunterError } from './errors';
import { describeIssues } from './envelope';
import type { CheckAgent, CheckInput, CheckSender } from './message-check';
import type { ClaimFact } from './claims';

/**
 * LEAD.json, the input of `hunter check-message`: one lead, its facts, and optionally the agent and the
 * sender to check a message against. Unknown fields are refused, so a typo ("fact" for "facts") is an
 * error and not a lead with nothing known.
 */
const text = (max: number) => z.string().trim().max(max);

const LeadSchema = z.strictObject({
  name: text(300).min(1),
  first_name: text(100).optional(),
  last_name: text(100).optional(),
  title: text(200).optional(),
  city: text(200).optional(),
  category: text(200).optional(),
  website: text(500).optional(),
  email: text(320).optional(),
  phone: text(50).optional(),
  address: text(500).optional(),
  country: text(100).optional(),
  rating: z.number().min(0).max(5).optional(),
  review_count: z.number().int().min(0).optional(),
});

const FactSchema = z.strictObject({
  id: text(80).min(1).optional(),
  kind: z.enum(FACT_KINDS),
  value: text(2000).min(1),
  source_url: z.string().trim().max(2000).nullable(),
  method: text(40).min(1),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const AgentSchema = z.strictObject({
  value_proposition: text(1000),
  call_to_action: text(300).optional(),
  max_length: z.number().int().min(20).max(400).default(75),
});

const SenderSchema = z.strictObject({
  name: text(200),
  company: text(200).optional(),
  email: text(320).optional(),
  signature: z.string().max(2000).optional(),
});

export const LeadFileSchema = z.strictObject({
  lead: LeadSchema,
  facts: z.array(FactSchema).max(1000).default([]),
  agent: AgentSchema.optional(),
  sender: SenderSchema.optional(),
});

export interface LeadFile {
  lead: CheckInput['lead'];
  /** Each with an id: the file's own, or F1, F2, … in file order. */
  facts: Array<ClaimFact & { id: string }>;
  agent: CheckAgent;
  sender: CheckSender | null;
}

/** The agent a message is checked against when the file names none: the product's defaults. */
export const DEFAULT_CHECK_AGENT: CheckAgent = { value_proposition: '', max_length: 75 };

/** Parses a LEAD.json value; INVALID_INPUT names each field that is wrong or unknown. */
export function parseLeadFile(value: unknown): LeadFile {
  const r = LeadFileSchema.safeParse(value);
  if (!r.success) throw new HunterError('INVALID_INPUT', `LEAD.json is not valid: ${describeIssues(r.error)}`);
  const { lead, facts, agent, sender } = r.data;
  const ids = new Set<string>();
  const withIds = facts.map((f, i) => {
    const id = f.id ?? `F${i + 1}`;
    if (ids.has(id)) throw new HunterError('INVALID_INPUT', `LEAD.json is not valid: facts.${i}.id: "${id}" is used twice`);
    ids.add(id);
    return { ...f, id };
  });
  return {
    lead,
    facts: withIds,
    agent: agent ? { value_proposition: agent.value_proposition, max_length: agent.max_length, ...(agent.call_to_action ? { call_to_action: agent.call_to_action } : {}) } : DEFAULT_CHECK_AGENT,
    sender: sender ?? null,
  };
}

/** Parses LEAD.json text: a file that is not JSON is INVALID_INPUT too, with where it broke. */
export function parseLeadFileText(json: string): LeadFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `LEAD.json is not JSON: ${(err as Error).message}`);
  }
  return parseLeadFile(raw);
}
