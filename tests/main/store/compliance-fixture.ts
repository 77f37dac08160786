import type { LeadInput } from '../../../main/core/domain';
import { openDatabase, workspaceStore, Workspaces, type Db, type WorkspaceStore } from '../../../main/store';
import { DraftCacheTable } from '../../../main/store/draft-cache';
import { fileSightings, mergeLeadsByRep } from '../../../main/store/lead-filing';
import { PageCache } from '../../../main/store/page-cache';

/** The business a test erases, with texts found nowhere else in the workspace. */
export const TARGET = {
  name: 'Harbordale Dental Studio',
  email: 'maya.lopez@harbordale-dental.example',
  domain: 'harbordale-dental.example',
  phone: '+1 503-555-0187',
  e164: '+15035550187',
  person: 'Maya Lopez',
} as const;

const REP = { type: 'rep' as const, id: 'rep' };

export interface ComplianceWorld {
  db: Db;
  store: WorkspaceStore;
  other: WorkspaceStore;
  execution_id: string;
  /** The lead to erase, and the lead the rep merged into it (the same business found under another name). */
  target: string;
  mergedAway: string;
  /** A lead of the same workspace that must survive the erase untouched. */
  bystander: string;
  /** A lead of another workspace. */
  otherLead: string;
  close: () => void;
}

function business(i: number): LeadInput {
  return {
    name: `Rosewood Clinic ${i}`, website: `https://rosewood-${i}.example`, email: `hello@rosewood-${i}.example`, phone: `+1 503-555-${String(1100 + i)}`,
    address: `${10 + i} Alder St, Portland, OR 97205`, city: 'Portland', category: 'Dentist', rating: 4.5, review_count: 80, source: 'csv', source_ref: `row ${i + 2}`,
  };
}

/**
 * A workspace as runs and the rep leave it, written through the store: leads filed by identity (one of
 * them found twice, so a sighting merged into it), one the rep merged into it, facts, keys, blocks, links,
 * steps with results naming it, charges whose descriptions name it (audited in batches), drafts with a
 * refinement, the rep's edit, approval and an export, cached pages of its site and a cached model draft,
 * a run record with an error naming it, a do-not-contact entry for its address, a map place kept for a
 * resume, and a reply read from the rep's mailbox with the outcome it gave.
 */
