import type { HunterApp } from '../../../main/app';
import type { LeadSource } from '../../../main/core/domain';
import type { WorkspaceStore } from '../../../main/store';

export interface SeedOptions {
  leads: number;
  drafts: number;
  /** Business names to use first (hostile ones, for instance); the rest are generated. */
  names?: string[];
  bodyOf?: (i: number) => string;
  /** The first this many drafts rank above all others (to put a hostile one first in the queue). */
  rankFirst?: number;
}

/**
 * A big workspace made directly with the store's own APIs in one transaction: leads scored into tiers,
 * facts, an agent, an execution, and drafts pending review.
 */
export function seedWorkspace(app: HunterApp, name: string, opts: SeedOptions): { store: WorkspaceStore; executionId: string; leadIds: string[]; draftIds: string[] } {
  const store = app.createWorkspace(name, { credits: 100 });
  store.settings.set('sender', { name: 'Alex Rivera', email: 'alex@chairfill.example', company: 'ChairFill Studio' });
  const agent = store.agents.save({ name: 'Seeded agent', sources: ['csv'], threshold: 0.6 });
  const execution = store.executions.create(agent.id, { csv: null });
  const cities = ['Portland', 'Salem', 'Eugene', 'Bend', 'Lyon', 'Köln'];
  const categories = ['Dentist', 'Orthodontist', 'Dental clinic'];
  const leadIds: string[] = [];
  const draftIds: string[] = [];
  store.tx(() => {
    const batch = [];
    for (let i = 0; i < opts.leads; i++) {
      const n = opts.names?.[i] ?? `Practice ${String(i).padStart(6, '0')}`;
      batch.push({
        name: n, website: `https://practice-${i}.example`, city: cities[i % cities.length], category: categories[i % categories.length],
        email: `hello@practice-${i}.example`, phone: `+1 503-555-${String(i % 10000).padStart(4, '0')}`, rating: 3.5 + (i % 15) / 10, review_count: 10 + (i % 300),
        first_name: i % 3 === 0 ? 'Maya' : undefined, last_name: i % 3 === 0 ? 'Lindqvist' : undefined,
        source: 'csv' as LeadSource, source_ref: `row ${i + 2}`, dedupe_key: `seed:${i}`, domain: `practice-${i}.example`,
      });
    }
    leadIds.push(...store.leads.insertMany(batch));
    store.executions.addLeads(execution.id, leadIds, 0);
    const now = new Date().toISOString();
    for (let i = 0; i < leadIds.length; i++) {
      const score = Math.round(((i * 7919) % 1000) / 1000 * 1000) / 1000;
      store.leads.setScore(leadIds[i]!, {
        lead_score: score, quality_tier: score >= 0.85 ? 'gold' : score >= 0.6 ? 'silver' : 'skipped', scored_by: 'heuristic',
        score_breakdown: { business_maturity: score, intent_signals: Math.max(0, score - 0.1), fit_match: Math.min(1, score + 0.05) },
      });
    }
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    for (let i = 0; i < Math.min(opts.drafts, leadIds.length); i++) {
      const leadId = leadIds[i]!;
      store.leads.addFacts(leadId, [
        { kind: 'email', value: `hello@practice-${i}.example`, detail: { class: 'role', status: 'from_source' }, source_url: `https://practice-${i}.example/contact`, method: 'mailto', confidence: 0.9, observed_at: now },
        { kind: 'category', value: categories[i % categories.length]!, source_url: null, method: 'csv', confidence: 0.9, observed_at: now },
      ]);
      const company = opts.names?.[i] ?? `Practice ${String(i).padStart(6, '0')}`;
      const body = opts.bodyOf?.(i) ?? `Hi Maya, I came across ${company} while looking at ${categories[i % categories.length]!.toLowerCase()} businesses in ${cities[i % cities.length]}. We build booking sites. Would a short call next week be useful?`;
      const top = i < (opts.rankFirst ?? 0);
      const q = top ? 1 : 0.5 + ((i * 31) % 50) / 100;
      const { draft } = store.drafts.create({
        execution_id: execution.id, lead_id: leadId, recipient: `hello@practice-${i}.example`, recipient_status: 'from_source',
        subject: `A question about ${company}`, body, model_used: 'offline', message_quality_score: q, lead_score: top ? 1 - i / 1000 : ((i * 7919) % 1000) / 1000,
        expires_at: expires, metrics: { facts_used: [company, cities[i % cities.length]!] },
      });
      draftIds.push(draft.id);
    }
    store.executions.setStatus(execution.id, 'completed');
  });
  return { store, executionId: execution.id, leadIds, draftIds };
}
