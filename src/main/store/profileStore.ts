import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../shared/errors/errors';
import { profileSchema, type ConnectionProfile } from '../../shared/domain/profile';
import { readSecret, SECRET_FIELDS, stripSecrets, withSecret, type SecretField } from '../../shared/profiles/profileSecrets';
import { PROFILES_FORMAT, PROFILES_FORMAT_VERSION } from '../../shared/profiles/qoscopeFormat';
import { keepAside, readJsonFile, writeFileAtomic } from './atomicFile';
import { secretKey, type SecretStore } from './secretStore';
import { SerialQueue } from './serialQueue';

/** A saved connection; `profile` carries its secrets while in memory, never on disk. */
export type StoredProfile = { id: string; preset?: 'embedded'; profile: ConnectionProfile };

export const PROFILES_FILE = 'profiles.json';

const fileSchema = z.object({
  format: z.literal(PROFILES_FORMAT),
  version: z.number(),
  profiles: z.array(z.unknown()),
});

const entrySchema = z.object({
  id: z.string().min(1).max(100),
  preset: z.literal('embedded').optional(),
  profile: z.unknown(),
  /** Which secrets the secret store holds for this profile, so a lost one can be reported. */
  secrets: z.array(z.enum(SECRET_FIELDS)).optional(),
});

type FileEntry = z.infer<typeof entrySchema>;

const SECRET_LABELS: Record<SecretField, string> = { password: 'password', 'tls.passphrase': 'TLS key passphrase' };

/**
 * The saved connections: `<dataDir>/profiles.json` for everything but secrets, which go to the
 * SecretStore. Loads and saves run one at a time; an unreadable file is kept aside and
 * reported, never silently replaced.
 */
