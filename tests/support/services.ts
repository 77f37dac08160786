import { EventEmitter } from 'node:events';
import { ServicesHost, type ServicesHostDeps, type ServicesScript } from '../../main/ipc/services-host';
import { SessionSecretStore, type SecretStore } from '../../main/store/secret-store';
import type { AlertView, Channel, EventName, RequestOf, Responses, Result } from '../../preload/contract';

/**
 * The services thread as the app starts it, running the TypeScript source through tsx's loader (the app
 * runs the same module built by electron-vite as out/main/services.js).
 */
export function servicesScript(): ServicesScript {
  return { file: new URL('../../main/ipc/services-worker.ts', import.meta.url), execArgv: ['--import', import.meta.resolve('tsx')] };
}

export interface HostedServices {
  host: ServicesHost;
  events: EventEmitter;
  notified: AlertView[];
  secrets: SecretStore;
  /** The paths the "file picker" answers with next; an empty queue answers "cancelled". */
  pickQueue: Array<string | null | Promise<string | null>>;
  call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Responses[C]>;
  invoke(channel: string, req: unknown): Promise<Result<unknown>>;
}

/** Starts a real services thread on a real database file, with the main thread's OS services replaced by plain ones. */
export async function startServices(opts: { dbFile: string; dataDir: string; secrets?: SecretStore; deps?: Partial<ServicesHostDeps> }): Promise<HostedServices> {
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const notified: AlertView[] = [];
  const pickQueue: HostedServices['pickQueue'] = [];
  const secrets = opts.secrets ?? new SessionSecretStore({}, true);
  const host = await ServicesHost.start({
    script: servicesScript(),
    dbFile: opts.dbFile,
    dataDir: opts.dataDir,
    offlineRuns: true,
    secrets,
    emit: (event: EventName, payload: unknown) => events.emit(event, payload),
    notify: (a) => notified.push(a),
    pickCsv: async () => (await pickQueue.shift()) ?? null,
    openUrl: () => undefined,
    ...opts.deps,
  });
  return {
    host, events, notified, secrets, pickQueue,
    invoke: (channel, req) => host.invoke(channel, req),
    async call(channel, req) {
      const r = await host.invoke(channel, req);
      if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
  };
}
