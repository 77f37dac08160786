import { HunterApp } from '../../../main/app';
import { composeOffline } from '../../../main/ai/offline-composer';
import type { AgentConfigInput } from '../../../main/core/agent-config';
import type { FactInput } from '../../../main/core/domain';
import { createServices, CLI, type Ctx, type Services } from '../../../main/services';
import { OutreachService } from '../../../main/services/outreach';
import { workspaceStore, Workspaces, type WorkspaceStore } from '../../../main/store';
import { SessionSecretStore } from '../../../main/store/secret-store';

export const SENDER = { name: 'Alex Rivera', company: 'ChairFill Studio', email: 'alex@chairfill.example', postal_address: 'ChairFill Studio, 12 Harbour Street, Portland, OR 97201, USA' };
export const AGENT: AgentConfigInput = { name: 'Dentists', value_proposition: 'We build booking pages that let patients book online, day or night.', channels: ['email', 'sms', 'linkedin_note', 'whatsapp'] };

/** A dental practice with three kinds of fact: new Saturday hours, a new hire, a site builder. */
export function practiceFacts(at = '2026-02-20T00:00:00Z'): FactInput[] {
  return [
    { kind: 'opening_hours', value: 'Sa 08:00-12:00', source_url: 'https://bright.example/hours', method: 'json_ld', confidence: 0.9, observed_at: at },
    { kind: 'blog_post', value: 'Welcome Dr. Priya Shah to our team', detail: { title: 'Welcome Dr. Priya Shah to our team', date: '2026-02-10' }, source_url: 'https://bright.example/news/priya', method: 'heading', confidence: 0.9, observed_at: at },
    { kind: 'tech', value: 'Wix', detail: { category: 'site_builder' }, source_url: 'https://bright.example/', method: 'fingerprint', confidence: 0.9, observed_at: at },
  ];
}

export interface World {
  app: HunterApp;
  services: Services;
  outreach: OutreachService;
  store: WorkspaceStore;
  ctx: Ctx;
  secrets: SessionSecretStore;
  clock: { now: Date };
  agentId: string;
  executionId: string;
  /** A lead with facts and its first draft, written by the offline composer as a run would. */
  addLead(o: { name: string; email: string; first_name?: string; phone?: string; facts?: FactInput[] }): { leadId: string; draftId: string };
  close(): void;
}

export function world(dbFile: string, dataDir: string, agent: AgentConfigInput = AGENT): World {
  const app = HunterApp.open({ dbFile, env: {} });
  const secrets = new SessionSecretStore();
  const services = createServices(app, { secrets, dataDir });
  const clock = { now: new Date('2026-03-06T10:00:00Z') };
  const outreach = new OutreachService(app, services.drafts, services.mail, secrets, null, () => clock.now);
  const ws = new Workspaces(app.db).create({ name: 'Outreach' });
  const store = workspaceStore(app.db, ws.id);
  store.settings.set('sender', SENDER);
  store.ledger.grant(100_000_000, 'test credits', { type: 'system', id: 'test' });
  const saved = store.agents.save(agent);
  const execution = store.executions.create(saved.id, {});
  const ctx: Ctx = { store, actor: CLI };
  let n = 0;
  return {
    app, services, outreach, store, ctx, secrets, clock, agentId: saved.id, executionId: execution.id,
    addLead(o) {
      const [leadId] = store.tx(() => store.leads.insertMany([{ name: o.name, email: o.email, first_name: o.first_name, phone: o.phone, city: 'Portland', country: 'US', category: 'Dentist', source: 'csv', dedupe_key: `k${++n}` }]));
      store.leads.addFacts(leadId!, o.facts ?? practiceFacts());
      const lead = store.leads.get(leadId!);
      const m = composeOffline({ lead, facts: store.leads.facts(leadId!), agent: saved.config, sender: SENDER, now: clock.now, voice: null });
      const { draft } = store.drafts.create({
        execution_id: execution.id, lead_id: leadId!, recipient: o.email, recipient_status: 'from_source', subject: m.subject, body: m.body,
        model_used: 'offline', message_quality_score: 0.9, lead_score: 0.8, expires_at: new Date(clock.now.getTime() + 7 * 86_400_000).toISOString(),
        metrics: { angle: m.angle, fact_ids_used: m.fact_ids_used },
      });
      return { leadId: leadId!, draftId: draft.id };
    },
    close: () => app.close(),
  };
}
