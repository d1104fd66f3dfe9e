import type { SecretStore } from './secretStore';

/** Session-only secrets: the safe default when nothing can keep them encrypted on disk. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly persistent = false;
  private readonly secrets = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.secrets.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.secrets.delete(key);
  }

  describe(): string {
    return 'Passwords are kept only until QoScope exits (no keychain available)';
  }
}
