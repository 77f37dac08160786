import { EventEmitter } from 'node:events';
import { HunterApp } from '../../../main/app';
import { dispatch } from '../../../main/ipc/dispatch';
import { createHandlers, type HandlerDeps, type Handlers } from '../../../main/ipc/handlers';
import { SessionSecretStore } from '../../../main/ipc/secret-store';
import { CHANNELS, type Channel, type EventName, type EventPayloads, type HunterBridge } from '../../../preload/contract';
import { tempDir } from '../temp';

export interface TestApp {
  app: HunterApp;
  handlers: Handlers;
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
    async close() {
      await handlers.close();
      app.close();
      tmp.cleanup();
    },
  };
}

/**
 * window.hunter for component tests: every call goes through the same dispatch (schema parse, coded
 * errors) as the Electron gateway, with a JSON round trip standing in for the structured clone of IPC.
 */
export function inProcessBridge(t: TestApp): HunterBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of Object.keys(CHANNELS) as Channel[]) {
    bridge[channel] = async (req?: unknown) => JSON.parse(JSON.stringify(await dispatch(t.handlers.table, channel, JSON.parse(JSON.stringify(req ?? {})))));
  }
  bridge.subscribe = <E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void) => {
    const fn = (p: EventPayloads[E]) => listener(JSON.parse(JSON.stringify(p)));
    t.emitter.on(event, fn);
    return () => t.emitter.off(event, fn);
  };
  return bridge as HunterBridge;
}
