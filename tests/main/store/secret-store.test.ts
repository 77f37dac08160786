import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorageCipher, electronSecretStore } from '../../../main/electron/secrets';
import { EncryptedFileSecretStore, type StringCipher } from '../../../main/store/secret-store';
import { tempDir } from '../../support/temp';

const xorCipher = (secure: boolean): StringCipher => ({
  isSecure: () => secure,
  encrypt: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a)),
  decrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8'),
});

describe('secret store', () => {
  const tmp = tempDir('hunter-secrets-');
  afterEach(() => undefined);

  it('seals keys in an owner-only file and reads them back; the file never holds the key in clear', () => {
    const file = tmp.file('keys.json');
    const s = new EncryptedFileSecretStore(file, xorCipher(true));
    s.set('groq', '  gsk_abcdef123456  ');
    expect(s.get('groq')).toBe('gsk_abcdef123456');
    expect(readFileSync(file, 'utf8')).not.toContain('gsk_abcdef');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(new EncryptedFileSecretStore(file, xorCipher(true)).get('groq')).toBe('gsk_abcdef123456');
    s.set('groq', '');
    expect(s.has('groq')).toBe(false);
  });

  it('without a secure OS store keeps keys in memory only', () => {
    const file = tmp.file('insecure.json');
    const s = new EncryptedFileSecretStore(file, xorCipher(false));
    s.set('anthropic', 'sk-ant-123456789');
    expect(s.get('anthropic')).toBe('sk-ant-123456789');
    expect(s.isSecure()).toBe(false);
    expect(() => statSync(file)).toThrow();
    expect(new EncryptedFileSecretStore(file, xorCipher(false)).get('anthropic')).toBeNull();
  });

  it('a key the OS can no longer decrypt is a coded error that does not repeat it', () => {
    const file = tmp.file('broken.json');
    new EncryptedFileSecretStore(file, xorCipher(true)).set('groq', 'gsk_zzzzzz');
    const broken: StringCipher = { ...xorCipher(true), decrypt: () => { throw new Error('bad key'); } };
    try {
      new EncryptedFileSecretStore(file, broken).get('groq');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('AUTHENTICATION_FAILED');
      expect(String(e)).not.toContain('gsk_zzz');
    }
  });

  it('the Electron store wires safeStorage (stubbed under Node) into the same file format', () => {
    expect(safeStorageCipher.isSecure()).toBe(true);
    const s = electronSecretStore(tmp.dir);
    s.set('hunter_io', 'hio_123456');
    expect(s.get('hunter_io')).toBe('hio_123456');
    tmp.cleanup();
  });
});
