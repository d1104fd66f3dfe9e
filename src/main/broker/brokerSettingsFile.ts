import path from 'node:path';
import { z } from 'zod';
import { brokerPortsSchema, type BrokerPorts } from '../../shared/domain/broker';
import { brokerAccessSchema, DEFAULT_BROKER_ACCESS, type BrokerAccess } from '../../shared/domain/brokerAccess';
import { brokerTlsSettingsSchema, DEFAULT_BROKER_TLS, type BrokerTlsSettings } from '../../shared/domain/brokerTls';
import { readJsonFile, writeFileAtomic } from '../store/atomicFile';

export const BROKER_SETTINGS_FILE = 'broker.json';

/** What the embedded broker keeps between runs of the app, besides its state. */
export type BrokerSettings = {
  /** Absent: the user never chose, and the defaults apply. */
  ports?: BrokerPorts;
  persist: boolean;
  capture: boolean;
  lan: boolean;
  access: BrokerAccess;
  tls: BrokerTlsSettings;
};

export const DEFAULT_BROKER_SETTINGS: BrokerSettings = { persist: true, capture: false, lan: false, access: DEFAULT_BROKER_ACCESS, tls: DEFAULT_BROKER_TLS };

// Earlier versions wrote only the two ports at the top level; they still read.
const storedSchema = z.object({
  mqttPort: z.number().optional(),
  wsPort: z.number().optional(),
  persist: z.boolean().optional(),
  capture: z.boolean().optional(),
  lan: z.boolean().optional(),
  tls: brokerTlsSettingsSchema.optional(),
  access: brokerAccessSchema.optional(),
});

/**
 * The embedded broker's settings in `<dataDir>/broker.json`: ports the user chose, whether state is
 * kept, capture, LAN, users and topic rules (password hashes only). Missing: the defaults.
 * Unreadable: the defaults, with a notice; saving replaces the file.
 */
export class BrokerSettingsFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, BROKER_SETTINGS_FILE);
  }

  async load(): Promise<{ settings: BrokerSettings; notice?: string }> {
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return { settings: DEFAULT_BROKER_SETTINGS };
    const parsed = read.state === 'ok' ? storedSchema.safeParse(read.value) : undefined;
    if (!parsed?.success) return { settings: DEFAULT_BROKER_SETTINGS, notice: `The embedded broker's settings in ${this.file} were unreadable, so the defaults apply; changing a setting replaces the file.` };
    const stored = parsed.data;
    const ports = brokerPortsSchema.safeParse({ mqttPort: stored.mqttPort, wsPort: stored.wsPort });
    return {
      settings: {
        ...(ports.success ? { ports: ports.data } : {}),
        persist: stored.persist ?? DEFAULT_BROKER_SETTINGS.persist,
        capture: stored.capture ?? DEFAULT_BROKER_SETTINGS.capture,
        lan: stored.lan ?? DEFAULT_BROKER_SETTINGS.lan,
        access: stored.access ?? DEFAULT_BROKER_ACCESS,
        tls: stored.tls ?? DEFAULT_BROKER_TLS,
      },
    };
  }

  save(settings: BrokerSettings): Promise<void> {
    const { ports, ...rest } = settings;
    return writeFileAtomic(this.file, `${JSON.stringify({ ...ports, ...rest }, null, 2)}\n`);
  }
}
