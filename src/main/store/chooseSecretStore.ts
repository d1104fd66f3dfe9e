import { probeKeyring, type KeyringBackend } from './keyringSecretStore';
import { MemorySecretStore } from './memorySecretStore';
import { PlaintextSecretStore } from './plaintextSecretStore';
import type { SecretStore } from './secretStore';

export type SecretStoreOptions = {
  dataDir: string;
  /** The user's setting, shown with a warning; never on by default. */
  allowPlaintext: boolean;
  /** Electron's safeStorage store, built by src/main/electron only when encryption is available. */
  electron?: SecretStore;
  /** Tests swap in a fake keyring; the app uses @napi-rs/keyring. */
  loadKeyring?: () => Promise<KeyringBackend>;
  keyringTimeoutMs?: number;
  /** Why a better store was not used, for the log (too technical for the UI). */
  log?: (message: string) => void;
};

/**
 * The most protective store that works here: Electron's safeStorage, else the OS keychain,
 * else a plaintext file if (and only if) the user asked for it, else memory — passwords then
 * last until exit, which the UI says, rather than being written anywhere in clear.
 */
export async function chooseSecretStore(options: SecretStoreOptions): Promise<SecretStore> {
  if (options.electron) return options.electron;
  const keyring = await probeKeyring({ loadBackend: options.loadKeyring, timeoutMs: options.keyringTimeoutMs });
  if (keyring.ok) return keyring.store;
  options.log?.(`OS keychain not used: ${keyring.problem}`);
  if (options.allowPlaintext) return new PlaintextSecretStore(options.dataDir);
  return new MemorySecretStore();
}
