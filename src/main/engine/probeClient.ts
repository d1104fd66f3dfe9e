import { MqttClient, type IClientOptions, type IConnackPacket, type IPublishPacket } from 'mqtt';
import { randomClientId, type ConnectionProfile } from '../../shared/domain/profile';
import { Framer } from '../../shared/inspector/packets/framer';
import { ProtocolGuard } from '../../shared/inspector/protocolGuard';
import { preciseNow } from '../timing/clock';
import type { PacketObserver, WireObserver } from '../wire/wireObservers';
import { connectOptions } from './connectOptions';
import { openSocket } from './socketFactory';
import type { PreparedTls } from './tls/prepareTls';

const PUBLISH = 3;

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
  /**
   * Sees every packet of the probe's connection, framed and judged as the inspector does, but
   * withholds nothing from MQTT.js: a check must see what a broker does wrong, not stop at it.
   */
  tap?: PacketObserver;
};

/**
 * A short-lived extra client to the connection's broker, with its credentials and TLS but its own
 * client id (unless given), a clean session and no will unless asked: for checks that must not
 * touch the user's own session. Resolves with the CONNACK; rejects with the broker's refusal.
 */
export async function connectProbe(profile: ConnectionProfile, tls: PreparedTls | undefined, options: ProbeOptions = {}): Promise<{ client: MqttClient; connack: IConnackPacket }> {
  const { client: extra, onPublish, onWirePublish, tap, ...overrides } = options;
  const { will: _userWill, ...withoutWill } = profile;
  const probe: ConnectionProfile = { ...withoutWill, clientId: randomClientId(), clean: true, sessionExpiryInterval: 0, ...overrides };
  const framer = onWirePublish ? new Framer() : undefined;
  const guard = tap ? new ProtocolGuard(probe.protocolVersion, tap.keep) : undefined;
  const observer: WireObserver = {
    onSend: (chunk) => {
      if (!guard || !tap) return;
      const time = preciseNow();
      for (const frame of guard.sent(chunk)) tap.onPacket('out', frame, time);
    },
    onReceive: (chunk, read) => {
      if (guard && tap) {
        const time = preciseNow();
        for (const frame of guard.received(chunk).frames) tap.onPacket('in', frame, time);
      }
      for (const frame of framer?.push(chunk) ?? []) if ((frame.bytes[0] ?? 0) >> 4 === PUBLISH) onWirePublish?.(frame.bytes);
      read(chunk);
    },
    onEndpoints: (endpoints) => tap?.onEndpoints(endpoints),
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
