import { describe, it, expect } from 'vitest';
import type { ProtocolVersion } from '../../src/shared/domain/profile';
import { FlowTracker, pendingFor, type Flow, type FlowUpdate } from '../../src/shared/inspector/flows';
import type { Direction, PacketSummary, PacketTypeName } from '../../src/shared/inspector/packets/types';

type Fields = Partial<Pick<PacketSummary, 'packetId' | 'qos' | 'dup' | 'retain' | 'topic' | 'reasonCode'>>;

/** A summary as the decoder would produce it, fixed-header flags included. */
function summary(type: PacketTypeName, fields: Fields = {}): PacketSummary {
  const flags =
    type === 'PUBLISH'
      ? (fields.dup ? 8 : 0) | ((fields.qos ?? 0) << 1) | (fields.retain ? 1 : 0)
      : type === 'PUBREL' || type === 'SUBSCRIBE' || type === 'UNSUBSCRIBE'
        ? 2
        : 0;
  return { type, flags, ...fields, summary: type, problems: [] };
}

const publish = (qos: 0 | 1 | 2, packetId: number | undefined, topic: string, dup = false): PacketSummary =>
  summary('PUBLISH', { qos, topic, dup, retain: false, ...(packetId !== undefined ? { packetId } : {}) });

const ack = (type: PacketTypeName, packetId: number, reasonCode?: number): PacketSummary =>
  summary(type, { packetId, ...(reasonCode !== undefined ? { reasonCode } : {}) });

/** One client's capture: numbers packets, advances time, and counts sockets like the engine does. */
class Wire {
  readonly tracker = new FlowTracker();
  private no = 0;
  private socket = 1;
  time = 1_000;

  constructor(private readonly protocolVersion?: ProtocolVersion) {}

  send(s: PacketSummary, at?: number): FlowUpdate {
    return this.add('out', s, at);
  }

  receive(s: PacketSummary, at?: number): FlowUpdate {
    return this.add('in', s, at);
  }

  reconnect(): void {
    this.socket += 1;
  }

  flowOf(update: FlowUpdate): Flow {
    const flow = update.flowId === undefined ? undefined : this.tracker.flow(update.flowId);
    if (!flow) throw new Error('the packet joined no flow');
    return flow;
  }

  private add(direction: Direction, s: PacketSummary, at?: number): FlowUpdate {
    this.no += 1;
    this.time = at ?? this.time + 10;
    return this.tracker.add({
      no: this.no,
      direction,
      time: this.time,
      socket: this.socket,
      summary: s,
      ...(this.protocolVersion ? { protocolVersion: this.protocolVersion } : {}),
    });
  }
}

/** The steps as the flow view lists them. */
const steps = (flow: Flow): string[] => flow.steps.map((s) => `${s.direction} ${s.type} @${s.time}${s.note ? ` (${s.note})` : ''}`);

