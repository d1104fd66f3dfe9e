import { safeStorage } from 'electron';
import { EncryptedFileSecretStore, type SecretCipher } from '../store/encryptedFileSecretStore';
import type { SecretStore } from '../store/secretStore';

/**
 * The desktop app's secret store: `<dataDir>/secrets.json` sealed with Electron's safeStorage,
 * whose key lives in the OS keychain. Call after `app.whenReady()` (on Linux the key is only
 * known then). Undefined when safeStorage cannot really protect anything, so the caller falls
 * back to the next store.
 */
export async function createSafeStorageSecretStore(dataDir: string): Promise<SecretStore | undefined> {
  // The async API: encryptString/decryptString/isEncryptionAvailable are deprecated in Electron 45.
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
  // With no keyring on Linux, Chromium falls back to "basic_text": a key hardcoded in the
  // browser, i.e. obfuscation. That must not be presented as encryption.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  const cipher: SecretCipher = {
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    async decrypt(sealed) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed));
      return { plain: result, stale: shouldReEncrypt };
    },
  };
  return new EncryptedFileSecretStore(dataDir, cipher, `Passwords are encrypted with a key kept by ${keyHolder()}`);
}

function keyHolder(): string {
  if (process.platform === 'darwin') return 'the macOS Keychain';
  if (process.platform === 'win32') return 'Windows (DPAPI, tied to your user account)';
  const backend = safeStorage.getSelectedStorageBackend();
  return backend.startsWith('kwallet') ? 'KWallet' : 'the Secret Service keyring';
}
