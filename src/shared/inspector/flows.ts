/**
 * The flow linker: joins the packets of one exchange (PUBLISH → PUBACK, the four QoS 2 steps,
 * CONNECT → CONNACK, SUBSCRIBE → SUBACK, UNSUBSCRIBE → UNSUBACK, PINGREQ → PINGRESP) into a
 * flow, and reports the protocol problems that only show across packets. It consumes decoded
 * summaries one at a time, in capture order, at O(1) amortised cost per packet.
 */
import type { ProtocolVersion } from '../domain/profile';
import * as spec from './protocolChecks';
import type { Direction, PacketSummary, PacketTypeName } from './packets/types';

export type LinkInput = {
  no: number;
  /** From QoScope's side: 'out' = our client sent it, 'in' = the broker sent it. */
  direction: Direction;
  time: number;
  /** Which network connection of the session; a higher number means the previous one closed. */
  socket: number;
  summary: PacketSummary;
  /** The version the connection speaks; picks the clause cited and enables 5.0-only checks. */
  protocolVersion?: ProtocolVersion;
};

export type FlowKind = 'qos1' | 'qos2' | 'connect' | 'subscribe' | 'unsubscribe' | 'ping';

export type FlowStep = {
  no: number;
  type: PacketTypeName;
  direction: Direction;
  time: number;
  /** Set when the step repeats an earlier one, e.g. "resent (DUP=1)". */
  note?: string;
};

export type Flow = {
  id: number;
  kind: FlowKind;
  /** Who sent the first packet (PUBLISH out = we publish; in = the broker delivers). */
  initiator: Direction;
  packetId?: number;
  topic?: string;
  steps: FlowStep[];
  status: 'complete' | 'pending' | 'broken';
  /** Why broken (e.g. "PUBREC reason 0x80 …", "connection closed before PUBCOMP"), or what it waits for ("waiting for PUBREL"). */
  note?: string;
  problems: string[];
};

export type FlowUpdate = {
  /** The flow the packet joined or started; absent for packets outside any exchange (QoS 0, DISCONNECT). */
  flowId?: number;
  created: boolean;
  /** Cross-packet problems found at this packet (also kept on its flow). */
  problems: string[];
};

/** How long a pending flow has waited since its last step, in ms; 0 once it has ended. */
export function pendingFor(flow: Flow, now: number): number {
  const last = flow.steps[flow.steps.length - 1];
  if (flow.status !== 'pending' || !last) return 0;
  return Math.max(0, now - last.time);
}

/** Bookkeeping for a flow that can still take steps. */
type Open = {
  flow: Flow;
  /** The packet the exchange needs next. */
  expect: PacketTypeName;
  /** Socket of the latest step: an exchange with nothing on the current socket was carried over. */
  socket: number;
  /** Sockets that carried this exchange's latest PUBLISH and PUBREL: 5.0 allows one of each per connection. */
  publishedOn?: number;
  releasedOn?: number;
  /** A failure reported mid-exchange (PUBREL 0x92) that decides how it ends. */
  failure?: string;
};

type Ack = 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP' | 'SUBACK' | 'UNSUBACK';

const other = (direction: Direction): Direction => (direction === 'in' ? 'out' : 'in');

/**
 * Packet ids are per sender, so the key is the initiator plus the id. PUBLISH and
 * SUBSCRIBE/UNSUBSCRIBE share one id space [MQTT-2.2.1-3] but live under separate keys, so an
 * ack still finds its own exchange when a sender wrongly reuses an id across the two.
 */
function idKey(family: 'publish' | 'request', initiator: Direction, id: number): number {
  return (family === 'request' ? 0x20000 : 0) + (initiator === 'in' ? 0x10000 : 0) + id;
}

const ACK_OF: Record<Ack, { family: 'publish' | 'request'; bySender: boolean }> = {
  PUBACK: { family: 'publish', bySender: false },
  PUBREC: { family: 'publish', bySender: false },
  // The only ack sent by the side that sent the PUBLISH.
  PUBREL: { family: 'publish', bySender: true },
  PUBCOMP: { family: 'publish', bySender: false },
  SUBACK: { family: 'request', bySender: false },
  UNSUBACK: { family: 'request', bySender: false },
};

