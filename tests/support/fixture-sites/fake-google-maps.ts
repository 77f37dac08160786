import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One place the fake Maps knows: its embedded payload and where it is. */
export interface FakePlace {
  name: string;
  dataId: string;
  lat: number;
  lng: number;
  /** The `APP_INITIALIZATION_STATE[3][6]` payload (an array whose [6] is the place), or raw text to embed. */
  payload: unknown[] | { rawState: string };
}

export interface FakeMapsOptions {
  places: FakePlace[];
  /** Redirect to a consent page until it is answered. */
  consent?: boolean;
  /** Every search redirects to Google's /sorry/ page. */
  sorry?: boolean;
  /** Search pages carry a reCAPTCHA. */
  captcha?: boolean;
  /** Results one search shows at most (Google's cap is about 120). */
  cap?: number;
  /** Items shown before the first scroll, and added per scroll. */
  batch?: number;
  /** Show Google's end-of-list line when everything is shown (false: the list just stops growing). */
  endMarker?: boolean;
  /** After this many place pages, every Maps page redirects to /sorry/ until `unblock()` (Google blocking mid-search). */
  blockAfter?: number;
}

export interface FakeMaps {
  baseUrl: string;
  /** Path of every request, in order. */
  requests: string[];
  consentAnswers: string[];
  /** Path of every place page served with its place (a request that was blocked is not one). */
  placesServed: string[];
  /** Lifts a `blockAfter` block for good (the wait is over). */
  unblock(): void;
  close(): Promise<void>;
}

/** The place array of a fixture payload, renamed and moved, so one saved payload can stand for many places. */
export function clonePayload(payload: unknown[], changes: { name: string; placeId: string; dataId: string; lat: number; lng: number }): unknown[] {
  const copy = JSON.parse(JSON.stringify(payload)) as unknown[];
  const place = copy[6] as unknown[];
  place[11] = changes.name;
  place[78] = changes.placeId;
  place[10] = changes.dataId;
  place[9] = [null, null, changes.lat, changes.lng];
  return copy;
}

