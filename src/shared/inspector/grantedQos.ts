/**
 * The QoS the broker granted each subscription of one connection, read from the SUBSCRIBE and
 * SUBACK packets the capture sees, so a PUBLISH delivered at a higher QoS than any matching
 * subscription was granted can be flagged: the broker must send at the lower of the published QoS
 * and the granted one (3.1.1 §3.8.4, 5.0 §3.8.4). Only what the capture saw is known; a filter
 * granted before the capture began is not, and a PUBLISH that matches none is not judged.
 */
import type { ProtocolVersion } from '../domain/profile';
import { topicMatchesFilter } from '../mqtt/topic';
import { utf8DecodeStrict } from '../payload/utf8';

const SUBSCRIBE = 8;
const SUBACK = 9;
const UNSUBSCRIBE = 10;

export class GrantedQos {
  /** SUBSCRIBEs not yet answered: packet id → their filters, in order. */
  private readonly asked = new Map<number, string[]>();
  /** Filter → the QoS granted for it. */
  private readonly granted = new Map<string, 0 | 1 | 2>();

  /** A packet the client sent. */
  sent(bytes: Uint8Array, version: ProtocolVersion): void {
    const type = (bytes[0] ?? 0) >> 4;
    if (type !== SUBSCRIBE && type !== UNSUBSCRIBE) return;
    const read = afterPacketId(bytes, version);
    if (!read) return;
    const filters: string[] = [];
    let at = read.at;
    while (at + 2 <= bytes.length) {
      const length = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
      if (at + 2 + length > bytes.length) return;
      const filter = utf8DecodeStrict(bytes.subarray(at + 2, at + 2 + length));
      // A filter that is not UTF-8 is the decoder's to report; its grant is not tracked.
      if (filter === null) return;
      filters.push(filter);
      // A SUBSCRIBE has an options byte after each filter; an UNSUBSCRIBE has none.
      at += 2 + length + (type === SUBSCRIBE ? 1 : 0);
    }
    if (type === SUBSCRIBE) this.asked.set(read.packetId, filters);
    else for (const filter of filters) this.granted.delete(filter);
  }

  /** A packet from the broker: a SUBACK is recorded; a PUBLISH above its grant returns the problem. */
  received(bytes: Uint8Array, version: ProtocolVersion, topic: string | undefined, qos: 0 | 1 | 2 | undefined): string | undefined {
    const type = (bytes[0] ?? 0) >> 4;
    if (type === SUBACK) {
      this.recordGrants(bytes, version);
      return undefined;
    }
    if (topic === undefined || qos === undefined || qos === 0 || this.granted.size === 0) return undefined;
    let highest = -1;
    const matched: string[] = [];
    for (const [filter, grant] of this.granted) {
      if (!topicMatchesFilter(filter, topic)) continue;
      matched.push(filter);
      highest = Math.max(highest, grant);
    }
    if (highest < 0 || qos <= highest) return undefined;
    return (
      `Delivered at QoS ${qos}, above the QoS ${highest} the broker granted for ${matched.map((f) => `"${f}"`).join(', ')}: ` +
      'a broker sends each message at the lower of its published QoS and the granted QoS (MQTT 3.1.1 §3.8.4, 5.0 §3.8.4)'
    );
  }

  private recordGrants(bytes: Uint8Array, version: ProtocolVersion): void {
    const read = afterPacketId(bytes, version);
    if (!read) return;
    const filters = this.asked.get(read.packetId);
    if (!filters) return;
    this.asked.delete(read.packetId);
    filters.forEach((filter, i) => {
      const code = bytes[read.at + i];
      // 0, 1, 2 grant that QoS; 0x80 and above refuse the subscription.
      if (code === 0 || code === 1 || code === 2) this.granted.set(filter, code);
      else this.granted.delete(filter);
    });
  }
}

/** Where the payload of a packet with a packet id starts (past its properties in 5.0), and the id. */
function afterPacketId(bytes: Uint8Array, version: ProtocolVersion): { packetId: number; at: number } | undefined {
  let at = 1;
  while (at < 5 && ((bytes[at] ?? 0) & 0x80) !== 0) at += 1;
  at += 1;
  if (at + 2 > bytes.length) return undefined;
  const packetId = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  at += 2;
  if (version === 5) {
    let length = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at];
      if (byte === undefined || shift > 21) return undefined;
      at += 1;
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    at += length;
  }
  return at <= bytes.length ? { packetId, at } : undefined;
}
