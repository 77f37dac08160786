import { HunterError } from './errors';

/** Waits ms, or rejects with CANCELLED as soon as the signal aborts (a pause, a cancel, a closed window). */
export function sleep(ms: number, signal?: AbortSignal, what = 'The work was stopped.'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new HunterError('CANCELLED', what));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new HunterError('CANCELLED', what));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
