import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSecretStore } from '../../src/main/store/chooseSecretStore';
import { EncryptedFileSecretStore } from '../../src/main/store/encryptedFileSecretStore';
import { KeyringSecretStore } from '../../src/main/store/keyringSecretStore';
import { MemorySecretStore } from '../../src/main/store/memorySecretStore';
import { PlaintextSecretStore } from '../../src/main/store/plaintextSecretStore';
import { ProfileStore, type StoredProfile } from '../../src/main/store/profileStore';
import type { SecretStore } from '../../src/main/store/secretStore';
import { UserError } from '../../src/shared/errors/errors';
import { DEFAULT_PROFILE, PROFILE_FIELDS, type ConnectionProfile } from '../../src/shared/domain/profile';
import { brokenKeyring, dataDir, everyFile, fakeKeyring, filesContaining, testCipher } from './helpers';

const PASSWORD = 'pa55-Wörd-in-clear?';
const PASSPHRASE = 'tls-key-passphrase-42';

const everything: ConnectionProfile = {
  name: 'Everything',
  host: 'broker.example.com',
  port: 8884,
  transport: 'wss',
  path: '/mqtt',
  protocolVersion: 5,
  clientId: 'qoscope_0123abcd',
  username: 'alice',
  password: PASSWORD,
  clean: false,
  sessionExpiryInterval: 7200,
  keepalive: 45,
  connectTimeout: 15,
  reconnect: { enabled: true, minDelay: 2, maxDelay: 60 },
  resubscribe: false,
  history: false,
  will: {
    topic: 'status/alice',
    payload: 'bye',
    qos: 2,
    retain: true,
    delayInterval: 10,
    messageExpiryInterval: 300,
    contentType: 'text/plain',
    responseTopic: 'status/alice/ack',
    correlationData: 'c-1',
    userProperties: [
      ['a', '1'],
      ['a', '2'],
    ],
  },
  tls: {
    caFiles: ['/etc/qoscope/ca-1.pem', '/etc/qoscope/ca-2.pem'],
    certFile: '/etc/qoscope/client.crt',
    keyFile: '/etc/qoscope/client.key',
    passphrase: PASSPHRASE,
    verifyServer: false,
    serverName: 'sni.example.com',
    alpn: ['mqtt'],
  },
  connectProperties: {
    receiveMaximum: 20,
    maximumPacketSize: 65_536,
    topicAliasMaximum: 5,
    requestResponseInformation: true,
    requestProblemInformation: false,
    userProperties: [['team', 'qa']],
  },
  subscriptions: [
    { filter: 'plant/+/temp', qos: 1, color: '#22aa88', alias: 'Temperatures' },
    { filter: '$share/qa/alarms/#', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2 },
  ],
};

const embedded: StoredProfile = {
  id: 'embedded-1',
  preset: 'embedded',
  profile: { ...DEFAULT_PROFILE, name: 'Embedded broker', clientId: 'qoscope_embedded' },
};
const saved: StoredProfile[] = [{ id: 'everything-1', profile: everything }, embedded];

const profilesFile = (dir: string) => path.join(dir, 'profiles.json');
const readProfilesFile = async (dir: string) => JSON.parse(await readFile(profilesFile(dir), 'utf8'));

describe('ProfileStore round trip', () => {
  it('the test profile sets every profile field', () => {
    expect(Object.keys(everything).sort()).toEqual([...PROFILE_FIELDS].sort());
  });

  const stores: [string, (dir: string) => () => SecretStore][] = [
    ['memory (same session)', () => {
      const store = new MemorySecretStore();
      return () => store;
    }],
    ['encrypted file', (dir) => {
      const key = randomBytes(32);
      return () => new EncryptedFileSecretStore(dir, testCipher(key), 'test');
    }],
    ['OS keychain', () => {
      const keyring = fakeKeyring();
      return () => new KeyringSecretStore(keyring);
    }],
    ['plaintext file', (dir) => () => new PlaintextSecretStore(dir)],
  ];

  it.each(stores)('keeps every field, secrets included, with the %s store', async (_, makeStore) => {
    const dir = await dataDir();
    const secrets = makeStore(dir);
    await new ProfileStore(dir, secrets()).save(saved);
    const loaded = await new ProfileStore(dir, secrets()).load();
    expect(loaded).toEqual({ profiles: saved, notices: [] });
  });
});

