import type { ProtocolVersion } from '../../shared/domain/profile';
import { ProtocolGuard } from '../../shared/inspector/protocolGuard';
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
}

/**
 * The byte-level observer of one network connection: frames both directions once, hands every
 * packet to the tap, and lets the MQTT client read only the bytes before a violation.
 */
export function guardSocket(protocolVersion: ProtocolVersion, tap: PacketObserver | undefined, events: SocketGuardEvents): WireObserver {
  // Without a tap a frame is dropped as soon as it is judged, so a view of the chunk will do.
  const guard = new ProtocolGuard(protocolVersion, tap?.keep ?? ((view) => view));
  return {
    onSend: (chunk) => {
      const frames = guard.sent(chunk);
      if (!tap) return;
      const time = preciseNow();
      for (const frame of frames) tap.onPacket('out', frame, time);
    },
    onReceive: (chunk) => {
      const time = preciseNow();
      events.onChunk(time);
      const { frames, accepted, violation } = guard.received(chunk);
      let violationNo: number | undefined;
      for (const frame of frames) {
        const no = tap?.onPacket('in', frame, time);
        if (frame.violation) violationNo = no;
      }
      if (violation) events.onViolation(violation, guard.protocolVersion, violationNo);
      return accepted;
    },
    onEndpoints: (endpoints) => tap?.onEndpoints(endpoints),
  };
}
