import type { SecretField } from '../../shared/profiles/profileSecrets';

export type SecretStoreKind = 'os-keychain' | 'electron-safe-storage' | 'plaintext-file' | 'memory';

/** Where profile secrets live, apart from the profiles file. Values are never logged. */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** False when secrets are forgotten at exit; the UI says so instead of pretending. */
  readonly persistent: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** One sentence for the UI about how passwords are kept. */
  describe(): string;
  /** Problems met while opening the store (an unreadable file kept aside), each reported once. */
  takeNotices?(): string[];
}

export function secretKey(profileId: string, field: SecretField): string {
  return `profile/${profileId}/${field}`;
}