describe('QoS 2 flows', () => {
  it('links an outgoing QoS 2 exchange in order, with the time of each step', () => {
    const wire = new Wire(5);
    const updates = [
      wire.send(publish(2, 1, 'home/kitchen'), 1_000),
      wire.receive(ack('PUBREC', 1), 1_012.5),
      wire.send(ack('PUBREL', 1), 1_013),
      wire.receive(ack('PUBCOMP', 1), 1_030.25),
    ];

    const flow = wire.flowOf(updates[0]!);
    expect(updates.map((u) => [u.flowId, u.created, u.problems])).toEqual([
      [flow.id, true, []],
      [flow.id, false, []],
      [flow.id, false, []],
      [flow.id, false, []],
    ]);
    expect(flow).toMatchObject({ kind: 'qos2', initiator: 'out', packetId: 1, topic: 'home/kitchen', status: 'complete', problems: [] });
    expect(flow.note).toBeUndefined();
    expect(steps(flow)).toEqual(['out PUBLISH @1000', 'in PUBREC @1012.5', 'out PUBREL @1013', 'in PUBCOMP @1030.25']);
    expect([1, 2, 3, 4].map((no) => wire.tracker.flowOf(no)?.id)).toEqual([flow.id, flow.id, flow.id, flow.id]);
  });

  it('links an incoming QoS 2 delivery, acknowledged by us', () => {
    const wire = new Wire(4);
    const first = wire.receive(publish(2, 300, 'alerts/fire'));
    wire.send(ack('PUBREC', 300));
    wire.receive(ack('PUBREL', 300));
    const last = wire.send(ack('PUBCOMP', 300));

    const flow = wire.flowOf(first);
    expect(last.flowId).toBe(flow.id);
    expect(flow).toMatchObject({ kind: 'qos2', initiator: 'in', packetId: 300, status: 'complete', problems: [] });
    expect(flow.steps.map((s) => `${s.direction} ${s.type}`)).toEqual(['in PUBLISH', 'out PUBREC', 'in PUBREL', 'out PUBCOMP']);
  });

  it('keeps exchanges in each direction apart when both sides use packet id 1 at once', () => {
    const wire = new Wire(5);
    const ours = wire.send(publish(2, 1, 'ours'));
    const theirs = wire.receive(publish(1, 1, 'theirs'));
    const all = [wire.send(ack('PUBACK', 1)), wire.receive(ack('PUBREC', 1)), wire.send(ack('PUBREL', 1)), wire.receive(ack('PUBCOMP', 1))];

    expect(all.flatMap((u) => u.problems)).toEqual([]);
    expect(all.map((u) => u.flowId)).toEqual([theirs.flowId, ours.flowId, ours.flowId, ours.flowId]);
    expect(steps(wire.flowOf(theirs)).map((s) => s.split(' @')[0])).toEqual(['in PUBLISH', 'out PUBACK']);
    expect(wire.flowOf(theirs).status).toBe('complete');
    expect(wire.flowOf(ours).steps).toHaveLength(4);
    expect(wire.flowOf(ours).status).toBe('complete');
  });

  it('shows an exchange whose PUBCOMP never came as waiting, for longer as time passes', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(2, 5, 'a'), 2_000));
    wire.receive(ack('PUBREC', 5), 2_010);
    wire.send(ack('PUBREL', 5), 2_020);

    expect(flow.status).toBe('pending');
    expect(flow.note).toBe('waiting for PUBCOMP');
    expect(pendingFor(flow, 5_220)).toBe(3_200);
    expect(pendingFor(flow, 12_020)).toBe(10_000);

    wire.receive(ack('PUBCOMP', 5), 12_500);
    expect(flow.status).toBe('complete');
    expect(pendingFor(flow, 20_000)).toBe(0);
  });

  it('ends the exchange as broken at a v5 PUBREC 0x80, and the id is free again', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(2, 8, 'restricted')));
    const pubrec = wire.receive(ack('PUBREC', 8, 0x80));

    expect(pubrec.problems).toEqual([]);
    expect(flow.status).toBe('broken');
    expect(flow.note).toBe('PUBREC reason 0x80 (Unspecified error): the exchange ends here, no PUBREL follows');

    // [MQTT-4.3.3-9] after a failing PUBREC the id starts a new message.
    const next = wire.send(publish(2, 8, 'restricted'));
    expect(next).toMatchObject({ created: true, problems: [] });
    expect(next.flowId).not.toBe(flow.id);
  });

  it('treats a v5 PUBREC below 0x80 (0x10, no matching subscribers) as success', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(2, 2, 'nobody/listens')));
    wire.receive(ack('PUBREC', 2, 0x10));
    expect(flow.note).toBe('waiting for PUBREL');
  });

  it('accepts a repeated PUBREC after a resent PUBLISH and says so on the step', () => {
    const wire = new Wire(4);
    const flow = wire.flowOf(wire.send(publish(2, 3, 'a')));
    wire.receive(ack('PUBREC', 3));
    wire.reconnect();
    const resent = wire.send(publish(2, 3, 'a', true));
    const again = wire.receive(ack('PUBREC', 3));
    wire.send(ack('PUBREL', 3));
    wire.receive(ack('PUBCOMP', 3));

    expect([...resent.problems, ...again.problems]).toEqual([]);
    expect(steps(flow).map((s) => s.replace(/ @\d+/, ''))).toEqual([
      'out PUBLISH',
      'in PUBREC',
      'out PUBLISH (resent (DUP=1))',
      'in PUBREC (PUBREC again (answers a resent PUBLISH) [MQTT-4.3.3-10])',
      'out PUBREL',
      'in PUBCOMP',
    ]);
    expect(flow.status).toBe('complete');
  });

  it('flags a PUBREL that no PUBREC preceded', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(2, 6, 'a')));
    const pubrel = wire.send(ack('PUBREL', 6));
    expect(pubrel.problems).toEqual(['PUBREL for packet id 6 before any PUBREC [MQTT-4.3.3-4]']);
    expect(flow.problems).toEqual(pubrel.problems);
    expect(flow.note).toBe('waiting for PUBCOMP');
  });

  it('follows a PUBREL for an unknown id until its PUBCOMP, flagging it once', () => {
    const wire = new Wire(5);
    const pubrel = wire.receive(ack('PUBREL', 40));
    expect(pubrel.problems).toEqual(['PUBREL for unknown packet id 40']);
    const flow = wire.flowOf(pubrel);
    expect(flow).toMatchObject({ kind: 'qos2', initiator: 'in', status: 'pending', note: 'waiting for PUBCOMP' });

    const pubcomp = wire.send(ack('PUBCOMP', 40, 0x92));
    expect(pubcomp.problems).toEqual([]);
    expect(flow.status).toBe('broken');
    expect(flow.note).toContain('PUBCOMP reason 0x92 (Packet identifier not found)');
  });
});

