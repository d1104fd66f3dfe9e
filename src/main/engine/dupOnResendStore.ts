import { Store } from 'mqtt';
import type { Packet } from 'mqtt-packet';

type DoneCallback = (error?: Error) => void;

/**
 * MQTT.js's outgoing store, except that what it keeps for a resend is marked as a re-delivery.
 * MQTT.js replays in-flight QoS 1/2 PUBLISH packets after a reconnect with DUP=0, which the spec
 * forbids: the DUP flag "MUST be set to 1 … when it attempts to re-deliver a PUBLISH packet"
 * [MQTT-3.3.1-1]. MQTT.js stores its own copy of each PUBLISH before writing the original, so
 * marking the stored copy leaves the first transmission at DUP=0. This relies on sessions never
 * publishing while disconnected (MQTT.js would otherwise store a never-sent packet here).
 * PUBREL has no DUP flag and is kept as it is.
 */
export class DupOnResendStore extends Store {
  override put(packet: Packet, cb: DoneCallback): this {
    const stored = packet.cmd === 'publish' && packet.qos > 0 ? { ...packet, dup: true } : packet;
    return super.put(stored, cb);
  }
}
