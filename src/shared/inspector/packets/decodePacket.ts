// Decodes one framed control packet into a tree of fields with exact byte ranges, plus the
// summary the packet list needs. The per-type decoders live in ./packets, one file per packet
// type or family; this file only reads the fixed header and dispatches.
//
// decodePacket never throws: captures hold whatever crossed the wire, garbage included, and a
// bad packet is exactly what a user opens the inspector to look at.

import type { ProtocolVersion } from '../../domain/profile';
import { ByteReader, DecodeStop } from './byteReader';
import { readRemainingLength } from './framer';
import { decodeAuth } from './auth';
import type { DecodeResult, PacketContext, PacketDecoder } from './common';
import { decodeConnack } from './connack';
import { decodeConnect } from './connect';
import { decodeDisconnect } from './disconnect';
import { readLength, readTypeAndFlags } from './fixedHeader';
import { decodePublish } from './publish';
import { pubAckDecoder } from './pubAck';
import { decodeSuback } from './suback';
import { decodeSubscribe } from './subscribe';
import { decodeUnsuback } from './unsuback';
import { decodeUnsubscribe } from './unsubscribe';
import { PACKET_TYPES, type DecodedPacket, type Direction, type Field, type PacketTypeName } from './types';

export type DecodeOptions = {
  /** The connection's protocol level; a CONNECT is decoded by the level it carries itself. */
  protocolVersion: ProtocolVersion;
  /** Show the CONNECT password instead of a mask. */
  revealSecrets?: boolean;
  /** Who sent it ('in' = the server), where a rule's clause depends on the sender. */
  direction?: Direction;
};

const nothingToDecode: PacketDecoder = () => undefined;

const DECODERS: Record<Exclude<PacketTypeName, 'RESERVED'>, PacketDecoder> = {
  CONNECT: decodeConnect,
  CONNACK: decodeConnack,
  PUBLISH: decodePublish,
  PUBACK: pubAckDecoder('PUBACK'),
  PUBREC: pubAckDecoder('PUBREC'),
  PUBREL: pubAckDecoder('PUBREL'),
  PUBCOMP: pubAckDecoder('PUBCOMP'),
  SUBSCRIBE: decodeSubscribe,
  SUBACK: decodeSuback,
  UNSUBSCRIBE: decodeUnsubscribe,
  UNSUBACK: decodeUnsuback,
  PINGREQ: nothingToDecode,
  PINGRESP: nothingToDecode,
  DISCONNECT: decodeDisconnect,
  AUTH: decodeAuth,
};

export function decodePacket(bytes: Uint8Array, options: DecodeOptions): DecodedPacket {
  try {
    return decode(bytes, options);
  } catch (error) {
    // Only a bug in a decoder gets here; the packet is still shown, as raw bytes.
    const problem = `Internal decoder error: ${formatError(error)}`;
    return {
      type: PACKET_TYPES[(bytes[0] ?? 0) >> 4] ?? 'RESERVED',
      flags: (bytes[0] ?? 0) & 0x0f,
      summary: 'could not be decoded',
      problems: [problem],
      fields: [{ name: 'Raw bytes', value: `${bytes.length} B`, start: 0, end: bytes.length, problem }],
    };
  }
}

function decode(bytes: Uint8Array, options: DecodeOptions): DecodedPacket {
  const fields: Field[] = [];
  const r = new ByteReader(bytes, options.protocolVersion, fields, options.direction);
  const flags = (bytes[0] ?? 0) & 0x0f;
  const result: DecodeResult = { summary: '' };
  const finish = (type: PacketTypeName): DecodedPacket => ({
    type,
    flags,
    ...result,
    problems: r.problems,
    fields,
    ...(r.closing ? { closes: r.closing } : {}),
  });

  if (bytes.length === 0) {
    r.problems.push('Malformed: empty frame');
    r.closing = { reasonCode: 0x81, problem: 'empty frame' };
    result.summary = 'empty frame';
    return finish('RESERVED');
  }
  const ctx: PacketContext = { flags, revealSecrets: options.revealSecrets === true, result };
  const { type, decodable } = readTypeAndFlags(r, ctx);
  const declaredEnd = readLength(r);
  if (declaredEnd === undefined) {
    r.stop(new DecodeStop('unparseable', 'follows an unreadable Remaining Length', true));
    return finish(type);
  }

  const bodyStart = r.offset;
  r.end = Math.min(declaredEnd, bytes.length);
  try {
    if (!decodable) throw new DecodeStop('unparseable', `${type} has no layout to decode`, true);
    if (type !== 'RESERVED') DECODERS[type](r, ctx);
    if (r.remaining > 0) {
      throw new DecodeStop('unparseable', `${r.remaining} B left over at the end of the ${type}`);
    }
  } catch (error) {
    if (!(error instanceof DecodeStop)) throw error;
    r.stop(error);
  }

  r.end = bytes.length;
  if (declaredEnd < bytes.length) {
    const extra = bytes.length - declaredEnd;
    r.offset = declaredEnd;
    r.stop(new DecodeStop('unparseable', `${extra} B after the end of the packet (Remaining Length ${declaredEnd - bodyStart})`));
  }
  return finish(type);
}

function formatError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The protocol level a CONNECT frame asks for (3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0), or undefined
 * when the frame is not a readable CONNECT. The capture uses it to decode the rest of a socket.
 */
export function connectProtocolVersion(bytes: Uint8Array): ProtocolVersion | undefined {
  if (bytes.length < 2 || (bytes[0] ?? 0) >> 4 !== 1) return undefined;
  const length = readRemainingLength(bytes, 1);
  if (length === undefined || 'error' in length) return undefined;
  // Protocol Name is a two-byte length and that many bytes; the level byte follows it.
  const nameAt = 1 + length.length;
  if (nameAt + 2 > bytes.length) return undefined;
  const levelAt = nameAt + 2 + (bytes[nameAt] ?? 0) * 256 + (bytes[nameAt + 1] ?? 0);
  const level = bytes[levelAt];
  return level === 3 || level === 4 || level === 5 ? level : undefined;
}