export class FlowTracker {
  private readonly all: Flow[] = [];
  private readonly byPacket = new Map<number, Flow>();
  private readonly byId = new Map<number, Open>();
  /** Exchanges that die with their connection: CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ. */
  private readonly connectionScoped = new Set<Open>();
  private socket = 0;
  private connect: Open | undefined;
  private connectSeen = false;
  private pings: Open[] = [];
  private pingHead = 0;

  add(packet: LinkInput): FlowUpdate {
    if (packet.socket > this.socket) this.newConnection(packet.socket);
    const problems: string[] = [];
    const joined = this.link(packet, problems);
    if (joined) {
      joined.flow.problems.push(...problems);
      this.byPacket.set(packet.no, joined.flow);
    }
    return { ...(joined ? { flowId: joined.flow.id } : {}), created: joined?.created ?? false, problems };
  }

  /** Every flow, oldest first. The array and its flows are live: read, do not change. */
  flows(): readonly Flow[] {
    return this.all;
  }

  flow(id: number): Flow | undefined {
    return this.all[id - 1];
  }

  /** The flow a packet took part in; each packet joins at most one. */
  flowOf(no: number): Flow | undefined {
    return this.byPacket.get(no);
  }

  private link(packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const type = packet.summary.type;
    switch (type) {
      case 'PUBLISH':
        return this.publish(packet, problems);
      case 'PUBACK':
      case 'PUBREC':
      case 'PUBREL':
      case 'PUBCOMP':
      case 'SUBACK':
      case 'UNSUBACK':
        return this.ack(type, packet, problems);
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        return this.request(type, packet, problems);
      case 'CONNECT':
        return this.connectPacket(packet, problems);
      case 'CONNACK':
        return this.connack(packet, problems);
      case 'AUTH':
        // 5.0 enhanced authentication between CONNECT and CONNACK belongs to the handshake.
        return this.connect?.flow.status === 'pending' ? this.join(this.connect, packet) : undefined;
      case 'PINGREQ':
        return this.pingreq(packet);
      case 'PINGRESP':
        return this.pingresp(packet, problems);
      case 'DISCONNECT':
        this.connectionEnding();
        return undefined;
      default:
        return undefined;
    }
  }

  private publish(packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const { summary: s, direction, protocolVersion: version } = packet;
    if (!s.qos || s.packetId === undefined) return undefined;
    const id = s.packetId;
    const key = idKey('publish', direction, id);
    const prior = this.byId.get(key);
    if (prior) {
      const qos = prior.flow.kind === 'qos2' ? 2 : 1;
      if (spec.isRetransmission({ qos, ...(prior.flow.topic ? { topic: prior.flow.topic } : {}) }, s)) {
        return this.resend(prior, packet, problems);
      }
      if (prior.socket < packet.socket) {
        // Nothing of the old exchange was resent on this connection and the id now starts a
        // different message: the session was not resumed (Clean Start), which frees every id.
        this.close(prior, 'broken', `not resumed after reconnecting: packet id ${id} started a new message (#${packet.no})`);
      } else {
        problems.push(spec.idReused(id, direction, version));
        this.close(prior, 'broken', `packet id ${id} was reused by #${packet.no} before this exchange finished`);
      }
    } else if (this.byId.has(idKey('request', direction, id))) {
      problems.push(spec.idReused(id, direction, version));
    }
    const open = this.start(packet, s.qos === 2 ? 'qos2' : 'qos1', s.qos === 2 ? 'PUBREC' : 'PUBACK', key);
    open.publishedOn = packet.socket;
    return { flow: open.flow, created: true };
  }

  private resend(open: Open, packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } {
    if (!packet.summary.dup) problems.push(spec.resentWithoutDup());
    if (packet.protocolVersion === 5 && open.publishedOn === packet.socket) problems.push(spec.resentOnSameConnection('PUBLISH'));
    if (open.expect === 'PUBCOMP') problems.push(spec.publishAfterPubrel(packet.protocolVersion));
    open.publishedOn = packet.socket;
    if (!open.flow.topic && packet.summary.topic) open.flow.topic = packet.summary.topic;
    return this.join(open, packet, packet.summary.dup ? 'resent (DUP=1)' : 'resent');
  }

