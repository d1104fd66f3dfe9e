import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSecretStore } from '../../src/main/store/chooseSecretStore';
import { EncryptedFileSecretStore } from '../../src/main/store/encryptedFileSecretStore';
import { KeyringSecretStore, probeKeyring, type KeyringBackend } from '../../src/main/store/keyringSecretStore';
import { MemorySecretStore } from '../../src/main/store/memorySecretStore';
import { PlaintextSecretStore } from '../../src/main/store/plaintextSecretStore';
import { brokenKeyring, dataDir, everyFile, fakeKeyring, filesContaining, testCipher } from './helpers';

const SECRET = 'correct-horse-battery-staple';

describe('MemorySecretStore', () => {
  it('keeps secrets for the session only and says so', async () => {
    const store = new MemorySecretStore();
    await store.set('profile/a/password', SECRET);
    expect(await store.get('profile/a/password')).toBe(SECRET);
    await store.delete('profile/a/password');
    expect(await store.get('profile/a/password')).toBeUndefined();
    expect(store.persistent).toBe(false);
    expect(store.describe()).toBe('Passwords are kept only until QoScope exits (no keychain available)');
  });
});

describe('EncryptedFileSecretStore', () => {
  it('writes no secret in clear and reads them back in a new session with the same key', async () => {
    const dir = await dataDir();
    const key = randomBytes(32);
    const first = new EncryptedFileSecretStore(dir, testCipher(key), 'test');
    await first.set('profile/a/password', SECRET);
    await first.set('profile/a/tls.passphrase', `${SECRET}-tls`);
    expect(await readdir(dir)).toEqual(['secrets.json']);
    expect(await filesContaining(dir, SECRET)).toEqual([]);
    expect(await filesContaining(dir, 'profile/a')).toEqual([]);

    const second = new EncryptedFileSecretStore(dir, testCipher(key), 'test');
    expect(await second.get('profile/a/password')).toBe(SECRET);
    expect(await second.get('profile/a/tls.passphrase')).toBe(`${SECRET}-tls`);
    await second.delete('profile/a/password');
    expect(await new EncryptedFileSecretStore(dir, testCipher(key), 'test').get('profile/a/password')).toBeUndefined();
  });

  it('coalesces a burst of changes into few writes, losing none', async () => {
    const dir = await dataDir();
    const key = randomBytes(32);
    const store = new EncryptedFileSecretStore(dir, testCipher(key), 'test');
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`profile/${i}/password`, `pw-${i}`)));
    const reopened = new EncryptedFileSecretStore(dir, testCipher(key), 'test');
    for (let i = 0; i < 20; i++) expect(await reopened.get(`profile/${i}/password`)).toBe(`pw-${i}`);
  });

  it('keeps a file it cannot decrypt aside and reports it, instead of writing over it', async () => {
    const dir = await dataDir();
    await new EncryptedFileSecretStore(dir, testCipher(randomBytes(32)), 'test').set('profile/a/password', SECRET);
    const sealed = await readFile(path.join(dir, 'secrets.json'), 'utf8');

    const otherKey = new EncryptedFileSecretStore(dir, testCipher(randomBytes(32)), 'test');
    expect(await otherKey.get('profile/a/password')).toBeUndefined();
    const [notice] = otherKey.takeNotices();
    expect(notice).toMatch(/^Your saved passwords could not be read \(.+\); the file was kept as .*secrets\.json\.unreadable-\d{8}T\d{6}\.\d{3}Z\./);
    expect(otherKey.takeNotices()).toEqual([]);

    await otherKey.set('profile/b/password', 'new');
    const files = await everyFile(dir);
    const aside = [...files.keys()].find((name) => name.startsWith('secrets.json.unreadable-'));
    expect(aside && files.get(aside)).toBe(sealed);
  });
});

describe('PlaintextSecretStore', () => {
  it('stores secrets in clear in an owner-only file, as the user chose', async () => {
    const dir = await dataDir();
    const store = new PlaintextSecretStore(dir);
    await store.set('profile/a/password', SECRET);
    expect(await filesContaining(dir, SECRET)).toEqual(['secrets.plain.json']);
    if (process.platform !== 'win32') expect((await stat(path.join(dir, 'secrets.plain.json'))).mode & 0o777).toBe(0o600);
    expect(await new PlaintextSecretStore(dir).get('profile/a/password')).toBe(SECRET);
    expect(store.describe()).toMatch(/unencrypted/);
  });
});

