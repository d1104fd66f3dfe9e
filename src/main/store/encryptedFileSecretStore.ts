import path from 'node:path';
import { z } from 'zod';
import { FileSecrets, type SecretsCodec } from './fileSecrets';
import type { SecretStore } from './secretStore';

/**
 * Encryption supplied by the platform (Electron's safeStorage, whose key lives in the OS
 * keychain). Injected so this store stays free of electron and testable with any cipher.
 */
export interface SecretCipher {
  encrypt(plain: string): Promise<Uint8Array>;
  /** `stale`: the platform's key changed and the data should be sealed again. */
  decrypt(sealed: Uint8Array): Promise<{ plain: string; stale: boolean }>;
}

export const ENCRYPTED_SECRETS_FILE = 'secrets.json';

const fileSchema = z.object({
  format: z.literal('qoscope-secrets'),
  version: z.literal(1),
  sealed: z.string(),
});
const secretsSchema = z.record(z.string(), z.string());

/**
 * All secrets sealed as one blob, so the file reveals neither the values nor which
 * connections have a password.
 */
export class EncryptedFileSecretStore extends FileSecrets implements SecretStore {
  readonly kind = 'electron-safe-storage';
  readonly persistent = true;

  constructor(
    dataDir: string,
    cipher: SecretCipher,
    private readonly description: string,
  ) {
    super(path.join(dataDir, ENCRYPTED_SECRETS_FILE), sealedCodec(cipher));
  }

  describe(): string {
    return this.description;
  }
}

/** The whole secrets map sealed by the platform cipher into one base64 blob. */
function sealedCodec(cipher: SecretCipher): SecretsCodec {
  return {
    async encode(secrets) {
      const sealed = await cipher.encrypt(JSON.stringify(secrets));
      return `${JSON.stringify({ format: 'qoscope-secrets', version: 1, sealed: Buffer.from(sealed).toString('base64') }, null, 2)}\n`;
    },
    async decode(json) {
      const file = fileSchema.safeParse(json);
      if (!file.success) throw new Error('it is not a QoScope secrets file');
      const { plain, stale } = await cipher.decrypt(Buffer.from(file.data.sealed, 'base64'));
      const secrets = secretsSchema.safeParse(JSON.parse(plain));
      if (!secrets.success) throw new Error('its content is not a list of secrets');
      return { secrets: secrets.data, stale };
    },
  };
}
