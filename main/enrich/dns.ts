import { lookup as osLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Host name resolution for the crawler. By default every fetch uses the operating system's resolver
 * (`dns.lookup`, which also reads the hosts file and follows the OS's DNS settings). Given DNS servers,
 * names are asked of those servers directly over the DNS protocol instead: a rep's own resolver, or a
 * stand-in on loopback in the tests and the bench.
 */

/**
 * Errors shaped like getaddrinfo's, so the fetch and the site-status rules see one vocabulary. `nxdomain`
 * says the DNS itself answered "no such name", which getaddrinfo cannot tell apart from "no address".
 */
function lookupError(code: 'ENOTFOUND' | 'EAI_AGAIN', hostname: string, detail: string, nxdomain = false): NodeJS.ErrnoException & { nxdomain?: boolean } {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname} (${detail})`), { code, syscall: 'getaddrinfo', hostname, ...(nxdomain ? { nxdomain } : {}) });
}

/** Whether an error is the DNS's own "no such name" (NXDOMAIN), not merely "no address here". */
export function isNxdomain(err: unknown): boolean {
  return (err as { nxdomain?: unknown } | undefined)?.nxdomain === true;
}

/** A name that does not exist (NXDOMAIN) and a name without addresses (NODATA) both leave nothing to connect to. */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA']);

async function addressesOf(resolver: dnsPromises.Resolver, hostname: string, family: number | undefined): Promise<LookupAddress[]> {
  const literal = isIP(hostname);
  if (literal) return [{ address: hostname, family: literal }];
  const name = hostname.replace(/\.$/, '');
  const codes: string[] = [];
  let first: NodeJS.ErrnoException | undefined;
  const ask = async (v: 4 | 6): Promise<LookupAddress[]> => {
    try {
      const list = v === 4 ? await resolver.resolve4(name) : await resolver.resolve6(name);
      return list.map((address) => ({ address, family: v }));
    } catch (err) {
      first ??= err as NodeJS.ErrnoException;
      codes.push(String((err as NodeJS.ErrnoException).code ?? 'EUNKNOWN'));
      return [];
    }
  };
  if (family !== 6) {
    const v4 = await ask(4);
    if (v4.length > 0) return v4;
    // NXDOMAIN answers for every type at once, and a server that failed for A will not do better for
    // AAAA: asking again would only double the wait. c-ares's own error already says ENOTFOUND; a dead
    // site is common enough that a second error object per lead shows in a run's time.
    if (codes[0] === 'ENOTFOUND') throw Object.assign(first!, { nxdomain: true });
    if (!NO_ADDRESS.has(codes[0]!)) throw lookupError('EAI_AGAIN', hostname, codes[0]!);
  }
  if (family !== 4) {
    const v6 = await ask(6);
    if (v6.length > 0) return v6;
  }
  if (codes.every((c) => NO_ADDRESS.has(c))) throw lookupError('ENOTFOUND', hostname, codes.includes('ENOTFOUND') ? 'NXDOMAIN' : 'no address records', codes.includes('ENOTFOUND'));
  // SERVFAIL, a timeout, a refusing server: the name may well exist, so this is "try again", never "dead".
  throw lookupError('EAI_AGAIN', hostname, codes.filter((c) => !NO_ADDRESS.has(c)).join(', '));
}

export interface ResolverOptions {
  /** First wait for an answer per server; c-ares doubles it on each further try. */
  timeoutMs?: number;
  tries?: number;
}

const resolverLookups = new Map<string, LookupFunction>();
/** Lookups that give up by themselves (c-ares has its own timeout and tries). */
const selfTimed = new WeakSet<LookupFunction>();

/**
 * A `lookup` for http(s).request that asks the given DNS servers ("1.1.1.1", "127.0.0.1:5353") over
 * the DNS protocol, with getaddrinfo's error codes: ENOTFOUND when the name has no address, EAI_AGAIN
 * when the servers could not say. One resolver per server list, shared by every crawl of the process.
 */
export function resolverLookup(servers: readonly string[], o: ResolverOptions = {}): LookupFunction {
  const key = `${servers.join(',')}|${o.timeoutMs ?? ''}|${o.tries ?? ''}`;
  const known = resolverLookups.get(key);
  if (known) return known;
  const resolver = new dnsPromises.Resolver({ timeout: o.timeoutMs ?? 2500, tries: o.tries ?? 2 });
  resolver.setServers([...servers]);
  const lookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    const opts = (typeof options === 'number' ? { family: options } : typeof options === 'object' && options ? options : {}) as { family?: number | string; all?: boolean };
    const family = opts.family === 4 || opts.family === 'IPv4' ? 4 : opts.family === 6 || opts.family === 'IPv6' ? 6 : undefined;
    addressesOf(resolver, hostname, family).then(
      (list) => (opts.all ? cb(null, list) : cb(null, list[0]!.address, list[0]!.family)),
      (err: NodeJS.ErrnoException) => cb(err, opts.all ? [] : ''),
    );
  }) as LookupFunction;
  resolverLookups.set(key, lookup);
  selfTimed.add(lookup);
  return lookup;
}

/** Asks a lookup function for a name's addresses, with a deadline (the OS resolver has none of its own). */
export function lookupOnce(lookup: LookupFunction | undefined, hostname: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = lookup && selfTimed.has(lookup) ? undefined : setTimeout(() => reject(lookupError('EAI_AGAIN', hostname, `no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(Array.isArray(address) ? address : [{ address, family: family ?? 4 }]);
    };
    try {
      (lookup ?? (osLookup as unknown as LookupFunction))(hostname, { all: true }, done as never);
    } catch (err) {
      clearTimeout(timer);
      reject(err);
    }
  });
}

