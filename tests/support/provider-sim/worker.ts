import { parentPort, Worker, workerData } from 'node:worker_threads';
import { ProviderSim, type SimOptions } from './index';

/** Options that can cross into a worker: the answer is a fixed text instead of a function. */
export interface WorkerSimOptions extends Omit<SimOptions, 'answer'> {
  fixedAnswer?: string;
}

export interface WorkerSim {
  url: string;
  /** How many requests the simulator has served. */
  requestCount(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The simulator on its own thread, for benchmarks: a real provider does not spend our CPU, so
 * neither should the simulator when we measure our own overhead.
 */
export function startProviderSimInWorker(options: WorkerSimOptions): Promise<WorkerSim> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { providerSim: options } });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  return next('ready').then((ready) => ({
    url: String(ready.url),
    async requestCount() {
      const p = next('count');
      worker.postMessage({ type: 'count' });
      return Number((await p).count);
    },
    async stop() {
      const p = next('stopped');
      worker.postMessage({ type: 'stop' });
      await p;
      await worker.terminate();
    },
  }));
}

// Only a worker started by startProviderSimInWorker runs a simulator (test runners use workers too).
const mine = (workerData as { providerSim?: WorkerSimOptions } | null)?.providerSim;
if (parentPort && mine) {
  const port = parentPort;
  const { fixedAnswer, ...rest } = mine;
  const sim = await new ProviderSim({ ...rest, ...(fixedAnswer !== undefined ? { answer: () => fixedAnswer } : {}) }).start();
  port.on('message', (m: { type: string }) => {
    if (m.type === 'count') port.postMessage({ type: 'count', count: sim.requests.length });
    if (m.type === 'stop') void sim.stop().then(() => port.postMessage({ type: 'stopped' }));
  });
  port.postMessage({ type: 'ready', url: sim.url });
}
