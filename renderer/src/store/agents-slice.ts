import type { AgentView, EstimateView, RequestOf } from '../../../preload/contract';
import { call } from '../bridge';
import type { Slice } from './types';

export type AgentConfigForm = RequestOf<'agents:save'>['config'];

export interface AgentsSlice {
  agents: AgentView[];
  agentsLoaded: boolean;
  /** The agent open in the setup form; 'new' for a new one. */
  editingAgentId: string | 'new' | null;
  csvPath: string | null;
  estimate: EstimateView | null;
  estimateFor: string | null;
  loadAgents(): Promise<void>;
  editAgent(id: string | 'new' | null): void;
  saveAgent(id: string | undefined, config: AgentConfigForm): Promise<AgentView | undefined>;
  chooseCsv(): Promise<void>;
  estimateRun(agentId: string): Promise<void>;
  startRun(agentId: string): Promise<string | undefined>;
}

/** A new agent starts from the "Dentists in a city" template the empty state offers. */
export const AGENT_TEMPLATE: AgentConfigForm = {
  name: 'Dentists in a city',
  keywords: ['dentist', 'dental clinic'],
  location: 'Portland, OR',
  sources: ['csv'],
  threshold: 0.6,
  tone: 'friendly',
  value_proposition: '',
  call_to_action: 'Would a 15-minute call next week be useful?',
  max_length: 75,
  budget: null,
  execution_mode: 'sequential',
  concurrency: 8,
  draft_expiry_days: 7,
  max_results: 200,
  retry_policy: { max_attempts: 3, backoff_base_ms: 1000, backoff_max_ms: 30000 },
  alerts: { approaching_limit_percent: 80, max_frequency_hours: 24 },
};

export const createAgentsSlice: Slice<AgentsSlice> = (set, get) => ({
  agents: [],
  agentsLoaded: false,
  editingAgentId: null,
  csvPath: null,
  estimate: null,
  estimateFor: null,

  async loadAgents() {
    const agents = await get().attempt(() => call('agents:list', {}));
    if (agents) set({ agents, agentsLoaded: true });
  },

  editAgent(id) {
    set({ editingAgentId: id, estimate: null, estimateFor: null });
  },

  async saveAgent(id, config) {
    const saved = await get().attempt(() => call('agents:save', id ? { id, config } : { config }));
    if (!saved) return undefined;
    set((s) => ({
      agents: s.agents.some((a) => a.id === saved.id) ? s.agents.map((a) => (a.id === saved.id ? saved : a)) : [...s.agents, saved],
      editingAgentId: saved.id,
      estimate: null,
      estimateFor: null,
    }));
    get().notify('success', `Agent "${saved.name}" saved.`);
    return saved;
  },

  async chooseCsv() {
    const r = await get().attempt(() => call('dialog:open-csv', {}));
    if (r?.path) set({ csvPath: r.path, estimate: null, estimateFor: null });
  },

  async estimateRun(agentId) {
    const csv = get().csvPath;
    const estimate = await get().attempt(() => call('runs:estimate', csv ? { agent_id: agentId, csv_path: csv } : { agent_id: agentId }));
    if (estimate) set({ estimate, estimateFor: agentId });
  },

  async startRun(agentId) {
    const csv = get().csvPath;
    const r = await get().attempt(() => call('runs:start', csv ? { agent_id: agentId, csv_path: csv } : { agent_id: agentId }));
    if (!r) return undefined;
    set({ estimate: null, estimateFor: null, screen: 'runs', selectedRunId: r.execution_id });
    await get().loadRuns();
    return r.execution_id;
  },
});
