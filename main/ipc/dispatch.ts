import { toHunterError } from '../core/errors';
import { CHANNELS, type Channel, type ParsedRequestOf, type Responses, type Result } from '../../preload/contract';

/** One handler per channel of the contract, each given the parsed request. */
export type HandlerTable = { [C in Channel]: (req: ParsedRequestOf<C>) => Promise<Responses[C]> };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

/**
 * The one path every request takes, in the Electron gateway and in tests: the channel must be one of
 * the contract's, the payload must parse with its schema, and whatever happens the answer is
 * {ok, value} or {ok: false, error: {code, message}}. Never throws. The refusal names the field, never
 * the value (it may be a key).
 */
export async function dispatch(table: HandlerTable, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return refuse('Refused: unknown operation.');
  let parsed;
  try {
    parsed = CHANNELS[channel].request.safeParse(payload);
  } catch {
    // A payload built to trip the parser (a throwing getter, a revoked proxy) is refused like any other.
    return refuse(`Refused: ${channel} got a payload that could not be read.`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.').slice(0, 80) : 'the request';
    return refuse(`Refused: ${channel} got a payload of the wrong shape (${where}: ${issue?.code ?? 'invalid'}).`);
  }
  try {
    const handler = table[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const h = toHunterError(err);
    return { ok: false, error: { code: h.code, message: h.message } };
  }
}

function refuse(message: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}