describe('ProfileStore keeps secrets out of files', () => {
  async function expectNoSecretInClear(dir: string, secrets: SecretStore): Promise<void> {
    await new ProfileStore(dir, secrets).save(saved);
    expect(await filesContaining(dir, PASSWORD)).toEqual([]);
    expect(await filesContaining(dir, PASSPHRASE)).toEqual([]);
    // The file still says which secrets exist, so a lost one can be reported.
    expect((await readProfilesFile(dir)).profiles[0].secrets).toEqual(['password', 'tls.passphrase']);
  }

  it('with the memory store', async () => {
    const dir = await dataDir();
    await expectNoSecretInClear(dir, new MemorySecretStore());
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });

  it('with the encrypted file store', async () => {
    const dir = await dataDir();
    await expectNoSecretInClear(dir, new EncryptedFileSecretStore(dir, testCipher(), 'test'));
    expect((await readdir(dir)).sort()).toEqual(['profiles.json', 'secrets.json']);
  });

  it('when the keychain fails and the app falls back', async () => {
    const dir = await dataDir();
    const fallback = await chooseSecretStore({ dataDir: dir, allowPlaintext: false, loadKeyring: async () => brokenKeyring() });
    await expectNoSecretInClear(dir, fallback);
  });

  it('writes them in clear only to secrets.plain.json, and only when the user allowed it', async () => {
    const dir = await dataDir();
    const allowed = await chooseSecretStore({ dataDir: dir, allowPlaintext: true, loadKeyring: async () => brokenKeyring() });
    await new ProfileStore(dir, allowed).save(saved);
    expect(await filesContaining(dir, PASSWORD)).toEqual(['secrets.plain.json']);
    expect(await filesContaining(dir, PASSPHRASE)).toEqual(['secrets.plain.json']);
  });
});

describe('ProfileStore with an unreadable file', () => {
  it.each([
    ['bad JSON', '{"format":"qoscope-profiles","version":1,"profiles":[{"id":'],
    ['the wrong shape', '{"connections":[{"host":"a"}]}'],
    ['an empty file', ''],
  ])('keeps a file with %s aside, reports it, and the next save does not overwrite it', async (_, content) => {
    const dir = await dataDir();
    await writeFile(profilesFile(dir), content);
    const store = new ProfileStore(dir, new MemorySecretStore());

    const loaded = await store.load();
    expect(loaded.profiles).toEqual([]);
    expect(loaded.notices).toEqual([
      expect.stringMatching(/^Your saved connections file was unreadable; it was kept as .*profiles\.json\.corrupt-\d{8}T\d{6}\.\d{3}Z\.$/),
    ]);
    const aside = loaded.notices[0]!.replace(/^.*kept as (.*)\.$/, '$1');
    expect(await readFile(aside, 'utf8')).toBe(content);

    await store.save([embedded]);
    expect(await readFile(aside, 'utf8')).toBe(content);
    expect(await new ProfileStore(dir, new MemorySecretStore()).load()).toEqual({ profiles: [embedded], notices: [] });
  });

  it('does not read a file from a newer QoScope, and keeps it for that version', async () => {
    const dir = await dataDir();
    await writeFile(profilesFile(dir), JSON.stringify({ format: 'qoscope-profiles', version: 2, profiles: [] }));
    const loaded = await new ProfileStore(dir, new MemorySecretStore()).load();
    expect(loaded.notices).toEqual([expect.stringMatching(/format version 2, which this QoScope cannot read; it was kept as .*profiles\.json\.unsupported-/)]);
  });
});

describe('ProfileStore with one bad entry', () => {
  it('skips and reports an invalid profile, loads the rest, and keeps a copy of the file as it was', async () => {
    const dir = await dataDir();
    const secrets = new MemorySecretStore();
    await new ProfileStore(dir, secrets).save([...saved, { id: 'third', profile: { ...everything, name: 'Third', password: undefined } }]);
    const file = await readProfilesFile(dir);
    file.profiles[0].profile.port = 0;
    const original = JSON.stringify(file);
    await writeFile(profilesFile(dir), original);

    const store = new ProfileStore(dir, secrets);
    const loaded = await store.load();
    expect(loaded.profiles.map((p) => p.id)).toEqual(['embedded-1', 'third']);
    expect(loaded.notices).toEqual([
      expect.stringMatching(/^The saved connection "Everything" was left out: Port must be between 1 and 65,?535\.$/),
      expect.stringMatching(/^A copy of your saved connections file as it was is kept as .*profiles\.json\.skipped-\d{8}T\d{6}\.\d{3}Z\.$/),
    ]);

    await store.save(loaded.profiles);
    const copies = [...(await everyFile(dir))].filter(([name]) => name.startsWith('profiles.json.skipped-'));
    expect(copies.map(([, text]) => text)).toEqual([original]);
  });

  it('skips a damaged entry and a duplicate id', async () => {
    const dir = await dataDir();
    const entry = { id: 'a', profile: { ...embedded.profile, name: 'First' } };
    await writeFile(
      profilesFile(dir),
      JSON.stringify({ format: 'qoscope-profiles', version: 1, profiles: [entry, 'garbage', { ...entry, profile: { ...entry.profile, name: 'Copy' } }] }),
    );
    const loaded = await new ProfileStore(dir, new MemorySecretStore()).load();
    expect(loaded.profiles).toEqual([entry]);
    expect(loaded.notices.slice(0, 2)).toEqual([
      'The saved connection "number 2" was left out: its entry in the file is damaged.',
      'The saved connection "Copy" was left out: another saved connection has the same id.',
    ]);
  });
});

