import path from 'node:path';
import { MessagesManager } from './engine/messagesManager';
import { StoreLimitsFile } from './store/storeLimitsFile';
import type { BrokerStatus } from '../shared/domain/broker';
import { DEFAULT_PROFILE, randomClientId } from '../shared/domain/profile';
import { EmbeddedBroker, type EmbeddedBrokerOptions } from './broker/embeddedBroker';
import { ConnectionRegistry } from './engine/connectionRegistry';
import { ServiceHost } from './transport/serviceHost';
import { Inspector } from './inspector/inspector';
import { DesktopHost } from './desktop/desktopHost';
import { ProfilesManager } from './profiles/profilesManager';
import type { SecretStore } from './store/secretStore';
import { HistoryFolder } from './store/durable/historyFolder';
import { BrokerSettingsFile } from './broker/brokerSettingsFile';

export type AppOptions = {
  /** Where saved connections live (Electron: userData; browser mode: --data-dir). */
  dataDir: string;
  broker?: EmbeddedBrokerOptions & { autoStart?: boolean };
};

/**
 * Everything both entries (Electron and browser mode) share: the engine, the embedded broker,
 * and the service host that transports hand their frames to.
 */
export class QoScopeApp {
  readonly broker: EmbeddedBroker;
  readonly inspector = new Inspector();
  readonly connections: ConnectionRegistry;
  readonly messages: MessagesManager;
  readonly host = new ServiceHost();
  /** Menu commands and the theme choice between the desktop shell and the UI. */
  readonly desktop = new DesktopHost();
  private readonly storeLimits: StoreLimitsFile;
  private readonly brokerSettings: BrokerSettingsFile;

  readonly profiles: ProfilesManager;

  constructor(private readonly options: AppOptions) {
    this.brokerSettings = new BrokerSettingsFile(options.dataDir);
    this.broker = new EmbeddedBroker({
      // Kept across restarts unless the caller says where (or that it should not be).
      stateFile: path.join(options.dataDir, 'broker', 'state.journal'),
      ...options.broker,
      remember: (settings) => this.brokerSettings.save(settings),
      captureSink: this.inspector,
    });
    this.connections = new ConnectionRegistry(this.inspector, new HistoryFolder(options.dataDir));
    this.storeLimits = new StoreLimitsFile(options.dataDir);
    this.messages = new MessagesManager(this.connections, (limits) => this.storeLimits.save(limits));
    this.profiles = new ProfilesManager(options.dataDir, this.connections, this.broker);
    this.host.registerAll({
      profiles: this.profiles,
      connections: this.connections,
      messages: this.messages,
      broker: this.broker,
      inspector: this.inspector,
      desktop: this.desktop,
    });
    this.broker.onDidChangeStatus((status) => void this.followBroker(status));
  }

  /** `electronSecrets`: Electron's safeStorage, when the desktop app has it. */
  async start(electronSecrets?: SecretStore): Promise<BrokerStatus> {
    const storeLimits = await this.storeLimits.load();
    this.connections.setStoreLimits(storeLimits.limits);
    const brokerSettings = await this.brokerSettings.load();
    this.broker.adoptSettings(brokerSettings.settings);
    // Ports given on the command line win over the ones chosen in the app before.
    const exact = this.options.broker?.exact;
    if (brokerSettings.settings.ports && !exact?.mqtt && !exact?.ws) this.broker.adoptPorts(brokerSettings.settings.ports);
    const notices = [storeLimits.notice, brokerSettings.notice].filter((notice): notice is string => notice !== undefined);
    // The broker starts while the connections load: devices waiting for it (and a broker with a
    // large saved state to read back) are not kept waiting for the keychain.
    const broker = this.options.broker?.autoStart === false ? this.broker.status() : this.broker.start();
    await this.profiles.load(electronSecrets, notices);
    await this.ensureEmbeddedConnection();
    const status = await broker;
    // Its status may have changed before the embedded connection existed to follow it.
    await this.followBroker(status);
    return status;
  }

  async dispose(): Promise<void> {
    this.messages.dispose();
    await this.connections.dispose();
    await this.profiles.flush();
    this.inspector.dispose();
    await this.broker.stop();
  }

  /** First run: a ready-made connection to the embedded broker, so there is something to click. */
  private async ensureEmbeddedConnection(): Promise<void> {
    if (this.connections.findPreset('embedded')) return;
    await this.connections.create(
      { ...DEFAULT_PROFILE, name: 'Embedded broker', clientId: randomClientId(), port: (await this.broker.ports()).mqttPort || 1883 },
      'embedded',
    );
  }

  /** The broker may have moved to the next free port; keep its connection pointing at it. */
  private async followBroker(status: BrokerStatus): Promise<void> {
    if (status.state !== 'running') return;
    const preset = this.connections.findPreset('embedded');
    if (!preset || preset.profile.port === status.mqttPort && preset.profile.host === status.host) return;
    const { hasPassword: _hasPassword, hasPassphrase: _hasPassphrase, ...profile } = preset.profile;
    await this.connections.update(preset.id, { ...profile, host: status.host, port: status.mqttPort });
  }
}
