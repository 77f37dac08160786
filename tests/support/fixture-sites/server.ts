import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A page of a fixture site: HTML text, or a full response, or a handler for misbehaving servers. */
export type FixturePage =
  | string
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer; gzip?: boolean }
  | { handler: (req: IncomingMessage, res: ServerResponse) => void };

export interface FixtureSite {
  /** A fictional host name ("sonnenberg-dental.de"); the test resolver pins it to 127.0.0.1. */
  host: string;
  pages: Record<string, FixturePage>;
}

export interface FixtureRequest {
  host: string;
  path: string;
  at: number;
  done?: number;
}

export interface FixtureServer {
  port: number;
  /** `http://host:port/path` for a site of this server. */
  url(host: string, path?: string): string;
  /** Resolves every fixture host (and only those) to 127.0.0.1: nothing can reach the real network. */
  lookup: LookupFunction;
  /** For Chromium: --host-resolver-rules pinning the fixture hosts to 127.0.0.1. */
  hostResolverRules: string;
  requests: FixtureRequest[];
  /** Greatest number of requests in flight at once, per host. */
  maxInFlight(host: string): number;
  close(): Promise<void>;
}

/**
 * Serves fictional sites on one loopback port, told apart by the Host header. `build` receives the URL maker
 * once the port is known (robots.txt and sitemaps need absolute addresses).
 */
export async function startFixtureSites(build: FixtureSite[] | ((url: (host: string, path?: string) => string) => FixtureSite[]), o: { latencyMs?: number } = {}): Promise<FixtureServer> {
  const byHost = new Map<string, FixtureSite>();
  const requests: FixtureRequest[] = [];
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'http://x');
    const entry: FixtureRequest = { host, path: url.pathname + url.search, at: Date.now() };
    requests.push(entry);
    const now = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, now);
    peak.set(host, Math.max(peak.get(host) ?? 0, now));
    res.on('close', () => {
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
      entry.done = Date.now();
    });
    const respond = () => {
      const site = byHost.get(host);
      const page = site?.pages[url.pathname] ?? site?.pages[url.pathname + url.search];
      if (!site || page === undefined) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body><h1>Not found</h1></body></html>');
        return;
      }
      if (typeof page === 'string') {
        res.writeHead(200, { 'content-type': url.pathname.endsWith('.xml') ? 'application/xml' : url.pathname.endsWith('.txt') ? 'text/plain' : 'text/html; charset=utf-8' });
        res.end(page);
        return;
      }
      if ('handler' in page) {
        page.handler(req, res);
        return;
      }
      let body = typeof page.body === 'string' ? Buffer.from(page.body, 'utf8') : (page.body ?? Buffer.alloc(0));
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', ...page.headers };
      if (page.gzip) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(page.status ?? 200, headers);
      res.end(body);
    };
    if (o.latencyMs) setTimeout(respond, o.latencyMs);
    else respond();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const urlOf = (host: string, path = '/') => `http://${host}:${port}${path}`;
  for (const site of typeof build === 'function' ? build(urlOf) : build) byHost.set(site.host.toLowerCase(), site);
  const lookup = ((hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
    const opts = (typeof options === 'object' && options ? options : {}) as { all?: boolean };
    if (!byHost.has(hostname.toLowerCase()) && hostname !== '127.0.0.1' && hostname !== 'localhost') {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (fixture resolver)`), { code: 'ENOTFOUND' });
      process.nextTick(() => cb(err, ''));
      return;
    }
    process.nextTick(() => (opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
  }) as LookupFunction;
  return {
    port,
    url: urlOf,
    lookup,
    hostResolverRules: [...byHost.keys()].map((h) => `MAP ${h} 127.0.0.1`).join(', '),
    requests,
    maxInFlight: (host) => peak.get(host.toLowerCase()) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
