import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { HunterError } from '../../core/errors';

/** RFC 7636 PKCE: a high-entropy verifier kept here, its S256 challenge sent with the browser step. */
export function createPkce(): { verifier: string; challenge: string; method: 'S256' } {
  // 32 random bytes give a 43-character base64url verifier, the minimum length RFC 7636 allows.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), method: 'S256' };
}

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

export interface LoopbackReceiver {
  /** http://127.0.0.1:PORT, the redirect URI to send in the authorization request. */
  redirectUri: string;
  /** The authorization code, once the browser comes back with it and the right state. */
  code: Promise<string>;
  close(): void;
}

/**
 * The RFC 8252 loopback redirect: a one-shot HTTP listener on 127.0.0.1 and a port the system picks.
 * Only a request that carries the `state` this sign-in made is taken; anything else (another page, a
 * forged or stale link) is answered and ignored, and the listener keeps waiting until it times out.
 */
export async function startLoopbackReceiver(opts: { state: string; timeoutMs: number; signal?: AbortSignal; providerName: string }): Promise<LoopbackReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (err: HunterError) => void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may never await the code when it fails before the browser step; the failure is still its.
  code.catch(() => undefined);
  let done = false;
  const page = (res: ServerResponse, status: number, title: string, text: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', connection: 'close' });
    res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/') return page(res, 404, 'Not found', 'This address only receives the sign-in answer for The Hunter.');
    const state = url.searchParams.get('state');
    if (done || !state || !sameText(state, opts.state)) {
      return page(res, 400, 'Not this sign-in', 'This sign-in link is not the one The Hunter is waiting for. Go back to The Hunter and start the sign-in again.');
    }
    const error = url.searchParams.get('error');
    const got = url.searchParams.get('code');
    if (error) {
      page(res, 200, 'Sign-in cancelled', 'You can close this window and go back to The Hunter.');
      const detail = url.searchParams.get('error_description');
      finish(new HunterError('AUTHENTICATION_FAILED', error === 'access_denied'
        ? `Sign-in with ${opts.providerName} was declined, so The Hunter has no access to the mailbox. Sign in again and allow access to your mail.`
        : `${opts.providerName} ended the sign-in with "${error}"${detail ? ` (${detail.slice(0, 300)})` : ''}. Sign in again; if it keeps failing, check the OAuth client id in Settings.`));
      return;
    }
    if (!got) return page(res, 400, 'No sign-in code', 'The answer carried no sign-in code. Go back to The Hunter and start the sign-in again.');
    page(res, 200, 'Signed in', 'The Hunter has what it needs. You can close this window.');
    finish(null, got);
  });
  const finish = (err: HunterError | null, value?: string) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    // Let the answer page reach the browser before the listener goes away.
    setImmediate(() => {
      server.close();
      server.closeAllConnections();
    });
    if (err) settle.reject(err);
    else settle.resolve(value!);
  };
  const timer = setTimeout(() => finish(new HunterError('TIMEOUT', `The sign-in with ${opts.providerName} was not finished within ${Math.round(opts.timeoutMs / 60_000) || 1} minute(s); start it again when you are ready.`, { retryable: false })), opts.timeoutMs);
  const onAbort = () => finish(new HunterError('CANCELLED', `The sign-in with ${opts.providerName} was cancelled.`));
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new HunterError('INTERNAL', `Could not listen on 127.0.0.1 for the sign-in answer: ${err.message}`, { cause: err })));
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Cancelled while the port was being opened: nothing will ever come, so do not keep it open.
  if (done) server.close();
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { redirectUri: `http://127.0.0.1:${port}`, code, close: () => finish(new HunterError('CANCELLED', 'The sign-in was stopped.')) };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
