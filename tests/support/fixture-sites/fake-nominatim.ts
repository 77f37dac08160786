import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A place the stand-in knows, answered as Nominatim's `/search?format=jsonv2` does. */
export interface FakeNominatimPlace {
  display_name: string;
  lat: number;
  lon: number;
  /** [south, north, west, east], as Nominatim orders its bounding box. */
  boundingbox: [number, number, number, number];
  country_code?: string;
}

export interface FakeNominatim {
  url: string;
  /** The `q` of every search, in order. */
  queries: string[];
  close(): Promise<void>;
}

/** A loopback Nominatim: places by lower-cased name; an unknown name gets the empty list Nominatim gives. */
export async function startFakeNominatim(places: Record<string, FakeNominatimPlace>): Promise<FakeNominatim> {
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/search') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams.get('q') ?? '';
    queries.push(q);
    const p = places[q.trim().toLowerCase()];
    const body = p
      ? [{ place_id: 1, lat: String(p.lat), lon: String(p.lon), display_name: p.display_name, boundingbox: p.boundingbox.map(String), address: p.country_code ? { country_code: p.country_code } : {} }]
      : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
