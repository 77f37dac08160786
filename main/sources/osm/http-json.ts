import { HunterError } from '../../core/errors';

export interface JsonRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  contentType?: string;
  userAgent: string;
  timeoutMs: number;
  /** Names the service in error messages ("Nominatim", "Overpass"). */
  service: string;
  signal?: AbortSignal;
  acceptLanguage?: string;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const d = Date.parse(header);
  return Number.isNaN(d) ? undefined : Math.max(0, d - Date.now());
}

/** One JSON call to an OSM service, every failure mapped to a coded error the engine knows how to retry. */
export async function requestJson(r: JsonRequest): Promise<unknown> {
  const timeout = AbortSignal.timeout(r.timeoutMs);
  const signal = r.signal ? AbortSignal.any([r.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(r.url, {
      method: r.method ?? 'GET',
      body: r.body,
      signal,
      headers: {
        'user-agent': r.userAgent,
        accept: 'application/json',
        ...(r.contentType ? { 'content-type': r.contentType } : {}),
        ...(r.acceptLanguage ? { 'accept-language': r.acceptLanguage } : {}),
      },
    });
  } catch (err) {
    if (r.signal?.aborted) throw new HunterError('CANCELLED', `${r.service} request cancelled.`, { cause: err });
    if (timeout.aborted) throw new HunterError('TIMEOUT', `${r.service} did not answer within ${r.timeoutMs} ms.`, { cause: err });
    throw new HunterError('CONNECTION_ERROR', `Could not reach ${r.service} (${new URL(r.url).host}): ${(err as Error).message}`, { cause: err });
  }
  const text = await res.text().catch((err: unknown) => {
    throw new HunterError('CONNECTION_ERROR', `${r.service} closed the connection: ${(err as Error).message}`, { cause: err });
  });
  if (res.status === 429) {
    throw new HunterError('API_RATE_LIMIT', `${r.service} asks to slow down (429).`, { retryAfterMs: retryAfterMs(res.headers.get('retry-after')) ?? 60_000 });
  }
  if (res.status === 403 || res.status === 418) {
    throw new HunterError('BLOCKED', `${r.service} refused the request (${res.status}); check the User-Agent and the usage policy.`);
  }
  if (res.status === 504 || res.status === 408) throw new HunterError('TIMEOUT', `${r.service} timed out (${res.status}); try a smaller area.`);
  if (res.status >= 500) throw new HunterError('PROVIDER_ERROR', `${r.service} had an internal error (${res.status}).`);
  if (res.status === 400) throw new HunterError('INVALID_INPUT', `${r.service} refused the query (400): ${text.slice(0, 300)}`);
  if (res.status >= 400) throw new HunterError('HTTP_ERROR', `${r.service} answered ${res.status}.`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HunterError('PROVIDER_ERROR', `${r.service} answered with something that is not JSON.`, { cause: err, retryable: false });
  }
}
