import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FactInput, LeadInput, QualityTier, ScoreBreakdown } from '../../../main/core/domain';
import { CALIBRATION_TOLERANCE, SCORE_WEIGHTS, scoreHeuristic, weightedScore } from '../../../main/core/scoring';
import { tierFor } from '../../../main/core/tiers';

/**
 * The heuristic against reference judgements (tests/fixtures/scoring/calibration.json): fictional leads
 * of every completeness, each with the breakdown a careful model would give and why. They are reference
 * judgements written by hand, not model output. The heuristic decides whenever the model cannot (offline,
 * a provider down), so it must land on the same scale: within the tolerance on every lead, and on the
 * same tier for at least nine in ten.
 */
interface CalibrationLead {
  id: string;
  agent: string;
  what: string;
  lead: LeadInput;
  facts: Array<Omit<FactInput, 'observed_at' | 'source_url' | 'confidence' | 'method'> & { method?: FactInput['method'] }>;
  reference: ScoreBreakdown & { lead_score: number; tier: QualityTier };
  reasoning: Record<keyof ScoreBreakdown, string>;
}
interface Calibration {
  now: string;
  weights: typeof SCORE_WEIGHTS;
  agents: Record<string, { keywords: string[]; location: string; threshold: number; value_proposition: string }>;
  leads: CalibrationLead[];
}

const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'scoring', 'calibration.json'), 'utf8')) as Calibration;
const now = new Date(doc.now);

function heuristic(l: CalibrationLead) {
  const facts = l.facts.map((f) => ({ ...f, observed_at: doc.now }));
  return scoreHeuristic(l.lead, facts, doc.agents[l.agent]!, now);
}

describe('calibration against reference judgements', () => {
  it('has at least 30 leads of varied completeness, each reference consistent and reasoned', () => {
    expect(doc.leads.length).toBeGreaterThanOrEqual(30);
    expect(doc.weights).toEqual(SCORE_WEIGHTS);
    expect(new Set(doc.leads.map((l) => l.id)).size).toBe(doc.leads.length);
    for (const l of doc.leads) {
      expect(l.reference.lead_score, l.id).toBe(weightedScore(l.reference));
      expect(l.reference.tier, l.id).toBe(tierFor(l.reference.lead_score, doc.agents[l.agent]!.threshold));
      for (const part of Object.keys(SCORE_WEIGHTS) as Array<keyof ScoreBreakdown>) expect(l.reasoning[part]?.length, `${l.id} ${part}`).toBeGreaterThan(10);
    }
    // Every tier and every kind of source is represented.
    expect(new Set(doc.leads.map((l) => l.reference.tier))).toEqual(new Set(['gold', 'silver', 'skipped']));
    expect(new Set(doc.leads.map((l) => l.lead.source))).toEqual(new Set(['csv', 'google_maps', 'osm']));
  });

  it(`is within ${CALIBRATION_TOLERANCE} of the reference on every lead, and on its tier for at least 90 %`, () => {
    const rows = doc.leads.map((l) => {
      const h = heuristic(l);
      return { id: l.id, reference: l.reference.lead_score, heuristic: h.lead_score, tierAgrees: h.quality_tier === l.reference.tier };
    });
    const off = rows.filter((r) => Math.abs(r.heuristic - r.reference) > CALIBRATION_TOLERANCE + 1e-9);
    expect(off).toEqual([]);
    const agree = rows.filter((r) => r.tierAgrees).length;
    expect(agree / rows.length).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps a complete row a model would qualify above the threshold, so a fallback does not sink it', () => {
    const complete = doc.leads.find((l) => l.id === 'complete_csv_unread')!;
    expect(complete.reference.lead_score).toBeGreaterThanOrEqual(0.8);
    expect(heuristic(complete).lead_score).toBeGreaterThanOrEqual(doc.agents[complete.agent]!.threshold);
  });

  it('scores a live site with contacts, recent posts and a team well above a dead or empty one', () => {
    const score = (id: string) => heuristic(doc.leads.find((l) => l.id === id)!).lead_score;
    for (const rich of ['rich_live_csv', 'complete_csv_live_rich', 'maps_live_site_rich']) {
      for (const poor of ['dead_dns_csv', 'dead_parked_with_phone', 'thin_live']) expect(score(rich) - score(poor), `${rich} vs ${poor}`).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('separates leads: the fixture spreads over most of the scale with few ties', () => {
    const scores = doc.leads.map((l) => heuristic(l).lead_score);
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThanOrEqual(0.6);
    expect(new Set(scores).size).toBeGreaterThanOrEqual(Math.floor(scores.length * 0.6));
  });
});