export class ProfileStore {
  readonly file: string;
  private readonly queue = new SerialQueue();
  /** What the secret store holds, as far as we know: unchanged secrets are not written again (each is a keychain call). */
  private readonly stored = new Map<string, string>();
  /** Ids in the file as last read or written, to remove the secrets of deleted connections. */
  private savedIds = new Set<string>();

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
  ) {
    this.file = path.join(dataDir, PROFILES_FILE);
  }

  load(): Promise<{ profiles: StoredProfile[]; notices: string[] }> {
    return this.queue.run(() => this.read());
  }

  save(profiles: readonly StoredProfile[]): Promise<void> {
    // Snapshot now: the caller may keep editing its objects while this save waits its turn.
    const snapshot = profiles.map((entry) => ({ ...entry, profile: structuredClone(entry.profile) }));
    return this.queue.run(() => this.write(snapshot));
  }

  /**
   * For when the user turns the plaintext setting on or off: writes every secret of `profiles`
   * to `next`, then removes them all from this store, so no copy stays behind (in particular
   * none in clear). Use the returned store from then on.
   */
  async switchSecretStore(next: SecretStore, profiles: readonly StoredProfile[]): Promise<ProfileStore> {
    const moved = new ProfileStore(this.dataDir, next);
    await this.flush();
    await moved.save(profiles);
    await this.queue.run(async () => {
      const ids = new Set([...this.savedIds, ...profiles.map((entry) => entry.id)]);
      for (const id of ids) {
        for (const field of SECRET_FIELDS) await this.secrets.delete(secretKey(id, field));
      }
    });
    moved.savedIds = new Set(profiles.map((entry) => entry.id));
    return moved;
  }

  /** Resolves when every save asked for so far is on disk (call before exit). */
  flush(): Promise<void> {
    return this.queue.idle();
  }

  private async read(): Promise<{ profiles: StoredProfile[]; notices: string[] }> {
    const notices: string[] = [];
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return { profiles: [], notices: this.secretStoreNotices() };
    const file = read.state === 'ok' ? fileSchema.safeParse(read.value) : undefined;
    if (!file?.success) {
      notices.push(`Your saved connections file was unreadable; it was kept as ${await keepAside(this.file, 'corrupt')}.`);
      return { profiles: [], notices };
    }
    if (file.data.version !== PROFILES_FORMAT_VERSION) {
      const kept = await keepAside(this.file, 'unsupported');
      notices.push(`Your saved connections file is in format version ${file.data.version}, which this QoScope cannot read; it was kept as ${kept}. Update QoScope to get those connections back.`);
      return { profiles: [], notices };
    }

    const profiles: StoredProfile[] = [];
    const lost: string[] = [];
    let skipped = 0;
    for (const [index, raw] of file.data.profiles.entries()) {
      const name = nameOf(raw) ?? `number ${index + 1}`;
      const problem = this.problemWith(raw, profiles);
      if (problem) {
        // Its secrets stay in the store: the entry is kept in the copy below and may come back.
        notices.push(`The saved connection "${name}" was left out: ${problem}.`);
        skipped++;
        continue;
      }
      const entry = entrySchema.parse(raw);
      const profile = await this.withStoredSecrets(entry, profileSchema.parse(entry.profile), lost, notices);
      profiles.push({ id: entry.id, ...(entry.preset ? { preset: entry.preset } : {}), profile });
    }
    if (skipped > 0) {
      // The next save writes only what loaded; keep the file as it was so nothing is lost.
      notices.push(`A copy of your saved connections file as it was is kept as ${await keepAside(this.file, 'skipped', { copy: true })}.`);
    }
    if (lost.length > 0) notices.push(this.lostSecretsNotice(lost));
    notices.push(...this.secretStoreNotices());
    this.savedIds = new Set(profiles.map((entry) => entry.id));
    return { profiles, notices };
  }

  private problemWith(raw: unknown, loaded: readonly StoredProfile[]): string | undefined {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) return 'its entry in the file is damaged';
    if (loaded.some((other) => other.id === entry.data.id)) return 'another saved connection has the same id';
    const profile = profileSchema.safeParse(entry.data.profile);
    return profile.success ? undefined : (profile.error.issues[0]?.message ?? 'it is not a valid connection');
  }

  private async withStoredSecrets(entry: FileEntry, profile: ConnectionProfile, lost: string[], notices: string[]): Promise<ConnectionProfile> {
    let result = profile;
    for (const field of SECRET_FIELDS) {
      const key = secretKey(entry.id, field);
      let value: string | undefined;
      try {
        value = await this.secrets.get(key);
      } catch (error) {
        notices.push(`The saved ${SECRET_LABELS[field]} for "${profile.name}" could not be read: ${messageOf(error)}.`);
        continue;
      }
      if (value !== undefined) {
        result = withSecret(result, field, value);
        this.stored.set(key, value);
      } else if (entry.secrets?.includes(field)) {
        lost.push(profile.name);
      }
    }
    return result;
  }

  private lostSecretsNotice(names: readonly string[]): string {
    const list = [...new Set(names)].map((name) => `"${name}"`).join(', ');
    if (!this.secrets.persistent) {
      return `Passwords are not kept between runs here (${this.secrets.describe()}); enter them again for ${list}.`;
    }
    return `Saved passwords are missing for ${list}; enter them again to connect.`;
  }

  private secretStoreNotices(): string[] {
    return this.secrets.takeNotices?.() ?? [];
  }

  private async write(profiles: readonly StoredProfile[]): Promise<void> {
    const ids = new Set(profiles.map((entry) => entry.id));
    if (ids.size !== profiles.length) throw new Error('Two saved connections share an id');

    // Secrets first, so the file never lists a secret the store does not yet hold.
    const failures: string[] = [];
    const entries: FileEntry[] = [];
    for (const { id, preset, profile } of profiles) {
      const held: SecretField[] = [];
      for (const field of SECRET_FIELDS) {
        const failure = await this.storeSecret(secretKey(id, field), readSecret(profile, field));
        if (failure) failures.push(`the ${SECRET_LABELS[field]} for "${profile.name}" (${failure})`);
        if (this.stored.has(secretKey(id, field))) held.push(field);
      }
      entries.push({ id, ...(preset ? { preset } : {}), profile: stripSecrets(profile), ...(held.length ? { secrets: held } : {}) });
    }

    const file = { format: PROFILES_FORMAT, version: PROFILES_FORMAT_VERSION, profiles: entries };
    await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`);

    // Only now that the file no longer lists them: drop the secrets of removed connections.
    for (const id of this.savedIds) {
      if (ids.has(id)) continue;
      for (const field of SECRET_FIELDS) await this.storeSecret(secretKey(id, field), undefined, true);
    }
    this.savedIds = ids;

    if (failures.length > 0) {
      throw new UserError('profiles.partly-saved', `Your connections were saved, but not ${failures.join(', ')}; it is kept until QoScope exits.`);
    }
  }

  /**
   * Puts a secret in the store, or removes it when the profile no longer has one. A secret we
   * never saw is left alone unless `force`: it may be one the keychain refused to read at
   * load, and deleting it would lose it for good. Returns why it failed, if it did.
   */
  private async storeSecret(key: string, value: string | undefined, force = false): Promise<string | undefined> {
    try {
      if (value) {
        if (this.stored.get(key) === value) return undefined;
        await this.secrets.set(key, value);
        this.stored.set(key, value);
      } else if (force || this.stored.has(key)) {
        await this.secrets.delete(key);
        this.stored.delete(key);
      }
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }
}

function nameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('profile' in raw)) return undefined;
  const profile = raw.profile;
  if (typeof profile !== 'object' || profile === null || !('name' in profile)) return undefined;
  return typeof profile.name === 'string' && profile.name.trim() ? profile.name.trim() : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