  private ack(type: Ack, packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const { summary: s, protocolVersion: version } = packet;
    if (s.packetId === undefined) return undefined;
    const id = s.packetId;
    const { family, bySender } = ACK_OF[type];
    const initiator = bySender ? packet.direction : other(packet.direction);
    const key = idKey(family, initiator, id);
    const open = this.byId.get(key);
    if (!open) {
      problems.push(spec.unknownId(type, id));
      if (type !== 'PUBREL') return undefined;
      // A PUBREL still demands a PUBCOMP [MQTT-4.3.3-11], so follow it as a QoS 2 exchange
      // (typically one begun before the capture, on a resumed session).
      const orphan = this.start(packet, 'qos2', 'PUBCOMP', key);
      orphan.releasedOn = packet.socket;
      return { flow: orphan.flow, created: true };
    }
    const kind = open.flow.kind;
    const failure = spec.isFailureCode(s.reasonCode) ? spec.failedAck(type, s.reasonCode) : undefined;

    if (type === 'PUBACK' && kind === 'qos1') {
      this.join(open, packet);
      this.close(open, failure ? 'broken' : 'complete', failure);
    } else if (type === 'PUBREC' && kind === 'qos2') {
      if (open.expect !== 'PUBREC') return this.join(open, packet, 'PUBREC again (answers a resent PUBLISH) [MQTT-4.3.3-10]');
      this.join(open, packet);
      if (failure) this.close(open, 'broken', failure);
      else this.wait(open, 'PUBREL');
    } else if (type === 'PUBREL' && kind === 'qos2') {
      let note: string | undefined;
      if (open.expect === 'PUBREC') problems.push(spec.pubrelBeforePubrec(id, version));
      if (open.releasedOn !== undefined) {
        note = 'resent';
        if (version === 5 && open.releasedOn === packet.socket) problems.push(spec.resentOnSameConnection('PUBREL'));
      }
      open.releasedOn = packet.socket;
      if (failure) open.failure = failure;
      this.join(open, packet, note);
      this.wait(open, 'PUBCOMP');
    } else if (type === 'PUBCOMP' && kind === 'qos2') {
      this.join(open, packet);
      if (open.expect !== 'PUBCOMP') {
        const problem = spec.pubcompBeforePubrel(id, version);
        problems.push(problem);
        this.close(open, 'broken', problem);
      } else {
        const why = failure ?? open.failure;
        this.close(open, why ? 'broken' : 'complete', why);
      }
    } else if ((type === 'SUBACK' && kind === 'subscribe') || (type === 'UNSUBACK' && kind === 'unsubscribe')) {
      // Per-filter refusals in a SUBACK are the decoder's to show; the exchange itself is done.
      this.join(open, packet);
      this.close(open, 'complete');
    } else {
      problems.push(spec.unexpectedAck(type, id, open.expect));
      return this.join(open, packet);
    }
    return { flow: open.flow, created: false };
  }

  private request(type: 'SUBSCRIBE' | 'UNSUBSCRIBE', packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const { summary: s, direction } = packet;
    if (s.packetId === undefined) return undefined;
    const key = idKey('request', direction, s.packetId);
    const prior = this.byId.get(key);
    if (prior || this.byId.has(idKey('publish', direction, s.packetId))) {
      problems.push(spec.idReused(s.packetId, direction, packet.protocolVersion));
    }
    if (prior) this.close(prior, 'broken', `packet id ${s.packetId} was reused by #${packet.no} before this exchange finished`);
    const open = this.start(packet, type === 'SUBSCRIBE' ? 'subscribe' : 'unsubscribe', type === 'SUBSCRIBE' ? 'SUBACK' : 'UNSUBACK', key);
    this.connectionScoped.add(open);
    return { flow: open.flow, created: true };
  }

  private connectPacket(packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } {
    if (this.connectSeen) problems.push(spec.secondConnect());
    this.connectSeen = true;
    if (this.connect) this.close(this.connect, 'broken', `another CONNECT (#${packet.no}) followed before CONNACK`);
    this.connect = this.start(packet, 'connect', 'CONNACK');
    this.connectionScoped.add(this.connect);
    return { flow: this.connect.flow, created: true };
  }

