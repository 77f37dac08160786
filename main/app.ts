import { ConfiguredAi, modelChoice } from './ai/configured';
import type { AgentConfig } from './core/agent-config';
import { HunterError } from './core/errors';
import type { Sender } from './core/sender';
import type { Signer } from './ai/offline-composer';
import type { Engine, ExecutionControl, ExecutionResult } from './engine/runner';
import type { ExecutionEvent, Recipe } from './engine/types';
import type { MessageWriter } from './recipes/personalization';
import type { CookbookInput } from './run-cookbook';
import type { SecretStore } from './store/secret-store';
import { browserPathOf, senderOf } from './services/settings';
import { WorkspacesService, type WorkspaceCreateOptions } from './services/workspaces';
import type { CsvImportOptions } from './sources/csv/import-options';
import { openDatabase, type Db, type WorkspaceStore } from './store';
import type { Execution } from './store/executions';

export interface RunRequest {
  csv?: string | undefined;
  /** The preset and column mapping chosen in the import preview (or with --preset / --map). */
  csvOptions?: CsvImportOptions | undefined;
  /** Read websites only from the page cache and use no online source: the run touches no network. */
  offline?: boolean | undefined;
  /** Write to leads the rep has already written to (an exported draft); left out otherwise. */
  contactAgain?: boolean | undefined;
  agent: unknown;
  agentId?: string | undefined;
}

export interface AppOptions {
  dbFile: string;
  env?: NodeJS.ProcessEnv;
}

const SYSTEM = { type: 'system' as const, id: 'app' };

/**
 * The composition root: one place that builds the services from settings and the environment. The
 * Electron shell and the CLI are two faces over it (through main/services), so what one does the other
 * does too. It stays light: the recipes, the crawler and the model SDKs load when a run first needs them.
 */
export class HunterApp {
  readonly db: Db;
  readonly env: NodeJS.ProcessEnv;
  readonly workspaces: WorkspacesService;

  /** The model layer as configured: keys from the OS keychain (the app) or the environment (the CLI). */
  readonly models: ConfiguredAi;

  private constructor(db: Db, env: NodeJS.ProcessEnv) {
    this.db = db;
    this.env = env;
    this.workspaces = new WorkspacesService(db);
    this.models = new ConfiguredAi(env);
  }

  static open(opts: AppOptions): HunterApp {
    return new HunterApp(openDatabase(opts.dbFile), opts.env ?? process.env);
  }

  close(): void {
    this.db.close();
  }

  /** Keys the rep saved in the app's keychain; the environment's are used where none is saved. */
  useSecrets(secrets: SecretStore): void {
    this.models.useKeys(secrets);
  }

  /** The named workspace (NOT_FOUND when it names none), or the one in use. */
  workspace(nameOrId?: string | null): WorkspaceStore {
    return this.workspaces.open(nameOrId);
  }

  createWorkspace(name: string, opts: WorkspaceCreateOptions = {}): WorkspaceStore {
    return this.workspaces.create(name, SYSTEM, opts);
  }

  /** The models for a workspace's runs, or null when no provider key is set (the offline components). */
  async aiFor(store: WorkspaceStore) {
    const m = await this.models.for(modelChoice(store.settings, this.env));
    return m.configured ? m : null;
  }

  /** Creates an execution of an agent (saved or new) over a CSV or a search; the run itself is `run`. */
  createExecution(store: WorkspaceStore, req: RunRequest): Execution {
    const agent = req.agentId ? store.agents.get(req.agentId) : store.agents.save(req.agent);
    if (agent.config.sources.includes('csv') && !req.csv && agent.config.sources.length === 1) {
      throw new HunterError('INVALID_INPUT', 'This agent reads a CSV file: give one with --csv FILE (or choose keywords and a place with --keywords and --location).');
    }
    // The mapping is part of the input, so a resume reads the file the same way.
    return store.executions.create(agent.id, { csv: req.csv ?? null, offline: !!req.offline, ...(req.csvOptions ? { csv_options: req.csvOptions } : {}), ...(req.contactAgain ? { contact_again: true } : {}) });
  }

  /** The five recipes for an agent, with the components its settings and the keys call for. */
  async cookbook(store: WorkspaceStore, agent: AgentConfig, input: CookbookInput): Promise<Recipe[]> {
    const { runCookbook } = await import('./run-cookbook');
    return runCookbook({
      store, agent, input, ai: await this.aiFor(store), env: this.env,
      keys: { hunter_io: this.models.keyFor('hunter_io') }, browserPath: browserPathOf(store),
      sender: () => this.signer(store),
    });
  }

  /** The premium pass's part of intelligence's reservation, with this workspace's keys (for the estimate). */
  async premiumPartMicros(): Promise<number> {
    const { premiumPartMicros } = await import('./run-cookbook');
    return premiumPartMicros(!!this.models.keyFor('hunter_io'));
  }

  /** The writer a run's personalization and "write again" both use. */
  async writer(store: WorkspaceStore): Promise<MessageWriter> {
    const { messageWriter } = await import('./run-cookbook');
    return messageWriter(await this.aiFor(store));
  }

  async engine(store: WorkspaceStore, execution: Execution): Promise<Engine> {
    const agent = store.agents.get(execution.agent_id).config;
    // The engine loads with the first run: a command that only reads never loads it.
    const { Engine } = await import('./engine/runner');
    return new Engine(store, await this.cookbook(store, agent, execution.input as CookbookInput));
  }

  /**
   * Who signs; an empty name when no sender is set (such a draft is not ready to send, and says so). With
   * a signature the export appends it, so the message itself ends at the first name; the address is the
   * rep's own and never counts as an invented contact.
   */
  signer(store: WorkspaceStore): Signer {
    const s: Sender | null = senderOf(store);
    return { name: s?.name ?? '', company: s?.company, signature: s?.signature, email: s?.email };
  }

  async run(store: WorkspaceStore, executionId: string, opts: { control?: ExecutionControl; onEvent?: (e: ExecutionEvent) => void } = {}): Promise<ExecutionResult> {
    const execution = store.executions.get(executionId);
    const engine = await this.engine(store, execution);
    if (opts.onEvent) engine.on('event', opts.onEvent);
    return engine.run(executionId, opts.control);
  }
}
