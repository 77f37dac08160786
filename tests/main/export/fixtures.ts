import { openDatabase, workspaceStore, Workspaces, type WorkspaceStore } from '../../../main/store';
import type { EmailStatus } from '../../../main/core/domain';
import { DEFAULT_OPT_OUT } from '../../../main/core/sender';

export const SENDER = {
  name: 'Ålex Rivéra',
  company: 'ChairFill Studio',
  email: 'alex@chairfill.example',
  signature: 'Alex Rivéra\nChairFill Studio · chairfill.example',
  postal_address: 'ChairFill Studio, 12 Harbour Street, Portland, OR 97201, USA',
};

/** The lines every exported message ends with: the postal address, then the opt-out sentence. */
export const FOOTER = `${SENDER.postal_address}\n${DEFAULT_OPT_OUT}`;

export interface DraftSpec {
  subject: string;
  body: string;
  recipient: string | null;
  recipient_status?: EmailStatus;
  lead: { name: string; first_name?: string; last_name?: string; website?: string; phone?: string; email?: string };
}

/** A real SQLite workspace with one agent, one execution, and the given drafts approved by the rep. */
export function workspaceWithDrafts(file: string, specs: readonly DraftSpec[], opts: { sender?: object | null } = {}): { store: WorkspaceStore; ids: string[]; close: () => void } {
  const db = openDatabase(file);
  const ws = new Workspaces(db).create({ name: 'Export test' });
  const store = workspaceStore(db, ws.id);
  if (opts.sender !== null) store.settings.set('sender', opts.sender ?? SENDER);
  const agent = store.agents.save({});
  const execution = store.executions.create(agent.id, {});
  const leadIds = store.tx(() =>
    store.leads.insertMany(specs.map((s, i) => ({ ...s.lead, source: 'csv' as const, dedupe_key: `k${i}` }))),
  );
  const ids = specs.map((s, i) => {
    const { draft } = store.drafts.create({
      execution_id: execution.id,
      lead_id: leadIds[i]!,
      recipient: s.recipient,
      recipient_status: s.recipient_status ?? 'from_source',
      subject: s.subject,
      body: s.body,
      model_used: 'offline',
      message_quality_score: 0.9 - i * 0.01,
      lead_score: 0.8,
      expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    store.drafts.setStatus(draft.id, 'approved', { type: 'rep', id: 'rep' });
    return draft.id;
  });
  return { store, ids, close: () => db.close() };
}

/** The text a recipient reads: the approved body, then the signature block (the signature, then the footer). */
export function withSignature(body: string, signature: string | null = SENDER.signature, footer: string | null = FOOTER): string {
  const block = [signature, footer].filter(Boolean).join('\n\n');
  return block ? `${body}\n\n-- \n${block}` : body;
}