describe('ProfileStore saves', () => {
  it('run one at a time, in call order, each completely', async () => {
    const dir = await dataDir();
    const log: string[] = [];
    const inner = new MemorySecretStore();
    const slow: SecretStore = {
      ...inner,
      kind: 'memory',
      persistent: false,
      describe: () => inner.describe(),
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      async set(key, value) {
        const onDisk = await readFile(profilesFile(dir), 'utf8').then((text) => JSON.parse(text).profiles.map((p: { id: string }) => p.id).join('+'), () => 'none');
        log.push(`set ${key} (file: ${onDisk})`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await inner.set(key, value);
      },
    };
    const store = new ProfileStore(dir, slow);
    const batch = (tag: string): StoredProfile[] =>
      [1, 2].map((n) => ({ id: `${tag}${n}`, profile: { ...embedded.profile, name: `${tag}${n}`, password: `${tag}-pw-${n}` } }));

    await Promise.all([store.save(batch('a')), store.save(batch('b')), store.save(batch('c'))]);
    expect(log).toEqual([
      'set profile/a1/password (file: none)',
      'set profile/a2/password (file: none)',
      'set profile/b1/password (file: a1+a2)',
      'set profile/b2/password (file: a1+a2)',
      'set profile/c1/password (file: b1+b2)',
      'set profile/c2/password (file: b1+b2)',
    ]);
    expect((await readProfilesFile(dir)).profiles.map((p: { id: string }) => p.id)).toEqual(['c1', 'c2']);
  });

  it('save what they were given at call time, even if the caller edits its objects afterwards', async () => {
    const dir = await dataDir();
    const list: StoredProfile[] = [{ id: 'x', profile: { ...embedded.profile, name: 'Before' } }];
    const saving = new ProfileStore(dir, new MemorySecretStore()).save(list);
    list[0]!.profile.name = 'After';
    await saving;
    expect((await readProfilesFile(dir)).profiles[0].profile.name).toBe('Before');
  });

  it('remove the secrets of a deleted connection and of a cleared password', async () => {
    const dir = await dataDir();
    const keyring = fakeKeyring();
    const store = new ProfileStore(dir, new KeyringSecretStore(keyring));
    await store.save(saved);
    expect([...keyring.entries.keys()].sort()).toEqual(['profile/everything-1/password', 'profile/everything-1/tls.passphrase']);

    const { password: _, ...noPassword } = everything;
    await store.save([{ id: 'everything-1', profile: noPassword }]);
    expect([...keyring.entries.keys()]).toEqual(['profile/everything-1/tls.passphrase']);

    await store.save([]);
    expect(keyring.entries.size).toBe(0);
  });

  it('do not write a secret again when it has not changed', async () => {
    const dir = await dataDir();
    const keyring = fakeKeyring();
    let writes = 0;
    const counting = { ...keyring, set: async (account: string, secret: string, signal: AbortSignal) => (writes++, keyring.set(account, secret, signal)) };
    const store = new ProfileStore(dir, new KeyringSecretStore(counting));
    await store.save(saved);
    await store.save(saved);
    await store.save([{ id: 'everything-1', profile: { ...everything, password: 'changed' } }, embedded]);
    expect(writes).toBe(3);
  });

  it('still save the connections when the keychain refuses a password, and say so', async () => {
    const dir = await dataDir();
    const refusing = new KeyringSecretStore({ ...fakeKeyring(), set: () => Promise.reject(new Error('keychain is locked')) });
    const store = new ProfileStore(dir, refusing);
    const saving = store.save(saved);
    await expect(saving).rejects.toThrow(UserError);
    await expect(saving).rejects.toThrow(
      'Your connections were saved, but not the password for "Everything" (keychain is locked), the TLS key passphrase for "Everything" (keychain is locked); it is kept until QoScope exits.',
    );
    const file = await readProfilesFile(dir);
    expect(file.profiles.map((p: StoredProfile) => p.profile.name)).toEqual(['Everything', 'Embedded broker']);
    expect(file.profiles[0].secrets).toBeUndefined();
  });
});

describe('ProfileStore after a restart', () => {
  it('with the memory store, reports which passwords must be entered again', async () => {
    const dir = await dataDir();
    await new ProfileStore(dir, new MemorySecretStore()).save(saved);
    const loaded = await new ProfileStore(dir, new MemorySecretStore()).load();
    const { password: _password, tls, ...rest } = everything;
    const { passphrase: _passphrase, ...tlsWithoutSecret } = tls!;
    expect(loaded.profiles).toEqual([{ id: 'everything-1', profile: { ...rest, tls: tlsWithoutSecret } }, embedded]);
    expect(loaded.notices).toEqual([
      'Passwords are not kept between runs here (Passwords are kept only until QoScope exits (no keychain available)); enter them again for "Everything".',
    ]);
  });

  it('does not delete a secret the keychain would not give back at load', async () => {
    const dir = await dataDir();
    const keyring = fakeKeyring();
    await new ProfileStore(dir, new KeyringSecretStore(keyring)).save(saved);

    const grumpy = new KeyringSecretStore({ ...keyring, get: () => Promise.reject(new Error('user dismissed the unlock prompt')) });
    const store = new ProfileStore(dir, grumpy);
    const loaded = await store.load();
    expect(loaded.notices[0]).toBe('The saved password for "Everything" could not be read: user dismissed the unlock prompt.');
    await store.save(loaded.profiles);
    expect(keyring.entries.get('profile/everything-1/password')).toBe(PASSWORD);
  });

  it('passes on what the secret store found wrong when it opened', async () => {
    const dir = await dataDir();
    await new ProfileStore(dir, new EncryptedFileSecretStore(dir, testCipher(randomBytes(32)), 'test')).save(saved);
    const loaded = await new ProfileStore(dir, new EncryptedFileSecretStore(dir, testCipher(randomBytes(32)), 'test')).load();
    expect(loaded.notices).toEqual([
      'Saved passwords are missing for "Everything"; enter them again to connect.',
      expect.stringMatching(/^Your saved passwords could not be read .* kept as .*secrets\.json\.unreadable-/),
    ]);
  });
});

describe('ProfileStore.switchSecretStore', () => {
  it('moves secrets into the plaintext file when the user allows it, and out again when they stop', async () => {
    const dir = await dataDir();
    const memory = new ProfileStore(dir, new MemorySecretStore());
    await memory.save(saved);

    const plaintext = await memory.switchSecretStore(new PlaintextSecretStore(dir), saved);
    expect(await filesContaining(dir, PASSWORD)).toEqual(['secrets.plain.json']);
    expect(await new ProfileStore(dir, new PlaintextSecretStore(dir)).load()).toEqual({ profiles: saved, notices: [] });

    const back = await plaintext.switchSecretStore(new MemorySecretStore(), saved);
    expect(await filesContaining(dir, PASSWORD)).toEqual([]);
    expect(await filesContaining(dir, PASSPHRASE)).toEqual([]);
    await back.save(saved);
    expect(await filesContaining(dir, PASSWORD)).toEqual([]);
  });
});

describe('ProfileStore and saved subscriptions', () => {
  it('loads a file written before profiles had subscriptions, and keeps them once added', async () => {
    const dir = await dataDir();
    const old = {
      format: 'qoscope-profiles',
      version: 1,
      profiles: [{ id: 'old-1', profile: { ...DEFAULT_PROFILE, name: 'From before', clientId: 'before' } }],
    };
    await writeFile(profilesFile(dir), JSON.stringify(old));
    const secrets = new MemorySecretStore();
    const loaded = await new ProfileStore(dir, secrets).load();
    expect(loaded.notices).toEqual([]);
    expect(loaded.profiles).toEqual([{ id: 'old-1', profile: old.profiles[0]?.profile }]);

    const subscriptions = [{ filter: 'a/#', qos: 1 as const, alias: 'All of a' }];
    await new ProfileStore(dir, secrets).save([{ id: 'old-1', profile: { ...DEFAULT_PROFILE, name: 'From before', clientId: 'before', subscriptions } }]);
    expect((await new ProfileStore(dir, secrets).load()).profiles[0]?.profile.subscriptions).toEqual(subscriptions);
  });
});
