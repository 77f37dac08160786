import { parentPort, workerData } from 'node:worker_threads';
import { HunterApp } from '../app';
import { toHunterError } from '../core/errors';
import { dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';
import { SessionSecretStore, type SecretName, type SecretStore } from '../store/secret-store';
import type { FromServices, ServicesStart, ToServices } from './services-protocol';

/**
 * The services thread: the same handler table the tests drive in-process, on its own event loop, so a
 * run over 100 000 leads, a crawl or a model stream never delays the window's input or painting. The
 * main thread only checks the sender and passes messages.
 */
const port = parentPort;
if (!port) throw new Error('services-worker runs as a worker thread');
const start = workerData as ServicesStart;
const post = (message: FromServices): void => port.postMessage(message);

let app: HunterApp | null = null;
let handlers: Handlers | null = null;
try {
  app = HunterApp.open({ dbFile: start.dbFile, env: process.env });
  const pickers = new Map<number, (path: string | null) => void>();
  let nextPick = 0;
  handlers = createHandlers(app, {
    // A copy: the main thread saves a key the window sets before it reaches here, and saves what the
    // services change themselves (a mail password, a refresh token) when told.
    secrets: keychainCopy(new SessionSecretStore(start.secrets.values, start.secrets.secure), (name, value) => post({ type: 'save-secret', name, value })),
    openUrl: (url) => post({ type: 'open-url', url }),
    emit: (event, payload) => post({ type: 'event', event, payload }),
    notify: (alert) => post({ type: 'notify', alert }),
    pickCsv: () =>
      new Promise((resolve) => {
        const id = ++nextPick;
        pickers.set(id, resolve);
        post({ type: 'pick-csv', id });
      }),
    dataDir: start.dataDir,
    offlineRuns: start.offlineRuns,
  });
  const table = handlers.table;

  port.on('message', (message: ToServices) => {
    switch (message.type) {
      case 'invoke':
        void dispatch(table, message.channel, message.payload).then((result) => post({ type: 'result', id: message.id, result }));
        break;
      case 'picked-csv':
        pickers.get(message.id)?.(message.path);
        pickers.delete(message.id);
        break;
      case 'close':
        void shutDown();
        break;
    }
  });
  post({ type: 'ready' });
} catch (err) {
  const h = toHunterError(err);
  app?.close();
  post({ type: 'failed', code: h.code, message: h.message });
  port.close();
}

/** Pauses running executions, stops streams and closes the database, then lets the thread end. */
async function shutDown(): Promise<void> {
  try {
    await handlers?.close();
  } finally {
    app?.close();
    app = null;
    post({ type: 'closed' });
    port?.close();
  }
}

/** The services' copy of the keychain, whose own changes are written back to the real one. */
function keychainCopy(copy: SecretStore, save: (name: SecretName, value: string) => void): SecretStore {
  return {
    get: (name) => copy.get(name),
    has: (name) => copy.has(name),
    isSecure: () => copy.isSecure(),
    set(name, value) {
      copy.set(name, value);
      save(name, value);
    },
  };
}
