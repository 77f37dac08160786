import { Worker } from 'node:worker_threads';
import { HunterError, isErrorCode } from '../core/errors';
import { CHANNELS, type AlertView, type Result } from '../../preload/contract';
import type { EventSink } from './event-batcher';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../store/secret-store';
import type { FromServices, ServicesStart, ToServices } from './services-protocol';

/** The script the services thread runs, and how (tests run the TypeScript source through a loader). */
export interface ServicesScript {
  file: string | URL;
  execArgv?: string[];
}

/** What stays on the main thread: the OS services only it can reach. */
export interface ServicesHostDeps {
  script: ServicesScript;
  dbFile: string;
  dataDir: string;
  offlineRuns?: boolean;
  /** The keychain (safeStorage in the app). */
  secrets: SecretStore;
  emit: EventSink;
  notify: (alert: AlertView) => void;
  pickCsv: () => Promise<string | null>;
  /** Opens a sign-in page in the system browser (shell.openExternal in the app). */
  openUrl: (url: string) => void;
  /** Told when the services thread died and was started again (for a log line). */
  onRestart?: (reason: string) => void;
}

/** Restarts allowed within RESTART_WINDOW_MS before the host gives up (a crash loop helps nobody). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
const CLOSE_TIMEOUT_MS = 15_000;

interface Running {
  worker: Worker;
  /** Resolves when the thread has exited. */
  exited: Promise<void>;
}

/**
 * Runs the services (database, runs, model streams: everything behind the IPC contract) on a worker
 * thread and answers the window's requests through it. The main thread keeps the window responsive:
 * it only forwards requests, events and the few OS calls the services ask for. When the thread dies
 * unexpectedly, waiting requests get SERVICE_RESTARTED and a fresh thread takes over; runs it was doing
 * show as interrupted and resume from their last committed step.
 */
export class ServicesHost {
  private running: Running | null = null;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private nextId = 0;
  private closing = false;
  private restarts: number[] = [];
  private starting: Promise<void> | null = null;
  private stopReason: HunterError | null = null;

  private constructor(private readonly deps: ServicesHostDeps) {}

  /** Starts the services thread; rejects with the coded reason when it cannot open the database. */
  static async start(deps: ServicesHostDeps): Promise<ServicesHost> {
    const host = new ServicesHost(deps);
    await host.spawn();
    return host;
  }

