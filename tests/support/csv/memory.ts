/**
 * What a reader holds, not what the collector has yet to sweep: the heap is measured right after a full
 * collection, on a timer while the read runs (a file read yields to timers between chunks).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;

let gcFn: (() => void) | null = null;

/** V8's gc(), without starting Node with --expose-gc (the flag can be set at run time; a fresh context sees it). */
export function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

export interface RetainedHeapSampler {
  /** Stops sampling; the most the heap held above the start, in MB. */
  stop(): number;
  /** How many times the heap was measured. */
  readonly samples: number;
}

export function sampleRetainedHeap(everyMs = 100): RetainedHeapSampler {
  collectGarbage();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let samples = 0;
  const sample = () => {
    samples++;
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return (peak - base) / MB;
    },
    get samples() {
      return samples;
    },
  };
}