describe('QoS 1 flows', () => {
  it('links PUBLISH to PUBACK, and a later PUBLISH reusing the finished id starts a new flow', () => {
    const wire = new Wire(4);
    const first = wire.send(publish(1, 9, 'sensors/t'), 5_000);
    wire.receive(ack('PUBACK', 9), 5_004);
    const flow = wire.flowOf(first);
    expect(flow).toMatchObject({ kind: 'qos1', initiator: 'out', packetId: 9, topic: 'sensors/t', status: 'complete', problems: [] });
    expect(steps(flow)).toEqual(['out PUBLISH @5000', 'in PUBACK @5004']);

    const second = wire.send(publish(1, 9, 'sensors/t'));
    expect(second).toMatchObject({ created: true, problems: [] });
    expect(wire.tracker.flows()).toHaveLength(2);
  });

  it('ends the exchange as broken at a v5 PUBACK 0x87', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(1, 1, 'secret')));
    wire.receive(ack('PUBACK', 1, 0x87));
    expect(flow.status).toBe('broken');
    expect(flow.note).toBe('PUBACK reason 0x87 (Not authorized): the receiver did not accept the message');
  });

  it('leaves QoS 0 messages out of flows', () => {
    const wire = new Wire(4);
    expect(wire.send(publish(0, undefined, 'fire/and/forget'))).toEqual({ created: false, problems: [] });
    expect(wire.tracker.flows()).toEqual([]);
  });
});

describe('connection, subscription and keepalive flows', () => {
  it('links CONNECT/CONNACK, SUBSCRIBE/SUBACK, UNSUBSCRIBE/UNSUBACK and PINGREQ/PINGRESP', () => {
    const wire = new Wire(4);
    wire.send(summary('CONNECT'));
    wire.receive(summary('CONNACK', { reasonCode: 0 }));
    wire.send(summary('SUBSCRIBE', { packetId: 1, topic: 'home/#' }));
    wire.send(summary('UNSUBSCRIBE', { packetId: 2, topic: 'old/#' }));
    wire.receive(ack('SUBACK', 1));
    wire.receive(ack('UNSUBACK', 2));
    wire.send(summary('PINGREQ'));
    wire.receive(summary('PINGRESP'));

    const shown = wire.tracker.flows().map((f) => ({ kind: f.kind, topic: f.topic, status: f.status, steps: f.steps.map((s) => s.no) }));
    expect(shown).toEqual([
      { kind: 'connect', topic: undefined, status: 'complete', steps: [1, 2] },
      { kind: 'subscribe', topic: 'home/#', status: 'complete', steps: [3, 5] },
      { kind: 'unsubscribe', topic: 'old/#', status: 'complete', steps: [4, 6] },
      { kind: 'ping', topic: undefined, status: 'complete', steps: [7, 8] },
    ]);
    expect(wire.tracker.flows().flatMap((f) => f.problems)).toEqual([]);
  });

  it('shows a refused connection as broken with the refusal', () => {
    const wire = new Wire(4);
    const flow = wire.flowOf(wire.send(summary('CONNECT')));
    wire.receive(summary('CONNACK', { reasonCode: 5 }));
    expect(flow.status).toBe('broken');
    expect(flow.note).toBe('Connection refused: Not authorized (CONNACK 5)');
  });

  it('flags a PINGRESP nobody asked for and a second CONNECT on one connection', () => {
    const wire = new Wire(5);
    wire.send(summary('CONNECT'));
    wire.receive(summary('CONNACK', { reasonCode: 0 }));
    expect(wire.receive(summary('PINGRESP')).problems).toEqual(['PINGRESP without a pending PINGREQ']);
    expect(wire.send(summary('CONNECT')).problems).toEqual(['Second CONNECT on the same connection [MQTT-3.1.0-2]']);
  });

  it('shows a pending SUBSCRIBE as broken once the client sends DISCONNECT', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(summary('SUBSCRIBE', { packetId: 4, topic: 'a/#' })));
    wire.send(summary('DISCONNECT'));
    expect(flow).toMatchObject({ status: 'broken', note: 'connection closed before SUBACK' });
  });
});

