import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import { brokerPortsSchema, type BrokerPorts, type BrokerStatus } from '../domain/broker';
import { aclRuleSchema, brokerUserInputSchema, originSchema, usernameSchema, type BrokerUserInput } from '../domain/brokerAccess';
import { brokerTlsSettingsSchema } from '../domain/brokerTls';
import { retainedQuerySchema, type BrokerDashboard, type BrokerSettingsView, type RetainedDetail, type RetainedPage, type RetainedQuery } from '../domain/brokerDashboard';

export const brokerSettingsPatchSchema = z
  .object({
    persist: z.boolean(),
    capture: z.boolean(),
    lan: z.boolean(),
    anonymous: z.boolean(),
    restrictTopics: z.boolean(),
    patterns: z.array(aclRuleSchema).max(1000, 'At most 1,000 patterns'),
    allowedOrigins: z.array(originSchema).max(100, 'At most 100 origins'),
    tls: brokerTlsSettingsSchema,
  })
  .partial()
  .strict();
export type BrokerSettingsPatch = z.infer<typeof brokerSettingsPatchSchema>;

/** The three files a mosquitto setup needs, as text. */
export type MosquittoExport = { 'mosquitto.conf': string; passwd: string; acl: string };

export interface BrokerService {
  status(): Promise<BrokerStatus>;
  start(): Promise<BrokerStatus>;
  stop(): Promise<BrokerStatus>;
  /** The ports the broker listens on when started (chosen, or the defaults). */
  ports(): Promise<BrokerPorts & { chosen: boolean }>;
  /**
   * Keeps these ports (remembered across restarts) and (re)starts the broker on them. A port
   * another program holds stops it with that port named and a free one offered, never moved.
   */
  usePorts(ports: BrokerPorts): Promise<BrokerStatus>;
  settingsView(): Promise<BrokerSettingsView>;
  /** Saved at once; a change of what is kept or where it listens restarts a running broker. */
  updateSettings(patch: BrokerSettingsPatch): Promise<BrokerSettingsView>;
  /** Adds or replaces a user; the password is hashed at once and never kept (absent: unchanged). */
  saveUser(user: BrokerUserInput): Promise<BrokerSettingsView>;
  removeUser(username: string): Promise<BrokerSettingsView>;
  exportMosquitto(): Promise<MosquittoExport>;
  /** The PEM certificate the TLS listeners present, for devices that verify it. */
  tlsCertificate(): Promise<string | undefined>;
  dashboard(): Promise<BrokerDashboard>;
  disconnectClient(clientId: string): Promise<void>;
  retained(query: RetainedQuery): Promise<RetainedPage>;
  retainedMessage(topic: string): Promise<RetainedDetail | undefined>;
  deleteRetained(topic: string): Promise<void>;
  onDidChangeStatus: Event<BrokerStatus>;
}

const clientId = z.string().max(65_535);
const topic = z.string().min(1).max(65_535);

export const brokerService = defineService<BrokerService>({
  name: 'broker',
  calls: {
    status: z.tuple([]),
    start: z.tuple([]),
    stop: z.tuple([]),
    ports: z.tuple([]),
    usePorts: z.tuple([brokerPortsSchema]),
    settingsView: z.tuple([]),
    updateSettings: z.tuple([brokerSettingsPatchSchema]),
    saveUser: z.tuple([brokerUserInputSchema]),
    removeUser: z.tuple([usernameSchema]),
    exportMosquitto: z.tuple([]),
    tlsCertificate: z.tuple([]),
    dashboard: z.tuple([]),
    disconnectClient: z.tuple([clientId]),
    retained: z.tuple([retainedQuerySchema]),
    retainedMessage: z.tuple([topic]),
    deleteRetained: z.tuple([topic]),
  },
  events: ['onDidChangeStatus'],
});
