import { MAX_PAGES } from './types';

/** Pages to fetch so that rows first..last are present. */
export function missingPages<T>(pages: Record<number, T[]>, loading: Record<number, true>, first: number, last: number, pageSize: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.max(0, first) / pageSize); p <= Math.floor(Math.max(0, last) / pageSize); p++) {
    if (!pages[p] && !loading[p]) out.push(p);
  }
  return out;
}

/** Keeps at most MAX_PAGES pages, dropping the ones farthest from the page in view. */
export function evict<T>(pages: Record<number, T[]>, around: number): Record<number, T[]> {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return pages;
  const keep = keys.sort((a, b) => Math.abs(a - around) - Math.abs(b - around)).slice(0, MAX_PAGES);
  const out: Record<number, T[]> = {};
  for (const k of keep) out[k] = pages[k]!;
  return out;
}

export function rowAt<T>(pages: Record<number, T[]>, index: number, pageSize: number): T | undefined {
  return pages[Math.floor(index / pageSize)]?.[index % pageSize];
}