  /** One request of the contract, answered {ok, value} or {ok: false, error}; never throws. */
  async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.closing) return failure('SERVICE_RESTARTED', 'The app is closing.');
    if (this.starting) await this.starting;
    if (this.stopReason) return failure(this.stopReason.code, this.stopReason.message);
    // A key is saved in the keychain here, before the services thread learns it: a key that could not
    // be saved is reported, not silently kept for the session only.
    if (channel === 'secrets:set') {
      let parsed;
      try {
        parsed = CHANNELS['secrets:set'].request.safeParse(payload);
      } catch {
        return failure('INVALID_INPUT', 'Refused: secrets:set got a payload that could not be read.');
      }
      if (parsed.success) {
        try {
          this.deps.secrets.set(parsed.data.name, parsed.data.value);
        } catch (err) {
          return failure('INTERNAL', `The key could not be saved: ${(err as Error).message}`);
        }
      }
    }
    const running = this.running;
    if (!running) return failure('SERVICE_RESTARTED', 'The background service is not running; try again.');
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.send({ type: 'invoke', id, channel, payload });
      } catch {
        // Not cloneable (a function, a symbol): never a payload the preload sends.
        this.pending.delete(id);
        resolve(failure('INVALID_INPUT', `Refused: ${String(channel).slice(0, 40)} got a payload that could not be read.`));
      }
    });
  }

  /** Pauses runs and stops streams in the services thread, closes its database and ends it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.starting) await this.starting.catch(() => undefined);
    const running = this.running;
    if (!running) return;
    const closed = new Promise<void>((resolve) => {
      running.worker.on('message', (m: FromServices) => {
        if (m.type === 'closed') resolve();
      });
      void running.exited.then(resolve);
    });
    this.send({ type: 'close' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), CLOSE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) await running.worker.terminate();
    // Whatever still holds the thread open (a socket's keep-alive) is not worth waiting for.
    await Promise.race([running.exited, new Promise((r) => setTimeout(r, 1000))]);
    if (this.running === running) await running.worker.terminate();
    this.running = null;
  }

  /** Ends the services thread at once, as a crash would; a fresh one takes over (how recovery is tested). */
  async kill(): Promise<void> {
    await this.running?.worker.terminate();
  }

  private send(message: ToServices): void {
    this.running?.worker.postMessage(message);
  }

  private spawn(): Promise<void> {
    const start: ServicesStart = {
      dbFile: this.deps.dbFile,
      dataDir: this.deps.dataDir,
      offlineRuns: this.deps.offlineRuns ?? false,
      secrets: { values: readSecrets(this.deps.secrets), secure: this.deps.secrets.isSecure() },
    };
    const worker = new Worker(this.deps.script.file, { workerData: start, execArgv: this.deps.script.execArgv, name: 'hunter-services' });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const running: Running = { worker, exited };
    this.running = running;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromServices) => this.onMessage(m, resolve, reject));
      // An exception the thread did not catch: it ends, and 'exit' follows.
      worker.on('error', (err) => reject(new HunterError('INTERNAL', `The background service failed to start: ${err.message}`)));
      worker.once('exit', (code) => {
        reject(new HunterError('INTERNAL', `The background service ended while starting (exit code ${code}).`));
        this.onExit(running, code);
      });
    });
    // Requests that arrive meanwhile wait for the start; its failure is the caller's (start) or stopReason's.
    this.starting = ready.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.starting = null;
    });
    return ready;
  }

  private onMessage(m: FromServices, ready: () => void, failed: (e: HunterError) => void): void {
    switch (m.type) {
      case 'ready':
        ready();
        break;
      case 'failed':
        failed(new HunterError(isErrorCode(m.code) ? m.code : 'INTERNAL', m.message));
        break;
      case 'result': {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m.result);
        break;
      }
      case 'event':
        (this.deps.emit as (event: string, payload: unknown) => void)(m.event, m.payload);
        break;
      case 'notify':
        this.deps.notify(m.alert);
        break;
      case 'pick-csv':
        void this.deps.pickCsv().then(
          (path) => this.send({ type: 'picked-csv', id: m.id, path }),
          () => this.send({ type: 'picked-csv', id: m.id, path: null }),
        );
        break;
      case 'save-secret':
        try {
          this.deps.secrets.set(m.name, m.value);
        } catch (err) {
          this.deps.onRestart?.(`A secret could not be saved in the keychain: ${(err as Error).message}.`);
        }
        break;
      case 'open-url':
        // Only web pages: a sign-in page is https (http only on this computer, the tests' stand-in).
        if (/^https:\/\//i.test(m.url) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(m.url)) this.deps.openUrl(m.url);
        break;
      case 'closed':
        break;
    }
  }

  private onExit(running: Running, code: number): void {
    if (this.running !== running) return;
    this.running = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    if (this.closing) {
      for (const resolve of waiting) resolve(failure('SERVICE_RESTARTED', 'The app is closing.'));
      return;
    }
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    const reason = `The background service stopped unexpectedly (exit code ${code}).`;
    if (this.restarts.length >= MAX_RESTARTS) {
      this.stopReason = new HunterError('INTERNAL', `${reason} It stopped ${MAX_RESTARTS} times in a minute, so it was not started again: quit and reopen the app.`);
      for (const resolve of waiting) resolve(failure(this.stopReason.code, this.stopReason.message));
      return;
    }
    this.restarts.push(now);
    for (const resolve of waiting) resolve(failure('SERVICE_RESTARTED', `${reason} It was started again: try again. A run it was doing is paused and can be resumed.`));
    this.deps.onRestart?.(reason);
    this.spawn().catch((err: unknown) => {
      this.stopReason = err instanceof HunterError ? err : new HunterError('INTERNAL', String(err));
    });
  }
}

function readSecrets(store: SecretStore): Partial<Record<SecretName, string>> {
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const v = store.get(name);
    if (v) out[name] = v;
  }
  return out;
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
