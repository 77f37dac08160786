import type { GmapsCellEvent, GmapsFound, GmapsSearchOptions, GmapsSearchResult } from './search-flow';

/** What a search hands on as it goes: a place read, or a cell opened or finished. */
export type GmapsEvent = { kind: 'place'; found: GmapsFound } | { kind: 'cell'; event: GmapsCellEvent };

type Hooks = Required<Pick<GmapsSearchOptions, 'onPlace' | 'onCell' | 'signal'>>;

/**
 * Runs a search and gives its places and cells as they come, each one before the next page is opened: the
 * search waits until the consumer has taken (and stored) what it was handed, so a block or a crash one page
 * later loses nothing. A consumer that stops early stops the search too (through `signal`), and the
 * generator's return value is the search's result.
 */
export async function* streamSearch(run: (hooks: Hooks) => Promise<GmapsSearchResult>, signal?: AbortSignal): AsyncGenerator<GmapsEvent, GmapsSearchResult, undefined> {
  const stop = new AbortController();
  const queue: Array<{ event: GmapsEvent; taken: () => void }> = [];
  let wake: (() => void) | null = null;
  let outcome: { ok: true; value: GmapsSearchResult } | { ok: false; error: unknown } | null = null;
  let closed = false;
  const hand = (event: GmapsEvent): Promise<void> =>
    closed ? Promise.resolve() : new Promise<void>((taken) => {
      queue.push({ event, taken });
      wake?.();
    });
  const search = run({
    onPlace: (found) => hand({ kind: 'place', found }),
    onCell: (event) => hand({ kind: 'cell', event }),
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  }).then(
    (value) => void (outcome = { ok: true, value }),
    (error: unknown) => void (outcome = { ok: false, error }),
  ).finally(() => wake?.());
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        try {
          yield next.event;
        } finally {
          next.taken();
        }
        continue;
      }
      if (outcome) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    if (!outcome) {
      // The consumer stopped early: the search must not go on reading pages nobody takes.
      closed = true;
      stop.abort();
      for (const q of queue.splice(0)) q.taken();
      await search;
    }
  }
  const end = outcome as { ok: true; value: GmapsSearchResult } | { ok: false; error: unknown };
  if (!end.ok) throw end.error;
  return end.value;
}
