import type { ProtocolVersion } from '../../shared/domain/profile';
import { ProtocolGuard } from '../../shared/inspector/protocolGuard';
import { plainPublish, RecentTopics, type PlainPublish } from '../../shared/inspector/quickSummary';
import type { Violation } from '../../shared/inspector/packets/types';
import { preciseNow } from '../timing/clock';
import type { PacketObserver, WireObserver } from '../wire/wireObservers';

export interface SocketGuardEvents {
  /** A chunk from the broker was read at `time`. */
  onChunk(time: number): void;
  /**
   * The broker sent a packet that obliges the client to close. Nothing from it on reaches the
   * client; closing is the caller's. `no` is the packet's number in the capture, if there is one.
   */
  onViolation(violation: Violation, protocolVersion: ProtocolVersion, no: number | undefined): void;
  /**
   * A plain QoS 0 PUBLISH (see plainPublish), taken here instead of by MQTT.js: such a packet
   * asks nothing of the client but to take the message, and parsing it twice cost the engine more
   * than all else it does per message. Without this handler every packet goes to MQTT.js.
   */
  onPlainPublish?(publish: PlainPublish, bytes: Uint8Array, time: number): void;
}

export type SocketGuardOptions = {
  /** The Maximum Packet Size the client announced: a larger packet is MQTT.js's to refuse. */
  maximumPacketSize?: number | undefined;
};

/**
 * The byte-level observer of one network connection: frames both directions once, hands every
 * packet to the tap, and lets the MQTT client read only whole packets from before a violation
 * (less the plain QoS 0 PUBLISHes the engine takes itself, when it asks for them).
 */
export function guardSocket(protocolVersion: ProtocolVersion, tap: PacketObserver | undefined, events: SocketGuardEvents, options: SocketGuardOptions = {}): WireObserver {
  // Without a tap a frame is dropped as soon as it is judged, so a view of the chunk will do.
  const guard = new ProtocolGuard(protocolVersion, tap?.keep ?? ((view) => view), { sentOnlyWhatIsJudged: !tap });
  const takePlain = events.onPlainPublish?.bind(events);
  const limit = options.maximumPacketSize ?? Infinity;
  const topics = new RecentTopics();
  const takeable = (bytes: Uint8Array, version: ProtocolVersion) => (bytes.length <= limit ? plainPublish(bytes, version, topics) : undefined);
  return {
    onSend: (chunk) => {
      const frames = guard.sent(chunk);
      if (!tap) return;
      const time = preciseNow();
      for (const frame of frames) tap.onPacket('out', frame, time);
    },
    onReceive: (chunk, read) => {
      const time = preciseNow();
      events.onChunk(time);
      const { frames, accepted, firstFrameAt, violation } = guard.received(chunk);
      // Whole packets go to the client one at a time, in wire order: MQTT.js handles the first
      // packet of each read at once and any further ones on later ticks, so a packet at a time
      // keeps its messages in order with the plain ones taken here.
      let at = firstFrameAt;
      let violationNo: number | undefined;
      for (const frame of frames) {
        const no = tap?.onPacket('in', frame, time);
        if (frame.violation) violationNo = no;
        const end = at + frame.bytes.length;
        // Past `accepted`: a packet that broke the protocol, or one after it, withheld.
        if (end <= accepted) {
          const plain = takePlain && takeable(frame.bytes, frame.protocolVersion);
          if (plain) takePlain(plain, frame.bytes, time);
          // A packet that began in an earlier chunk is read as the frame the framer put together.
          else read(at < 0 ? frame.bytes : chunk.subarray(at, end));
        }
        at = end;
      }
      if (violation) events.onViolation(violation, guard.protocolVersion, violationNo);
    },
    onEndpoints: (endpoints) => tap?.onEndpoints(endpoints),
  };
}
