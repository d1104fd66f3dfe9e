// Mutation fuzzing of the framer, decoder and protocol guard: captures hold whatever crossed the
// wire and the engine judges whatever a broker sends, so none may throw on any input, and every
// field must point inside the frame it describes.
// FUZZ_ITERATIONS (default 100,000) and FUZZ_SEED reproduce or extend a run.
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../src/shared/inspector/packets/decodePacket';
import { Framer } from '../../src/shared/inspector/packets/framer';
import { ProtocolGuard } from '../../src/shared/inspector/protocolGuard';
import { PACKET_TYPES, type Field } from '../../src/shared/inspector/packets/types';
import { mulberry32 } from '../support/random';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2024);


function corpus(): Uint8Array[] {
  const props = { reasonString: 'r', userProperties: { k: 'v' } };
  const will = { topic: 'w/t', payload: Buffer.from('bye'), qos: 1 as const, retain: true };
  const byVersion = (version: 3 | 4 | 5): mqttPacket.Packet[] => [
    {
      cmd: 'connect', protocolId: version === 3 ? 'MQIsdp' : 'MQTT', protocolVersion: version, clientId: 'fuzz', keepalive: 60,
      clean: true, username: 'u', password: Buffer.from('p'),
      will: version === 5 ? { ...will, properties: { willDelayInterval: 5, contentType: 'c', correlationData: Buffer.from([1]) } } : will,
      ...(version === 5 ? { properties: { sessionExpiryInterval: 10, receiveMaximum: 5, authenticationMethod: 'm', userProperties: { a: 'b' } } } : {}),
    },
    { cmd: 'connack', returnCode: 0, reasonCode: 0, sessionPresent: true, ...(version === 5 ? { properties: { topicAliasMaximum: 3, assignedClientIdentifier: 'x', maximumQoS: 1 } } : {}) },
    {
      cmd: 'publish', topic: 'home/kitchen', payload: Buffer.from('21.5 °C'), qos: 2, messageId: 7, dup: false, retain: true,
      ...(version === 5 ? { properties: { payloadFormatIndicator: true, topicAlias: 2, subscriptionIdentifier: 9, correlationData: Buffer.from('id') } } : {}),
    },
    { cmd: 'publish', topic: 'a', payload: Buffer.from([0, 255, 1]), qos: 0, dup: false, retain: false },
    ...(['puback', 'pubrec', 'pubrel', 'pubcomp'] as const).map((cmd) => ({ cmd, messageId: 7, ...(version === 5 ? { reasonCode: 0x10, properties: props } : {}) })),
    {
      cmd: 'subscribe', messageId: 3,
      subscriptions: [{ topic: 'a/#', qos: 1 as const, nl: true, rap: true, rh: 2 as const }, { topic: '+/b', qos: 2 as const }],
      ...(version === 5 ? { properties: { subscriptionIdentifier: 4 } } : {}),
    },
    { cmd: 'suback', messageId: 3, granted: [0, 1, 128], ...(version === 5 ? { properties: props } : {}) },
    { cmd: 'unsubscribe', messageId: 4, unsubscriptions: ['a/#', 'c'], ...(version === 5 ? { properties: { userProperties: { a: 'b' } } } : {}) },
    { cmd: 'unsuback', messageId: 4, granted: version === 5 ? [0, 17] : [], ...(version === 5 ? { properties: props } : {}) },
    { cmd: 'pingreq' },
    { cmd: 'pingresp' },
    { cmd: 'disconnect', ...(version === 5 ? { reasonCode: 0x8b, properties: { sessionExpiryInterval: 0, serverReference: 's' } } : {}) },
    ...(version === 5 ? [{ cmd: 'auth' as const, reasonCode: 0x18, properties: { authenticationMethod: 'm', authenticationData: Buffer.from([1, 2]) } }] : []),
  ];
  return ([3, 4, 5] as const).flatMap((version) => byVersion(version).map((packet) => new Uint8Array(mqttPacket.generate(packet, { protocolVersion: version }))));
}

type Rng = () => number;
const int = (rng: Rng, below: number) => Math.floor(rng() * below);

function randomBytes(rng: Rng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => int(rng, 256));
}

function mutate(rng: Rng, input: Uint8Array, frames: readonly Uint8Array[]): Uint8Array {
  let bytes = Array.from(input);
  const at = () => int(rng, bytes.length + 1);
  for (let n = 1 + int(rng, 4); n > 0; n--) {
    switch (int(rng, 7)) {
      case 0: { // bit flip
        const k = int(rng, bytes.length);
        if (bytes.length) bytes[k] = (bytes[k] ?? 0) ^ (1 << int(rng, 8));
        break;
      }
      case 1: // byte replacement, favouring the values parsers care about
        if (bytes.length) bytes[int(rng, bytes.length)] = [0x00, 0x7f, 0x80, 0xff, int(rng, 256)][int(rng, 5)] ?? 0;
        break;
      case 2: // insertion
        bytes.splice(at(), 0, ...randomBytes(rng, 1 + int(rng, 8)));
        break;
      case 3: // deletion
        bytes.splice(int(rng, bytes.length), 1 + int(rng, 8));
        break;
      case 4: // truncation
        bytes = bytes.slice(0, at());
        break;
      case 5: // splice in part of another frame
        {
          const other = frames[int(rng, frames.length)] ?? new Uint8Array();
          const from = int(rng, other.length + 1);
          bytes.splice(at(), 0, ...other.subarray(from, from + int(rng, 32)));
        }
        break;
      default: // a random Remaining Length, often far from the real one
        if (bytes.length > 1) bytes[1] = int(rng, 256);
    }
  }
  return Uint8Array.from(bytes);
}

