import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { SecretCipher } from '../../src/main/store/encryptedFileSecretStore';
import type { KeyringBackend } from '../../src/main/store/keyringSecretStore';

const dirs: string[] = [];

/** A fresh data directory per test, removed afterwards. */
export async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-store-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file under `dir` (kept-aside copies and temp files included), as text. */
export async function everyFile(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file, 'latin1'));
  }
  return files;
}

/** Files under `dir` that contain `secret` in clear, as UTF-8 or UTF-16 (what a grep would find). */
export async function filesContaining(dir: string, secret: string): Promise<string[]> {
  const utf8 = Buffer.from(secret, 'utf8').toString('latin1');
  const utf16 = Buffer.from(secret, 'utf16le').toString('latin1');
  return [...(await everyFile(dir))].filter(([, text]) => text.includes(utf8) || text.includes(utf16)).map(([name]) => name);
}

/** AES-256-GCM with a key of the test's choosing, standing in for Electron's safeStorage. */
export function testCipher(key: Buffer = randomBytes(32)): SecretCipher {
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      const bytes = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return { plain: Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'), stale: false };
    },
  };
}

/** A keychain in memory, standing in for the OS one; `entries` shows what it holds. */
export function fakeKeyring(): KeyringBackend & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    async get(account) {
      return entries.get(account) ?? null;
    },
    async set(account, secret) {
      entries.set(account, secret);
    },
    async delete(account) {
      entries.delete(account);
    },
  };
}

/** What a headless Linux box without a Secret Service answers. */
export function brokenKeyring(): KeyringBackend {
  const fail = async (): Promise<never> => {
    throw new Error('Platform failure: DBus error: no session bus');
  };
  return { get: fail, set: fail, delete: fail };
}
