import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import { tlsSchema, type ConnectionProfile, type TlsOptions } from '../domain/profile';

/** A template for a new connection (the embedded broker, public test brokers). */
export type Preset = { id: string; label: string; note?: string; profile: Omit<ConnectionProfile, 'clientId'> };

/** Where saved connections and their secrets live, in words the UI shows as they are. */
export type StorageStatus = {
  /** How secrets are kept, e.g. "Passwords are encrypted by the OS keychain". */
  secrets: string;
  /** False when secrets are kept only until QoScope exits. */
  secretsPersistent: boolean;
  plaintextSecrets: boolean;
  /** Problems found while loading (a corrupt file kept aside, an invalid profile skipped). */
  notices: string[];
  dataDir: string;
};

export type ImportSummary = { imported: string[]; skipped: { name: string; reason: string }[] };
export type ProfilesExport = { fileName: string; mediaType: string; bytes: Uint8Array };

export interface ProfilesService {
  presets(): Promise<Preset[]>;
  storage(): Promise<StorageStatus>;
  /** Only after the user read the warning: secrets written in clear to the data folder. */
  setPlaintextSecrets(allowed: boolean): Promise<StorageStatus>;
  /** MQTTX exports, MQTT Explorer settings, or QoScope's own export; creates the connections. */
  importProfiles(text: string): Promise<ImportSummary>;
  exportProfiles(includeSecrets: boolean): Promise<ProfilesExport>;
  /** Inline errors for TLS files, by field path ("tls.caFiles", …). */
  checkTlsFiles(tls: TlsOptions): Promise<Record<string, string>>;
  onDidChangeStorage: Event<StorageStatus>;
}

export const profilesService = defineService<ProfilesService>({
  name: 'profiles',
  calls: {
    presets: z.tuple([]),
    storage: z.tuple([]),
    setPlaintextSecrets: z.tuple([z.boolean()]),
    importProfiles: z.tuple([z.string().max(20 * 1024 * 1024, 'That file is larger than 20 MB')]),
    exportProfiles: z.tuple([z.boolean()]),
    checkTlsFiles: z.tuple([tlsSchema]),
  },
  events: ['onDidChangeStorage'],
});
