import type { z } from 'zod';
import { CHANNELS, type Channel } from '../../preload/contract';

/** A small seeded generator, so a failure can be replayed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECRETISH = 'gsk_' + 'x'.repeat(600);

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() * 1e12 - 5e11;
    case 3: return Number.NaN;
    case 4: return r() < 0.5;
    case 5: return 'x'.repeat(Math.floor(r() * 10)) + '\u0000<script>alert(1)</script>';
    case 6: return 'y'.repeat(200_000);
    case 7: return SECRETISH;
    case 8: return depth < 4 ? Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1)) : [];
    case 9: return depth < 4 ? { [`k${Math.floor(r() * 100)}`]: randomValue(r, depth + 1) } : {};
    case 10: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    case 11: return Array.from({ length: 20_000 }, (_, i) => `id_${i}`);
    case 12: return -1;
    default: return { id: '../../etc/passwd' };
  }
}

/** Wrong shapes for one channel: not objects, extra keys, every known key with a wrong value, deep nesting. */
export function payloadsFor(channel: Channel, r: () => number): unknown[] {
  const schema = CHANNELS[channel].request as unknown as z.ZodObject;
  const keys = Object.keys(schema.shape ?? {});
  const out: unknown[] = [undefined, null, 0, 'app:bootstrap', true, [], [{}], () => 1, new Date(), { extra: 1 }, { __proto__: null, id: 1 }];
  let deep: unknown = 'bottom';
  for (let i = 0; i < 5000; i++) deep = { id: deep };
  out.push(deep);
  out.push(new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }));
  for (const k of keys) for (let i = 0; i < 6; i++) out.push({ [k]: randomValue(r) });
  for (let i = 0; i < 40; i++) {
    const p: Record<string, unknown> = {};
    for (const k of keys) if (r() < 0.7) p[k] = randomValue(r);
    if (r() < 0.3) p[`unknown_${i}`] = randomValue(r);
    out.push(p);
  }
  return out;
}