  private connack(packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const open = this.connect;
    if (!open || open.flow.initiator === packet.direction) {
      problems.push(spec.unexpectedReply('CONNACK', 'CONNECT'));
      return undefined;
    }
    this.connect = undefined;
    this.join(open, packet);
    const refusal = spec.connackRefusal(packet.summary.reasonCode, packet.protocolVersion);
    this.close(open, refusal ? 'broken' : 'complete', refusal);
    return { flow: open.flow, created: false };
  }

  private pingreq(packet: LinkInput): { flow: Flow; created: boolean } {
    const open = this.start(packet, 'ping', 'PINGRESP');
    this.pings.push(open);
    this.connectionScoped.add(open);
    return { flow: open.flow, created: true };
  }

  /** PINGRESP carries no id: it answers the oldest unanswered PINGREQ. */
  private pingresp(packet: LinkInput, problems: string[]): { flow: Flow; created: boolean } | undefined {
    const open = this.pings[this.pingHead];
    if (!open || open.flow.initiator === packet.direction) {
      problems.push(spec.unexpectedReply('PINGRESP', 'PINGREQ'));
      return undefined;
    }
    this.pingHead += 1;
    if (this.pingHead === this.pings.length) {
      this.pings = [];
      this.pingHead = 0;
    }
    this.join(open, packet);
    this.close(open, 'complete');
    return { flow: open.flow, created: false };
  }

  /**
   * After a DISCONNECT the connection closes [MQTT-3.14.4-2], so its own exchanges show as
   * broken at once. They stay linkable until the next socket because a reply already on the
   * wire may still arrive, and then completes them.
   */
  private connectionEnding(): void {
    for (const open of this.connectionScoped) {
      if (open.flow.status !== 'pending') continue;
      open.flow.status = 'broken';
      open.flow.note = spec.connectionClosedBefore(open.expect);
    }
  }

  /**
   * A new socket means the old one closed. CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ die with
   * it; QoS 1/2 exchanges are session state and stay pending: a resumed session resends their
   * PUBLISH or PUBREL [MQTT-4.4.0-1].
   */
  private newConnection(socket: number): void {
    for (const open of this.connectionScoped) {
      this.close(open, 'broken', open.flow.status === 'pending' ? spec.connectionClosedBefore(open.expect) : open.flow.note);
    }
    this.socket = socket;
    this.connect = undefined;
    this.connectSeen = false;
    this.pings = [];
    this.pingHead = 0;
  }

  private start(packet: LinkInput, kind: FlowKind, expect: PacketTypeName, key?: number): Open {
    const { summary: s } = packet;
    const flow: Flow = {
      id: this.all.length + 1,
      kind,
      initiator: packet.direction,
      ...(s.packetId !== undefined ? { packetId: s.packetId } : {}),
      ...(s.topic ? { topic: s.topic } : {}),
      steps: [],
      status: 'pending',
      problems: [],
    };
    this.all.push(flow);
    const open: Open = { flow, expect, socket: packet.socket };
    if (key !== undefined) this.byId.set(key, open);
    this.join(open, packet);
    this.wait(open, expect);
    return open;
  }

  private join(open: Open, packet: LinkInput, note?: string): { flow: Flow; created: boolean } {
    const { no, direction, time } = packet;
    open.flow.steps.push({ no, type: packet.summary.type, direction, time, ...(note ? { note } : {}) });
    open.socket = packet.socket;
    return { flow: open.flow, created: false };
  }

  private wait(open: Open, expect: PacketTypeName): void {
    open.expect = expect;
    open.flow.status = 'pending';
    open.flow.note = spec.waitingFor(expect);
  }

  /** Ends an exchange and frees its id, so the next PUBLISH with that id starts afresh. */
  private close(open: Open, status: 'complete' | 'broken', note?: string): void {
    open.flow.status = status;
    if (note) open.flow.note = note;
    else delete open.flow.note;
    const { kind, initiator, packetId } = open.flow;
    if (packetId !== undefined) {
      const key = idKey(kind === 'subscribe' || kind === 'unsubscribe' ? 'request' : 'publish', initiator, packetId);
      if (this.byId.get(key) === open) this.byId.delete(key);
    }
    this.connectionScoped.delete(open);
  }
}
