import { MqttClient, type IClientOptions, type IConnackPacket, type IPublishPacket } from 'mqtt';
import { randomClientId, type ConnectionProfile } from '../../shared/domain/profile';
import { Framer } from '../../shared/inspector/packets/framer';
import { connectOptions } from './connectOptions';

const PUBLISH = 3;
import { openSocket } from './socketFactory';
import type { PreparedTls } from './tls/prepareTls';

export type ProbeOptions = Partial<Pick<ConnectionProfile, 'clientId' | 'clean' | 'protocolVersion' | 'sessionExpiryInterval' | 'will' | 'connectProperties'>> & {
  /** MQTT.js options on top (e.g. customHandleAcks), for probes that need them. */
  client?: Partial<IClientOptions>;
  /**
   * Each PUBLISH as it arrives, in wire order (MQTT.js emits a QoS 2 message only at its PUBREL),
   * listened to from before CONNECT: a resumed session's queued messages may follow CONNACK at once.
   */
  onPublish?(packet: IPublishPacket): void;
  /**
   * Each PUBLISH frame as it crosses the socket, before MQTT.js sees it: what a broker sent even
   * when MQTT.js would refuse it or is still busy with an earlier packet.
   */
  onWirePublish?(bytes: Uint8Array): void;
};

/**
 * A short-lived extra client to the connection's broker, with its credentials and TLS but its own
 * client id (unless given), a clean session and no will unless asked: for checks that must not
 * touch the user's own session. Resolves with the CONNACK; rejects with the broker's refusal.
 */
export async function connectProbe(profile: ConnectionProfile, tls: PreparedTls | undefined, options: ProbeOptions = {}): Promise<{ client: MqttClient; connack: IConnackPacket }> {
  const { client: extra, onPublish, onWirePublish, ...overrides } = options;
  const { will: _userWill, ...withoutWill } = profile;
  const probe: ConnectionProfile = { ...withoutWill, clientId: randomClientId(), clean: true, sessionExpiryInterval: 0, ...overrides };
  const framer = onWirePublish ? new Framer() : undefined;
  const observer = {
    onSend: () => undefined,
    onReceive: (chunk: Uint8Array, read: (bytes: Uint8Array) => void) => {
      for (const frame of framer?.push(chunk) ?? []) if ((frame.bytes[0] ?? 0) >> 4 === PUBLISH) onWirePublish?.(frame.bytes);
      read(chunk);
    },
  };
  const client = new MqttClient(() => openSocket(probe, tls, observer), { ...connectOptions(probe), reconnectPeriod: 0, ...extra });
  if (onPublish) client.on('packetreceive', (packet) => packet.cmd === 'publish' && onPublish(packet));
  try {
    const connack = await new Promise<IConnackPacket>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
      client.once('close', () => reject(new Error(`the connection to ${profile.host}:${profile.port} closed before CONNACK`)));
    });
    return { client, connack };
  } catch (error) {
    client.end(true);
    throw error;
  }
}
