import type { AgentView, CSV_FIELDS, CSV_PRESETS, CsvPreviewView, ErrorView, EstimateView, RequestOf } from '../../../preload/contract';
import { BridgeError, call } from '../bridge';
import type { Slice } from './types';

export type AgentConfigForm = RequestOf<'agents:save'>['config'];
export type CsvField = (typeof CSV_FIELDS)[number];
export type CsvPreset = (typeof CSV_PRESETS)[number];

/** The rep's corrections to how the CSV is read: an export preset, and per field a header or null ("not used"). */
export interface CsvChoice {
  preset?: CsvPreset;
  mapping?: Partial<Record<CsvField, string | null>>;
}

export interface AgentsSlice {
  agents: AgentView[];
  agentsLoaded: boolean;
  /** The agent open in the setup form; 'new' for a new one. */
  editingAgentId: string | 'new' | null;
  csvPath: string | null;
  /** What the preview, the estimate and the run read the CSV with. */
  csvChoice: CsvChoice;
  csvPreview: CsvPreviewView | null;
  /** The export detection recognised (before the rep chose one). */
  csvDetectedPreset: CsvPreset | null;
  csvPreviewError: ErrorView | null;
  csvPreviewLoading: boolean;
  estimate: EstimateView | null;
  estimateFor: string | null;
  /** What the rep should know once about a source the last run started uses (Google Maps' terms). */
  runNotices: string[];
  /** What a new agent starts from, chosen in the "New agent" dialog; null while none is being created. */
  newAgentFrom: AgentTemplateId | null;
  loadAgents(): Promise<void>;
  editAgent(id: string | 'new' | null): void;
  /** Opens the setup form for a new agent from a template, or blank. */
  newAgent(from: AgentTemplateId): void;
  dismissRunNotices(): void;
  saveAgent(id: string | undefined, config: AgentConfigForm): Promise<AgentView | undefined>;
  chooseCsv(): Promise<void>;
  loadCsvPreview(): Promise<void>;
  /** null: read with the export detection recognises. */
  setCsvPreset(preset: CsvPreset | null): Promise<void>;
  /** header null: leave the field out ("not used"). */
  setCsvMapping(field: CsvField, header: string | null): Promise<void>;
  resetCsvChoice(): Promise<void>;
  estimateRun(agentId: string): Promise<void>;
  startRun(agentId: string): Promise<string | undefined>;
}

/** What every new agent has unless the rep changes it (the expert knobs sit behind "Advanced"). */
const AGENT_DEFAULTS = {
  threshold: 0.6,
  tone: 'friendly',
  max_length: 75,
  budget: null,
  execution_mode: 'sequential',
  concurrency: 8,
  draft_expiry_days: 7,
  max_results: 200,
  retry_policy: { max_attempts: 3, backoff_base_ms: 1000, backoff_max_ms: 30000 },
  alerts: { approaching_limit_percent: 80, max_frequency_hours: 24 },
} as const satisfies Partial<AgentConfigForm>;

/**
 * What a new agent can start from: a template the rep picks by name, or blank. A blank agent searches
 * OpenStreetMap (no terms forbid storing what it finds) and has no offer yet: the rep writes it.
 */
export const AGENT_TEMPLATES = {
  blank: {
    label: 'Blank',
    description: 'Empty fields: your own search and offer. Searches OpenStreetMap.',
    form: { ...AGENT_DEFAULTS, name: '', keywords: [], location: '', sources: ['osm'], value_proposition: '' },
  },
  dentists: {
    label: 'Dentists in a city',
    description: 'Dental practices from a CSV you bring, with an online-booking offer.',
    form: {
      ...AGENT_DEFAULTS,
      name: 'Dentists in a city',
      keywords: ['dentist', 'dental clinic'],
      location: 'Portland, OR',
      sources: ['csv'],
      value_proposition: 'We help dental practices fill empty chair hours with patients who book online.',
      call_to_action: 'Would a 15-minute call next week be useful?',
    },
  },
  restaurants: {
    label: 'Restaurants near you',
    description: 'Restaurants and cafés from OpenStreetMap, with a table-booking offer.',
    form: {
      ...AGENT_DEFAULTS,
      name: 'Restaurants near you',
      keywords: ['restaurant', 'cafe', 'bistro'],
      location: '',
      sources: ['osm'],
      value_proposition: 'We set up online table booking that fills quiet weekday evenings.',
      call_to_action: 'Could I show you in ten minutes how it would look for you?',
    },
  },
} as const satisfies Record<string, { label: string; description: string; form: AgentConfigForm }>;
export type AgentTemplateId = keyof typeof AGENT_TEMPLATES;

/** A fresh, editable copy of a template's fields. */
export function templateForm(id: AgentTemplateId): AgentConfigForm {
  return structuredClone(AGENT_TEMPLATES[id].form) as AgentConfigForm;
}

/** Why the form cannot be saved as it is, in the rep's words; null when it can. */
export function formProblem(form: AgentConfigForm): string | null {
  if (!form.name.trim()) return 'Give the agent a name.';
  if (!form.value_proposition.trim()) return 'Say what you offer (the value proposition): every message is built around it.';
  if (form.keywords.length === 0 && !form.sources.every((s) => s === 'csv')) return 'Add at least one keyword to search for.';
  return null;
}

/** The request's csv_options: only what the rep changed, nothing when they changed nothing. */
export function csvOptionsOf(choice: CsvChoice): RequestOf<'runs:start'>['csv_options'] {
  const mapping = choice.mapping && Object.keys(choice.mapping).length > 0 ? choice.mapping : undefined;
  if (!choice.preset && !mapping) return undefined;
  return { ...(choice.preset ? { preset: choice.preset } : {}), ...(mapping ? { mapping } : {}) };
}

