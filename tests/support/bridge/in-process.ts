import { EventEmitter } from 'node:events';
import { HunterApp } from '../../../main/app';
import { dispatch } from '../../../main/ipc/dispatch';
import { createHandlers, type HandlerDeps, type Handlers } from '../../../main/ipc/handlers';
import { SessionSecretStore } from '../../../main/store/secret-store';
import { CHANNELS, type Channel, type EventName, type EventPayloads, type HunterBridge, type Result } from '../../../preload/contract';
import { startServices } from '../services';
import { tempDir } from '../temp';

/** The main side a window talks to, wherever its handlers run. */
export interface AppSide {
  /** The test's own view of the database (its own connection when the handlers run on the services thread). */
  app: HunterApp;
  /** One request of the contract, the way the window sends it. */
  invoke(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** Every event main sent, in order (already batched, as the window would get them). */
  events: Array<{ event: EventName; payload: unknown }>;
  emitter: EventEmitter;
  dir: string;
  dbFile: string;
  secrets: SessionSecretStore;
  /** The CSV files the test's "file picker" returns next, in order. */
  pickQueue: string[];
  close(): Promise<void>;
}

/** The main side with its handlers on the test's own thread. */
export interface TestApp extends AppSide {
  handlers: Handlers;
}

/**
 * The real main side on a real temporary SQLite file: HunterApp and the IPC handlers, with the OS
 * services (file picker, keychain, notifications) replaced by plain ones a test controls.
 */
export function createTestApp(opts: { env?: NodeJS.ProcessEnv; deps?: Partial<HandlerDeps> } = {}): TestApp {
  const tmp = tempDir('hunter-ui-');
  const dbFile = tmp.file('hunter.db');
  const app = HunterApp.open({ dbFile, env: { ...opts.env } });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const events: TestApp['events'] = [];
  const secrets = new SessionSecretStore({}, true);
  const pickQueue: string[] = [];
  const handlers = createHandlers(app, {
    secrets,
    emit: (event, payload) => {
      events.push({ event, payload });
      emitter.emit(event, payload);
    },
    pickCsv: async () => pickQueue.shift() ?? null,
    dataDir: tmp.dir,
    // No network beyond loopback in tests: websites come only from the page cache.
    offlineRuns: true,
    ...opts.deps,
  });
  return {
    app, handlers, events, emitter, dir: tmp.dir, dbFile, secrets, pickQueue,
    invoke: (channel, payload) => dispatch(handlers.table, channel, payload),
    async close() {
      await handlers.close();
      app.close();
      tmp.cleanup();
    },
  };
}

/**
 * The app as Electron runs it: the handlers on the services thread (a real worker thread on a real
 * SQLite file), requests and events crossing the thread boundary. `app` is the test's own connection to
 * the same file, for assertions.
 */
export async function startTestAppOnServicesThread(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<AppSide> {
  const tmp = tempDir('hunter-ui-');
  const dbFile = tmp.file('hunter.db');
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const events: AppSide['events'] = [];
  const secrets = new SessionSecretStore({}, true);
  const pickQueue: string[] = [];
  const before = { ...process.env };
  // The services thread reads the environment it starts with (provider base URLs in tests).
  Object.assign(process.env, opts.env);
  let s;
  try {
    s = await startServices({ dbFile, dataDir: tmp.dir, secrets, deps: {
      emit: (event, payload) => {
        events.push({ event, payload });
        emitter.emit(event, payload);
      },
      pickCsv: async () => pickQueue.shift() ?? null,
    } });
  } finally {
    for (const k of Object.keys(opts.env ?? {})) {
      if (before[k] === undefined) delete process.env[k];
      else process.env[k] = before[k];
    }
  }
  const host = s.host;
  const app = HunterApp.open({ dbFile, env: { ...opts.env } });
  return {
    app, events, emitter, dir: tmp.dir, dbFile, secrets, pickQueue,
    invoke: (channel, payload) => host.invoke(String(channel), payload),
    async close() {
      await host.close();
      app.close();
      tmp.cleanup();
    },
  };
}

/**
 * window.hunter for component tests: every call goes through the same dispatch (schema parse, coded
 * errors) as the Electron gateway, with a JSON round trip standing in for the structured clone of IPC.
 */
export function inProcessBridge(t: AppSide): HunterBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of Object.keys(CHANNELS) as Channel[]) {
    bridge[channel] = async (req?: unknown) => JSON.parse(JSON.stringify(await t.invoke(channel, JSON.parse(JSON.stringify(req ?? {})))));
  }
  bridge.subscribe = <E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void) => {
    const fn = (p: EventPayloads[E]) => listener(JSON.parse(JSON.stringify(p)));
    t.emitter.on(event, fn);
    return () => t.emitter.off(event, fn);
  };
  return bridge as HunterBridge;
}
