import { readFileSync } from 'node:fs';
import { ConfiguredAi, jsonCostCeilingMicros, modelChoice, type Ai, type AiSettings } from './ai';
import { modelScorer } from './recipes/discovery/model-scorer';
import { modelWriter } from './recipes/personalization/model-writer';
import { parseAgentConfig, type AgentConfig } from './core/agent-config';
import type { Recipe } from './engine/types';
import { HunterError } from './core/errors';
import { Engine, ExecutionControl, type ExecutionResult } from './engine/runner';
import type { ExecutionEvent } from './engine/types';
import { buildCookbook } from './recipes/cookbook';
import { heuristicScorer } from './recipes/discovery';
import { csvSource } from './recipes/discovery/csv-source';
import type { CsvImportOptions } from './sources/csv/import-options';
import { tierRouter } from './recipes/intelligence';
import { modelRouter } from './recipes/intelligence/model-router';
import { PAID_LOOKUP_CREDITS, webEnricher } from './recipes/intelligence/web-enricher';
import { actionMicros } from './core/action-prices';
import { toMicros } from './core/credits';
import { googleMapsSource, osmSource } from './recipes/discovery/map-sources';
import { offlineWriter, type SenderIdentity } from './recipes/personalization';
import { openDatabase, workspaceStore, Workspaces, type Db, type WorkspaceStore } from './store';
import type { Execution } from './store/executions';

export interface RunRequest {
  csv?: string | undefined;
  /** The preset and column mapping chosen in the import preview (or with --preset / --map). */
  csvOptions?: CsvImportOptions | undefined;
  /** Read websites only from the page cache and use no online source: the run touches no network. */
  offline?: boolean | undefined;
  agent: unknown;
  agentId?: string | undefined;
}

export interface AppOptions {
  dbFile: string;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_SENDER: SenderIdentity = { name: 'Your name', company: undefined };

/**
 * The composition root: one place that builds the services from settings and the environment. The
 * Electron shell and the CLI are two faces over it, so what one does the other does too.
 */
export class HunterApp {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly env: NodeJS.ProcessEnv;

  /** The model layer as configured: keys from the OS keychain (the app) or the environment (the CLI). */
  readonly models: ConfiguredAi;

  private constructor(db: Db, env: NodeJS.ProcessEnv) {
    this.db = db;
    this.env = env;
    this.workspaces = new Workspaces(db);
    this.models = new ConfiguredAi(env);
  }

  /** The models for a workspace's runs, or null when no provider key is set (the offline components). */
  aiFor(store: WorkspaceStore): { ai: Ai; settings: AiSettings } | null {
    const m = this.models.for(modelChoice(store.settings, this.env));
    return m.configured ? m : null;
  }

  static open(opts: AppOptions): HunterApp {
    return new HunterApp(openDatabase(opts.dbFile), opts.env ?? process.env);
  }

  close(): void {
    this.db.close();
  }

  /** The named workspace, or the first one; a first run creates "My workspace" with the trial's credits. */
  workspace(nameOrId?: string): WorkspaceStore {
    const found = nameOrId ? (this.workspaces.find(nameOrId) ?? this.workspaces.findByName(nameOrId)) : (this.workspaces.list()[0] ?? null);
    if (found) return workspaceStore(this.db, found.id);
    if (nameOrId && nameOrId.startsWith('ws_')) throw new HunterError('NOT_FOUND', `No workspace "${nameOrId}".`);
    return this.createWorkspace(nameOrId ?? 'My workspace');
  }

  createWorkspace(name: string, opts: { id?: string; credits?: number; trialDays?: number; apiCallsLimit?: number } = {}): WorkspaceStore {
    const credits = opts.credits ?? 25;
    const trialEnds = new Date(Date.now() + (opts.trialDays ?? 14) * 86_400_000).toISOString();
    const ws = this.db.transaction(() => {
      const w = this.workspaces.create({ name, id: opts.id, monthly_credits_micros: Math.round(credits * 1e6), trial_ends_at: trialEnds, api_calls_limit: opts.apiCallsLimit });
      const store = workspaceStore(this.db, w.id);
      store.audit.append({ actor: { type: 'system', id: 'app' }, action: 'workspace_created', resource: 'workspace', resource_id: w.id });
      return store;
    }).immediate();
    ws.ledger.grant(Math.round(credits * 1e6), 'trial credits', { type: 'system', id: 'app' });
    return ws;
  }