describe('KeyringSecretStore', () => {
  it('keeps each secret as one keychain entry', async () => {
    const keyring = fakeKeyring();
    const store = new KeyringSecretStore(keyring, 'test keychain');
    await store.set('profile/a/password', SECRET);
    expect(keyring.entries.get('profile/a/password')).toBe(SECRET);
    expect(await store.get('profile/a/password')).toBe(SECRET);
    await store.delete('profile/a/password');
    expect(keyring.entries.size).toBe(0);
    expect(store.describe()).toBe('Passwords are encrypted by the OS keychain (test keychain)');
  });

  it('gives up on a keychain that never answers instead of hanging a save', async () => {
    const hanging: KeyringBackend = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) };
    await expect(new KeyringSecretStore(hanging, 'test keychain', 50).set('k', 'v')).rejects.toThrow(/did not answer within 0.05 s/);
  });
});

describe('probeKeyring', () => {
  it('accepts a keychain that round-trips a secret and leaves nothing behind', async () => {
    const keyring = fakeKeyring();
    const probe = await probeKeyring({ loadBackend: async () => keyring });
    expect(probe.ok).toBe(true);
    expect(keyring.entries.size).toBe(0);
  });

  it('refuses one that fails, one that hangs, and one that cannot be loaded', async () => {
    expect(await probeKeyring({ loadBackend: async () => brokenKeyring() })).toEqual({ ok: false, problem: expect.stringMatching(/DBus/) });
    const hanging: KeyringBackend = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: async () => {} };
    const started = Date.now();
    expect(await probeKeyring({ loadBackend: async () => hanging, timeoutMs: 100 })).toEqual({ ok: false, problem: expect.stringMatching(/did not answer/) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await probeKeyring({ loadBackend: () => Promise.reject(new Error('no prebuilt binary')) })).toEqual({
      ok: false,
      problem: 'the keyring library could not be loaded: no prebuilt binary',
    });
  });

  it('answers within its deadline with the real library on this machine', async () => {
    const started = Date.now();
    const probe = await probeKeyring({ timeoutMs: 3000 });
    expect(Date.now() - started).toBeLessThan(5000);
    if (!probe.ok) expect(probe.problem).not.toBe('');
  });
});

describe('chooseSecretStore', () => {
  it('prefers Electron safeStorage when the app provides it', async () => {
    const electron = new EncryptedFileSecretStore(await dataDir(), testCipher(), 'safeStorage');
    expect(await chooseSecretStore({ dataDir: await dataDir(), allowPlaintext: true, electron, loadKeyring: async () => fakeKeyring() })).toBe(electron);
  });

  it('uses the OS keychain when it works', async () => {
    const store = await chooseSecretStore({ dataDir: await dataDir(), allowPlaintext: true, loadKeyring: async () => fakeKeyring() });
    expect(store.kind).toBe('os-keychain');
  });

  it('falls back to memory, writing nothing, when the keychain fails and plaintext was not allowed', async () => {
    const dir = await dataDir();
    const logged: string[] = [];
    const store = await chooseSecretStore({ dataDir: dir, allowPlaintext: false, loadKeyring: async () => brokenKeyring(), log: (m) => logged.push(m) });
    expect(store.kind).toBe('memory');
    await store.set('profile/a/password', SECRET);
    expect(await readdir(dir)).toEqual([]);
    expect(logged).toEqual([expect.stringMatching(/^OS keychain not used: .*DBus/)]);
  });

  it('uses the plaintext file only when the user allowed it', async () => {
    const store = await chooseSecretStore({ dataDir: await dataDir(), allowPlaintext: true, loadKeyring: async () => brokenKeyring() });
    expect(store.kind).toBe('plaintext-file');
  });

  it('on this machine, without a fake: the keychain if it really works, else memory — never a file in clear', async () => {
    const dir = await dataDir();
    const store = await chooseSecretStore({ dataDir: dir, allowPlaintext: false, keyringTimeoutMs: 3000 });
    expect(['os-keychain', 'memory']).toContain(store.kind);
    if (store.kind === 'memory') {
      await store.set('profile/a/password', SECRET);
      expect(await filesContaining(dir, SECRET)).toEqual([]);
    }
  });
});

it('a secrets file with the wrong shape counts as unreadable too', async () => {
  const dir = await dataDir();
  await writeFile(path.join(dir, 'secrets.plain.json'), '{"format":"something-else"}');
  const store = new PlaintextSecretStore(dir);
  expect(await store.get('x')).toBeUndefined();
  expect(store.takeNotices()).toEqual([expect.stringMatching(/not a QoScope passwords file/)]);
});
