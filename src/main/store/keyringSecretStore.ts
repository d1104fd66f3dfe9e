import { randomBytes } from 'node:crypto';
import type { SecretStore } from './secretStore';

/** The few keyring calls we need, so the native library stays behind one small adapter. */
export interface KeyringBackend {
  get(account: string, signal: AbortSignal): Promise<string | null>;
  set(account: string, secret: string, signal: AbortSignal): Promise<void>;
  delete(account: string, signal: AbortSignal): Promise<void>;
}

export const KEYRING_SERVICE = 'QoScope';

/** A keychain waiting on an unlock prompt can take a while; one that never answers must not hang a save. */
const OPERATION_TIMEOUT_MS = 30_000;
export const PROBE_TIMEOUT_MS = 3_000;

export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service keyring';
}

/** Browser mode's store: each secret is one entry in the OS keychain under the service "QoScope". */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'os-keychain';
  readonly persistent = true;

  constructor(
    private readonly backend: KeyringBackend,
    private readonly name: string = keychainName(),
    private readonly timeoutMs: number = OPERATION_TIMEOUT_MS,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await withDeadline(this.timeoutMs, this.name, (signal) => this.backend.get(key, signal))) ?? undefined;
  }

  set(key: string, value: string): Promise<void> {
    return withDeadline(this.timeoutMs, this.name, (signal) => this.backend.set(key, value, signal));
  }

  delete(key: string): Promise<void> {
    return withDeadline(this.timeoutMs, this.name, (signal) => this.backend.delete(key, signal));
  }

  describe(): string {
    return `Passwords are encrypted by the OS keychain (${this.name})`;
  }
}

/** @napi-rs/keyring (keyring-rs): prebuilt for every desktop platform, nothing to compile. */
export async function loadNapiKeyring(service: string = KEYRING_SERVICE): Promise<KeyringBackend> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  // On Linux the library would fall back to the kernel keyring, which forgets everything at
  // reboot; a store that silently loses passwords is worse than saying we have none.
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  const entry = (account: string) => new AsyncEntry(service, account, options);
  return {
    get: (account, signal) => entry(account).getPassword(signal),
    set: (account, secret, signal) => entry(account).setPassword(secret, signal),
    delete: async (account, signal) => {
      await entry(account).deleteCredential(signal);
    },
  };
}

export type KeyringProbe = { ok: true; store: KeyringSecretStore } | { ok: false; problem: string };

/**
 * Whether the keychain really works here: the library may load fine on a headless Linux box
 * with no Secret Service running, or sit behind a locked keychain. A full set/get/delete round
 * trip within a short deadline is the only honest answer.
 */
export async function probeKeyring(
  options: { loadBackend?: () => Promise<KeyringBackend>; timeoutMs?: number } = {},
): Promise<KeyringProbe> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  let backend: KeyringBackend;
  try {
    backend = await (options.loadBackend ?? loadNapiKeyring)();
  } catch (error) {
    return { ok: false, problem: `the keyring library could not be loaded: ${message(error)}` };
  }
  const account = `probe/${randomBytes(6).toString('hex')}`;
  const value = randomBytes(12).toString('hex');
  try {
    await withDeadline(timeoutMs, keychainName(), async (signal) => {
      await backend.set(account, value, signal);
      const read = await backend.get(account, signal);
      await backend.delete(account, signal);
      if (read !== value) throw new Error('it did not give back what was stored');
    });
  } catch (error) {
    // Best effort: do not leave the probe entry behind if only the read or delete failed.
    backend.delete(account, new AbortController().signal).catch(() => undefined);
    return { ok: false, problem: message(error) };
  }
  return { ok: true, store: new KeyringSecretStore(backend) };
}

async function withDeadline<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the ${what} did not answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