// Answers can arrive out of order while the rep changes the mapping quickly: only the latest counts.
let previewSeq = 0;
let estimateSeq = 0;

/** A new choice: the preview, then the estimate when one was asked for, again for it. */
async function rechoose(set: Parameters<Slice<AgentsSlice>>[0], get: Parameters<Slice<AgentsSlice>>[1], csvChoice: CsvChoice): Promise<void> {
  set({ csvChoice });
  await get().loadCsvPreview();
  const { estimateFor: agentId, csvPreview, csvPreviewError, csvChoice: now } = get();
  // A newer choice is on its way, with its own estimate.
  if (!agentId || now !== csvChoice) return;
  if (csvPreviewError || csvPreview?.mapping.name === undefined) {
    // The preview says what is wrong; the old estimate (and its Start button) goes until it is corrected.
    set({ estimate: null });
    return;
  }
  await get().estimateRun(agentId);
}

export const createAgentsSlice: Slice<AgentsSlice> = (set, get) => ({
  agents: [],
  agentsLoaded: false,
  editingAgentId: null,
  csvPath: null,
  csvChoice: {},
  csvPreview: null,
  csvDetectedPreset: null,
  csvPreviewError: null,
  csvPreviewLoading: false,
  estimate: null,
  estimateFor: null,
  runNotices: [],
  newAgentFrom: null,

  async loadAgents() {
    const agents = await get().attempt(() => call('agents:list', {}));
    if (agents) set({ agents, agentsLoaded: true });
  },

  editAgent(id) {
    // A new agent asks again what to start from.
    set({ editingAgentId: id, estimate: null, estimateFor: null, newAgentFrom: null });
  },

  newAgent(from) {
    set({ editingAgentId: 'new', newAgentFrom: from, estimate: null, estimateFor: null });
  },

  dismissRunNotices() {
    set({ runNotices: [] });
  },

  async saveAgent(id, config) {
    const saved = await get().attempt(() => call('agents:save', id ? { id, config } : { config }));
    if (!saved) return undefined;
    set((s) => ({
      agents: s.agents.some((a) => a.id === saved.id) ? s.agents.map((a) => (a.id === saved.id ? saved : a)) : [...s.agents, saved],
      editingAgentId: saved.id,
      newAgentFrom: null,
      estimate: null,
      estimateFor: null,
    }));
    get().notify('success', `Agent "${saved.name}" saved.`);
    return saved;
  },

  async chooseCsv() {
    const r = await get().attempt(() => call('dialog:open-csv', {}));
    if (!r?.path) return;
    // A new file is read as detected: corrections made for another file's columns do not carry over.
    set({ csvPath: r.path, csvChoice: {}, csvPreview: null, csvDetectedPreset: null, csvPreviewError: null, estimate: null, estimateFor: null });
    await get().loadCsvPreview();
  },

  async loadCsvPreview() {
    const { csvPath: path, csvChoice } = get();
    if (!path) return;
    const seq = ++previewSeq;
    set({ csvPreviewLoading: true });
    const options = csvOptionsOf(csvChoice);
    try {
      const preview = await call('csv:preview', options ? { path, options } : { path });
      if (seq !== previewSeq) return;
      set((s) => ({
        csvPreview: preview,
        csvPreviewError: null,
        csvPreviewLoading: false,
        csvDetectedPreset: csvChoice.preset ? s.csvDetectedPreset : preview.preset,
      }));
    } catch (err) {
      if (seq !== previewSeq) return;
      // Shown in the preview itself, where the rep can correct the choice that caused it.
      const error = { code: err instanceof BridgeError ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
      set({ csvPreviewError: error, csvPreviewLoading: false });
    }
  },

  async setCsvPreset(preset) {
    const choice: CsvChoice = { ...get().csvChoice };
    if (preset) choice.preset = preset;
    else delete choice.preset;
    await rechoose(set, get, choice);
  },

  async setCsvMapping(field, header) {
    const choice = get().csvChoice;
    await rechoose(set, get, { ...choice, mapping: { ...choice.mapping, [field]: header } });
  },

  async resetCsvChoice() {
    await rechoose(set, get, {});
  },

  async estimateRun(agentId) {
    const { csvPath: csv, csvChoice } = get();
    const seq = ++estimateSeq;
    const csv_options = csv ? csvOptionsOf(csvChoice) : undefined;
    const estimate = await get().attempt(() => call('runs:estimate', csv ? { agent_id: agentId, csv_path: csv, ...(csv_options ? { csv_options } : {}) } : { agent_id: agentId }));
    if (seq !== estimateSeq) return;
    // A refused estimate (a mapping the file cannot satisfy) takes the old one, and its Start button,
    // away; the agent stays asked for, so correcting the mapping estimates again.
    set({ estimate: estimate ?? null, estimateFor: agentId });
  },

  async startRun(agentId) {
    const { csvPath: csv, csvChoice } = get();
    const csv_options = csv ? csvOptionsOf(csvChoice) : undefined;
    const r = await get().attempt(() => call('runs:start', csv ? { agent_id: agentId, csv_path: csv, ...(csv_options ? { csv_options } : {}) } : { agent_id: agentId }));
    if (!r) return undefined;
    // The notices (a source's terms) stay on the run monitor until the rep has read them.
    set({ estimate: null, estimateFor: null, screen: 'runs', selectedRunId: r.execution_id, runNotices: r.notices });
    await get().loadRuns();
    return r.execution_id;
  },
});