function inViewport(p: FakePlace, lat: number, lng: number, zoom: number): boolean {
  const latHalf = 1265 / 2 ** zoom / 2;
  const lngHalf = 1800 / 2 ** zoom / 2 / Math.cos((lat * Math.PI) / 180);
  return Math.abs(p.lat - lat) <= latHalf && Math.abs(p.lng - lng) <= lngHalf;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function placeHref(p: FakePlace): string {
  return `/maps/place/${encodeURIComponent(p.name).replace(/%20/g, '+')}/data=!4m7!3m6!1s${p.dataId}!8m2!3d${p.lat}!4d${p.lng}!16s%2Fg%2F11x`;
}

function searchPage(results: FakePlace[], o: FakeMapsOptions): string {
  const items = results.map((p) => `<div class="Nv2PK" style="height:220px"><a class="hfpxzc" aria-label="${escapeHtml(p.name)}" href="${placeHref(p)}"></a><div class="qBF1Pd">${escapeHtml(p.name)}</div></div>`);
  const captcha = o.captcha ? '<div class="g-recaptcha" data-sitekey="x"></div>' : '';
  // The feed reveals items in batches as it is scrolled, like Maps does with its XHR pages.
  return `<!DOCTYPE html><html><head><title>Maps</title></head><body>${captcha}
<div role="feed" aria-label="Results" style="height:300px;overflow-y:auto"></div>
<script>
  const items = ${JSON.stringify(items)};
  const batch = ${o.batch ?? 4};
  const endMarker = ${o.endMarker !== false};
  const feed = document.querySelector("div[role='feed']");
  let shown = 0, loading = false;
  function more() {
    const next = items.slice(shown, shown + batch);
    for (const html of next) { const d = document.createElement('div'); d.innerHTML = html; feed.appendChild(d.firstChild); }
    shown += next.length;
    if (shown >= items.length && endMarker && !feed.querySelector('.HlvSq')) {
      const p = document.createElement('p'); p.innerHTML = '<span class="HlvSq">You\\'ve reached the end of the list.</span>'; feed.appendChild(p);
    }
  }
  more();
  feed.addEventListener('scroll', () => {
    if (loading || feed.scrollTop + feed.clientHeight < feed.scrollHeight - 10) return;
    loading = true;
    setTimeout(() => { more(); loading = false; }, 40);
  });
</script></body></html>`;
}

function placePage(p: FakePlace): string {
  let literal: string;
  if ('rawState' in p.payload) literal = p.payload.rawState;
  else {
    const state = [[[1]], null, null, [null, null, null, null, null, null, `)]}'\n${JSON.stringify(p.payload)}`]];
    literal = JSON.stringify(state).replace(/</g, '\\u003c');
  }
  return `<!DOCTYPE html><html><head><title>${escapeHtml(p.name)}</title><script>window.APP_INITIALIZATION_STATE=${literal};</script></head><body><h1>${escapeHtml(p.name)}</h1></body></html>`;
}

function consentPage(cont: string): string {
  const form = (eom: string, label: string) =>
    `<form action="/consent.google.com/save" method="POST"><input type="hidden" name="continue" value="${escapeHtml(cont)}"><input type="hidden" name="set_eom" value="${eom}"><button type="submit" aria-label="${label}">${label}</button></form>`;
  return `<!DOCTYPE html><html><body><h1>Before you continue to Google</h1>${form('true', 'Reject all')}${form('false', 'Accept all')}</body></html>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });
}

/** A loopback stand-in for Google Maps: search feed, place pages with embedded payloads, consent and /sorry/. */
export async function startFakeGoogleMaps(o: FakeMapsOptions): Promise<FakeMaps> {
  const requests: string[] = [];
  const consentAnswers: string[] = [];
  const byDataId = new Map(o.places.map((p) => [p.dataId.toLowerCase(), p]));
  const placesServed: string[] = [];
  let lifted = false;
  const blocked = () => !lifted && o.blockAfter !== undefined && placesServed.length >= o.blockAfter;
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const consented = /(?:^|;\s*)CONSENT=YES/.test(req.headers.cookie ?? '');
    if (url.pathname === '/consent.google.com/save' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      consentAnswers.push(form.get('set_eom') === 'false' ? 'accepted' : 'rejected');
      return send(res, 302, '', { location: form.get('continue') ?? '/', 'set-cookie': 'CONSENT=YES; Path=/' });
    }
    if (url.pathname === '/consent') return send(res, 200, consentPage(url.searchParams.get('continue') ?? '/'));
    if (url.pathname.startsWith('/sorry/')) {
      return send(res, 429, '<html><body><p>Our systems have detected unusual traffic from your computer network.</p><form id="captcha-form"></form></body></html>');
    }
    if (url.pathname.startsWith('/maps/') && o.consent && !consented) {
      return send(res, 302, '', { location: `/consent?continue=${encodeURIComponent(url.pathname + url.search)}` });
    }
    if (url.pathname.startsWith('/maps/') && blocked()) {
      return send(res, 302, '', { location: `/sorry/index?continue=${encodeURIComponent(url.pathname)}` });
    }
    if (url.pathname.startsWith('/maps/search/')) {
      if (o.sorry) return send(res, 302, '', { location: `/sorry/index?continue=${encodeURIComponent(url.pathname)}` });
      const view = url.pathname.match(/\/@(-?[\d.]+),(-?[\d.]+),([\d.]+)z/);
      let results = o.places;
      if (view) results = results.filter((p) => inViewport(p, Number(view[1]), Number(view[2]), Number(view[3])));
      results = results.slice(0, o.cap ?? 120);
      return send(res, 200, searchPage(results, o));
    }
    if (url.pathname.startsWith('/maps/place/')) {
      const id = url.pathname.match(/!1s(0x[0-9a-f]+:0x[0-9a-f]+)/i)?.[1]?.toLowerCase();
      const place = id ? byDataId.get(id) : undefined;
      if (!place) return send(res, 404, '<html><body>Not found</body></html>');
      placesServed.push(url.pathname + url.search);
      return send(res, 200, placePage(place));
    }
    send(res, 404, '<html><body>Not found</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    consentAnswers,
    placesServed,
    unblock: () => {
      lifted = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
