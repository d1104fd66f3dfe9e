import path from 'node:path';
import { z } from 'zod';
import { FileSecrets, type SecretsCodec } from './fileSecrets';
import type { SecretStore } from './secretStore';

export const PLAINTEXT_SECRETS_FILE = 'secrets.plain.json';

const fileSchema = z.object({
  format: z.literal('qoscope-secrets-plaintext'),
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});

const codec: SecretsCodec = {
  async encode(secrets) {
    const file = {
      format: 'qoscope-secrets-plaintext',
      version: 1,
      warning: 'These passwords are NOT encrypted. Anyone who can read this file can read them.',
      secrets,
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  },
  async decode(json) {
    const file = fileSchema.safeParse(json);
    if (!file.success) throw new Error('it is not a QoScope passwords file');
    return { secrets: file.data.secrets, stale: false };
  },
};

/**
 * Passwords in clear in an owner-only (0600) file. Only ever chosen when the user turned it on
 * in settings after being warned, on a machine with no keychain (headless servers, a Pi).
 */
export class PlaintextSecretStore extends FileSecrets implements SecretStore {
  readonly kind = 'plaintext-file';
  readonly persistent = true;

  constructor(readonly dataDir: string) {
    super(path.join(dataDir, PLAINTEXT_SECRETS_FILE), codec);
  }

  get path(): string {
    return path.join(this.dataDir, PLAINTEXT_SECRETS_FILE);
  }

  describe(): string {
    return `Passwords are saved unencrypted in ${this.path}, readable by your user account only (you chose this in Settings)`;
  }
}
