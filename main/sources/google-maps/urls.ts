import type { Viewport } from './grid';

export const GOOGLE_BASE_URL = 'https://www.google.com';

/** The Maps search page for a query, optionally centred on a viewport, in a language (`hl`). */
export function searchUrl(baseUrl: string, query: string, viewport?: Viewport, language?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const at = viewport ? `/@${viewport.lat},${viewport.lng},${viewport.zoom}z` : '';
  const url = new URL(`${base}/maps/search/${encodeURIComponent(query).replace(/%20/g, '+')}${at}`);
  if (language) url.searchParams.set('hl', language);
  return url.toString();
}

/** A stable key for a place link before it is opened: the feature id in `!1s0x…:0x…`, else the path. */
export function placeLinkKey(href: string): string {
  const m = href.match(/!1s(0x[0-9a-f]+:0x[0-9a-f]+)/i);
  if (m) return m[1]!.toLowerCase();
  try {
    const u = new URL(href);
    return u.pathname;
  } catch {
    return href;
  }
}

export function withLanguage(href: string, language: string | undefined): string {
  if (!language) return href;
  try {
    const u = new URL(href);
    if (!u.searchParams.has('hl')) u.searchParams.set('hl', language);
    return u.toString();
  } catch {
    return href;
  }
}
