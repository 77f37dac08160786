import { jsonCostCeilingMicros, type Ai, type AiSettings } from './ai';
import { actionMicros } from './core/action-prices';
import type { AgentConfig } from './core/agent-config';
import { toMicros } from './core/credits';
import type { Recipe } from './engine/types';
import { buildCookbook } from './recipes/cookbook';
import { heuristicScorer, type LeadExclusion } from './recipes/discovery';
import { wasContacted } from './store/contact-history';
import { csvSource } from './recipes/discovery/csv-source';
import { googleMapsSource, osmSource } from './recipes/discovery/map-sources';
import { modelScorer } from './recipes/discovery/model-scorer';
import { tierRouter } from './recipes/intelligence';
import { modelRouter } from './recipes/intelligence/model-router';
import { PAID_LOOKUP_CREDITS, webEnricher } from './recipes/intelligence/web-enricher';
import { offlineWriter, type MessageWriter } from './recipes/personalization';
import { modelWriter } from './recipes/personalization/model-writer';
import type { CsvImportOptions } from './sources/csv/import-options';
import type { WorkspaceStore } from './store';

/**
 * The recipes of a run with the components its agent, its input and the keys call for. Loaded only when a
 * run (or an estimate, or a rewrite) needs it: it brings the model SDKs, the crawler and the browser
 * driver, which a command such as `hunter credits` never should.
 */
export interface CookbookInput {
  csv?: string | null;
  csv_options?: CsvImportOptions | null;
  offline?: boolean;
  /** The rep asked to write again to leads already written to. */
  contact_again?: boolean;
}

export interface RunComponents {
  store: WorkspaceStore;
  agent: AgentConfig;
  input: CookbookInput;
  /** The models as configured for this workspace, or null (the offline components). */
  ai: { ai: Ai; settings: AiSettings } | null;
  env: NodeJS.ProcessEnv;
  keys: { hunter_io: string | null };
  browserPath: string | null;
  sender: () => { name: string; company?: string | undefined };
}

/** The writer a run and a rewrite use: the same one, so a draft reads and ranks the same whichever wrote it. */
export function messageWriter(ai: RunComponents['ai']): MessageWriter {
  return ai ? modelWriter(ai.ai, ai.settings) : offlineWriter;
}

/**
 * What intelligence's premium pass can add to a lead's step beyond the basic pass: the premium pages and,
 * with a finder key, one paid lookup. A lead that cannot be gold never costs it (the estimate uses this).
 */
export function premiumPartMicros(hasFinderKey: boolean): number {
  return Math.max(0, actionMicros('intelligence.premium') - actionMicros('intelligence.basic')) + (hasFinderKey ? toMicros(PAID_LOOKUP_CREDITS) : 0);
}

export function runCookbook(c: RunComponents): Recipe[] {
  const { agent, input, ai, env } = c;
  const offline = !!input.offline;
  // Groq scores when it is configured; otherwise the explainable heuristic does, with no network.
  const scorer = ai?.ai.has('groq') ? modelScorer(ai.ai, ai.settings) : null;
  const hunterIo = c.keys.hunter_io;
  return buildCookbook({
    discovery: {
      sources: () => {
        const list = [];
        if (agent.sources.includes('csv') && input.csv) list.push(csvSource(input.csv, input.csv_options ?? {}));
        if (agent.sources.includes('google_maps')) list.push(googleMapsSource({ offline, browserPath: c.browserPath ?? env.HUNTER_BROWSER_PATH }));
        if (agent.sources.includes('osm')) list.push(osmSource({ offline, userAgent: env.HUNTER_OSM_USER_AGENT }));
        return list;
      },
      // The do-not-contact list settles a lead before anything is read or paid for.
      exclusions: input.contact_again ? [doNotContact] : [doNotContact, alreadyContacted],
    },
    intelligence: {
      // The lead is judged once its website has been read: discovery's provisional score is the heuristic's.
      scorer: scorer ?? heuristicScorer,
      router: ai?.ai.has('groq') ? modelRouter(ai.ai) : tierRouter,
      enricher: webEnricher({
        offline, hunterIoKey: hunterIo ?? undefined, hunterIoBaseUrl: env.HUNTER_IO_BASE_URL,
        dnsServers: env.HUNTER_DNS_SERVERS?.split(',').map((s) => s.trim()).filter(Boolean),
      }),
      maxStepApiCalls: (hunterIo ? 1 : 0) + (ai?.ai.has('groq') ? 6 : 0),
      maxStepMicros: actionMicros('intelligence.basic') + premiumPartMicros(!!hunterIo) + (ai?.ai.has('groq') ? jsonCostCeilingMicros(ai.settings) : 0),
    },
    writer: messageWriter(ai),
    sender: c.sender,
  });
}

/** A lead on the rep's do-not-contact list (its address, domain, phone or name) goes no further. */
const doNotContact: LeadExclusion = {
  rule: 'do_not_contact',
  check: (lead, facts, rt) => {
    const m = rt.store.dnc.blocks(lead, facts);
    return m ? { rule: 'do_not_contact', reason: m.reason } : null;
  },
};

/** A lead the rep has already written to (an exported draft) is not written to again unless they ask. */
const alreadyContacted: LeadExclusion = {
  rule: 'already_contacted',
  check: (lead, _facts, rt) =>
    wasContacted(rt.store.db, rt.store.workspaceId, lead.id)
      ? { rule: 'already_contacted', reason: `${lead.name} was written to already (an exported draft); run with --contact-again to write again.` }
      : null,
};
