import type { FactInput, Lead } from '../../core/domain';
import { classifyEmail } from '../../core/email-class';
import { levelMicros, type Enricher, type EnrichmentOutcome } from './index';

/**
 * Intelligence from what is already known, with no network: the lead's own fields become facts with
 * their source, so the message and the review pane can cite them. Richer enrichers add to these.
 */
export function knownFacts(lead: Lead, known: readonly FactInput[]): FactInput[] {
  const now = new Date().toISOString();
  const src = lead.source_ref ? `${lead.sources[0]}:${lead.source_ref}` : null;
  const method = lead.sources.includes('google_maps') ? 'google_maps' : lead.sources.includes('osm') ? 'osm' : 'csv';
  const out: FactInput[] = [];
  // Phones compare by their digits: "+1 503-555-0141" and "+15035550141" are one number.
  const norm = (kind: string, v: string) => (kind === 'phone' ? v.replace(/\D/g, '').replace(/^0+/, '') : v.toLowerCase());
  const have = (kind: string, value: string) => known.some((f) => f.kind === kind && norm(kind, f.value).endsWith(norm(kind, value).slice(-9)) && norm(kind, value).endsWith(norm(kind, f.value).slice(-9)));
  if (lead.email && !have('email', lead.email)) {
    out.push({ kind: 'email', value: lead.email, detail: { class: classifyEmail(lead.email), status: 'from_source' }, source_url: src, method, confidence: 0.8, observed_at: now });
  }
  if (lead.phone && !have('phone', lead.phone)) out.push({ kind: 'phone', value: lead.phone, source_url: src, method, confidence: 0.8, observed_at: now });
  if (lead.first_name && !known.some((f) => f.kind === 'person')) {
    const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ');
    out.push({ kind: 'person', value: name, detail: { role: lead.title ?? null, email: lead.email ?? null }, source_url: src, method, confidence: 0.8, observed_at: now });
  }
  if (lead.category && !have('category', lead.category)) out.push({ kind: 'category', value: lead.category, source_url: src, method, confidence: 0.9, observed_at: now });
  return out;
}

/** The offline enricher: known facts only. It meters the basic pass or the premium part so budgets behave the same. */
export const knownFactsEnricher: Enricher = {
  async enrich(lead, known, level): Promise<EnrichmentOutcome> {
    return {
      facts: knownFacts(lead, known),
      fields: {},
      cost_micros: levelMicros(level),
      api_calls: 0,
      pages_read: 0,
      warnings: [],
    };
  },
};
