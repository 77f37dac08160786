import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HunterError } from '../core/errors';

export const SECRET_NAMES = ['groq', 'anthropic', 'hunter_io', 'imap'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Where the rep's API keys live. Main reads them to call providers; the renderer only ever learns
 * whether one is set. A key is never written to SQLite, a log or an error message.
 */
export interface SecretStore {
  get(name: SecretName): string | null;
  /** An empty value removes the key. */
  set(name: SecretName, value: string): void;
  has(name: SecretName): boolean;
  /** False when the OS offers no real encryption: keys are then kept for this session only. */
  isSecure(): boolean;
}

/** The shape of Electron's safeStorage that a file of encrypted keys needs. */
export interface StringCipher {
  /** Encryption backed by the OS keychain (not a fixed, well-known key). */
  isSecure(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Keys sealed by the OS cipher in one JSON file (name → base64 blob), written atomically with owner-only
 * permissions. When the cipher is not secure nothing touches the disk: keys live in memory until the
 * app quits, and the UI says so.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly memory = new Map<SecretName, string>();

  constructor(private readonly file: string, private readonly cipher: StringCipher) {}

  isSecure(): boolean {
    return this.cipher.isSecure();
  }

  has(name: SecretName): boolean {
    return this.get(name) !== null;
  }

  get(name: SecretName): string | null {
    const inMemory = this.memory.get(name);
    if (inMemory !== undefined) return inMemory;
    if (!this.isSecure()) return null;
    const sealed = this.readFile()[name];
    if (!sealed) return null;
    try {
      return this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (err) {
      // The OS key changed (a new login keychain): the stored key cannot be read and must be entered again.
      throw new HunterError('AUTHENTICATION_FAILED', `The saved ${name} key can no longer be decrypted; enter it again in Settings.`, { cause: err });
    }
  }

  set(name: SecretName, value: string): void {
    const trimmed = value.trim();
    if (!this.isSecure()) {
      if (trimmed) this.memory.set(name, trimmed);
      else this.memory.delete(name);
      return;
    }
    const all = this.readFile();
    if (trimmed) all[name] = this.cipher.encrypt(trimmed).toString('base64');
    else delete all[name];
    this.memory.delete(name);
    this.writeFile(all);
  }

  private readFile(): Partial<Record<SecretName, string>> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const out: Partial<Record<SecretName, string>> = {};
      for (const n of SECRET_NAMES) {
        const v = (parsed as Record<string, unknown>)[n];
        if (typeof v === 'string') out[n] = v;
      }
      return out;
    } catch (err) {
      throw new HunterError('INTERNAL', `The key file ${this.file} is damaged; enter the keys again in Settings.`, { cause: err });
    }
  }

  private writeFile(all: Partial<Record<SecretName, string>>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** Keys for this process only (the CLI's environment, tests, or an OS without a keychain). */
export class SessionSecretStore implements SecretStore {
  private readonly keys = new Map<SecretName, string>();

  constructor(initial: Partial<Record<SecretName, string>> = {}, private readonly secure = false) {
    for (const n of SECRET_NAMES) if (initial[n]) this.keys.set(n, initial[n]!);
  }

  get(name: SecretName): string | null {
    return this.keys.get(name) ?? null;
  }

  set(name: SecretName, value: string): void {
    if (value.trim()) this.keys.set(name, value.trim());
    else this.keys.delete(name);
  }

  has(name: SecretName): boolean {
    return this.keys.has(name);
  }

  isSecure(): boolean {
    return this.secure;
  }
}