describe('reconnects', () => {
  it('leaves a QoS 2 exchange pending and breaks the CONNECT whose CONNACK never came when the broker goes away', () => {
    const wire = new Wire(5);
    wire.send(summary('CONNECT'));
    wire.receive(summary('CONNACK', { reasonCode: 0 }));
    const qos2 = wire.flowOf(wire.send(publish(2, 11, 'jobs')));
    wire.receive(ack('PUBREC', 11));
    const sub = wire.flowOf(wire.send(summary('SUBSCRIBE', { packetId: 12, topic: 'x' })));
    wire.reconnect();
    const handshake = wire.flowOf(wire.send(summary('CONNECT')));
    wire.reconnect();
    wire.send(summary('CONNECT'));

    expect(sub).toMatchObject({ status: 'broken', note: 'connection closed before SUBACK' });
    expect(handshake).toMatchObject({ status: 'broken', note: 'connection closed before CONNACK' });
    expect(qos2).toMatchObject({ status: 'pending', note: 'waiting for PUBREL' });
    // An ack for the dead subscription is no longer matched.
    expect(wire.receive(ack('SUBACK', 12)).problems).toEqual(['SUBACK for unknown packet id 12']);
  });

  it('joins a PUBLISH resent with DUP=1 after reconnecting to its flow, which then completes', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(1, 7, 'orders', false), 1_000));
    wire.reconnect();
    wire.send(summary('CONNECT'), 2_000);
    wire.receive(summary('CONNACK', { reasonCode: 0 }), 2_005);
    const resent = wire.send(publish(1, 7, 'orders', true), 2_006);
    const puback = wire.receive(ack('PUBACK', 7), 2_010);

    expect(resent).toEqual({ flowId: flow.id, created: false, problems: [] });
    expect(puback.flowId).toBe(flow.id);
    expect(steps(flow)).toEqual(['out PUBLISH @1000', 'out PUBLISH @2006 (resent (DUP=1))', 'in PUBACK @2010']);
    expect(flow).toMatchObject({ status: 'complete', problems: [] });
  });

  it('takes a different message on a carried-over id as a session that was not resumed, not as reuse', () => {
    const wire = new Wire(5);
    const old = wire.flowOf(wire.send(publish(1, 1, 'before')));
    wire.reconnect();
    const fresh = wire.send(publish(1, 1, 'after'));
    expect(fresh).toMatchObject({ created: true, problems: [] });
    expect(old.status).toBe('broken');
    expect(old.note).toMatch(/^not resumed after reconnecting/);
  });
});

