/**
 * One network connection's packets, framed once in each direction, and the first packet from the
 * server that obliges the client to close the connection (3.1.1 §4.8, 5.0 §4.13). The decoder
 * says what is wrong with a packet on its own (decodePacket's `closes`); this adds what only the
 * connection shows: a packet only clients send, an ack for a request never made. The engine uses
 * the verdict to keep the bad bytes from its MQTT client; the capture records the same frames.
 */
import type { ProtocolVersion } from '../domain/profile';
import { connectProtocolVersion, decodePacket } from './packets/decodePacket';
import { Framer, type Frame, type FrameStore } from './packets/framer';
import * as spec from './protocolChecks';
import { isOrdinary } from './quickSummary';
import { PACKET_TYPES, type PacketSummary, type PacketTypeName, type Violation } from './packets/types';

/** A frame, the version it was read by, and what the guard learned about it. */
export type GuardedFrame = Frame & {
  protocolVersion: ProtocolVersion;
  /** Present when the guard had to look inside the packet; later readers can reuse it. */
  summary?: PacketSummary;
  violation?: Violation;
};

export type Received = {
  frames: GuardedFrame[];
  /**
   * How many leading bytes of the chunk the client may read: all of them, or those before the
   * offending packet (none once a violation was found, since nothing after it can be trusted).
   */
  accepted: number;
  /**
   * Where the first frame starts in the chunk: negative when it began in an earlier chunk. The
   * frames are consecutive, so this places every one of them.
   */
  firstFrameAt: number;
  /** The violation found in this chunk, if any. */
  violation?: Violation;
};

const SUBSCRIBE = 8;
const UNSUBSCRIBE = 10;
const CONNECT = 1;
const NOTHING_SENT: readonly GuardedFrame[] = Object.freeze([]);
const judgedWhenSent = (firstByte: number) => {
  const type = firstByte >> 4;
  return type === CONNECT || type === SUBSCRIBE || type === UNSUBSCRIBE;
};
const CLIENT_ONLY: ReadonlySet<PacketTypeName> = new Set(['CONNECT', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PINGREQ']);

export class ProtocolGuard {
  private readonly outgoing: Framer;
  private readonly incoming: Framer;
  /** Requests sent and not yet answered: packet id → the ack that answers it. */
  private readonly awaiting = new Map<number, 'SUBACK' | 'UNSUBACK'>();
  /** Bytes received so far, and where the next incoming frame starts, both counted from the first byte. */
  private receivedBytes = 0;
  private framedBytes = 0;
  private violated = false;

  /**
   * `store` keeps a frame that arrived whole inside one chunk (see Framer). With
   * `sentOnlyWhatIsJudged`, `sent` returns only the packets the guard itself reads (CONNECT for
   * the version, SUBSCRIBE and UNSUBSCRIBE for the acks they await): a client publishing a flood
   * with nobody capturing it then pays no copy per PUBLISH.
   */
  constructor(
    private version: ProtocolVersion,
    store?: FrameStore,
    options: { sentOnlyWhatIsJudged?: boolean } = {},
  ) {
    this.outgoing = new Framer(store, options.sentOnlyWhatIsJudged ? judgedWhenSent : undefined);
    this.incoming = new Framer(store);
  }

  /** The protocol version in use: the profile's until the client's CONNECT says otherwise. */
  get protocolVersion(): ProtocolVersion {
    return this.version;
  }

  sent(chunk: Uint8Array): readonly GuardedFrame[] {
    const frames = this.outgoing.push(chunk);
    if (frames.length === 0) return NOTHING_SENT;
    return frames.map((frame) => {
      this.version = connectProtocolVersion(frame.bytes) ?? this.version;
      const guarded = withVersion(frame, this.version);
      const type = (frame.bytes[0] ?? 0) >> 4;
      if (!frame.malformed && (type === SUBSCRIBE || type === UNSUBSCRIBE)) {
        const summary = decodePacket(frame.bytes, { protocolVersion: this.version, direction: 'out' });
        guarded.summary = summary;
        if (summary.packetId !== undefined) this.awaiting.set(summary.packetId, type === SUBSCRIBE ? 'SUBACK' : 'UNSUBACK');
      }
      return guarded;
    });
  }

  received(chunk: Uint8Array): Received {
    const chunkStart = this.receivedBytes;
    this.receivedBytes += chunk.length;
    let accepted = this.violated ? 0 : chunk.length;
    const firstFrameAt = this.framedBytes - chunkStart;
    let found: Violation | undefined;
    const frames = this.incoming.push(chunk).map((frame) => {
      const guarded = withVersion(frame, this.version);
      if (!this.violated) {
        this.judge(guarded);
        if (guarded.violation) {
          this.violated = true;
          found = guarded.violation;
          accepted = Math.max(0, this.framedBytes - chunkStart);
        }
      }
      this.framedBytes += frame.bytes.length;
      return guarded;
    });
    return found ? { frames, accepted, firstFrameAt, violation: found } : { frames, accepted, firstFrameAt };
  }

  private judge(frame: GuardedFrame): void {
    const { bytes } = frame;
    if (frame.malformed) {
      frame.violation = { type: PACKET_TYPES[(bytes[0] ?? 0) >> 4] ?? 'RESERVED', reasonCode: 0x81, problem: frame.malformed };
      return;
    }
    // The common case is checked without decoding: a packet quickSummary would answer for.
    if (isOrdinary(bytes, this.version)) {
      const type = PACKET_TYPES[(bytes[0] ?? 0) >> 4] ?? 'RESERVED';
      if (CLIENT_ONLY.has(type)) frame.violation = { type, reasonCode: 0x82, problem: spec.clientOnlyPacket(type) };
      return;
    }
    const summary = decodePacket(bytes, { protocolVersion: this.version, direction: 'in' });
    frame.summary = summary;
    const { type, packetId } = summary;
    if (summary.closes) {
      frame.violation = { type, ...summary.closes };
      return;
    }
    if (CLIENT_ONLY.has(type)) {
      frame.violation = { type, reasonCode: 0x82, problem: spec.clientOnlyPacket(type) };
    } else if ((type === 'SUBACK' || type === 'UNSUBACK') && packetId !== undefined) {
      if (this.awaiting.get(packetId) === type) this.awaiting.delete(packetId);
      else frame.violation = { type, reasonCode: 0x82, problem: spec.unsolicitedAck(type, packetId, this.version) };
    }
  }
}

// An object literal of a fixed shape: this runs once per packet of a firehose.
function withVersion(frame: Frame, protocolVersion: ProtocolVersion): GuardedFrame {
  return frame.malformed === undefined
    ? { bytes: frame.bytes, protocolVersion }
    : { bytes: frame.bytes, malformed: frame.malformed, protocolVersion };
}
