import * as z from 'zod';
import { HunterError } from '../../core/errors';
import type { Pacer } from '../../core/pacing';
import type { BoundingBox } from '../google-maps/grid';
import { requestJson } from './http-json';
import type { OsmTag } from './tag-map';

export interface OsmElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  tags: Record<string, string>;
}

const ElementSchema = z.object({
  type: z.enum(['node', 'way', 'relation']),
  id: z.number(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  center: z.object({ lat: z.number(), lon: z.number() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

const ResponseSchema = z.object({
  elements: z.array(z.unknown()),
  remark: z.string().optional(),
});

/** Overpass QL string literal: backslash and double quote escaped. */
function ql(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One query for all filters: nodes, ways and relations (`nwr`) inside the box, with their tags and, for
 * ways and relations, a centre point. A name filter is used when a keyword maps to no tag.
 */
export function buildOverpassQuery(filters: { tags: OsmTag[]; names: string[] }, box: BoundingBox, o: { timeoutSeconds?: number; limit?: number } = {}): string {
  const bbox = `(${box.south},${box.west},${box.north},${box.east})`;
  const lines: string[] = [];
  for (const tag of filters.tags) {
    lines.push(`  nwr[${ql(tag.key)}${tag.value === undefined ? '' : `=${ql(tag.value)}`}]${bbox};`);
  }
  for (const name of filters.names) {
    // Only named businesses are leads; a name search is case-insensitive.
    lines.push(`  nwr["name"~${ql(escapeRegex(name))},i]${bbox};`);
  }
  if (lines.length === 0) throw new HunterError('INVALID_INPUT', 'Nothing to search OpenStreetMap for: give at least one keyword.');
  return `[out:json][timeout:${o.timeoutSeconds ?? 60}];\n(\n${lines.join('\n')}\n);\nout tags center ${o.limit ?? 500};`;
}

export interface OverpassOptions {
  endpoint: string;
  userAgent: string;
  /** Overpass asks for one query at a time with a pause after each: every query of the app waits its turn here. */
  pacer: Pacer;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function queryOverpass(query: string, o: OverpassOptions): Promise<OsmElement[]> {
  const body = await o.pacer.run(o.endpoint, () =>
    requestJson({
      url: o.endpoint,
      method: 'POST',
      body: new URLSearchParams({ data: query }).toString(),
      contentType: 'application/x-www-form-urlencoded',
      userAgent: o.userAgent,
      timeoutMs: o.timeoutMs ?? 90_000,
      service: 'Overpass',
      signal: o.signal,
    }),
    { signal: o.signal },
  );
  const parsed = ResponseSchema.safeParse(body);
  if (!parsed.success) throw new HunterError('PROVIDER_ERROR', 'Overpass answered without an "elements" list.', { retryable: false });
  // Overpass reports a query that ran out of time or memory as a 200 with a remark and partial data.
  const remark = parsed.data.remark;
  if (remark && /runtime (error|remark)/i.test(remark) && /timed out|out of memory/i.test(remark)) {
    throw new HunterError('TIMEOUT', `Overpass stopped the query: ${remark.slice(0, 200)}. Try a smaller area or fewer keywords.`);
  }
  const out: OsmElement[] = [];
  for (const raw of parsed.data.elements) {
    const e = ElementSchema.safeParse(raw);
    if (!e.success) continue;
    const lat = e.data.lat ?? e.data.center?.lat;
    const lon = e.data.lon ?? e.data.center?.lon;
    const el: OsmElement = { type: e.data.type, id: e.data.id, tags: e.data.tags ?? {} };
    if (lat !== undefined) el.lat = lat;
    if (lon !== undefined) el.lon = lon;
    out.push(el);
  }
  return out;
}