describe('cross-packet checks', () => {
  it('flags a resent PUBLISH without DUP=1 but still links it', () => {
    const wire = new Wire(4);
    const flow = wire.flowOf(wire.send(publish(2, 21, 'a/b')));
    wire.reconnect();
    const resent = wire.send(publish(2, 21, 'a/b', false));
    expect(resent.problems).toEqual(['Resent PUBLISH without DUP=1 [MQTT-3.3.1-1]']);
    expect(resent.flowId).toBe(flow.id);
    expect(flow.problems).toEqual(['Resent PUBLISH without DUP=1 [MQTT-3.3.1-1]']);
  });

  it('flags a resend on a live connection under MQTT 5 only', () => {
    const v5 = new Wire(5);
    v5.send(publish(1, 1, 'a'));
    expect(v5.send(publish(1, 1, 'a', true)).problems).toEqual([
      'PUBLISH resent on the same connection; MQTT 5 resends only after reconnecting [MQTT-4.4.0-1]',
    ]);
    const v311 = new Wire(4);
    v311.send(publish(1, 1, 'a'));
    expect(v311.send(publish(1, 1, 'a', true)).problems).toEqual([]);
  });

  it('flags a new message that reuses an id still in flight, citing the clause of the version and sender', () => {
    const wire = new Wire(5);
    const first = wire.flowOf(wire.send(publish(1, 4, 'first')));
    const second = wire.send(publish(1, 4, 'second'));
    expect(second.problems).toEqual(['Packet id 4 reused while in flight [MQTT-2.2.1-3]']);
    expect(second.created).toBe(true);
    expect(first.status).toBe('broken');
    expect(first.note).toBe('packet id 4 was reused by #2 before this exchange finished');
    // The PUBACK goes to the newest use of the id.
    expect(wire.receive(ack('PUBACK', 4)).flowId).toBe(second.flowId);

    const broker = new Wire(4);
    broker.receive(publish(2, 4, 'x'));
    expect(broker.receive(publish(1, 4, 'x')).problems).toEqual(['Packet id 4 reused while in flight [MQTT-2.3.1-4]']);
  });

  it('flags a SUBSCRIBE that takes an id an unfinished PUBLISH holds, and still pairs both acks', () => {
    const wire = new Wire(4);
    const pub = wire.send(publish(1, 5, 'a'));
    const sub = wire.send(summary('SUBSCRIBE', { packetId: 5, topic: 'b' }));
    expect(sub.problems).toEqual(['Packet id 5 reused while in flight [MQTT-2.3.1-2]']);
    expect(wire.receive(ack('SUBACK', 5)).flowId).toBe(sub.flowId);
    expect(wire.receive(ack('PUBACK', 5)).flowId).toBe(pub.flowId);
  });

  it('flags acks for ids with no open exchange', () => {
    const wire = new Wire(5);
    expect(wire.receive(ack('PUBACK', 77))).toEqual({ created: false, problems: ['PUBACK for unknown packet id 77'] });
    expect(wire.receive(ack('PUBCOMP', 78)).problems).toEqual(['PUBCOMP for unknown packet id 78']);
    expect(wire.receive(ack('UNSUBACK', 79)).problems).toEqual(['UNSUBACK for unknown packet id 79']);
    // Acked once, the id is closed: a second PUBACK is unknown too.
    wire.send(publish(1, 80, 'a'));
    wire.receive(ack('PUBACK', 80));
    expect(wire.receive(ack('PUBACK', 80)).problems).toEqual(['PUBACK for unknown packet id 80']);
    expect(wire.tracker.flows()).toHaveLength(1);
  });

  it('flags an ack of the wrong kind for the exchange holding the id', () => {
    const wire = new Wire(5);
    const flow = wire.flowOf(wire.send(publish(2, 9, 'a')));
    expect(wire.receive(ack('PUBACK', 9)).problems).toEqual(['PUBACK for packet id 9, whose exchange is waiting for PUBREC']);
    expect(flow.status).toBe('pending');
  });
});

describe('volume', () => {
  it('links 200,000 packets in both directions, reusing each finished id many times', () => {
    const tracker = new FlowTracker();
    let no = 0;
    const problems: string[] = [];
    const add = (direction: Direction, s: PacketSummary): void => {
      problems.push(...tracker.add({ no: ++no, direction, time: no, socket: 1, summary: s, protocolVersion: 5 }).problems);
    };
    for (let i = 0; i < 50_000; i += 1) {
      // Ids cycle through 1..1000 per direction, so every id is reused 25-50 times after completing.
      const id = (i % 1000) + 1;
      if (i % 2 === 0) {
        add('out', publish(2, id, 'load/out'));
        add('in', ack('PUBREC', id));
        add('out', ack('PUBREL', id));
        add('in', ack('PUBCOMP', id));
      } else {
        add('in', publish(1, id, 'load/in'));
        add('in', publish(1, id + 1000, 'load/in'));
        add('out', ack('PUBACK', id + 1000));
        add('out', ack('PUBACK', id));
      }
    }
    expect(no).toBe(200_000);
    expect(problems).toEqual([]);
    const flows = tracker.flows();
    expect(flows).toHaveLength(75_000);
    expect(flows.filter((f) => f.kind === 'qos2' && f.initiator === 'out' && f.status === 'complete')).toHaveLength(25_000);
    expect(flows.filter((f) => f.kind === 'qos1' && f.initiator === 'in' && f.status === 'complete')).toHaveLength(50_000);
    expect(tracker.flowOf(200_000)?.steps.map((s) => s.no)).toEqual([199_997, 200_000]);
  });
});
