import { access } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ImportSummary, Preset, ProfilesExport, ProfilesService, StorageStatus } from '../../shared/contract/profiles';
import { UserError } from '../../shared/errors/errors';
import type { TlsOptions } from '../../shared/domain/profile';
import { Emitter } from '../../shared/event';
import { utf8Encode } from '../../shared/payload/utf8';
import { detectAndImport } from '../../shared/profiles/detectAndImport';
import { allPresets } from '../../shared/profiles/presets';
import { exportProfiles } from '../../shared/profiles/qoscopeFormat';
import type { EmbeddedBroker } from '../broker/embeddedBroker';
import type { ConnectionRegistry } from '../engine/connectionRegistry';
import { checkTlsFiles } from '../engine/tls/prepareTls';
import { keepAside, readJsonFile, writeFileAtomic } from '../store/atomicFile';
import { chooseSecretStore } from '../store/chooseSecretStore';
import { MemorySecretStore } from '../store/memorySecretStore';
import { PLAINTEXT_SECRETS_FILE, PlaintextSecretStore } from '../store/plaintextSecretStore';
import { ProfileStore } from '../store/profileStore';
import type { SecretStore } from '../store/secretStore';

const SETTINGS_FILE = 'settings.json';
const settingsSchema = z.object({ plaintextSecrets: z.boolean().optional() });
type Settings = z.infer<typeof settingsSchema>;

/**
 * Saved connections: loads them at start (with their secrets from the best store available),
 * saves after every change, and offers presets, import, export and the plaintext opt-in.
 */
export class ProfilesManager implements ProfilesService {
  private store: ProfileStore | undefined;
  private secrets: SecretStore = new MemorySecretStore();
  private notices: string[] = [];
  private settings: Settings = {};
  private readonly changed = new Emitter<StorageStatus>();
  readonly onDidChangeStorage = this.changed.event;

  constructor(
    private readonly dataDir: string,
    private readonly registry: ConnectionRegistry,
    private readonly broker: EmbeddedBroker,
  ) {}

  /**
   * Loads what was saved; `electron` is Electron's safeStorage store when the app has one.
   * `notices`: what other parts of the app found unreadable, shown with this service's own.
   */
  async load(electron?: SecretStore, notices: readonly string[] = []): Promise<void> {
    const settingsNotices = await this.loadSettings();
    this.secrets = await chooseSecretStore({
      dataDir: this.dataDir,
      allowPlaintext: this.settings.plaintextSecrets === true,
      ...(electron ? { electron } : {}),
      log: (message) => console.warn(message),
    });
    const store = new ProfileStore(this.dataDir, this.secrets);
    const loaded = await store.load();
    const { profiles } = loaded;
    this.store = store;
    this.notices = [...notices, ...settingsNotices, ...loaded.notices];
    this.registry.restore(profiles, (snapshot) => this.requireStore().save(snapshot));
  }

  /** An unreadable settings file is kept aside and reported, never silently ignored. */
  private async loadSettings(): Promise<string[]> {
    const file = path.join(this.dataDir, SETTINGS_FILE);
    const read = await readJsonFile(file);
    if (read.state === 'missing') return [];
    const parsed = read.state === 'ok' ? settingsSchema.safeParse(read.value) : undefined;
    if (parsed?.success) {
      this.settings = parsed.data;
      return [];
    }
    const notices = [`Your settings file was unreadable; it was kept as ${await keepAside(file, 'corrupt')}. Passwords are not kept in plain text until you choose that again.`];
    const plain = path.join(this.dataDir, PLAINTEXT_SECRETS_FILE);
    if (await exists(plain)) {
      notices.push(`${plain} still holds passwords in plain text from before: choose "Keep passwords in plain text…" again to use it, or delete it.`);
    }
    return notices;
  }

  async flush(): Promise<void> {
    await this.store?.flush();
  }

  async presets(): Promise<Preset[]> {
    const status = await this.broker.status();
    return allPresets(status.state === 'running' ? status.mqttPort : 1883);
  }

  async storage(): Promise<StorageStatus> {
    return {
      secrets: this.secrets.describe(),
      secretsPersistent: this.secrets.persistent,
      plaintextSecrets: this.secrets.kind === 'plaintext-file',
      notices: this.notices,
      dataDir: this.dataDir,
    };
  }

  async setPlaintextSecrets(allowed: boolean): Promise<StorageStatus> {
    // An OS keychain or Electron's encryption is always better; the opt-in only replaces memory.
    if (this.secrets.kind === 'os-keychain' || this.secrets.kind === 'electron-safe-storage') {
      throw new UserError('secrets.not-needed', `Not needed: ${this.secrets.describe()}`, { store: this.secrets.describe() });
    }
    const next = allowed ? new PlaintextSecretStore(this.dataDir) : new MemorySecretStore();
    this.store = await this.requireStore().switchSecretStore(next, this.registry.snapshot());
    this.secrets = next;
    this.settings = { ...this.settings, plaintextSecrets: allowed };
    await writeFileAtomic(path.join(this.dataDir, SETTINGS_FILE), JSON.stringify(this.settings, null, 2));
    const status = await this.storage();
    this.changed.fire(status);
    return status;
  }

  async importProfiles(text: string): Promise<ImportSummary> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UserError('import.not-json', `That file is not JSON: ${(error as Error).message}`, { reason: (error as Error).message });
    }
    const result = detectAndImport(json);
    const imported: string[] = [];
    for (const profile of result.profiles) {
      await this.registry.create(profile);
      imported.push(profile.name);
    }
    const skipped = [...result.skipped, ...result.notes.map(({ name, note }) => ({ name, reason: note }))];
    return { imported, skipped };
  }

  async exportProfiles(includeSecrets: boolean): Promise<ProfilesExport> {
    const profiles = this.registry.snapshot().filter((entry) => entry.preset !== 'embedded').map((entry) => entry.profile);
    const text = exportProfiles(profiles, { includeSecrets });
    return { fileName: 'qoscope-connections.json', mediaType: 'application/json', bytes: utf8Encode(text) };
  }

  checkTlsFiles(tls: TlsOptions): Promise<Record<string, string>> {
    return checkTlsFiles(tls);
  }

  private requireStore(): ProfileStore {
    if (!this.store) throw new UserError('profiles.loading', 'Saved connections are still loading');
    return this.store;
  }
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
