/**
 * The same-run baseline for time-to-first-token figures: one streamed Groq-format request to the
 * simulator with plain fetch (no SDK, no layer), timed to the first content token.
 */
export async function rawFirstTokenMs(sim: { url: string }): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${sim.url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer raw-baseline' },
    body: JSON.stringify({ model: 'openai/gpt-oss-20b', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let first = NaN;
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    if (Number.isNaN(first) && /"content":"[^"]/.test(buf)) first = performance.now() - t0;
  }
  return first;
}