export function complianceWorld(file: string, o: { leads?: number } = {}): ComplianceWorld {
  const db = openDatabase(file);
  const ws = new Workspaces(db).create({ name: 'Dentists' });
  const otherWs = new Workspaces(db).create({ name: 'Another client' });
  const store = workspaceStore(db, ws.id);
  const other = workspaceStore(db, otherWs.id);
  store.ledger.grant(50_000_000, 'trial credits', REP);
  store.settings.set('sender', { name: 'Alex Rivera', email: 'alex@chairfill.example', company: 'ChairFill', postal_address: '12 Harbour Street, Portland, OR 97201' });
  const agent = store.agents.save({});
  const execution = store.executions.create(agent.id, {});
  const target: LeadInput = {
    name: TARGET.name, website: `https://www.${TARGET.domain}`, email: TARGET.email, phone: TARGET.phone, first_name: 'Maya', last_name: 'Lopez',
    title: 'Practice Owner', address: '400 SE Hawthorne Blvd, Portland, OR 97214', city: 'Portland', category: 'Dentist', rating: 4.8, review_count: 212,
    source: 'csv', source_ref: 'row 1',
  };
  const sightings = [
    { lead: target, facts: [{ kind: 'email' as const, value: TARGET.email, detail: { class: 'personal', status: 'from_source' }, source_url: null, method: 'csv' as const, confidence: 0.8, observed_at: new Date().toISOString() }] },
    ...Array.from({ length: o.leads ?? 12 }, (_, i) => ({ lead: business(i), facts: [] })),
    // The same business again, from another row: it joins the lead by its domain.
    { lead: { ...target, source_ref: 'row 99', phone: undefined, email: undefined }, facts: [] },
  ];
  const ids = store.tx(() => {
    const filed = fileSightings(store.leads, sightings, { execution_id: execution.id, ordinal: 0, defaultCountry: 'US' });
    const unique = [...new Set(filed.map((f) => f.lead_id))];
    store.executions.addLeads(execution.id, unique, 0);
    return unique;
  });
  const targetId = ids[0]!;
  const bystander = ids[1]!;
  const [mergedAway] = store.tx(() => store.leads.insertMany([{ name: 'Harbordale Dental (old listing)', phone: TARGET.phone, source: 'manual', dedupe_key: 'old-listing' }]));
  store.tx(() => mergeLeadsByRep(store.leads, targetId, mergedAway!));
  store.tx(() => store.leads.link(targetId, ids[2]!, 'phone'));
  const now = new Date().toISOString();
  store.tx(() => {
    store.leads.addFacts(targetId, [
      { kind: 'person', value: TARGET.person, detail: { role: 'Practice Owner', email: TARGET.email }, source_url: `https://${TARGET.domain}/team`, method: 'json_ld', confidence: 0.9, observed_at: now },
      { kind: 'phone', value: TARGET.phone, source_url: `https://${TARGET.domain}/contact`, method: 'tel', confidence: 0.9, observed_at: now },
      { kind: 'tech', value: 'WordPress', source_url: `https://${TARGET.domain}/`, method: 'fingerprint', confidence: 0.7, observed_at: now },
    ]);
    for (const [i, id] of ids.entries()) {
      const name = store.leads.get(id).name;
      store.executions.recordStep(execution.id, {
        lead_id: id, recipe_id: 'discovery', status: 'done', attempts: 1, result: { lead_score: 0.8, reasons: [`${name} has 4.8 stars`] },
        error_code: null, error_message: null, retryable: null, credits_micros: 2000, api_calls: 0,
      });
      store.executions.recordStep(execution.id, {
        lead_id: id, recipe_id: 'intelligence', status: 'done', attempts: 1, result: { emails: i === 0 ? [TARGET.email] : [], level: 'basic' },
        error_code: null, error_message: null, retryable: null, credits_micros: 3000, api_calls: 1,
      });
    }
    // A record that never became a lead (a bad row) still names the business.
    store.executions.recordStep(execution.id, {
      lead_id: 'csv:row 50', recipe_id: 'discovery', status: 'failed', attempts: 1, result: { row: { cells: [TARGET.name, 'not a phone'] } },
      error_code: 'CSV_ROW_INVALID', error_message: `Row 50 (${TARGET.name}): the phone is not a number`, retryable: false, credits_micros: 0, api_calls: 0,
    });
    store.ledger.chargeMany(ids.flatMap((id) => {
      const name = store.leads.get(id).name;
      return [
        { key: `${execution.id}:discovery:${id}:score`, micros: 2000, ctx: { execution_id: execution.id, recipe_id: 'discovery', lead_id: id }, description: `scored ${name} (heuristic)` },
        { key: `${execution.id}:intelligence:${id}:enrich`, micros: 3000, ctx: { execution_id: execution.id, recipe_id: 'intelligence', lead_id: id }, description: `basic enrichment of ${name}` },
      ];
    }));
    store.executions.setRecipeRun(execution.id, 'intelligence', 'success', {
      output: {
        recipe_id: 'intelligence', execution_id: execution.id, customer_id: ws.id, status: 'partial', data: { summary: { enriched: ids.length } },
        metadata: { started_at: now, completed_at: now, duration_ms: 1, records_processed: 1, records_succeeded: 1, records_failed: 0, credits_consumed: 0 },
        errors: [{ record_id: targetId, error_code: 'EMAIL_NOT_FOUND', error_message: `No second address on ${TARGET.domain} for ${TARGET.name}`, retryable: false }],
      },
    });
  });
  let targetDraft = '';
  for (const id of ids) {
    const lead = store.leads.get(id);
    const { draft } = store.drafts.create({
      execution_id: execution.id, lead_id: id, recipient: lead.email ?? null, recipient_status: 'from_source',
      subject: `A booking page for ${lead.name}`, body: `Hi ${lead.first_name ?? 'there'},\n\nI saw ${lead.name} on Maps.\n\nAlex`, model_used: 'offline',
      message_quality_score: 0.9, lead_score: 0.8, expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      refined: { body: `Hi ${lead.first_name ?? 'there'},\n\n${lead.name} gets great reviews.\n\nAlex`, model_used: 'offline-refine' },
    });
    if (id === targetId) {
      targetDraft = draft.id;
      store.drafts.edit(draft.id, `Hi Maya,\n\n${TARGET.name} gets great reviews; write me at alex@chairfill.example or I write to ${TARGET.email}.\n\nAlex`, null, REP);
      store.drafts.setStatus(draft.id, 'approved', REP);
      store.drafts.markExported([draft.id], 'eml', REP);
    }
  }
  const pages = new PageCache(db, ws.id);
  for (const path of ['', 'team', 'contact']) {
    pages.put({ url: `https://www.${TARGET.domain}/${path}`, final_url: `https://www.${TARGET.domain}/${path}`, status: 200, content_type: 'text/html', body: Buffer.from(`<h1>${TARGET.name}</h1><a href="mailto:${TARGET.email}">${TARGET.person}</a>`.repeat(40)) });
  }
  pages.put({ url: 'https://rosewood-1.example/', final_url: 'https://rosewood-1.example/', status: 200, content_type: 'text/html', body: Buffer.from('<h1>Rosewood Clinic 1</h1>') });
  new DraftCacheTable<unknown>(db, ws.id).put('key-target', { draft_text: `Hi Maya, ${TARGET.name} is great`, draft_subject: 'Hi' });
  new DraftCacheTable<unknown>(db, ws.id).put('key-other', { draft_text: 'Hi, Rosewood Clinic 1 is great', draft_subject: 'Hi' });
  // A map search kept for a resume: the target as the map showed it, and a bystander that must stay.
  store.mapProgress.openCell(execution.id, 'google_maps', { cell_key: 'c0', query: 'dentist', path: '', depth: 0, box: null });
  store.mapProgress.addPlace(execution.id, 'google_maps', { cell_key: 'c0', keys: ['place:harbordale'], record: { lead: { ...target, source: 'google_maps' }, facts: [] } }, 1);
  store.mapProgress.addPlace(execution.id, 'google_maps', { cell_key: 'c0', keys: ['place:rosewood-1'], record: { lead: business(1), facts: [] } }, 2);
  // What the rep's mailbox said back about the target's exported draft.
  store.outcomes.addEvent({ mailbox: 'INBOX', uid_validity: '1', uid: 7, kind: 'reply', outcome: 'positive', language: 'en', lead_id: targetId, draft_id: targetDraft, received_at: new Date().toISOString() });
  store.outcomes.setOutcome(targetId, targetDraft, 'positive', new Date().toISOString());
  const [otherLead] = other.tx(() => other.leads.insertMany([{ name: 'Elsewhere Bakery', email: 'hi@elsewhere.example', source: 'manual', dedupe_key: 'x' }]));
  return { db, store, other, execution_id: execution.id, target: targetId, mergedAway: mergedAway!, bystander, otherLead: otherLead!, close: () => db.close() };
}