  /** Creates an execution of an agent (saved or new) over a CSV; the run itself is `run`. */
  createExecution(store: WorkspaceStore, req: RunRequest): Execution {
    const agent = req.agentId ? store.agents.get(req.agentId) : store.agents.save(req.agent);
    if (agent.config.sources.includes('csv') && !req.csv) throw new HunterError('INVALID_INPUT', 'This agent reads a CSV file: give one with --csv FILE.');
    // The mapping is part of the input, so a resume reads the file the same way.
    return store.executions.create(agent.id, { csv: req.csv ?? null, offline: !!req.offline, ...(req.csvOptions ? { csv_options: req.csvOptions } : {}) });
  }

  engine(store: WorkspaceStore, execution: Execution): Engine {
    const agent = store.agents.get(execution.agent_id).config;
    return new Engine(store, this.cookbook(store, agent, execution.input as { csv?: string | null; offline?: boolean }));
  }

  /** The five recipes for an agent, with the components its settings and the keys call for. */
  cookbook(store: WorkspaceStore, agent: AgentConfig, input: { csv?: string | null; csv_options?: CsvImportOptions | null; offline?: boolean }): Recipe[] {
    const ai = this.aiFor(store);
    const offline = !!input.offline;
    // Groq scores when it is configured; otherwise the explainable heuristic does, with no network.
    const scorer = ai?.ai.has('groq') ? modelScorer(ai.ai, ai.settings) : null;
    return buildCookbook({
      discovery: {
        sources: () => {
          const list = [];
          if (agent.sources.includes('csv') && input.csv) list.push(csvSource(input.csv, input.csv_options ?? {}));
          if (agent.sources.includes('google_maps')) list.push(googleMapsSource({ offline, browserPath: store.settings.get<string>('browser_path') ?? this.env.HUNTER_BROWSER_PATH }));
          if (agent.sources.includes('osm')) list.push(osmSource({ offline, userAgent: this.env.HUNTER_OSM_USER_AGENT }));
          return list;
        },
        scorer: scorer ?? heuristicScorer,
        ...(scorer ? { maxScoreMicros: scorer.maxMicros } : {}),
      },
      intelligence: { router: ai?.ai.has('groq') ? modelRouter(ai.ai) : tierRouter, enricher: webEnricher({ offline, hunterIoKey: this.models.keyFor('hunter_io') ?? undefined, hunterIoBaseUrl: this.env.HUNTER_IO_BASE_URL }), maxStepApiCalls: (this.models.keyFor('hunter_io') ? 1 : 0) + (ai?.ai.has('groq') ? 6 : 0), maxStepMicros: actionMicros('intelligence.premium') + (this.models.keyFor('hunter_io') ? toMicros(PAID_LOOKUP_CREDITS) : 0) + (ai?.ai.has('groq') ? jsonCostCeilingMicros(ai.settings) : 0) },
      writer: ai ? modelWriter(ai.ai, ai.settings) : offlineWriter,
      sender: () => this.sender(store),
    });
  }

  sender(store: WorkspaceStore): SenderIdentity {
    return store.settings.get<SenderIdentity>('sender') ?? DEFAULT_SENDER;
  }

  async run(store: WorkspaceStore, executionId: string, opts: { control?: ExecutionControl; onEvent?: (e: ExecutionEvent) => void } = {}): Promise<ExecutionResult> {
    const execution = store.executions.get(executionId);
    const engine = this.engine(store, execution);
    if (opts.onEvent) engine.on('event', opts.onEvent);
    return engine.run(executionId, opts.control);
  }
}

export function readAgentFile(file: string): AgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `Cannot read the agent file ${file}: ${(err as Error).message}`);
  }
  return parseAgentConfig(raw);
}
