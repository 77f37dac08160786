import { describe, expect, it } from 'vitest';
import { HunterError } from '../../../../main/core/errors';
import { streamSearch, type GmapsEvent } from '../../../../main/sources/google-maps/place-stream';
import type { GmapsCell, GmapsFound, GmapsSearchResult } from '../../../../main/sources/google-maps/search-flow';

const CELL: GmapsCell = { key: 'dentist@*', query: 'dentist', path: '', depth: 0 };
const found = (i: number) => ({ place: { name: `Place ${i}` }, url: `u${i}`, keys: [`k${i}`], query: 'dentist', cell: CELL, linksRead: i }) as unknown as GmapsFound;
const empty = (): GmapsSearchResult => ({ places: [], errors: [], searches: [], skipped: 0, cellsResumed: 0 });

describe('streamSearch hands each place on before the search goes on', () => {
  it('the search waits until the consumer has taken each place, and its result is the return value', async () => {
    const log: string[] = [];
    const gen = streamSearch(async ({ onPlace, onCell }) => {
      await onCell({ kind: 'opened', cell: CELL });
      for (const i of [1, 2]) {
        log.push(`read ${i}`);
        await onPlace(found(i));
      }
      return { ...empty(), skipped: 3 };
    });
    const seen: GmapsEvent['kind'][] = [];
    let next = await gen.next();
    for (; !next.done; next = await gen.next()) {
      seen.push(next.value.kind);
      if (next.value.kind === 'place') log.push(`stored ${next.value.found.keys[0]}`);
    }
    expect(seen).toEqual(['cell', 'place', 'place']);
    // Place 2 is read only once place 1 was stored.
    expect(log).toEqual(['read 1', 'stored k1', 'read 2', 'stored k2']);
    expect(next.value.skipped).toBe(3);
  });

  it('a block thrown by the search comes out after the places read before it', async () => {
    const gen = streamSearch(async ({ onPlace }) => {
      await onPlace(found(1));
      throw new HunterError('BLOCKED', 'sorry');
    });
    const first = await gen.next();
    expect(first.value).toMatchObject({ kind: 'place' });
    await expect(gen.next()).rejects.toMatchObject({ code: 'BLOCKED' });
  });

  it('a consumer that stops early stops the search through its signal', async () => {
    let aborted = false;
    const gen = streamSearch(async ({ onPlace, signal }) => {
      for (let i = 1; ; i++) {
        await onPlace(found(i));
        if (signal.aborted) {
          aborted = true;
          throw new HunterError('CANCELLED', 'stopped');
        }
      }
    });
    for await (const e of gen) {
      if (e.kind === 'place') break;
    }
    expect(aborted).toBe(true);
  });
});
