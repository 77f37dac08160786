import { safeStorage } from 'electron';
import { join } from 'node:path';
import { EncryptedFileSecretStore, type SecretStore, type StringCipher } from '../store/secret-store';

/**
 * The OS keychain through Electron's safeStorage. On Linux without a keyring Electron falls back to
 * 'basic_text', a fixed key anyone can read: that counts as no secure store, so keys then stay in memory
 * for the session and the rep is told.
 */
export const safeStorageCipher: StringCipher = {
  isSecure() {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
      const backend = safeStorage.getSelectedStorageBackend();
      return backend !== 'basic_text' && backend !== 'unknown';
    }
    return true;
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

/** The app's key store: sealed blobs in `<userData>/keys.json`, never in the database. */
export function electronSecretStore(userDataDir: string): SecretStore {
  return new EncryptedFileSecretStore(join(userDataDir, 'keys.json'), safeStorageCipher);
}