/** Returns what is wrong with a decoded frame's fields, or undefined. */
function checkFields(fields: readonly Field[], length: number): string | undefined {
  let tiled = 0;
  for (const field of fields) {
    if (field.start !== tiled) return `${field.name} starts at ${field.start}, expected ${tiled}`;
    tiled = field.end;
  }
  if (tiled !== length) return `fields end at ${tiled}, frame is ${length} B`;
  const visit = (list: readonly Field[], low: number, high: number): string | undefined => {
    for (const field of list) {
      if (!(low <= field.start && field.start <= field.end && field.end <= high)) {
        return `${field.name} [${field.start}, ${field.end}) outside [${low}, ${high})`;
      }
      if (typeof field.value !== 'string') return `${field.name} has no string value`;
      const inner = field.children && visit(field.children, field.start, field.end);
      if (inner) return inner;
    }
    return undefined;
  };
  return visit(fields, 0, length);
}

function checkDecode(bytes: Uint8Array, protocolVersion: 3 | 4 | 5, revealSecrets: boolean): string | undefined {
  const decoded = decodePacket(bytes, { protocolVersion, revealSecrets });
  if (!PACKET_TYPES.includes(decoded.type)) return `unknown type ${decoded.type}`;
  const internal = decoded.problems.find((problem) => problem.startsWith('Internal decoder error'));
  if (internal) return internal;
  return checkFields(decoded.fields, bytes.length);
}

describe('fuzz', () => {
  it(`framer and decoder survive ${ITERATIONS} mutated frames (seed ${SEED})`, { timeout: 120_000 }, () => {
    const rng = mulberry32(SEED);
    const frames = corpus();
    let framer = new Framer();
    let streamIn: number[] = [];
    let streamOut: number[] = [];
    const fail = (iteration: number, bytes: Uint8Array, message: string) => {
      throw new Error(`iteration ${iteration} (FUZZ_SEED=${SEED}): ${message}; bytes ${Buffer.from(bytes).toString('hex')}`);
    };

    for (let i = 0; i < ITERATIONS; i++) {
      const garbage = rng() < 0.1;
      const base = frames[int(rng, frames.length)] ?? new Uint8Array();
      const bytes = garbage ? randomBytes(rng, int(rng, 64)) : mutate(rng, base, frames);
      const version = ([3, 4, 5] as const)[int(rng, 3)] ?? 4;

      let problem: string | undefined;
      try {
        problem = checkDecode(bytes, version, rng() < 0.5);
      } catch (error) {
        problem = `decodePacket threw ${String(error)}`;
      }
      if (problem) fail(i, bytes, problem);

      // The same bytes as part of a stream, in one to three chunks.
      const cut1 = int(rng, bytes.length + 1);
      const cut2 = cut1 + int(rng, bytes.length - cut1 + 1);
      streamIn.push(...bytes);
      for (const chunk of [bytes.subarray(0, cut1), bytes.subarray(cut1, cut2), bytes.subarray(cut2)]) {
        let out;
        try {
          out = framer.push(chunk);
        } catch (error) {
          return fail(i, bytes, `Framer.push threw ${String(error)}`);
        }
        for (const frame of out) {
          streamOut.push(...frame.bytes);
          const frameProblem = checkDecode(frame.bytes, version, false);
          if (frameProblem) fail(i, frame.bytes, `framed: ${frameProblem}`);
        }
      }
      // Framing neither loses nor invents bytes: what came out is a prefix of what went in.
      if (i % 64 === 63) {
        const prefix = streamIn.slice(0, streamOut.length);
        if (streamOut.length > streamIn.length || prefix.some((byte, k) => byte !== streamOut[k])) {
          fail(i, bytes, 'framer output is not a prefix of its input');
        }
        framer = new Framer();
        streamIn = [];
        streamOut = [];
      }
    }
    expect(ITERATIONS).toBeGreaterThan(0);
  });

  it(`the protocol guard survives ${ITERATIONS} mutated frames and never passes on more than it got`, { timeout: 120_000 }, () => {
    const rng = mulberry32(SEED);
    const frames = corpus();
    let guard = new ProtocolGuard(4);
    for (let i = 0; i < ITERATIONS; i++) {
      const base = frames[int(rng, frames.length)] ?? new Uint8Array();
      const bytes = rng() < 0.1 ? randomBytes(rng, int(rng, 64)) : mutate(rng, base, frames);
      const cut = int(rng, bytes.length + 1);
      const outgoing = rng() < 0.2;
      for (const chunk of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        try {
          if (outgoing) guard.sent(chunk);
          else {
            const { accepted } = guard.received(chunk);
            if (!(accepted >= 0 && accepted <= chunk.length)) throw new Error(`accepted ${accepted} of ${chunk.length} B`);
          }
        } catch (error) {
          throw new Error(`iteration ${i} (FUZZ_SEED=${SEED}): ${String(error)}; bytes ${Buffer.from(bytes).toString('hex')}`);
        }
      }
      // A guard stops judging after its first violation, so start over often.
      if (i % 16 === 15) guard = new ProtocolGuard(([3, 4, 5] as const)[int(rng, 3)] ?? 4);
    }
    expect(ITERATIONS).toBeGreaterThan(0);
  });
});
