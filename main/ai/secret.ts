import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * An API key that cannot leak by accident: printing, logging, JSON-encoding or spreading it shows
 * "[redacted]". Only `reveal()` gives the value, and only the provider clients call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function secret(value: string): Secret {
  return new Secret(value);
}

/**
 * Removes every key from a text that came back from a provider or a proxy (which may echo the header
 * it was sent), so no message we pass on can carry one.
 */
export function redactKeys(text: string, keys: readonly (Secret | undefined)[]): string {
  let out = text;
  for (const k of keys) {
    const v = k?.reveal();
    if (v && v.length >= 4) out = out.split(v).join(REDACTED);
  }
  // Keys of the known shapes, even ones we were not given (another account's key in a proxy's reply).
  return out.replace(/\b(gsk_[A-Za-z0-9]{8,}|sk-ant-[A-Za-z0-9_-]{8,})/g, REDACTED);
}