/**
 * A name that surely exists, asked before a site is called dead for its name: on a laptop that lost its
 * network, macOS's resolver says "not found" for every name, and a whole list of leads must not be
 * marked dead for that. IANA keeps example.com resolvable for exactly such uses.
 */
export const DEFAULT_DNS_WITNESS = 'example.com';

const WITNESS_TTL_MS = 60_000;
const WITNESS_RETRY_MS = 5_000;
const witnessByLookup = new WeakMap<LookupFunction, Map<string, { until: number; answer: Promise<boolean> }>>();
const witnessOs = new Map<string, { until: number; answer: Promise<boolean> }>();

/**
 * Whether the resolver answers at all, judged by the witness name; remembered for a minute (a few
 * seconds when it did not answer) so a thousand dead sites cost one extra lookup, not a thousand.
 */
export function resolverWorks(lookup: LookupFunction | undefined, witness: string, timeoutMs = 5000): Promise<boolean> {
  let byName = lookup ? witnessByLookup.get(lookup) : witnessOs;
  if (!byName) {
    byName = new Map();
    witnessByLookup.set(lookup!, byName);
  }
  const now = Date.now();
  const cached = byName.get(witness);
  if (cached && cached.until > now) return cached.answer;
  const entry = { until: now + WITNESS_TTL_MS, answer: Promise.resolve(false) };
  entry.answer = lookupOnce(lookup, witness, timeoutMs).then(
    (list) => list.length > 0,
    () => {
      entry.until = Date.now() + WITNESS_RETRY_MS;
      return false;
    },
  );
  byName.set(witness, entry);
  return entry.answer;
}

/**
 * A lookup that answers the names already resolved for this crawl from memory and passes every other
 * name on (to `base`, or the OS resolver): a site's pages are fetched with one resolution, not one each.
 */
export function pinnedLookup(base: LookupFunction | undefined, pins: ReadonlyMap<string, LookupAddress[]>): LookupFunction {
  const next = base ?? (osLookup as unknown as LookupFunction);
  return ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    const opts = (typeof options === 'number' ? { family: options } : typeof options === 'object' && options ? options : {}) as { family?: number | string; all?: boolean };
    const family = opts.family === 4 || opts.family === 'IPv4' ? 4 : opts.family === 6 || opts.family === 'IPv6' ? 6 : undefined;
    const known = pins.get(hostname.toLowerCase())?.filter((a) => family === undefined || a.family === family);
    if (!known || known.length === 0) {
      (next as (h: string, o: unknown, c?: unknown) => void)(hostname, options, callback);
      return;
    }
    process.nextTick(() => (opts.all ? cb(null, known) : cb(null, known[0]!.address, known[0]!.family)));
  }) as LookupFunction;
}
